"""A read-only summary of one account: its fields and scores (shown when no workspace is installed)."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from accountmgr.services.accounts import get_account
from accountmgr.services.money import format_money
from accountmgr.services.portfolio import explain_account
from accountmgr.services.errors import NotFound
from accountmgr.services.safe_text import printable
from accountmgr.services.watch import about
from accountmgr.widgets.level_badge import level_badge
from accountmgr.widgets.plain import line, plain
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import database_of


def _text(value: object) -> Text:
    if value is None or value == "":
        return Text("—")
    return Text(printable(str(getattr(value, "label", value)), newlines=True))


class AccountSummaryScreen(Screen[None]):
    """Account summary (read-only)."""

    BINDINGS = [
        bind("back", "app.pop_screen", "Back"),
        bind("edit", "edit", "Edit"),
    ]

    DEFAULT_CSS = """
    AccountSummaryScreen VerticalScroll { padding: 0 2; }
    AccountSummaryScreen .section-title { text-style: bold; color: $accent; margin-top: 1; }
    AccountSummaryScreen .muted { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, account_id: int) -> None:
        super().__init__()
        self.account_id = account_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary", VerticalScroll).mount(Static("Scoring the portfolio (the scores are relative to "
                                                                "it)…", classes="muted"))
        self.show()

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed this account: lay it out again where the reader was."""
        if about(changes, self.account_id):
            self._read_in_background()

    @work(thread=True, exclusive=True, group="summary-load")
    def _read_in_background(self) -> None:
        """The scores need the whole portfolio: read off the UI thread, then laid out there."""
        try:
            read = self._read()
        except NotFound:
            self.app.call_from_thread(self.notify, "This account was removed in another window.", severity="warning")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._follow, *read)

    def _follow(self, account: Any, sections: list[Any]) -> None:
        if not self.is_attached:
            return  # closed while reading
        container = self.query_one("#summary", VerticalScroll)
        place = container.scroll_y
        self._lay_out(account, sections)
        container.call_after_refresh(container.scroll_to, y=place, animate=False, immediate=True)

    def _read(self) -> tuple[Any, list[Any]]:
        db = database_of(self)
        account = get_account(db, self.account_id)
        _, sections = explain_account(db, self.account_id)
        return account, sections

    def show(self) -> None:
        """Read the account and its scores (in the background: they need the whole portfolio) and lay them out."""
        self._read_in_background()

    def _lay_out(self, account: Any, sections: list[Any]) -> None:
        self.sub_title = line(account.name)
        fields = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        fields.add_column(style="bold", no_wrap=True)
        fields.add_column()
        fields.add_row("Level", level_badge(account.current_level))
        fields.add_row("Target level", _text(account.target_level))
        for label, value in (
            ("Industry", account.industry), ("Region", account.region),
            ("Organisation (a)", account.organisation), ("Value chain (a)", account.value_chain),
            ("Customer profile (b)", account.customer_profile),
            ("Purchase potential (e)", format_money(account.purchase_potential_cents)),
            ("Absorption potential (e)", format_money(account.absorption_potential_cents)),
            ("Strategic value (f)", account.strategic_value), ("Profit grade (f)", account.profit_grade),
            ("Potential business value (f)", format_money(account.potential_value_cents)),
            ("Management model (g)", account.management_model), ("Strategy notes (g)", account.strategy_notes),
            ("Satisfaction", account.satisfaction), ("Notes", account.notes),
            ("Archived", "yes" if account.archived else "no"),
        ):
            fields.add_row(label, _text(value))
        container = self.query_one("#summary", VerticalScroll)
        container.remove_children()
        widgets = [Static(plain(account.name), classes="section-title"), Static(fields)]
        for section in sections:
            widgets.append(Static(section.title, classes="section-title"))
            widgets.append(Static(plain("\n".join(f"• {text}" for text in section.lines), newlines=True)))
        container.mount_all(widgets)

    def action_edit(self) -> None:
        """Edit this account's fields."""
        from accountmgr.screens.account_form import AccountFormScreen

        def saved(account_id: int | None) -> None:
            if account_id is not None:
                self.show()

        self.app.push_screen(AccountFormScreen(self.account_id), callback=saved)
