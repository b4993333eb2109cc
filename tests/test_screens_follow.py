"""Every open screen that shows records follows what another process changes, keeping the reader's place.

A real second process changes a record through the services (as another window or a command would); the app
learns of it only through the database's activity log. Waits poll with a bounded deadline, never a fixed sleep.
"""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Static

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.account_summary import AccountSummaryScreen
from accountmgr.screens.panes.agenda_pane import AgendaScreen
from accountmgr.screens.dmu_form import DmuForm
from accountmgr.screens.dmu_profile import DmuProfileScreen
from accountmgr.screens.four_questions import FourQuestionsScreen
from accountmgr.screens.matrices import CellList, MatricesScreen
from accountmgr.screens.review_mode import ReviewModeScreen
from accountmgr.screens.score_explain import ScoreExplainScreen
from accountmgr.screens.panes.team_pane import TeamScreen
from accountmgr.screens.panes.whitespace_pane import WhitespaceScreen
from accountmgr.services import accounts, competitors, dmu
from accountmgr.services.watch import ChangedElsewhere, about
from test_two_windows import SIZE, other_window, wait_until


def texts(app: Any, selector: str = "Static") -> str:
    """What the screen's plain-text statics show, joined."""
    return "\n".join(str(s.content) for s in app.screen.query(selector).results(Static))


async def opened(pilot: Any, app: Any, screen: Any) -> None:
    await pilot.pause()
    app.push_screen(screen)
    await pilot.pause()
    await app.workers.wait_for_complete()  # e.g. review mode scores the portfolio and renders the plan in workers
    await pilot.pause()
    for _ in range(100):  # and mounts the plan's blocks a few per frame
        if not getattr(screen, "laying_out", False):
            break
        await pilot.pause()


def test_about_keeps_the_changes_of_one_account_or_all() -> None:
    changes = [ChangedElsewhere(1, "dmu_member", 7), ChangedElsewhere(None, "account", 2),
               ChangedElsewhere(None, "team_member", 3)]
    assert about(changes, 1) == changes[:1]
    assert about(changes, 2) == changes[1:2]
    assert about(changes, 99) == []
    assert about(changes, None) == changes


async def test_the_agenda_follows_and_keeps_its_cursor(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, AgendaScreen())
        table = app.screen.query_one("#agenda-table", DataTable)
        assert table.row_count > 1
        table.move_cursor(row=1)
        await pilot.pause()
        chosen = app.screen.current_row
        await other_window(demo_db, chosen.id, update="plan.update_action", objective="Agree «pilot» [scope]")
        await wait_until(pilot, lambda: app.screen.current_row.objective == "Agree «pilot» [scope]")
        assert app.screen.current_row.id == chosen.id
        assert "Agree «pilot» [scope]" in str(app.screen.query_one("#agenda-detail", Static).content)


async def test_review_mode_follows_the_account_on_screen_where_it_was_read(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "brennero").id
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, ReviewModeScreen(account_id))
        await pilot.press("g", "j")  # down to the communication plan
        await pilot.pause()
        scroll = app.screen.query_one("#review-scroll", VerticalScroll)
        place = scroll.scroll_y
        assert place > 0
        await other_window(demo_db, account_id, organisation="Three plants, «family» [owned]")
        await wait_until(pilot, lambda: "Three plants" in app.screen.source)
        await pilot.pause()
        assert scroll.scroll_y == place


async def test_the_person_profile_follows_but_waits_for_the_form_on_top(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "brennero").id
    person = dmu.list_members(demo_db, account_id)[0]
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, DmuProfileScreen(person.id))
        profile = app.screen
        head = profile.query_one("#profile-head", Static)
        await other_window(demo_db, person.id, update="dmu.update_member", title="CFO «neu» [interim]")
        await wait_until(pilot, lambda: "CFO «neu» [interim]" in str(head.content))
        # A form on top keeps what is typed; the profile shows the change once the form is closed.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DmuForm)
        app.screen.query_one("#phone", Input).value = "+39 0471 000"
        await other_window(demo_db, person.id, update="dmu.update_member", title="Head of «Einkauf»")
        await wait_until(pilot, lambda: profile.stale)
        assert app.screen.query_one("#phone", Input).value == "+39 0471 000"
        await pilot.press("escape")
        await pilot.pause()
        if not isinstance(app.screen, DmuProfileScreen):  # the form asked whether to drop the edit
            await pilot.press("y")
            await pilot.pause()
        await wait_until(pilot, lambda: "Head of «Einkauf»" in str(head.content))


