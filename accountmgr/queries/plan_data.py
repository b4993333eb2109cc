"""Everything one account plan shows, read table by table for one account or the whole portfolio."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, false, func, select
from sqlmodel import SQLModel

from accountmgr.models import (
    Account,
    ActionDmuLink,
    ActionTeamLink,
    CommunicationAction,
    Offering,
    Opportunity,
    OpportunityOffering,
    Review,
    ReviewDriver,
    TeamMember,
)
from accountmgr.models.columns import table_of


def _table(model: type[SQLModel]) -> Any:
    return table_of(model)


def accounts(conn: Connection, account_ids: Sequence[int] | None, *, include_archived: bool) -> list[dict[str, Any]]:
    """The accounts asked for (all when None), by name (case-insensitive) then id."""
    table = _table(Account)
    statement = select(table).order_by(func.lower(table.c.name), table.c.id)
    if account_ids is not None:
        statement = statement.where(table.c.id.in_(list(account_ids)))
    if not include_archived:
        statement = statement.where(table.c.archived == false())
    return [dict(row) for row in conn.execute(statement).mappings()]


def rows_of_accounts(conn: Connection, model: type[SQLModel], account_ids: Sequence[int] | None, order: Sequence[str]) -> list[dict[str, Any]]:
    """Every row of *model* for the accounts (all when None), ordered by the named columns ("lower(x)" for
    a case-insensitive order)."""
    table = _table(model)
    keys = [func.lower(table.c[name[6:-1]]) if name.startswith("lower(") else table.c[name] for name in order]
    statement = select(table).order_by(*keys)
    if account_ids is not None:
        statement = statement.where(table.c.account_id.in_(list(account_ids)))
    return [dict(row) for row in conn.execute(statement).mappings()]


def review_drivers(conn: Connection, account_ids: Sequence[int] | None) -> list[dict[str, Any]]:
    """The satisfaction drivers of the accounts' reviews, by review then id."""
    table = _table(ReviewDriver)
    statement = select(table).order_by(table.c.review_id, table.c.id)
    if account_ids is not None:
        reviews = _table(Review)
        statement = statement.where(
            table.c.review_id.in_(select(reviews.c.id).where(reviews.c.account_id.in_(list(account_ids))))
        )
    return [dict(row) for row in conn.execute(statement).mappings()]


def _links(conn: Connection, model: type[SQLModel], left: str, right: str, owner: type[SQLModel],
           account_ids: Sequence[int] | None) -> list[tuple[int, int]]:
    table = _table(model)
    statement = select(table.c[left], table.c[right])
    if account_ids is not None:
        owners = _table(owner)
        statement = statement.where(
            table.c[left].in_(select(owners.c.id).where(owners.c.account_id.in_(list(account_ids))))
        )
    return [tuple(row) for row in conn.execute(statement)]


def action_members(conn: Connection, account_ids: Sequence[int] | None) -> list[tuple[int, int]]:
    """(action id, DMU member id) of the accounts' actions."""
    return _links(conn, ActionDmuLink, "action_id", "member_id", CommunicationAction, account_ids)


def action_team(conn: Connection, account_ids: Sequence[int] | None) -> list[tuple[int, int]]:
    """(action id, team member id) of the accounts' actions."""
    return _links(conn, ActionTeamLink, "action_id", "team_member_id", CommunicationAction, account_ids)


def opportunity_offerings(conn: Connection, account_ids: Sequence[int] | None) -> list[tuple[int, int]]:
    """(opportunity id, offering id) of the accounts' opportunities."""
    return _links(conn, OpportunityOffering, "opportunity_id", "offering_id", Opportunity, account_ids)


def team_names(conn: Connection) -> dict[int, str]:
    """{id: name} of our team."""
    table = _table(TeamMember)
    return {row.id: row.name for row in conn.execute(select(table.c.id, table.c.name))}


def offering_names(conn: Connection) -> dict[int, str]:
    """{id: name} of the offerings."""
    table = _table(Offering)
    return {row.id: row.name for row in conn.execute(select(table.c.id, table.c.name))}
