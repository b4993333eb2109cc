"""A table of an account's records with add (a), edit (Enter) and delete (d), each through a validated modal form."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from accountmgr.keys import key_of
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.steps.base import StepPane, typing_in
from accountmgr.screens.steps.fields import FieldDef, values_of
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.services.errors import DomainError, NotFound
from accountmgr.services.versioned import Seen
from accountmgr.widgets.refusal import writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.form_flow import FormFlow
from accountmgr.widgets.table_pane import CURRENT, TableColumn, TablePane
from accountmgr.widgets.typed_app import database_of

if TYPE_CHECKING:
    from accountmgr.db import Database


@dataclass(frozen=True)
class TableSpec:
    """How one kind of record is listed and edited; the callables are the entity's service functions."""

    what: str
    columns: Sequence[str | TableColumn]
    """Headers (shortened like any text when the pane lacks room), or columns saying how each may shrink."""
    fields: Sequence[FieldDef] | Callable[[], Sequence[FieldDef]]
    """The form's fields, or a function giving them when a form opens (choices read from the database)."""
    rows: Callable[[Any], list[Any]]
    cells: Callable[[Any], Sequence[str | Text]]
    create: Callable[[Any, dict[str, str]], Any]
    update: Callable[..., Any]
    """(db, id, values, seen=…): the record saved."""
    delete: Callable[..., None]
    """(db, id, seen_version=…)."""
    describe: Callable[[Any], str]
    defaults: Callable[[], dict[str, str]] | None = None
    entity: str = ""
    """The activity log's name for these records when it is not *what*, to notice changes made elsewhere."""
    in_background: str = ""
    """When reading the rows needs the whole portfolio scored (seconds at 100,000 accounts): what the table says
    while they are read off the UI thread ("Working out the recovery guidelines…"); empty to read them at once."""


RECORD_KEYS = [("add", "add"), ("open", "edit"), ("delete", "delete")]
"""A step table's keys as its hints list them ("a add · Enter edit · d delete"), by binding id."""


