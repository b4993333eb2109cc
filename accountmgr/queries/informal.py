"""The DMU's informal structure: influence lines and competitor leanings."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from accountmgr.models import CompetitorLeaning, InfluenceLine


def lines_of_account(session: Session, account_id: int) -> list[InfluenceLine]:
    """Every influence line of an account, oldest first."""
    query = select(InfluenceLine).where(InfluenceLine.account_id == account_id).order_by(col(InfluenceLine.id))
    return list(session.exec(query).all())


def lines_between(session: Session, account_id: int, from_id: int, to_id: int) -> list[InfluenceLine]:
    """The lines joining the two people in either direction (at most one line per pair)."""
    query = select(InfluenceLine).where(
        InfluenceLine.account_id == account_id,
        or_(
            (col(InfluenceLine.from_id) == from_id) & (col(InfluenceLine.to_id) == to_id),
            (col(InfluenceLine.from_id) == to_id) & (col(InfluenceLine.to_id) == from_id),
        ),
    )
    return list(session.exec(query).all())


def leanings_of_account(session: Session, account_id: int) -> list[CompetitorLeaning]:
    """Every competitor leaning of an account's DMU."""
    return list(session.exec(select(CompetitorLeaning).where(CompetitorLeaning.account_id == account_id)).all())


def leaning_of_member(session: Session, member_id: int) -> CompetitorLeaning | None:
    """The competitor one person leans to, if any."""
    return session.exec(select(CompetitorLeaning).where(CompetitorLeaning.member_id == member_id)).first()


def lines_of_member(session: Session, member_id: int) -> list[InfluenceLine]:
    """The lines a person is at either end of."""
    query = select(InfluenceLine).where(
        or_(col(InfluenceLine.from_id) == member_id, col(InfluenceLine.to_id) == member_id)
    )
    return list(session.exec(query).all())
