"""The three programmes of the sources (section 9) an account is in, with a suggestion and why.

Customer-service programmes set criteria and guarantees of excellence in every contact; loyalty programmes
give incentives and rewards for repeat purchase; one-to-one programmes adapt the offer and our behaviour to
each customer. Choosing them is part of the account's strategy (step g).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accountmgr.models import Account, AccountProgramme
from accountmgr.models.enums import RelationshipLevel
from accountmgr.models.programmes import Programme
from accountmgr.queries import programmes as q
from accountmgr.services import activity, clock, records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError

if TYPE_CHECKING:
    from accountmgr.db import Database

WHAT_IT_IS: dict[Programme, str] = {
    Programme.CUSTOMER_SERVICE: "criteria and guarantees of excellence in every contact",
    Programme.LOYALTY: "incentives and rewards for repeat purchase",
    Programme.ONE_TO_ONE: "offer and behaviour adapted to this customer",
}
"""What each programme is, in the sources' words."""


@dataclass(frozen=True)
class Suggestion:
    """The programmes the method suggests for an account, each with the reason, and what it advises against."""

    programmes: tuple[Programme, ...]
    reasons: tuple[str, ...]


def suggest(level: RelationshipLevel, segment: Any = None, strategic_value: int | None = None) -> Suggestion:
    """The programmes that fit an account's relationship level and value segment, with one reason a line.

    *segment* is the portfolio's value segment (``scoring.Segment``) or None when unknown.
    """
    seg = getattr(segment, "value", None)
    if level is RelationshipLevel.PROSPECT:
        return Suggestion((), ("A prospect buys nothing from us yet: programmes start with its first purchase "
                               "(its first experience of us is what customer service will guarantee).",))
    chosen = [Programme.CUSTOMER_SERVICE]
    reasons = ["Customer service for every customer: every contact (sales, after-sales, accounting) shapes the "
               "relationship."]
    if seg == "below_zero":
        reasons.append("Below-zero: not profitable enough to serve as today; no rewards or tailored offer until "
                       "how we serve it changes — the standard service only.")
        return Suggestion(tuple(chosen), tuple(reasons))
    if level is RelationshipLevel.BUYER or (level is RelationshipLevel.ACCOUNT and seg != "high_performance"):
        chosen.append(Programme.LOYALTY)
        reasons.append(f"Loyalty: at {level.label} level the customer still buys product by product; rewards for "
                       "repeat purchase lengthen the buying period" + (" and develop a high-potential customer."
                                                                       if seg == "high_potential" else "."))
    if level in (RelationshipLevel.ACCOUNT, RelationshipLevel.PARTNER) or seg == "high_performance" or (
            strategic_value or 0) >= 4:
        chosen.append(Programme.ONE_TO_ONE)
        why = []
        if level in (RelationshipLevel.ACCOUNT, RelationshipLevel.PARTNER):
            why.append(f"at {level.label} level we sell the {'solution' if level is RelationshipLevel.ACCOUNT else 'company'}")
        if seg == "high_performance":
            why.append("a high-performance customer is kept at all costs, with a service raised to its needs")
        if (strategic_value or 0) >= 4:
            why.append(f"its strategic value is {strategic_value}/5")
        reasons.append("One-to-one: " + "; ".join(why) + ".")
    return Suggestion(tuple(chosen), tuple(reasons))


def programmes_of(db: Database, account_id: int) -> list[AccountProgramme]:
    """The programmes one account is in, in the sources' order."""
    with db.session() as session:
        return q.programmes_of(session, account_id)


def programmes_by_account(db: Database, account_ids: Iterable[int]) -> dict[int, list[AccountProgramme]]:
    with db.session() as session:
        return q.programmes_by_account(session, account_ids)


def set_programme(db: Database, account_id: int, programme: Programme | str, member: bool) -> bool:
    """Put the account in a programme or take it out; returns whether anything changed (logged when it did)."""
    programme = Programme.parse(str(programme)) if not isinstance(programme, Programme) else programme
    with db.session() as session:
        account = records.fetch(session, Account, account_id, "account")
        row = q.membership(session, account_id, programme)
        if member and row is None:
            row = AccountProgramme(account_id=account_id, programme=programme, since=clock.today())
            session.add(row)
            session.flush()
            activity.record(session, entity="account_programme", action="created", account_id=account_id,
                            entity_id=row.id, summary=f"Added {programme.label.lower()} of {account.name}",
                            changes={"programme": [None, programme.value]})
            return True
        if not member and row is not None:
            records.delete(session, row, entity="account_programme", account_id=account_id,
                           describe=f"{programme.label.lower()} of {account.name}")
            return True
        return False


MEMBERSHIP_FIELDS = v.FieldSpec(
    {"since": v.date_(), "note": v.text(max_length=500)},
    labels={"since": "In it since", "note": "Note"},
)
"""What can be said about an account's place in a programme: since when, and a note (the incentive, the terms)."""


def update_membership(db: Database, account_id: int, programme: Programme | str, raw: Mapping[str, Any]) -> AccountProgramme:
    """Change since when the account is in a programme, or its note; refused when it is not in it."""
    programme = Programme.parse(str(programme)) if not isinstance(programme, Programme) else programme
    with db.session() as session:
        account = records.fetch(session, Account, account_id, "account")
        row = q.membership(session, account_id, programme)
        if row is None:
            raise DomainError(f"{account.name} is not in the {programme.label.lower()}: tick it first.")
        return records.update(session, row, raw, MEMBERSHIP_FIELDS, entity="account_programme",
                              account_id=account_id, describe=lambda r: f"{programme.label.lower()} of {account.name}")


@dataclass(frozen=True)
class ProgrammeView:
    """What the strategy step and the plan show: the programmes the account is in, and the method's suggestion."""

    current: tuple[AccountProgramme, ...]
    suggestion: Suggestion
    segment_label: str

    @property
    def current_set(self) -> set[Programme]:
        return {row.programme for row in self.current}

    def differences(self) -> list[str]:
        """Where the choice and the suggestion part ways, one sentence each (empty when they agree)."""
        lines = []
        for programme in self.suggestion.programmes:
            if programme not in self.current_set:
                lines.append(f"Suggested but not chosen: {programme.label}.")
        for programme in sorted(self.current_set - set(self.suggestion.programmes), key=list(Programme).index):
            lines.append(f"Chosen though not suggested: {programme.label} (say why in the strategy notes).")
        return lines


def view_from(account: Any, entry: Any, current: Iterable[AccountProgramme]) -> ProgrammeView:
    """The view from loaded data: the account (level, strategic value), its portfolio entry (segment) or None."""
    segment = getattr(entry, "segment", None) if entry is not None else None
    suggestion = suggest(account.current_level, segment, account.strategic_value)
    return ProgrammeView(tuple(current), suggestion, getattr(segment, "label", "") if segment is not None else "")


def programme_view(db: Database, account_id: int, portfolio: Any = None) -> ProgrammeView:
    """One account's programmes with the suggestion from its level and value segment."""
    from accountmgr.services.accounts import get_account

    if portfolio is None:
        from accountmgr.services.portfolio import load_portfolio

        portfolio = load_portfolio(db)
    return view_from(get_account(db, account_id), portfolio.get(account_id), programmes_of(db, account_id))
