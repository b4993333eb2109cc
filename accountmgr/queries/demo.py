"""The statements of the demo portfolio's own additions: records looked up by name, and their log entries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, insert, select

from accountmgr.models import ActivityLog


def ids_by_lower_name(conn: Connection, model: Any, names: Iterable[str]) -> dict[str, int]:
    """{lower-cased name: id} of the records of *model* whose name is among *names* (any case)."""
    query = select(model.id, model.name).where(func.lower(model.name).in_([name.lower() for name in names]))
    return {name.lower(): row_id for row_id, name in conn.execute(query)}


def add_log_entries(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert activity-log entries (each stamped with this process's origin, as any write of ours)."""
    if rows:
        conn.execute(insert(ActivityLog.__table__), rows)  # type: ignore[attr-defined]
