"""Creating and editing accounts in the modal form: errors at the field, nothing half-saved."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.account_form import AccountFormScreen
from accountmgr.services.accounts import count_accounts, find_account, get_account

SIZE = (120, 36)


def error_text(app, field: str) -> str:  # noqa: ANN001
    error = app.screen.query_one(f"#error-{field}")
    return str(error.content) if error.has_class("shown") else ""


async def test_create_with_a_bad_value_then_fixed(demo_db: Database, monkeypatch) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    opened: list[tuple] = []
    monkeypatch.setattr(app, "open_account", lambda *args: opened.append(args))
    before = count_accounts(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AccountFormScreen)
        app.screen.query_one("#field-name", Input).value = "vasa timber"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already an account called vasa timber" in error_text(app, "name")
        app.screen.query_one("#field-name", Input).value = "Acme Tools"
        potential = app.screen.query_one("#field-purchase_potential_cents", Input)
        potential.focus()
        await pilot.press(*"lots", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AccountFormScreen)
        assert "not an amount of money" in error_text(app, "purchase_potential_cents")
        assert not error_text(app, "name")  # only the field at fault shows an error
        assert app.focused is potential
        assert count_accounts(demo_db) == before  # nothing half-saved
        potential.value = ""
        await pilot.press(*"250k", "ctrl+s")
        await pilot.pause()
        account = find_account(demo_db, "Acme Tools")
        assert account.purchase_potential_cents == 25_000_000
        assert account.current_level.value == "prospect"
        assert opened == [(account.id, "a")]  # a new account opens in its workspace at step a
        assert account.name in [row.name for row in app.screen.query_one("#portfolio-table").rows]
        assert not app.unsaved


@pytest.mark.both_engines
async def test_edit_shows_the_range_error_then_saves(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        account_id = app.screen.query_one("#portfolio-table").current_row.id
        await pilot.press("e")
        await pilot.pause()
        satisfaction = app.screen.query_one("#field-satisfaction", Input)
        satisfaction.value = ""
        satisfaction.focus()
        await pilot.press("1", "1", "ctrl+s")
        await pilot.pause()
        assert "between 0 and 10" in error_text(app, "satisfaction")
        assert "account form" in app.unsaved
        await pilot.press("backspace", "ctrl+s")
        await pilot.pause()
        assert get_account(demo_db, account_id).satisfaction == 1
        assert not isinstance(app.screen, AccountFormScreen)
        assert app.screen.query_one("#portfolio-table").current_row.satisfaction == 1
