"""Writing a planned import: in one transaction, under the write lock, all or nothing (or the good rows only).

The decisions of the plan are taken again once the write lock is held, so an import
never works from a stale picture: two imports at once run one after the other, and
ids are chosen only while nobody else can write. Rows are written with Core
executemany (a real pipeline has tens of thousands), each record with its
activity-log entry: "created" with its values, or "updated" with {field: [old, new]}
and its version one higher, so "what changed since the last review" shows the import.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from accountmgr.models import ActivityLog, OpportunityOffering
from accountmgr.models.columns import table_of
from accountmgr.queries import bulk
from accountmgr.queries.ids import reserve_ids, take_import_lock
from accountmgr.queries.locking import restore_wait, take_write_lock
from accountmgr.services import activity, clock
from accountmgr.services.errors import DomainError
from accountmgr.services.import_match import ENTITY_NAMES, MODELS, Decider, EntityCount, Ref
from accountmgr.services.import_plan import ImportPlan, change_marker, decide
from accountmgr.services.import_problems import Problem
from accountmgr.services.import_rows import bulk_work

CHUNK = 5000
"""Records written per executemany."""

LOCK_WAIT_FACTOR = 24
"""An import waits this many busy timeouts (2 minutes) for another one, or any writer, to finish."""

Progress = Callable[[int, int], None]

LOG_ENTITY = {"person": "dmu_member", "team": "team_member"}
"""How the activity log names the records forms write."""


class ImportRefused(DomainError):
    """The file has problems; nothing was imported. ``problems`` lists them by line."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        rows = len({p.line for p in problems if p.line > 1})
        noun = "row has" if rows == 1 else "rows have"
        if rows:
            super().__init__(f"{rows} {noun} problems in {source}; nothing was imported.")
        else:
            super().__init__(f"{source} cannot be imported as it is (see above); nothing was imported.")
        self.problems = problems


@dataclass
class ImportSummary:
    """What an import did: counts per entity, ignored columns, new team members, rejected rows."""

    source: str
    kind_label: str
    counts: list[EntityCount]
    ignored: list[str] = field(default_factory=list)
    new_team_members: list[str] = field(default_factory=list)
    rejected_path: Path | None = None
    rejected_rows: int = 0
    account_ids: list[int] = field(default_factory=list)

    def count(self, entity: str) -> EntityCount:
        """The count for one entity ('account', 'person', 'opportunity', 'offering', 'team'); zeros if untouched."""
        return next((c for c in self.counts if c.entity == entity), EntityCount(entity, 0, 0, 0, {}))

    @property
    def created(self) -> int:
        return sum(c.new for c in self.counts)

    def describe(self) -> list[str]:
        """The summary in lines, for the CLI and the TUI."""
        lines = [f"Imported {self.source}: {self.kind_label}."]
        lines.extend(count.describe() for count in self.counts)
        if not self.counts:
            lines.append("Nothing to import.")
        if self.ignored:
            lines.append("Ignored columns: " + ", ".join(self.ignored) + ".")
        if self.new_team_members:
            shown = ", ".join(self.new_team_members[:10])
            more = f" and {len(self.new_team_members) - 10} more" if len(self.new_team_members) > 10 else ""
            lines.append(f"New team members: {shown}{more}.")
        if self.rejected_path is not None:
            lines.append(f"{self.rejected_rows} rejected row{'s' if self.rejected_rows != 1 else ''} written to "
                         f"{self.rejected_path} (the reason is in its “rejected because” column).")
        return lines


