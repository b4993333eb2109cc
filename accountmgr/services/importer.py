"""Bulk import of accounts and DMU members from CSV: all or nothing, every bad row reported.

Each row goes through the entity's field spec (``ACCOUNT_FIELDS``, ``DMU_FIELDS``)
so a CSV cell is judged exactly like a form field. People, offerings and team
members are named, not numbered. Rows are written with Core inserts in one
transaction (a real portfolio has thousands), each with its activity-log entry.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from accountmgr.models import Account, ActivityLog, DmuMember, RelationshipLevel, TeamMember, TeamRole
from accountmgr.services import activity, clock
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.import_problems import Problem

MAX_REPORTED = 200
"""Problems listed one by one before the rest are only counted."""


class ImportRefused(DomainError):
    """The file has problems; nothing was imported. ``problems`` lists them by line."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        rows = len({p.line for p in problems})
        noun = "row has" if rows == 1 else "rows have"
        super().__init__(f"{rows} {noun} problems in {source}; nothing was imported.")
        self.problems = problems


@dataclass
class ImportResult:
    """What an import added."""

    created: int
    kind: str
    new_team_members: list[str] = field(default_factory=list)

    def describe(self) -> str:
        text = f"Imported {self.created} {self.kind}"
        if self.new_team_members:
            text += f" and added team members {', '.join(self.new_team_members)}"
        return text + "."


