"""The confirmation before erasing a person: what will go, and that it cannot be undone."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from accountmgr.keys import key_of
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.services.privacy import ErasurePreview
from accountmgr.widgets.plain import lines


class ErasePersonScreen(ConfirmScreen):
    """Erase a person for good? Keep is focused: only y or the Erase button erases."""

    DEFAULT_CSS = """
    ErasePersonScreen > Vertical { width: 76; border: thick $error; }
    ErasePersonScreen #erase-consequences { margin-bottom: 1; }
    ErasePersonScreen #erase-warning { margin-bottom: 1; color: $error; }
    """

    def __init__(self, preview: ErasurePreview) -> None:
        super().__init__(f"Erase {preview.name} for good?", yes="Erase for good", no="Keep")
        self.preview = preview
        """What the erasure will remove and change."""

    def compose(self) -> ComposeResult:
        # Text, not markup, with control characters as marks: a name such as "Rossi [italia]" shows as typed.
        *consequences, warning = self.preview.describe()
        with Vertical():
            yield Static(Text(lines(self.question), style="bold"), id="question")
            yield Static(Text("Everything accountmgr holds about them goes:"))
            yield Static(Text(lines("\n".join(f"• {line}" for line in consequences))), id="erase-consequences")
            yield Static(Text(warning, style="bold"), id="erase-warning")
            with Horizontal():
                yield Button(f"{self.no_label} ({key_of('back')})", id="no")
                yield Button(f"{self.yes_label} ({key_of('yes')})", id="yes", variant="error")
