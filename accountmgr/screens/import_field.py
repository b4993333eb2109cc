"""Import: choose what one column of the file fills in (or that it is ignored)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from accountmgr.keys import ref
from accountmgr.screens.import_chooser import ImportChooserScreen
from accountmgr.widgets.plain import plain
from accountmgr.widgets.bindings import bind

IGNORE = "-"
"""What the chooser returns for "ignore this column" (the same word as ``--map "COLUMN=-"``)."""


class ImportFieldScreen(ImportChooserScreen):
    """Import: map a column"""

    HELP_TITLE = "Import: map a column"
    HELP_TEXT = (
        "Lists what the column can fill in for this kind of file, and 'ignore this column'. "
        f"{ref('up')} {ref('down')} move, {ref('open')} chooses and the file is checked again with the new mapping; "
        f"{ref('back')} keeps the mapping."
    )
    BINDINGS = [
        bind("open", "choose", "Choose"),
        bind("back", "cancel", "Keep as it was"),
    ]

    DEFAULT_CSS = """
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
            yield Static(plain(f"Column “{self.column}” fills in:"), id="import-field-title", classes="chooser-title")
            if self.samples:
                yield Static(plain("e.g. " + " · ".join(self.samples)), id="import-field-samples")
            yield OptionList(*options, id="import-field-options")

    def start_at(self) -> str:
        """The field the column fills in now (a field this kind does not offer starts at the top)."""
        return self.current if self.current else IGNORE

    def action_choose(self) -> None:
        """Take the highlighted choice."""
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)
