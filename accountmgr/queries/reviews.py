"""Statements about reviews and their satisfaction drivers."""

from __future__ import annotations

from sqlmodel import col, select

from accountmgr.models import Review, ReviewDriver


def latest_review_id(account_id: int):  # noqa: ANN201
    """The id of the account's newest review (by date, then by id)."""
    return (
        select(Review.id)
        .where(Review.account_id == account_id)
        .order_by(col(Review.reviewed_on).desc(), col(Review.id).desc())
        .limit(1)
    )


def drivers_of(review_id: int):  # noqa: ANN201
    """A review's drivers in the order they were entered."""
    return select(ReviewDriver).where(ReviewDriver.review_id == review_id).order_by(col(ReviewDriver.id))
