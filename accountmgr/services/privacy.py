"""A person's personal data: find them, export everything held about them, or erase every trace of them.

Erasure is the one exception to "the activity log is append-only": the law gives a
person the right to be forgotten, and the log would otherwise keep their name, phone
and criteria forever. Their own entries and every entry of their account that
mentions them are redacted; free texts of the account have their full name, email
and phone replaced; then the file is vacuumed and the write-ahead log truncated, so
the bytes are gone from the database file, not only from its tables.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, String
from sqlalchemy import Enum as SAEnum
from sqlmodel import Session, SQLModel

from accountmgr.models import (
    Account,
    AccountProgramme,
    AccountObjective,
    AccountRevenue,
    AccountRisk,
    ManagementAsk,
    ActivityLog,
    CommunicationAction,
    CompetitorLeaning,
    CompetitorPresence,
    Complaint,
    Delivery,
    DmuMember,
    InfluenceLine,
    LevelAssessment,
    OfferingHolding,
    Opportunity,
    RelationshipConstraint,
    Review,
    TeamMember,
    ValueProposition,
)
from accountmgr.models.columns import table_of
from accountmgr.queries import activity as activity_queries
from accountmgr.queries import dmu as dmu_queries
from accountmgr.queries import privacy as queries
from accountmgr.services import activity, clock, records
from accountmgr.services import validation as v
from accountmgr.services.accounts import find_account
from accountmgr.services.errors import DomainError, NotFound

if TYPE_CHECKING:
    from accountmgr.db import Database

ERASED = "(erased person)"
"""What replaces the person's full name, email or phone in the account's free texts."""

REDACTED_ACTION = "redacted"
"""The action of a log entry whose content was removed because it held an erased person's data."""

ERASED_ACTION = "erased"
"""The action of the one entry that records an erasure (with no personal data)."""

IDENTIFYING_FIELDS = ("name", "email", "phone")
"""Values that point at the person wherever they appear: replaced in free texts, searched in the log."""

PERSONAL_TEXT_FIELDS = ("personal_criteria", "personal_objectives", "personal_win", "org_criteria", "notes")
"""Free texts about the person: a log entry quoting one of them is redacted too."""

_ACCOUNT_TEXT_MODELS: tuple[type[SQLModel], ...] = (
    DmuMember, CompetitorPresence, RelationshipConstraint, LevelAssessment, Opportunity, ValueProposition,
    CommunicationAction, Delivery, Review, OfferingHolding, AccountRevenue, AccountObjective, AccountRisk,
    ManagementAsk, AccountProgramme, Complaint, InfluenceLine,
)
"""Tables of an account whose free texts may name a person (the account row itself is handled apart)."""

_NOT_FREE_TEXT = {"external_id"}

CHECKPOINT_WAIT_MS = 5000
"""How long the wipe waits for another window's read to end before leaving the journal to be emptied later."""


def erased_summary(on: date) -> str:
    return f"A person was erased on {on.isoformat()}."


# --- finding the person --------------------------------------------------------------------------------------------


def find_person(db: Database, account_name: str, person_name: str) -> DmuMember:
    """The one person of the account called *person_name* (any case); NotFound with suggestions otherwise.

    No prefix matching: erasing someone is final, so the name must be the full one.
    """
    account = find_account(db, account_name)
    wanted = " ".join(person_name.split()).casefold()
    if not wanted:
        raise DomainError("Name the person (their full name as in the DMU).")
    with db.session() as session:
        people = dmu_queries.members(session, account.id)
    matching = [p for p in people if " ".join(p.name.split()).casefold() == wanted]
    if len(matching) == 1:
        return matching[0]
    if len(matching) > 1:
        raise DomainError(
            f"{len(matching)} people in the DMU of {account.name} are called “{person_name}”; "
            "rename one of them first, or erase the right one from the DMU pane in the app."
        )
    by_fold = {" ".join(p.name.split()).casefold(): p.name for p in people}
    close = [by_fold[c] for c in difflib.get_close_matches(wanted, list(by_fold), n=4, cutoff=0.6)]
    words = wanted.split()
    partial = sorted((name for fold, name in by_fold.items() if any(w in fold.split() for w in words)), key=str.lower)
    suggestions = list(dict.fromkeys(close + partial))[:4]
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else "."
    raise NotFound(f"There is nobody called “{person_name}” in the DMU of {account.name}{hint}")


