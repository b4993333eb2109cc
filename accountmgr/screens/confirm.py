"""A yes/no question as a modal; dismisses with True (yes) or False (no / Esc)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from accountmgr.keys import key_of
from accountmgr.widgets.plain import plain
from accountmgr.widgets.bindings import bind


class ConfirmScreen(ModalScreen[bool]):
    """Ask one question; nothing happens unless the user says yes."""

    BINDINGS = [
        bind("yes", "answer(True)", "Yes"),
        bind("back", "answer(False)", "No"),
    ]

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; max-width: 95%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmScreen #question { margin-bottom: 1; }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.question, newlines=True), id="question")  # questions quote names
            with Horizontal():
                yield Button(f"{self.no_label} ({key_of('back')})", id="no")
                yield Button(f"{self.yes_label} ({key_of('yes')})", id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Buttons answer like the keys do."""
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close with the given answer."""
        self.dismiss(answer)
