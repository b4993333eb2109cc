"""Opportunities and pipeline totals."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Connection, cast, false, func, select
from sqlmodel import Session
from sqlmodel import select as select_rows

from accountmgr.models import Account, Opportunity, OpportunityStatus
from accountmgr.models.columns import table_of
from accountmgr.queries.portfolio import sum_cents, weighted_cents_sql

_opp = table_of(Opportunity)
_account = table_of(Account)


def of_account(session: Session, account_id: int) -> list[Opportunity]:
    """The account's opportunities in stored order."""
    return list(session.exec(select_rows(Opportunity).where(Opportunity.account_id == account_id)).all())


def totals_by_status(conn: Connection, *, account_id: int | None = None, include_archived: bool = True) -> list[Any]:
    """(status, count, value, weighted value) per status, for one account or the portfolio."""
    statement = select(
        _opp.c.status,
        func.count().label("n"),
        func.coalesce(sum_cents(cast(_opp.c.value_cents, BigInteger)), 0).label("value"),
        func.coalesce(sum_cents(weighted_cents_sql(_opp)), 0).label("weighted"),
    ).group_by(_opp.c.status)
    if account_id is not None:
        statement = statement.where(_opp.c.account_id == account_id)
    if not include_archived:
        statement = statement.join(_account, _account.c.id == _opp.c.account_id).where(_account.c.archived == false())
    return list(conn.execute(statement).all())


def weighted_by_account(conn: Connection) -> dict[int, int]:
    """Weighted open pipeline per account id."""
    statement = (
        select(_opp.c.account_id, sum_cents(weighted_cents_sql(_opp)))
        .where(_opp.c.status == OpportunityStatus.OPEN)
        .group_by(_opp.c.account_id)
    )
    return {account_id: int(total or 0) for account_id, total in conn.execute(statement).all()}
