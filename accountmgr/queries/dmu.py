"""The people of a customer's decision-making unit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from accountmgr.models import DmuMember


def members_by_name(session: Session, account_id: int) -> list[DmuMember]:
    """The account's DMU members by name (case-insensitive), then id."""
    query = (
        select(DmuMember).where(DmuMember.account_id == account_id)
        .order_by(func.lower(DmuMember.name), col(DmuMember.id))
    )
    return list(session.exec(query).all())


def members(session: Session, account_id: int) -> list[DmuMember]:
    """The account's DMU members in stored order."""
    return list(session.exec(select(DmuMember).where(DmuMember.account_id == account_id)).all())


def reports_of(session: Session, member_id: int) -> list[DmuMember]:
    """The people who report to one DMU member."""
    return list(session.exec(select(DmuMember).where(DmuMember.reports_to_id == member_id)).all())


def report_names(session: Session, member_id: int) -> list[str]:
    """Names of the people who report to one DMU member, by name."""
    query = select(DmuMember.name).where(DmuMember.reports_to_id == member_id).order_by(func.lower(DmuMember.name))
    return list(session.exec(query).all())


def personal_wins(session: Session, account_id: int) -> list[Any]:
    """(id, name, title, personal win) of the account's DMU members, by name."""
    query = (
        select(DmuMember.id, DmuMember.name, DmuMember.title, DmuMember.personal_win)
        .where(DmuMember.account_id == account_id)
        .order_by(func.lower(DmuMember.name), col(DmuMember.id))
    )
    return list(session.exec(query).all())


def by_ids(session: Session, member_ids: list[int]) -> list[DmuMember]:
    """The DMU members with these ids."""
    return list(session.exec(select(DmuMember).where(col(DmuMember.id).in_(member_ids))).all())
