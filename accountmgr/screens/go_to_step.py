"""Go to a step: after the go-to key, the next letter a–l names the step (Esc: stay where you are)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from accountmgr.keys import key_of
from accountmgr.models import Step
from accountmgr.widgets.bindings import bind


class GoToStepScreen(ModalScreen[str | None]):
    """Dismisses with the letter of the step typed (a–l), or None."""

    HELP_TITLE = "Go to a step"

    BINDINGS = [bind("back", "dismiss_none", "Stay here")]

    DEFAULT_CSS = """
    GoToStepScreen { align: center middle; }
    GoToStepScreen > Static { width: 44; height: auto; border: thick $primary; background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        text = Text("Go to step: type its letter\n\n", style="bold")
        for step in Step:
            text.append(f" {step.value} ", style="bold reverse")
            text.append(f" {step.label}\n")
        text.append(f"\n{key_of('back')}: stay here", style="dim")
        yield Static(text)

    def on_key(self, event: events.Key) -> None:
        """A step's letter (either case) goes there; other keys are ignored."""
        letter = (event.character or "").lower()
        if letter in {step.value for step in Step}:
            event.stop()
            self.dismiss(letter)

    def action_dismiss_none(self) -> None:
        """Stay where you are."""
        self.dismiss(None)
