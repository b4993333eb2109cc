"""Statements about complaints and the recovery guidelines."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

# Only the complaint tables at import: the portfolio reads open complaints on its way to the first screen,
# and the other table classes cost about 100 ms to build.
from accountmgr.models.complaints import Complaint, RecoveryGuideline
from accountmgr.models.enums import ComplaintStatus, FeedbackKind


def of_account(account_id: int):  # noqa: ANN201
    """An account's complaints and feedback with the DMU member's name, newest first."""
    from accountmgr.models import DmuMember

    return (
        select(Complaint, DmuMember.name)
        .join(DmuMember, col(DmuMember.id) == col(Complaint.member_id), isouter=True)
        .where(Complaint.account_id == account_id)
        .order_by(col(Complaint.received_on).desc(), col(Complaint.id).desc())
    )


def open_complaints():  # noqa: ANN201
    """Every open complaint (not other feedback) of every account: what churn risk and the review pack look at."""
    return (
        select(Complaint.account_id, Complaint.id, Complaint.nature, Complaint.received_on, Complaint.summary,
               Complaint.severity)
        .where(Complaint.status == ComplaintStatus.OPEN, Complaint.kind == FeedbackKind.COMPLAINT)
        .order_by(col(Complaint.received_on), col(Complaint.id))
    )


def open_complaints_with_accounts():  # noqa: ANN201
    """Open complaints with their account's name (active accounts only)."""
    from accountmgr.models import Account

    return (
        select(Complaint, Account.name)
        .join(Account, col(Account.id) == col(Complaint.account_id))
        .where(Complaint.status == ComplaintStatus.OPEN, Complaint.kind == FeedbackKind.COMPLAINT,
               col(Account.archived).is_(False))
        .order_by(col(Complaint.received_on), col(Complaint.id))
    )


def guidelines():  # noqa: ANN201
    """The guideline cells the user changed."""
    return select(RecoveryGuideline)


def guideline_cell(nature: str, segment: str):  # noqa: ANN201
    return select(RecoveryGuideline).where(RecoveryGuideline.nature == nature, RecoveryGuideline.segment == segment)


def of_member(member_id: int):  # noqa: ANN201
    """The complaints a DMU member raised (person export, erasure)."""
    return select(Complaint).where(Complaint.member_id == member_id).order_by(col(Complaint.received_on))


def received_since(account_id: int, since: date):  # noqa: ANN201
    return select(Complaint).where(Complaint.account_id == account_id, col(Complaint.received_on) >= since)


def summaries(account_ids=None):  # noqa: ANN001, ANN201
    """(id, summary, kind) of the complaints of *account_ids* (all when None): how "what changed" names them."""
    statement = select(Complaint.id, Complaint.summary, Complaint.kind)
    if account_ids is not None:
        statement = statement.where(col(Complaint.account_id).in_(list(account_ids)))
    return statement


def open_by_owner(session: Session) -> dict[int, int]:
    """Open complaints (not other feedback) on active accounts, by the team member who owns the account."""
    from sqlalchemy import func

    from accountmgr.models import Account

    query = (
        select(Account.owner_id, func.count())
        .join(Complaint, col(Complaint.account_id) == col(Account.id))
        .where(Complaint.status == ComplaintStatus.OPEN, Complaint.kind == FeedbackKind.COMPLAINT,
               col(Account.archived).is_(False), col(Account.owner_id).is_not(None))
        .group_by(Account.owner_id)
    )
    return {owner: n for owner, n in session.exec(query).all() if owner is not None}
