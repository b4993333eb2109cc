"""Complaints, other feedback and the recovery guidelines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

# Only the complaint tables at import: the portfolio reads open complaints on its way to the first screen,
# and the other table classes cost about 100 ms to build.
from accountmgr.models.complaints import Complaint, RecoveryGuideline
from accountmgr.models.enums import ComplaintStatus, FeedbackKind


def of_account(session: Session, account_id: int) -> list[Any]:
    """(complaint, DMU member's name) of an account's complaints and feedback, newest first."""
    from accountmgr.models import DmuMember

    query = (
        select(Complaint, DmuMember.name)
        .join(DmuMember, col(DmuMember.id) == col(Complaint.member_id), isouter=True)
        .where(Complaint.account_id == account_id)
        .order_by(col(Complaint.received_on).desc(), col(Complaint.id).desc())
    )
    return list(session.exec(query).all())


def open_complaints(conn: Connection) -> list[Any]:
    """(account id, id, nature, received on, summary, severity) of every open complaint (not other feedback):
    what churn risk and the review pack look at."""
    query = (
        select_columns(col(Complaint.account_id), col(Complaint.id), col(Complaint.nature), col(Complaint.received_on),
                       col(Complaint.summary), col(Complaint.severity))  # sqlmodel's select is typed for 4 at most
        .where(col(Complaint.status) == ComplaintStatus.OPEN, col(Complaint.kind) == FeedbackKind.COMPLAINT)
        .order_by(col(Complaint.received_on), col(Complaint.id))
    )
    return list(conn.execute(query).all())


def open_complaints_with_accounts(session: Session) -> list[Any]:
    """(complaint, account name) of the open complaints of active accounts, oldest first."""
    from accountmgr.models import Account

    query = (
        select(Complaint, Account.name)
        .join(Account, col(Account.id) == col(Complaint.account_id))
        .where(Complaint.status == ComplaintStatus.OPEN, Complaint.kind == FeedbackKind.COMPLAINT,
               col(Account.archived).is_(False))
        .order_by(col(Complaint.received_on), col(Complaint.id))
    )
    return list(session.exec(query).all())


def guidelines(conn: Connection) -> list[Any]:
    """The guideline cells the user changed (rows of the recovery_guideline table)."""
    return list(conn.execute(select(RecoveryGuideline)).all())


def guideline_cell(session: Session, nature: str, segment: str) -> RecoveryGuideline | None:
    """The stored cell for one nature × segment, if the user changed it."""
    query = select(RecoveryGuideline).where(RecoveryGuideline.nature == nature, RecoveryGuideline.segment == segment)
    return session.exec(query).first()


def of_member(session: Session, member_id: int) -> list[Complaint]:
    """The complaints a DMU member raised (person export, erasure)."""
    query = select(Complaint).where(Complaint.member_id == member_id).order_by(col(Complaint.received_on))
    return list(session.exec(query).all())


def summaries(conn: Connection, account_ids: Iterable[int] | None = None) -> list[Any]:
    """(id, summary, kind) of the complaints of *account_ids* (all when None): how "what changed" names them."""
    query = select(Complaint.id, Complaint.summary, Complaint.kind)
    if account_ids is not None:
        query = query.where(col(Complaint.account_id).in_(list(account_ids)))
    return list(conn.execute(query).all())


def open_by_owner(session: Session) -> dict[int, int]:
    """Open complaints (not other feedback) on active accounts, by the team member who owns the account."""
    from accountmgr.models import Account

    query = (
        select(Account.owner_id, func.count())
        .join(Complaint, col(Complaint.account_id) == col(Account.id))
        .where(Complaint.status == ComplaintStatus.OPEN, Complaint.kind == FeedbackKind.COMPLAINT,
               col(Account.archived).is_(False), col(Account.owner_id).is_not(None))
        .group_by(col(Account.owner_id))
    )
    return {owner: n for owner, n in session.exec(query).all() if owner is not None}
