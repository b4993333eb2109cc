"""Import: choose which sheet of an Excel workbook to read."""

from __future__ import annotations

from textual.app import ComposeResult

from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from accountmgr.screens.import_chooser import ImportChooserScreen
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.plain import cell


class ImportSheetScreen(ImportChooserScreen):
    """Import: choose the sheet"""

    HELP_TITLE = "Import: choose the sheet"
    BINDINGS = [bind("back", "cancel", "Keep the sheet")]

    def __init__(self, workbook: str, sheets: list[str], current: str | None) -> None:
        super().__init__()
        self.workbook = workbook
        self.sheets = sheets
        """The workbook's visible sheets, in order."""
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Which sheet of {self.workbook}?", id="import-sheet-title", classes="chooser-title", markup=False)
            # Ids are positions: a sheet name may hold any character.
            yield OptionList(*(Option(cell(name), id=str(index)) for index, name in enumerate(self.sheets)))

    def start_at(self) -> str | None:
        """The sheet being read, by position."""
        return str(self.sheets.index(self.current)) if self.current in self.sheets else None

    def chosen(self, option_id: str) -> str:
        """The sheet's name (its option's id is its position)."""
        return self.sheets[int(option_id or 0)]
