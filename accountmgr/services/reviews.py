"""Monitoring and feedback (step l): dated reviews with satisfaction by driver, key drivers and the trend.

Satisfaction model of the source texts: loyalty ← satisfaction ← drivers. Each
review scores the drivers (importance to the customer 1–5, our score and the
main competitor's 0–10); the key drivers are where to act.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import SATISFACTION_DRIVERS, Account, Review, ReviewDriver
from accountmgr.queries import reviews as queries
from accountmgr.services import activity, clock, records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels(
    {
        "reviewed_on": "Date of the review",
        "satisfaction": "Satisfaction",
        "loyalty": "Loyalty",
        "profitability_pct": "Profitability",
        "project_progress": "Project progress",
        "learned": "What we learned",
        "next_steps": "Next steps",
        "driver": "Driver",
        "importance": "Importance",
        "our_score": "Our score",
        "competitor_score": "Competitor's score",
        "perceived_quality": "Perceived quality",
        "technical_quality": "Technical quality",
    }
)

REVIEW_FIELDS: dict[str, v.Converter] = {
    "reviewed_on": v.date_(required=True),
    "satisfaction": v.integer(0, 10),
    "loyalty": v.integer(0, 10),
    "profitability_pct": v.integer(-100, 100),
    "project_progress": v.percentage(),
    "learned": v.text(multiline=True),
    "next_steps": v.text(multiline=True),
    "perceived_quality": v.integer(0, 10),
    "technical_quality": v.integer(0, 10),
}
"""Every editable field of a review and how its input is checked (satisfaction, loyalty and the two qualities
0–10, margin in %)."""

DRIVER_FIELDS: dict[str, v.Converter] = {
    "driver": v.text(required=True, max_length=80),
    "importance": v.integer(1, 5, required=True),
    "our_score": v.integer(0, 10),
    "competitor_score": v.integer(0, 10),
}
"""One satisfaction driver of a review: importance 1–5, scores 0–10."""

IMPORTANT = 4
"""Importance (of 5) from which a driver counts as important to the customer."""

PASS_MARK = 6
"""Without a competitor score, our score is measured against this pass mark."""

KEY_DRIVER_RULE = (
    f"A key driver matters to the customer (importance {IMPORTANT} or 5) and shows a gap: the main competitor "
    f"scores higher than we do, or, where no competitor score is known, we score below {PASS_MARK}. "
    "The widest gap comes first: that is where to act."
)


@dataclass(frozen=True)
class KeyDriver:
    driver: str
    importance: int
    our_score: int | None
    competitor_score: int | None
    gap: int
    reason: str


@dataclass(frozen=True)
class TrendPoint:
    """One review in the account's history, oldest first."""

    review_id: int
    reviewed_on: Any
    satisfaction: int | None
    loyalty: int | None
    profitability_pct: int | None
    project_progress: int | None


def default_drivers() -> list[dict[str, Any]]:
    """The drivers a new review starts with (editable): the source's satisfaction drivers, importance 3."""
    return [{"driver": name, "importance": 3, "our_score": None, "competitor_score": None} for name in SATISFACTION_DRIVERS]


def starting_drivers(db: Database, account_id: int) -> list[dict[str, Any]]:
    """What a new review of the account starts from: the previous review's drivers and importances, scores blank.

    The customer's priorities do not reset between reviews (Reliability 5/5 stays 5/5); only the scores are
    measured anew. The first review starts from the source's drivers at importance 3.
    """
    with db.session() as session:
        previous = next(iter(queries.newest_first(session, account_id)), None)
        rows = queries.drivers(session, previous.id) if previous is not None else []
    if not rows:
        return default_drivers()
    return [{"driver": r.driver, "importance": r.importance, "our_score": None, "competitor_score": None}
            for r in rows]


def gap_text(ours: int | None, theirs: int | None) -> str:
    """The gap to the competitor in words: "competitor ahead by 1", "we lead by 2", "level", or "—"."""
    if ours is None or theirs is None:
        return "—"
    if theirs > ours:
        return f"competitor ahead by {theirs - ours}"
    if ours > theirs:
        return f"we lead by {ours - theirs}"
    return "level"


