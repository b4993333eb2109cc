"""Statements over revenue per account and year."""

from __future__ import annotations

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from accountmgr.models.revenue import AccountRevenue


def years_of(session: Session, account_id: int) -> list[AccountRevenue]:
    """The account's revenue rows, oldest year first."""
    query = select(AccountRevenue).where(col(AccountRevenue.account_id) == account_id).order_by(col(AccountRevenue.year))
    return list(session.exec(query).all())


def year_row(session: Session, account_id: int, year: int) -> AccountRevenue | None:
    """The account's row for *year*, if there is one."""
    return session.exec(_by_key(account_id, year)).first()


def _by_key(account_id: int, year: int) -> SelectOfScalar[AccountRevenue]:
    return select(AccountRevenue).where(AccountRevenue.account_id == account_id, AccountRevenue.year == year)

