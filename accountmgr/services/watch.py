"""What other processes (windows, commands, imports) changed: cheap reads of the activity log's newest entries.

Every entry names the process that wrote it (``origin``), so a window can ask every second for what is new
and not its own. Reads go through light table descriptions (``queries/watch.py``): no table classes are loaded,
so the app starts as fast.

On PostgreSQL, ids come from a sequence and concurrent transactions commit in any order: an entry with a lower
id (a long import) can become visible after higher ones were read. So there the look goes back a window behind
the newest id read and skips the entries it already reported.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from accountmgr.models.columns import process_origin
from accountmgr.queries.watch import log_entries_after, newest_log_id, record_version

if TYPE_CHECKING:
    from accountmgr.db import Database

LOOK_BACK = 5000
"""On PostgreSQL: how far behind the newest id read each look goes again for entries committed late."""


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


def latest_id(db: Database) -> int:
    """The newest log entry's id (0 for an empty log): where watching for other processes' changes starts."""
    with db.engine.connect() as conn:
        return newest_log_id(conn)


@dataclass
class _Known:
    """The log entries of the look-back window already seen on one PostgreSQL database (reported or older)."""

    ids: set[int] = field(default_factory=set)
    order: deque[int] = field(default_factory=deque)

    def add(self, entry_id: int) -> None:
        self.ids.add(entry_id)
        self.order.append(entry_id)
        while len(self.order) > 2 * LOOK_BACK:
            self.ids.discard(self.order.popleft())


_known: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def changed_elsewhere(db: Database, after_id: int, limit: int = 5000) -> tuple[int, list[ChangedElsewhere]]:
    """(newest id, changes logged after *after_id* by other processes), cheap enough to ask every second.

    The id is the log's key, so this reads only the new entries; the list is cut at *limit* (a big import in
    another process) and the newest id then stops there, so the rest comes with the next call.
    """
    late = db.dialect == "postgresql"
    start = max(0, after_id - LOOK_BACK) if late else after_id
    try:
        with db.engine.connect() as conn:
            rows = log_entries_after(conn, start, limit + (after_id - start))
    except (sqlite3.Error, SQLAlchemyError):
        # Busy or briefly unreadable (a backup, a checkpoint): nothing is lost, the next look catches up.
        return after_id, []
    if late:
        rows = _not_seen_before(db, rows, after_id)
    if not rows:
        return after_id, []
    mine = process_origin()
    return max(after_id, rows[-1][0]), [ChangedElsewhere(r[1], r[2], r[3]) for r in rows if r[4] != mine]


def _not_seen_before(db: Database, rows: Sequence[Any], after_id: int) -> list[Any]:
    """The rows of the window not seen by an earlier look; on the first look, only those after *after_id*."""
    known = _known.get(db)
    if known is None:
        known = _known[db] = _Known()
        for row in rows:
            if row[0] <= after_id:
                known.add(row[0])
    fresh = [row for row in rows if row[0] not in known.ids]
    for row in fresh:
        known.add(row[0])
    return fresh


_TABLES = {
    "account": "account", "dmu_member": "dmu_member", "opportunity": "opportunity",
    "action": "communication_action", "communication_action": "communication_action",
    "competitor": "competitor_presence", "constraint": "relationship_constraint", "delivery": "delivery",
    "review": "review", "team_member": "team_member", "value_proposition": "value_proposition",
    "holding": "offering_holding", "offering": "offering", "assessment": "level_assessment",
}
"""The table behind each entity name the activity log uses."""


def current_version(db: Database, entity: str, record_id: int) -> int | None:
    """The record's version now (None if it is gone or not versioned): has it moved past what a form shows?"""
    table = _TABLES.get(entity)
    if table is None:
        return None
    with db.engine.connect() as conn:
        return record_version(conn, table, record_id)