def run_import(
    db,  # noqa: ANN001
    plan: ImportPlan,
    *,
    skip_bad: bool = False,
    rejected: Path | str | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Write *plan* in one transaction; refuse (ImportRefused) if any row is bad, unless *skip_bad*.

    With *skip_bad* the good rows go in and the bad ones are written, with the reason,
    to *rejected* (default ``FILE.rejected.csv`` beside the file).
    """
    if plan.file_problems or (plan.problems and not skip_bad):
        raise ImportRefused(plan.source, plan.problems)
    bad = set(plan.cell_bad_lines)
    problems = [p for p in plan.problems if p.line in bad]
    rejected_path: Path | None = None
    with bulk_work(), db.session() as session:
        conn = session.connection()
        _take_write_lock(conn)
        try:
            # A row found bad here leaves the file; rows that leaned on it may then be bad too.
            # Nothing changed since the plan was made (nobody logged a change): its decisions stand.
            reuse = plan.decider is not None and change_marker(conn) == plan.marker
            for attempt in range(10):
                if attempt == 0 and reuse and plan.decider is not None:
                    decider = plan.decider
                else:
                    decider = decide(db, plan.kind, plan.field_columns, plan.rows, plan.options, skip=bad, conn=conn)
                if not decider.problems:
                    break
                if not skip_bad:
                    raise ImportRefused(plan.source, sorted(problems + decider.problems, key=lambda p: p.line))
                problems.extend(decider.problems)
                bad |= {p.line for p in decider.problems}
            else:  # pragma: no cover - each round removes rows, so this needs a pathological file
                raise ImportRefused(plan.source, problems)
            account_ids = write(conn, decider, plan.source, progress)
            if bad:
                rejected_path = write_rejected(plan, problems, rejected)
        finally:
            _release_wait(conn)
    return ImportSummary(
        source=plan.source, kind_label=plan.kind_label, counts=decider.counts(), ignored=plan.ignored,
        new_team_members=decider.new_team_members(), rejected_path=rejected_path, rejected_rows=len(bad),
        account_ids=account_ids,
    )


def _take_write_lock(conn: Any) -> None:
    """Start the transaction as a writer (BEGIN IMMEDIATE): another import waits here for its turn.

    On PostgreSQL an advisory lock queues imports instead; other users keep reading and saving meanwhile.
    """
    import accountmgr.db

    if conn.dialect.name == "postgresql":
        take_import_lock(conn)
        return
    take_write_lock(conn, accountmgr.db.BUSY_TIMEOUT_MS * LOCK_WAIT_FACTOR)


def _release_wait(conn: Any) -> None:
    import accountmgr.db

    if conn.dialect.name == "postgresql":
        return
    try:
        restore_wait(conn, accountmgr.db.BUSY_TIMEOUT_MS)
    except Exception:  # noqa: BLE001 - the connection may already be unusable after an error; it is discarded then
        pass


def write_rejected(plan: ImportPlan, problems: list[Problem], target: Path | str | None) -> Path:
    """The bad rows as they were in the file, plus a column saying why, ready to fix and import again."""
    path = Path(target).expanduser() if target else plan.path.with_name(f"{plan.path.stem}.rejected.csv")
    why: dict[int, list[str]] = {}
    for problem in problems:
        why.setdefault(problem.line, []).append(f"{problem.column}: {problem.message}" if problem.column
                                                 else problem.message)
    table = plan.table
    assert table is not None
    if not set(why) <= {line for line, _cells in table.rows}:
        # The plan keeps no rows of the file: read the bad ones again, as they were written.
        from accountmgr.services.import_files import read_table

        table = read_table(plan.path, sheet=plan.options.sheet)
    delimiter = table.delimiter or ","
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow([*table.header, "rejected because", "line"])
            for line, cells in table.rows:
                if line in why:
                    writer.writerow([_cell(cells.get(h)) for h in table.header] + ["; ".join(why[line]), line])
    except OSError as exc:
        raise DomainError(f"Cannot write the rejected rows to {path} ({exc.strerror or exc}); nothing was imported.") \
            from None
    return path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _template(model: type) -> dict[str, Any]:
    """Every column of a new record with its default, so all rows of one executemany have the same keys."""
    instance = model()
    return {column.name: getattr(instance, column.name, None)
            for column in table_of(model).columns if column.name != "id"}


def write(conn: Any, decider: Decider, source: str, progress: Progress | None = None) -> list[int]:
    """Write what *decider* decided; returns the ids of the accounts that came in or changed."""
    now = clock.utcnow()
    ids: dict[str, list[int]] = {}
    log: list[dict[str, Any]] = []
    total = sum(len(s.new) + sum(1 for c in s.changes.values() if c) for s in decider.stores.values()) or 1
    done = 0
    step = max(1, total // 50)

    def tick(n: int = 1) -> None:
        nonlocal done
        before = done
        done += n
        if progress is not None and (done // step != before // step or done >= total):
            progress(min(done, total), total)

    def resolve(value: Any) -> Any:
        if isinstance(value, Ref):
            kind, number = value.ident
            return number if kind == "id" else ids[value.store][number]
        return value

    account_ids: set[int] = set()
    stores = [(entity, decider.stores[entity]) for entity in MODELS if entity in decider.stores]
    for entity, store in stores:
        model = MODELS[entity]
        table = table_of(model)
        template = _template(model)
        if entity == "account" and activity.actor_of(conn) is not None:
            template = {**template, "owner_id": activity.actor_of(conn)}  # an account without an owner is the importer's
        stamps = {name: now for name in ("created_at", "updated_at") if name in table.c}
        # Ids are chosen here: on SQLite safe only because the transaction holds the write lock (BEGIN
        # IMMEDIATE), so nobody can insert between reading the highest id and using the next ones; on
        # PostgreSQL they come from the table's sequence.
        ids[entity] = reserve_ids(conn, table, len(store.new))
        later: list[tuple[int, str, Ref]] = []
        one = ENTITY_NAMES[entity][0]
        # In chunks, so a 100,000-row file never holds all its rows as records and log entries at once.
        for start in range(0, len(store.new), CHUNK):
            records: list[dict[str, Any]] = []
            for index in range(start, min(start + CHUNK, len(store.new))):
                values: dict[str, Any] = {}
                for attr, value in store.new[index].values.items():
                    if isinstance(value, Ref) and value.store == entity and value.ident[0] == "new":
                        later.append((index, attr, value))  # a record of this store not written yet
                    else:
                        values[attr] = resolve(value)
                records.append({**template, **values, **stamps, "version": 1, "id": ids[entity][index]})
            bulk.insert_rows(conn, table, records)
            entries = []
            for record in records:
                row_id = record["id"]
                if entity == "account":
                    account_ids.add(row_id)
                entries.append(_entry(now, _account_of(entity, row_id, record), entity, row_id, "created",
                                      f"Added {one} {_name(record)} (import from {source})", _created(record)))
            bulk.insert_rows(conn, table_of(ActivityLog), _by_actor(conn, entries))
            tick(len(records))
        for attr in {attr for _i, attr, _r in later}:
            bulk.set_by_id(conn, table, {attr: bulk.bound("_v")},
                           [{"_id": ids[entity][i], "_v": resolve(r)} for i, a, r in later if a == attr])
    for entity, store in stores:
        table = table_of(MODELS[entity])
        one = ENTITY_NAMES[entity][0]
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row_id, change in store.changes.items():
            if not change:
                continue
            stored = store.rows[row_id]
            resolved = {attr: resolve(value) for attr, value in change.items()}
            groups.setdefault(tuple(sorted(resolved)), []).append({"_id": row_id, **{f"v_{k}": v for k, v in resolved.items()}})
            account_id = _account_of(entity, row_id, stored)
            if entity == "account":
                account_ids.add(row_id)
            diff = {attr: [activity.plain(stored.get(attr)), activity.plain(value)] for attr, value in resolved.items()}
            log.append(_entry(now, account_id, entity, row_id, "updated",
                              f"Changed {one} {_name(stored)}: {', '.join(resolved)} (import from {source})", diff))
        for attrs, params in groups.items():
            values = {attr: bulk.bound(f"v_{attr}") for attr in attrs}
            values["version"] = table.c.version + 1
            if "updated_at" in table.c:
                values["updated_at"] = now
            bulk.set_by_id(conn, table, values, params)
            tick(len(params))
    links = [{"opportunity_id": resolve(Ref("opportunity", o)), "offering_id": resolve(Ref("offering", f))}
             for o, f in decider.links]
    bulk.insert_rows(conn, table_of(OpportunityOffering), links)
    bulk.insert_rows(conn, table_of(ActivityLog), _by_actor(conn, log))
    if progress is not None:
        progress(total, total)
    return sorted(account_ids)


def _name(record: dict[str, Any]) -> Any:
    """What a log summary calls the record: its name, or the year of a revenue row."""
    return record["name"] if "name" in record else record.get("year")


def _account_of(entity: str, row_id: int, record: dict[str, Any]) -> int | None:
    if entity == "account":
        return row_id
    return record.get("account_id") if entity in ("person", "opportunity", "revenue") else None


def _by_actor(conn: Any, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries as made by whoever runs the import (the team member working on this database)."""
    who = activity.actor_of(conn)
    return [{**entry, "actor_id": who} for entry in entries] if who is not None else entries


def _entry(now: Any, account_id: int | None, entity: str, entity_id: int, action: str, summary: str,
           changes: dict[str, Any]) -> dict[str, Any]:
    # No origin here: the column's default names this process, so open windows can tell an import's changes.
    return {"at": now, "account_id": account_id, "entity": LOG_ENTITY.get(entity, entity),
            "entity_id": entity_id, "action": action, "summary": summary, "changes": changes,
            "actor_id": None}


def _created(record: dict[str, Any]) -> dict[str, list[Any]]:
    """What the log keeps of an imported record (the same as for one typed in)."""
    return activity.created(record, skip=("id", "created_at", "updated_at", "archived", "account_id", "version"))
