"""A modal form for one record: the service saves it or says which field is wrong; Esc leaves without writing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from accountmgr.screens.conflict import reloaded_notice
from accountmgr.screens.form_base import FormScreen
from accountmgr.screens.steps.fields import FieldDef, FieldForm
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import ConflictError, Seen


class RecordFormScreen(FormScreen[Any]):
    """Edit *fields*; on save calls *save(values)*; dismisses with what it returns, or None on Esc.

    Editing an existing record, pass *seen* (what the form shows of it) and *reload* (the record's values and
    Seen as they are now): *save* is then called as ``save(changed_values, seen)`` with only the fields changed,
    and a conflict with another window's changes can be reloaded keeping the user's edits.
    """

    DEFAULT_CSS = """
    RecordFormScreen #form-frame { width: 84; }
    """

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldDef],
        values: Mapping[str, str] | None,
        save: Callable[..., Any],
        *,
        seen: Seen | None = None,
        reload: Callable[[], tuple[Mapping[str, str], Seen]] | None = None,
        watched: tuple[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.values = dict(values or {})
        self.save = save
        self.seen = seen
        self.reload = reload
        self.watched = watched

    def heading(self) -> str:
        return self.form_title

    def compose_fields(self) -> ComposeResult:
        yield FieldForm(self.fields, self.values, id="record-form")

    def widget_id(self, field: str) -> str:
        return f"f-{field}"

    def submit(self) -> Any:
        """Hand the values (of an existing record: the changed ones, with what the form saw) to the service."""
        form = self.query_one(FieldForm)
        if self.seen is None:
            return self.save(form.current())
        return self.save(form.changed(), self.seen)

    async def reload_keeping_edits(self, error: ConflictError | None = None) -> None:
        """Show the record as it is now, with the user's edits back on top."""
        if self.reload is None:
            return
        form = self.query_one(FieldForm)
        edits = form.changed()
        try:
            values, self.seen = self.reload()
        except DomainError as gone:  # e.g. removed meanwhile in another window: nothing left to edit
            self.notify(gone.message, severity="error")
            self.dismiss(self.CANCEL_RESULT)
            return
        form.load(values)
        form.set_values(edits)
        form.focus_first()
        notice = self.query_one("#form-notice", Static)
        notice.update(reloaded_notice(error))
        notice.add_class("shown")

    def clear_errors(self) -> None:
        super().clear_errors()
        self.query_one(FieldForm).clear_errors()

    def show_error(self, error: DomainError) -> None:
        """A field of the record gets the message under it and is outlined; any other refusal, the form's line."""
        if error.field in {f.name for f in self.fields}:
            self.clear_errors()
            self.query_one(FieldForm).show_error(error.field, error.message)
            editor = self.query_one(f"#{self.widget_id(error.field)}")
            self.query_one("#form-body", VerticalScroll).scroll_to_center(editor, animate=False)
        else:
            super().show_error(error)