def _fold(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _columns(spec: Mapping[str, v.Converter], extra: Iterable[str], aliases: Mapping[str, str]) -> dict[str, str]:
    """Folded header → field: the field name, the name without _cents/_id, its label, or an alias."""
    found: dict[str, str] = {}
    for name in [*spec, *extra]:
        for option in (name, name.removesuffix("_cents"), v.label(name)):
            found.setdefault(_fold(option), name)
    found.update({_fold(alias): name for alias, name in aliases.items()})
    return found


ACCOUNT_ALIASES = {"owner": "owner", "level": "current_level", "target": "target_level", "account": "name"}
PEOPLE_ALIASES = {"owner": "owner", "reports to": "reports_to", "manager": "reports_to", "buying roles": "roles",
                  "role": "roles", "style": "social_style", "coverage": "coverage"}


def read_rows(source: Path | str | io.TextIOBase) -> tuple[str, list[str], list[tuple[int, dict[str, str]]]]:
    """(display name, header, [(line number, {header: cell})]); comma, semicolon or tab separated."""
    if isinstance(source, (str, Path)):
        path = Path(source).expanduser()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise DomainError(f"There is no file {path}.") from None
        except IsADirectoryError:
            raise DomainError(f"{path} is a folder, not a CSV file.") from None
        except UnicodeDecodeError:
            raise DomainError(f"{path} is not UTF-8 text; save it from your spreadsheet as “CSV UTF-8”.") from None
        except OSError as exc:
            raise DomainError(f"Cannot read {path} ({exc.strerror or exc}).") from None
        name = path.name
    else:
        text, name = source.read(), "the input"
    if not text.strip():
        raise DomainError(f"{name} is empty.")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    line = 0
    try:
        header = [cell.strip() for cell in next(reader)]
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                problems.append(Problem(start, "", f"has {len(cells)} cells but the header has {len(header)} columns."))
            rows.append((start, dict(zip(header, cells))))
    except csv.Error as exc:
        problems.append(Problem(line + 1, "", f"cannot be read as CSV ({exc})."))
    if problems:
        raise ImportRefused(name, problems)
    return name, header, rows


def _map_header(name: str, header: list[str], columns: Mapping[str, str], required: Iterable[str]) -> dict[str, str]:
    """Header cell → field, refusing unknown, repeated and missing required columns."""
    problems: list[Problem] = []
    mapping: dict[str, str] = {}
    for cell in header:
        target = columns.get(_fold(cell))
        if target is None:
            problems.append(Problem(1, cell, "unknown column (see the README for the columns an import takes)."))
        elif target in mapping.values():
            problems.append(Problem(1, cell, f"repeats the column for {v.label(target).lower()}."))
        else:
            mapping[cell] = target
    for needed in required:
        if needed not in mapping.values():
            problems.append(Problem(1, needed, "this column is required."))
    if problems:
        raise ImportRefused(name, problems)
    return mapping


class _Team:
    """Our team members by name; names not yet known are added (and reported)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.ids = {n.lower(): i for i, n in conn.execute(select(TeamMember.id, TeamMember.name))}
        self.added: list[str] = []

    def resolve(self, name: str) -> int | None:
        name = name.strip()
        if not name:
            return None
        if name.lower() not in self.ids:
            problem = _check_text(name, "owner")
            if problem:
                raise problem
            now = clock.utcnow()
            new_id = self.conn.execute(
                insert(TeamMember).values(name=name, role=TeamRole.SALES, email="", active=True, created_at=now)
            ).inserted_primary_key[0]
            _log(self.conn, [(None, "team_member", new_id, f"Added team member {name} (import)", {"name": [None, name]})])
            self.ids[name.lower()] = new_id
            self.added.append(name)
        return self.ids[name.lower()]


def _check_text(name: str, column: str) -> DomainError | None:
    try:
        v.text(max_length=120)(name, column)
    except DomainError as exc:
        return exc
    return None


def _log(conn: Any, entries: list[tuple[int | None, str, int, str, dict]]) -> None:
    now = clock.utcnow()
    if entries:
        conn.execute(insert(ActivityLog), [
            {"at": now, "account_id": account_id, "entity": entity, "entity_id": entity_id, "action": "created",
             "summary": summary, "changes": changes}
            for account_id, entity, entity_id, summary, changes in entries
        ])


def _validate(
    rows: list[tuple[int, dict[str, str]]],
    mapping: Mapping[str, str],
    spec: Mapping[str, v.Converter],
    defaults: Mapping[str, Any],
    problems: list[Problem],
    references: Iterable[str],
) -> list[tuple[int, dict[str, Any], dict[str, str]]]:
    """[(line, cleaned values, reference cells)] for the rows whose fields all pass the spec."""
    references = set(references)
    memo = _Memo()
    good: list[tuple[int, dict[str, Any], dict[str, str]]] = []
    for line, cells in rows:
        raw: dict[str, Any] = {}
        refs: dict[str, str] = {}
        for cell_name, target in mapping.items():
            value = cells.get(cell_name, "")
            if target in references:
                refs[target] = (value or "").strip()
            else:
                raw[target] = value
        for name, default in defaults.items():
            value = raw.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                raw[name] = default
        values: dict[str, Any] = {}
        bad = False
        for name, convert in spec.items():
            outcome = memo.convert(name, convert, raw.get(name))
            if isinstance(outcome, DomainError):
                problems.append(Problem(line, _column_of(mapping, name), outcome.message))
                bad = True
            else:
                values[name] = outcome
        if not bad:
            good.append((line, values, refs))
    return good


class _Memo:
    """Remembers conversions of repeated cells (levels, roles, attitudes, dates): a column of a
    100,000-row file holds a handful of distinct values, and parsing each again dominates the import.
    Free-text columns stop being remembered once they prove to be mostly distinct."""

    LIMIT = 2000

    def __init__(self) -> None:
        self.seen: dict[str, dict[Any, Any]] = {}

    def convert(self, name: str, convert: v.Converter, value: Any) -> Any:
        """The converted value, or the DomainError it raised (returned, not raised)."""
        if value is not None and not isinstance(value, str):
            return _call(convert, value, name)
        cache = self.seen.setdefault(name, {})
        if value in cache:
            result = cache[value]
        else:
            result = _call(convert, value, name)
            if len(cache) < self.LIMIT:
                cache[value] = result
        # Each row gets its own list: rows must not share a mutable value.
        return list(result) if isinstance(result, list) else result


def _call(convert: v.Converter, value: Any, name: str) -> Any:
    try:
        return convert(value, name)
    except DomainError as exc:
        return exc


def _column_of(mapping: Mapping[str, str], target: str) -> str:
    return next((cell for cell, name in mapping.items() if name == target), target)


def _refuse_if(name: str, problems: list[Problem]) -> None:
    if problems:
        problems.sort(key=lambda p: p.line)
        raise ImportRefused(name, problems)


def import_accounts(db, source: Path | str | io.TextIOBase) -> ImportResult:  # noqa: ANN001
    """Add the accounts of a CSV file (one per row); refuse the whole file if any row is wrong."""
    from accountmgr.services.accounts import ACCOUNT_FIELDS

    name, header, rows = read_rows(source)
    spec = {key: convert for key, convert in ACCOUNT_FIELDS.items() if key != "owner_id"}
    mapping = _map_header(name, header, _columns(spec, ["owner"], ACCOUNT_ALIASES), ["name"])
    problems: list[Problem] = []
    valid = _validate(rows, mapping, spec, {"current_level": RelationshipLevel.PROSPECT}, problems, ["owner"])
    with db.session() as session:
        conn = session.connection()
        taken = {n.lower() for (n,) in conn.execute(select(Account.name))}
        seen: dict[str, int] = {}
        for line, values, _refs in valid:
            key = values["name"].lower()
            if key in taken:
                problems.append(Problem(line, _column_of(mapping, "name"), f"there is already an account called {values['name']}."))
            elif key in seen:
                problems.append(Problem(line, _column_of(mapping, "name"), f"{values['name']} is also on line {seen[key]}."))
            else:
                seen[key] = line
        _refuse_if(name, problems)
        team = _Team(conn)
        now = clock.utcnow()
        records: list[dict[str, Any]] = []
        for line, values, refs in valid:
            try:
                owner_id = team.resolve(refs.get("owner", ""))
            except DomainError as exc:
                problems.append(Problem(line, _column_of(mapping, "owner"), exc.message))
                continue
            records.append({**values, "owner_id": owner_id, "archived": False, "created_at": now, "updated_at": now})
        _refuse_if(name, problems)
        ids = _insert_returning_ids(conn, Account, records)
        _log(conn, [
            (row_id, "account", row_id, f"Added account {record['name']} (import from {name})", _changes(record))
            for row_id, record in zip(ids, records)
        ])
    return ImportResult(len(records), "account" if len(records) == 1 else "accounts", team.added)


def import_people(db, source: Path | str | io.TextIOBase) -> ImportResult:  # noqa: ANN001
    """Add DMU members from a CSV file with an ``account`` column; reports-to names a person of the same account."""
    from accountmgr.services.dmu import DEFAULTS, DMU_FIELDS

    name, header, rows = read_rows(source)
    spec = {key: convert for key, convert in DMU_FIELDS.items() if key not in ("owner_id", "reports_to_id")}
    mapping = _map_header(
        name, header, _columns(spec, ["account", "owner", "reports_to"], PEOPLE_ALIASES), ["account", "name"]
    )
    problems: list[Problem] = []
    valid = _validate(rows, mapping, spec, DEFAULTS, problems, ["account", "owner", "reports_to"])
    with db.session() as session:
        conn = session.connection()
        accounts = {n.lower(): (i, n) for i, n in conn.execute(select(Account.id, Account.name))}
        existing: dict[tuple[int, str], list[int]] = {}
        for member_id, account_id, member_name in conn.execute(
            select(DmuMember.id, DmuMember.account_id, DmuMember.name)
        ):
            existing.setdefault((account_id, member_name.lower()), []).append(member_id)
        placed: list[tuple[int, int, dict[str, Any], dict[str, str]]] = []
        new_names: dict[tuple[int, str], int] = {}
        for line, values, refs in valid:
            account = accounts.get(refs["account"].lower())
            if account is None:
                message = "the account is empty." if not refs["account"] else f"there is no account called “{refs['account']}”."
                problems.append(Problem(line, _column_of(mapping, "account"), message))
                continue
            key = (account[0], values["name"].lower())
            if key in existing:
                problems.append(Problem(line, _column_of(mapping, "name"), f"{account[1]} already has a person called {values['name']}."))
            elif key in new_names:
                problems.append(Problem(line, _column_of(mapping, "name"), f"{values['name']} of {account[1]} is also on line {new_names[key]}."))
            else:
                new_names[key] = line
                placed.append((line, account[0], values, refs))
        managers = _resolve_managers(placed, existing, new_names, accounts, mapping, problems)
        _refuse_if(name, problems)
        team = _Team(conn)
        now = clock.utcnow()
        records: list[dict[str, Any]] = []
        for line, account_id, values, refs in placed:
            try:
                owner_id = team.resolve(refs.get("owner", ""))
            except DomainError as exc:
                problems.append(Problem(line, _column_of(mapping, "owner"), exc.message))
                continue
            records.append({**values, "account_id": account_id, "owner_id": owner_id, "created_at": now, "updated_at": now})
        _refuse_if(name, problems)
        ids = _insert_returning_ids(conn, DmuMember, records)
        by_line = {line: row_id for (line, *_rest), row_id in zip(placed, ids)}
        links = [
            {"member": by_line[line], "manager": manager if isinstance(manager, int) else by_line[manager[1]]}
            for line, manager in managers.items()
        ]
        if links:
            conn.execute(
                update(DmuMember).where(DmuMember.id == bindparam("member")).values(reports_to_id=bindparam("manager")),
                links,
            )
        _log(conn, [
            (record["account_id"], "dmu_member", row_id, f"Added DMU member {record['name']} (import from {name})", _changes(record))
            for row_id, record in zip(ids, records)
        ])
    return ImportResult(len(records), "person" if len(records) == 1 else "people", team.added)


def _resolve_managers(
    placed: list[tuple[int, int, dict[str, Any], dict[str, str]]],
    existing: Mapping[tuple[int, str], list[int]],
    new_names: Mapping[tuple[int, str], int],
    accounts: Mapping[str, tuple[int, str]],
    mapping: Mapping[str, str],
    problems: list[Problem],
) -> dict[int, int | tuple[str, int]]:
    """line → existing member id, or ("line", line) of a new row; refuses unknown names and loops."""
    column = _column_of(mapping, "reports_to")
    account_names = {i: n for i, n in accounts.values()}
    result: dict[int, int | tuple[str, int]] = {}
    for line, account_id, values, refs in placed:
        boss = refs.get("reports_to", "")
        if not boss:
            continue
        key = (account_id, boss.lower())
        if boss.lower() == values["name"].lower():
            problems.append(Problem(line, column, "a person cannot report to themself."))
        elif key in new_names:
            result[line] = ("line", new_names[key])
        elif key in existing:
            if len(existing[key]) > 1:
                problems.append(Problem(line, column, f"{account_names[account_id]} has several people called {boss}."))
            else:
                result[line] = existing[key][0]
        else:
            problems.append(Problem(line, column, f"there is nobody called {boss} in {account_names[account_id]}'s DMU."))
    # Only new rows can form a loop: an existing member never reports to someone not yet imported.
    for start in list(result):
        seen = {start}
        current = result.get(start)
        while isinstance(current, tuple):
            if current[1] in seen:
                problems.append(Problem(start, column, "the reporting lines in the file go round in a loop."))
                break
            seen.add(current[1])
            current = result.get(current[1])
    return result


def _insert_returning_ids(conn: Any, model: type, records: list[dict[str, Any]]) -> list[int]:
    """Insert in one executemany with ids chosen here, and return them in order.

    RETURNING would make SQLite insert row by row. Choosing the ids is safe inside this
    write transaction: if another process wrote since we read the highest id, SQLite
    refuses our insert and nothing is written.
    """
    if not records:
        return []
    table = model.__table__
    first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    ids = list(range(first, first + len(records)))
    for row_id, record in zip(ids, records):
        record["id"] = row_id
    conn.execute(insert(table), records)
    return ids


def _changes(record: Mapping[str, Any]) -> dict[str, list[Any]]:
    """What the activity log keeps of an imported record (the same as for one typed in)."""
    return activity.created(record, skip=("id", "created_at", "updated_at", "archived", "account_id"))


Importer = Callable[[Any, Path], ImportResult]
IMPORTERS: dict[str, Importer] = {"accounts": import_accounts, "people": import_people}
"""What ``accountmgr import KIND FILE`` can read."""
