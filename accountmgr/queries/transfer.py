"""The statements of a whole-database transfer: count, read, insert and update any table, generically."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, inspect, select, update

CHUNK = 500
"""Rows read and written per statement."""


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that reads the whole database as it was at one moment, while others go on writing."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn
            return
        # SQLite (WAL): one read transaction sees one snapshot; the driver opens none for a SELECT by itself.
        conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


def tables_present(conn: Connection) -> set[str]:
    """The names of the tables the database holds."""
    return set(inspect(conn).get_table_names())


def count_rows(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def has_rows(conn: Connection, table: Table) -> bool:
    return conn.execute(select(*table.primary_key.columns).select_from(table).limit(1)).first() is not None


def read_rows(conn: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    """Every row of *table* as plain dicts, in primary-key order, a chunk at a time."""
    result = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()
    while chunk := result.fetchmany(CHUNK):
        yield [dict(row) for row in chunk]


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert *rows* as they are (their ids included)."""
    if rows:
        conn.execute(insert(table), list(rows))


def insert_row_returning_id(conn: Connection, table: Table, row: Mapping[str, Any]) -> int:
    """Insert one row without an id; return the id the database gave it."""
    return int(conn.execute(insert(table).values(**row).returning(table.c.id)).scalar_one())


def update_row(conn: Connection, table: Table, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """Set *values* on the row whose primary key is *key*."""
    statement = update(table).values(**values)
    for name, value in key.items():
        statement = statement.where(table.c[name] == value)
    conn.execute(statement)


def continue_ids_after_copy(conn: Connection, table: Table) -> None:
    """On PostgreSQL, move the id sequence past the ids copied in (SQLite continues after the largest by itself)."""
    if conn.dialect.name != "postgresql" or "id" not in table.c or not table.c.id.primary_key:
        return
    sequence = func.pg_get_serial_sequence(table.name, "id")
    largest = select(func.coalesce(func.max(table.c.id), 0)).scalar_subquery()
    # setval(seq, n, false): the next id is n, so an empty table starts again at 1.
    conn.execute(select(func.setval(sequence, largest + 1, False)))
