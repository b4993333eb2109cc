"""Why an account scores what it does: attractiveness parts, segment, RFM, churn reasons, matrix cells."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from textual import work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from accountmgr.services.groups import group_section
from accountmgr.services.portfolio import PortfolioEntry, load_portfolio
from accountmgr.services.scoring import explain
from accountmgr.services.watch import about
from accountmgr.widgets.plain import plain
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import app_of, database_of


class ScoreExplainScreen(ModalScreen[None]):
    """Why? How an account's scores were computed."""

    BINDINGS = [
        bind("back", "app.pop_screen", "Close"),
        bind("why", "app.pop_screen", "Close", show=False),
        bind("open", "open", "Open the account"),
    ]

    DEFAULT_CSS = """
    ScoreExplainScreen { align: center middle; }
    ScoreExplainScreen > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 95%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    ScoreExplainScreen .section-title { text-style: bold; color: $accent; margin-top: 1; }
    ScoreExplainScreen #explain-group.muted { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, entry: PortfolioEntry, weights: Mapping[str, int], stale_days: int,
                 portfolio: Any = None) -> None:
        super().__init__()
        # Two changes in a row can bring two rescored portfolios: one recompose at a time, or the second would look
        # for the scroll while the first has removed it.
        self._recomposing = asyncio.Lock()
        self.entry = entry
        self.sections = explain(entry, weights, stale_days)
        self.portfolio = portfolio

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = plain(f"Why? — {self.entry.name}")
            scroll.border_subtitle = "Enter opens the account · Esc closes"
            for section in self.sections:
                yield Static(section.title, classes="section-title")
                yield Static(plain("\n".join(f"• {line}" for line in section.lines), newlines=True))
            # The group's roll-up, when the account belongs to a group (or heads one): worked out in the background
            # (it walks every account's parent company).
            yield Static("Group: looking for the account's group…", id="explain-group", classes="muted")

    def on_mount(self) -> None:
        self._group(self.entry.id, self.portfolio)

    @work(thread=True, exclusive=True, group="explain-group")
    def _group(self, account_id: int, portfolio: Any) -> None:  # noqa: ANN401
        section = group_section(database_of(self), account_id, portfolio) if portfolio is not None else None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._grouped, account_id, section)

    def _grouped(self, account_id: int, section: Any) -> None:  # noqa: ANN401
        if not self.is_attached or account_id != self.entry.id:
            return  # closed meanwhile, or explaining fresher scores
        found = self.query("#explain-group")
        if not found:
            return
        place = found.first(Static)
        if section is None:
            place.remove()
            return
        place.set_classes("section-title")
        place.update(plain(section.title))
        lines = Static("\n".join(f"• {line}" for line in section.lines), markup=False)
        self.query_one(VerticalScroll).mount(lines, after=place)

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed this account: score the portfolio again (scores are relative to
        it) in the background and explain the account's new scores."""
        if about(changes, self.entry.id) and self.portfolio is not None:
            self._rescore()

    @work(thread=True, exclusive=True, group="explain-rescore")
    def _rescore(self) -> None:
        portfolio = load_portfolio(database_of(self))
        # Textual awaits a coroutine function here; its callback type (value or awaitable) defeats inference.
        self.app.call_from_thread(self._rescored, portfolio)  # type: ignore[arg-type]

    async def _rescored(self, portfolio: Any) -> None:
        if not self.is_mounted:
            return  # closed while reading
        entry = next((e for e in portfolio.entries if e.id == self.entry.id), None)
        if entry is None:
            return  # removed elsewhere: what was explained stays readable until closed
        async with self._recomposing:
            if not self.is_mounted:
                return
            scroll = self.query_one(VerticalScroll)
            place = scroll.scroll_y
            self.entry, self.portfolio = entry, portfolio
            self.sections = explain(entry, portfolio.weights, portfolio.stale_days)
            await self.recompose()
            self._group(entry.id, portfolio)
            scroll = self.query_one(VerticalScroll)
            scroll.call_after_refresh(scroll.scroll_to, y=place, animate=False, immediate=True)

    def action_open(self) -> None:
        """Close and open the account."""
        self.dismiss()
        app_of(self).open_account(self.entry.id)
