"""Import, first step: choose the file, by typing its path (Tab completes) or in the folder tree."""

from __future__ import annotations

import os
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Footer, Label, Static

from accountmgr.keys import ref
from accountmgr.widgets.path_input import IMPORTABLE_SUFFIXES, ImportableTree, PathInput, typed_path
from accountmgr.widgets.plain import plain
from accountmgr.widgets.bindings import bind


class ImportFileScreen(ModalScreen[Path | None]):
    """Import: choose the file"""

    HELP_TITLE = "Import: choose the file"
    HELP_TEXT = (
        f"Type the file's path ({ref('tab')} completes folder and file names, {ref('right')} takes the greyed "
        "suggestion) or pick it in "
        "the tree, which lists folders and the files an import reads: CSV or text exports (.csv, .txt, .tsv) and "
        f"Excel workbooks (.xlsx). {ref('open')} on a file opens it; {ref('open')} on a typed folder shows it in "
        "the tree."
    )
    BINDINGS = [
        bind("back", "cancel", "Cancel"),
        bind("folder-tree", "focus_tree", "Folder tree"),
        bind("path", "focus_path", "Path"),
        bind("parent-folder", "parent_folder", "Up a folder"),
    ]

    DEFAULT_CSS = """
    ImportFileScreen { align: center middle; }
    ImportFileScreen #import-file-box {
        width: 100; max-width: 100%; height: 90%; padding: 0 1; border: thick $primary; background: $surface;
    }
    ImportFileScreen #import-file-title { text-style: bold; padding: 0 0 1 0; }
    ImportFileScreen #import-file-path { background: $boost; }
    ImportFileScreen #import-file-tree { height: 1fr; margin-top: 1; }
    ImportFileScreen #import-file-message { height: auto; color: $error; text-style: bold; }
    ImportFileScreen #import-file-hint { height: auto; color: $text-muted; }
    """

    def __init__(self, folder: Path | str | None = None) -> None:
        super().__init__()
        self.folder = Path(folder).expanduser() if folder is not None else Path.cwd()
        """Where the tree starts (the folder the app was started in, unless given)."""

    def compose(self) -> ComposeResult:
        start = str(self.folder) + os.sep
        with Vertical(id="import-file-box"):
            yield Static("Import customer data: which file?", id="import-file-title")
            yield Label("Path (Tab completes, Enter opens):")
            yield PathInput(start, id="import-file-path")
            yield Static("", id="import-file-message")
            yield ImportableTree(self.folder, id="import-file-tree")
            yield Static(
                f"Shown: folders and {' '.join(IMPORTABLE_SUFFIXES)} files · ctrl+t tree · ctrl+o up a folder",
                id="import-file-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        path_input = self.query_one("#import-file-path", PathInput)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    # -- choosing ------------------------------------------------------------------
    @on(PathInput.Submitted, "#import-file-path")
    def _typed(self, event: PathInput.Submitted) -> None:
        event.stop()
        self.choose(typed_path(event.value))

    @on(DirectoryTree.FileSelected, "#import-file-tree")
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.choose(event.path)

    @on(DirectoryTree.DirectorySelected, "#import-file-tree")
    def _folder_highlighted(self, event: DirectoryTree.DirectorySelected) -> None:
        # The path box follows the folder opened in the tree, so that typing goes on from there.
        self._set_path(str(event.path) + os.sep)

    def choose(self, path: Path | None) -> None:
        """Open *path* for import; a folder is shown in the tree instead; a wrong path is said under the box."""
        if path is None:
            self._message("Type the path of a CSV or Excel file, or pick one in the tree (ctrl+t).")
            return
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except (OSError, ValueError):  # a name the system cannot even look up (a NUL byte pasted, say)
            is_dir = exists = False
        if is_dir:
            self._show_folder(path)
            return
        if not exists:
            self._message(f"There is no file {path}.")
            return
        # Any other file goes on too: the import reads it and says in one sentence what is wrong with it.
        self.dismiss(path)

    def _show_folder(self, folder: Path) -> None:
        self.folder = folder
        self.query_one("#import-file-tree", ImportableTree).path = folder
        self._set_path(str(folder).rstrip(os.sep) + os.sep)
        self._message("")

    def _set_path(self, text: str) -> None:
        path_input = self.query_one("#import-file-path", PathInput)
        path_input.value = text
        path_input.cursor_position = len(text)

    def _message(self, text: str) -> None:
        self.query_one("#import-file-message", Static).update(plain(text, newlines=True))  # quotes paths

    # -- keys --------------------------------------------------------------------------
    def action_focus_tree(self) -> None:
        """Move to the folder tree."""
        self.query_one("#import-file-tree", ImportableTree).focus()

    def action_focus_path(self) -> None:
        """Move to the path box."""
        self.query_one("#import-file-path", PathInput).focus()

    def action_parent_folder(self) -> None:
        """Show the folder above the current one in the tree."""
        self._show_folder(self.folder.parent)

    def action_cancel(self) -> None:
        """Close without importing anything."""
        self.dismiss(None)
