"""A pane that edits some fields of the account (or of one record) in place, saved with Ctrl+S."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from accountmgr.keys import key_of
from accountmgr.screens.conflict import OVERWRITE, RELOAD, ConflictScreen, reloaded_notice
from accountmgr.screens.steps.base import STEP_CAPTURES, StepPane
from accountmgr.screens.steps.fields import FieldDef, FieldForm, values_of
from accountmgr.services import accounts
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import ConflictError, Seen
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import app_of


class FieldPane(StepPane):
    """Step fields stored on the account; subclasses name the fields and may add read-only context below."""

    HELP_TITLE = "Step fields (steps a, b, e, f, g, i)"

    BINDINGS = [
        bind("save", "save", "Save step"),
        bind("undo", "revert", "Undo edits", show=False),
    ]

    FIELDS: Sequence[FieldDef] = ()

    seen: Seen | None = None
    """What the pane shows of its record (version and values), set when it loads."""

    def compose(self) -> ComposeResult:
        yield Static(f"{self.step.value}. {self.step.label}", classes="pane-title")
        yield Static(STEP_CAPTURES[self.step], classes="pane-captures")
        self.seen = self.load_seen()
        yield FieldForm(self.FIELDS, self.load_values(), id="step-form")
        with Horizontal(classes="save-row"):
            yield Button(f"Save ({key_of('save')})", id="save-step", variant="primary")
            yield Static("", id="save-status", classes="muted")
        yield from self.compose_context()

    def compose_context(self) -> ComposeResult:
        """Read-only context shown under the fields (none by default)."""
        yield from ()

    def load_values(self) -> dict[str, str]:
        return values_of(accounts.get_account(self.db, self.account_id), self.FIELDS)

    def load_seen(self) -> Seen | None:
        """What the pane shows of its record (version and values), so a save can tell what changed since."""
        return Seen.of(accounts.get_account(self.db, self.account_id), [f.name for f in self.FIELDS])

    def store(self, changed: dict[str, str]) -> Any:
        return accounts.update_account(self.db, self.account_id, changed, seen=self.seen)

    def watches(self, change: Any) -> bool:
        """Whether a change logged elsewhere is about what this pane edits."""
        return change.entity == "account" and change.entity_id == self.account_id

    def has_unsaved(self) -> bool:
        return bool(self.query_one(FieldForm).changed())

    @property
    def unsaved_name(self) -> str:
        """How the app names these edits when it asks before quitting."""
        return f"step {self.step.value} of the account"

    def _track_unsaved(self) -> None:
        """Keep the app's register of unsaved edits in step with this pane (quit asks first)."""
        unsaved = app_of(self).unsaved
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
        unsaved = app_of(self).unsaved
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
        except ConflictError as error:
            form.show_error(error.field, error.short)
            status.update("Not saved: changed in another window.")
            self._ask_about_conflict(error)
            return
        except DomainError as error:
            form.show_error(error.field, error.message)
            status.update("Not saved: see the field marked in red.")
            return
        self.seen = self.load_seen()
        form.load(self.load_values())
        self._track_unsaved()
        status.update("Saved.")
        self.after_save()
        self.saved()

    def after_save(self) -> None:
        """Refresh context that depends on the saved fields (nothing by default)."""

    def _ask_about_conflict(self, error: ConflictError) -> None:
        """Show what conflicts; reload keeping the edits, overwrite, or leave them as they are."""

        def chosen(choice: str | None) -> None:
            if choice == RELOAD:
                self.reload_keeping_edits(error)
            elif choice == OVERWRITE and self.seen is not None:
                self.seen = error.overwrite(self.seen)
                self.action_save()

        self.app.push_screen(ConflictScreen(error), chosen)

    def reload_keeping_edits(self, error: ConflictError | None = None) -> None:
        """Show the record as it is now, with the edits not yet saved back on top."""

        form = self.query_one(FieldForm)
        edits = form.changed()
        self.seen = self.load_seen()
        form.load(self.load_values())
        form.set_values(edits)
        self._track_unsaved()
        self.query_one("#save-status", Static).update(reloaded_notice(error))

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another process changed this record: show it, or, with edits in progress, say the save will be checked."""
        if not any(self.watches(change) for change in changes):
            return
        if self.seen is not None and self.load_seen() == self.seen:
            return  # already showing it (saved or reloaded since)
        status = self.query_one("#save-status", Static)
        if self.has_unsaved():
            status.update("Changed in another window: your save will be checked.")
            return
        self.seen = self.load_seen()
        self.query_one(FieldForm).load(self.load_values())
        status.update("Updated with a change made in another window.")
        self.after_save()

    def action_revert(self) -> None:
        """Throw away the edits not yet saved."""
        self.seen = self.load_seen()
        self.query_one(FieldForm).load(self.load_values())
        self._track_unsaved()
        self.query_one("#save-status", Static).update("Edits undone.")
