"""What the calendar export reads besides the actions: creation stamps (for stable event ids) and job titles.

The stamps are read untyped, exactly as stored, so event ids stay the same as in earlier exports.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, column, select, table

_account = table("account", column("id"), column("name"), column("created_at"))
_action = table("communication_action", column("id"), column("account_id"), column("created_at"), column("updated_at"))
_dmu = table("dmu_member", column("account_id"), column("name"), column("title"))


def account_stamp(conn: Connection, account_id: int) -> Any:
    """(name, created_at) of the account, or None when it is gone."""
    return conn.execute(select(_account.c.name, _account.c.created_at).where(_account.c.id == account_id)).first()


def action_stamps(conn: Connection, account_id: int) -> dict[int, tuple[Any, Any]]:
    """{action id: (created_at, updated_at)} of the account's actions."""
    statement = select(_action.c.id, _action.c.created_at, _action.c.updated_at).where(
        _action.c.account_id == account_id
    )
    return {row.id: (row.created_at, row.updated_at) for row in conn.execute(statement)}


def member_titles(conn: Connection, account_id: int) -> dict[str, str]:
    """{name: job title} of the account's DMU members."""
    statement = select(_dmu.c.name, _dmu.c.title).where(_dmu.c.account_id == account_id)
    return {row.name: row.title for row in conn.execute(statement)}
