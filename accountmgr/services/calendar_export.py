"""The communication plan as an iCalendar (.ics) file: one event per planned action.

Times are the salesperson's wall-clock times as typed, so events are written as
"floating" local times (RFC 5545 §3.3.5): 10:00 stays 10:00 in whatever calendar
opens the file. Each event's UID is derived from the action and the database it
lives in, so importing a newer export updates events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from accountmgr.models import ActionStatus
from accountmgr.queries import calendar as queries
from accountmgr.services import clock, plan
from accountmgr.services.errors import DomainError
from accountmgr.services.money import format_money
from accountmgr.services.private_files import write_private
from accountmgr.services.safe_text import drop_controls

if TYPE_CHECKING:
    from accountmgr.db import Database

PRODID = "-//accountmgr//Communication plan//EN"
UID_DOMAIN = "accountmgr.invalid"


@dataclass(frozen=True)
class CalendarExport:
    """What was written: where, and how many events."""

    path: Path
    events: int


def _stamp(value: object) -> str:
    """A stored timestamp as stable text, whether SQLite handed back a string or a datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    return str(value)


def action_uid(action_id: int, action_created: object, account_created: object) -> str:
    """Stable UID for an action: its id plus a digest of when it and its account were created in this database.

    Two databases (say, two salespeople's laptops) never share creation times, so
    their UIDs differ; a backup or moved copy of the same database keeps them.
    """
    digest = hashlib.sha256(f"{_stamp(account_created)}|{action_id}|{_stamp(action_created)}".encode()).hexdigest()
    return f"action-{action_id}-{digest[:16]}@{UID_DOMAIN}"


def build_calendar(db: Database, account_id: int):  # noqa: ANN201 - icalendar is imported only when exporting
    """An icalendar.Calendar with one VEVENT per planned action of the account."""
    from icalendar import Calendar, Event

    with db.session() as session:
        conn = session.connection()
        account = queries.account_stamp(conn, account_id)
        if account is None:
            raise DomainError("That account no longer exists.")
        stamps = queries.action_stamps(conn, account_id)
        titles = queries.member_titles(conn, account_id)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _line(f"{account.name} — communication plan"))
    dtstamp = clock.now().astimezone(timezone.utc)
    for action in plan.list_actions(db, account_id):
        if action.status != ActionStatus.PLANNED:
            continue
        created, updated = stamps[action.id]
        event = Event()
        event.add("uid", action_uid(action.id, created, account.created_at))
        event.add("dtstamp", dtstamp)
        event.add("dtstart", action.scheduled_at)
        event.add("dtend", action.scheduled_at + timedelta(minutes=action.duration_minutes))
        event.add("summary", _line(f"{account.name}: {action.objective} ({action.channel.label})"))
        event.add("description", drop_controls(_description(action, account.name, titles)))
        event.add("categories", [action.channel.label])
        event.add("status", "CONFIRMED")
        if updated:
            event.add("last-modified", _as_utc(updated))
        calendar.add_component(event)
    return calendar


def _line(text: str) -> str:
    """One-line text for a property: line breaks as spaces, control characters dropped (icalendar escapes the rest
    per RFC 5545: backslash, semicolon, comma, and the newlines of a description)."""
    return drop_controls(text, newlines=False)


def _as_utc(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _description(action: plan.ActionRow, account_name: str, titles: dict[str, str]) -> str:
    people = [f"{name} ({titles[name]})" if titles.get(name) else name for name in action.members]
    lines = [
        f"Objective: {action.objective}",
        f"Account: {account_name}",
        f"Channel: {action.channel.label}",
        f"People addressed: {', '.join(people) or 'nobody named yet'}",
        f"Our people: {', '.join(action.team) or 'nobody named yet'}",
    ]
    if action.cost_cents:
        lines.append(f"Cost: {format_money(action.cost_cents)}")
    return "\n".join(lines)


def calendar_bytes(db: Database, account_id: int) -> bytes:
    """The account's planned actions as .ics bytes (CRLF line endings, folded lines, as RFC 5545 wants)."""
    return build_calendar(db, account_id).to_ical()


def export_calendar(  # noqa: ANN001
    db, account_id: int, path: Path | str, *, force: bool = False, replace_own: bool = False
) -> CalendarExport:
    """Write the .ics file, private (0600), complete or not at all.

    An existing file is refused (TargetExists) unless *force*, or *replace_own* and it is a calendar
    accountmgr wrote (the app's export key refreshes its own file).
    """
    target = Path(path).expanduser()
    if target.is_dir():
        raise DomainError(f"{target} is a folder; give a file name ending in .ics.", "path")
    if not target.parent.exists():
        raise DomainError(f"The folder {target.parent} does not exist.", "path")
    data = build_calendar(db, account_id)
    events = len(data.walk("VEVENT"))
    write_private(target, data.to_ical(), force=force, may_replace=_written_by_us if replace_own else None)
    return CalendarExport(target, events)


def _written_by_us(path: Path) -> bool:
    """Whether *path* is a calendar accountmgr exported (its PRODID is ours)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError:
        return False
    return head.startswith(b"BEGIN:VCALENDAR") and f"PRODID:{PRODID}".encode() in head


def default_file_name(account_name: str) -> str:
    """A file name for an account's calendar: letters, digits and dashes."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in account_name.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"{slug or 'account'}-plan.ics"
