"""Small hand-written SVG charts for the plans and the review pack: bars, a line, a step line and a scatter plot.

Text and axes use ``currentColor`` so a chart follows the page's text colour
(light or dark theme, print); the data colours are mid-tones readable on both.
Every mark carries its number in a ``data-value`` attribute, so tests can check
a chart shows the same figures as the table beside it. User text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from accountmgr.models import RelationshipLevel

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 88, 16, 40, 56
BLUE, GREY, ORANGE = "#3b7dd8", "#8a8f98", "#e0862e"

CHART_TITLES = {
    "revenue": "Revenue by year against target",
    "forecast": "Weighted forecast by quarter",
    "share": "Share of wallet by year",
    "level": "Relationship level over time",
    "matrix": "Attractiveness against relationship level",
}


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str
    outline: bool = False
    """Drawn as an outlined bar (a target) rather than a filled one."""


def _open(title: str, kind: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="chart chart-{kind}" font-family="sans-serif" font-size="12" '
        'fill="currentColor">',
        f"<title>{escape(title)}</title>",
        f'<text x="{LEFT}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]


def _nice_max(value: float) -> float:
    """A round top for an axis: 1, 2, 2.5 or 5 × a power of ten, at or above *value*."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _y_axis(top: float, label: Callable[[float], str], unit: str) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    out = [f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="currentColor"/>',
           f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="currentColor"/>']
    for i in range(5):
        value = top * i / 4
        y = HEIGHT - BOTTOM - plot_h * i / 4
        out.append(f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="currentColor" '
                   'stroke-opacity="0.15"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(label(value))}</text>')
    out.append(f'<text x="14" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 14 {TOP + plot_h / 2:.1f})">{escape(unit)}</text>')
    return out


def _legend(series: Sequence[Series]) -> list[str]:
    out, x = [], LEFT
    for s in series:
        style = f'fill="none" stroke="{s.colour}" stroke-width="2"' if s.outline else f'fill="{s.colour}"'
        out.append(f'<rect x="{x}" y="{HEIGHT - 18}" width="12" height="12" {style}/>')
        out.append(f'<text x="{x + 18}" y="{HEIGHT - 8}">{escape(s.name)}</text>')
        x += 30 + 7 * len(s.name)
    return out


