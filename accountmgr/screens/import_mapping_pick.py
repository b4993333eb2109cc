"""Import: choose a mapping saved earlier (or the built-in one) for the file being imported."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from accountmgr.screens.import_field import IGNORE
from accountmgr.services.import_saved import mapping_names
from accountmgr.widgets.plain import cell


class PickMappingScreen(ModalScreen[str | None]):
    """Import: use a saved mapping"""

    HELP_TITLE = "Import: use a saved mapping"
    BINDINGS = [Binding("escape", "cancel", "Keep as it was", id="import-pick-mapping-cancel")]

    DEFAULT_CSS = """
    PickMappingScreen { align: center middle; }
    PickMappingScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 90%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    PickMappingScreen #pick-mapping-title { text-style: bold; padding-bottom: 1; }
    PickMappingScreen OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, current: str | None) -> None:
        super().__init__()
        self.current = current
        """The mapping in use now (None: the built-in column names)."""

    def compose(self) -> ComposeResult:
        names = mapping_names(self.app.db)  # type: ignore[attr-defined]
        options = [Option("Built-in column names only", id=IGNORE)] + [Option(cell(name), id=name) for name in names]
        with Vertical():
            title = "Use which mapping?" if names else "No mapping saved yet (s on the import screen saves one)."
            yield Static(title, id="pick-mapping-title")
            yield OptionList(*options, id="pick-mapping-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        try:
            options.highlighted = options.get_option_index(self.current) if self.current else 0
        except OptionDoesNotExist:  # deleted meanwhile (from the command line, say)
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close, keeping the mapping in use."""
        self.dismiss(None)
