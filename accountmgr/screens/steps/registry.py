"""Which pane edits which step."""

from __future__ import annotations

from accountmgr.models import Step
from accountmgr.screens.steps.account_steps import CategorisationPane, SegmentationPane, StrategyPane, UnderstandingPane
from accountmgr.screens.steps.base import StepPane
from accountmgr.screens.steps.economics import EconomicsPane
from accountmgr.screens.steps.monitoring import MonitoringPane
from accountmgr.screens.steps.mounted import DmuStepPane, PlanStepPane
from accountmgr.screens.steps.proposition import PropositionPane
from accountmgr.screens.steps.relationship import RelationshipPane
from accountmgr.screens.steps.table_steps import CompetitorsPane, DeliveryPane

PANES: dict[Step, type[StepPane]] = {
    Step.A: UnderstandingPane,
    Step.B: CategorisationPane,
    Step.C: CompetitorsPane,
    Step.D: RelationshipPane,
    Step.E: EconomicsPane,
    Step.F: SegmentationPane,
    Step.G: StrategyPane,
    Step.H: DmuStepPane,
    Step.I: PropositionPane,
    Step.J: PlanStepPane,
    Step.K: DeliveryPane,
    Step.L: MonitoringPane,
}
