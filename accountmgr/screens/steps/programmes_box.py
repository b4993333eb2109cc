"""The strategy step's programmes: three ticks saved at once, with the method's suggestion and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from accountmgr.models.programmes import Programme
from accountmgr.screens.steps.base import PartHeading
from accountmgr.services import programmes
from accountmgr.widgets.checkboxes import Checkbox
from accountmgr.widgets.plain import plain
from accountmgr.widgets.refusal import refusals, refused_read_only, say_refused, writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import database_of

if TYPE_CHECKING:
    from accountmgr.db import Database


class ProgrammesBox(Vertical):
    """Which of the three programmes the account is in (Space ticks, saved at once) and what the method suggests."""

    HELP_TITLE = "Programmes (step g)"
    BINDINGS = [
        bind("edit", "note", "Since when / note", tooltip="Since when the account is in the highlighted programme, "
             "and a note"),
    ]

    DEFAULT_CSS = """
    ProgrammesBox { height: auto; }
    ProgrammesBox Checkbox { width: auto; }
    ProgrammesBox #programme-advice { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, account_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.account_id = account_id
        """The account whose programmes are shown."""

    @property
    def db(self) -> Database:
        return database_of(self)

    def compose(self) -> ComposeResult:
        yield PartHeading("Programmes", str(self.id), lead="Space ticks, saved at once")
        for programme in Programme:
            yield Checkbox(programme.label, id=f"programme-{programme.value}", compact=True)
        yield Static(plain("\n".join(f"{p.label} ({p.hint}): {programmes.WHAT_IT_IS[p]}." for p in Programme),
                           newlines=True), classes="muted")
        yield Static("Working out the suggestion…", id="programme-advice")

    def heading_keys(self) -> list[tuple[str, str]]:
        """The keys its heading names while it has the keyboard (Space, a checkbox's own, is said in words)."""
        return [("edit", "since when and a note")]

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Tick what is stored, then work out the suggestion in the background (it needs the portfolio's scores)."""
        current = {row.programme: row for row in programmes.programmes_of(self.db, self.account_id)}
        for programme in Programme:
            box = self.query_one(f"#programme-{programme.value}", Checkbox)
            with box.prevent(Checkbox.Changed):
                box.value = programme in current
            row = current.get(programme)
            since = f" (since {row.since.isoformat()})" if row is not None and row.since else ""
            note = f" — {row.note}" if row is not None and row.note else ""
            box.label = plain(f"{programme.label}{since}{note}")
        self._advise()

    @work(thread=True, exclusive=True, group="programme-advice")
    def _advise(self) -> None:
        view = programmes.programme_view(self.db, self.account_id)
        self.app.call_from_thread(self._show_advice, view)

    def _show_advice(self, view: programmes.ProgrammeView) -> None:
        if not self.is_attached:
            return  # the step was closed while the portfolio was scored
        suggested = ", ".join(p.label for p in view.suggestion.programmes) or "none yet"
        basis = f" for a {view.segment_label.lower()} customer" if view.segment_label else ""
        lines = [f"Suggested{basis}: {suggested}.", *view.suggestion.reasons, *view.differences()]
        self.query_one("#programme-advice", Static).update(plain("\n".join(lines), newlines=True))

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        programme = Programme(str(event.checkbox.id).removeprefix("programme-"))
        if refused_read_only(self):
            with event.checkbox.prevent(Checkbox.Changed):
                event.checkbox.value = not event.value
            return
        with refusals(self):
            programmes.set_programme(self.db, self.account_id, programme, event.value)
        self.reload()

    @writes
    def action_note(self) -> None:
        """Say since when the account is in the programme whose tick has the keyboard, and add a note."""
        from accountmgr.screens.steps.programme_note import ProgrammeNoteForm

        focused = self.app.focused
        if not isinstance(focused, Checkbox) or not str(focused.id).startswith("programme-"):
            return
        programme = Programme(str(focused.id).removeprefix("programme-"))
        if not focused.value:
            say_refused(self, f"Tick the {programme.label.lower()} first.")
            return
        self.app.push_screen(ProgrammeNoteForm(self.account_id, programme),
                             lambda saved: self.reload() if saved else None)
