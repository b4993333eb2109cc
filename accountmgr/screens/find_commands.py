"""Find anything in the command palette (ctrl+p): people of every DMU, opportunities and actions by name.

Accounts are offered by the palette's own "Open account" entries; ctrl+f opens the same search on its own screen.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider

from accountmgr.services.find import Found, find_anything
from accountmgr.widgets.plain import line, plain
from accountmgr.widgets.typed_app import app_of, database_of

SHOWN = 12
"""Most palette entries one search adds (the find screen shows more)."""


def title(found: Found) -> str:
    """'Person: Johanna Lund (CFO) — Vasa Timber'."""
    detail = f" ({found.detail})" if found.detail else ""
    return f"{found.kind}: {found.name}{detail} — {found.account_name}"


class FindCommands(Provider):
    """People, opportunities and actions of every account whose text matches what is typed."""

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        # In a thread: at 100,000 people a search takes a moment the palette must not freeze for.
        found = await asyncio.to_thread(find_anything, database_of(self), query)
        shown = [hit for hit in found if hit.kind != "Account"][:SHOWN]
        for hit in shown:
            text = title(hit)
            yield Hit(0.6 - 0.05 * hit.rank, plain(text), partial(app_of(self).go_to_found, hit),
                      text=line(text), help="Open the account there (ctrl+f finds too)")
