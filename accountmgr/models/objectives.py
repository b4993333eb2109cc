"""Account objectives with their milestones (step g): what, by when, who owns it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from accountmgr.models.columns import account_fk, enum_column, utcnow, version_column, versioned_mapper_args
from accountmgr.models.enums import ObjectiveStatus


def _owner_fk() -> Column:
    return Column(Integer, ForeignKey("team_member.id", ondelete="SET NULL"), index=True)


class AccountObjective(SQLModel, table=True):
    """A goal for the account ("Partner by Q3 2027"); overdue when past its date and still open."""

    __tablename__ = "account_objective"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    title: str
    due_on: Optional[date] = None
    owner_id: Optional[int] = Field(default=None, sa_column=_owner_fk())
    status: ObjectiveStatus = Field(
        default=ObjectiveStatus.OPEN, sa_column=enum_column(ObjectiveStatus, default=ObjectiveStatus.OPEN, index=True)
    )
    notes: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class ObjectiveMilestone(SQLModel, table=True):
    """A step on the way to an objective, with its due date and when it was done."""

    __tablename__ = "objective_milestone"

    id: int = Field(default=None, primary_key=True)
    objective_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account_objective.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    title: str
    due_on: Optional[date] = None
    done_on: Optional[date] = None
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args
