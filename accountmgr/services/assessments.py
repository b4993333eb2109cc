"""Relationship assessment (step d): suggest a level from the evidence, record the judgement, keep the history.

The rule (default rules, "Suggested relationship level"): count, for each level,
the aspects marked as evidenced; suggest the highest level L such that every
level up to L has at least 3 of its 5 aspects evidenced; Prospect when none
qualifies.

Prospect is the floor, not a rung to evidence: its criteria describe a
relationship that has not started ("bond: none"), so a Buyer's account manager
would never tick them. The cumulative check therefore starts at Buyer; Prospect
criteria are still counted and shown, and do not hold a higher level back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import Account, LevelAssessment, RelationshipLevel
from accountmgr.models.method import ALL_CRITERIA, ASPECTS, CRITERIA_BY_CODE, Criterion
from accountmgr.queries import assessments as queries
from accountmgr.services import clock, records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

QUALIFYING_COUNT = 3
"""Aspects (of five) a level needs evidenced to count as reached."""

CLIMB: tuple[RelationshipLevel, ...] = tuple(level for level in RelationshipLevel if level is not RelationshipLevel.PROSPECT)
"""The levels that must be evidenced, in order; Prospect is where every relationship starts."""

v.register_labels({"assessed_on": "Date of the assessment", "evidence": "Evidence", "note": "Note"})


def _evidence(value: Any, field_name: str) -> list[str]:
    """Evidence codes such as "account.interlocutors", as a list or comma text; unknown codes refused."""
    if value is None or value == "":
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    codes: list[str] = []
    for item in items:
        code = str(item).strip()
        if not code:
            continue
        if code not in CRITERIA_BY_CODE:
            raise DomainError(f"“{code}” is not one of the method's level criteria.", field_name)
        if code not in codes:
            codes.append(code)
    # Stored in the order of the level table, so equal evidence is stored equally.
    order = {c.code: i for i, c in enumerate(ALL_CRITERIA)}
    return sorted(codes, key=order.__getitem__)


def _not_future(value: Any, field_name: str) -> date:
    day = v.date_(required=True)(value, field_name)
    if day > clock.today():
        raise DomainError("An assessment cannot be dated in the future.", field_name)
    return day


ASSESSMENT_FIELDS: dict[str, v.Converter] = {
    "assessed_on": _not_future,
    "level": v.choice(RelationshipLevel),
    "evidence": _evidence,
    "note": v.text(max_length=4000, multiline=True),
}
"""Every field of a level assessment and how its input is checked."""


@dataclass(frozen=True)
class Suggestion:
    """The level the evidence supports, with the counts and reasoning behind it."""

    level: RelationshipLevel
    counts: dict[RelationshipLevel, int]
    reasoning: list[str]
    next_level: RelationshipLevel | None
    missing: list[Criterion] = field(default_factory=list)
    """The next level's criteria not yet evidenced (where the gap guidance starts)."""

    @property
    def needed(self) -> int:
        """How many more of the next level's aspects must be evidenced for it to count."""
        if self.next_level is None:
            return 0
        return max(0, QUALIFYING_COUNT - self.counts[self.next_level])


def suggest_level(evidence_codes: Iterable[str]) -> Suggestion:
    """Apply the ≥3-of-5 cumulative rule to the evidenced criteria codes."""
    chosen = {code for code in evidence_codes if code in CRITERIA_BY_CODE}
    counts = {
        level: sum(1 for aspect in ASPECTS if f"{level.value}.{aspect}" in chosen) for level in RelationshipLevel
    }
    reached: RelationshipLevel | None = None
    reasoning: list[str] = []
    for level in CLIMB:
        count = counts[level]
        if count >= QUALIFYING_COUNT:
            reached = level
            reasoning.append(f"{level.label}: {count} of 5 aspects evidenced, enough (at least {QUALIFYING_COUNT}).")
            continue
        reasoning.append(
            f"{level.label}: only {count} of 5 aspects evidenced (at least {QUALIFYING_COUNT} needed), "
            "so the relationship stops below it."
        )
        higher = [other for other in CLIMB if other.rank > level.rank and counts[other] >= QUALIFYING_COUNT]
        if higher:
            names = ", ".join(other.label for other in higher)
            reasoning.append(f"{names} evidence does not count while {level.label} is not reached: levels build on each other.")
        break
    level = reached or RelationshipLevel.PROSPECT
    if reached is None:
        reasoning.append("No level above Prospect qualifies, so the suggestion is Prospect.")
    else:
        reasoning.append(f"Suggested level: {level.label}.")
    next_level = _next(reached)
    missing = [
        c for c in ALL_CRITERIA if next_level is not None and c.level == next_level and c.code not in chosen
    ]
    return Suggestion(level, counts, reasoning, next_level, missing)


