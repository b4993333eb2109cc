"""A modal form for one record: the service saves it or says which field is wrong; Esc leaves without writing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from accountmgr.screens.form_base import FormScreen
from accountmgr.screens.steps.fields import FieldDef, FieldForm
from accountmgr.services.errors import DomainError


class RecordFormScreen(FormScreen[Any]):
    """Edit *fields*; on save calls *save(values)*; dismisses with what it returns, or None on Esc."""

    DEFAULT_CSS = """
    RecordFormScreen #form-frame { width: 84; }
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

    def heading(self) -> str:
        return self.form_title

    def compose_fields(self) -> ComposeResult:
        yield FieldForm(self.fields, self.values, id="record-form")

    def widget_id(self, field: str) -> str:
        return f"f-{field}"

    def submit(self) -> Any:
        """Hand the values to the service."""
        return self.save(self.query_one(FieldForm).current())

    def clear_errors(self) -> None:
        super().clear_errors()
        self.query_one(FieldForm).clear_errors()

    def show_error(self, error: DomainError) -> None:
        """A field of the record gets the message under it and is outlined; any other refusal, the form's line."""
        if error.field in {f.name for f in self.fields}:
            self.clear_errors()
            self.query_one(FieldForm).show_error(error.field, error.message)
            editor = self.query_one(f"#{self.widget_id(error.field)}")  # type: ignore[arg-type]
            self.query_one("#form-body", VerticalScroll).scroll_to_center(editor, animate=False)
        else:
            super().show_error(error)
