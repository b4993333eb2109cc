"""How the import screen words a checked file (an import plan): the text of its parts, not the screen."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from accountmgr.services.import_mapping import KINDS
from accountmgr.services.import_plan import ColumnPlan, ImportPlan
from accountmgr.services.import_problems import Problem
from accountmgr.services.wording import plural

SAMPLE_WIDTH = 40
"""Characters of a sample value shown in the mapping table (a glimpse, not the cell)."""


def kind_options() -> list[tuple[str, str]]:
    """(label, kind) pairs for the kind list, in the service's order."""
    return [(label, kind) for kind, label in KINDS.items()]


def detected_line(plan: ImportPlan) -> str:
    """"Pipeline (opportunities), detected · CSV, Windows-1252, semicolon-separated · 9,012 rows"."""
    how = "detected" if plan.detected else "as chosen"
    rows = plural(plan.row_count, "row")
    return f"{plan.kind_label}, {how} · {plan.format_label} · {rows}"


def mapping_cells(column: ColumnPlan) -> list[Text]:
    """One mapping row: the file's header, what it fills in (or "ignored", and why when not by name), two samples."""
    if column.field is None:
        target = Text("ignored", style="dim italic")
        if column.why == "override":
            target.append(" (changed)", style="italic")
        elif column.why == "repeated":
            target.append(" (field already filled)", style="dim italic")
    else:
        target = Text(column.label)
        if column.why == "override":
            target.append(" (changed)", style="italic")
        elif column.why == "saved":
            target.append(" (saved mapping)", style="dim italic")
    samples = [*column.samples, "", ""][:2]
    return [Text(column.header), target, *(_sample(value) for value in samples)]


def _sample(value: str) -> Text:
    # One line whatever the cell holds (notes with newlines, long texts).
    flat = " ".join(str(value).split())
    if len(flat) > SAMPLE_WIDTH:
        flat = flat[: SAMPLE_WIDTH - 1] + "…"
    return Text(flat, no_wrap=True, overflow="ellipsis")


def counts_text(plan: ImportPlan) -> str:
    """What the import would add, update and leave unchanged, per kind of record (and new team members)."""
    lines = plan.count_lines()
    if lines:
        return "\n".join(lines)
    return "Nothing to import: the file has no rows." if not plan.row_count else "No row can be imported as it is."


def problem_lines(problems: Iterable[Problem], limit: int) -> Text:
    """The first *limit* problems ("line 4, Importo: …"), then how many more; empty when there are none."""
    found = list(problems)
    text = Text()
    if not found:
        return text
    rows = len({problem.line for problem in found})
    text.append(f"{plural(len(found), 'problem')} in {plural(rows, 'row')}:",
                style="bold red")
    for problem in found[:limit]:
        text.append("\n  " + str(problem))
    if len(found) > limit:
        text.append(f"\n  … and {len(found) - limit:,} more (c lists the first 20).", style="dim")
    return text


def notes_text(plan: ImportPlan) -> str:
    """How the values were read (number and date conventions, currency) and the columns left out, on one paragraph."""
    notes = list(plan.notes)
    if plan.ignored:
        notes.append("Ignored: " + ", ".join(plan.ignored))
    return " · ".join(notes)


def check_lines(plan: ImportPlan) -> list[str]:
    """The check's full report, as the command line's --dry-run prints it."""
    return ["Nothing was written: this is what the import would do.", "", *plan.describe(limit=20)]
