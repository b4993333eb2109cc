"""Planning an import: read the file, decide its kind and mapping, check every row, count what would happen.

``plan_import`` writes nothing; the CLI prints the plan (a dry run stops there) and
the TUI shows it and lets the user remap columns (``plan.with_overrides``). The plan
is then given to ``import_write.run_import``, which takes the same decisions again
inside the write lock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accountmgr.services import clock
from accountmgr.services import validation as v
from accountmgr.services.import_files import SourceTable, read_table
from accountmgr.services.import_mapping import (
    IGNORE,
    KINDS,
    REQUIRED,
    Mapped,
    detect_kind,
    field_choices,
    fields_of,
    map_columns,
)
from accountmgr.services.import_match import Decider, EntityCount
from accountmgr.services.import_problems import Problem
from accountmgr.services.import_rows import Converters, Row, blank, bulk_work, prepare_rows
from accountmgr.services.import_values import normalise_columns
from accountmgr.services.text_clean import clean_text

if TYPE_CHECKING:
    from accountmgr.db import Database

MAX_REPORTED = 200
"""Problems listed one by one before the rest are only counted."""


@dataclass(frozen=True)
class ColumnPlan:
    """One column of the file: its header, the field it fills (None = ignored), two sample values and why."""

    header: str
    field: str | None
    label: str
    samples: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class PlanOptions:
    """How the user asked for the file to be read (kept so a plan can be made again with a changed mapping)."""

    kind: str | None = None
    sheet: str | None = None
    overrides: Mapping[str, str] = field(default_factory=dict)
    mapping: str | None = None
    strict: bool = False
    stage_map: Mapping[str, str] = field(default_factory=dict)
    create_accounts: bool = False
    currency_ok: bool = False


@dataclass
class ImportPlan:
    """What importing a file would do: kind, mapping, problems, notes and counts. Nothing is written."""

    source: str
    path: Path
    kind: str
    kind_label: str
    detected: bool
    format_label: str
    columns: list[ColumnPlan]
    problems: list[Problem]
    notes: list[str]
    counts: list[EntityCount]
    row_count: int
    new_team_members: list[str]
    options: PlanOptions
    db: Any = field(repr=False, default=None)
    table: SourceTable | None = field(repr=False, default=None)
    """The file's header (no rows: the rejected-rows file reads the bad rows again, as they were written)."""
    rows: list[Row] = field(repr=False, default_factory=list)
    field_columns: dict[str, str] = field(repr=False, default_factory=dict)
    cell_bad_lines: set[int] = field(repr=False, default_factory=set)
    decider: Decider | None = field(repr=False, default=None)
    marker: int = field(repr=False, default=-1)

    @property
    def ignored(self) -> list[str]:
        """Headers of the columns that are not imported."""
        return [column.header for column in self.columns if column.field is None]

    @property
    def mapping(self) -> dict[str, str]:
        """Header → field key, or '-' for an ignored column (what save_mapping stores)."""
        return {column.header: column.field or IGNORE for column in self.columns}

    @property
    def bad_lines(self) -> set[int]:
        return {p.line for p in self.problems if p.line > 1}

    @property
    def file_problems(self) -> list[Problem]:
        """Problems of the file as a whole (header, currencies), which skipping rows cannot fix."""
        return [p for p in self.problems if p.line <= 1]

    def field_choices(self) -> list[tuple[str, str]]:
        """(field key, label) pairs a column of this kind may be mapped to, ending with ('-', 'Ignore this column')."""
        return field_choices(self.kind)

    def _source(self) -> SourceTable:
        """The whole file again (the plan keeps only its bad rows, so a 100,000-row file is not held twice)."""
        return read_table(self.path, sheet=self.options.sheet)

    def with_overrides(self, overrides: Mapping[str, str]) -> "ImportPlan":
        """The plan again, with these columns mapped anew ({header: field key or '-'}); earlier overrides kept."""
        options = replace(self.options, overrides={**self.options.overrides, **overrides})
        return _plan(self.db, self._source, options)

    def with_kind(self, kind: str) -> "ImportPlan":
        """The plan again, reading the file as another kind (its own mapping starts afresh)."""
        fields_of(kind)
        return _plan(self.db, self._source, replace(self.options, kind=kind, overrides={}))

    def with_options(self, **changes: Any) -> "ImportPlan":
        """The plan again with other options (create_accounts, currency_ok, stage_map, strict)."""
        return _plan(self.db, self._source, replace(self.options, **changes))

    def mapping_lines(self, *, ignored: bool = True) -> list[str]:
        """What the file is and how its columns are read: printed before anything is written."""
        how = "detected" if self.detected else "as asked"
        rows = f"{self.row_count} row{'s' if self.row_count != 1 else ''}"
        lines = [f"{self.source}: {self.kind_label} ({how}), {self.format_label}, {rows}.", "Mapping:"]
        width = max((len(c.header) for c in self.columns if c.field), default=0)
        for column in self.columns:
            if column.field is None:
                continue
            sample = ", ".join(s for s in column.samples if s)
            why = f" ({column.why})" if column.why != "synonym" else ""
            lines.append(f"  {column.header.ljust(width)}  → {column.label}{why}" + (f"   e.g. {sample}" if sample else ""))
        if ignored and self.ignored:
            lines.append("Ignored columns: " + ", ".join(self.ignored) + ".")
        lines.extend(self.notes)
        return lines

    def count_lines(self) -> list[str]:
        """What the import would add, change and leave as it is, per kind of record."""
        lines = [count.describe() for count in self.counts]
        if self.new_team_members:
            shown = ", ".join(self.new_team_members[:10])
            more = f" and {len(self.new_team_members) - 10} more" if len(self.new_team_members) > 10 else ""
            lines.append(f"New team members: {shown}{more}.")
        return lines

    def problem_lines(self, *, limit: int = 20) -> list[str]:
        """The first problems, by line and column."""
        if not self.problems:
            return []
        rows = len(self.bad_lines)
        lines = [f"Problems: {len(self.problems)} (in {rows} row{'s' if rows != 1 else ''}); the first:"]
        lines.extend(f"  {problem}" for problem in self.problems[:limit])
        if len(self.problems) > limit:
            lines.append(f"  … and {len(self.problems) - limit} more.")
        return lines

    def describe(self, *, limit: int = 20) -> list[str]:
        """The whole plan in lines: kind, mapping, ignored columns, notes, counts, first problems."""
        return self.mapping_lines() + self.count_lines() + self.problem_lines(limit=limit)


