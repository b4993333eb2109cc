"""Statements behind the portfolio's flags, built without the table classes so the first screen stays fast."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, String, column, func, select, table

from accountmgr.models.enums import ObjectiveStatus

_objective = table(
    "account_objective", column("account_id", Integer()), column("status", String()), column("due_on", Date()),
)
"""The columns of account objectives the portfolio reads (the class lives in models/objectives.py)."""


def overdue_objective_counts(conn: Any, today: date) -> dict[int, int]:
    """{account id: open objectives due before *today*} over a SQLAlchemy connection."""
    query = (
        select(_objective.c.account_id, func.count())
        .where(_objective.c.status == ObjectiveStatus.OPEN.value, _objective.c.due_on < today)
        .group_by(_objective.c.account_id)
    )
    return {account_id: count for account_id, count in conn.execute(query)}