def _next(reached: RelationshipLevel | None) -> RelationshipLevel | None:
    if reached is None:
        return CLIMB[0]
    levels = list(RelationshipLevel)
    return levels[reached.rank + 1] if reached.rank + 1 < len(levels) else None


def _describe(row: LevelAssessment) -> str:
    return f"level assessment of {row.assessed_on:%Y-%m-%d} ({row.level.label})"


def record_assessment(
    db,  # noqa: ANN001
    account_id: int,
    evidence: Iterable[str] | str,
    level: RelationshipLevel | str | None,
    note: str = "",
    assessed_on: date | str | None = None,
) -> LevelAssessment:
    """Keep a dated assessment with the suggested and the chosen level; the newest sets the account's level.

    Choosing a level other than the suggested one is an override and needs a note saying why.
    """
    raw = {
        "assessed_on": clock.today() if assessed_on in (None, "") else assessed_on,
        "level": level,
        "evidence": evidence,
        "note": note,
    }
    values = v.clean(raw, ASSESSMENT_FIELDS)
    suggestion = suggest_level(values["evidence"])
    if values["level"] != suggestion.level and not values["note"]:
        raise DomainError(
            f"The evidence suggests {suggestion.level.label}; say in the note why you chose {values['level'].label}.",
            "note",
        )
    with db.session() as session:
        account = records.fetch(session, Account, account_id, "account")
        row = records.insert(
            session, LevelAssessment, values, ASSESSMENT_FIELDS,
            entity="assessment", account_id=account_id, describe=_describe,
            extra={"account_id": account_id, "suggested_level": suggestion.level},
        )
        _sync_current_level(session, account)
        return row


def delete_assessment(db: Database, assessment_id: int) -> None:
    """Remove an assessment made in error; the account's level follows the newest one left."""
    with db.session() as session:
        row = records.fetch(session, LevelAssessment, assessment_id, "assessment")
        account = records.fetch(session, Account, row.account_id, "account")
        records.delete(session, row, entity="assessment", account_id=row.account_id, describe=_describe(row))
        _sync_current_level(session, account)


def _sync_current_level(session: Session, account: Account) -> None:
    latest = queries.latest(session, account.id)
    if latest is None or latest.level == account.current_level:
        return
    records.update(
        session, account, {"current_level": latest.level}, {"current_level": v.choice(RelationshipLevel)},
        entity="account", account_id=account.id, describe=lambda a: f"account {a.name}",
    )


def level_history(db: Database, account_id: int) -> list[LevelAssessment]:
    """The account's assessments, oldest first: the relationship's path over time."""
    with db.session() as session:
        return queries.of_account(session, account_id)


def latest_assessment(db: Database, account_id: int) -> LevelAssessment | None:
    history = level_history(db, account_id)
    return history[-1] if history else None


def set_target_level(
    db, account_id: int, level: RelationshipLevel | str | None, *, seen: Seen | None = None,  # noqa: ANN001
) -> Account:
    """Where the account should go: the start of the gap guidance (blank clears it; *seen*: see records.update)."""
    from accountmgr.services.accounts import update_account

    return update_account(db, account_id, {"target_level": level}, seen=seen)


def describe_criteria(codes: Iterable[str]) -> list[Criterion]:
    """The criteria behind stored evidence codes, in table order (unknown codes dropped)."""
    return [CRITERIA_BY_CODE[code] for code in codes if code in CRITERIA_BY_CODE]
