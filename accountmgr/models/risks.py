"""Risks to the account (step g), rated by likelihood and impact."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from accountmgr.models.columns import account_fk, enum_column, utcnow, version_column, versioned_mapper_args
from accountmgr.models.enums import RiskStatus


class AccountRisk(SQLModel, table=True):
    """Something that could cost us the account or its growth, and what we do about it."""

    __tablename__ = "account_risk"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    description: str
    # Both rated 1 (very low) to 5 (very high); their product ranks the risks.
    likelihood: int = 3
    impact: int = 3
    mitigation: str = ""
    owner_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("team_member.id", ondelete="SET NULL"), index=True)
    )
    status: RiskStatus = Field(default=RiskStatus.OPEN, sa_column=enum_column(RiskStatus, default=RiskStatus.OPEN))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args
