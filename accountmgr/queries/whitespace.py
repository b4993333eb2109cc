"""What the white-space matrices read: offerings, who holds them, and the opportunities that sell them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, false, func, select, true

from accountmgr.models import (
    Account,
    DmuMember,
    Offering,
    OfferingHolding,
    Opportunity,
    OpportunityOffering,
    OpportunityStatus,
)
from accountmgr.models.columns import table_of

_offering = table_of(Offering)
_account = table_of(Account)
_opp = table_of(Opportunity)
_link = table_of(OpportunityOffering)
_holding = table_of(OfferingHolding)
_dmu = table_of(DmuMember)


def active_offerings(conn: Connection) -> list[tuple[int, str]]:
    """(id, name) of the active offerings, by name."""
    statement = select(_offering.c.id, _offering.c.name).where(_offering.c.active == true()).order_by(
        func.lower(_offering.c.name)
    )
    return [(row.id, row.name) for row in conn.execute(statement)]


def accounts_by_name(conn: Connection, *, include_archived: bool = False) -> list[Any]:
    """(id, name) of the accounts, by name."""
    statement = select(_account.c.id, _account.c.name).order_by(func.lower(_account.c.name))
    if not include_archived:
        statement = statement.where(_account.c.archived == false())
    return list(conn.execute(statement).all())


def opportunity_cells(conn: Connection, account_id: int | None = None) -> list[Any]:
    """(account id, offering id, status, opportunity name) of every won or open opportunity's offering."""
    statement = (
        select(_opp.c.account_id, _link.c.offering_id, _opp.c.status, _opp.c.name)
        .select_from(_opp.join(_link, _link.c.opportunity_id == _opp.c.id))
        .where(_opp.c.status.in_((OpportunityStatus.WON, OpportunityStatus.OPEN)))
        # A cell names its deals in a fixed order, the same on every engine.
        .order_by(_opp.c.account_id, _link.c.offering_id, _opp.c.id)
    )
    if account_id is not None:
        statement = statement.where(_opp.c.account_id == account_id)
    return list(conn.execute(statement).all())


def holding_cells(conn: Connection, account_id: int | None = None) -> list[Any]:
    """Every holding (who supplies which offering, where)."""
    h = _holding.c
    statement = select(h.account_id, h.offering_id, h.department, h.holder, h.competitor, h.notes).order_by(h.id)
    if account_id is not None:
        statement = statement.where(h.account_id == account_id)
    return list(conn.execute(statement).all())


def departments(conn: Connection, account_id: int) -> set[str]:
    """The account's departments named in its DMU (trimmed, blanks left out)."""
    department = func.trim(_dmu.c.department)
    statement = select(department).where(_dmu.c.account_id == account_id, department != "").distinct()
    return {row[0] for row in conn.execute(statement)}


def account_exists(conn: Connection, account_id: int) -> bool:
    """True when the account is stored."""
    return conn.execute(select(_account.c.id).where(_account.c.id == account_id)).first() is not None


def offering_name(conn: Connection, offering_id: int) -> str | None:
    """An offering's name, or None when it no longer exists."""
    return conn.execute(select(_offering.c.name).where(_offering.c.id == offering_id)).scalar()


def account_name(conn: Connection, account_id: int) -> str | None:
    """An account's name, or None when it no longer exists."""
    return conn.execute(select(_account.c.name).where(_account.c.id == account_id)).scalar()
