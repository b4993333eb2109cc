"""Theme, portfolio order and filters and the last account are remembered per database (issue 12, item 9)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from accountmgr.app import make_app
from accountmgr.db import Database, open_database
from accountmgr.models.enums import RelationshipLevel
from accountmgr.services import preferences, user_config

SIZE = (120, 36)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "settings" / "config.toml"
    monkeypatch.setenv(user_config.CONFIG_ENV_VAR, str(path))
    return path


@pytest.fixture
def other_db(demo_db: Database, tmp_path: Path) -> Database:
    """A second database with the same accounts (a copy): what it remembers is its own."""
    target = tmp_path / "other.db"
    shutil.copyfile(demo_db.path, target)
    os.chmod(target, 0o600)
    database = open_database(target)
    yield database
    database.close()


def test_each_database_keeps_its_own(config: Path, demo_db: Database, other_db: Database) -> None:
    preferences.remember_theme(demo_db, "textual-light")
    preferences.remember_portfolio_view(demo_db, {"sort_key": "attractiveness", "sort_reverse": True,
                                                  "level": "partner", "owner": None, "junk": 3})
    preferences.remember_last_account(demo_db, 7)
    assert preferences.recall(demo_db) == preferences.Remembered(
        "textual-light", {"sort_key": "attractiveness", "sort_reverse": True, "level": "partner"}, 7)
    assert preferences.recall(other_db) == preferences.Remembered()
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert not [p for p in config.parent.iterdir() if p.name != "config.toml"]  # no temporary file left


def test_nothing_is_written_while_nothing_differs_from_the_defaults(config: Path, demo_db: Database) -> None:
    preferences.remember_portfolio_view(demo_db, {"sort_key": "name", "sort_reverse": False, "overdue": False})
    assert not config.exists()


def test_the_database_is_named_by_its_resolved_path(config: Path, demo_db: Database, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(demo_db.path.parent)
    same = open_database(Path(".") / ".." / demo_db.path.parent.name / demo_db.path.name)
    try:
        preferences.remember_last_account(demo_db, 3)
        assert preferences.recall(same).last_account == 3
    finally:
        same.close()


@pytest.mark.parametrize("text", [
    "this is [not toml",
    "databases = 3",
    '[databases]\n"x" = 1',
    "\udcff",
])
def test_a_damaged_file_is_ignored_with_one_line_and_kept_aside(config: Path, demo_db: Database,
                                                                 text: str) -> None:
    config.parent.mkdir(parents=True)
    config.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert preferences.recall(demo_db) == preferences.Remembered()
    message = user_config.problem()
    assert message is not None and "\n" not in message and str(config) in message
    preferences.remember_theme(demo_db, "textual-dark")
    assert preferences.recall(demo_db).theme == "textual-dark"
    assert user_config.problem() is None
    assert config.with_name("config.toml.damaged").read_bytes() == text.encode("utf-8", "surrogateescape")


def test_values_of_the_wrong_kind_are_not_remembered(config: Path, demo_db: Database) -> None:
    key = user_config.database_key(demo_db)
    config.parent.mkdir(parents=True)
    config.write_text(f'[databases."{key}"]\ntheme = 3\nlast_account = "x"\n'
                      f'[databases."{key}".portfolio_view]\nsort_key = 1\noverdue = true\n', encoding="utf-8")
    assert preferences.recall(demo_db) == preferences.Remembered(None, {"overdue": True}, None)


async def test_theme_sort_filters_and_last_account_come_back(config: Path, demo_db: Database,
                                                             other_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dark = app.current_theme.dark
        await pilot.press("f2", "s", "s", "S", "l", "l")
        await pilot.pause()
        screen = app.screen
        sort = (screen.sort_key, screen.sort_reverse)
        level = screen.level_filter
        assert level is not None and sort != ("name", False)
        await pilot.press("down")
        chosen = screen.table.current_row
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("ctrl+q")

    again = make_app(demo_db)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = again.screen
        assert again.current_theme.dark is not dark
        assert (screen.sort_key, screen.sort_reverse) == sort
        assert screen.level_filter is level
        assert screen.table.current_row.id == chosen.id
        assert f"level {level.label}" in str(screen.query_one("#status").render())

    elsewhere = make_app(other_db)
    async with elsewhere.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = elsewhere.screen
        assert elsewhere.current_theme.dark is dark
        assert (screen.sort_key, screen.sort_reverse, screen.level_filter) == ("name", False, None)
        assert screen.table.cursor_row == 0


async def test_clearing_the_filters_is_remembered_too(config: Path, demo_db: Database) -> None:
    preferences.remember_portfolio_view(demo_db, {"level": RelationshipLevel.PARTNER.value, "overdue": True})
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.level_filter is RelationshipLevel.PARTNER and app.screen.overdue_filter
        await pilot.press("c")
        await pilot.pause()
    assert preferences.recall(demo_db).portfolio_view == {}


async def test_a_damaged_settings_file_starts_the_app_with_a_notice(config: Path, demo_db: Database) -> None:
    config.parent.mkdir(parents=True)
    config.write_text("theme = [unclosed", encoding="utf-8")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notices = [n.message for n in app._notifications]  # noqa: SLF001 - what is on screen as notifications
        assert any("could not be read" in message and "using the defaults" in message for message in notices)
        assert app.screen.table.current_row is not None


async def test_an_archived_last_account_leaves_the_cursor_at_the_top(config: Path, demo_db: Database) -> None:
    preferences.remember_last_account(demo_db, 999_999)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.table.current_row.id == app.screen.table.rows[0].id


@pytest.mark.both_engines
def test_a_database_is_named_by_its_path_or_its_address_without_password(config: Path, db: Database) -> None:
    preferences.remember_theme(db, "textual-light")
    key = user_config.database_key(db)
    if db.path is None:
        assert key == db.label and key.startswith("postgresql://") and ":" not in key.split("@")[0][13:]
    else:
        assert key == str(db.path.resolve())
    assert preferences.recall(db).theme == "textual-light"
