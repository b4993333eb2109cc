"""First run: an empty database greets with a way forward, never a blank table."""

from __future__ import annotations

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.account_form import AccountFormScreen
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.screens.welcome import WelcomeScreen
from accountmgr.services.accounts import count_accounts, find_account
from accountmgr.widgets.virtual_table import VirtualTable

SIZE = (120, 36)


async def test_first_run_loads_the_demo(db: Database, frozen_clock: None) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        assert count_accounts(db) >= 10
        assert app.screen.query_one(VirtualTable).row_count == count_accounts(db)


async def test_first_run_creates_the_first_account(db: Database, monkeypatch) -> None:  # noqa: ANN001
    app = make_app(db)
    opened: list[tuple] = []
    monkeypatch.setattr(app, "open_account", lambda *args: opened.append(args))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the focused button: create the first account
        await pilot.pause()
        assert isinstance(app.screen, AccountFormScreen)
        await pilot.press(*"First Customer", "ctrl+s")
        await pilot.pause()
        account = find_account(db, "First Customer")
        assert opened == [(account.id, "a")]  # straight into the method at step a
        assert isinstance(app.screen, PortfolioScreen)
        assert [row.id for row in app.screen.query_one(VirtualTable).rows] == [account.id]


async def test_escape_in_the_form_writes_nothing_and_stays_on_welcome(db: Database) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Ghost", "escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and count_accounts(db) == 0
        assert not app.unsaved


def test_welcome_snapshot(db: Database, snap_compare) -> None:  # noqa: ANN001
    """An empty database: a framed welcome explaining the method in two paragraphs wrapped to the box (the second
    naming the import, ? and ctrl+p), with three buttons, "First account (n)" (focused), "Import customer data (i)"
    and "Demo portfolio (d)"; the footer lists n, i, d, help."""
    assert snap_compare(make_app(db), terminal_size=SIZE)
