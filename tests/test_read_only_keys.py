"""On a read-only database every write key of the app says so and the app keeps running, with nothing written."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from textual.screen import Screen

from accountmgr.app import make_app
from accountmgr.db import Database, make_engine
from accountmgr.services.accounts import find_account
from accountmgr.widgets.refusal import refusals, writes

SIZE = (120, 36)
REFUSAL = "This database is open read-only (the file is read-only), so nothing can be changed."


def _read_only(database: Database) -> Database:
    """*database* as accountmgr opens a file it may not write."""
    database.close()
    return Database(database.path, make_engine(database.path, read_only=True), read_only_reason="the file is read-only")


def _fingerprint(path: Path) -> str:
    """Everything the database holds, as one hash."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def _messages(app) -> list[str]:  # noqa: ANN001
    return [str(n.message) for n in app._notifications]  # noqa: SLF001 - what is on screen as notifications


async def _refused_each(app, pilot, keys: list[str], focus: str | None = None) -> None:  # noqa: ANN001
    """Press each of *keys* on the current screen: each is refused there, and no form opens."""
    screen = app.screen
    for key in keys:
        if focus:
            screen.query_one(focus).focus()
        app.clear_notifications()
        await pilot.press(key)
        await pilot.pause()
        assert app.is_running, key
        assert app.screen is screen, f"{key} opened {type(app.screen).__name__}"
        assert REFUSAL in _messages(app), f"{key}: {_messages(app)}"


async def test_every_write_key_says_read_only_and_nothing_is_written(demo_db: Database) -> None:
    before = _fingerprint(demo_db.path)
    account_id = find_account(demo_db, "Brenner").id  # type: ignore[union-attr]
    db = _read_only(demo_db)
    try:
        app = make_app(db)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert any("open read-only" in message for message in _messages(app))  # said once at start
            await _refused_each(app, pilot, ["a", "e", "Z", "ctrl+z", "W"])  # portfolio

            app.open_account(account_id, "h")
            await pilot.pause()
            await _refused_each(app, pilot, ["a", "A", "e", "d", "m", "u", "L"], focus="#dmu-table")
            await app.screen.action_go("j")  # type: ignore[attr-defined]
            await pilot.pause()
            await _refused_each(app, pilot, ["a", "e", "x", "N", "d"], focus="#plan-table")
            await app.screen.action_go("e")  # type: ignore[attr-defined]
            await pilot.pause()
            await _refused_each(app, pilot, ["a", "e", "ctrl+r", "plus", "minus", "R", "d"], focus="#opp-table")
            await app.screen.action_go("c")  # type: ignore[attr-defined]
            await pilot.pause()
            await _refused_each(app, pilot, ["a", "enter", "d"], focus="RecordTable DataTable")
            await app.screen.action_go("d")  # type: ignore[attr-defined]
            await pilot.pause()
            await _refused_each(app, pilot, ["p", "t"], focus="RecordTable DataTable")
            await app.screen.action_go("l")  # type: ignore[attr-defined]
            await pilot.pause()
            await _refused_each(app, pilot, ["o", "a"], focus="RecordTable DataTable")

            app.pop_screen()
            app.open_agenda()
            await pilot.pause()
            await _refused_each(app, pilot, ["x"])
            app.pop_screen()
            app.open_team()
            await pilot.pause()
            await _refused_each(app, pilot, ["a", "e", "Z", "h", "d"])
            app.pop_screen()
            app.open_whitespace(account_id)
            await pilot.pause()
            await _refused_each(app, pilot, ["a"])
            app.pop_screen()
            app.open_review(account_id)
            await pilot.pause()
            await pilot.press("X")  # exports a file, which a read-only database allows
            await pilot.pause()
            assert app.is_running and type(app.screen).__name__ == "ReviewModeScreen"
        assert app.return_code in (0, None)
    finally:
        db.close()
    assert _fingerprint(demo_db.path) == before


class _Writer(Screen[None]):
    """A screen with one action whose write the service refuses."""

    BINDINGS = [("w", "write", "Write")]

    def __init__(self, refusal: Exception) -> None:
        super().__init__()
        self.refusal = refusal

    @writes
    def action_write(self) -> None:
        raise self.refusal


@pytest.mark.parametrize("name", ["Rossi [italia] SpA", "[/]", "Bad\x1b[31m name"])
async def test_a_refusal_names_stored_text_plainly_and_the_app_keeps_running(db: Database, name: str) -> None:
    from accountmgr.services.errors import NotFound

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(_Writer(NotFound(f"{name} was deleted meanwhile.")))
        await pilot.press("w")
        await pilot.pause()
        assert app.is_running
        [message] = [m for m in _messages(app) if "deleted meanwhile" in m]
        assert message.startswith(name.split("\x1b")[0]) and "\x1b" not in message
        with refusals(app.screen):  # a callback run later is guarded the same way
            raise NotFound("Gone.")
        await pilot.pause()
        assert "Gone." in _messages(app)