class RecordTable(Vertical, FormFlow):
    """The records of one kind, editable from the keyboard or the mouse."""

    HELP_TITLE = "Step tables: competitors, constraints, deliveries, reviews"

    BINDINGS = [
        bind("add", "add", "Add"),
        bind("open", "edit", "Edit"),
        bind("delete", "delete", "Delete"),
    ]

    DEFAULT_CSS = """
    RecordTable { height: auto; }
    RecordTable DataTable { height: auto; max-height: 14; }
    """

    class Saved(Message):
        """A record was added, changed or deleted here."""

    def __init__(self, spec: TableSpec, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.records: list[Any] = []
        """The rows as last loaded, in table order."""
        self.reading = False
        """True while the rows are read in the background (see ``TableSpec.in_background``)."""

    def compose(self) -> ComposeResult:
        # The first column names the record: the others give up room before it.
        columns = [header if isinstance(header, TableColumn) else TableColumn(f"c{index}", header,
                                                                              priority=2 if index == 0 else 1)
                   for index, header in enumerate(self.spec.columns)]
        # Columns left out on a narrow terminal are named for the highlighted record under the table.
        yield TablePane(columns, empty=f"No {self.spec.what} yet: press {key_of('add')} to add one.",
                        detail=lambda key: self.query_one(TablePane).left_out(key))

    def on_mount(self) -> None:
        self.reload()

    @property
    def db(self) -> Database:
        return database_of(self)

    def reload(self, keep: int | None = None) -> None:
        """Read the records again; keep the cursor on the record with id *keep* when given."""
        if self.spec.in_background:
            self.reading = True
            self.show_empty_hint()
            self._read_in_background(keep)
            return
        self._show_records(self.spec.rows(self.db), keep)

    @work(thread=True, exclusive=True, group="record-table-rows")
    def _read_in_background(self, keep: int | None) -> None:
        """Read the rows off the UI thread, then show them there (unless a newer read started or the table closed)."""
        records = self.spec.rows(self.db)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._read, records, keep)

    def _read(self, records: list[Any], keep: int | None) -> None:
        if self.is_attached:
            self.reading = False
            self._show_records(records, keep)

    def _show_records(self, records: list[Any], keep: int | None) -> None:
        self.records = records
        rows = [(record.id, self.spec.cells(record)) for record in self.records]
        self.query_one(TablePane).show(rows, keep=CURRENT if keep is None else keep)
        self.show_empty_hint()

    def heading_keys(self) -> list[tuple[str, str]]:
        """The keys its heading names while it has the keyboard."""
        return list(RECORD_KEYS)

    def show_empty_hint(self) -> None:
        """An empty table says which key adds a record, and where that key works: here, once it has the keyboard
        (in a pane of several tables, its number key puts the keyboard here)."""
        if not self.is_attached:  # (called from on_mount too, before is_mounted is set)
            return
        key = key_of("add")
        pane = next((node for node in self.ancestors if isinstance(node, StepPane)), None)
        number = pane.part_number(self) if pane is not None else None
        focused = self.screen.focused
        if self.has_focus_within:
            where = f"press {key} to add one"
        elif number is None:
            where = f"Tab or click here, then {key} adds one"
        elif focused is not None and typing_in(focused) and pane in focused.ancestors:
            where = f"{key_of('back')}, then {key_of(f'pick-{number}')} to work here and {key} to add one"
        else:
            where = f"press {key_of(f'pick-{number}')} to work here, then {key} to add one"
        text = self.spec.in_background if self.reading and not self.records else f"No {self.spec.what} yet: {where}."
        for empty in self.query(".table-pane--empty").results(Static):
            empty.update(text)

    def on_descendant_focus(self) -> None:
        self.show_empty_hint()

    def on_descendant_blur(self) -> None:
        self.show_empty_hint()

    def form_fields(self) -> Sequence[FieldDef]:
        fields = self.spec.fields
        return fields() if callable(fields) else fields

    @property
    def selected(self) -> Any | None:
        """The highlighted record."""
        key = self.query_one(TablePane).selected_key
        return next((record for record in self.records if record.id == key), None)

    def focus_table(self) -> None:
        self.query_one(TablePane).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter or a click on the highlighted row edits it."""
        event.stop()
        self.action_edit()

    def announce_change(self) -> None:
        """Tell the step around the table that a record was saved or deleted."""
        self.post_message(self.Saved())

    @writes
    def action_add(self) -> None:
        """Add a record through the form."""
        defaults = self.spec.defaults() if self.spec.defaults else {}
        self.open_form(
            RecordFormScreen(f"New {self.spec.what}", self.form_fields(), defaults,
                             lambda values: self.spec.create(self.db, values)),
        )

    @writes
    def action_edit(self) -> None:
        """Edit the highlighted record through the form."""
        record = self.selected
        if record is None:
            self.action_add()
            return
        fields = self.form_fields()
        names = [f.name for f in fields]

        def reload() -> tuple[dict[str, str], Seen]:
            now = next((row for row in self.spec.rows(self.db) if row.id == record.id), None)
            if now is None:
                raise NotFound(f"That {self.spec.what} no longer exists.")
            return values_of(now, fields), Seen.of(now, names)

        self.open_form(
            RecordFormScreen(
                f"Edit {self.spec.describe(record)}", fields, values_of(record, fields),
                lambda values, seen: self.spec.update(self.db, record.id, values, seen=seen),
                seen=Seen.of(record, names), reload=reload, watched=(self.spec.entity or self.spec.what, record.id),
            ),
        )

    @writes
    def action_delete(self) -> None:
        """Delete the highlighted record after asking."""
        record = self.selected
        if record is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                try:
                    self.spec.delete(self.db, record.id, seen_version=getattr(record, "version", None))
                except DomainError as error:
                    self.app.notify(error.message, title="Not deleted", severity="warning")
                    self.reload(keep=record.id)
                    return
                self.changed()
                self.focus_table()

        self.app.push_screen(
            ConfirmScreen(f"Delete {self.spec.describe(record)}? This cannot be undone.", yes="Delete", no="Keep"),
            callback=answer,
        )
