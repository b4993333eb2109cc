"""Saving a record that somebody else may have changed since the form opened: merge, or say what conflicts.

A form remembers what it saw when it opened (:class:`Seen`: the record's version and its field values) and
sends only the fields the user changed. :func:`reconcile` runs inside the saving transaction, on the row as it
is now: same version → the changes go through; another version → the fields changed underneath are those whose
value differs from what the form saw; when none of them is one the user changed too, the user's changes are
applied on top (both edits survive); otherwise :class:`ConflictError` says, per field, what the form saw, what
is there now, who changed it and when (from the activity log).

The version itself is bumped by the ORM at every update (``version_id_col`` on the tables), so no update path
can forget it, and a row changed between this transaction's read and its write is refused rather than
overwritten (:data:`RACE_MESSAGE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlmodel import Session

from accountmgr.models import ActivityLog, TeamMember
from accountmgr.models.columns import process_origin
from accountmgr.queries.activity import latest_entries_of_record
from accountmgr.services import clock
from accountmgr.services.activity import plain
from accountmgr.services.errors import DomainError
from accountmgr.services.validation import label

RACE_MESSAGE = "This record was changed in another window at the same moment; save again to check the changes."


@dataclass(frozen=True)
class Seen:
    """What a form saw when it opened a record: its version and the values of its fields."""

    version: int
    values: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, row: Any, names: Iterable[str]) -> Seen:
        """The version and the named field values of *row* (a record read from a service)."""
        return cls(int(getattr(row, "version", 1) or 1), {name: getattr(row, name, None) for name in names})


@dataclass(frozen=True)
class Conflict:
    """One field the user changed that somebody else changed too since the form opened."""

    field: str
    label: str
    seen: Any
    current: Any
    who: str
    when: datetime | None

    def describe(self) -> str:
        """'Industry: was “Food”, now “Metals” (another window, today 14:32)'."""
        return (f"{self.label}: was {_shown(self.seen)}, now {_shown(self.current)} "
                f"({self.who}{', ' + when_text(self.when) if self.when else ''})")


class ConflictError(DomainError):
    """A save refused because fields the user changed were changed underneath since the form opened."""

    def __init__(self, conflicts: list[Conflict], version: int, current: Mapping[str, Any]) -> None:
        self.conflicts = conflicts
        self.version = version
        """The record's version now: saving on top of it overwrites."""
        self.current = dict(current)
        """The record's current values of the fields the form saw."""
        lines = "; ".join(c.describe() for c in conflicts)
        super().__init__(f"Changed since you opened it: {lines}.", conflicts[0].field if conflicts else None)

    short = "Not saved: changed elsewhere since you opened it."
    """What a form shows at the field (the details go in the question it asks)."""

    def overwrite(self, seen: Seen) -> Seen:
        """What the form should send to overwrite the others' values with its own."""
        return Seen(self.version, {**seen.values, **self.current})


def _shown(value: Any) -> str:
    value = plain(value)
    if value in (None, "", []):
        return "empty"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return f"“{text if len(text) <= 40 else text[:39] + '…'}”"


def when_text(at: datetime) -> str:
    """A log time as the user reads it: local time, 'today 14:32' or '2026-11-27 09:05'."""
    aware = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    local = aware.astimezone()
    today: date = clock.today()
    return f"today {local:%H:%M}" if local.date() == today else f"{local:%Y-%m-%d %H:%M}"


def same(a: Any, b: Any) -> bool:
    """Equal as the log would store them (enums by value, dates as text)."""
    return plain(a) == plain(b)


def changed_underneath(row: Any, seen: Seen) -> dict[str, Any]:
    """The fields the form saw whose value is different now, with their current values."""
    return {name: getattr(row, name) for name, value in seen.values.items() if not same(getattr(row, name), value)}


def reconcile(session: Session, row: Any, values: Mapping[str, Any], seen: Seen | None, *, entity: str) -> None:
    """Refuse *values* (the user's checked changes) if a field among them was changed since *seen*; else return."""
    if seen is None or int(row.version or 1) == seen.version:
        return
    underneath = changed_underneath(row, seen)
    clashing = [name for name in values if name in underneath and not same(values[name], underneath[name])]
    if not clashing:
        return
    conflicts = [
        Conflict(name, label(name), seen.values.get(name), underneath[name],
                 *_who_and_when(session, entity, row.id, name))
        for name in clashing
    ]
    current = {name: getattr(row, name) for name in seen.values}
    raise ConflictError(conflicts, int(row.version), current)


def changed_before_delete(session: Session, entity: str, row: Any, describe: str) -> str:
    """The refusal of a delete whose record was changed since it was shown."""
    who, when = _who_and_when(session, entity, row.id, "")
    at = f", {when_text(when)}" if when else ""
    return (f"{describe[:1].upper()}{describe[1:]} was changed since you looked at it ({who}{at}); "
            "look again before deleting.")


def _who_and_when(session: Session, entity: str, entity_id: int, name: str) -> tuple[str, datetime | None]:
    """Who made the latest logged change of *name* on the record, and when."""
    entries = latest_entries_of_record(session, entity, entity_id)
    entry = next((e for e in entries if name in (e.changes or {})), entries[0] if entries else None)
    if entry is None:
        return "another window", None
    return describe_author(session, entry), entry.at


def describe_author(session: Session, entry: ActivityLog) -> str:
    """Who wrote a log entry, in words: a team member, an import, this window or another one."""
    if entry.actor_id is not None:
        member = session.get(TeamMember, entry.actor_id)
        if member is not None:
            return member.name
    summary = entry.summary or ""
    if entry.action.startswith("import") or summary.startswith("Import") or "(import from " in summary:
        return "an import"
    if entry.origin and entry.origin == process_origin():
        return "you, in this window"
    return "another window"
