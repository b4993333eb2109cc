"""Import: save the mapping of this file's columns under a name, for the next export of the same kind."""

from __future__ import annotations


from textual.app import ComposeResult
from textual.widgets import Input

from accountmgr.screens.form_base import FormScreen
from accountmgr.services.import_plan import ImportPlan
from accountmgr.services.import_saved import save_mapping
from accountmgr.widgets.typed_app import database_of


class SaveMappingScreen(FormScreen[str | None]):
    """Import: save the mapping"""

    HELP_TITLE = "Import: save the mapping"
    DEFAULT_CSS = """
    SaveMappingScreen #form-frame { width: 72; }
    SaveMappingScreen .form-row > Label { width: 8; }
    """

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__()
        self.plan = plan
        """The checked file whose mapping is saved."""

    def intro(self) -> str:
        return (
            "The same monthly export comes back: with its mapping saved, choose it with u on the import screen "
            "(or --mapping NAME on the command line). A name already used is replaced."
        )

    def compose_fields(self) -> ComposeResult:
        suggestion = self.plan.path.stem
        # "mapping" is the field the service names when it refuses the name.
        yield from self.field_row("mapping", "Name", Input(str(suggestion), id="mapping", compact=True))

    def submit(self) -> str | None:
        """Save under the name typed; a blank or unusable name stays here with its message."""
        name = self.query_one("#mapping", Input).value.strip()
        save_mapping(database_of(self), name, self.plan)
        return name
