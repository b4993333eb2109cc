"""Mark a communication action done: a modal asking what came out of it and when it happened."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from accountmgr.screens.form_base import FormScreen
from accountmgr.services import clock, plan
from accountmgr.widgets.typed_app import database_of


class MarkDoneScreen(FormScreen[bool]):
    """Mark an action done with its outcome"""

    HELP_TITLE = "Mark done"
    HELP_TEXT = "Marking an action done moves the last-contact date of the people it addressed forward (never back)."
    CANCEL_RESULT = False
    SAVE_LABEL = "Mark done"
    SAVE_VARIANT = "success"
    DEFAULT_CSS = """
    MarkDoneScreen #form-frame { width: 84; border: thick $success; }
    MarkDoneScreen .form-row > Label { width: 12; }
    """

    def __init__(self, action: plan.ActionRow) -> None:
        super().__init__()
        self.action = action
        """The action being marked done."""

    def heading(self) -> str:
        return f"Done: {self.action.objective}"

    def intro(self) -> str:
        action = self.action
        people = ", ".join(action.members) or "nobody named"
        return f"{action.scheduled_at:%Y-%m-%d %H:%M} · {action.channel.label} · with {people}"

    def compose_fields(self) -> ComposeResult:
        day = min(self.action.scheduled_at.date(), clock.today())
        yield from self.field_row("outcome", "Outcome", Input(
            id="outcome", compact=True, placeholder="what came out of it, next step"))
        yield from self.field_row("done_on", "Done on", Input(day.isoformat(), id="done_on", compact=True))

    def submit(self) -> bool:
        """Mark done; a bad date stays here with its message."""
        outcome = self.query_one("#outcome", Input).value
        done_on = self.query_one("#done_on", Input).value
        plan.mark_done(database_of(self), self.action.id, outcome, done_on)
        return True
