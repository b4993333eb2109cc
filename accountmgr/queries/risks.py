"""Statements over the risks to an account."""

from __future__ import annotations

from sqlmodel import Session, col, select

from accountmgr.models.risks import AccountRisk


def risks_of(session: Session, account_id: int) -> list[AccountRisk]:
    """The account's risks in the order they were entered."""
    query = select(AccountRisk).where(col(AccountRisk.account_id) == account_id).order_by(col(AccountRisk.id))
    return list(session.exec(query).all())
