"""Competitors present at a customer."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from accountmgr.models import CompetitorPresence


def of_account(session: Session, account_id: int) -> list[CompetitorPresence]:
    """The account's competitors by name (case-insensitive), then id."""
    query = (
        select(CompetitorPresence)
        .where(CompetitorPresence.account_id == account_id)
        .order_by(func.lower(CompetitorPresence.competitor), col(CompetitorPresence.id))
    )
    return list(session.exec(query).all())
