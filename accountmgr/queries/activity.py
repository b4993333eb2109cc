"""Reading the activity log."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from accountmgr.queries.light_tables import activity_log as _log


def change_marker(conn: Connection) -> int:
    """The id of the newest log entry (0 when none): it grows with every logged change."""
    return int(conn.execute(select(func.coalesce(func.max(_log.c.id), 0))).scalar_one())
