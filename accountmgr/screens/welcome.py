"""First run: an empty database offers to create the first account or load the demo portfolio."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static
from accountmgr.widgets.refusal import say_refused, writes
from accountmgr.widgets.typed_app import app_of, database_of

WELCOME_TEXT = (
    "accountmgr keeps your accounts and walks you through the ARTAX method: understand the customer, map its "
    "decision-making unit, move the relationship up the scale Prospect → Buyer → Account → Partner where it pays, "
    "and plan what to offer and whom to talk to.\n\n"
    "This database is empty. Start with your first account, bring in your customers from a CRM export or a "
    "spreadsheet, or load the demo portfolio to look around first (you can add your own accounts beside it). "
    "Press ? for the keys of every screen, ctrl+p for every command."
)
"""Paragraphs without line breaks of their own: the box wraps them to the terminal's width."""


class WelcomeScreen(Screen[None]):
    """Welcome: first steps on an empty database."""

    BINDINGS = [
        Binding("n", "create", "Create the first account", id="welcome-create"),
        Binding("i", "import_data", "Import customer data", id="welcome-import"),
        Binding("d", "demo", "Load the demo", id="welcome-demo"),
    ]

    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen #welcome { width: 84; max-width: 100%; height: auto; padding: 1 2; border: round $primary; }
    WelcomeScreen #welcome-title { text-style: bold; color: $accent; margin-bottom: 1; }
    WelcomeScreen Horizontal { height: auto; margin-top: 1; align-horizontal: center; }
    WelcomeScreen Button { margin-left: 1; }
    WelcomeScreen Button#create { margin-left: 0; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with Center():
            with Vertical(id="welcome"):
                yield Static("Welcome to accountmgr", id="welcome-title")
                yield Static(WELCOME_TEXT)
                with Horizontal():
                    yield Button("First account (n)", id="create", variant="primary")
                    yield Button("Import customer data (i)", id="import")
                    yield Button("Demo portfolio (d)", id="demo")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#create", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "create":
            self.action_create()
        elif event.button.id == "import":
            self.action_import_data()
        else:
            self.action_demo()

    @writes
    def action_create(self) -> None:
        """Open the account form; once saved, leave the welcome screen for the new account."""
        from accountmgr.screens.account_form import AccountFormScreen

        def created(account_id: int | None) -> None:
            if account_id is None:
                return
            self.dismiss()
            app_of(self).refresh_portfolio()
            app_of(self).open_account(account_id, "a")

        self.app.push_screen(AccountFormScreen(), callback=created)

    def action_import_data(self) -> None:
        """Import customers from a CRM export or a spreadsheet; what comes in is shown in the portfolio."""
        app_of(self).import_data()

    @writes
    def action_demo(self) -> None:
        """Load the demo portfolio and show it."""
        from accountmgr.services.demo import load_demo
        from accountmgr.services.errors import DomainError

        try:
            summary = load_demo(database_of(self))
        except DomainError as error:
            say_refused(self, error)
            return
        self.dismiss()
        app_of(self).refresh_portfolio()
        self.app.notify(f"Loaded the demo portfolio: {summary.accounts} accounts.")