# --- what is held about the person ---------------------------------------------------------------------------------


def _own_entries(session: Session, member: DmuMember) -> list[ActivityLog]:
    """The log entries about the person's own record."""
    return queries.own_log_entries(session, member.id, member.account_id)


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a logged value (lists and dicts of changes nest)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _values_held(member: DmuMember, own: Iterable[ActivityLog], fields: Iterable[str]) -> set[str]:
    """The person's current and former values of *fields* (a renamed person is still findable by the old name)."""
    wanted = tuple(fields)
    values = {str(getattr(member, name) or "") for name in wanted}
    for entry in own:
        for name, change in (entry.changes or {}).items():
            if name in wanted:
                values.update(s for s in _strings(change))
    return {value.strip() for value in values if len(value.strip()) >= 3}


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for the terms as whole words ("Anna Verdi" does not match "Anna Verdiani")."""
    ordered = sorted(set(terms), key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ordered) + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _Found:
    """What erasing one person touches, found once and used both to preview and to erase."""

    member: DmuMember
    account_name: str
    manager: DmuMember | None
    reports: list[DmuMember]
    action_ids: list[int]
    own_entries: list[ActivityLog]
    mentioning_entries: list[ActivityLog]
    text_rows: list[tuple[SQLModel, dict[str, Any]]]
    """(row, {field: redacted value}) of the account's records whose free text names the person."""
    complaints: list[Complaint]
    """Complaints they raised."""
    influence_lines: list[InfluenceLine]
    """Influence lines to or from them."""
    leaning: CompetitorLeaning | None


def _find_everything(session: Session, member_id: int) -> _Found:
    member = records.fetch(session, DmuMember, member_id, "person")
    account = records.fetch(session, Account, member.account_id, "account")
    manager = session.get(DmuMember, member.reports_to_id) if member.reports_to_id is not None else None
    reports = dmu_queries.reports_of(session, member_id)
    action_ids = queries.action_ids(session, member_id)
    own = _own_entries(session, member)
    identifying = _values_held(member, own, IDENTIFYING_FIELDS)
    in_texts = _pattern(identifying)
    in_log = _pattern(identifying | _values_held(member, own, PERSONAL_TEXT_FIELDS))
    own_ids = {entry.id for entry in own}
    mentioning: list[ActivityLog] = []
    if in_log is not None:
        # Services log a person's changes under their account; entries of no account (team, settings) are read too.
        others = activity_queries.entries_of_account_or_global(session, member.account_id)
        for entry in others:
            if entry.id in own_ids or entry.action == REDACTED_ACTION:
                continue
            if any(in_log.search(text) for text in [entry.summary, *_strings(entry.changes or {})]):
                mentioning.append(entry)
            elif entry.entity == "complaint" and member_id in ((entry.changes or {}).get("member_id") or []):
                # Who raised a complaint is logged by id: a new person given that id must not inherit it.
                mentioning.append(entry)
    text_rows = _texts_naming(session, account, member, in_texts) if in_texts is not None else []
    from accountmgr.queries import complaints as complaint_queries
    from accountmgr.queries import informal as informal_queries

    raised = complaint_queries.of_member(session, member_id)
    lines = informal_queries.lines_of_member(session, member_id)
    leaning = informal_queries.leaning_of_member(session, member_id)
    return _Found(member, account.name, manager, reports, action_ids, own, mentioning, text_rows, raised, lines,
                  leaning)


