"""Import: the frame shared by the small lists that choose one thing (a column's field, a mapping, a sheet)."""

from __future__ import annotations

from textual import on
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import OptionDoesNotExist


class ImportChooserScreen(ModalScreen[str | None]):
    """A centred list: Enter or a click chooses, Esc keeps things as they were (None)."""

    DEFAULT_CSS = """
    ImportChooserScreen { align: center middle; }
    ImportChooserScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 90%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    ImportChooserScreen .chooser-title { text-style: bold; padding-bottom: 1; }
    ImportChooserScreen OptionList { height: auto; max-height: 16; }
    """

    def start_at(self) -> str | None:
        """The id of the option highlighted first (None: the first option)."""
        return None

    def chosen(self, option_id: str) -> str:
        """What the screen returns for the option chosen."""
        return option_id

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        wanted = self.start_at()
        try:
            options.highlighted = options.get_option_index(wanted) if wanted is not None else 0
        except OptionDoesNotExist:  # gone meanwhile, or not offered for this kind: start at the top
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.chosen(event.option.id or ""))

    def action_cancel(self) -> None:
        """Close, keeping things as they were."""
        self.dismiss(None)
