"""New record ids for bulk inserts, and the import's write lock, on either engine."""

from __future__ import annotations

from sqlalchemy import Connection, Table, cast, func, select
from sqlalchemy.dialects.postgresql import REGCLASS

IMPORT_LOCK = 0x61636D02
"""PostgreSQL's advisory lock one import holds while it writes: imports queue, readers and edits do not."""


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """*count* new ids for *table*, ascending, that nobody else will be given.

    SQLite: the next ones after the highest (the caller holds the write lock, so nobody inserts meanwhile).
    PostgreSQL: drawn from the column's sequence, which other users' inserts share.
    """
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        sequence = cast(func.pg_get_serial_sequence(table.name, "id"), REGCLASS)
        drawn = conn.execute(select(func.nextval(sequence)).select_from(func.generate_series(1, count))).scalars()
        return sorted(int(value) for value in drawn)
    first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    return list(range(first, first + count))


def take_import_lock(conn: Connection) -> None:
    """PostgreSQL: wait for any other import to finish, until this transaction ends (readers are not blocked)."""
    conn.execute(select(func.pg_advisory_xact_lock(IMPORT_LOCK)))
