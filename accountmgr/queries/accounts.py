"""Accounts: looking them up by name, listing and counting."""

from __future__ import annotations

from typing import Any

from sqlalchemy import false, func, or_
from sqlmodel import Session, col, select

from accountmgr.models import Account


def name_taken(session: Session, name: str, *, other_than: int | None = None) -> bool:
    """True when another account already has *name* (any case)."""
    query = select(Account.id).where(func.lower(Account.name) == name.lower())
    if other_than is not None:
        query = query.where(Account.id != other_than)
    return session.exec(query).first() is not None


def accounts_by_name(session: Session, *, include_archived: bool = False) -> list[Account]:
    """Accounts ordered by name (case-insensitive), archived ones only when asked."""
    query = select(Account).order_by(func.lower(Account.name))
    if not include_archived:
        query = query.where(col(Account.archived) == false())
    return list(session.exec(query).all())


def count(session: Session, *, include_archived: bool = True) -> int:
    """How many accounts there are."""
    query = select(func.count()).select_from(Account)
    if not include_archived:
        query = query.where(col(Account.archived) == false())
    return int(session.exec(query).one())


def ids_and_names(session: Session) -> list[Any]:
    """(id, name) of every account, archived ones too."""
    return list(session.exec(select(Account.id, Account.name)).all())




def group_links(session: Session) -> dict[int, int | None]:
    """Account id → parent id, for the accounts that have a parent or subsidiaries."""
    parents = select(Account.parent_id).where(col(Account.parent_id).is_not(None))
    query = select(Account.id, Account.parent_id).where(
        or_(col(Account.parent_id).is_not(None), col(Account.id).in_(parents))
    )
    return {row_id: parent for row_id, parent in session.exec(query).all()}
