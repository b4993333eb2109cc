"""Bounded waits for a condition in Pilot tests: a loaded machine may need several frames, and no test sleeps a
fixed time hoping it is enough."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

STEP_S = 0.02
"""How long the app runs between two looks at the condition."""


async def settled(pilot: Any, condition: Callable[[], bool], limit: float = 10.0) -> bool:  # noqa: ANN401
    """Let the app run until *condition()* holds or *limit* seconds pass; whether it held."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(STEP_S)
    return True


async def wait_until(pilot: Any, condition: Callable[[], bool], limit: float = 10.0) -> None:  # noqa: ANN401
    """Let the app run until *condition()* holds; fail the test if it does not within *limit* seconds."""
    assert await settled(pilot, condition, limit), "the app did not get there in time"
