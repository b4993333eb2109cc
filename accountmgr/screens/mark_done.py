"""Mark a communication action done: a modal asking what came out of it and when it happened."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from accountmgr.services import clock, plan
from accountmgr.services.errors import DomainError


class MarkDoneScreen(ModalScreen[bool]):
    """Mark an action done with its outcome"""

    HELP_TITLE = "Mark done"
    HELP_TEXT = "Marking an action done moves the last-contact date of the people it addressed forward (never back)."
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    MarkDoneScreen { align: center middle; }
    MarkDoneScreen > Vertical {
        width: 84; max-width: 100%; height: auto; border: thick $success; background: $surface; padding: 0 1;
    }
    MarkDoneScreen #heading { text-style: bold; margin-bottom: 1; }
    MarkDoneScreen .row { height: auto; margin-top: 1; }
    MarkDoneScreen .row > Label { width: 12; }
    MarkDoneScreen .row > Input { width: 1fr; }
    MarkDoneScreen .error { color: $error; padding-left: 12; height: auto; display: none; }
    MarkDoneScreen .error.shown { display: block; }
    MarkDoneScreen #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    MarkDoneScreen #buttons Button { margin-left: 2; }
    """

    def __init__(self, action: plan.ActionRow) -> None:
        super().__init__()
        self.action = action
        """The action being marked done."""

    def compose(self) -> ComposeResult:
        action = self.action
        day = min(action.scheduled_at.date(), clock.today())
        with Vertical():
            yield Static(f"Done: {action.objective}", id="heading")
            people = ", ".join(action.members) or "nobody named"
            yield Static(f"{action.scheduled_at:%Y-%m-%d %H:%M} · {action.channel.label} · with {people}")
            with Horizontal(classes="row"):
                yield Label("Outcome")
                yield Input(id="outcome", compact=True, placeholder="what came out of it, next step")
            yield Static("", id="outcome-error", classes="error")
            with Horizontal(classes="row"):
                yield Label("Done on")
                yield Input(day.isoformat(), id="done_on", compact=True)
            yield Static("", id="done_on-error", classes="error")
            with Horizontal(id="buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button("Mark done (ctrl+s)", id="save", variant="success")

    def on_mount(self) -> None:
        self.query_one("#outcome", Input).focus()

    def action_save(self) -> None:
        """Mark done; a bad date stays here with its message."""
        outcome = self.query_one("#outcome", Input).value
        done_on = self.query_one("#done_on", Input).value
        try:
            plan.mark_done(self.app.db, self.action.id, outcome, done_on)  # type: ignore[attr-defined]
        except DomainError as error:
            for shown in self.query(".error.shown"):
                shown.remove_class("shown")
            field = error.field if error.field in ("outcome", "done_on") else "outcome"
            message = self.query_one(f"#{field}-error", Static)
            message.update(error.message)
            message.add_class("shown")
            self.query_one(f"#{field}", Input).focus()
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Leave the action as it was."""
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
