"""Complaints and other feedback per account, and the recovery guidelines by nature of complaint × value segment."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from accountmgr.models.columns import enum_column, utcnow, version_column, versioned_mapper_args
from accountmgr.models.enums import ComplaintNature, ComplaintStatus, FeedbackKind, RecoveryActor, Severity


class Complaint(SQLModel, table=True):
    """A complaint or other feedback from the customer, its routing and its recovery."""

    __tablename__ = "complaint"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    received_on: date
    member_id: Optional[int] = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("dmu_member.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    kind: FeedbackKind = Field(
        default=FeedbackKind.COMPLAINT, sa_column=enum_column(FeedbackKind, default=FeedbackKind.COMPLAINT)
    )
    nature: ComplaintNature = Field(sa_column=enum_column(ComplaintNature))
    severity: Severity = Field(default=Severity.MEDIUM, sa_column=enum_column(Severity, default=Severity.MEDIUM))
    summary: str
    department: str = ""
    status: ComplaintStatus = Field(
        default=ComplaintStatus.OPEN, sa_column=enum_column(ComplaintStatus, default=ComplaintStatus.OPEN, index=True)
    )
    resolution: str = ""
    compensation_cents: int = 0
    answered_on: Optional[date] = None
    closed_on: Optional[date] = None
    created_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class RecoveryGuideline(SQLModel, table=True):
    """Who may act on a complaint of one nature from a customer of one value segment, up to what, how fast.

    Only the cells the user changed are stored; the others take the defaults of
    :mod:`accountmgr.services.recovery`.
    """

    __tablename__ = "recovery_guideline"
    __table_args__ = (UniqueConstraint("nature", "segment", name="uq_recovery_guideline_cell"),)

    id: int = Field(default=None, primary_key=True)
    nature: ComplaintNature = Field(sa_column=enum_column(ComplaintNature))
    segment: str = Field(sa_column=Column(String(32), nullable=False))
    actor: RecoveryActor = Field(sa_column=enum_column(RecoveryActor))
    compensation_limit_cents: int = 0
    response_days: int = 2
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args
