"""Constraints on a customer relationship."""

from __future__ import annotations

from sqlmodel import Session, select

from accountmgr.models import RelationshipConstraint


def of_account(session: Session, account_id: int) -> list[RelationshipConstraint]:
    """The account's constraints in stored order."""
    return list(session.exec(select(RelationshipConstraint).where(RelationshipConstraint.account_id == account_id)).all())
