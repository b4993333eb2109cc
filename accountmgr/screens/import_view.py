"""How the import screens word a checked file (an import plan) and its problems: the text, not the screen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.text import Text

KINDS: list[tuple[str, str]] = [
    ("accounts", "Accounts (companies)"),
    ("people", "People (DMU contacts)"),
    ("contacts", "Contacts with their accounts"),
    ("opportunities", "Opportunities (pipeline)"),
    ("offerings", "Offerings (products)"),
    ("team", "Our team (sales people)"),
]
"""The kinds of data a file can hold, as the kind list offers them."""

ENCODINGS = {
    "utf-8": "UTF-8", "utf_8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf_8_sig": "UTF-8 with BOM",
    "utf-16": "UTF-16", "utf_16": "UTF-16", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252", "windows-1252": "Windows-1252", "latin-1": "Latin-1", "latin_1": "Latin-1",
    "iso-8859-1": "Latin-1", "iso8859-1": "Latin-1", "iso-8859-15": "Latin-9",
}
DELIMITERS = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}


def kind_options() -> list[tuple[str, str]]:
    """(label, kind) pairs for the kind list."""
    return [(label, kind) for kind, label in KINDS]


def kind_label(kind: str) -> str:
    return dict(KINDS).get(kind, kind)


def format_text(plan: Any) -> str:
    """"CSV, Windows-1252, ';'" or "Excel workbook, sheet Foglio1": how the file is written."""
    table = getattr(plan, "table", None)
    if callable(getattr(table, "describe", None)):
        return str(table.describe())
    fmt = getattr(plan, "format", None) or getattr(table, "format", None)
    encoding = getattr(plan, "encoding", None) or getattr(table, "encoding", None)
    delimiter = getattr(plan, "delimiter", None) or getattr(table, "delimiter", None)
    sheet = getattr(plan, "sheet", None) or getattr(table, "sheet", None)
    if fmt == "xlsx":
        return "Excel workbook" + (f", sheet {sheet}" if sheet else "")
    parts = ["CSV"] if fmt in (None, "csv") else [str(fmt).upper()]
    if encoding:
        parts.append(ENCODINGS.get(str(encoding).lower(), str(encoding)))
    if delimiter:
        parts.append(DELIMITERS.get(delimiter, repr(delimiter)))
    return ", ".join(parts)


def detected_line(plan: Any) -> str:
    """"Pipeline export (opportunities) · CSV, Windows-1252, ';' · 9,012 rows"."""
    label = getattr(plan, "kind_label", "") or kind_label(plan.kind)
    rows = row_count(plan)
    text = f"{label} · {format_text(plan)}"
    return text + (f" · {rows:,} rows" if rows is not None else "")


def row_count(plan: Any) -> int | None:
    for name in ("row_count", "rows_total", "total_rows"):
        value = getattr(plan, name, None)
        if isinstance(value, int):
            return value
    table = getattr(plan, "table", None)
    rows = getattr(table, "rows", None)
    return len(rows) if rows is not None else None


def samples(column: Any) -> list[str]:
    """The column's two sample values, as text."""
    values = getattr(column, "samples", None) or getattr(column, "sample", None) or ()
    return ["" if value is None else str(value) for value in list(values)[:2]]


def mapping_cells(column: Any) -> list[str | Text]:
    """One mapping row: the file's header, what it fills in (or "ignored"), two samples."""
    field = getattr(column, "field", None)
    why = str(getattr(column, "why", "") or "")
    if field:
        label = getattr(column, "label", None) or getattr(column, "field_label", None) or field
        target: str | Text = Text(str(label))
        if why in {"override", "chosen", "user"}:
            target.append("  (changed)", style="italic")
        elif why == "saved":
            target.append("  (saved mapping)", style="dim italic")
    else:
        target = Text("ignored", style="dim italic")
    cells = samples(column) + ["", ""]
    return [Text(str(column.header)), target, _sample(cells[0]), _sample(cells[1])]


def _sample(value: str) -> Text:
    # A sample is a glimpse: one line, bounded, whatever the cell holds (notes with newlines, long texts).
    flat = " ".join(value.split())
    return Text(flat if len(flat) <= 40 else flat[:39] + "…", no_wrap=True, overflow="ellipsis")


def problems(plan: Any) -> list[Any]:
    return list(getattr(plan, "problems", None) or [])


def problem_count(plan: Any) -> int:
    return len(problems(plan))


def problem_lines(found: Iterable[Any], limit: int) -> Text:
    """The first *limit* problems ("line 4, Importo: …"), then how many more."""
    found = list(found)
    text = Text()
    if not found:
        return text
    text.append(f"{len(found):,} problem{'s' if len(found) != 1 else ''}:\n", style="bold red")
    for problem in found[:limit]:
        text.append("  " + str(problem) + "\n")
    if len(found) > limit:
        text.append(f"  … and {len(found) - limit:,} more (c lists the first 20).", style="dim")
    text.rstrip()
    return text


def problems_text(plan: Any, limit: int) -> Text:
    return problem_lines(problems(plan), limit)


def notes_text(plan: Any) -> str:
    """What was decided about the file (number and date conventions, currency), and the ignored columns."""
    return " · ".join(str(note) for note in getattr(plan, "notes", None) or [])


def _count_parts(counts: Any) -> list[tuple[str, Mapping[str, int]]]:
    """(entity, {"new": n, "updated": n, "unchanged": n}) whatever shape the counts come in."""
    if isinstance(counts, Mapping):
        return [(str(entity), dict(value) if isinstance(value, Mapping) else vars(value))
                for entity, value in counts.items()]
    parts = []
    for entity, value in getattr(counts, "items", lambda: [])():
        parts.append((str(entity), value))
    return parts


def counts_line(plan: Any) -> str:
    """"Accounts: 12 new, 3 updated, 40 unchanged · People: …"; what the import would do."""
    describe = getattr(plan, "describe_counts", None)
    if callable(describe):
        return str(describe())
    pieces = []
    for entity, numbers in _count_parts(getattr(plan, "counts", {}) or {}):
        words = [f"{numbers.get(key, 0):,} {key}" for key in ("new", "updated", "unchanged") if numbers.get(key)]
        pieces.append(f"{entity.capitalize()}: {', '.join(words) or 'nothing'}")
    return " · ".join(pieces) or "Nothing to import."


def dry_run_lines(plan: Any) -> list[str]:
    """The check's full report, as the command line's --dry-run prints it: nothing is written."""
    describe = getattr(plan, "describe", None)
    if callable(describe):
        lines = list(describe())
    else:
        lines = [detected_line(plan), "", "Mapping:"]
        for column in plan.columns:
            field = getattr(column, "label", None) or getattr(column, "field", None)
            lines.append(f"  {column.header} → {field or 'ignored'}")
        lines += ["", counts_line(plan)]
        if notes := notes_text(plan):
            lines += ["", notes]
        found = problems(plan)
        if found:
            lines += ["", f"{len(found):,} problems; the first 20:"] + [f"  {problem}" for problem in found[:20]]
    return ["Dry run: nothing was written.", ""] + lines


def account_ids(summary: Any) -> frozenset[int]:
    """The accounts an import brought in or changed (what "Show what came in" shows)."""
    for name in ("account_ids", "accounts_touched", "changed_account_ids"):
        value = getattr(summary, name, None)
        if value is not None:
            return frozenset(value)
    return frozenset()
