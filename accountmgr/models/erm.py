"""Our own people in the method (employee relationship management): assessments and incentive objectives."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from accountmgr.models.columns import enum_column, utcnow, version_column, versioned_mapper_args
from accountmgr.models.enums import LabelledEnum


class ObjectiveScope(LabelledEnum):
    """Whose result an incentive objective rewards."""

    PERSONAL = ("personal", "Personal", "individuale")
    TEAM = ("team", "Team", "di squadra")


class ObjectiveKind(LabelledEnum):
    """What an incentive objective measures: business results or the customers' loyalty."""

    BUSINESS = ("business", "Business", "economico")
    LOYALTY = ("loyalty", "Customer loyalty", "fedeltà del cliente")


def member_fk() -> Column:
    return Column(Integer, ForeignKey("team_member.id", ondelete="CASCADE"), nullable=False, index=True)


class TeamAssessment(SQLModel, table=True):
    """One dated judgement of a team member's potential and commitment (1–5 each); the latest counts."""

    __tablename__ = "team_assessment"

    id: int = Field(default=None, primary_key=True)
    team_member_id: int = Field(sa_column=member_fk())
    assessed_on: date
    potential: int
    commitment: int
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class IncentiveObjective(SQLModel, table=True):
    """An objective a team member is rewarded on, with the three checks of a sound incentive."""

    __tablename__ = "incentive_objective"

    id: int = Field(default=None, primary_key=True)
    team_member_id: int = Field(sa_column=member_fk())
    description: str
    scope: ObjectiveScope = Field(
        default=ObjectiveScope.PERSONAL, sa_column=enum_column(ObjectiveScope, default=ObjectiveScope.PERSONAL)
    )
    kind: ObjectiveKind = Field(
        default=ObjectiveKind.BUSINESS, sa_column=enum_column(ObjectiveKind, default=ObjectiveKind.BUSINESS)
    )
    measure: str = ""
    due_on: Optional[date] = None
    visible: bool = False
    reachable: bool = False
    influenceable: bool = False
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args
