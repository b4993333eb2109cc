"""Horizontal bar charts and the level step line, drawn with text so they read in any terminal and theme."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.content import Content
from textual.widgets import Static

from accountmgr.keys import key_of
from accountmgr.models.enums import RelationshipLevel
from accountmgr.services.money import format_money_short
from accountmgr.services.review_charts import ChartSeries, LevelStep

BAR_WIDTH = 36
"""Cells of the longest bar."""

BAR = "█"
TRACK = "·"
TARGET = "┃"


def format_value(value: float | None, unit: str) -> str:
    """A bar's value as its label says it: €12.5k or 25.0 %."""
    if value is None:
        return "—"
    if unit == "%":
        return f"{value:.1f} %"
    return format_money_short(round(value * 100))


def bar_cells(value: float | None, scale: float) -> int:
    """How many cells a value fills at this scale (a value above zero shows at least one)."""
    if not value or scale <= 0:
        return 0
    return max(1, round(value / scale * BAR_WIDTH))


def render_bars(series: ChartSeries) -> Content:
    """The series as one labelled bar per point, the target marked on its bar, with the scale underneath."""
    title = Content.styled(f"{series.title} ({series.unit})", "bold")
    if not series.has_data:
        return Content.assemble(title, "\n", (series.empty, "$text-muted"))
    largest = max((v for p in series.points for v in (p.value, p.target) if v is not None), default=0.0)
    scale = largest or 1.0
    width = max(len(p.label) for p in series.points)
    parts: list[Any] = [title]
    for point in series.points:
        filled = bar_cells(point.value, scale)
        mark = bar_cells(point.target, scale) - 1 if point.target is not None else None
        cells: list[tuple[str, str]] = []
        for index in range(BAR_WIDTH):
            if mark is not None and index == max(mark, 0):
                cells.append((TARGET, "bold $warning"))
            elif index < filled:
                cells.append((BAR, "$primary"))
            else:
                cells.append((TRACK, "$text-muted"))
        label = f" {format_value(point.value, series.unit)}"
        if point.target is not None:
            label += f"  target {format_value(point.target, series.unit)}"
        parts += ["\n", (point.label.ljust(width) + " ", ""), *cells, (label, "")]
    axis = f"{' ' * (width + 1)}0{' ' * (BAR_WIDTH - 1)}{format_value(largest, series.unit)}"
    parts += ["\n", (axis, "$text-muted")]
    if any(p.target is not None for p in series.points):
        parts += ["\n", (f"{' ' * (width + 1)}{TARGET} target", "$text-muted")]
    return Content.assemble(*parts)


class BarChart(Static):
    """A bar chart of one series; ``series`` holds the numbers drawn, for whoever needs to check them."""

    DEFAULT_CSS = """
    BarChart { height: auto; margin-top: 1; }
    """

    def __init__(self, series: ChartSeries, **kwargs: Any) -> None:
        super().__init__(render_bars(series), **kwargs)
        self.series = series

    def show(self, series: ChartSeries) -> None:
        """Draw another series (after an edit)."""
        self.series = series
        self.update(render_bars(series))


LINE_WIDTH = 48
"""Columns of the level step line, from the first assessment to today."""


def level_at(steps: list[LevelStep], day: date) -> RelationshipLevel:
    """The level on *day* (the first one before the first assessment)."""
    current = steps[0].level
    for step in steps:
        if step.start <= day:
            current = step.level
    return current


def render_levels(steps: list[LevelStep], assess_key: str | None = None) -> Content:
    """The relationship level over time: one row per level (Partner on top), a line along the level held; when
    empty, which key assesses the level."""
    title = Content.styled("Relationship level over time", "bold")
    if not steps:
        return Content.assemble(title, "\n", (f"No assessment yet: press {assess_key or key_of('assess')} to assess the level.",
                                               "$text-muted"))
    first, last = steps[0].start, steps[-1].end
    span = max((last - first).days, 1)
    days = [first.fromordinal(first.toordinal() + round(span * col / (LINE_WIDTH - 1))) for col in range(LINE_WIDTH)]
    held = [level_at(steps, day).rank for day in days]
    levels = list(RelationshipLevel)
    width = max(len(level.label) for level in levels)
    parts: list[Any] = [title]
    for level in reversed(levels):
        row: list[tuple[str, str]] = []
        for col, rank in enumerate(held):
            before = held[col - 1] if col else rank
            if rank == level.rank:
                row.append(("━", "bold $primary"))
            elif min(before, rank) < level.rank < max(before, rank) or (
                    before != rank and level.rank == before):
                row.append(("┃", "bold $primary"))
            else:
                row.append(("·", "$text-muted"))
        parts += ["\n", (level.label.rjust(width) + " ", ""), *row]
    start, end = first.isoformat(), last.isoformat()
    parts += ["\n", (" " * (width + 1) + start + " " * max(1, LINE_WIDTH - len(start) - len(end)) + end, "$text-muted")]
    return Content.assemble(*parts)


class LevelChart(Static):
    """The relationship level as a step line over the assessments; ``steps`` holds what is drawn."""

    DEFAULT_CSS = """
    LevelChart { height: auto; margin-top: 1; }
    """

    def __init__(self, steps: list[LevelStep], **kwargs: Any) -> None:
        super().__init__(render_levels(steps), **kwargs)
        self.steps = steps

    def show(self, steps: list[LevelStep], assess_key: str | None = None) -> None:
        self.steps = steps
        self.update(render_levels(steps, assess_key))
