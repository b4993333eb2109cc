"""Statements about the DMU's informal structure: influence lines and competitor leanings."""

from __future__ import annotations

from sqlmodel import col, or_, select

from accountmgr.models import CompetitorLeaning, InfluenceLine


def lines_of_account(account_id: int):  # noqa: ANN201
    """Every influence line of an account, oldest first."""
    return select(InfluenceLine).where(InfluenceLine.account_id == account_id).order_by(col(InfluenceLine.id))


def line_between(account_id: int, from_id: int, to_id: int):  # noqa: ANN201
    """A line joining the two people in either direction (at most one line per pair)."""
    return select(InfluenceLine).where(
        InfluenceLine.account_id == account_id,
        or_(
            (col(InfluenceLine.from_id) == from_id) & (col(InfluenceLine.to_id) == to_id),
            (col(InfluenceLine.from_id) == to_id) & (col(InfluenceLine.to_id) == from_id),
        ),
    )


def leanings_of_account(account_id: int):  # noqa: ANN201
    """Every competitor leaning of an account's DMU."""
    return select(CompetitorLeaning).where(CompetitorLeaning.account_id == account_id)


def leaning_of_member(member_id: int):  # noqa: ANN201
    return select(CompetitorLeaning).where(CompetitorLeaning.member_id == member_id)


def lines_of_member(member_id: int):  # noqa: ANN201
    """The lines a person is at either end of."""
    return select(InfluenceLine).where(
        or_(col(InfluenceLine.from_id) == member_id, col(InfluenceLine.to_id) == member_id)
    )
