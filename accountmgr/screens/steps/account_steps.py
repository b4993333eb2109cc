"""Steps whose data lives on the account itself: a, b, f and g."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Static

from accountmgr.models import ManagementModel, ProfitGrade, Step
from accountmgr.screens.steps.field_pane import FieldPane
from accountmgr.screens.steps import strategy_tables
from accountmgr.screens.steps.fields import FieldDef
from accountmgr.screens.steps.programmes_box import ProgrammesBox
from accountmgr.screens.steps.base import PartHeading
from accountmgr.screens.steps.record_table import RecordTable
from accountmgr.screens.steps.strategy_tables import DoneRecordTable
from accountmgr.services import accounts, constraints, dmu
from accountmgr.widgets.plain import plain


class UnderstandingPane(FieldPane):
    """Step a: organisational characteristics and value chain; the key actors' objectives come from the DMU."""

    step = Step.A
    FIELDS = (
        FieldDef("organisation", "Organisational characteristics", "text",
                 hint="Structure, plants and sites, size, ownership, how decisions are governed."),
        FieldDef("value_chain", "Value chain", "text",
                 hint="How the customer creates value, and where our offer touches it."),
    )

    def compose_context(self) -> ComposeResult:
        yield Static("Key actors and their personal objectives", classes="section")
        yield Static(id="actors")

    def on_mount(self) -> None:
        self.show_actors()

    def show_actors(self) -> None:
        members = dmu.list_members(self.db, self.account_id)
        if not members:
            text = "No one in the DMU yet: add the key actors in step h."
        else:
            text = "\n".join(
                f"• {m.name}{f' ({m.title})' if m.title else ''}: "
                + (m.personal_objectives.strip() or "personal objectives not known yet (edit in step h)")
                for m in members
            )
        self.query_one("#actors", Static).update(plain(text, newlines=True))


class CategorisationPane(FieldPane):
    """Step b: the customer profile, with industry and region."""

    step = Step.B
    FIELDS = (
        FieldDef("customer_profile", "Customer profile", "text",
                 hint="Typical operational and organisational behaviours: how it buys, decides, works with suppliers."),
        FieldDef("industry", "Industry"),
        FieldDef("region", "Region"),
    )


class SegmentationPane(FieldPane):
    """Step f: profit grade, strategic value and potential business value, beside the level and profile."""

    step = Step.F
    FIELDS = (
        FieldDef("profit_grade", "Profit grade", "select", ProfitGrade.choices()),
        FieldDef("strategic_value", "Strategic value (1–5)", placeholder="1 = marginal, 5 = vital to our strategy"),
        FieldDef("potential_value_cents", "Potential business value", "money", placeholder="e.g. 250k"),
    )

    def compose_context(self) -> ComposeResult:
        yield Static("Also used for segmentation", classes="section")
        yield Static(id="segment-context")

    def on_mount(self) -> None:
        self.after_save()

    def after_save(self) -> None:
        account = accounts.get_account(self.db, self.account_id)
        profile = account.customer_profile.strip() or "not described yet (step b)"
        self.query_one("#segment-context", Static).update(plain(
            f"Current relationship level: {account.current_level.label} (step d)\nCustomer profile: {profile}",
            newlines=True,
        ))


class StrategyPane(FieldPane):
    """Step g: the account-management model and the strategy, the constraints to work on, objectives with their
    milestones, risks and asks of management."""

    step = Step.G
    FIELDS = (
        FieldDef("management_model", "Account-management model", "select", ManagementModel.choices()),
        FieldDef("strategy_notes", "Strategy for this customer", "text",
                 hint="How we will work the account: what to promote, which constraints to remove, by when."),
    )

    def compose_context(self) -> ComposeResult:
        yield Static("Relationship constraints to work on (edit in step d)", classes="section")
        yield Static(id="constraints")
        for title, table_id, spec, done in self._tables():
            yield PartHeading(title, table_id)
            yield DoneRecordTable(spec(self.db, self.account_id), done, id=table_id)
        yield Static("Marking done: an objective is achieved, a milestone done, a risk mitigated, an ask granted.",
                     classes="muted")
        yield ProgrammesBox(self.account_id, id="programmes")

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Fields as every step pane; the programmes when another window changed them."""
        super().changed_elsewhere(changes)
        if any(c.entity == "account_programme" and c.account_id == self.account_id for c in changes):
            self.query_one(ProgrammesBox).reload()

    @staticmethod
    def _tables() -> list[tuple[str, str, Any, Any]]:
        return [
            ("Objectives", "objectives-table", strategy_tables.objective_spec, strategy_tables.objective_done),
            ("Milestones", "milestones-table", strategy_tables.milestone_spec, strategy_tables.milestone_done),
            ("Risks, open ones first by likelihood × impact", "risks-table", strategy_tables.risk_spec,
             strategy_tables.risk_done),
            ("Asks of management", "asks-table", strategy_tables.ask_spec, strategy_tables.ask_done),
        ]

    def on_mount(self) -> None:
        rows = constraints.list_constraints(self.db, self.account_id)
        text = "\n".join(f"• {c.severity.label} {c.kind.label.lower()}: {c.description}" for c in rows)
        self.query_one("#constraints", Static).update(plain(text or "None recorded.", newlines=True))

    def on_record_table_saved(self, event: RecordTable.Saved) -> None:
        """An objective renamed or removed shows in the milestones table too; the workspace marks follow."""
        event.stop()
        milestones = self.query_one("#milestones-table", DoneRecordTable)
        # The milestone form offers the objectives as they are now.
        milestones.spec = strategy_tables.milestone_spec(self.db, self.account_id)
        milestones.reload()
        # A milestone done shows in its objective's count.
        self.query_one("#objectives-table", DoneRecordTable).reload()
        self.saved()
