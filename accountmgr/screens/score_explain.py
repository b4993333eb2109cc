"""Why an account scores what it does: attractiveness parts, segment, RFM, churn reasons, matrix cells."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from accountmgr.services.groups import group_section
from accountmgr.services.portfolio import PortfolioEntry
from accountmgr.services.scoring import explain
from accountmgr.widgets.plain import plain


class ScoreExplainScreen(ModalScreen[None]):
    """Why? How an account's scores were computed."""

    BINDINGS = [
        Binding("escape,w,q", "app.pop_screen", "Close"),
        Binding("enter", "open", "Open the account"),
    ]

    DEFAULT_CSS = """
    ScoreExplainScreen { align: center middle; }
    ScoreExplainScreen > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 95%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    ScoreExplainScreen .section-title { text-style: bold; color: $accent; margin-top: 1; }
    """

    def __init__(self, entry: PortfolioEntry, weights: Mapping[str, int], stale_days: int,
                 portfolio: Any = None) -> None:
        super().__init__()
        self.entry = entry
        self.sections = explain(entry, weights, stale_days)
        self.portfolio = portfolio

    def on_mount(self) -> None:
        # The group's roll-up, when the account belongs to a group (or heads one).
        db = getattr(self.app, "db", None)
        group = group_section(db, self.entry.id, self.portfolio) if db is not None and self.portfolio else None
        if group is not None:
            scroll = self.query_one(VerticalScroll)
            scroll.mount(Static(group.title, classes="section-title"))
            scroll.mount(Static("\n".join(f"• {line}" for line in group.lines), markup=False))

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = plain(f"Why? — {self.entry.name}")
            scroll.border_subtitle = "Enter opens the account · Esc closes"
            for section in self.sections:
                yield Static(section.title, classes="section-title")
                yield Static(plain("\n".join(f"• {line}" for line in section.lines), newlines=True))

    def action_open(self) -> None:
        """Close and open the account."""
        self.dismiss()
        self.app.open_account(self.entry.id)  # type: ignore[attr-defined]
