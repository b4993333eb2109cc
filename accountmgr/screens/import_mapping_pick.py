"""Import: choose a mapping saved earlier (or the built-in one) for the file being imported."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from accountmgr.screens.import_chooser import ImportChooserScreen
from accountmgr.screens.import_field import IGNORE
from accountmgr.services.import_saved import mapping_names
from accountmgr.widgets.plain import cell
from accountmgr.widgets.typed_app import database_of


class PickMappingScreen(ImportChooserScreen):
    """Import: use a saved mapping"""

    HELP_TITLE = "Import: use a saved mapping"
    BINDINGS = [Binding("escape", "cancel", "Keep as it was", id="import-pick-mapping-cancel")]

    def __init__(self, current: str | None) -> None:
        super().__init__()
        self.current = current
        """The mapping in use now (None: the built-in column names)."""

    def compose(self) -> ComposeResult:
        names = mapping_names(database_of(self))
        options = [Option("Built-in column names only", id=IGNORE)] + [Option(cell(name), id=name) for name in names]
        with Vertical():
            title = "Use which mapping?" if names else "No mapping saved yet (s on the import screen saves one)."
            yield Static(title, id="pick-mapping-title", classes="chooser-title")
            yield OptionList(*options, id="pick-mapping-options")

    def start_at(self) -> str | None:
        """The mapping in use (one deleted meanwhile, from the command line say, starts at the top)."""
        return self.current or None
