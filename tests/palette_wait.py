"""Waiting for the command palette's search without sleeping: it searches in the background, and a better hit
found later can still go above the first ones shown."""

from __future__ import annotations

from textual.widgets import OptionList


async def wait_for_first_hit(pilot, first: str = "") -> None:  # noqa: ANN001
    """Wait until the palette's search is done with *first* in its top hit (any hit when *first* is empty)."""
    for _ in range(200):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # the search done: no hit comes in after the key
        lists = pilot.app.screen.query(OptionList)
        if lists and lists.first().option_count and (
                first.lower() in str(lists.first().get_option_at_index(0).prompt).lower()):
            return
    raise AssertionError(f"the palette found nothing with {first!r} first")


async def run_from_palette(pilot, typed: str, first: str) -> None:  # noqa: ANN001
    """Open the palette, type *typed*, wait for *first* on top, and run it."""
    await pilot.press("ctrl+p", *typed)
    await wait_for_first_hit(pilot, first)
    await pilot.press("enter")
    await pilot.pause()
