"""Steps that are a table of records: competitors (c) and deliveries (k)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from accountmgr.models import Cooperation, DeliveryStatus, RelationshipLevel, Step
from accountmgr.screens.steps.base import STEP_CAPTURES, StepPane
from accountmgr.screens.steps.fields import FieldDef
from accountmgr.screens.steps.record_table import RECORD_KEYS, RecordTable, TableSpec
from accountmgr.services import competitors, deliveries
from accountmgr.keys import keys_line
from accountmgr.widgets.table_pane import TableColumn


def _flat(text: str) -> str:
    """*text* on one line and whole: the table shortens it, with an ellipsis, only when it lacks room."""
    return " ".join(text.split())


COMPETITOR_FORM = (
    FieldDef("competitor", "Competitor"),
    FieldDef("level", "Its relationship level with this customer", "select", RelationshipLevel.choices()),
    FieldDef("competences", "Distinctive competences", "text"),
    FieldDef("success_factors", "Critical success factors", "text"),
    FieldDef("notes", "Notes", "text"),
)

DELIVERY_FORM = (
    FieldDef("name", "Delivery"),
    FieldDef("status", "Status", "select", DeliveryStatus.choices()),
    FieldDef("progress", "Progress (%)", placeholder="0–100"),
    FieldDef("cooperation", "Degree of cooperation", "select", Cooperation.choices()),
    FieldDef("customer_people", "Customer people involved", "text"),
    FieldDef("competences", "Competences needed", "text"),
    FieldDef("start_on", "Start", placeholder="YYYY-MM-DD"),
    FieldDef("due_on", "Due", placeholder="YYYY-MM-DD"),
    FieldDef("notes", "Notes", "text"),
)


class TableStepPane(StepPane):
    """A step whose content is one editable table."""

    def spec(self) -> TableSpec:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Static(f"{self.step.value}. {self.step.label}", classes="pane-title")
        yield Static(STEP_CAPTURES[self.step], classes="pane-captures")
        yield RecordTable(self.spec(), id="records")
        yield Static(keys_line(RECORD_KEYS), classes="muted")

    def on_record_table_saved(self, event: RecordTable.Saved) -> None:
        """Tell the workspace so the completion marks follow."""
        event.stop()
        self.saved()


class CompetitorsPane(TableStepPane):
    """Step c: the competitors present at the account."""

    step = Step.C

    def spec(self) -> TableSpec:
        account_id = self.account_id
        return TableSpec(
            what="competitor",
            # Short headings: a heading is never cut, and the long ones left no room for the texts at 80 columns.
            columns=("Competitor", TableColumn("level", "Level here", leave_out=1), "Competences", "Success factors"),
            fields=COMPETITOR_FORM,
            rows=lambda db: competitors.list_competitors(db, account_id),
            cells=lambda c: (c.competitor, c.level.label if c.level else "—", _flat(c.competences) or "—",
                             _flat(c.success_factors) or "—"),
            create=lambda db, values: competitors.create_competitor(db, account_id, values),
            update=competitors.update_competitor,
            delete=competitors.delete_competitor,
            describe=lambda c: f"competitor {c.competitor}",
        )


class DeliveryPane(TableStepPane):
    """Step k: the delivery work, its cooperation and progress."""

    step = Step.K

    def spec(self) -> TableSpec:
        account_id = self.account_id
        return TableSpec(
            what="delivery",
            # On a narrow terminal the competences, the cooperation and the customer's people are left out.
            columns=(TableColumn("delivery", "Delivery", priority=2), TableColumn("status", "Status"),
                     TableColumn("progress", "Progress"), TableColumn("cooperation", "Cooperation", leave_out=2),
                     TableColumn("people", "Customer people", leave_out=1),
                     TableColumn("competences", "Competences", leave_out=3), TableColumn("due", "Due", shrink=False)),
            fields=DELIVERY_FORM,
            rows=lambda db: deliveries.list_deliveries(db, account_id),
            cells=lambda d: (
                d.name, d.status.label, f"{d.progress}%", d.cooperation.label if d.cooperation else "—",
                _flat(d.customer_people) or "—", _flat(d.competences) or "—",
                d.due_on.isoformat() if d.due_on else "—",
            ),
            create=lambda db, values: deliveries.create_delivery(db, account_id, values),
            update=deliveries.update_delivery,
            delete=deliveries.delete_delivery,
            describe=lambda d: f"delivery {d.name}",
            defaults=lambda: {"status": DeliveryStatus.PLANNED.value, "progress": "0"},
        )
