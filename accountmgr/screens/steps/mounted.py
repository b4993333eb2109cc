"""Steps h (DMU) and j (communication plan): the panes of their own screens, mounted here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from accountmgr.models import Step
from accountmgr.screens.panes.dmu_pane import DmuPane
from accountmgr.screens.panes.plan_pane import PlanPane
from accountmgr.screens.steps.base import STEP_CAPTURES, StepPane


class MountedStepPane(StepPane):
    """Shows another screen's pane for this step."""

    DEFAULT_CSS = """
    MountedStepPane #mounted-host { height: 1fr; min-height: 20; }
    """

    def compose(self) -> ComposeResult:
        yield Static(f"{self.step.value}. {self.step.label}", classes="pane-title")
        yield Static(STEP_CAPTURES[self.step], classes="pane-captures")
        with Vertical(id="mounted-host"):
            yield self.pane()

    def pane(self) -> Widget:
        """The other screen's pane, for this account."""
        raise NotImplementedError

    def focus_first(self) -> None:
        host = self.query("#mounted-host")
        if host:
            for widget in host.first().query("*"):
                if widget.focusable:
                    widget.focus()
                    return
        super().focus_first()

    def select_record(self, record_id: int) -> None:
        """Select a record in the mounted pane, through its own ``select_record``."""
        for host in self.query("#mounted-host"):
            for child in host.children:
                select = getattr(child, "select_record", None)
                if callable(select):
                    select(record_id)
                    return


class DmuStepPane(MountedStepPane):
    """Step h: the DMU."""

    step = Step.H
    def pane(self) -> Widget:
        return DmuPane(self.account_id)


class PlanStepPane(MountedStepPane):
    """Step j: the communication plan."""

    step = Step.J
    def pane(self) -> Widget:
        return PlanPane(self.account_id)
