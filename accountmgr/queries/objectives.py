"""Statements over account objectives and their milestones."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from accountmgr.models.enums import ObjectiveStatus
from accountmgr.models.objectives import AccountObjective, ObjectiveMilestone
from accountmgr.models.tables import Account


def objectives_of(session: Session, account_id: int) -> list[AccountObjective]:
    """The account's objectives, soonest due first (undated last)."""
    query = (
        select(AccountObjective)
        .where(AccountObjective.account_id == account_id)
        .order_by(col(AccountObjective.due_on).is_(None), col(AccountObjective.due_on), col(AccountObjective.id))
    )
    return list(session.exec(query).all())


def milestones_of(session: Session, objective_ids: list[int]) -> list[ObjectiveMilestone]:
    """The milestones of the given objectives, soonest due first."""
    if not objective_ids:
        return []
    query = (
        select(ObjectiveMilestone)
        .where(col(ObjectiveMilestone.objective_id).in_(objective_ids))
        .order_by(col(ObjectiveMilestone.due_on).is_(None), col(ObjectiveMilestone.due_on), col(ObjectiveMilestone.id))
    )
    return list(session.exec(query).all())


def overdue_counts(session: Session, today: date) -> dict[int, int]:
    """{account id: number of open objectives due before *today*}, accounts without any left out."""
    query = (
        select(AccountObjective.account_id, func.count())
        .where(col(AccountObjective.status) == ObjectiveStatus.OPEN, col(AccountObjective.due_on) < today)
        .group_by(col(AccountObjective.account_id))
    )
    return {account_id: count for account_id, count in session.exec(query).all()}


def overdue_with_accounts(session: Session, today: date) -> list[tuple[AccountObjective, str]]:
    """Open objectives due before *today* with their account's name, oldest due first (archived accounts left out)."""
    query = (
        select(AccountObjective, Account.name)
        .join(Account, col(Account.id) == AccountObjective.account_id)
        .where(col(AccountObjective.status) == ObjectiveStatus.OPEN, col(AccountObjective.due_on) < today)
        .where(col(Account.archived).is_(False))
        .order_by(col(AccountObjective.due_on), col(AccountObjective.id))
    )
    return [(row, name) for row, name in session.exec(query).all()]