def bar_chart(title: str, kind: str, categories: Sequence[str], series: Sequence[Series], *,
              label: Callable[[float], str], unit: str) -> str:
    """Grouped bars, one group per category; None values are left out (no bar, not a zero)."""
    top = _nice_max(max((v for s in series for v in s.values if v is not None), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    out = _open(title, kind) + _y_axis(top, label, unit)
    group = plot_w / max(len(categories), 1)
    bar_w = min(40, group * 0.8 / max(len(series), 1))
    for i, category in enumerate(categories):
        x0 = LEFT + group * i + (group - bar_w * len(series)) / 2
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            h = plot_h * value / top
            style = (f'fill="none" stroke="{s.colour}" stroke-width="2" stroke-dasharray="4 2"' if s.outline
                     else f'fill="{s.colour}"')
            out.append(f'<rect class="mark" data-series="{escape(s.name)}" data-category="{escape(category)}" '
                       f'data-value="{value:g}" x="{x0 + bar_w * j:.1f}" y="{HEIGHT - BOTTOM - h:.1f}" '
                       f'width="{bar_w - 2:.1f}" height="{h:.1f}" {style}><title>{escape(category)} '
                       f'{escape(s.name)}: {escape(label(value))}</title></rect>')
        out.append(f'<text x="{LEFT + group * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" '
                   f'text-anchor="middle">{escape(category)}</text>')
    out += _legend(series)
    out.append("</svg>")
    return "\n".join(out)


def _euros(cents: float) -> str:
    """Axis money: €1.2M, €350k, €900."""
    euros = cents / 100
    if euros >= 1_000_000:
        return f"€{euros / 1_000_000:g}M"
    if euros >= 1_000:
        return f"€{euros / 1_000:g}k"
    return f"€{euros:g}"


def revenue_chart(years: Sequence[Any]) -> str:
    """Revenue (filled) against target (dashed outline) per year; values in cents as in the table."""
    return bar_chart(
        CHART_TITLES["revenue"], "revenue", [str(y.year) for y in years],
        [Series("Revenue", [y.actual_cents for y in years], BLUE),
         Series("Target", [y.target_cents for y in years], ORANGE, outline=True)],
        label=_euros, unit="euros",
    )


def forecast_chart(quarters: Sequence[Any]) -> str:
    """Weighted value per quarter of expected close (cents), with the open value behind it."""
    return bar_chart(
        CHART_TITLES["forecast"], "forecast", [q.label for q in quarters],
        [Series("Open value", [q.value_cents for q in quarters], GREY),
         Series("Weighted", [q.weighted_cents for q in quarters], BLUE)],
        label=_euros, unit="euros",
    )


def share_chart(years: Sequence[Any]) -> str:
    """Share of wallet per year as a line with points (per cent); a year without a share breaks the line."""
    values = [y.share_pct for y in years]
    top = _nice_max(max((v for v in values if v is not None), default=0))
    out = _open(CHART_TITLES["share"], "share") + _y_axis(top, lambda v: f"{v:g} %", "per cent")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(years), 1)
    path: list[str] = []
    for i, (y, value) in enumerate(zip(years, values)):
        x = LEFT + step * (i + 0.5)
        out.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{y.year}</text>')
        if value is None:
            path.append("")
            continue
        py = HEIGHT - BOTTOM - plot_h * value / top
        path.append(f"{x:.1f},{py:.1f}")
        out.append(f'<circle class="mark" data-category="{y.year}" data-value="{value:g}" cx="{x:.1f}" cy="{py:.1f}" '
                   f'r="4" fill="{BLUE}"><title>{y.year}: {value:.1f} %</title></circle>')
        out.append(f'<text x="{x:.1f}" y="{py - 9:.1f}" text-anchor="middle">{value:.1f} %</text>')
    for run in " ".join(path).split("  "):
        points = run.split()
        if len(points) > 1:
            out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    out.append("</svg>")
    return "\n".join(out)


LEVELS = list(RelationshipLevel)


def level_chart(history: Sequence[Any], today: Any) -> str:
    """The relationship level over time as a step line from the first assessment to today."""
    out = _open(CHART_TITLES["level"], "level")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="currentColor"/>')
    out.append(f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
               'stroke="currentColor"/>')

    def y_of(level: RelationshipLevel) -> float:
        return HEIGHT - BOTTOM - plot_h * (LEVELS.index(level) + 0.5) / len(LEVELS)

    for level in LEVELS:
        out.append(f'<text x="{LEFT - 8}" y="{y_of(level) + 4:.1f}" text-anchor="end">'
                   f'{escape(level.label)} ({level.numeral})</text>')
    if not history:
        out.append(f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" text-anchor="middle">No assessment yet</text>')
        out.append("</svg>")
        return "\n".join(out)
    start, end = history[0].on, max(today, history[-1].on)
    span = max((end - start).days, 1)

    def x_of(day: Any) -> float:
        return LEFT + 10 + (plot_w - 20) * (day - start).days / span

    points: list[str] = []
    for point in history:
        x, y = x_of(point.on), y_of(point.level)
        if points:
            points.append(f"{x:.1f},{float(points[-1].split(',')[1]):.1f}")
        points.append(f"{x:.1f},{y:.1f}")
        out.append(f'<circle class="mark" data-category="{point.on.isoformat()}" '
                   f'data-value="{LEVELS.index(point.level) + 1}" data-level="{point.level.numeral}" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BLUE}"><title>{point.on.isoformat()}: '
                   f'{escape(point.level.label)}</title></circle>')
    points.append(f"{x_of(end):.1f},{float(points[-1].split(',')[1]):.1f}")
    out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    for day in (start, end):
        out.append(f'<text x="{x_of(day):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{day.isoformat()}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 10}" text-anchor="middle">date of assessment</text>')
    out.append("</svg>")
    return "\n".join(out)


def matrix_chart(points: Sequence[tuple[str, int, RelationshipLevel]]) -> str:
    """Accounts as dots: attractiveness (0-100, across) against relationship level (up), labelled by name."""
    out = _open(CHART_TITLES["matrix"], "matrix")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="currentColor"/>')
    out.append(f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
               'stroke="currentColor"/>')
    for level in LEVELS:
        y = HEIGHT - BOTTOM - plot_h * (LEVELS.index(level) + 0.5) / len(LEVELS)
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(level.label)}</text>')
    for tick in range(0, 101, 25):
        x = LEFT + plot_w * tick / 100
        out.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{tick}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 22}" text-anchor="middle">attractiveness (0–100)</text>')
    # The matrix's quadrants: high attractiveness from the scoring threshold, high levels from Account up.
    from accountmgr.services.scoring import HIGH_ATTRACTIVENESS

    split_x = LEFT + plot_w * HIGH_ATTRACTIVENESS / 100
    split_y = HEIGHT - BOTTOM - plot_h / 2
    dash = 'stroke="currentColor" stroke-opacity="0.4" stroke-dasharray="5 4"'
    out.append(f'<line x1="{split_x:.1f}" y1="{TOP}" x2="{split_x:.1f}" y2="{HEIGHT - BOTTOM}" {dash}/>')
    out.append(f'<line x1="{LEFT}" y1="{split_y:.1f}" x2="{WIDTH - RIGHT}" y2="{split_y:.1f}" {dash}/>')
    # Names would overlap where accounts cluster: each dot carries a number, the key below names it.
    ordered = sorted(points, key=lambda p: (p[0].lower(), p[1]))
    for number, (name, attractiveness, level) in enumerate(ordered, 1):
        x = LEFT + plot_w * attractiveness / 100
        y = HEIGHT - BOTTOM - plot_h * (LEVELS.index(level) + 0.5) / len(LEVELS)
        out.append(f'<circle class="mark" data-category="{escape(name)}" data-value="{attractiveness}" '
                   f'data-level="{level.numeral}" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BLUE}">'
                   f'<title>{escape(name)}: {attractiveness}/100, {escape(level.label)}</title></circle>')
        out.append(f'<text x="{x + 5:.1f}" y="{y - 6 - 9 * (number % 2):.1f}" font-size="10">{number}</text>')
    rows = math.ceil(len(ordered) / 3)
    for number, (name, _, _) in enumerate(ordered, 1):
        column, line = divmod(number - 1, rows)
        out.append(f'<text x="{LEFT + column * 180}" y="{HEIGHT + 14 * line:.0f}" font-size="10">'
                   f'{number} {escape(name[:30])}</text>')
    out.append("</svg>")
    svg = "\n".join(out)
    # The key below the plot makes the picture taller than the other charts.
    height = HEIGHT + 14 * rows
    return svg.replace(f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"',
                       f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"', 1)


def plan_charts(review: Any) -> dict[str, str]:
    """The charts of one plan by kind; a chart without data is left out."""
    charts: dict[str, str] = {}
    if review is None:
        return charts
    if review.years:
        charts["revenue"] = revenue_chart(review.years)
        if any(y.share_pct is not None for y in review.years):
            charts["share"] = share_chart(review.years)
    if any(q.count for q in review.forecast):
        charts["forecast"] = forecast_chart(review.forecast)
    if review.level_history:
        charts["level"] = level_chart(review.level_history, review.today)
    return charts
