"""Opportunities: the pipeline of an account, its scorecard, suggested probability and weighted value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import (
    Account,
    Opportunity,
    OpportunityOffering,
    OpportunityStage,
    OpportunityStatus,
    Rating,
)
from accountmgr.queries import offerings as offering_queries
from accountmgr.queries import opportunities as queries
from accountmgr.services import activity, clock, records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.pipeline import weighted_cents
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels(
    {
        "value_cents": "Value",
        "expected_close": "Expected close date",
        "close_reason": "Reason",
        "closed_on": "Close date",
        "need_recognised": "Need recognised by the customer",
        "budget_exists": "Budget exists",
        "solution_fit": "Solution fit",
        "strategic_fit": "Strategic fit",
        "competitive_position": "Competitive position",
    }
)


def rating() -> v.Converter:
    """A scorecard rating: 0/1/2 or no/partly/yes; blank means not rated yet."""

    def convert(value: Any, field: str) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Rating):
            return value.points
        if isinstance(value, int) and not isinstance(value, bool):
            if value in (0, 1, 2):
                return value
        else:
            try:
                return Rating.parse(str(value)).points
            except ValueError:
                pass
        raise DomainError(f"{v.label(field)} must be rated 0 (no), 1 (partly) or 2 (yes), not “{value}”.", field)

    return convert


def _money_or_zero() -> v.Converter:
    """Money ≥ 0; a value not known yet counts as 0."""
    money = v.money()

    def convert(value: Any, field: str) -> int:
        return money(value, field) or 0

    return convert


SCORECARD_FIELDS: tuple[str, ...] = (
    "need_recognised",
    "budget_exists",
    "solution_fit",
    "strategic_fit",
    "competitive_position",
)
"""The stored scorecard ratings; "DMU covered" comes from the account's coverage status."""

OPPORTUNITY_FIELDS: dict[str, v.Converter] = {
    "name": v.text(required=True, max_length=200),
    "value_cents": _money_or_zero(),
    "probability": v.percentage(),
    "stage": v.choice(OpportunityStage),
    "expected_close": v.date_(),
    "status": v.choice(OpportunityStatus),
    "closed_on": v.date_(),
    "close_reason": v.text(max_length=2000),
    "need_recognised": rating(),
    "budget_exists": rating(),
    "solution_fit": rating(),
    "strategic_fit": rating(),
    "competitive_position": rating(),
    "notes": v.text(multiline=True),
}
"""Every editable opportunity field and how its input is checked."""

COVERAGE_POINTS = {"green": 2, "amber": 1, "red": 0}
"""DMU covered, from the coverage status (default rules)."""


# --- the scorecard -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreLine:
    """One condition of the scorecard: its label and points (None when not rated)."""

    field: str
    label: str
    points: int | None


@dataclass(frozen=True)
class Scorecard:
    """The six conditions, their sum out of 12 and the probability they suggest."""

    lines: tuple[ScoreLine, ...]
    total: int
    suggested: int

    @property
    def rated(self) -> int:
        return sum(1 for line in self.lines if line.points is not None)

    def explain(self) -> str:
        """The rule in one sentence, with this opportunity's numbers."""
        unrated = len(self.lines) - self.rated
        tail = f"; {unrated} not rated count as 0" if unrated else ""
        return f"5 % + 90 % × {self.total}/12, rounded to 5 % = {self.suggested} %{tail}."


def status_value(coverage_status: Any) -> str | None:
    """'green' / 'amber' / 'red' from a coverage Status enum, its name, or text; None when unknown."""
    if coverage_status is None:
        return None
    raw = getattr(coverage_status, "value", coverage_status)
    lowered = str(raw).strip().lower()
    if lowered in COVERAGE_POINTS:
        return lowered
    name = str(getattr(coverage_status, "name", "")).lower()
    return name if name in COVERAGE_POINTS else None


def _get(opportunity: Any, field: str) -> Any:
    if isinstance(opportunity, Mapping):
        return opportunity.get(field)
    return getattr(opportunity, field, None)


