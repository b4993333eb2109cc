"""Complaints and other feedback per account, with the recovery guideline applied to each.

A complaint is received on a date from someone in the DMU, has a nature and
a severity, is routed to a department, and is answered and closed with a
resolution and perhaps a compensation. The guideline of its nature × the
customer's value segment says who should act, up to what, and by when; an open
complaint past that date is late. Open and late complaints raise churn risk
(:mod:`accountmgr.services.scoring`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import (
    Account,
    Complaint,
    ComplaintNature,
    ComplaintStatus,
    DmuMember,
    FeedbackKind,
    Severity,
)
from accountmgr.services import clock, records, recovery
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.scoring import Segment
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels({
    "received_on": "Date received",
    "member_id": "Who in the DMU",
    "nature": "Nature",
    "summary": "What it is about",
    "department": "Routed to (department)",
    "resolution": "Resolution",
    "compensation_cents": "Compensation given",
    "answered_on": "Date answered",
})

COMPLAINT_FIELDS = v.FieldSpec(
    {
        "received_on": v.date_(required=True),
        "member_id": v.integer(),
        "kind": v.choice(FeedbackKind),
        "nature": v.choice(ComplaintNature),
        "severity": v.choice(Severity),
        "summary": v.text(required=True, max_length=300),
        "department": v.text(max_length=120),
        "status": v.choice(ComplaintStatus),
        "resolution": v.text(multiline=True),
        "compensation_cents": v.money(),
        "answered_on": v.date_(),
        "closed_on": v.date_(),
    },
    labels={"kind": "Complaint or feedback", "severity": "Severity", "status": "Status",
            "closed_on": "Date closed"},
)
"""Every editable field of a complaint and how its input is checked."""

_CHECKED = {name: (lambda value, field: value) for name in COMPLAINT_FIELDS}
"""Values already cleaned by COMPLAINT_FIELDS go through as they are (cleaning money twice would scale it)."""

DEFAULTS: dict[str, Any] = {
    "kind": FeedbackKind.COMPLAINT,
    "severity": Severity.MEDIUM,
    "status": ComplaintStatus.OPEN,
    "compensation_cents": 0,
}


@dataclass(frozen=True)
class Applied:
    """A complaint with its guideline applied: who should act, the limit, the due date, whether it is late."""

    complaint: Complaint
    member_name: str
    segment: Segment
    guideline: recovery.Guideline
    due_on: date
    overdue_days: int
    """Days past the response time while still open (0: not late)."""
    answered_late_days: int
    """Days the answer came after the response time (0: on time, or not answered yet)."""

    def __getattr__(self, name: str) -> Any:
        """The complaint's own fields (id, version, summary…) read through, so tables and forms can use it as is."""
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.complaint, name)

    @property
    def late(self) -> bool:
        return self.overdue_days > 0

    @property
    def over_limit(self) -> bool:
        """Compensation above what the guideline lets the person acting give on their own."""
        return self.complaint.compensation_cents > self.guideline.compensation_limit_cents

    @property
    def flag(self) -> str:
        """"late 3 d", "answered 2 d late", "due 2026-11-30", "closed"…"""
        status = ComplaintStatus(self.complaint.status)
        if self.late:
            return f"late {self.overdue_days} d"
        if status is ComplaintStatus.OPEN:
            return "due today" if self.due_on == clock.today() else f"due {self.due_on:%Y-%m-%d}"
        if self.answered_late_days:
            return f"answered {self.answered_late_days} d late"
        return status.label.lower()

    @property
    def advice(self) -> str:
        """The guideline as a sentence."""
        g = self.guideline
        return (f"{g.actor.label} should act within {g.response_text} ({self.segment.label} customer, "
                f"{ComplaintNature(self.complaint.nature).label.lower()}); may compensate up to {g.limit_text}.")


def due_date(received_on: date, guideline: recovery.Guideline) -> date:
    return received_on + timedelta(days=guideline.response_days)


def apply(complaint: Any, member_name: str, segment: Segment, table: Mapping, today: date) -> Applied:
    """The guideline of the complaint's nature × the customer's segment, and what it says today."""
    guideline = recovery.guideline_for(table, complaint.nature, segment)
    due = due_date(complaint.received_on, guideline)
    is_open = ComplaintStatus(complaint.status) is ComplaintStatus.OPEN and \
        FeedbackKind(complaint.kind) is FeedbackKind.COMPLAINT
    overdue = max((today - due).days, 0) if is_open else 0
    answered = complaint.answered_on or (complaint.closed_on if complaint.status != ComplaintStatus.OPEN else None)
    answered_late = max((answered - due).days, 0) if answered and not is_open else 0
    return Applied(complaint, member_name, segment, guideline, due, overdue, answered_late)


def _segment_of(db: Database, account_id: int) -> Segment:
    from accountmgr.services.portfolio import load_portfolio

    entry = load_portfolio(db).get(account_id)
    return entry.segment if entry is not None else Segment.CORE


def list_complaints(db: Database, account_id: int, *, segment: Segment | None = None) -> list[Applied]:
    """The account's complaints and feedback, newest first, each with its guideline applied."""
    from accountmgr.queries import complaints as q

    with db.session() as session:
        rows = q.of_account(session, account_id)
    segment = segment if segment is not None else _segment_of(db, account_id)
    table = recovery.guidelines(db)
    today = clock.today()
    return [apply(row, name or "", segment, table, today) for row, name in rows]