def plan_import(
    db,  # noqa: ANN001
    path: Path | str,
    *,
    kind: str | None = None,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
    mapping: str | None = None,
    strict: bool = False,
    stage_map: Mapping[str, str] | None = None,
    create_accounts: bool = False,
    currency_ok: bool = False,
) -> ImportPlan:
    """Read *path* and plan its import: kind (detected unless given), mapping, checked rows, counts. Writes nothing."""
    if kind is not None:
        fields_of(kind)
    options = PlanOptions(kind, sheet, dict(overrides or {}), mapping, strict, dict(stage_map or {}),
                          create_accounts, currency_ok)
    return _plan(db, lambda: read_table(Path(path).expanduser(), sheet=sheet), options)


def _plan(db: Database, read: Callable[[], SourceTable], options: PlanOptions) -> ImportPlan:
    with bulk_work():
        return _plan_table(db, read, options)


def _plan_table(db: Database, read: Callable[[], SourceTable], options: PlanOptions) -> ImportPlan:
    # The file is read here and held by this frame only, so its rows can be let go once checked.
    table = read()
    from accountmgr.services.import_saved import load_mapping

    saved: dict[str, str] = {}
    kind = options.kind
    if options.mapping:
        stored = load_mapping(db, options.mapping)
        saved = stored["columns"]
        kind = kind or stored.get("kind")
    detected = kind is None
    kind = kind or detect_kind(table.header)
    mapped = map_columns(kind, table.header, overrides=options.overrides, saved=saved)
    fields = fields_of(kind)
    field_columns = {m.field: header for header, m in mapped.items() if m.field}
    problems: list[Problem] = list(table.problems)
    header_problems = _header_problems(kind, mapped, field_columns, options.strict)
    problems.extend(header_problems)
    notes: list[str] = []
    value_kinds = {header: fields[m.field].value for header, m in mapped.items() if m.field and fields[m.field].value}
    # Samples as the file writes them, before the values are rewritten in place.
    columns = [
        ColumnPlan(header, m.field, fields[m.field].label if m.field else "ignored", _samples(table, header), m.why)
        for header, m in mapped.items()
    ]
    source, path, format_label, row_count = table.name, Path(table.path), table.describe(), len(table.rows)
    normalised = normalise_columns(table, value_kinds, currency_ok=options.currency_ok,  # type: ignore[arg-type]  # only fields with a kind are kept, so no kind is None
                                   in_place=True)
    problems.extend(normalised.problems)
    notes.extend(normalised.notes)
    converters = Converters(_converters(kind, field_columns))
    # Each row's cells are emptied once checked: a 100,000-row file is not held twice. The rejected-rows
    # file reads the bad rows from the file again, as they were written.
    rows = prepare_rows(table.rows, {h: m.field for h, m in mapped.items() if m.field}, converters,
                        problems, consume=True)
    kept = table.with_rows([])
    del table, normalised
    cell_bad_lines = {p.line for p in problems if p.line > 1}
    counts: list = []
    new_members: list[str] = []
    decider: Decider | None = None
    marker = -1
    if not header_problems:
        with db.session() as session:
            conn = session.connection()
            marker = change_marker(conn)
            decider = decide(db, kind, field_columns, rows, options, skip=cell_bad_lines, conn=conn)
        problems.extend(decider.problems)
        counts = decider.counts()
        new_members = decider.new_team_members()
        notes.extend(decider.stage_notes())
        if decider.notes.get("missing_accounts"):
            notes.append("Accounts not in the database can be created by the import (--create-accounts).")
    problems.sort(key=lambda p: p.line)
    return ImportPlan(
        source=source, path=path, kind=kind, kind_label=KINDS[kind], detected=detected,
        format_label=format_label, columns=columns, problems=problems, notes=notes, counts=counts,
        row_count=row_count, new_team_members=new_members, options=options, db=db, table=kept, rows=rows,
        field_columns=field_columns, cell_bad_lines=cell_bad_lines, decider=decider, marker=marker,
    )


