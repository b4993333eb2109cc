"""What other processes (windows, commands, imports) changed: cheap reads of the activity log's newest entries.

Every entry names the process that wrote it (``origin``), so a window can ask every second for what is new
and not its own. Raw SQL on the log's rowid only: no table classes are loaded, so the app starts as fast.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from accountmgr.models.columns import process_origin
from accountmgr.queries import activity as queries


@dataclass(frozen=True)
class ChangedElsewhere:
    """A change another process logged: what a screen may need to show again."""

    account_id: int | None
    entity: str
    entity_id: int | None


def about(changes: Iterable[ChangedElsewhere], account_id: int | None) -> list[ChangedElsewhere]:
    """The changes touching account *account_id*, or all of them for a portfolio-wide screen (*account_id* None).

    The one test every open screen uses to decide whether another process's changes are its business.
    """
    if account_id is None:
        return list(changes)
    return [c for c in changes
            if c.account_id == account_id or (c.entity == "account" and c.entity_id == account_id)]


def latest_id(db) -> int:  # noqa: ANN001
    """The newest log entry's id (0 for an empty log): where watching for other processes' changes starts."""
    with db.session() as session:
        return queries.change_marker(session.connection())


def changed_elsewhere(db, after_id: int, limit: int = 5000) -> tuple[int, list[ChangedElsewhere]]:  # noqa: ANN001
    """(newest id, changes logged after *after_id* by other processes), cheap enough to ask every second.

    The id is the rowid, so this reads only the new entries; the list is cut at *limit* (a big import in
    another process) and the newest id then stops there, so the rest comes with the next call.
    """
    try:
        with db.session() as session:
            rows = queries.newer_than(session.connection(), after_id, limit)
    except (sqlite3.Error, SQLAlchemyError):
        # Busy or briefly unreadable (a backup, a checkpoint): nothing is lost, the next look catches up.
        return after_id, []
    if not rows:
        return after_id, []
    mine = process_origin()
    return rows[-1][0], [ChangedElsewhere(r[1], r[2], r[3]) for r in rows if r[4] != mine]


_TABLES = {
    "account": "account", "dmu_member": "dmu_member", "opportunity": "opportunity",
    "action": "communication_action", "communication_action": "communication_action",
    "competitor": "competitor_presence", "constraint": "relationship_constraint", "delivery": "delivery",
    "review": "review", "team_member": "team_member", "value_proposition": "value_proposition",
    "holding": "offering_holding", "offering": "offering", "assessment": "level_assessment",
}
"""The table behind each entity name the activity log uses."""


def current_version(db, entity: str, record_id: int) -> int | None:  # noqa: ANN001
    """The record's version now (None if it is gone or not versioned): has it moved past what a form shows?"""
    table = _TABLES.get(entity)
    if table is None:
        return None
    with db.session() as session:
        return queries.record_version(session.connection(), table, record_id)
