"""Bulk reads and writes of whole tables, for the import and the demo portfolio (Core statements, no ORM objects)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table, bindparam, func, insert, select, update


def insert_returning_ids(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert *rows* in one statement and return their new ids, in the order given."""
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [row_id for (row_id,) in conn.execute(statement, rows)]


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert *rows* (dicts of column values) in one statement.

    On PostgreSQL rows that all name the same columns go through COPY: an executemany there costs a
    round trip per row, several times SQLite's time for an import of 10,000 opportunities.
    """
    if not rows:
        return
    names = list(rows[0])
    if conn.dialect.name == "postgresql" and all(len(row) == len(names) for row in rows):
        _copy(conn, table, names, rows)
    else:
        conn.execute(insert(table), rows)


def _copy(conn: Connection, table: Table, names: list[str], rows: list[dict[str, Any]]) -> None:
    """COPY … FROM STDIN on the session's own connection (so inside its transaction), with the values turned
    into what SQLAlchemy would have bound (enum values, JSON documents)."""
    quote = conn.dialect.identifier_preparer
    processors = [
        json.dumps if isinstance(table.c[name].type, JSON) else table.c[name].type.bind_processor(conn.dialect)
        for name in names
    ]
    command = f"COPY {quote.format_table(table)} ({', '.join(quote.quote(name) for name in names)}) FROM STDIN"
    with conn.connection.dbapi_connection.cursor() as cursor, cursor.copy(command) as copy:  # type: ignore[union-attr]  # a live connection always has its driver connection
        for row in rows:
            copy.write_row([
                process(row[name]) if process is not None and row[name] is not None else row[name]
                for name, process in zip(names, processors)
            ])


def set_by_id(conn: Connection, table: Table, values: Mapping[str, Any], params: list[dict[str, Any]]) -> None:
    """One UPDATE … WHERE id = :_id run for every dict of *params*; *values* may use bind parameters of them."""
    conn.execute(update(table).where(table.c.id == bindparam("_id")).values(dict(values)), params)


def bound(name: str) -> Any:
    """A named bind parameter, for :func:`set_by_id`'s values."""
    return bindparam(name)


def columns_by_id(conn: Connection, table: Table, names: Iterable[str]) -> dict[int, dict[str, Any]]:
    """{id: {column: value}} of every row of *table*, reading only the named columns (id among them)."""
    columns = [table.c[name] for name in dict.fromkeys(names)]
    return {row["id"]: dict(row) for row in conn.execute(select(*columns)).mappings()}


def pairs(conn: Connection, table: Table, left: str, right: str) -> list[tuple[Any, Any]]:
    """(left, right) of every row of *table*: a link table's pairs, or ids and names."""
    return [tuple(row) for row in conn.execute(select(table.c[left], table.c[right]))]


def first_name_among(conn: Connection, table: Table, lowered: Sequence[str]) -> str | None:
    """The alphabetically first stored name of *table* among *lowered* names (compared lower-cased), if any.

    Ordered, so that every engine names the same one (without ORDER BY each returns whichever it meets first).
    """
    found = select(table.c.name).where(func.lower(table.c.name).in_(list(lowered)))
    return conn.execute(found.order_by(func.lower(table.c.name), table.c.id).limit(1)).scalar()


def ids_by_lower_name(conn: Connection, table: Table, names: Iterable[str]) -> dict[str, int]:
    """{lower-cased name: id} of the rows of *table* whose name is among *names* (compared lower-cased)."""
    lowered = [name.lower() for name in names]
    statement = select(table.c.id, table.c.name).where(func.lower(table.c.name).in_(lowered))
    return {name.lower(): row_id for row_id, name in conn.execute(statement)}