async def test_the_team_screen_follows_and_keeps_its_cursor(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, TeamScreen())
        table = app.screen.query_one("#team-table", DataTable)
        table.move_cursor(row=1)
        await pilot.pause()
        chosen = app.screen.member_id
        await other_window(demo_db, chosen, update="team.update_member", name="Zoë O'Brien [KAM]")
        await wait_until(pilot, lambda: "Zoë O'Brien [KAM]" in str(table.get_row(str(chosen))[0]))
        assert app.screen.member_id == chosen


async def test_the_matrices_follow_and_keep_each_cursor(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, MatricesScreen())
        cell = next(c for c in app.screen.query(CellList) if c.row_count > 1)
        cell.focus()
        cell.move_cursor(1)
        await pilot.pause()
        chosen = cell.current_row
        await other_window(demo_db, chosen.id, name=chosen.name + " «neu»")
        await wait_until(pilot, lambda: cell.current_row.name == chosen.name + " «neu»")
        assert cell.current_row.id == chosen.id


async def test_the_whitespace_matrix_follows_and_keeps_filter_and_cursor(demo_db: Database) -> None:
    account = accounts.find_account(demo_db, "brennero")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, WhitespaceScreen())
        screen = app.screen
        screen.filter_text = account.name.split()[0].lower()
        await pilot.pause()
        table = screen.query_one("#ws-table", DataTable)
        table.cursor_coordinate = table.validate_cursor_coordinate((0, 2))
        await pilot.pause()
        before = screen.current()
        await other_window(demo_db, account.id, name=account.name + " [Süd]")
        await wait_until(pilot, lambda: (account.name + " [Süd]")[:24] in str(table.get_cell_at((0, 0))))
        assert screen.current() == before
        assert screen.filter_text == account.name.split()[0].lower()


async def test_the_account_summary_follows(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "brennero").id
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, AccountSummaryScreen(account_id))
        await other_window(demo_db, account_id, name="Brennero «Nord» [GmbH]")
        await wait_until(pilot, lambda: "Brennero «Nord» [GmbH]" in texts(app, ".section-title"))
        assert app.screen.sub_title == "Brennero «Nord» [GmbH]"


async def test_the_score_explanation_follows(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ScoreExplainScreen)
        entry = app.screen.entry
        await other_window(demo_db, entry.id, name="Zürich «Präzision» [AG]")
        await wait_until(pilot, lambda: "Zürich «Präzision» [AG]" in str(
            app.screen.query_one(VerticalScroll).border_title))
        assert app.screen.entry.id == entry.id


async def test_the_four_questions_follow(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "atlas").id
    [rival] = competitors.list_competitors(demo_db, account_id)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, FourQuestionsScreen(account_id))
        answer = app.screen.query_one("#answer-3", Static)
        await other_window(demo_db, rival.id, update="competitors.update_competitor", competitor="Dassault [theirs]")
        await wait_until(pilot, lambda: "Dassault [theirs]" in str(answer.content))


async def test_a_change_to_another_account_leaves_an_account_screen_alone(demo_db: Database) -> None:
    mine = accounts.find_account(demo_db, "brennero").id
    other = accounts.find_account(demo_db, "atlas").id
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, ReviewModeScreen(mine))
        app.screen.source = "as it was"
        app.screen.changed_elsewhere([ChangedElsewhere(other, "account", other)])
        await pilot.pause()
        assert app.screen.source == "as it was"  # not read again
