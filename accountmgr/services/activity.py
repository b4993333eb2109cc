"""The append-only activity log: every change the services make is written here.

A review opens with "what changed since last time"; this is where that comes
from. Entries are only ever inserted, never updated or deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sqlmodel import Session

from accountmgr.models import ActivityLog
from accountmgr.queries import activity as queries
from accountmgr.services import clock

if TYPE_CHECKING:
    from accountmgr.db import Database


_actors: WeakKeyDictionary[Any, int] = WeakKeyDictionary()
"""Who works on each open database (keyed by its engine): the team member every entry is logged for."""


def set_actor(db: Database, member_id: int | None) -> None:
    """From now on, log the changes made on *db* as made by the team member *member_id* (None: nobody)."""
    if member_id is None:
        _actors.pop(db.engine, None)
    else:
        _actors[db.engine] = member_id


def actor(db: Database) -> int | None:
    """The team member changes on *db* are logged for, or None."""
    return _actors.get(db.engine)


def actor_of(bind: Any) -> int | None:  # noqa: ANN401
    """The same for a session or connection of that database (what the bulk writers hold)."""
    engine = getattr(bind, "engine", None)
    if engine is None and hasattr(bind, "get_bind"):
        engine = getattr(bind.get_bind(), "engine", None)
    return _actors.get(engine) if engine is not None else None


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
        actor_id=actor_of(session),
    )
    session.add(entry)
    return entry


def entries_for_account(db: Database, account_id: int, since: datetime | None = None) -> list[ActivityLog]:
    """The account's log, oldest first, optionally only after *since*."""
    with db.session() as session:
        return queries.entries_for_account(session, account_id, since)
