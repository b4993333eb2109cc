"""Steps h (DMU) and j (communication plan): their own screens' panes, mounted here once they exist."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from accountmgr.models import Step
from accountmgr.screens.steps.base import STEP_CAPTURES, StepPane, mounted_pane
from accountmgr.services import dmu, plan


class MountedStepPane(StepPane):
    """Shows another screen's pane for this step, or what exists so far when that pane is not there yet."""

    DEFAULT_CSS = """
    MountedStepPane #mounted-host { height: 1fr; min-height: 20; }
    """

    MODULE = ""
    CLASS = ""

    def compose(self) -> ComposeResult:
        yield Static(f"{self.step.value}. {self.step.label}", classes="pane-title")
        yield Static(STEP_CAPTURES[self.step], classes="pane-captures")
        pane = mounted_pane(self.MODULE, self.CLASS, self.account_id)
        if pane is not None:
            with Vertical(id="mounted-host"):
                yield pane
        else:
            yield Static(self.fallback(), id="fallback")

    def fallback(self) -> str:
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
    MODULE, CLASS = "accountmgr.screens.panes.dmu_pane", "DmuPane"

    def fallback(self) -> str:
        members = dmu.list_members(self.db, self.account_id)
        lines = [f"• {m.name} — {m.title or 'no title'}; {m.attitude.label.lower()}" for m in members]
        return "\n".join(lines or ["No one in the DMU yet."]) + "\n\nThe DMU screen edits this step."


class PlanStepPane(MountedStepPane):
    """Step j: the communication plan."""

    step = Step.J
    MODULE, CLASS = "accountmgr.screens.panes.plan_pane", "PlanPane"

    def fallback(self) -> str:
        rows = plan.list_actions(self.db, self.account_id)
        lines = [f"• {r.scheduled_at:%Y-%m-%d %H:%M} {r.objective} ({r.status.label})" for r in rows]
        return "\n".join(lines or ["No communication action yet."]) + "\n\nThe communication plan screen edits this step."
