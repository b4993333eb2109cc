"""Edit the lifetime-value settings (discount rate, horizon) and the RFMT weights; the portfolio is rescored."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from accountmgr.screens.form_base import FormScreen
from accountmgr.services.customer_value import SETTINGS_FIELDS, current_settings, save_settings
from accountmgr.widgets.typed_app import database_of


class ValueSettingsFormScreen(FormScreen[bool]):
    """Lifetime value and RFMT settings."""

    HELP_TEXT = (
        "Lifetime value discounts each future year's expected margin at the discount rate, over the horizon. "
        "RFMT is the weighted mean of recency, frequency, monetary value and tenure: only the proportions count."
    )
    CANCEL_RESULT = False
    DEFAULT_CSS = """
    ValueSettingsFormScreen #form-frame { width: 72; }
    ValueSettingsFormScreen .form-row > Label { width: 36; }
    ValueSettingsFormScreen .form-cell > Input { width: 10; }
    """

    def heading(self) -> str:
        return "Lifetime value and RFMT"

    def intro(self) -> str:
        return self.HELP_TEXT

    def widget_id(self, field: str) -> str:
        return f"value-{field}"

    def compose_fields(self) -> ComposeResult:
        current = current_settings(database_of(self))
        for key in SETTINGS_FIELDS:
            yield from self.field_row(key, SETTINGS_FIELDS.labels[key],
                                      Input(str(current[key]), id=self.widget_id(key), compact=True))

    def submit(self) -> bool:
        """Save the settings, or say which one is wrong and save nothing."""
        raw = {key: self.query_one(f"#{self.widget_id(key)}", Input).value for key in SETTINGS_FIELDS}
        save_settings(database_of(self), raw)
        return True
