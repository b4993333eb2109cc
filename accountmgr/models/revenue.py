"""Revenue per account and year: what we invoiced and what we aimed for (step e)."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from accountmgr.models.columns import account_fk, utcnow, version_column, versioned_mapper_args


class AccountRevenue(SQLModel, table=True):
    """One account's year: actual revenue, revenue target and the customer's category spend, each optional, in cents."""

    __tablename__ = "account_revenue"
    # One row per account and year, which is also the key a repeated import updates by.
    __table_args__ = (UniqueConstraint("account_id", "year", name="uq_account_revenue_account_year"),)

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    year: int
    actual_cents: Optional[int] = None
    target_cents: Optional[int] = None
    # The customer's spend in our category that year (its purchase potential); blank = the account's current one.
    potential_cents: Optional[int] = None
    notes: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


