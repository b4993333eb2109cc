"""Mark an opportunity won or lost: a modal that asks for the reason (required) and the close date."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from accountmgr.services import clock
from accountmgr.services import opportunities as opps
from accountmgr.services.errors import DomainError


class CloseOpportunityScreen(ModalScreen[bool]):
    """Won or lost, and why"""

    HELP_TITLE = "Won / lost"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    CloseOpportunityScreen { align: center middle; }
    CloseOpportunityScreen > Vertical {
        width: 80; max-width: 100%; height: auto; border: thick $primary; background: $surface; padding: 0 1;
    }
    CloseOpportunityScreen #heading { text-style: bold; margin-bottom: 1; }
    CloseOpportunityScreen .row { height: auto; margin-top: 1; }
    CloseOpportunityScreen .row > Label { width: 14; }
    CloseOpportunityScreen .row > Input { width: 1fr; }
    CloseOpportunityScreen .error { color: $error; padding-left: 14; height: auto; display: none; }
    CloseOpportunityScreen .error.shown { display: block; }
    CloseOpportunityScreen #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    CloseOpportunityScreen #buttons Button { margin-left: 2; }
    """

    def __init__(self, opportunity_id: int, name: str, won: bool) -> None:
        super().__init__()
        self.opportunity_id = opportunity_id
        """The opportunity being closed."""
        self.opportunity_name = name
        """Its name, for the question."""
        self.won = won
        """Won (True) or lost (False)."""

    def compose(self) -> ComposeResult:
        verb = "won" if self.won else "lost"
        with Vertical():
            yield Static(f"Mark {self.opportunity_name} as {verb}", id="heading")
            yield Static(f"Why was it {verb}? The reason is kept for reviews and the account plan.")
            with Horizontal(classes="row"):
                yield Label("Reason *")
                yield Input(id="close_reason", compact=True, placeholder="e.g. best total cost of ownership")
            yield Static("", id="close_reason-error", classes="error")
            with Horizontal(classes="row"):
                yield Label("Closed on")
                yield Input(clock.today().isoformat(), id="closed_on", compact=True)
            yield Static("", id="closed_on-error", classes="error")
            with Horizontal(id="buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button(f"Mark {verb} (ctrl+s)", id="save", variant="success" if self.won else "error")

    def on_mount(self) -> None:
        self.query_one("#close_reason", Input).focus()

    def action_save(self) -> None:
        """Close the opportunity; a missing reason or bad date stays here with its message."""
        reason = self.query_one("#close_reason", Input).value
        closed_on = self.query_one("#closed_on", Input).value
        try:
            opps.close_opportunity(self.app.db, self.opportunity_id, self.won, reason, closed_on)  # type: ignore[attr-defined]
        except DomainError as error:
            for shown in self.query(".error.shown"):
                shown.remove_class("shown")
            field = error.field if error.field in ("close_reason", "closed_on") else "close_reason"
            message = self.query_one(f"#{field}-error", Static)
            message.update(error.message)
            message.add_class("shown")
            self.query_one(f"#{field}", Input).focus()
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Leave the opportunity as it was."""
        self.dismiss(False)

    @on(Input.Submitted)
    def _submit(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