def _text_columns(model: type[SQLModel]) -> list[tuple[str, bool]]:
    """(field, is a JSON list) of the model's free-text columns."""
    columns = []
    for column in table_of(model).columns:
        if column.name in _NOT_FREE_TEXT or isinstance(column.type, SAEnum):
            continue
        if isinstance(column.type, JSON):
            if column.name != "roles":
                columns.append((column.name, True))
        elif isinstance(getattr(column.type, "impl_instance", column.type), String):  # SQLModel's str is a decorator
            columns.append((column.name, False))
    return columns


def _texts_naming(
    session: Session, account: Account, member: DmuMember, pattern: re.Pattern[str]
) -> list[tuple[SQLModel, dict[str, Any]]]:
    found: list[tuple[SQLModel, dict[str, Any]]] = []
    rows: list[SQLModel] = [account]
    for model in _ACCOUNT_TEXT_MODELS:
        rows.extend(queries.rows_of_account(session, model, account.id))
    for row in rows:
        if row is member:
            continue
        new: dict[str, Any] = {}
        for name, is_list in _text_columns(type(row)):
            if isinstance(row, DmuMember) and name == "name":
                continue  # another person's own name is theirs, even if it contains this one's
            value = getattr(row, name)
            if is_list and isinstance(value, list):
                replaced: list[Any] | str = [pattern.sub(ERASED, item) if isinstance(item, str) else item for item in value]
            elif isinstance(value, str):
                replaced = pattern.sub(ERASED, value)
            else:
                continue
            if replaced != value:
                new[name] = replaced
        if new:
            found.append((row, new))
    return found


# --- erasing -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasurePreview:
    """What erasing a person will do, for the confirmation question."""

    member_id: int
    name: str
    account_name: str
    reports: tuple[str, ...]
    new_manager: str | None
    actions: int
    texts: int
    log_entries: int
    complaints: int = 0
    """Complaints they raised, which will no longer say who raised them."""
    influence_lines: int = 0
    """Influence lines to or from them, removed with them (and their competitor leaning)."""

    def describe(self) -> list[str]:
        """The consequences, one line each, for a confirmation in the app or on the command line."""
        lines = [f"Their record: name, title, contact details, criteria, personal win and notes."]
        if self.reports:
            where = f"will report to {self.new_manager}" if self.new_manager else "will move to the top of the org chart"
            lines.append(f"Their reports {', '.join(self.reports)} {where}.")
        if self.actions:
            lines.append(f"{_count(self.actions, 'action')} will no longer name them among the people addressed.")
        if self.complaints:
            lines.append(f"{_count(self.complaints, 'complaint')} will no longer say who raised "
                         f"{'it' if self.complaints == 1 else 'them'}.")
        if self.influence_lines:
            lines.append(f"{_count(self.influence_lines, 'influence line')} to or from them will be removed.")
        if self.texts:
            lines.append(f"Their name, email or phone in {_count(self.texts, 'text')} of the account "
                         f"becomes “{ERASED}”.")
        if self.log_entries:
            lines.append(f"{_count(self.log_entries, 'activity-log entry', 'activity-log entries')} "
                         "will read only “A person was erased on …”.")
        lines.append("This cannot be undone. Backups and files exported earlier are not touched.")
        return lines


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def preview_erasure(db: Database, member_id: int) -> ErasurePreview:
    """What erase_person would remove and change, without changing anything."""
    with db.session() as session:
        found = _find_everything(session, member_id)
        return ErasurePreview(
            member_id=member_id,
            name=found.member.name,
            account_name=found.account_name,
            reports=tuple(sorted((r.name for r in found.reports), key=str.lower)),
            new_manager=found.manager.name if found.manager else None,
            actions=len(found.action_ids),
            texts=len(found.text_rows),
            log_entries=len(found.own_entries) + len(found.mentioning_entries),
            complaints=len(found.complaints),
            influence_lines=len(found.influence_lines),
        )


