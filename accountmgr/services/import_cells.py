"""Helpers shared by the readers of number and date columns of an imported file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from accountmgr.services.import_problems import Problem


@dataclass
class ColumnValues:
    """One column read: its canonical cells (in row order), its problems, its notes, and {currency: first line}."""

    values: list[str]
    problems: list[Problem]
    notes: list[str]
    currencies: dict[str, int] = field(default_factory=dict)


def majority(votes: Counter[str]) -> str | None:
    """The convention most cells show; none on a tie (then every cell showing one is refused)."""
    if not votes:
        return None
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def shown(cell: Any) -> str:
    """The cell as the user wrote it, for messages (one line, not too long)."""
    text = " ".join(str(cell).split())
    return text if len(text) <= 40 else text[:39] + "…"


def memo_key(cell: Any) -> Any:
    """A key under which a cell's reading is remembered: 1 and 1.0 and "1" differ, and any cell can be a key."""
    if isinstance(cell, Decimal):
        return (Decimal, str(cell))  # a signalling NaN cannot be hashed
    return (type(cell), cell)