def decide(db: Database, kind: str, columns: Mapping[str, str], rows: list[Row], options: PlanOptions, *,
           skip: set[int], conn: Any = None) -> Decider:
    """Decide, row by row against the stored records, what the import adds and changes (rows in *skip* left out)."""
    def run(connection: Any) -> Decider:
        decider = Decider(connection, kind, columns, create_accounts=options.create_accounts,
                          stage_map=options.stage_map, today=clock.today())
        for row in rows:
            if row.line not in skip:
                decider.take(row)
        decider.finish()
        return decider

    if conn is not None:
        return run(conn)
    with db.session() as session:
        return run(session.connection())


def change_marker(conn: Any) -> int:
    """The newest log entry's id: every change is logged, so an unchanged marker means unchanged data."""
    from accountmgr.queries.activity import change_marker as marker

    return marker(conn)


def _header_problems(kind: str, mapped: Mapping[str, Mapped], field_columns: Mapping[str, str],
                     strict: bool) -> list[Problem]:
    problems: list[Problem] = []
    fields = fields_of(kind)
    for group in REQUIRED[kind]:
        if not any(key in field_columns for key in group):
            labels = " or ".join(fields[key].label.lower() for key in group)
            problems.append(Problem(1, fields[group[0]].label, f"this column is required (a column with the {labels})."))
    if strict:
        for header, m in mapped.items():
            if m.field is None and m.why != "override":
                problems.append(Problem(1, header, "this column is not imported (map it with --map, or leave out --strict)."))
    return problems


def _samples(table: SourceTable, header: str) -> tuple[str, ...]:
    found: list[str] = []
    for _line, cells in table.rows:
        value = cells.get(header)
        if not blank(value):
            # A sample is shown on one line: a multi-line note must not break the mapping's layout.
            found.append(clean_text(str(value))[:40])
            if len(found) == 2:
                break
    return tuple(found)


def _converters(kind: str, columns: Mapping[str, str]) -> dict[str, tuple[str, v.Converter]]:
    """Field key → (the service's field name, its converter), so a cell is judged as the form judges it."""
    from accountmgr.services.accounts import ACCOUNT_FIELDS
    from accountmgr.services.dmu import DMU_FIELDS
    from accountmgr.services.offerings import OFFERING_FIELDS
    from accountmgr.services.opportunities import OPPORTUNITY_FIELDS
    from accountmgr.services.team import TEAM_FIELDS

    from accountmgr.services.import_match import (
        ACCOUNT_ATTRS,
        OFFERING_ATTRS,
        OPPORTUNITY_ATTRS,
        PERSON_ATTRS,
        REVENUE_ATTRS,
        TEAM_ATTRS,
    )

    name_text = v.text(max_length=120)
    specs: dict[str, tuple[str, v.Converter]] = {}
    for attrs, spec in ((ACCOUNT_ATTRS, ACCOUNT_FIELDS), (PERSON_ATTRS, DMU_FIELDS),
                        (OPPORTUNITY_ATTRS, OPPORTUNITY_FIELDS), (OFFERING_ATTRS, OFFERING_FIELDS)):
        for key, attr in attrs.items():
            if attr in spec:
                specs.setdefault(key, (attr, spec[attr]))
    if kind == "team":
        specs.update({key: (attr, TEAM_FIELDS[attr]) for key, attr in TEAM_ATTRS.items() if attr in TEAM_FIELDS})
        specs["region"] = ("region", v.text(max_length=120))
    if kind == "offerings":
        specs["active"] = ("active", OFFERING_FIELDS["active"])
    if kind == "revenue":
        from accountmgr.services.revenue import REVENUE_FIELDS

        specs.update({key: (attr, REVENUE_FIELDS[attr]) for key, attr in REVENUE_ATTRS.items()})
    specs.update({
        "opportunity": ("name", OPPORTUNITY_FIELDS["name"]),
        "person": ("name", DMU_FIELDS["name"]),
        "probability": ("probability", OPPORTUNITY_FIELDS["probability"]),
        "close_date": ("closed_on", v.date_()),
        "opened_on": ("opened_on", v.date_()),
        "last_contact": ("last_contact", DMU_FIELDS["last_contact"]),
    })
    for key in ("account_ref", "person_ref", "opportunity_ref", "offering_ref", "member_ref"):
        specs[key] = (key, v.text(max_length=120))
    for key in ("owner", "parent", "first_name", "last_name", "reports_to", "person_owner", "product",
                "sales_agent", "manager", "stage", "status"):
        specs[key] = (key, name_text)
    return {key: specs[key] for key in columns}
