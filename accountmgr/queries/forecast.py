"""Statements behind the weighted forecast: an account's open opportunities."""

from __future__ import annotations

from sqlmodel import Session, select

from accountmgr.models.enums import OpportunityStatus
from accountmgr.models.tables import Opportunity


def open_opportunities(session: Session, account_id: int) -> list[Opportunity]:
    """The account's open opportunities."""
    query = select(Opportunity).where(
        Opportunity.account_id == account_id, Opportunity.status == OpportunityStatus.OPEN
    )
    return list(session.exec(query.order_by(Opportunity.id)).all())
