"""Edit the weights of the attractiveness score's four parts; the portfolio is rescored on saving."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from accountmgr.services import settings
from accountmgr.services.errors import DomainError
from accountmgr.services.portfolio import save_weights
from accountmgr.services.scoring import ATTRACTIVENESS_PARTS


class WeightsFormScreen(ModalScreen[bool]):
    """Attractiveness weights."""

    HELP_TEXT = "Each part scores 0–100; attractiveness is their weighted mean, so only the proportions count."

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    WeightsFormScreen { align: center middle; }
    WeightsFormScreen > Vertical {
        width: 72; max-width: 100%; height: auto; padding: 1 2; border: thick $primary; background: $surface;
    }
    WeightsFormScreen .field { height: auto; margin-top: 1; }
    WeightsFormScreen .field > Label { width: 36; }
    WeightsFormScreen Input { width: 10; background: $boost; }
    WeightsFormScreen .error { color: $error; text-style: bold; }
    WeightsFormScreen #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    WeightsFormScreen #buttons Button { margin-left: 2; }
    """

    def compose(self) -> ComposeResult:
        current = settings.get(self.app.db, "attractiveness_weights")  # type: ignore[attr-defined]
        with Vertical() as frame:
            frame.border_title = "Attractiveness weights"
            frame.border_subtitle = "ctrl+s saves · Esc cancels"
            yield Static(self.HELP_TEXT)
            for key, label in ATTRACTIVENESS_PARTS:
                with Horizontal(classes="field"):
                    yield Label(label)
                    yield Input(str(current.get(key, 0)), id=f"weight-{key}", compact=True)
            yield Static("", id="error", classes="error")
            with Horizontal(id="buttons"):
                yield Button("Cancel (Esc)", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Save the weights, or say which one is wrong and save nothing."""
        raw = {key: self.query_one(f"#weight-{key}", Input).value for key, _ in ATTRACTIVENESS_PARTS}
        try:
            save_weights(self.app.db, raw)  # type: ignore[attr-defined]
        except DomainError as error:
            self.query_one("#error", Static).update(error.message)
            if error.field:
                self.query_one(f"#weight-{error.field}", Input).focus()
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
