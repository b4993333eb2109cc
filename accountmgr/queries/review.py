"""Statements reading what an account review needs, for one account or many at once (the portfolio export)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from accountmgr.models.asks import ManagementAsk
from accountmgr.models.enums import OpportunityStatus
from accountmgr.models.objectives import AccountObjective, ObjectiveMilestone
from accountmgr.models.revenue import AccountRevenue
from accountmgr.models.risks import AccountRisk
from accountmgr.models.tables import Account, LevelAssessment, Opportunity


def _for(query: Any, column: Any, account_ids: Sequence[int] | None) -> Any:
    return query if account_ids is None else query.where(col(column).in_(list(account_ids)))


def accounts(session: Session, account_ids: Sequence[int] | None) -> list[Account]:
    return list(session.exec(_for(select(Account), Account.id, account_ids)).all())


def revenue_years(session: Session, account_ids: Sequence[int] | None) -> list[AccountRevenue]:
    query = _for(select(AccountRevenue), AccountRevenue.account_id, account_ids)
    return list(session.exec(query.order_by(AccountRevenue.account_id, AccountRevenue.year)).all())


def objectives(session: Session, account_ids: Sequence[int] | None) -> list[AccountObjective]:
    """Soonest due first, undated last."""
    query = _for(select(AccountObjective), AccountObjective.account_id, account_ids).order_by(
        col(AccountObjective.due_on).is_(None), AccountObjective.due_on, AccountObjective.id)
    return list(session.exec(query).all())


def milestones(session: Session, account_ids: Sequence[int] | None) -> list[ObjectiveMilestone]:
    """The milestones of the accounts' objectives, soonest due first, undated last."""
    query = select(ObjectiveMilestone).join(AccountObjective, col(AccountObjective.id) == col(ObjectiveMilestone.objective_id))
    query = _for(query, AccountObjective.account_id, account_ids).order_by(
        col(ObjectiveMilestone.due_on).is_(None), ObjectiveMilestone.due_on, ObjectiveMilestone.id)
    return list(session.exec(query).all())


def risks(session: Session, account_ids: Sequence[int] | None) -> list[AccountRisk]:
    query = _for(select(AccountRisk), AccountRisk.account_id, account_ids)
    return list(session.exec(query.order_by(AccountRisk.id)).all())


def asks(session: Session, account_ids: Sequence[int] | None) -> list[ManagementAsk]:
    query = _for(select(ManagementAsk), ManagementAsk.account_id, account_ids).order_by(
        col(ManagementAsk.needed_by).is_(None), ManagementAsk.needed_by, ManagementAsk.id)
    return list(session.exec(query).all())


def open_opportunities(session: Session, account_ids: Sequence[int] | None) -> list[Opportunity]:
    query = _for(select(Opportunity), Opportunity.account_id, account_ids).where(
        Opportunity.status == OpportunityStatus.OPEN)
    return list(session.exec(query.order_by(Opportunity.id)).all())


def assessments(session: Session, account_ids: Sequence[int] | None) -> list[LevelAssessment]:
    query = _for(select(LevelAssessment), LevelAssessment.account_id, account_ids)
    return list(session.exec(query.order_by(col(LevelAssessment.assessed_on), col(LevelAssessment.id))).all())
