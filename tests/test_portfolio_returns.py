"""The portfolio keeps its keys after every screen and dialog opened from it closes, on a one-account portfolio and
on a many-account one: right after the return, Z asks to archive the highlighted account and Enter opens it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.screens.workspace import WorkspaceScreen
from accountmgr.services import accounts
from waiting import wait_until as settled

SIZE = (120, 36)

Step = str | Callable[[Any], Any]
"""A key to press, or a call on the app (for what has no key on the portfolio: the palette's entries)."""

RETURN_PATHS: dict[str, list[Step]] = {
    "workspace": ["enter", "escape", "escape"],
    "workspace, a step and its pane": ["enter", "escape", "g", "d", "escape", "escape"],
    "new account created": ["a", *"Zoë Ölmühle", "ctrl+s", "escape", "escape"],
    "the issue's walk": ["a", *"Zoë Ölmühle", "ctrl+s", "escape", "g", "d", "escape", "escape", "v", "escape"],
    "new account cancelled": ["a", "escape"],
    "edit form": ["e", "escape"],
    "archive refused": ["Z", "escape", "escape"],
    "archive escaped": ["Z", "escape"],
    "archive and undo": ["Z", "y", "ctrl+z"],
    "matrices": ["v", "escape"],
    "matrices, back with v": ["v", "v"],
    "why these scores": ["w", "escape"],
    "help": ["question_mark", "escape"],
    "command palette": ["ctrl+p", "escape"],
    "command palette, typed": ["ctrl+p", *"team", "escape"],
    "team": ["f4", "escape"],
    "agenda": ["f3", "escape"],
    "white space": [lambda app: app.action_open_whitespace(), "escape"],
    "team matrix": [lambda app: app.action_open_team_matrix(), "escape"],
    "review mode": ["r", "escape"],
    "method guide": ["ctrl+g", "escape"],
    "import": ["I", "escape"],
    "export all": ["X", "escape"],
    "attractiveness weights": ["W", "escape"],
    "recovery guidelines": ["K", "escape"],
    "value settings": ["V", "escape"],
    "who am i": ["M", "escape"],
    "filter typed and cleared": ["slash", *"zz", "escape"],
    "filter typed and kept": ["slash", "enter"],
    "sort and filters": ["s", "l", "c"],
    "stale-contact limit": [lambda app: app.action_stale_limit(), "escape"],
}




@pytest.fixture(params=["one account", "many accounts"])
def portfolio_db(request: pytest.FixtureRequest) -> Database:
    if request.param == "one account":
        database = request.getfixturevalue("db")
        accounts.create_account(database, {"name": "Brașov \"Ost\" Logistik"})
        return database
    return request.getfixturevalue("demo_db")


@pytest.mark.parametrize("path", list(RETURN_PATHS))
async def test_the_portfolio_keys_work_right_after_returning(portfolio_db: Database, path: str) -> None:
    app = make_app(portfolio_db)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PortfolioScreen) and bool(app.screen.table.rows))
        portfolio = app.screen
        for step in RETURN_PATHS[path]:
            if callable(step):
                step(app)
            else:
                await pilot.press(step)
            await pilot.pause()
        await settled(pilot, lambda: app.screen is portfolio)
        await pilot.pause()
        highlighted = portfolio.selected
        assert highlighted is not None, "no account under the cursor after the return"
        assert portfolio.table.has_focus, f"the keyboard is on {app.focused!r}"

        await pilot.press("Z")
        await settled(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert highlighted.name in str(app.screen.query_one("#question").render())
        await pilot.press("escape")
        await settled(pilot, lambda: app.screen is portfolio)

        await pilot.press("enter")
        await settled(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
        assert app.screen.account_id == highlighted.id
