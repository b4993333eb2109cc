"""While a form or dialog is open, the keys and palette entries that open a screen of their own (find, agenda,
team, the method guide, settings, accounts…) open nothing: a short message says to finish or close it first. Once
it is closed they work again."""

from __future__ import annotations

from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.keys import keys_of
from accountmgr.screens.account_form import AccountFormScreen
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.find import FindScreen
from accountmgr.screens.portfolio import PortfolioScreen
from key_hints import count_notifications

SIZE = (120, 36)
GLOBAL_KEYS = ["search", "agenda", "team", "guide"]
"""The vocabulary's ids of the keys that open a screen from anywhere."""


def first_key(binding_id: str) -> str:
    return keys_of(binding_id).split(",")[0]


async def portfolio(app: Any, pilot: Any) -> PortfolioScreen:
    for _ in range(200):
        await pilot.pause()
        if isinstance(app.screen, PortfolioScreen) and app.screen.table.rows:
            return app.screen
    raise AssertionError(f"no portfolio: {app.screen}")


@pytest.mark.parametrize("binding_id", GLOBAL_KEYS)
async def test_a_global_key_over_a_form_says_finish_it_first(demo_db: Database, binding_id: str) -> None:
    app = make_app(demo_db)
    count_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        start = await portfolio(app, pilot)
        await pilot.press(first_key("add"))
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AccountFormScreen)
        await pilot.press(*"Zoë")
        before = app.notified
        await pilot.press(first_key(binding_id))
        await pilot.pause()
        assert app.screen is form and len(app.screen_stack) == len(start.app.screen_stack)
        assert app.notified == before + 1
        assert "first" in str(list(app._notifications)[-1].message)  # noqa: SLF001
        # The form is as it was: nothing typed lost, nothing added to it.
        assert "Zoë" in [value.value for value in form.query(Input)]
        await pilot.press("escape")
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):  # discard the name typed
            await pilot.press(first_key("yes"))
            await pilot.pause()
        assert app.screen is start
        await pilot.press(first_key(binding_id))
        for _ in range(100):
            await pilot.pause()
            if app.screen is not start:
                break
        assert app.screen is not start, f"{binding_id} does nothing once the form is closed"


async def test_find_from_a_dialog_opens_nothing_under_it(demo_db: Database) -> None:
    """A dialog (a question) counts as a form: Ctrl+F waits, and the account found never opens over it."""
    app = make_app(demo_db)
    count_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await portfolio(app, pilot)
        app.push_screen(ConfirmScreen("Archive Brennero Foods?"))
        await pilot.pause()
        dialog = app.screen
        await pilot.press(first_key("search"))
        await pilot.pause()
        assert app.screen is dialog and not any(isinstance(s, FindScreen) for s in app.screen_stack)


async def palette_text(app: Any, pilot: Any, query: str) -> str:
    await pilot.press(first_key("palette"), *query)
    text = ""
    for _ in range(60):
        await pilot.pause()
        options = app.screen.query(OptionList)
        if options:
            listed = options.first()
            text = "\n".join(str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count))
    await pilot.press("escape")
    await pilot.pause()
    return text


async def test_the_palette_over_a_form_leaves_out_what_opens_a_screen(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await portfolio(app, pilot)
        assert "Agenda" in await palette_text(app, pilot, "agenda")
        assert not isinstance(app.screen, CommandPalette)
        await pilot.press(first_key("add"))
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AccountFormScreen)
        listed = await palette_text(app, pilot, "agenda")
        assert "Agenda" not in listed, listed
        listed = await palette_text(app, pilot, "brennero")
        assert "Open account" not in listed, listed
        assert app.screen is form
