"""Edit the weights of the attractiveness score's four parts; the portfolio is rescored on saving."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from accountmgr.screens.form_base import FormScreen
from accountmgr.services import settings
from accountmgr.services.portfolio import save_weights
from accountmgr.services.scoring import ATTRACTIVENESS_PARTS
from accountmgr.widgets.typed_app import database_of


class WeightsFormScreen(FormScreen[bool]):
    """Attractiveness weights."""

    HELP_TEXT = "Each part scores 0–100; attractiveness is their weighted mean, so only the proportions count."
    CANCEL_RESULT = False
    DEFAULT_CSS = """
    WeightsFormScreen #form-frame { width: 72; }
    WeightsFormScreen .form-row > Label { width: 36; }
    WeightsFormScreen .form-cell > Input { width: 10; }
    """

    def heading(self) -> str:
        return "Attractiveness weights"

    def intro(self) -> str:
        return self.HELP_TEXT

    def widget_id(self, field: str) -> str:
        return f"weight-{field}"

    def compose_fields(self) -> ComposeResult:
        current = settings.get(database_of(self), "attractiveness_weights")
        for key, label in ATTRACTIVENESS_PARTS:
            yield from self.field_row(key, label, Input(str(current.get(key, 0)), id=self.widget_id(key), compact=True))

    def submit(self) -> bool:
        """Save the weights, or say which one is wrong and save nothing."""
        raw = {key: self.query_one(f"#{self.widget_id(key)}", Input).value for key, _ in ATTRACTIVENESS_PARTS}
        save_weights(database_of(self), raw)
        return True
