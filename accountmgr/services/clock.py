"""Today's date and the current time, frozen in tests and snapshots.

Everything that depends on "now" (overdue actions, stale contacts, the last
24 months of won value) asks here, so a frozen clock makes it reproducible.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timezone

_frozen: datetime | None = None


def now() -> datetime:
    """Local wall-clock time, naive (as the user reads and types it)."""
    return _frozen if _frozen is not None else datetime.now()


def utcnow() -> datetime:
    """The same moment as :func:`now`, as an aware UTC timestamp (what records store)."""
    return now().astimezone(timezone.utc)


def today() -> date:
    return now().date()


def freeze(at: datetime | date | None) -> None:
    """Pin the clock (None releases it)."""
    global _frozen
    if isinstance(at, date) and not isinstance(at, datetime):
        at = datetime.combine(at, time(9, 0))
    _frozen = at


@contextmanager
def frozen(at: datetime | date) -> Iterator[None]:
    previous = _frozen
    freeze(at)
    try:
        yield
    finally:
        freeze(previous)