def scorecard(opportunity: Any, coverage_status: Any) -> Scorecard:
    """The scorecard of an Opportunity (or a mapping of its ratings) given the account's coverage status."""
    lines: list[ScoreLine] = []
    for field in SCORECARD_FIELDS[:2]:
        lines.append(ScoreLine(field, v.label(field), _get(opportunity, field)))
    status = status_value(coverage_status)
    lines.append(ScoreLine("dmu_covered", "DMU covered", COVERAGE_POINTS[status] if status else None))
    for field in SCORECARD_FIELDS[2:]:
        lines.append(ScoreLine(field, v.label(field), _get(opportunity, field)))
    total = sum(line.points or 0 for line in lines)
    return Scorecard(tuple(lines), total, probability_from_points(total))


def probability_from_points(total: int) -> int:
    """5 % + 90 % × total/12, rounded half up to a multiple of 5 (exact integer arithmetic)."""
    if not 0 <= total <= 12:
        raise ValueError(total)
    # 5 + 7.5·t rounded to 5 is 5·floor((5 + 7.5·t)/5 + ½) = 5·((15 + 15·t) // 10)
    return 5 * ((15 + 15 * total) // 10)


def suggested_probability(opportunity: Any, coverage_status: Any) -> int:
    """The probability the scorecard suggests (default rules: "Opportunity scorecard")."""
    return scorecard(opportunity, coverage_status).suggested


def account_coverage_status(db: Database, account_id: int) -> Any:
    """The account's DMU coverage status from the coverage analysis."""
    from accountmgr.services.coverage import coverage

    return coverage(db, account_id).status


def coverage_statuses(db: Database) -> dict[int, Any]:
    """Coverage status of every account, computed in bulk."""
    from accountmgr.services.coverage import coverage_status_by_account

    return coverage_status_by_account(db)


# --- create / update / delete ------------------------------------------------------------------------------------


def _check(session: Session, values: dict[str, Any], row: Opportunity | None) -> None:
    status = values.get("status", row.status if row else OpportunityStatus.OPEN)
    if status in (OpportunityStatus.WON, OpportunityStatus.LOST):
        reason = values["close_reason"] if "close_reason" in values else (row.close_reason if row else "")
        if not reason:
            verb = "won" if status == OpportunityStatus.WON else "lost"
            raise DomainError(f"Say why the opportunity was {verb}: the reason is kept for the review.", "close_reason")
        closed_on = values["closed_on"] if "closed_on" in values else (row.closed_on if row else None)
        if closed_on is None:
            values["closed_on"] = clock.today()
        elif closed_on > clock.today():
            raise DomainError("The close date cannot be in the future.", "closed_on")
    elif "status" in values:
        # Reopening: a deal that is open again has no close date.
        values["closed_on"] = None


def _describe(opp: Opportunity) -> str:
    return f"opportunity {opp.name}"


def _link_offerings(session: Session, opp: Opportunity, offering_ids: Iterable[int]) -> list[str]:
    """Replace the opportunity's offerings; return their names."""
    wanted = list(dict.fromkeys(offering_ids))
    offerings = offering_queries.with_ids(session, wanted) if wanted else []
    if len(offerings) != len(wanted):
        raise DomainError("One of the chosen offerings no longer exists.", "offerings")
    for link in offering_queries.links_of_opportunity(session, opp.id):
        session.delete(link)
    session.flush()
    for offering_id in wanted:
        session.add(OpportunityOffering(opportunity_id=opp.id, offering_id=offering_id))
    session.flush()
    return sorted(o.name for o in offerings)


def create_opportunity(
    db,  # noqa: ANN001
    account_id: int,
    raw: Mapping[str, Any],
    *,
    offering_ids: Iterable[int] = (),
    coverage_status: Any = None,
) -> Opportunity:
    """Add an opportunity to an account; with no probability given it takes the suggested one."""
    raw = {"stage": OpportunityStage.IDENTIFIED, "status": OpportunityStatus.OPEN, **raw}
    if v.clean({"probability": raw.get("probability")}, OPPORTUNITY_FIELDS, partial=True)["probability"] is None:
        ratings = v.clean({k: raw.get(k) for k in SCORECARD_FIELDS}, OPPORTUNITY_FIELDS, partial=True)
        raw = {**raw, "probability": suggested_probability(ratings, coverage_status)}
    with db.session() as session:
        records.fetch(session, Account, account_id, "account")
        opp = records.insert(
            session, Opportunity, raw, OPPORTUNITY_FIELDS, entity="opportunity", account_id=account_id,
            describe=_describe, check=_check, extra={"account_id": account_id},
        )
        names = _link_offerings(session, opp, offering_ids)
        if names:
            activity.record(
                session, entity="opportunity", action="updated", account_id=account_id, entity_id=opp.id,
                summary=f"Linked {_describe(opp)} to {', '.join(names)}", changes={"offerings": [[], names]},
            )
        return opp


def update_opportunity(
    db,  # noqa: ANN001
    opportunity_id: int,
    raw: Mapping[str, Any],
    *,
    offering_ids: Iterable[int] | None = None,
    seen: Seen | None = None,
) -> Opportunity:
    """Change the given fields (and, if given, the offerings) of an opportunity (*seen*: see records.update)."""
    with db.session() as session:
        opp = records.fetch(session, Opportunity, opportunity_id, "opportunity")
        if "probability" in raw and (raw["probability"] is None or str(raw["probability"]).strip() == ""):
            raise DomainError("Give a probability between 0 and 100 (or accept the suggested one).", "probability")
        records.update(
            session, opp, raw, OPPORTUNITY_FIELDS, entity="opportunity", account_id=opp.account_id,
            describe=_describe, check=_check, seen=seen,
        )
        if offering_ids is not None:
            before = offering_names(session, opp.id)
            after = _link_offerings(session, opp, offering_ids)
            if before != after:
                activity.record(
                    session, entity="opportunity", action="updated", account_id=opp.account_id, entity_id=opp.id,
                    summary=f"Changed the offerings of {_describe(opp)}", changes={"offerings": [before, after]},
                )
        return opp


def close_opportunity(
    db,  # noqa: ANN001
    opportunity_id: int,
    won: bool,
    reason: str,
    closed_on: date | str | None = None,
) -> Opportunity:
    """Mark an opportunity won or lost; the reason is required and kept."""
    if not (reason or "").strip():
        verb = "won" if won else "lost"
        raise DomainError(f"Say why the opportunity was {verb}: the reason is kept for the review.", "close_reason")
    raw: dict[str, Any] = {
        "status": OpportunityStatus.WON if won else OpportunityStatus.LOST,
        "close_reason": reason,
        "closed_on": closed_on if closed_on not in (None, "") else clock.today(),
    }
    if won:
        raw["probability"] = 100
    else:
        raw["probability"] = 0
    return update_opportunity(db, opportunity_id, raw)


def reopen_opportunity(db: Database, opportunity_id: int) -> Opportunity:
    """Put a won or lost opportunity back in the open pipeline (the reason stays in the log)."""
    return update_opportunity(db, opportunity_id, {"status": OpportunityStatus.OPEN})


def delete_opportunity(db: Database, opportunity_id: int, *, seen_version: int | None = None) -> None:
    """Delete an opportunity (refused if it changed since *seen_version* was shown)."""
    with db.session() as session:
        opp = records.fetch(session, Opportunity, opportunity_id, "opportunity")
        records.delete(session, opp, entity="opportunity", account_id=opp.account_id, describe=_describe(opp),
                       seen_version=seen_version)


# --- reading -----------------------------------------------------------------------------------------------------


def get_opportunity(db: Database, opportunity_id: int) -> Opportunity:
    with db.session() as session:
        return records.fetch(session, Opportunity, opportunity_id, "opportunity")


def offering_names(session: Session, opportunity_id: int) -> list[str]:
    return offering_queries.names_of_opportunity(session, opportunity_id)


def offering_ids_of(db: Database, opportunity_id: int) -> list[int]:
    with db.session() as session:
        return offering_queries.ids_of_opportunity(session, opportunity_id)


def offering_choices(db: Database) -> list[tuple[int, str]]:
    """(id, name) of the active offerings, for the opportunity form."""
    with db.session() as session:
        return offering_queries.active_choices(session)


def list_opportunities(db: Database, account_id: int) -> list[Opportunity]:
    """The account's opportunities: open first (by expected close), then closed (newest first)."""
    with db.session() as session:
        rows = queries.of_account(session, account_id)
    return sorted(rows, key=_order)


def _order(opp: Opportunity) -> tuple:
    if opp.status == OpportunityStatus.OPEN:
        return (0, opp.expected_close or date.max, opp.name.lower())
    return (1, -(opp.closed_on or date.min).toordinal(), opp.name.lower())


@dataclass(frozen=True)
class OpportunityRow:
    """An opportunity with what the table shows beside it."""

    opportunity: Opportunity
    offerings: tuple[str, ...]
    suggested: int
    weighted_cents: int
    scorecard: Scorecard

    @property
    def differs(self) -> bool:
        """The account manager's probability is not the suggested one (the plan shows both)."""
        return self.opportunity.probability != self.suggested


def opportunity_rows(db: Database, account_id: int, coverage_status: Any = None) -> list[OpportunityRow]:
    """The account's opportunities with offerings, scorecard, suggested probability and weighted value."""
    opps = list_opportunities(db, account_id)
    names: dict[int, list[str]] = {}
    with db.session() as session:
        for opp_id, name in offering_queries.names_by_opportunity(session, account_id):
            names.setdefault(opp_id, []).append(name)
    rows = []
    for opp in opps:
        card = scorecard(opp, coverage_status)
        weighted = weighted_cents(opp.value_cents, opp.probability) if opp.status == OpportunityStatus.OPEN else 0
        rows.append(OpportunityRow(opp, tuple(sorted(names.get(opp.id, []))), card.suggested, weighted, card))
    return rows


@dataclass(frozen=True)
class PipelineTotals:
    """Open, weighted, won and lost value in cents, with counts."""

    open_count: int = 0
    open_cents: int = 0
    weighted_cents: int = 0
    won_count: int = 0
    won_cents: int = 0
    lost_count: int = 0
    lost_cents: int = 0


def _totals(db: Database, *, account_id: int | None = None, include_archived: bool = True) -> PipelineTotals:
    with db.session() as session:
        rows = queries.totals_by_status(session.connection(), account_id=account_id, include_archived=include_archived)
    by_status = {row.status: row for row in rows}
    open_row, won, lost = (by_status.get(s) for s in OpportunityStatus)
    return PipelineTotals(
        open_count=open_row.n if open_row else 0,
        open_cents=int(open_row.value) if open_row else 0,
        weighted_cents=int(open_row.weighted) if open_row else 0,
        won_count=won.n if won else 0,
        won_cents=int(won.value) if won else 0,
        lost_count=lost.n if lost else 0,
        lost_cents=int(lost.value) if lost else 0,
    )


def account_pipeline(db: Database, account_id: int) -> PipelineTotals:
    """Totals of one account (weighted = Σ value × probability of the open ones)."""
    return _totals(db, account_id=account_id)


def portfolio_pipeline(db: Database, *, include_archived: bool = False) -> PipelineTotals:
    """Totals across the portfolio (archived accounts left out unless asked)."""
    return _totals(db, include_archived=include_archived)


def weighted_by_account(db: Database) -> dict[int, int]:
    """Weighted open pipeline per account id, in one query."""
    with db.session() as session:
        return queries.weighted_by_account(session.connection())
