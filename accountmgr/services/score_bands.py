"""Bands and the won-deal window shared by the attractiveness scores (scoring) and the customer value."""

from __future__ import annotations

from enum import Enum

WON_WINDOW_DAYS = 730
"""High-performance and RFM look at won deals of the last 24 months."""


class Band(str, Enum):
    """A three-step class: used for attractiveness and for churn risk."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()
