"""Statements about the programmes accounts are in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlmodel import Session, col, select

from accountmgr.models import AccountProgramme
from accountmgr.models.programmes import Programme


def programmes_of(session: Session, account_id: int) -> list[AccountProgramme]:
    """The programmes one account is in, in the sources' order."""
    rows = session.exec(select(AccountProgramme).where(AccountProgramme.account_id == account_id)).all()
    order = list(Programme)
    return sorted(rows, key=lambda row: order.index(row.programme))


def membership(session: Session, account_id: int, programme: Programme) -> AccountProgramme | None:
    """The account's row for one programme, if it is in it."""
    return session.exec(select(AccountProgramme).where(
        AccountProgramme.account_id == account_id, AccountProgramme.programme == programme)).first()


def programmes_by_account(session: Session, account_ids: Iterable[int]) -> dict[int, list[AccountProgramme]]:
    """The programmes of several accounts at once (the plan of a whole portfolio)."""
    ids = list(account_ids)
    found: dict[int, list[AccountProgramme]] = defaultdict(list)
    order = list(Programme)
    for start in range(0, len(ids), 500):  # keeps the IN list under every database's parameter limit
        query = select(AccountProgramme).where(col(AccountProgramme.account_id).in_(ids[start:start + 500]))
        for row in session.exec(query).all():
            found[row.account_id].append(row)
    return {account_id: sorted(rows, key=lambda r: order.index(r.programme)) for account_id, rows in found.items()}
