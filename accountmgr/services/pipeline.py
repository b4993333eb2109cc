"""Weighted pipeline: value × probability of the open opportunities."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from accountmgr.models.enums import OpportunityStatus

if TYPE_CHECKING:
    from accountmgr.models.tables import Opportunity

WEIGHTED_CENTS_SQL = "((value_cents * probability + 50) / 100)"
"""The rounding of :func:`weighted_cents` in SQL, over the opportunity table (SQLite divides integers exactly).

Importing this module loads no table classes, so the first screen can use it.
"""


def weighted_cents(value_cents: int, probability: int) -> int:
    """Value × probability, rounded half up to the cent (integer arithmetic, no float)."""
    return (value_cents * probability + 50) // 100


def open_pipeline(opportunities: Iterable[Opportunity]) -> tuple[int, int]:
    """(open value, weighted open value) in cents."""
    total = weighted = 0
    for opp in opportunities:
        if opp.status == OpportunityStatus.OPEN:
            total += opp.value_cents
            weighted += weighted_cents(opp.value_cents, opp.probability)
    return total, weighted
