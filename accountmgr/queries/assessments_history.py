"""Statements over the dated level assessments of an account."""

from __future__ import annotations

from sqlmodel import Session, col, select

from accountmgr.models.tables import LevelAssessment


def assessments_of(session: Session, account_id: int) -> list[LevelAssessment]:
    """The account's assessments, oldest first."""
    query = (
        select(LevelAssessment)
        .where(LevelAssessment.account_id == account_id)
        .order_by(col(LevelAssessment.assessed_on), col(LevelAssessment.id))
    )
    return list(session.exec(query).all())
