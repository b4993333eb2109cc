"""The series behind the review charts, taken from the same figures as the tables beside them.

The TUI draws them as bars, the HTML and the Markdown plans as SVG; each reads these series, so a chart
can never show another number than its table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accountmgr.models.enums import RelationshipLevel
from accountmgr.services.account_review import ReviewFigures


@dataclass(frozen=True)
class ChartPoint:
    """One bar: its label, its value and, where there is one, the target it is measured against."""

    label: str
    value: float | None
    target: float | None = None


@dataclass(frozen=True)
class ChartSeries:
    """A bar chart: title, the unit of the values ("€" or "%") and its bars in order."""

    title: str
    unit: str
    points: list[ChartPoint]
    empty: str
    """What to say when there is nothing to draw."""

    @property
    def has_data(self) -> bool:
        return any(p.value is not None or p.target is not None for p in self.points)


def _euros(cents: int | None) -> float | None:
    return None if cents is None else cents / 100


def revenue_chart(figures: ReviewFigures) -> ChartSeries:
    """Revenue by year against its target, in euros."""
    return ChartSeries(
        "Revenue by year against target", "€",
        [ChartPoint(str(y.year), _euros(y.actual_cents), _euros(y.target_cents)) for y in figures.years],
        "No revenue entered yet.",
    )


def share_chart(figures: ReviewFigures) -> ChartSeries:
    """Share of wallet by year: our revenue as a percentage of the customer's spend in our category."""
    return ChartSeries(
        "Share of wallet by year", "%",
        [ChartPoint(str(y.year), y.share_pct) for y in figures.years if y.actual_cents is not None],
        "No share of wallet yet: it needs a year's revenue and the purchase potential.",
    )


def forecast_chart(figures: ReviewFigures) -> ChartSeries:
    """Weighted forecast by quarter (value × probability of the open opportunities), in euros."""
    return ChartSeries(
        "Weighted forecast by quarter", "€",
        [ChartPoint(q.label, _euros(q.weighted_cents)) for q in figures.forecast],
        "No open opportunities.",
    )


@dataclass(frozen=True)
class LevelStep:
    """From *start* until *end* (exclusive; the last step ends today) the relationship was at *level*."""

    start: date
    end: date
    level: RelationshipLevel


def level_steps(figures: ReviewFigures) -> list[LevelStep]:
    """The relationship level over time as a step line: one step per assessment, the last one up to today."""
    return steps_of([(p.on, p.level) for p in figures.level_history], figures.today)


def steps_of(points: list[tuple[date, RelationshipLevel]], today: date) -> list[LevelStep]:
    """Dated levels, oldest first, as steps: each lasts until the next assessment, the last one until today."""
    steps = []
    for index, (on, level) in enumerate(points):
        end = points[index + 1][0] if index + 1 < len(points) else max(today, on)
        steps.append(LevelStep(on, end, level))
    return steps
