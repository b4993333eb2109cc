"""Taking the database's write lock for a long write (an import), on each engine."""

from __future__ import annotations

from sqlalchemy import Connection


def take_write_lock(conn: Connection, wait_ms: int) -> None:
    """Start the transaction as the one writer, waiting up to *wait_ms* for another writer to finish.

    SQLite: BEGIN IMMEDIATE with a longer busy timeout. PostgreSQL lets writers work side by side
    (row locks and record versions keep them apart), so only the wait is set.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_ms)}")
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait_ms)}")


def restore_wait(conn: Connection, wait_ms: int) -> None:
    """Back to the usual wait for a lock once the long write is over."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_ms)}")
