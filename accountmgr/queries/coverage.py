"""The key players of every account, for the coverage status in bulk."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, select

from accountmgr.models import Account, DmuMember
from accountmgr.models.columns import table_of
from accountmgr.queries.portfolio import key_player_condition

_a = table_of(Account)
_m = table_of(DmuMember)


def key_players_by_account(conn: Connection) -> list[Any]:
    """(account id, roles, attitude, owner id, coverage, last contact) of every key player; an account
    without one gives a single row of Nones after its id."""
    statement = select(_a.c.id, _m.c.roles, _m.c.attitude, _m.c.owner_id, _m.c.coverage, _m.c.last_contact).select_from(
        _a.outerjoin(_m, and_(_m.c.account_id == _a.c.id, key_player_condition(_m)))
    )
    return list(conn.execute(statement).all())
