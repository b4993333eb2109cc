"""A modal form for one record: the service saves it or says which field is wrong; Esc leaves without writing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from accountmgr.screens.steps.fields import FieldDef, FieldForm
from accountmgr.services.errors import DomainError


class RecordFormScreen(ModalScreen[Any]):
    """Edit *fields*; on save calls *save(values)*; dismisses with what it returns, or None on Esc."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    DEFAULT_CSS = """
    RecordFormScreen { align: center middle; }
    RecordFormScreen > VerticalScroll {
        width: 84; max-width: 96%; height: auto; max-height: 92%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    RecordFormScreen #form-title { text-style: bold; margin-top: 1; }
    RecordFormScreen .form-hint { color: $text-muted; }
    RecordFormScreen #form-buttons { height: auto; align-horizontal: right; margin: 1 0; }
    RecordFormScreen Button { margin-left: 2; }
    """

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldDef],
        values: Mapping[str, str] | None,
        save: Callable[[dict[str, str]], Any],
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.values = dict(values or {})
        self.save = save

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):
            yield Static(self.form_title, id="form-title")
            yield Static("Ctrl+S saves · Esc cancels without writing anything", classes="form-hint")
            yield FieldForm(self.fields, self.values, id="record-form")
            with Horizontal(id="form-buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button("Save (Ctrl+S)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one(FieldForm).focus_first()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The buttons do what their keys do."""
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Hand the values to the service; stay open at the faulty field if it refuses them."""
        form = self.query_one(FieldForm)
        try:
            result = self.save(form.current())
        except DomainError as error:
            form.show_error(error.field, error.message)
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)
