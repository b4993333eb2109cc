"""Reading the newest activity-log entries and a record's version, for screens that follow other users' changes.

Described with light ``table()`` objects, so no table class is built on the way to the first paint.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Integer, Row, String, column, func, select, table

activity_log = table(
    "activity_log",
    column("id", Integer), column("account_id", Integer), column("entity", String),
    column("entity_id", Integer), column("origin", String),
)


def newest_log_id(conn: Connection) -> int:
    """The newest log entry's id, 0 for an empty log."""
    return int(conn.execute(select(func.coalesce(func.max(activity_log.c.id), 0))).scalar_one())


def log_entries_after(conn: Connection, after_id: int, limit: int) -> Sequence[Row]:
    """(id, account_id, entity, entity_id, origin) of the entries after *after_id*, oldest first, at most *limit*."""
    log = activity_log.c
    query = (select(log.id, log.account_id, log.entity, log.entity_id, log.origin)
             .where(log.id > after_id).order_by(log.id).limit(limit))
    return conn.execute(query).all()


def record_version(conn: Connection, table_name: str, record_id: int) -> int | None:
    """The ``version`` of record *record_id* of *table_name* (None when it is gone)."""
    record = table(table_name, column("id", Integer), column("version", Integer))
    return conn.execute(select(record.c.version).where(record.c.id == record_id)).scalar_one_or_none()
