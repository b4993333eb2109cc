"""Statements over revenue per account and year."""

from __future__ import annotations

from sqlalchemy import Select
from sqlmodel import Session, col, select

from accountmgr.models.revenue import AccountRevenue


def years_of(session: Session, account_id: int) -> list[AccountRevenue]:
    """The account's revenue rows, oldest year first."""
    query = select(AccountRevenue).where(AccountRevenue.account_id == account_id).order_by(AccountRevenue.year)
    return list(session.exec(query).all())


def year_row(session: Session, account_id: int, year: int) -> AccountRevenue | None:
    """The account's row for *year*, if there is one."""
    return session.exec(_by_key(account_id, year)).first()


def _by_key(account_id: int, year: int) -> Select:
    return select(AccountRevenue).where(AccountRevenue.account_id == account_id, AccountRevenue.year == year)

