"""The append-only activity log: every change the services make is written here.

A review opens with "what changed since last time"; this is where that comes
from. Entries are only ever inserted, never updated or deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlmodel import Session

from accountmgr.models import ActivityLog
from accountmgr.queries import activity as queries
from accountmgr.services import clock


def plain(value: Any) -> Any:
    """A field value as the log stores it: enums by value, dates as ISO text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed, as JSON-safe values."""
    return {
        name: [plain(before.get(name)), plain(value)]
        for name, value in after.items()
        if plain(before.get(name)) != plain(value)
    }


def created(values: Mapping[str, Any], *, skip: Iterable[str] = ()) -> dict[str, list[Any]]:
    """What the log keeps of a new record: its filled fields as {field: [None, value]}.

    Blank, empty and false values say nothing about a new record, so they are left out.
    """
    left_out = set(skip)
    return {
        name: [None, plain(value)]
        for name, value in values.items()
        if name not in left_out and value is not None and value != "" and value != [] and value is not False
    }


def record(
    session: Session,
    *,
    entity: str,
    action: str,
    summary: str,
    account_id: int | None = None,
    entity_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
) -> ActivityLog:
    """Append one entry in the caller's transaction (so it commits or rolls back with the change)."""
    entry = ActivityLog(
        # From the clock service, so a frozen clock gives a reproducible log too.
        at=clock.utcnow(),
        account_id=account_id,
        entity=entity,
        entity_id=entity_id,
        action=action,
        summary=summary,
        changes={k: v if isinstance(v, list) else plain(v) for k, v in (changes or {}).items()},
    )
    session.add(entry)
    return entry


def entries_for_account(db, account_id: int, since: datetime | None = None) -> list[ActivityLog]:  # noqa: ANN001
    """The account's log, oldest first, optionally only after *since*."""
    with db.session() as session:
        return queries.entries_for_account(session, account_id, since)