def _clean_drivers(drivers: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, raw in enumerate(drivers, start=1):
        try:
            values = v.clean(raw, DRIVER_FIELDS)
        except DomainError as exc:
            raise DomainError(f"Driver {index}: {exc.message}", exc.field) from None
        key = values["driver"].lower()
        if key in seen:
            raise DomainError(f"The driver “{values['driver']}” is listed twice.", "driver")
        seen.add(key)
        cleaned.append(values)
    return cleaned


def _describe(row: Review) -> str:
    return f"review of {row.reviewed_on:%Y-%m-%d}"


def list_reviews(db: Database, account_id: int) -> list[Review]:
    """The account's reviews, newest first."""
    with db.session() as session:
        return queries.newest_first(session, account_id)


def get_review(db: Database, review_id: int) -> Review:
    with db.session() as session:
        return records.fetch(session, Review, review_id, "review")


def review_drivers(db: Database, review_id: int) -> list[ReviewDriver]:
    with db.session() as session:
        return queries.drivers(session, review_id)


def create_review(
    db,  # noqa: ANN001
    account_id: int,
    raw: Mapping[str, Any],
    drivers: Sequence[Mapping[str, Any]] | None = None,
) -> Review:
    """Record a review (drivers default to the previous review's, see starting_drivers); the newest review sets the
    account's satisfaction."""
    raw = {"reviewed_on": clock.today(), **raw}
    driver_values = _clean_drivers(starting_drivers(db, account_id) if drivers is None else drivers)
    with db.session() as session:
        account = records.fetch(session, Account, account_id, "account")
        review = records.insert(
            session, Review, raw, REVIEW_FIELDS, entity="review", account_id=account_id, describe=_describe,
            extra={"account_id": account_id},
        )
        for values in driver_values:
            session.add(ReviewDriver(review_id=review.id, **values))
        session.flush()
        _sync_satisfaction(session, account)
        return review


def update_review(
    db, review_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> Review:
    with db.session() as session:
        review = records.fetch(session, Review, review_id, "review")
        account = records.fetch(session, Account, review.account_id, "account")
        records.update(session, review, raw, REVIEW_FIELDS, entity="review", account_id=review.account_id,
                       describe=_describe, seen=seen)
        _sync_satisfaction(session, account)
        return review


def set_drivers(db: Database, review_id: int, drivers: Sequence[Mapping[str, Any]]) -> list[ReviewDriver]:
    """Replace a review's driver list as a whole (all valid, or nothing changes)."""
    driver_values = _clean_drivers(drivers)
    with db.session() as session:
        review = records.fetch(session, Review, review_id, "review")
        old = queries.drivers(session, review_id)
        before = {row.driver: [row.importance, row.our_score, row.competitor_score] for row in old}
        after = {d["driver"]: [d["importance"], d["our_score"], d["competitor_score"]] for d in driver_values}
        if before == after:
            return old
        for row in old:
            session.delete(row)
        session.flush()
        rows = [ReviewDriver(review_id=review_id, **values) for values in driver_values]
        session.add_all(rows)
        session.flush()
        activity.record(
            session, entity="review", action="updated", summary=f"Changed the drivers of the {_describe(review)}",
            account_id=review.account_id, entity_id=review.id, changes=activity.diff(before, after),
        )
        return rows


def delete_review(db: Database, review_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        review = records.fetch(session, Review, review_id, "review")
        account = records.fetch(session, Account, review.account_id, "account")
        records.delete(session, review, entity="review", account_id=review.account_id, describe=_describe(review),
                       seen_version=seen_version)
        _sync_satisfaction(session, account)


def _sync_satisfaction(session: Session, account: Account) -> None:
    """The account's satisfaction is the latest review's that has a score."""
    latest = queries.latest_satisfaction(session, account.id)
    if latest is None or latest == account.satisfaction:
        return
    records.update(
        session, account, {"satisfaction": latest}, {"satisfaction": v.integer(0, 10)},
        entity="account", account_id=account.id, describe=lambda a: f"account {a.name}",
    )


def key_drivers(drivers: Iterable[ReviewDriver | Mapping[str, Any]]) -> list[KeyDriver]:
    """The drivers to act on (see KEY_DRIVER_RULE), widest gap first."""
    found: list[KeyDriver] = []
    for item in drivers:
        get = item.get if isinstance(item, Mapping) else lambda name, _i=item: getattr(_i, name)
        importance, ours, theirs = get("importance"), get("our_score"), get("competitor_score")
        if importance is None or importance < IMPORTANT or ours is None:
            continue
        if theirs is not None:
            gap = theirs - ours
            reason = f"the competitor scores {theirs}, we score {ours}"
        else:
            gap = PASS_MARK - ours
            reason = f"we score {ours}, below the pass mark of {PASS_MARK}"
        if gap > 0:
            found.append(KeyDriver(str(get("driver")), importance, ours, theirs, gap, f"Importance {importance}; {reason}."))
    return sorted(found, key=lambda k: (-k.gap, -k.importance, k.driver.lower()))


def driver_gap(driver: ReviewDriver) -> int | None:
    """Competitor minus us (positive: we trail), None when either score is missing."""
    if driver.our_score is None or driver.competitor_score is None:
        return None
    return driver.competitor_score - driver.our_score


def trend(db: Database, account_id: int) -> list[TrendPoint]:
    """Every review's headline figures, oldest first."""
    with db.session() as session:
        return [
            TrendPoint(r.id, r.reviewed_on, r.satisfaction, r.loyalty, r.profitability_pct, r.project_progress)
            for r in queries.oldest_first(session, account_id)
        ]


def direction(values: Sequence[int | None]) -> str:
    """'rising', 'falling', 'steady' or '' comparing the last two known values."""
    known = [value for value in values if value is not None]
    if len(known) < 2:
        return ""
    if known[-1] > known[-2]:
        return "rising"
    if known[-1] < known[-2]:
        return "falling"
    return "steady"


def review_count(db: Database, account_id: int) -> int:
    with db.session() as session:
        return queries.count(session, account_id)
