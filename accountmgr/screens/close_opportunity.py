"""Mark an opportunity won or lost: a modal that asks for the reason (required) and the close date."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from accountmgr.screens.form_base import FormScreen
from accountmgr.services import clock
from accountmgr.services import opportunities as opps
from accountmgr.widgets.typed_app import database_of


class CloseOpportunityScreen(FormScreen[bool]):
    """Won or lost, and why"""

    HELP_TITLE = "Won / lost"
    CANCEL_RESULT = False
    DEFAULT_CSS = """
    CloseOpportunityScreen #form-frame { width: 80; }
    CloseOpportunityScreen .form-row > Label { width: 14; }
    """

    def __init__(self, opportunity_id: int, name: str, won: bool) -> None:
        super().__init__()
        self.opportunity_id = opportunity_id
        """The opportunity being closed."""
        self.opportunity_name = name
        """Its name, for the question."""
        self.won = won
        """Won (True) or lost (False)."""
        self.SAVE_LABEL = f"Mark {self.verb}"
        self.SAVE_VARIANT = "success" if won else "error"

    @property
    def verb(self) -> str:
        return "won" if self.won else "lost"

    def heading(self) -> str:
        return f"Mark {self.opportunity_name} as {self.verb}"

    def intro(self) -> str:
        return f"Why was it {self.verb}? The reason is kept for reviews and the account plan."

    def compose_fields(self) -> ComposeResult:
        yield from self.field_row("close_reason", "Reason *", Input(
            id="close_reason", compact=True, placeholder="e.g. best total cost of ownership"))
        yield from self.field_row("closed_on", "Closed on", Input(clock.today().isoformat(), id="closed_on",
                                                                  compact=True))

    def submit(self) -> bool:
        """Close the opportunity; a missing reason or bad date stays here with its message."""
        reason = self.query_one("#close_reason", Input).value
        closed_on = self.query_one("#closed_on", Input).value
        opps.close_opportunity(database_of(self), self.opportunity_id, self.won, reason, closed_on)
        return True
