"""Account reviews and their satisfaction drivers."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from accountmgr.models import Review, ReviewDriver


def newest_first(session: Session, account_id: int) -> list[Review]:
    """The account's reviews, newest first."""
    query = (
        select(Review)
        .where(Review.account_id == account_id)
        .order_by(col(Review.reviewed_on).desc(), col(Review.id).desc())
    )
    return list(session.exec(query).all())


def oldest_first(session: Session, account_id: int) -> list[Review]:
    """The account's reviews, oldest first."""
    query = select(Review).where(Review.account_id == account_id).order_by(col(Review.reviewed_on), col(Review.id))
    return list(session.exec(query).all())


def drivers(session: Session, review_id: int) -> list[ReviewDriver]:
    """One review's satisfaction drivers, in the order they were entered."""
    return list(session.exec(select(ReviewDriver).where(col(ReviewDriver.review_id) == review_id).order_by(col(ReviewDriver.id))).all())


def latest_satisfaction(session: Session, account_id: int) -> int | None:
    """The satisfaction of the account's latest review that has one."""
    return session.exec(
        select(Review.satisfaction)
        .where(Review.account_id == account_id, col(Review.satisfaction).is_not(None))
        .order_by(col(Review.reviewed_on).desc(), col(Review.id).desc())
    ).first()


def count(session: Session, account_id: int) -> int:
    """How many reviews the account has."""
    return int(session.exec(select(func.count()).select_from(Review).where(Review.account_id == account_id)).one())


def has_scored_driver(session: Session, account_id: int) -> bool:
    """True when one of the account's reviews scores us on a driver."""
    return session.exec(
        select(Review.id)
        .join(ReviewDriver, col(ReviewDriver.review_id) == Review.id)
        .where(Review.account_id == account_id, col(ReviewDriver.our_score).is_not(None))
    ).first() is not None
