"""The portfolio showing only a given set of accounts (what an import brought in), beside its other filters."""

from __future__ import annotations

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.services.accounts import find_account
from accountmgr.widgets.virtual_table import VirtualTable

SIZE = (120, 36)


def shown(app) -> list[str]:  # noqa: ANN001
    return [row.name for row in app.screen.query_one(VirtualTable).rows]


async def test_show_accounts_closes_the_screens_above_and_filters_until_cleared(demo_db: Database) -> None:
    wanted = {find_account(demo_db, name).id for name in ("Brennero Foods", "Danubia Pharma")}
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        every = shown(app)
        app.open_agenda()
        await pilot.pause()
        assert not isinstance(app.screen, PortfolioScreen)
        app.show_accounts(wanted, "from clienti.csv")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen) and len(app.screen_stack) == 1
        assert shown(app) == ["Brennero Foods", "Danubia Pharma"]
        status = str(app.screen.query_one("#status").content)
        assert status.startswith(f"2 of {len(every)} accounts · from clienti.csv") and "c clears" in status
        # The other filters narrow it further; c clears them all.
        level = find_account(demo_db, "Danubia Pharma").current_level
        while app.screen.level_filter is not level:
            await pilot.press("l")
        same_level = [name for name in ("Brennero Foods", "Danubia Pharma")
                      if find_account(demo_db, name).current_level is level]
        assert shown(app) == same_level and "level" in str(app.screen.query_one("#status").content)
        await pilot.press("c")
        assert shown(app) == every and app.screen.only_ids is None
