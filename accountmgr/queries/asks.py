"""Statements over the asks of management."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from accountmgr.models.asks import ManagementAsk
from accountmgr.models.enums import AskStatus


def asks_of(session: Session, account_id: int) -> list[ManagementAsk]:
    """The account's asks, soonest needed first (undated last)."""
    query = (
        select(ManagementAsk)
        .where(ManagementAsk.account_id == account_id)
        .order_by(col(ManagementAsk.needed_by).is_(None), col(ManagementAsk.needed_by), col(ManagementAsk.id))
    )
    return list(session.exec(query).all())


def open_ask_counts(session: Session) -> dict[int, int]:
    """{account id: number of open asks}."""
    query = (
        select(ManagementAsk.account_id, func.count())
        .where(ManagementAsk.status == AskStatus.OPEN)
        .group_by(col(ManagementAsk.account_id))
    )
    return {account_id: count for account_id, count in session.exec(query).all()}
