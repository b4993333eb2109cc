"""The programmes an account is in: customer service, loyalty, one-to-one (method, section 9)."""

from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from accountmgr.models.columns import enum_column, version_column, versioned_mapper_args
from accountmgr.models.enums import LabelledEnum


class Programme(LabelledEnum):
    """The three programmes of the sources, with the Italian term as a hint."""

    CUSTOMER_SERVICE = ("customer_service", "Customer-service programme", "programma di customer service")
    LOYALTY = ("loyalty", "Loyalty programme", "programma di fidelizzazione")
    ONE_TO_ONE = ("one_to_one", "One-to-one programme", "programma one-to-one")


class AccountProgramme(SQLModel, table=True):
    """An account's membership of one programme, chosen in the strategy step."""

    __tablename__ = "account_programme"
    __table_args__ = (UniqueConstraint("account_id", "programme"),)

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False,
                                             index=True))
    programme: Programme = Field(sa_column=enum_column(Programme))
    since: Optional[date] = None
    note: str = ""
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args
