"""What the guidance for climbing a level needs to know about an account."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlmodel import Session, col, select

from accountmgr.models import CommunicationAction, Delivery, Opportunity, OpportunityStatus
from accountmgr.queries import assessments, constraints, dmu, reviews, value_proposition


def move_up_facts(session: Session, account_id: int, close_cooperation: Collection[Any]) -> dict[str, Any]:
    """The records and yes/no facts the guidance weighs, keyed by AccountFacts' field names."""
    return {
        "members": dmu.members(session, account_id),
        "proposition": value_proposition.of_account(session, account_id),
        "constraints": constraints.of_account(session, account_id),
        "latest_assessment": assessments.latest(session, account_id),
        "has_open_opportunity": session.exec(
            select(Opportunity.id).where(
                Opportunity.account_id == account_id, Opportunity.status == OpportunityStatus.OPEN
            )
        ).first() is not None,
        "has_scored_review": reviews.has_scored_driver(session, account_id),
        "has_close_delivery": session.exec(
            select(Delivery.id).where(Delivery.account_id == account_id, col(Delivery.cooperation).in_(close_cooperation))
        ).first() is not None,
        "has_actions": session.exec(
            select(CommunicationAction.id).where(CommunicationAction.account_id == account_id)
        ).first() is not None,
    }
