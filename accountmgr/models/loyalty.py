"""The loyalty tree's own tables: KPIs behind each key driver, their dated readings, improvement projects."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, Float, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from accountmgr.models.columns import enum_column, utcnow, version_column, versioned_mapper_args
from accountmgr.models.enums import LabelledEnum


class ProjectStatus(LabelledEnum):
    """Where an improvement project stands."""

    PLANNED = ("planned", "Planned")
    IN_PROGRESS = ("in_progress", "In progress")
    DONE = ("done", "Done")
    DROPPED = ("dropped", "Dropped")


def _account() -> Column:
    return Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)


def _team_member() -> Column:
    return Column(Integer, ForeignKey("team_member.id", ondelete="SET NULL"), nullable=True)


class Kpi(SQLModel, table=True):
    """A measurable index of one of our processes that a satisfaction driver of the account rests on."""

    __tablename__ = "kpi"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_account())
    driver: str
    """The satisfaction driver it supports, as named in the reviews."""
    name: str
    process: str = ""
    """The business process of ours it measures."""
    owner_id: Optional[int] = Field(default=None, sa_column=_team_member())
    unit: str = ""
    target: Optional[float] = Field(default=None, sa_column=Column(Float, nullable=True))
    current: Optional[float] = Field(default=None, sa_column=Column(Float, nullable=True))
    higher_is_better: bool = True
    notes: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class KpiReading(SQLModel, table=True):
    """One dated value of a KPI: its history."""

    __tablename__ = "kpi_reading"

    id: int = Field(default=None, primary_key=True)
    kpi_id: int = Field(sa_column=Column(Integer, ForeignKey("kpi.id", ondelete="CASCADE"), nullable=False,
                                         index=True))
    measured_on: date
    value: float = Field(sa_column=Column(Float, nullable=False))


class ImprovementProject(SQLModel, table=True):
    """A narrow, focused project on a driver where we trail the competitor, tracked by the KPI it must move."""

    __tablename__ = "improvement_project"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_account())
    driver: str
    name: str
    owner_id: Optional[int] = Field(default=None, sa_column=_team_member())
    due_on: Optional[date] = None
    kpi_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("kpi.id", ondelete="SET NULL"), nullable=True))
    status: ProjectStatus = Field(
        default=ProjectStatus.PLANNED, sa_column=enum_column(ProjectStatus, default=ProjectStatus.PLANNED))
    notes: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args