def get_complaint(db: Database, complaint_id: int) -> Complaint:
    with db.session() as session:
        return records.fetch(session, Complaint, complaint_id, "complaint")


def _describe(row: Complaint) -> str:
    return f"complaint “{row.summary}”" if row.kind == FeedbackKind.COMPLAINT else f"feedback “{row.summary}”"


def _checker(account_id: int):  # noqa: ANN202
    def check(session: Session, values: dict[str, Any], row: Complaint | None) -> None:
        def value(name: str) -> Any:
            return values[name] if name in values else getattr(row, name, None) if row is not None else None

        member_id = value("member_id")
        if member_id is not None:
            member = session.get(DmuMember, member_id)
            if member is None or member.account_id != account_id:
                raise DomainError("Pick someone in this account's DMU (or nobody).", "member_id")
        received, answered, closed = value("received_on"), value("answered_on"), value("closed_on")
        today = clock.today()
        if received is not None and received > today:
            raise DomainError(f"Date received cannot be in the future ({received:%Y-%m-%d}).", "received_on")
        for name, day in (("answered_on", answered), ("closed_on", closed)):
            if day is not None and received is not None and day < received:
                raise DomainError(f"{v.label(name) if name != 'closed_on' else 'Date closed'} cannot be before the "
                                  f"date received ({received:%Y-%m-%d}).", name)
        if value("compensation_cents") is not None and value("compensation_cents") < 0:
            raise DomainError("Compensation given cannot be negative.", "compensation_cents")
    return check


def _with_status_dates(values: dict[str, Any], row: Complaint | None) -> dict[str, Any]:
    """Answering or closing without a date takes today's; a date alone moves the status on."""
    status = values.get("status", row.status if row is not None else None)
    today = clock.today()
    answered = values.get("answered_on", row.answered_on if row is not None else None)
    closed = values.get("closed_on", row.closed_on if row is not None else None)
    if status == ComplaintStatus.ANSWERED and answered is None:
        values["answered_on"] = today
    if status == ComplaintStatus.CLOSED and closed is None:
        values["closed_on"] = today
    if "status" not in values or values["status"] == ComplaintStatus.OPEN:
        if closed is not None and "closed_on" in values:
            values["status"] = ComplaintStatus.CLOSED
        elif answered is not None and "answered_on" in values and status == ComplaintStatus.OPEN:
            values["status"] = ComplaintStatus.ANSWERED
    return values


def create_complaint(db: Database, account_id: int, raw: Mapping[str, Any]) -> Complaint:
    """Record a complaint or feedback (checked; the received date defaults to today)."""
    given = {key: value for key, value in raw.items() if value not in (None, "")}
    values = v.clean({"received_on": clock.today(), **DEFAULTS, **given}, COMPLAINT_FIELDS)
    values = _with_status_dates(values, None)
    with db.session() as session:
        records.fetch(session, Account, account_id, "account")
        return records.insert(
            session, Complaint, values, _CHECKED, entity="complaint", account_id=account_id,
            describe=_describe, check=_checker(account_id), extra={"account_id": account_id},
        )


def update_complaint(db: Database, complaint_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None) -> Complaint:
    with db.session() as session:
        row = records.fetch(session, Complaint, complaint_id, "complaint")
        values = _with_status_dates(v.clean(raw, COMPLAINT_FIELDS, partial=True), row)
        return records.update(session, row, values, _CHECKED, entity="complaint", account_id=row.account_id,
                              describe=_describe, check=_checker(row.account_id), seen=seen)


def delete_complaint(db: Database, complaint_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        row = records.fetch(session, Complaint, complaint_id, "complaint")
        records.delete(session, row, entity="complaint", account_id=row.account_id, describe=_describe(row),
                       seen_version=seen_version)


@dataclass(frozen=True)
class Attention:
    """An open complaint someone must act on, for the review pack's "needs attention"."""

    account_id: int
    account_name: str
    complaint_id: int
    summary: str
    received_on: date
    due_on: date
    overdue_days: int
    who_should_act: str
    reason: str


def complaints_needing_attention(db: Database, today: date | None = None) -> list[Attention]:
    """Every open complaint of the active accounts, late ones first (most overdue first), then by due date."""
    from accountmgr.queries import complaints as q
    from accountmgr.services.portfolio import load_portfolio

    today = today or clock.today()
    with db.session() as session:
        rows = q.open_complaints_with_accounts(session)
    if not rows:
        return []
    portfolio = load_portfolio(db)
    table = recovery.guidelines(db)
    found = []
    for row, account_name in rows:
        entry = portfolio.get(row.account_id)
        applied = apply(row, "", entry.segment if entry else Segment.CORE, table, today)
        reason = (f"{applied.overdue_days} days past the {applied.guideline.response_text} response time"
                  if applied.late else f"open, answer due {applied.due_on:%Y-%m-%d}")
        found.append(Attention(row.account_id, account_name, row.id, row.summary, row.received_on, applied.due_on,
                               applied.overdue_days, applied.guideline.actor.label, reason))
    return sorted(found, key=lambda a: (-a.overdue_days, a.due_on, a.account_name.lower()))
