"""Import: choose what one column of the file fills in (or that it is ignored)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from accountmgr.widgets.plain import plain

IGNORE = "-"
"""What the chooser returns for "ignore this column" (the same word as ``--map "COLUMN=-"``)."""


class ImportFieldScreen(ModalScreen[str | None]):
    """Import: map a column"""

    HELP_TITLE = "Import: map a column"
    HELP_TEXT = (
        "Lists what the column can fill in for this kind of file, and 'ignore this column'. ↑ ↓ move, Enter "
        "chooses and the file is checked again with the new mapping; Esc keeps the mapping."
    )
    BINDINGS = [
        Binding("enter", "choose", "Choose", id="import-field-choose"),
        Binding("escape", "cancel", "Keep as it was", id="import-field-cancel"),
    ]

    DEFAULT_CSS = """
    ImportFieldScreen { align: center middle; }
    ImportFieldScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 90%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    ImportFieldScreen #import-field-title { text-style: bold; padding-bottom: 1; }
    ImportFieldScreen #import-field-samples { color: $text-muted; padding-bottom: 1; }
    ImportFieldScreen OptionList { height: auto; max-height: 20; }
    """

    def __init__(
        self, column: str, choices: Sequence[tuple[str, str]], current: str | None, samples: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.column = column
        """The file's column header."""
        self.choices = list(choices)
        """(field, label) the column may fill in, in the order the service gives them."""
        self.current = current
        """The field the column fills in now (None when ignored)."""
        self.samples = [sample for sample in samples if sample]

    def compose(self) -> ComposeResult:
        choices = list(self.choices)
        if all(field != IGNORE for field, _ in choices):
            choices.append((IGNORE, "Ignore this column"))
        now = self.current or IGNORE
        options = [Option(f"{label}  ← now" if field == now else label, id=field) for field, label in choices]
        with Vertical():
            yield Static(plain(f"Column “{self.column}” fills in:"), id="import-field-title")
            if self.samples:
                yield Static(plain("e.g. " + " · ".join(self.samples)), id="import-field-samples")
            yield OptionList(*options, id="import-field-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        wanted = self.current if self.current else IGNORE
        try:
            options.highlighted = options.get_option_index(wanted)
        except OptionDoesNotExist:  # a field this kind does not offer: start at the top
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        """Take the highlighted choice."""
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def action_cancel(self) -> None:
        """Close, keeping the column's mapping."""
        self.dismiss(None)
