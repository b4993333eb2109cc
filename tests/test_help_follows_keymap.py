"""A keymap.toml remap shows everywhere a key is named: help texts written once on a class, the method guide, the
palette's help lines, buttons and the headings of step tables name the user's key, never the default one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Markdown, Static

from accountmgr import keys
from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.help import HelpScreen, help_sections
from accountmgr.screens.method_guide import MethodGuideScreen
from accountmgr.screens.palette import PALETTE_ENTRIES
from accountmgr.screens.steps.base import PartHeading
from accountmgr.screens.workspace import WorkspaceScreen
from accountmgr.services.accounts import find_account
from waiting import settled

KEYMAP = {"save": "f9", "next-missing": "f7", "team": "f8", "pick-2": "f11", "back": "ctrl+b"}
"""Remapped ids and their new keys (all free in the vocabulary)."""
SHOWN = {"save": ("F9", "Ctrl+S"), "next-missing": ("F7", "n"), "team": ("F8", "F4"), "pick-2": ("F11", "2"),
         "back": ("Ctrl+B", "Esc")}
"""How each remapped key reads, and how its default read."""


@pytest.fixture
def remapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ACCOUNTMGR_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "keymap.toml").write_text("".join(f'{name} = "{key}"\n' for name, key in KEYMAP.items()),
                                          encoding="utf-8")
    yield
    keys.set_active({})




def texts(root: Any) -> str:
    return "\n".join(str(static.render()) for static in root.query(Static))


async def test_help_texts_name_the_remapped_keys(demo_db: Database, remapped: None) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert keys.key_of("save") == "F9"
        # Every help text of every screen: no placeholder left, and the remapped keys in the sentences that name them.
        every = "\n".join(text for _title, _rows, text in help_sections(app))
        assert "⟨key:" not in every
        assert "F9 saves a step's fields" in every and "Ctrl+S saves a step's fields" not in every
        assert "F7 the next one not done" in every and " n the next one" not in every
        assert "In every form F9 saves" in every and "In every form Ctrl+S" not in every
        assert f"Assess people in the team screen (F8, then {keys.key_of('assess')})" in every
        assert "Ctrl+B goes one level back" in every and "Esc goes one level back" not in every
        # The help screen itself, opened in an account.
        app.open_account(find_account(demo_db, "Brennero Foods").id, "g")
        assert await settled(pilot, lambda: isinstance(app.screen, WorkspaceScreen) and app.screen.pane is not None
                             and app.screen.pane.is_mounted)
        await pilot.pause()
        await pilot.press("question_mark")
        assert await settled(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        shown = texts(app.screen)
        assert "F9 saves a step's fields" in shown and "Ctrl+S saves" not in shown
        assert "Help — Ctrl+B closes" == app.screen.query_one("VerticalScroll").border_title
        await pilot.press("ctrl+b")
        assert await settled(pilot, lambda: isinstance(app.screen, WorkspaceScreen))


async def test_hints_guide_palette_and_buttons_name_the_remapped_keys(demo_db: Database, remapped: None) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.open_account(find_account(demo_db, "Brennero Foods").id, "g")
        assert await settled(pilot, lambda: isinstance(app.screen, WorkspaceScreen) and app.screen.pane is not None
                             and app.screen.pane.is_mounted and bool(app.screen.pane.query(PartHeading)))
        await pilot.pause()
        workspace = app.screen
        headings = {h.part_id: str(h.render()) for h in workspace.query(PartHeading)}
        assert headings["milestones-table"] == "Milestones (press F11 to work here)", headings
        assert not any(re.search(r"press 2\b", text) for text in headings.values()), headings
        assert "Save (F9)" in [str(b.label) for b in workspace.query(Button)]
        await pilot.press("f11")
        assert await settled(pilot, lambda: workspace.query_one("#milestones-table").has_focus_within)
        await pilot.press("2")  # the default number does nothing now
        await pilot.pause()
        assert workspace.query_one("#milestones-table").has_focus_within
        # The method guide's pages and the palette's help lines.
        app.push_screen(MethodGuideScreen("steps"))
        await pilot.pause()
        page = app.screen.query_one("#guide-text", Markdown).source
        assert "**F7** jumps to the next one not done" in page and "**n**" not in page
        app.pop_screen()
        helps = {entry.title: keys.spell(entry.help) for entry in PALETTE_ENTRIES}
        assert helps["Our team"].endswith("(F8)"), helps["Our team"]
        assert all("⟨key:" not in text for text in helps.values())


def test_every_placeholder_names_a_binding_id() -> None:
    """A text naming a key that is not in the vocabulary fails at once (``ref`` checks), and ``spell`` leaves
    ordinary text alone."""
    with pytest.raises(KeyError):
        keys.ref("no-such-action")
    assert keys.spell("Brackets ⟨like this⟩ and {braces} stay.") == "Brackets ⟨like this⟩ and {braces} stay."
    assert keys.spell(f"{keys.ref('add')} adds") == "a adds"
