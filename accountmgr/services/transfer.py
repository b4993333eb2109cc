"""Copying a whole database to another, SQLite or PostgreSQL in either direction, or merging it into one.

A copy keeps every row as it is (ids, versions, the activity log). A merge matches records the way a
repeated import does (the source's external id, else the natural key: a name, a person or a deal by name
within its account), adds what is new with its references renumbered, updates what changed, and leaves
alone every field both sides changed, listing it as a conflict. Who changed what comes from the activity
logs: entries one side has and the other lacks are that side's changes since the two parted. Everything
is written in one transaction on the target.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, UniqueConstraint
from sqlmodel import SQLModel

from accountmgr.models.columns import process_origin
from accountmgr.queries import transfer as q
from accountmgr.services import activity, clock
from accountmgr.services.errors import DomainError
from accountmgr.services.import_mapping import fold
from accountmgr.services.wording import plural

if TYPE_CHECKING:
    from accountmgr.db import Database

Progress = Callable[[int, int, str], None]
"""progress(rows done, rows in all, table being copied)."""

LOG = "activity_log"
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "team_member": ("name",),
    "account": ("name",),
    "offering": ("name",),
    "dmu_member": ("account_id", "name"),
    "opportunity": ("account_id", "name"),
    "delivery": ("account_id", "name"),
    "competitor_presence": ("account_id", "competitor"),
    "relationship_constraint": ("account_id", "description"),
    "review": ("account_id", "reviewed_on"),
    "level_assessment": ("account_id", "assessed_on", "level"),
    "communication_action": ("account_id", "objective", "scheduled_at"),
    "value_proposition": ("account_id",),
    "review_driver": ("review_id", "driver"),
    "setting": ("key",),
    "account_revenue": ("account_id", "year"),
    "account_objective": ("account_id", "title"),
    "objective_milestone": ("objective_id", "title"),
    "account_risk": ("account_id", "description"),
    "management_ask": ("account_id", "request"),
}
"""How a record is recognised on the other side when it has no external id (text compared folded).
A table not named here is matched on its first unique constraint, else on its primary key when that is made of
references (a link between two records), else on all its values: such a row is added or found unchanged."""

LOG_NAMES: dict[str, tuple[str, ...]] = {
    "dmu_member": ("dmu_member", "person"),
    "team_member": ("team_member", "team"),
    "communication_action": ("communication_action", "action"),
    "level_assessment": ("level_assessment", "assessment"),
    "competitor_presence": ("competitor_presence", "competitor"),
    "relationship_constraint": ("relationship_constraint", "constraint"),
    "offering_holding": ("offering_holding", "holding"),
}
"""The entity names the activity log uses for the records of a table (the table's own name otherwise)."""

NOT_COMPARED = {"id", "version", "created_at", "updated_at"}
"""Bookkeeping columns: never a difference in themselves."""


@dataclass
class Conflict:
    """A field both databases changed since they parted: the target keeps its value."""

    table: str
    record: str
    field: str
    ours: Any
    theirs: Any

    def describe(self, source: str) -> str:
        return (f"{self.table.replace('_', ' ')} {self.record}: {self.field} is {_shown(self.ours)!s} here "
                f"and {_shown(self.theirs)!s} in {source} (both changed; kept as it is here)")


@dataclass
class TransferSummary:
    """What a copy or a merge did, per table and in all."""

    merged: bool
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def count(self, table: str, what: str, n: int = 1) -> None:
        counts = getattr(self, what)
        counts[table] = counts.get(table, 0) + n

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def describe(self, source: str, target: str) -> list[str]:
        if not self.merged:
            return [f"Copied {plural(self.total_added, 'row')} of {plural(len(self.added), 'table')} from {source} to {target}."]
        lines = [
            f"Merged {source} into {target}: {self.total_added:,} added, {sum(self.updated.values()):,} updated, "
            f"{sum(self.unchanged.values()):,} unchanged, {len(self.conflicts):,} conflicts."
        ]
        lines += [f"Conflict: {conflict.describe(source)}." for conflict in self.conflicts]
        return lines


class TargetNotEmpty(DomainError):
    """The target already holds data and no merge was asked for."""


def _tables() -> list[Table]:
    import accountmgr.models  # noqa: F401  (registers every table)

    return list(SQLModel.metadata.sorted_tables)


def _shown(value: Any) -> str:
    text = "nothing" if value in (None, "") else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def row_counts(db: Database) -> dict[str, int]:
    """Rows per table of *db* (what a copy must reproduce)."""
    with db.engine.connect() as conn:
        present = q.tables_present(conn)
        return {table.name: q.count_rows(conn, table) for table in _tables() if table.name in present}


def transfer(source: Any, target: Any, *, merge: bool = False, progress: Progress | None = None,  # noqa: ANN401
             source_name: str = "the source") -> TransferSummary:
    """Copy *source* into an empty *target*, or with *merge* into one holding data; one transaction on the target."""
    if source.engine.url == target.engine.url:
        raise DomainError("The source and the target are the same database.", "to")
    if getattr(target, "read_only", False):
        raise DomainError(f"The target cannot be written ({target.read_only_reason}).", "to")
    tables = _tables()
    with q.snapshot(source.engine) as src, target.engine.begin() as dst:
        present = q.tables_present(src) & q.tables_present(dst)
        tables = [table for table in tables if table.name in present]
        filled = [table.name for table in tables if q.has_rows(dst, table)]
        if filled and not merge:
            raise TargetNotEmpty(
                f"The target already holds data ({', '.join(name.replace('_', ' ') for name in filled[:3])}"
                f"{'…' if len(filled) > 3 else ''}); add --merge to merge into it, or choose an empty one.", "to")
        total = sum(q.count_rows(src, table) for table in tables)
        tick = _ticker(progress, total)
        if not filled:
            summary = TransferSummary(merged=False)
            for table in tables:
                _copy_table(src, dst, table, summary, tick)
            return summary
        return _Merge(src, dst, tables, tick, source_name).run()


def _ticker(progress: Progress | None, total: int) -> Callable[[int, str], None]:
    done = 0

    def tick(rows: int, table: str) -> None:
        nonlocal done
        done += rows
        if progress is not None:
            progress(done, total, table)

    if progress is not None:
        progress(0, total, "")
    return tick


def _self_references(table: Table) -> list[str]:
    """Columns pointing at another row of the same table (a manager, a parent company, reports-to)."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == table.name]


def _copy_table(src: Any, dst: Any, table: Table, summary: TransferSummary, tick: Callable[[int, str], None]) -> None:
    """Every row as it is; references within the table are set once all its rows are in (foreign keys hold
    at every statement)."""
    later = _self_references(table)
    pending: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for chunk in q.read_rows(src, table):
        if later:
            for row in chunk:
                values = {name: row[name] for name in later if row[name] is not None}
                if values:
                    pending.append(({"id": row["id"]}, values))
            chunk = [{**row, **{name: None for name in later}} for row in chunk]
        q.insert_rows(dst, table, chunk)
        summary.count(table.name, "added", len(chunk))
        tick(len(chunk), table.name)
    for key, values in pending:
        q.update_row(dst, table, key, values)
    q.continue_ids_after_copy(dst, table)


def _plain(value: Any) -> Any:  # noqa: ANN401
    """A value comparable across engines: enums by value, times as naive UTC text, JSON as sorted text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _key_part(value: Any) -> Any:  # noqa: ANN401
    plain = _plain(value)
    return fold(plain) if isinstance(plain, str) else plain


class _Merge:
    """One merge: walks the tables parents first, matching, adding and updating; then the activity log."""

    def __init__(self, src: Any, dst: Any, tables: list[Table], tick: Callable[[int, str], None],  # noqa: ANN401
                 source_name: str) -> None:
        self.src, self.dst, self.tables, self.tick = src, dst, tables, tick
        self.source_name = source_name
        self.summary = TransferSummary(merged=True)
        self.updates: list[tuple[str, Mapping[str, Any], dict[str, list[Any]]]] = []
        """(table, the target's row, {field: [old, new]}) of each record updated, for the activity log."""
        self.ids: dict[str, dict[Any, Any]] = {}
        """Per table: the source's id → the target's id of the same record."""
        self.src_log = [row for chunk in q.read_rows(src, _table(tables, LOG)) for row in chunk]
        self.dst_log = [row for chunk in q.read_rows(dst, _table(tables, LOG)) for row in chunk]
        src_keys = {self._log_key(row) for row in self.src_log}
        dst_keys = {self._log_key(row) for row in self.dst_log}
        self.src_only = [row for row in self.src_log if self._log_key(row) not in dst_keys]
        self.dst_changed = _changed_fields(row for row in self.dst_log if self._log_key(row) not in src_keys)
        self.src_changed = _changed_fields(self.src_only)

    @staticmethod
    def _log_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (_plain(row["at"]), row["origin"], row["entity"], row["action"], row["summary"])

    def run(self) -> TransferSummary:
        for table in self.tables:
            if table.name != LOG:
                self._merge_table(table)
        self._merge_log(_table(self.tables, LOG))
        for table in self.tables:
            q.continue_ids_after_copy(self.dst, table)
        return self.summary

    # -- one table -------------------------------------------------------------------------------------
    def _references(self, table: Table) -> dict[str, str]:
        return {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}

    def _mapped(self, table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
        """*row* with its references to other tables renumbered to the target's ids (self references later)."""
        out = dict(row)
        for column, parent in self._references(table).items():
            if parent != table.name and out.get(column) is not None:
                out[column] = self.ids.get(parent, {}).get(out[column])
        return out

    def _key(self, table: Table, row: Mapping[str, Any]) -> tuple[Any, ...]:
        names = _natural_key(table)
        if names is None:
            pk = [c.name for c in table.primary_key.columns]
            references = self._references(table)
            names = tuple(pk) if all(name in references for name in pk) else tuple(
                c.name for c in table.columns if c.name not in NOT_COMPARED)
        return tuple(_key_part(row.get(name)) for name in names)

    def _merge_table(self, table: Table) -> None:
        has_id = "id" in table.c and table.c.id.primary_key
        keyed = _natural_key(table) is not None
        existing = [row for chunk in q.read_rows(self.dst, table) for row in chunk]
        by_external = {row["external_id"]: row for row in existing if row.get("external_id")}
        by_key = {self._key(table, row): row for row in existing}
        self.ids[table.name] = ids = {}
        later: list[tuple[int, dict[str, Any]]] = []
        self_refs = _self_references(table)
        for chunk in q.read_rows(self.src, table):
            for source_row in chunk:
                row = self._mapped(table, source_row)
                match = by_external.get(row["external_id"]) if row.get("external_id") else None
                match = match or by_key.get(self._key(table, row))
                if match is None:
                    new_id = self._add(table, row, has_id, self_refs)
                    if has_id and new_id is not None:
                        ids[source_row["id"]] = new_id
                        refs = {name: source_row[name] for name in self_refs if source_row[name] is not None}
                        if refs:
                            later.append((new_id, refs))
                    continue
                if has_id:
                    ids[source_row["id"]] = match["id"]
                if keyed:
                    self._update(table, source_row, row, match)
                else:
                    self.summary.count(table.name, "unchanged")
            self.tick(len(chunk), table.name)
        for new_id, refs in later:
            values = {name: ids.get(value) for name, value in refs.items()}
            q.update_row(self.dst, table, {"id": new_id}, values)

    def _add(self, table: Table, row: dict[str, Any], has_id: bool, self_refs: list[str]) -> int | None:
        values = {name: value for name, value in row.items() if not (has_id and name == "id")}
        for name in self_refs:
            values[name] = None
        self.summary.count(table.name, "added")
        if has_id:
            return q.insert_row_returning_id(self.dst, table, values)
        q.insert_rows(self.dst, table, [values])
        return None

    def _update(self, table: Table, source_row: Mapping[str, Any], row: dict[str, Any],
                match: Mapping[str, Any]) -> None:
        """Bring the target's record up to date field by field; a field both sides changed is a conflict."""
        self_refs = set(_self_references(table))
        different = [
            name for name in row
            if name not in NOT_COMPARED and name not in self_refs and _plain(row[name]) != _plain(match[name])
        ]
        if not different:
            self.summary.count(table.name, "unchanged")
            return
        names = LOG_NAMES.get(table.name, (table.name,))
        theirs = _fields_of(self.src_changed, names, source_row.get("id"))
        ours = _fields_of(self.dst_changed, names, match.get("id"))
        take: dict[str, Any] = {}
        for name in different:
            if name in (ours or ()) and name in (theirs or ()):
                conflict = True
            elif name in (ours or ()):
                continue  # changed here only: the target's value is the newer one
            elif name in (theirs or ()):
                conflict = False
            else:
                # Neither log names the field: when the target's record changed since the two parted, be safe.
                conflict = ours is not None
            if conflict:
                self.summary.conflicts.append(
                    Conflict(table.name, _describe(match), name, _plain(match[name]), _plain(row[name])))
            else:
                take[name] = row[name]
        if not take:
            self.summary.count(table.name, "unchanged")
            return
        key = {c.name: match[c.name] for c in table.primary_key.columns}
        if "version" in table.c:
            take["version"] = (match.get("version") or 1) + 1
        if "updated_at" in table.c:
            take["updated_at"] = clock.utcnow()
        q.update_row(self.dst, table, key, take)
        self.summary.count(table.name, "updated")
        self.updates.append((table.name, match, {name: [_plain(match[name]), _plain(take[name])]
                                                  for name in take if name not in ("version", "updated_at")}))

    # -- the activity log ---------------------------------------------------------------------------------
    def _merge_log(self, table: Table) -> None:
        """The source's entries the target lacks, renumbered; then one entry per record the merge updated."""
        team = self.ids.get("team_member", {})
        accounts = self.ids.get("account", {})
        rows = []
        for entry in self.src_only:
            row = {name: value for name, value in entry.items() if name != "id"}
            row["actor_id"] = team.get(entry["actor_id"]) if entry.get("actor_id") is not None else None
            row["account_id"] = accounts.get(entry["account_id"]) if entry.get("account_id") is not None else None
            entity_ids = next((self.ids[t] for t in self.ids if entry["entity"] in LOG_NAMES.get(t, (t,))), None)
            if entry.get("entity_id") is not None:
                row["entity_id"] = entity_ids.get(entry["entity_id"]) if entity_ids is not None else None
            rows.append(row)
        self.summary.count(LOG, "unchanged", len(self.src_log) - len(self.src_only))
        now = clock.utcnow()
        who = activity.actor_of(self.dst)
        for table_name, match, changes in self.updates:
            account_id = match["id"] if table_name == "account" else match.get("account_id")
            rows.append({"at": now, "account_id": account_id, "entity": table_name, "entity_id": match.get("id"),
                         "action": "updated", "summary": f"Updated {table_name.replace('_', ' ')} "
                         f"{_describe(match)} (merged from {self.source_name})", "changes": changes, "actor_id": who,
                         "origin": process_origin()})
        q.insert_rows(self.dst, table, rows)
        self.summary.count(LOG, "added", len(self.src_only))
        self.tick(len(self.src_log), LOG)


def _natural_key(table: Table) -> tuple[str, ...] | None:
    """The columns that tell a record of *table* apart (see NATURAL_KEYS), or None."""
    if table.name in NATURAL_KEYS:
        return NATURAL_KEYS[table.name]
    unique = next((c for c in table.constraints if isinstance(c, UniqueConstraint) and len(c.columns)), None)
    return tuple(column.name for column in unique.columns) if unique is not None else None


def _table(tables: Iterable[Table], name: str) -> Table:
    return next(table for table in tables if table.name == name)


def _describe(row: Mapping[str, Any]) -> str:
    for name in ("name", "objective", "competitor", "description", "key"):
        if row.get(name):
            return f"“{row[name]}”"
    return f"#{row.get('id')}"


def _changed_fields(entries: Iterable[Mapping[str, Any]]) -> dict[tuple[str, Any], set[str]]:
    """(entity, entity id) → the fields the entries changed."""
    changed: dict[tuple[str, Any], set[str]] = {}
    for entry in entries:
        if entry.get("entity_id") is None:
            continue
        fields = entry.get("changes") or {}
        if isinstance(fields, str):
            fields = json.loads(fields or "{}")
        changed.setdefault((entry["entity"], entry["entity_id"]), set()).update(fields)
    return changed


def _fields_of(changed: Mapping[tuple[str, Any], set[str]], names: Iterable[str], entity_id: Any) -> set[str] | None:
    """The fields changed for the record; an empty set when the log has entries without fields, None when none."""
    found: set[str] | None = None
    for name in names:
        if (name, entity_id) in changed:
            found = (found or set()) | changed[(name, entity_id)]
    return found
