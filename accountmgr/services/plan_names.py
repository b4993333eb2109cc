"""The names an account's plan shows, for screens that must not split one across lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accountmgr.services import competitors, dmu, team
from accountmgr.services.accounts import get_account

if TYPE_CHECKING:
    from accountmgr.db import Database


def names_in_plan(db: Database, account_id: int) -> list[str]:
    """The account's name, its DMU members', its competitors' and our team's (inactive members too: past actions
    name them)."""
    names = [get_account(db, account_id).name]
    names += [member.name for member in dmu.list_members(db, account_id)]
    names += [row.competitor for row in competitors.list_competitors(db, account_id)]
    names += [member.name for member in team.list_team(db, include_inactive=True)]
    return sorted({name for name in names if name and name.strip()}, key=len, reverse=True)
