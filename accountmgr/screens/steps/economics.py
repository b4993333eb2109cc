"""Step e: economic importance — purchase and absorption potential, and the opportunities below them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from accountmgr.models import Step
from accountmgr.screens.steps.base import mounted_pane
from accountmgr.screens.steps.field_pane import FieldPane
from accountmgr.screens.steps.fields import FieldDef
from accountmgr.services.money import format_money


class EconomicsPane(FieldPane):
    """Purchase potential and incremental absorption potential; the opportunities pane underneath."""

    step = Step.E
    FIELDS = (
        FieldDef("purchase_potential_cents", "Purchase potential (per year)", "money", placeholder="e.g. 1.2m",
                 hint="What the customer spends a year on what we could supply, from anyone."),
        FieldDef("absorption_potential_cents", "Incremental absorption potential", "money", placeholder="e.g. 300k",
                 hint="How much more it could buy from us."),
    )

    DEFAULT_CSS = """
    EconomicsPane #opportunities-host { height: 24; }
    """

    def compose_context(self) -> ComposeResult:
        yield Static("Opportunities", classes="section")
        pane = mounted_pane("accountmgr.screens.opportunities_pane", "OpportunitiesPane", self.account_id)
        if pane is not None:
            with Vertical(id="opportunities-host"):
                yield pane
        else:
            yield Static(self._opportunity_summary(), id="opportunity-summary")

    def select_record(self, opportunity_id: int) -> None:
        """Select an opportunity in the mounted opportunities pane."""
        for pane in self.query("#opportunities-host > *"):
            select = getattr(pane, "select_record", None)
            if callable(select):
                pane.scroll_visible()
                select(opportunity_id)
                return

    def _opportunity_summary(self) -> str:
        from accountmgr.services.opportunities import list_opportunities

        rows = list_opportunities(self.db, self.account_id)
        if not rows:
            return "No opportunities yet. They are edited in the opportunities pane of this step."
        lines = [
            f"• {o.name}: {format_money(o.value_cents)} at {o.probability}% ({o.status.label}, {o.stage.label})"
            for o in rows
        ]
        return "\n".join(lines) + "\nThe opportunities pane of this step will edit them."
