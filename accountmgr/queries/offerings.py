"""Our offerings, who holds them at each account, and which opportunities sell them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from accountmgr.models import Offering, OfferingHolding, Opportunity, OpportunityOffering


def name_taken(session: Session, name: str, *, other_than: int | None = None) -> bool:
    """True when another offering already has *name* (any case)."""
    query = select(Offering.id).where(func.lower(Offering.name) == name.lower())
    if other_than is not None:
        query = query.where(Offering.id != other_than)
    return session.exec(query).first() is not None


def by_name(session: Session, *, include_inactive: bool = False) -> list[Offering]:
    """Offerings by name (case-insensitive); retired ones only when asked."""
    query = select(Offering).order_by(func.lower(Offering.name))
    if not include_inactive:
        query = query.where(col(Offering.active))
    return list(session.exec(query).all())


def active_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the active offerings, by name."""
    query = select(Offering.id, Offering.name).where(col(Offering.active)).order_by(func.lower(Offering.name))
    return [(offering_id, name) for offering_id, name in session.exec(query).all()]


def in_use(session: Session, offering_id: int) -> bool:
    """True when an opportunity or a holding refers to the offering."""
    used = session.exec(
        select(OpportunityOffering.opportunity_id).where(OpportunityOffering.offering_id == offering_id)
    ).first()
    if used is not None:
        return True
    return session.exec(select(OfferingHolding.id).where(OfferingHolding.offering_id == offering_id)).first() is not None


def holdings_of(session: Session, account_id: int) -> list[OfferingHolding]:
    """Who supplies what at the account, in the order recorded."""
    return list(session.exec(
        select(OfferingHolding).where(OfferingHolding.account_id == account_id).order_by(col(OfferingHolding.id))
    ).all())


def with_ids(session: Session, offering_ids: list[int]) -> list[Offering]:
    """The offerings with these ids (those that still exist)."""
    return list(session.exec(select(Offering).where(col(Offering.id).in_(offering_ids))).all())


def links_of_opportunity(session: Session, opportunity_id: int) -> list[OpportunityOffering]:
    """The opportunity's links to offerings."""
    return list(session.exec(
        select(OpportunityOffering).where(OpportunityOffering.opportunity_id == opportunity_id)
    ).all())


def names_of_opportunity(session: Session, opportunity_id: int) -> list[str]:
    """Names of the offerings one opportunity sells, sorted."""
    query = (
        select(Offering.name)
        .join(OpportunityOffering, col(OpportunityOffering.offering_id) == Offering.id)
        .where(OpportunityOffering.opportunity_id == opportunity_id)
    )
    return sorted(session.exec(query).all())


def ids_of_opportunity(session: Session, opportunity_id: int) -> list[int]:
    """Ids of the offerings one opportunity sells."""
    query = select(OpportunityOffering.offering_id).where(OpportunityOffering.opportunity_id == opportunity_id)
    return list(session.exec(query).all())


def names_by_opportunity(session: Session, account_id: int) -> list[Any]:
    """(opportunity id, offering name) for every opportunity of the account."""
    query = (
        select(OpportunityOffering.opportunity_id, Offering.name)
        .join(Offering, col(Offering.id) == OpportunityOffering.offering_id)
        .join(Opportunity, col(Opportunity.id) == OpportunityOffering.opportunity_id)
        .where(Opportunity.account_id == account_id)
    )
    return list(session.exec(query).all())
