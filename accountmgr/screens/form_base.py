"""The one base every modal form is built on: same keys, same buttons, errors at the field, nothing half-saved.

A form subclasses :class:`FormScreen`, yields its rows from :meth:`FormScreen.compose_fields` (usually through
:meth:`FormScreen.field_row`) and implements :meth:`FormScreen.submit`, which calls its service and returns what the
form dismisses with. Everything else is shared:

* Ctrl+S and the Save button save; Enter in a single-line input saves too.
* Esc and the Cancel button close without writing; the form dismisses with ``CANCEL_RESULT``.
* A :class:`DomainError` from ``submit`` keeps the form open: its message appears under the field it names, which
  gets the focus and is scrolled into view; an error naming no field of the form appears on the form-level line.
* The first field has the focus when the form opens; the body scrolls when the form is taller than the terminal.
* A form editing a record sets :attr:`FormScreen.seen` (what it showed) and sends only
  :meth:`FormScreen.changed_values`; a save refused because another window changed the same fields asks
  (:class:`ConflictScreen`) whether to reload keeping the user's edits or to overwrite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from accountmgr.keys import key_of, ref
from accountmgr.screens.conflict import OVERWRITE, RELOAD, ConflictScreen, reloaded_notice
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import ConflictError, Seen
from accountmgr.services.watch import current_version
from accountmgr.widgets.checkboxes import Checkbox, SelectionList
from accountmgr.widgets.plain import plain
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import database_of

ResultT = TypeVar("ResultT")


class StayOpen(Exception):
    """Raised by ``submit`` when it has asked the user something first and will finish the save itself."""


class FormScreen(ModalScreen[ResultT], Generic[ResultT]):
    """Every form

    A modal form: subclasses yield their rows and implement ``submit``; saving, cancelling and errors are shared.
    """

    HELP_TEXT = (
        f"In every form {ref('save')} saves ({ref('open')} too, in a one-line field) and {ref('back')} closes "
        "without writing anything. "
        "If something is wrong the form stays open: the message appears under the field, with the cursor there. "
        "Only the fields you changed are saved: another window's changes to other fields are kept, and a field "
        "changed there too asks whether to reload keeping your edits or to overwrite."
    )

    BINDINGS = [
        bind("save", "save", "Save", priority=True),
        bind("back", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen #form-frame {
        width: 90; max-width: 100%; height: auto; max-height: 100%; border: thick $primary; background: $surface;
    }
    FormScreen #form-head { dock: top; height: auto; }
    FormScreen #form-heading { padding: 0 1; text-style: bold; background: $primary-muted; width: 100%; }
    FormScreen #form-intro { padding: 0 1; color: $text-muted; height: auto; }
    FormScreen #form-body { height: auto; max-height: 100%; padding: 0 1; }
    FormScreen #form-foot { dock: bottom; height: auto; }
    FormScreen .form-row { height: auto; margin-top: 1; }
    FormScreen .form-row > Label { width: 22; margin-right: 1; }
    FormScreen .form-cell { width: 1fr; height: auto; }
    FormScreen .form-cell > Input, FormScreen .form-cell > TextArea { background: $boost; }
    FormScreen .form-cell > SelectionList { height: auto; max-height: 8; }
    FormScreen .form-cell > TextArea { height: 3; }
    FormScreen .form-hint { color: $text-muted; }
    FormScreen .form-section { text-style: bold; color: $text-primary; margin-top: 1; }
    FormScreen .form-field-error { color: $error; text-style: bold; height: auto; display: none; }
    FormScreen .form-field-error.shown { display: block; }
    FormScreen #form-error { color: $error; text-style: bold; padding: 0 1; height: auto; display: none; }
    FormScreen #form-error.shown { display: block; }
    FormScreen #form-notice { color: $warning; padding: 0 1; height: auto; display: none; }
    FormScreen #form-notice.shown { display: block; }
    FormScreen #form-buttons { height: auto; align-horizontal: right; padding: 0 1; margin-top: 1; }
    FormScreen #form-buttons Button { margin-left: 2; }
    """

    CANCEL_RESULT: ClassVar[Any] = None
    """What the form dismisses with when cancelled."""
    SAVE_LABEL: str = "Save"
    """The Save button's word (e.g. "Mark done")."""
    SAVE_VARIANT: str = "primary"
    """The Save button's colour."""

    seen: Seen | None = None
    """What the form showed of the record it edits (its version and values); None for a new record."""
    watched: tuple[str, int] | None = None
    """(log entity, id) of the record edited, so a change made elsewhere can be pointed out while editing."""
    opened_values: dict[str, Any] = {}
    """The form's raw values as they were when it opened (or was last reloaded)."""

    def heading(self) -> str:
        """The line at the top of the form."""
        return getattr(self, "HELP_TITLE", "") or (type(self).__doc__ or "").strip().splitlines()[0]

    def intro(self) -> str:
        """A sentence under the heading; empty for none."""
        return ""

    def compose_fields(self) -> ComposeResult:
        """The form's rows (see :meth:`field_row`)."""
        yield from ()

    def compose_below(self) -> ComposeResult:
        """Anything shown between the scrolling body and the buttons (e.g. a live result)."""
        yield from ()

    def compose_buttons(self) -> ComposeResult:
        """Extra buttons, shown left of Cancel and Save."""
        yield from ()

    def submit(self) -> ResultT:
        """Save through the service and return what the form dismisses with; raise DomainError to refuse."""
        raise NotImplementedError

    def current_values(self) -> dict[str, Any] | None:
        """The form's raw values by field (for telling what the user changed); None when the form does not say."""
        return None

    def changed_values(self) -> dict[str, Any]:
        """Only the fields the user changed since the form opened (or was reloaded)."""
        now = self.current_values() or {}
        return {name: value for name, value in now.items()
                if name not in self.opened_values or value != self.opened_values[name]}

    def remember_opened(self) -> None:
        """Take the values shown now as the ones the form opened with."""
        self.opened_values = dict(self.current_values() or {})

    # --- building blocks --------------------------------------------------------------------------------------

    def widget_id(self, field: str) -> str:
        """The id of the widget that edits *field*."""
        return field

    def error_id(self, field: str) -> str:
        """The id of the error line under *field*."""
        return f"{field}-error"

    def field_row(self, field: str, label: str, widget: Widget, *, hint: str = "") -> ComposeResult:
        """A labelled row for *field*: the widget, an optional hint, and the (hidden) error line under it."""
        with Horizontal(classes="form-row"):
            yield Label(label)
            with Vertical(classes="form-cell"):
                yield widget
                if hint:
                    yield Static(hint, classes="form-hint")
                yield Static("", id=self.error_id(field), classes="form-field-error")

    def compose(self) -> ComposeResult:
        # Heading and buttons are docked so only the fields scroll when the form is taller than the terminal.
        with Vertical(id="form-frame"):
            with Vertical(id="form-head"):
                yield Static(plain(self.heading()), id="form-heading")
                if intro := self.intro():
                    yield Static(plain(intro, newlines=True), id="form-intro")
            with VerticalScroll(id="form-body", can_focus=False):
                yield from self.compose_fields()
            with Vertical(id="form-foot"):
                yield from self.compose_below()
                yield Static("", id="form-error")
                yield Static("", id="form-notice")
                with Horizontal(id="form-buttons"):
                    yield from self.compose_buttons()
                    yield Button(f"Cancel ({key_of('back')})", id="cancel", compact=True)
                    yield Button(f"{self.SAVE_LABEL} (ctrl+s)", id="save",
                                 variant=self.SAVE_VARIANT, compact=True)  # type: ignore[arg-type]  # SAVE_VARIANT is one of Button's variant names
        yield Footer()

    def on_mount(self) -> None:
        self.remember_opened()
        self.focus_first()
        # Focusing before the first layout can leave the body scrolled past the first label.
        self.call_after_refresh(self.query_one("#form-body", VerticalScroll).scroll_home, animate=False)

    def focus_first(self) -> None:
        """Put the cursor in the first field."""
        for widget in self.query_one("#form-body").query("*"):
            if widget.focusable:
                widget.focus()
                return

    # --- errors -----------------------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        """Hide every error line."""
        for line in self.query(".form-field-error.shown, #form-error.shown"):
            line.remove_class("shown")

    def show_error(self, error: DomainError) -> None:
        """Show *error* under its field and put the cursor there; an unknown field gets the form-level line."""
        self.clear_errors()
        try:
            line = self.query_one(f"#{self.error_id(error.field)}", Static) if error.field else None
            target: Widget | None = self.query_one(f"#{self.widget_id(error.field)}") if error.field else None
        except NoMatches:
            line, target = None, None
        if line is None or target is None:
            line = self.query_one("#form-error", Static)
        line.update(plain(error.message, newlines=True))  # messages quote names: never markup
        line.add_class("shown")
        if target is not None:
            target.focus(scroll_visible=False)
            # Centred, so the field's label above and its message below are in view too.
            self.query_one("#form-body", VerticalScroll).scroll_to_center(target, animate=False)

    # --- saving and cancelling --------------------------------------------------------------------------------

    def attempt(self, save: Callable[[], ResultT]) -> bool:
        """Run *save*; dismiss with its result, or stay open showing its refusal. True when it saved."""
        try:
            result = save()
        except StayOpen:
            return False
        except ConflictError as error:
            self.show_error(DomainError(error.short, error.field))
            self.ask_about_conflict(error)
            return False
        except DomainError as error:
            self.show_error(error)
            return False
        self.dismiss(result)
        return True

    def action_save(self) -> None:
        """Save; on a refusal stay open with the message at its field."""
        self.attempt(self.submit)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(self.CANCEL_RESULT)

    # --- changes made elsewhere -------------------------------------------------------------------------------

    def ask_about_conflict(self, error: ConflictError) -> None:
        """Show what conflicts; reload keeping the user's edits, overwrite, or leave the form as it is."""

        def chosen(choice: str | None) -> None:
            if choice == RELOAD:
                self.run_worker(self.reload_keeping_edits(error), exclusive=True, group="form-reload")
            elif choice == OVERWRITE and self.seen is not None:
                self.seen = error.overwrite(self.seen)
                self.action_save()

        self.app.push_screen(ConflictScreen(error), chosen)

    async def reload_keeping_edits(self, error: ConflictError | None = None) -> None:
        """Read the record again (with the others' changes) and put the user's edits back on top."""

        edits = self.changed_values()
        try:
            await self.recompose()
        except DomainError as gone:  # e.g. removed meanwhile in another window: nothing left to edit
            self.notify(gone.message, severity="error")
            self.dismiss(self.CANCEL_RESULT)
            return
        self.remember_opened()
        self.apply_values(edits)
        self.focus_first()
        notice = self.query_one("#form-notice", Static)
        notice.update(reloaded_notice(error))
        notice.add_class("shown")

    def apply_values(self, values: dict[str, Any]) -> None:
        """Put raw *values* (as :meth:`current_values` gives them) back into the form's widgets."""
        for name, value in values.items():
            try:
                widget = self.query_one(f"#{self.widget_id(name)}")
            except NoMatches:
                continue
            if isinstance(widget, TextArea):
                widget.load_text(value or "")
            elif isinstance(widget, Select):
                try:
                    widget.value = Select.NULL if value is None else value
                except InvalidSelectValueError:  # the options hold the value as text (ratings)
                    widget.value = str(value)
            elif isinstance(widget, SelectionList):
                widget.deselect_all()
                for item in value or ():
                    widget.select(item)
            elif isinstance(widget, Checkbox):
                widget.value = bool(value)
            elif isinstance(widget, Input):
                widget.value = "" if value is None else str(value)

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another process changed records: if it is this form's, say discreetly that the save will be checked."""
        if self.watched is None or self.seen is None:
            return
        entity, record_id = self.watched
        if not any(c.entity == entity and c.entity_id == record_id for c in changes):
            return
        # Already showing that change (reloaded after a conflict, say): nothing to point out.
        if current_version(database_of(self), entity, record_id) != self.seen.version:
            notice = self.query_one("#form-notice", Static)
            notice.update("Changed in another window since you opened it: your save will be checked.")
            notice.add_class("shown")

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
