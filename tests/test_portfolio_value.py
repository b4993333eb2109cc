"""Lifetime value and RFMT on the portfolio as a user drives it: the columns, sorting, Why? and the settings (V)."""

from __future__ import annotations

from textual.widgets import Input

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models import RelationshipLevel
from accountmgr.screens.portfolio import PortfolioScreen, portfolio_cells
from accountmgr.screens.score_explain import ScoreExplainScreen
from accountmgr.screens.value_settings_form import ValueSettingsFormScreen
from accountmgr.services import settings
from accountmgr.widgets.virtual_table import VirtualTable

SIZE = (120, 36)


async def test_lifetime_and_rfmt_columns_sort_largest_first(demo_db: Database, frozen_clock) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(VirtualTable)
        # At 120 columns the names are whole and RFMT gives way to them; sorted by it, it shows.
        assert "clv" in {column.key for column in table.shown_columns}
        app.screen.action_sort("clv")
        await pilot.pause()
        values = [row.value.clv_cents for row in table.rows if row.value.clv_cents is not None]
        assert values == sorted(values, reverse=True) and len(values) >= 3
        assert "sort Lifetime ▼" in str(app.screen.query_one("#status").content)
        # Accounts without a lifetime value (prospects) come last, and say why.
        last = table.rows[-1]
        assert last.level is RelationshipLevel.PROSPECT and str(portfolio_cells(last)[10]) == "—"
        app.screen.action_sort("rfmt")
        await pilot.pause()
        scores = [row.value.rfmt for row in table.rows if row.value.rfmt is not None]
        assert scores == sorted(scores, reverse=True)
        assert "rfmt" in {column.key for column in table.shown_columns}


async def test_why_explains_lifetime_value_and_rfmt(demo_db: Database, frozen_clock) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"brenn", "enter", "w")
        await pilot.pause()
        assert isinstance(app.screen, ScoreExplainScreen)
        text = "\n".join(str(widget.content) for widget in app.screen.query("Static"))
        assert "Lifetime value: €" in text and "Discounted at 8 % over 5 years" in text
        assert "RFMT: " in text and "Tenure" in text and "Three ways to differentiate" in text


async def test_v_sets_discount_horizon_and_weights_then_rescores(demo_db: Database, frozen_clock) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = {row.id: row.value.clv_cents for row in app.screen.query_one(VirtualTable).rows}
        await pilot.press("V")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ValueSettingsFormScreen)
        form.query_one("#value-value_discount_pct", Input).value = "70"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "between 0 and 50" in str(form.query_one("#value_discount_pct-error").content)
        assert settings.get(demo_db, "value_discount_pct") == 8
        form.query_one("#value-value_discount_pct", Input).value = "20"
        form.query_one("#value-tenure", Input).value = "60"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        assert settings.get(demo_db, "value_discount_pct") == 20
        assert settings.get(demo_db, "rfmt_weights")["tenure"] == 60
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        after = {row.id: row.value.clv_cents for row in app.screen.query_one(VirtualTable).rows}
        lower = [key for key, value in before.items() if value and value > 0 and after[key] < value]
        assert len(lower) >= 3
