"""The recovery guidelines editor: nature of complaint × value segment; Enter edits a cell, d puts back the default."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from accountmgr.keys import key_of
from accountmgr.models.enums import ComplaintNature, RecoveryActor
from accountmgr.screens.steps.fields import FieldDef
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.services import recovery
from accountmgr.services.money import format_money
from accountmgr.services.scoring import Segment
from accountmgr.widgets.refusal import writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.table_pane import TableColumn, TablePane
from accountmgr.widgets.typed_app import database_of

FIELDS = (
    FieldDef("actor", "Who on our side may act", "select", RecoveryActor.choices()),
    FieldDef("compensation_limit_cents", "Compensation limit", "money",
             hint="The most they may give on their own (0: no compensation without asking)."),
    FieldDef("response_days", "Response time in days", hint="0 = same day."),
)


class RecoveryGuidelinesScreen(ModalScreen[bool]):
    """Recovery guidelines"""

    HELP_TITLE = "Recovery guidelines (complaints)"
    HELP_TEXT = recovery.GUIDELINES_HELP
    BINDINGS = [
        bind("open", "edit", "Edit"),
        bind("delete", "reset", "Back to default"),
        bind("back", "close", "Close"),
    ]
    DEFAULT_CSS = """
    RecoveryGuidelinesScreen { align: center middle; }
    RecoveryGuidelinesScreen > Vertical { width: 112; max-width: 100%; height: auto; max-height: 95%;
                                          border: thick $primary; background: $surface; padding: 0 1; }
    RecoveryGuidelinesScreen #recovery-title { text-style: bold; }
    RecoveryGuidelinesScreen #recovery-help { color: $text-muted; margin-bottom: 1; }
    RecoveryGuidelinesScreen DataTable { height: auto; max-height: 24; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.changed = False
        """Whether a cell was saved or reset, so the portfolio's churn risk is recomputed on close."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Recovery guidelines — by nature of complaint × value of the customer", id="recovery-title")
            yield Static(recovery.GUIDELINES_HELP + f"  Enter edits · {key_of('delete')} back to the default · Esc closes.",
                         id="recovery-help")
            yield TablePane([TableColumn(key, header, shrink=False) for key, header in (
                ("nature", "Nature"), ("segment", "Value segment"), ("actor", "Who may act"),
                ("limit", "Compensation limit"), ("response", "Response"), ("custom", ""))], table_id="guidelines")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()
        self.query_one(TablePane).focus()

    def fill(self) -> None:
        """Read the guidelines again, the cursor staying on its cell of the grid."""
        self.query_one(TablePane).show([
            ((nature, segment), (nature.label, segment.label, g.actor.label, g.limit_text, g.response_text,
                                 Text("changed", style="bold") if g.custom else Text("default", style="dim")))
            for (nature, segment), g in recovery.guidelines(database_of(self)).items()
        ])

    def _highlighted(self) -> tuple[ComplaintNature, Segment] | None:
        key = self.query_one(TablePane).selected_key
        return key if isinstance(key, tuple) else None

    @writes
    def action_edit(self) -> None:
        """Edit the highlighted cell."""
        chosen = self._highlighted()
        if chosen is None:
            return
        nature, segment = chosen
        current = recovery.guidelines(database_of(self))[nature, segment]
        values = {"actor": current.actor.value,
                  "compensation_limit_cents": format_money(current.compensation_limit_cents, symbol=False, blank=""),
                  "response_days": str(current.response_days)}

        def saved(result: object) -> None:
            if result is not None:
                self.changed = True
                self.fill()

        self.app.push_screen(
            RecordFormScreen(f"{nature.label} complaints of {segment.label} customers", FIELDS, values,
                             lambda raw: recovery.save_guideline(database_of(self), nature, segment, raw)),
            callback=saved,
        )

    @writes
    def action_reset(self) -> None:
        """Put the highlighted cell back to its default."""
        chosen = self._highlighted()
        if chosen is None:
            return
        nature, segment = chosen
        recovery.reset_guideline(database_of(self), nature, segment)
        self.changed = True
        self.fill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_close(self) -> None:
        self.dismiss(self.changed)
