"""The base of a screen around one table of records across the portfolio (the agenda, white space)."""

from __future__ import annotations

from textual.screen import Screen

from accountmgr.widgets.table_pane import TablePane


class TableScreen(Screen[None]):
    """A screen holding one TablePane: its rows read when it opens and again when it comes back into view (an account
    opened from it may have changed them), with the keyboard in the table. The subtitle is the class's SUB_TITLE."""

    def __init__(self) -> None:
        super().__init__()
        self.resumed = False
        """Whether the screen has been shown before (then a resume means coming back)."""

    @property
    def table(self) -> TablePane:
        """The screen's table."""
        return self.query_one(TablePane)

    def reload(self) -> None:
        """Read the rows again, the cursor staying on its record; each screen reads its own."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.reload()
        self.table.focus()

    def on_screen_resume(self) -> None:
        """Coming back from an account: read again, the cursor staying on its record (the first showing is fresh)."""
        if self.resumed:
            self.reload()
        self.resumed = True

    def action_back(self) -> None:
        """Back to where the screen was opened from."""
        self.app.pop_screen()
