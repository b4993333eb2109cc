"""The DMU's informal structure: who influences whom beyond the reporting lines, and who leans to a competitor."""

from __future__ import annotations


from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from accountmgr.models.columns import enum_column, version_column, versioned_mapper_args
from accountmgr.models.enums import InfluenceDirection, InfluenceStrength


def _member_fk() -> Column:
    return Column(Integer, ForeignKey("dmu_member.id", ondelete="CASCADE"), nullable=False, index=True)


class InfluenceLine(SQLModel, table=True):
    """One DMU member influences another (or both each other), with a strength and a note."""

    __tablename__ = "influence_line"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    from_id: int = Field(sa_column=_member_fk())
    to_id: int = Field(sa_column=_member_fk())
    strength: InfluenceStrength = Field(
        default=InfluenceStrength.MEDIUM, sa_column=enum_column(InfluenceStrength, default=InfluenceStrength.MEDIUM)
    )
    direction: InfluenceDirection = Field(
        default=InfluenceDirection.ONE_WAY,
        sa_column=enum_column(InfluenceDirection, default=InfluenceDirection.ONE_WAY),
    )
    note: str = ""
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class CompetitorLeaning(SQLModel, table=True):
    """The competitor one DMU member leans to, and how strongly (at most one per person)."""

    __tablename__ = "competitor_leaning"

    id: int = Field(default=None, primary_key=True)
    member_id: int = Field(
        sa_column=Column(Integer, ForeignKey("dmu_member.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    competitor: str
    strength: InfluenceStrength = Field(
        default=InfluenceStrength.MEDIUM, sa_column=enum_column(InfluenceStrength, default=InfluenceStrength.MEDIUM)
    )
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args
