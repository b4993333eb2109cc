"""Weighted forecast by quarter: the open opportunities' value × probability, by the quarter they should close."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from accountmgr.services.pipeline import weighted_cents

if TYPE_CHECKING:
    from accountmgr.models.tables import Opportunity

QUARTERS_AHEAD = 4
"""How many quarters the forecast shows one by one, the current one first."""


@dataclass(frozen=True)
class QuarterForecast:
    """One bucket of the forecast; ``year`` and ``quarter`` are None for the overdue, later and undated buckets."""

    label: str
    year: int | None
    quarter: int | None
    weighted_cents: int
    value_cents: int
    count: int


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter 1-4) of a date."""
    return day.year, (day.month - 1) // 3 + 1


def _next(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def forecast_by_quarter(opportunities: Iterable[Opportunity], today: date) -> list[QuarterForecast]:
    """The current quarter and the next three, always shown; then, only when they hold something,
    "Overdue" (expected before this quarter and still open), "Later" and "No close date"."""
    quarters: list[tuple[int, int]] = [quarter_of(today)]
    while len(quarters) < QUARTERS_AHEAD:
        quarters.append(_next(*quarters[-1]))
    sums: dict[object, list[int]] = {key: [0, 0, 0] for key in [*quarters, "overdue", "later", "undated"]}
    for opp in opportunities:
        if opp.expected_close is None:
            key: object = "undated"
        else:
            key = quarter_of(opp.expected_close)
            if key < quarters[0]:
                key = "overdue"
            elif key > quarters[-1]:
                key = "later"
        bucket = sums[key]
        bucket[0] += weighted_cents(opp.value_cents, opp.probability)
        bucket[1] += opp.value_cents
        bucket[2] += 1
    result = [
        QuarterForecast(f"Q{q} {y}", y, q, *sums[(y, q)]) for y, q in quarters
    ]
    for key, label in (("overdue", "Overdue"), ("later", "Later"), ("undated", "No close date")):
        if sums[key][2]:
            result.append(QuarterForecast(label, None, None, *sums[key]))
    return result
