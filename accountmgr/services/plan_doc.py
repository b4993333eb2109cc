"""The Markdown document an account plan is built in: blocks, tables, and a to-do list gathered on the way."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from accountmgr.models import RelationshipLevel
from accountmgr.services import markdown as md
from accountmgr.services import wording
from accountmgr.services.safe_text import drop_controls


@dataclass(frozen=True)
class Options:
    """How to lay the plan out: for a file (GitHub, pandoc, HTML) or for the screen (review mode)."""

    for_screen: bool = False
    html: bool = False
    """Laid out for the HTML page: the org chart as a nested list, charts as markers the page fills with SVG."""
    charts: frozenset[str] = frozenset()
    """The kinds of SVG chart written beside the plan, to link (file exports only)."""
    chart_stem: str = ""
    """The file-name stem the charts beside the plan share ("brennero-foods" → "brennero-foods-revenue.svg")."""

    @property
    def line_break(self) -> str:
        # Textual's Markdown widget shows raw HTML as text, so the screen joins lines with a slash.
        return " / " if self.for_screen else "<br>"


class PlanDoc:
    """Markdown blocks separated by blank lines, plus what is missing, collected per step for the end list."""

    def __init__(self, options: Options) -> None:
        self.blocks: list[str] = []
        self.options = options
        self.todo: list[tuple[str, str]] = []
        self.step = ""

    def add(self, block: str) -> None:
        if block:
            self.blocks.append(block)

    def heading(self, level: int, text: str) -> None:
        self.add("#" * level + " " + text)

    def missing(self, text: str, *, say: bool = True) -> None:
        """Note *text* for the "To complete" list; *say* puts a short "not recorded yet" where it is missing."""
        self.todo.append((self.step, text))
        if say:
            self.add("*Not recorded yet.*")

    def fields(self, pairs: Iterable[tuple[str, str]]) -> None:
        """A bullet list of **label:** value, values already escaped."""
        self.add("\n".join(f"- **{label}:** {value}" for label, value in pairs))

    def text_or_missing(self, title: str, text: str, missing: str) -> None:
        self.heading(3, title)
        if md.is_blank(text):
            self.missing(missing)
        else:
            self.add(md.paragraphs(text))

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None) -> None:
        self.add(md.table(headers, list(rows), align=align))

    def cell(self, text: object) -> str:
        return md.cell(text, blank="—", line_break=self.options.line_break)

    def render(self) -> str:
        # Every piece of user text is escaped on its way in; this catches any that was not (defence in depth).
        return drop_controls("\n\n".join(self.blocks) + "\n")


def day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def level_text(level: RelationshipLevel | None) -> str:
    return f"{level.label} ({level.numeral})" if level else "not set"


def pct(value: int | None) -> str:
    return f"{value} %" if value is not None else "—"


def score(value: int | None, scale: int = 10) -> str:
    return f"{value}/{scale}" if value is not None else "—"


plural = wording.plural
"""Kept under this name for the plan's modules: the one plural of the app (services/wording.py)."""
