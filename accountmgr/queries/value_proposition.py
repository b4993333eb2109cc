"""An account's value proposition."""

from __future__ import annotations

from sqlmodel import Session, select

from accountmgr.models import ValueProposition


def of_account(session: Session, account_id: int) -> ValueProposition | None:
    """The account's value proposition, if one was written."""
    return session.exec(select(ValueProposition).where(ValueProposition.account_id == account_id)).first()
