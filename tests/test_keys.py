"""One key vocabulary: every binding of the app comes from it, one key has one meaning, a keymap file remaps keys,
help opens on where the user is, and the README's table is the vocabulary."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.binding import Binding
from textual.dom import DOMNode

import accountmgr
from accountmgr import keys
from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.services import accounts, dmu
from accountmgr.services.keymap import keymap_path, load_keymap, parse_keymap

README = Path(__file__).resolve().parent.parent / "README.md"


def every_binding() -> list[tuple[str, Binding]]:
    """(class name, binding) for every BINDINGS list written in accountmgr."""
    found: list[tuple[str, Binding]] = []
    for module in pkgutil.walk_packages(accountmgr.__path__, "accountmgr."):
        if module.name.endswith("__main__") or ".migrations" in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for name, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ != loaded.__name__ or not issubclass(cls, DOMNode) or "BINDINGS" not in vars(cls):
                continue
            found += [(f"{cls.__module__}.{name}", binding) for binding in Binding.make_bindings(vars(cls)["BINDINGS"])]
    return found


def test_every_binding_comes_from_the_vocabulary_and_no_key_means_two_things() -> None:
    bindings = every_binding()
    assert len(bindings) > 100
    without = [f"{where}: {b.key} {b.action}" for where, b in bindings if b.id not in keys.BY_ID]
    assert not without, f"bindings without a vocabulary id: {without}"
    wrong_key = [f"{where}: {b.id} on {b.key}" for where, b in bindings
                 if b.key not in keys.BY_ID[b.id].key.split(",")]
    assert not wrong_key, f"bindings whose key is not the vocabulary's: {wrong_key}"
    meanings: dict[str, set[str]] = {}
    for _, binding in bindings:
        for key in binding.key.split(","):
            meanings.setdefault(key, set()).add(str(binding.id))
    assert {key: ids for key, ids in meanings.items() if len(ids) > 1} == {}
    # And the vocabulary itself: one id, one key; one key, one id.
    all_keys = [key for spec in keys.VOCABULARY for key in spec.key.split(",")]
    assert len(all_keys) == len(set(all_keys))
    assert len(keys.BY_ID) == len(keys.VOCABULARY)
    assert {spec.group for spec in keys.VOCABULARY} <= set(keys.GROUPS)


def test_the_readme_shows_the_vocabulary() -> None:
    text = README.read_text(encoding="utf-8")
    assert keys.markdown_table() in text, "README's key table differs: paste accountmgr.keys.markdown_table()"


def test_hints_name_the_users_key() -> None:
    assert keys.key_of("add") == "a" and keys.key_of("open") == "Enter" and keys.key_of("save") == "Ctrl+S"
    keys.set_active({"add": "ctrl+n"})
    try:
        assert keys.key_of("add") == "Ctrl+N"
    finally:
        keys.set_active({})


def test_keymap_lines_apply_and_bad_lines_say_why_in_one_sentence() -> None:
    keymap = parse_keymap('add = "ctrl+n"\nnosuch = "z"\nedit = "x"\ndelete = 3\nsort = "S"\nreverse-sort = "ctrl+e"\n')
    assert keymap.keys == {"add": "ctrl+n", "sort": "S", "reverse-sort": "ctrl+e"}
    assert len(keymap.problems) == 3
    assert any("'nosuch' is not an action name" in p for p in keymap.problems)
    assert any("x for 'edit' is already the key of 'done'" in p for p in keymap.problems)
    assert any("'delete' must be text" in p for p in keymap.problems)
    for problem in keymap.problems:
        assert problem.count(". ") == 0 and problem.endswith(".")
    assert parse_keymap("add = [").problems and parse_keymap("add = [").keys == {}
    # Two lines wanting one key: the second is left out.
    clash = parse_keymap('add = "F12"\nedit = "F12"\n')
    assert clash.keys == {"add": "f12"} and "already the key of 'add'" in clash.problems[0]


@given(st.text(max_size=80))
def test_any_keymap_text_reads_without_an_error(text: str) -> None:
    keymap = parse_keymap(text)
    assert set(keymap.keys) <= set(keys.BY_ID)


def test_the_keymap_file_sits_beside_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCOUNTMGR_CONFIG", str(tmp_path / "config.toml"))
    assert keymap_path() == tmp_path / "keymap.toml"
    assert load_keymap() == ([], []) or load_keymap().keys == {}
    (tmp_path / "keymap.toml").write_bytes(b"\xff\xfe")
    assert load_keymap().problems


async def test_a_remapped_key_does_the_action_and_the_old_one_does_not(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accountmgr.screens.account_form import AccountFormScreen
    from accountmgr.screens.portfolio import PortfolioScreen

    accounts.create_account(db, {"name": "Ålborg Værft"})
    monkeypatch.setenv("ACCOUNTMGR_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "keymap.toml").write_text('add = "ctrl+n"\nbogus = "q"\n', encoding="utf-8")
    app = make_app(db)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PortfolioScreen)
            assert any("'bogus' is not an action name" in str(n.message) for n in app._notifications)
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, PortfolioScreen)
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert isinstance(app.screen, AccountFormScreen)
    finally:
        keys.set_active({})


async def test_help_opens_on_the_keys_of_the_pane_in_focus(db: Database, frozen_clock) -> None:  # noqa: ANN001
    from textual.widgets import Static

    from test_workspace_flows import open_workspace

    account = accounts.create_account(db, {"name": "Acme Tools"})
    dmu.create_member(db, account.id, {"name": "Ada Lind"})
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_workspace(app, pilot, account.id, "h")
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        titles = [str(w.render()) for w in app.screen.query(Static).filter(".help-title")]
        assert titles[0].startswith("Here: DMU"), titles[:3]
        assert "Everywhere" in titles and titles.index("Everywhere") > 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        # On the step list: the step list's keys first.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        titles = [str(w.render()) for w in app.screen.query(Static).filter(".help-title")]
        assert titles[0].startswith("Here: Account workspace"), titles[:3]


def test_help_text_and_hints_in_the_code_name_no_retired_letters() -> None:
    """Hints written in the code name keys through keys.key_of, not the letters the vocabulary moved away from."""
    retired = re.compile(r"\b(n add|x delete|press n to add|press s to assess|v mark done|m on a column|press u to undo)\b")
    offenders = []
    for path in Path(accountmgr.__file__).parent.rglob("*.py"):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if retired.search(text):
                offenders.append(f"{path.name}:{number}: {text.strip()}")
    assert not offenders, offenders