@dataclass(frozen=True)
class Erasure:
    """What erase_person did."""

    name: str
    account_name: str
    on: date
    reports_moved: tuple[str, ...]
    new_manager: str | None
    actions_unlinked: int
    texts_redacted: int
    log_entries_redacted: int
    wipe_problem: str
    """Why the freed space is not wiped yet ("" when it is: the file and its journal no longer hold their data)."""
    backups: tuple[Path, ...]
    """Backup copies found beside the database: they still hold the person, and are beyond the app's reach."""
    complaints_unlinked: int = 0
    influence_lines_removed: int = 0

    @property
    def wiped(self) -> bool:
        return not self.wipe_problem

    def describe(self) -> list[str]:
        """What happened, for the command line and the app's notification."""
        lines = [f"Erased {self.name} from the DMU of {self.account_name}."]
        done = []
        if self.reports_moved:
            where = f"now report to {self.new_manager}" if self.new_manager else "are now at the top of the org chart"
            done.append(f"{', '.join(self.reports_moved)} {where}")
        if self.actions_unlinked:
            done.append(_count(self.actions_unlinked, "action") + " no longer name them")
        if self.complaints_unlinked:
            done.append(_count(self.complaints_unlinked, "complaint")
                        + (" no longer says who raised it" if self.complaints_unlinked == 1 else
                           " no longer say who raised them"))
        if self.influence_lines_removed:
            done.append(_count(self.influence_lines_removed, "influence line") + " removed")
        if self.texts_redacted:
            done.append(_count(self.texts_redacted, "text") + " of the account had their name or contact removed")
        if self.log_entries_redacted:
            done.append(_count(self.log_entries_redacted, "activity-log entry", "activity-log entries") + " redacted")
        if done:
            lines.append(_capital("; ".join(done)) + ".")
        return lines + storage_lines(self.wiped, self.wipe_problem, self.backups)


def storage_lines(wiped: bool, wipe_problem: str, backups: Sequence[Path]) -> list[str]:
    """What an erasure says of the file, its backups and copies made earlier (a DMU member or one of our people)."""
    lines = []
    if wiped:
        lines.append("The freed space was wiped: the database file no longer holds their data.")
    else:
        lines.append(f"The freed space is not wiped yet ({wipe_problem}); it is wiped when every window "
                     "on this database is closed.")
    if backups:
        lines.append("These backups beside the database still hold them (delete them if they must go too): "
                     + ", ".join(path.name for path in backups) + ".")
    lines.append("Account plans, calendars and exports written earlier are outside accountmgr's reach.")
    return lines


def erase_person(db: Database, member_id: int) -> Erasure:
    """Remove the person and every trace of their personal data, then wipe the freed space of the file."""
    today = clock.today()
    summary = erased_summary(today)
    with db.session() as session:
        # On during the deletes, so the freed cells are overwritten with zeros, not just unlinked.
        queries.overwrite_deleted_rows(session)
        found = _find_everything(session, member_id)
        member = found.member
        for report in found.reports:
            report.reports_to_id = found.manager.id if found.manager else None
            _touched(report)
            session.add(report)
            activity.record(
                session, entity="dmu_member", action="moved", account_id=member.account_id, entity_id=report.id,
                summary=(f"{report.name} now reports to {found.manager.name} because a person was erased"
                         if found.manager else f"{report.name} is now at the top of the org chart because a person "
                         "was erased"),
                changes={"reports_to_id": [member_id, found.manager.id if found.manager else None]},
            )
        for link in queries.action_links(session, member_id):
            session.delete(link)
        for complaint in found.complaints:
            complaint.member_id = None
            _touched(complaint)
            session.add(complaint)
        for row in [*found.influence_lines, *([found.leaning] if found.leaning is not None else [])]:
            session.delete(row)
        for row, new in found.text_rows:
            for name, value in new.items():
                setattr(row, name, value)
            _touched(row)
            session.add(row)
        for entry in [*found.own_entries, *found.mentioning_entries]:
            entry.summary = summary
            entry.changes = {}
            entry.action = REDACTED_ACTION
            if entry in found.own_entries:
                # The id may be given to a new person later: it must not tie them to this history.
                entry.entity_id = None
            session.add(entry)
        session.flush()
        session.delete(member)
        session.flush()
        activity.record(session, entity="dmu_member", action=ERASED_ACTION, summary=summary,
                        account_id=member.account_id)
    problem = wipe_free_space(db)
    return Erasure(
        name=member.name,
        account_name=found.account_name,
        on=today,
        reports_moved=tuple(sorted((r.name for r in found.reports), key=str.lower)),
        new_manager=found.manager.name if found.manager else None,
        actions_unlinked=len(found.action_ids),
        complaints_unlinked=len(found.complaints),
        influence_lines_removed=len(found.influence_lines),
        texts_redacted=len(found.text_rows),
        log_entries_redacted=len(found.own_entries) + len(found.mentioning_entries),
        wipe_problem=problem,
        backups=tuple(backups_beside(db.path)) if db.path is not None else (),
    )


