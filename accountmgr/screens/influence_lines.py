"""The DMU's influence lines in a modal: who sways whom beyond the reporting lines; add (n), edit (Enter), delete (x)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from accountmgr.keys import key_of
from accountmgr.models.enums import InfluenceDirection, InfluenceStrength
from accountmgr.screens.steps.fields import FieldDef
from accountmgr.screens.steps.record_table import RecordTable, TableSpec
from accountmgr.services import dmu, informal
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import database_of


class InfluenceLinesScreen(ModalScreen[bool]):
    """Influence lines of the DMU (informal structure)"""

    HELP_TITLE = "Influence lines (the DMU's informal structure)"
    HELP_TEXT = (
        "Beyond the reporting lines, who sways whom: an influence line goes from one person to another (or both "
        "ways), weak, medium or strong. In the org chart they show as dotted “influences” lines. An opponent, or "
        "someone leaning to a competitor, who influences a decision maker is a coverage gap."
    )
    BINDINGS = [bind("back", "close", "Close")]
    DEFAULT_CSS = """
    InfluenceLinesScreen { align: center middle; }
    InfluenceLinesScreen > Vertical { width: 110; max-width: 100%; height: auto; max-height: 90%;
                                       border: thick $primary; background: $surface; padding: 0 1; }
    InfluenceLinesScreen #influence-title { text-style: bold; }
    InfluenceLinesScreen #influence-hint { color: $text-muted; margin-bottom: 1; }
    """

    def __init__(self, account_id: int, member_id: int | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        """The account whose DMU is shown."""
        self.member_id = member_id
        """The person highlighted in the DMU: a new line starts from them."""
        self.changed = False
        """Whether anything was saved, so the DMU pane redraws on close."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Influence lines — who sways whom beyond the reporting lines", id="influence-title")
            yield Static(f"{key_of('add')} add · Enter edit · {key_of('delete')} delete · Esc close", id="influence-hint")
            yield RecordTable(self._spec(), id="influence-lines")
        yield Footer()

    def _spec(self) -> TableSpec:
        account_id = self.account_id
        members = dmu.list_members(database_of(self), account_id)
        people = [(m.name, str(m.id)) for m in members]
        fields = (
            FieldDef("from_id", "Who influences", "select", people),
            FieldDef("to_id", "Whom they influence", "select", people),
            FieldDef("strength", "Strength", "select", InfluenceStrength.choices()),
            FieldDef("direction", "Direction", "select", InfluenceDirection.choices(),
                     hint="Both ways: they sway each other."),
            FieldDef("note", "Note", hint="How you know, or how it works (e.g. old colleagues, same golf club)."),
        )
        start = str(self.member_id) if self.member_id is not None else ""
        return TableSpec(
            what="influence line",
            entity="influence_line",
            columns=("From", "", "To", "Strength", "Note"),
            fields=fields,
            rows=lambda db: informal.lines(db, account_id),
            cells=lambda line: (line.from_name, line.arrow, line.to_name, line.strength.label, line.note or "—"),
            create=lambda db, values: informal.add_line(db, account_id, values),
            update=informal.update_line,
            delete=informal.delete_line,
            describe=lambda line: f"influence line {line.from_name} {line.arrow} {line.to_name}",
            defaults=lambda: {"from_id": start, "strength": InfluenceStrength.MEDIUM.value,
                              "direction": InfluenceDirection.ONE_WAY.value},
        )

    def on_mount(self) -> None:
        self.query_one(RecordTable).focus_table()

    def on_record_table_saved(self, event: RecordTable.Saved) -> None:
        event.stop()
        self.changed = True

    def action_close(self) -> None:
        """Close, telling the DMU pane whether to redraw."""
        self.dismiss(self.changed)
