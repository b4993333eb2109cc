"""Relationship-level assessments of a customer."""

from __future__ import annotations

from sqlmodel import Session, col, select

from accountmgr.models import LevelAssessment


def latest(session: Session, account_id: int) -> LevelAssessment | None:
    """The account's most recent assessment (latest date, then latest record)."""
    return session.exec(
        select(LevelAssessment)
        .where(LevelAssessment.account_id == account_id)
        .order_by(col(LevelAssessment.assessed_on).desc(), col(LevelAssessment.id).desc())
    ).first()


def of_account(session: Session, account_id: int) -> list[LevelAssessment]:
    """The account's assessments, oldest first."""
    query = (
        select(LevelAssessment)
        .where(LevelAssessment.account_id == account_id)
        .order_by(col(LevelAssessment.assessed_on), col(LevelAssessment.id))
    )
    return list(session.exec(query).all())