def _touched(row: SQLModel) -> None:
    """A changed record gets a new version (an open form on it then sees the change) and a new update time."""
    if hasattr(row, "version"):
        row.version = (row.version or 1) + 1
    if hasattr(row, "updated_at"):
        row.updated_at = clock.utcnow()


def wipe_free_space(db: Database) -> str:
    """Rebuild the file without free pages, then copy the write-ahead log in and empty it.

    VACUUM rewrites every page, so old copies of deleted rows in free pages go; TRUNCATE
    empties the -wal file, which otherwise keeps earlier versions of the pages. Returns ""
    when both worked, else why not: the erasure itself stands either way, and the deleted
    cells were already zeroed (secure_delete), so closing the last window finishes the job.
    """
    if db.is_server:
        from accountmgr.db_postgres import vacuum

        # The server keeps no -wal file beside us; VACUUM frees the erased rows' space in the tables they were in.
        return vacuum(db.engine)
    problem = ""
    with db.connection() as conn:
        try:
            conn.execute("VACUUM")
        except sqlite3.Error as exc:  # e.g. a full disk: VACUUM needs room for a copy
            problem = f"the file could not be rebuilt: {str(exc).rstrip('.')}"
        # A window reading at this moment holds old pages in the log: give it time to finish.
        usual = conn.execute("PRAGMA busy_timeout").fetchone()[0]
        conn.execute(f"PRAGMA busy_timeout = {int(CHECKPOINT_WAIT_MS)}")
        try:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error as exc:
            busy, problem = 1, problem or f"the journal could not be emptied: {str(exc).rstrip('.')}"
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(usual)}")
    if busy and not problem:
        problem = "another window was reading the database"
    return problem


def backups_beside(path: Path) -> list[Path]:
    """Backup copies next to the database: pre-upgrade ``*.bak`` files and dated ``accountmgr backup`` copies."""
    folder = Path(path).parent
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return []
    stem = Path(path).stem
    return sorted(
        p for p in candidates
        if p.is_file() and p != Path(path)
        and (p.name.endswith(".bak") or (p.name.startswith(f"{stem}-") and p.suffix == ".db"))
    )


# --- access request ------------------------------------------------------------------------------------------------


_EXPORTED_FIELDS = (
    "name", "title", "department", "roles", "influence", "attitude", "inner_circle", "org_criteria",
    "personal_criteria", "personal_objectives", "personal_win", "social_style", "coverage", "last_contact",
    "email", "phone", "notes", "external_id", "created_at", "updated_at",
)

_EXPORT_LABELS = {
    "external_id": "Id in the system it was imported from",
    "created_at": "Recorded on",
    "updated_at": "Last changed on",
}


