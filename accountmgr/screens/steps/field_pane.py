"""A pane that edits some fields of the account (or of one record) in place, saved with Ctrl+S."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from accountmgr.screens.steps.base import STEP_CAPTURES, StepPane
from accountmgr.screens.steps.fields import FieldDef, FieldForm, values_of
from accountmgr.services import accounts
from accountmgr.services.errors import DomainError


class FieldPane(StepPane):
    """Step fields stored on the account; subclasses name the fields and may add read-only context below."""

    HELP_TITLE = "Step fields (steps a, b, e, f, g, i)"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save step", id="step.save"),
        Binding("ctrl+z", "revert", "Undo edits", id="step.revert", show=False),
    ]

    FIELDS: Sequence[FieldDef] = ()

    def compose(self) -> ComposeResult:
        yield Static(f"{self.step.value}. {self.step.label}", classes="pane-title")
        yield Static(STEP_CAPTURES[self.step], classes="pane-captures")
        yield FieldForm(self.FIELDS, self.load_values(), id="step-form")
        with Horizontal(classes="save-row"):
            yield Button("Save (Ctrl+S)", id="save-step", variant="primary")
            yield Static("", id="save-status", classes="muted")
        yield from self.compose_context()

    def compose_context(self) -> ComposeResult:
        """Read-only context shown under the fields (none by default)."""
        yield from ()

    def load_values(self) -> dict[str, str]:
        return values_of(accounts.get_account(self.db, self.account_id), self.FIELDS)

    def store(self, changed: dict[str, str]) -> Any:
        return accounts.update_account(self.db, self.account_id, changed)

    def has_unsaved(self) -> bool:
        return bool(self.query_one(FieldForm).changed())

    @property
    def unsaved_name(self) -> str:
        """How the app names these edits when it asks before quitting."""
        return f"step {self.step.value} of the account"

    def _track_unsaved(self) -> None:
        """Keep the app's register of unsaved edits in step with this pane (quit asks first)."""
        unsaved = getattr(self.app, "unsaved", None)
        if unsaved is None:
            return
        if self.has_unsaved():
            unsaved.add(self.unsaved_name)
        else:
            unsaved.discard(self.unsaved_name)

    def on_input_changed(self) -> None:
        self._track_unsaved()

    def on_text_area_changed(self) -> None:
        self._track_unsaved()

    def on_select_changed(self) -> None:
        self._track_unsaved()

    def on_unmount(self) -> None:
        unsaved = getattr(self.app, "unsaved", None)
        if unsaved is not None:
            unsaved.discard(self.unsaved_name)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The Save button does what Ctrl+S does."""
        if event.button.id == "save-step":
            event.stop()
            self.action_save()

    def action_save(self) -> None:
        """Validate and write the changed fields in one transaction; a refusal stays at its field."""
        form = self.query_one(FieldForm)
        changed = form.changed()
        status = self.query_one("#save-status", Static)
        if not changed:
            status.update("Nothing to save.")
            return
        try:
            self.store(changed)
        except DomainError as error:
            form.show_error(error.field, error.message)
            status.update("Not saved: see the field marked in red.")
            return
        form.load(self.load_values())
        self._track_unsaved()
        status.update("Saved.")
        self.after_save()
        self.saved()

    def after_save(self) -> None:
        """Refresh context that depends on the saved fields (nothing by default)."""

    def action_revert(self) -> None:
        """Throw away the edits not yet saved."""
        self.query_one(FieldForm).load(self.load_values())
        self._track_unsaved()
        self.query_one("#save-status", Static).update("Edits undone.")
