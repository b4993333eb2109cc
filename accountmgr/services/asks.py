"""Asks of management (step g): the support the account manager needs, from whom, by when, and the answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import Account, TeamMember
from accountmgr.models.asks import ManagementAsk
from accountmgr.models.enums import AskStatus
from accountmgr.queries import asks as q
from accountmgr.queries.team_names import names_by_id
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels({"request": "What we need", "needed_by": "Needed by", "answer": "Answer"})

ASK_FIELDS = v.FieldSpec(
    {
        "request": v.text(required=True, max_length=2000, multiline=True),
        "asked_of_id": v.integer(),
        "asked_of": v.text(max_length=120),
        "needed_by": v.date_(),
        "status": v.choice(AskStatus),
        "answer": v.text(multiline=True),
    },
    labels={"asked_of_id": "From whom", "asked_of": "From whom"},
)
"""Every editable field of an ask: from whom is a team member or a role in words."""


def _check(session: Session, values: dict[str, Any], row: ManagementAsk | None) -> None:
    member = values.get("asked_of_id")
    if member is not None and session.get(TeamMember, member) is None:
        raise DomainError("Pick one of our team members, or write the role.", "asked_of_id")


def _describe(row: ManagementAsk) -> str:
    short = row.request if len(row.request) <= 60 else row.request[:59] + "…"
    return f"ask {short}"


def create_ask(db: Database, account_id: int, raw: Mapping[str, Any]) -> ManagementAsk:
    raw = {"status": AskStatus.OPEN, **raw}
    with db.session() as session:
        records.fetch(session, Account, account_id, "account")
        return records.insert(
            session, ManagementAsk, raw, ASK_FIELDS, entity="ask", account_id=account_id,
            describe=_describe, check=_check, extra={"account_id": account_id},
        )


def get_ask(db: Database, ask_id: int) -> ManagementAsk:
    with db.session() as session:
        return records.fetch(session, ManagementAsk, ask_id, "ask")


def update_ask(db: Database, ask_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None) -> ManagementAsk:
    with db.session() as session:
        row = records.fetch(session, ManagementAsk, ask_id, "ask")
        return records.update(
            session, row, raw, ASK_FIELDS, entity="ask", account_id=row.account_id,
            describe=_describe, check=_check, seen=seen,
        )


def mark_granted(db: Database, ask_id: int) -> ManagementAsk:
    return update_ask(db, ask_id, {"status": AskStatus.GRANTED})


def delete_ask(db: Database, ask_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        row = records.fetch(session, ManagementAsk, ask_id, "ask")
        records.delete(session, row, entity="ask", account_id=row.account_id, describe=_describe(row),
                       seen_version=seen_version)


@dataclass(frozen=True)
class AskView:
    """An ask as the strategy step and the plan show it."""

    id: int
    version: int
    request: str
    who: str
    """Whom it is asked of, as shown: the team member's name, else the role typed."""
    asked_of: str
    asked_of_id: int | None
    needed_by: date | None
    status: AskStatus
    answer: str
    late: bool


def ask_views(session: Session, account_id: int, today: date) -> list[AskView]:
    """The account's asks, soonest needed first; late = still open after the date it was needed by."""
    return build_ask_views(q.asks_of(session, account_id), names_by_id(session), today)


def build_ask_views(rows: list[ManagementAsk], names: dict[int, str], today: date) -> list[AskView]:
    """Asks (in the order given) with whom they are asked of by name; late = open past the date needed."""
    return [
        AskView(
            id=a.id or 0, version=int(a.version or 1), request=a.request,
            who=(names.get(a.asked_of_id, "") if a.asked_of_id is not None else "") or a.asked_of,
            asked_of=a.asked_of, asked_of_id=a.asked_of_id, needed_by=a.needed_by, status=a.status, answer=a.answer,
            late=a.status == AskStatus.OPEN and a.needed_by is not None and a.needed_by < today,
        )
        for a in rows
    ]


def list_asks(db: Database, account_id: int, today: date) -> list[AskView]:
    with db.session() as session:
        return ask_views(session, account_id, today)


def open_ask_counts(db: Database) -> dict[int, int]:
    """{account id: open asks}, for the portfolio and the review pack."""
    with db.session() as session:
        return q.open_ask_counts(session)