def export_person(db: Database, member_id: int) -> dict[str, Any]:
    """Everything held about one person (an access request), as JSON-ready values with ISO dates."""
    with db.session() as session:
        found = _find_everything(session, member_id)
        member, manager = found.member, found.manager
        owner = session.get(TeamMember, member.owner_id) if member.owner_id is not None else None
        reports = dmu_queries.report_names(session, member_id)
        actions = queries.actions_with(session, member_id)
        mentions = [
            {"record": _record_title(row), "field": v.label(name), "text": _json_value(getattr(row, name))}
            for row, new in found.text_rows
            for name in new
        ]
        names = {m.id: m.name for m in dmu_queries.members(session, member.account_id)}
        # Their own entries, and other records' entries that quote their name, contact or criteria.
        history = sorted([*found.own_entries, *found.mentioning_entries], key=lambda e: (e.at, e.id))
        return {
            "about": "Everything accountmgr holds about one person (an access request).",
            "exported_at": clock.utcnow().replace(microsecond=0).isoformat(),
            "person": member.name,
            "account": found.account_name,
            "record": [
                {"field": name, "label": _EXPORT_LABELS.get(name) or v.label(name),
                 "value": _json_value(getattr(member, name))}
                for name in _EXPORTED_FIELDS
            ],
            "reports_to": manager.name if manager else None,
            "direct_reports": list(reports),
            "relationship_owner": owner.name if owner else None,
            "actions_addressed": [
                {
                    "scheduled_at": a.scheduled_at.isoformat(),
                    "channel": activity.plain(a.channel),
                    "objective": a.objective,
                    "status": activity.plain(a.status),
                    "outcome": a.outcome,
                    "done_on": a.done_on.isoformat() if a.done_on else None,
                }
                for a in actions
            ],
            "complaints_raised": [
                {"received_on": c.received_on.isoformat(), "nature": activity.plain(c.nature),
                 "summary": c.summary, "status": activity.plain(c.status), "resolution": c.resolution,
                 "department": c.department}
                for c in found.complaints
            ],
            "influence_lines": [
                {"from": names.get(line.from_id, ""), "to": names.get(line.to_id, ""),
                 "strength": activity.plain(line.strength), "direction": activity.plain(line.direction),
                 "note": line.note}
                for line in found.influence_lines
            ],
            "leans_to": ({"competitor": found.leaning.competitor, "strength": activity.plain(found.leaning.strength)}
                         if found.leaning is not None else None),
            "mentioned_in": mentions,
            "activity_log": [
                {"at": entry.at.isoformat(), "record": entry.entity, "action": entry.action,
                 "summary": entry.summary, "changes": entry.changes or {}}
                for entry in history
            ],
        }


def _json_value(value: Any) -> Any:
    if isinstance(value, list):
        return [activity.plain(item) for item in value]
    return activity.plain(value)


_RECORD_KINDS = {
    Account: ("account", "name"), DmuMember: ("DMU member", "name"), CompetitorPresence: ("competitor", "competitor"),
    RelationshipConstraint: ("constraint", "description"), LevelAssessment: ("level assessment", "assessed_on"),
    Opportunity: ("opportunity", "name"), ValueProposition: ("value proposition", None),
    CommunicationAction: ("action", "scheduled_at"), Delivery: ("delivery", "name"),
    Review: ("review", "reviewed_on"), OfferingHolding: ("offering held", "department"),
    AccountProgramme: ("programme", "programme"),
    AccountRevenue: ("revenue year", "year"), AccountObjective: ("objective", "title"),
    AccountRisk: ("risk", "description"), ManagementAsk: ("ask of management", "request"),
    Complaint: ("complaint", "received_on"), InfluenceLine: ("influence line", None),
}


def _record_title(row: SQLModel) -> str:
    kind, field_name = _RECORD_KINDS.get(type(row), (type(row).__name__, None))
    detail = activity.plain(getattr(row, field_name)) if field_name else ""
    return f"{kind} {detail}".strip() if detail else kind
