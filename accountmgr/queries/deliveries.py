"""What we delivered to a customer."""

from __future__ import annotations

from sqlmodel import Session, col, select

from accountmgr.models import Delivery


def of_account(session: Session, account_id: int) -> list[Delivery]:
    """The account's deliveries, oldest record first."""
    return list(session.exec(select(Delivery).where(col(Delivery.account_id) == account_id).order_by(col(Delivery.id))).all())
