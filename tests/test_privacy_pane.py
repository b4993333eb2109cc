"""Erasing a person from the DMU pane: the key, the confirmation, the database and the screen afterwards."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from accountmgr.app import make_app
from accountmgr.screens.panes.dmu_pane import DmuPane
from accountmgr.screens.erase_person import ErasePersonScreen
from accountmgr.screens.help import help_sections
from accountmgr.services import activity, dmu
from accountmgr.services.accounts import find_account
from pane_host import pane_app
from test_workspace_flows import open_workspace

PaneApp = pane_app(DmuPane)


@pytest.fixture
def brennero(demo_db):  # noqa: ANN001, ANN201
    return find_account(demo_db, "Brennero Foods").id


def member_named(db, account_id: int, name: str):  # noqa: ANN001, ANN201
    return next((m for m in dmu.list_members(db, account_id) if m.name == name), None)


async def test_erase_asks_what_will_go_then_removes_every_trace(demo_db, brennero) -> None:  # noqa: ANN001
    chiara = member_named(demo_db, brennero, "Chiara Valli")
    reports = [m.id for m in dmu.list_members(demo_db, brennero) if m.reports_to_id == chiara.id]
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DmuPane)
        pane.select_member(chiara.id)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ErasePersonScreen)
        said = "\n".join(str(widget.content) for widget in app.screen.query(Static))
        assert "Erase Chiara Valli for good?" in said and "This cannot be undone." in said
        assert "Their reports Davide Sartori, Luca Ferrante, Marta Rinaldi will report to Paolo Brennero." in said
        await pilot.press("enter")  # Keep has the focus: Enter does not erase
        await pilot.pause()
        assert not isinstance(app.screen, ErasePersonScreen)
        assert member_named(demo_db, brennero, "Chiara Valli") is not None

        await pilot.press("E", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert member_named(demo_db, brennero, "Chiara Valli") is None
        table = app.query_one("#dmu-table", DataTable)
        names = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert "Chiara Valli" not in names and len(names) == 6
        assert "DMU: 6 people" in str(app.query_one("#dmu-heading", Static).content)
    assert {dmu.get_member(demo_db, r).reports_to_id for r in reports} == {chiara.reports_to_id}
    log = activity.entries_for_account(demo_db, brennero)
    assert not any("Chiara" in entry.summary or "Chiara" in str(entry.changes) for entry in log)
    assert log[-1].summary == "A person was erased on 2026-11-20."
    assert b"Chiara Valli" not in demo_db.path.read_bytes()


async def test_ordinary_delete_says_the_log_keeps_them_and_points_to_erase(demo_db, brennero) -> None:  # noqa: ANN001
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        app.query_one(DmuPane).select_member(member_named(demo_db, brennero, "Irene Costa").id)
        await pilot.press("d")
        await pilot.pause()
        question = str(app.screen.query_one("#question", Static).content)
        assert "The activity log keeps their history; Erase person (E) removes every trace." in question
        await pilot.press("escape")


async def test_erase_is_in_the_palette_and_the_help(demo_db, brennero) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_workspace(app, pilot, brennero, "h")
        titles = {entry.title: entry.action for entry in screen.palette_commands()}
        assert "Step h: Erase person…" in titles
        await app.run_action(titles["Step h: Erase person…"], screen)
        await pilot.pause()
        assert isinstance(app.screen, ErasePersonScreen)
        await pilot.press("escape")
        sections = {title: rows for title, rows, _ in help_sections(app)}
        assert ("E", "Erase person…") in sections[DmuPane.HELP_TITLE]


async def test_a_failed_erasure_is_reported_and_changes_nothing(demo_db, brennero, monkeypatch) -> None:  # noqa: ANN001
    from accountmgr.services import privacy

    def locked(db, member_id):  # noqa: ANN001, ANN202
        raise RuntimeError("database is locked")

    monkeypatch.setattr(privacy, "erase_person", locked)
    app = PaneApp(demo_db, brennero)
    said: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
    async with app.run_test(size=(120, 36)) as pilot:
        app.query_one(DmuPane).select_member(member_named(demo_db, brennero, "Chiara Valli").id)
        await pilot.press("E", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert said == ["Erasing Chiara Valli…", "Nothing was erased: database is locked"]
    assert member_named(demo_db, brennero, "Chiara Valli") is not None


async def test_erasing_on_a_read_only_database_says_so_and_the_app_goes_on(demo_db, brennero, monkeypatch) -> None:  # noqa: ANN001
    from accountmgr.db import Database, make_engine

    demo_db.close()
    read_only = Database(demo_db.path, make_engine(demo_db.path, read_only=True),
                         read_only_reason="the file is read-only")
    app = PaneApp(read_only, brennero)
    said: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            app.query_one(DmuPane).select_member(member_named(read_only, brennero, "Chiara Valli").id)
            await pilot.press("E", "y")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running
            assert said[-1] == "test.db is open read-only (the file is read-only), so changes cannot be saved."
        assert member_named(read_only, brennero, "Chiara Valli") is not None
    finally:
        read_only.close()
