"""Import: say what a stage word of the file's pipeline means in ours (as ``--map-stage "WORD=stage"`` does)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select

from accountmgr.models.enums import OpportunityStage
from accountmgr.screens.form_base import FormScreen
from accountmgr.services.errors import DomainError

OUTCOMES = [(stage.label, stage.value) for stage in OpportunityStage] + [("Won", "won"), ("Lost", "lost")]
"""What a stage word can mean: one of our open stages, or a closed result."""


class ImportStageScreen(FormScreen["tuple[str, str] | None"]):
    """Import: map a stage"""

    HELP_TITLE = "Import: map a stage"
    DEFAULT_CSS = """
    ImportStageScreen #form-frame { width: 76; }
    ImportStageScreen .form-row > Label { width: 20; }
    """

    def __init__(self, word: str = "") -> None:
        super().__init__()
        self.word = word
        """The stage word to start with (the first one the check did not know)."""

    def intro(self) -> str:
        return (
            "Stages the import does not know are read as open at Identified. Say what one means here; the file is "
            "checked again. Known words (Closed Won, Vinta, Proposal, Trattativa…) need no mapping."
        )

    def compose_fields(self) -> ComposeResult:
        yield from self.field_row("stage_word", "Stage in the file", Input(self.word, id="stage_word", compact=True))
        yield from self.field_row("stage_target", "Means", Select(OUTCOMES, value="qualified", allow_blank=False,
                                                                  compact=True, id="stage_target"))

    def submit(self) -> tuple[str, str] | None:
        """The (word, meaning) pair; a blank word stays here with its message."""
        word = self.query_one("#stage_word", Input).value.strip()
        if not word:
            raise DomainError("Type the stage as the file writes it.", "stage_word")
        return word, str(self.query_one("#stage_target", Select).value)
