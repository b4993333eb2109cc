"""What every step pane shares: its account, a heading saying what the step captures, and the Saved message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.message import Message

from accountmgr.models import Step
from accountmgr.widgets.table_pane import TablePane
from accountmgr.widgets.typed_app import database_of

if TYPE_CHECKING:
    from accountmgr.db import Database

STEP_CAPTURES: dict[Step, str] = {
    Step.A: "Organisational characteristics, value chain, key actors and their personal objectives.",
    Step.B: "Typical operational and organisational behaviours (customer profile).",
    Step.C: "Each competitor's distinctive competences, critical success factors, and its relationship level here.",
    Step.D: "State of the relationship, the level reached and the target, relationship constraints.",
    Step.E: "Incremental absorption potential (how much more it could buy from us), size of the opportunities.",
    Step.F: "Current relationship level, profit grade, potential business value, customer profile.",
    Step.G: "Account-management model, relationship constraints to work on, strategy.",
    Step.H: "Actors, organisational position, role in the buying process, decision criteria, attitude towards us.",
    Step.I: "Benefits for the organisation and for the individuals.",
    Step.J: "Cost, channel mix, interlocutors, number of contacts, our people involved.",
    Step.K: "Degree of cooperation, customer people involved, competences needed.",
    Step.L: "Project progress, customer satisfaction, profitability.",
}
"""What each step captures (domain brief, section 3): the line under every pane's title."""


class StepPane(VerticalScroll):
    """The editor of one step of one account."""

    DEFAULT_CSS = """
    StepPane { height: 1fr; padding: 0 1; }
    StepPane .pane-title { text-style: bold; color: $accent; }
    StepPane .pane-captures { color: $text-muted; margin-bottom: 1; }
    StepPane .section { text-style: bold; margin-top: 1; border-bottom: solid $primary-darken-2; }
    StepPane .muted { color: $text-muted; }
    StepPane .save-row { height: auto; margin-top: 1; }
    StepPane DataTable { height: auto; max-height: 14; }
    """

    step: Step
    """The step this pane edits."""

    class Saved(Message):
        """Something of this step was written: the workspace refreshes its completion marks."""

        def __init__(self, step: Step) -> None:
            super().__init__()
            self.step = step

    def __init__(self, account_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.account_id = account_id
        """The account this pane edits."""

    @property
    def db(self) -> Database:
        return database_of(self)

    def has_unsaved(self) -> bool:
        """True while the pane holds edits not yet saved (the workspace asks before leaving)."""
        return False

    def saved(self) -> None:
        self.post_message(self.Saved(self.step))

    def focus_first(self) -> None:
        """Put the keyboard in the pane's first editor."""
        for widget in self.query("Input, TextArea, Select, DataTable, TablePane, Button, Checkbox"):
            if widget.focusable or isinstance(widget, TablePane) and widget.display:  # its table may still be mounting
                widget.focus()
                return
