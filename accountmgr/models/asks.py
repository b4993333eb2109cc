"""Asks of management (step g): the support the account manager needs, from whom, by when."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from accountmgr.models.columns import account_fk, enum_column, utcnow, version_column, versioned_mapper_args
from accountmgr.models.enums import AskStatus


class ManagementAsk(SQLModel, table=True):
    """A request for support (budget, an executive sponsor, a specialist) and its answer."""

    __tablename__ = "management_ask"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    request: str
    # Whom it is asked of: a team member when they are one of ours, else a role in words ("Sales director").
    asked_of_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("team_member.id", ondelete="SET NULL"), index=True)
    )
    asked_of: str = ""
    needed_by: Optional[date] = None
    status: AskStatus = Field(default=AskStatus.OPEN, sa_column=enum_column(AskStatus, default=AskStatus.OPEN))
    answer: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args
