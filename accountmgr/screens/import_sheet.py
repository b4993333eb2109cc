"""Import: choose which sheet of an Excel workbook to read."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from accountmgr.widgets.plain import cell


class ImportSheetScreen(ModalScreen[str | None]):
    """Import: choose the sheet"""

    HELP_TITLE = "Import: choose the sheet"
    BINDINGS = [Binding("escape", "cancel", "Keep the sheet", id="import-sheet-cancel")]

    DEFAULT_CSS = """
    ImportSheetScreen { align: center middle; }
    ImportSheetScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 90%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    ImportSheetScreen #import-sheet-title { text-style: bold; padding-bottom: 1; }
    ImportSheetScreen OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, workbook: str, sheets: list[str], current: str | None) -> None:
        super().__init__()
        self.workbook = workbook
        self.sheets = sheets
        """The workbook's visible sheets, in order."""
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Which sheet of {self.workbook}?", id="import-sheet-title", markup=False)
            # Ids are positions: a sheet name may hold any character.
            yield OptionList(*(Option(cell(name), id=str(index)) for index, name in enumerate(self.sheets)))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.sheets.index(self.current) if self.current in self.sheets else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.sheets[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        """Close, keeping the sheet being read."""
        self.dismiss(None)
