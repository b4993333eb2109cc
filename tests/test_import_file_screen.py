"""Choosing the file to import, by keyboard: a typed path with Tab completion, or the folder tree."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import DirectoryTree

from accountmgr.screens.import_file import ImportFileScreen
from accountmgr.widgets.path_input import PathInput

SIZE = (100, 30)


class PickerHost(App[None]):
    """A bare app that opens the file chooser and keeps what it returns."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.picked: list[Path | None] = []

    def on_mount(self) -> None:
        self.push_screen(ImportFileScreen(self.folder), callback=self.picked.append)


def _exports(tmp_path: Path) -> Path:
    (tmp_path / "Esportazioni").mkdir()
    (tmp_path / "Esportazioni" / "opportunità 2026.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    (tmp_path / "contacts.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "notes.pdf").write_text("%PDF", encoding="utf-8")
    return tmp_path


async def test_tab_completes_the_typed_path_and_enter_picks_the_file(tmp_path: Path) -> None:
    folder = _exports(tmp_path)
    app = PickerHost(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one(PathInput)
        assert app.focused is box and box.value == f"{folder}/"
        await pilot.press("E", "tab")
        assert box.value == f"{folder}/Esportazioni/"
        await pilot.press("tab")
        assert box.value == f"{folder}/Esportazioni/opportunità 2026.csv"
        await pilot.press("enter")
        await pilot.pause()
        assert app.picked == [folder / "Esportazioni" / "opportunità 2026.csv"]


async def test_a_wrong_path_is_said_under_the_box_and_a_folder_opens_in_the_tree(tmp_path: Path) -> None:
    folder = _exports(tmp_path)
    app = PickerHost(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"missing.csv", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportFileScreen) and app.picked == []
        assert "There is no file" in str(screen.query_one("#import-file-message").content)
        box = screen.query_one(PathInput)
        box.value = f"{folder}/Esportazioni"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(DirectoryTree).path == folder / "Esportazioni"
        assert box.value == f"{folder}/Esportazioni/" and not str(screen.query_one("#import-file-message").content)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.query_one(DirectoryTree).path == folder


async def test_the_tree_lists_only_importable_files_and_enter_picks_one(tmp_path: Path) -> None:
    folder = _exports(tmp_path)
    app = PickerHost(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        tree = app.screen.query_one(DirectoryTree)
        assert app.focused is tree
        await pilot.pause()
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["Esportazioni", "contacts.csv"]  # no notes.pdf
        await pilot.press("down", "down", "enter")  # the root is the first line, then the folder
        await pilot.pause()
        assert app.picked == [folder / "contacts.csv"]


async def test_escape_picks_nothing(tmp_path: Path) -> None:
    app = PickerHost(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.picked == [None]


async def test_a_pasted_path_in_quotes_is_picked_and_a_nul_byte_is_only_a_message(tmp_path: Path) -> None:
    folder = _exports(tmp_path)
    app = PickerHost(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one(PathInput)
        box.value = f"{folder}/bad\x00name.csv"
        await pilot.press("enter")
        await pilot.pause()
        assert "There is no file" in str(app.screen.query_one("#import-file-message").content)
        box.value = f"'{folder}/Esportazioni/opportunità 2026.csv'"
        await pilot.press("enter")
        await pilot.pause()
        assert app.picked == [folder / "Esportazioni" / "opportunità 2026.csv"]
