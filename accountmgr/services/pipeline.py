"""Weighted pipeline: value × probability of the open opportunities."""

from __future__ import annotations

from collections.abc import Iterable

from accountmgr.models import Opportunity, OpportunityStatus


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
