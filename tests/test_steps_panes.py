"""Step panes as a user fills them: target level, economic figures, value proposition and personal wins, deliveries."""

from __future__ import annotations

import pytest

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models import RelationshipLevel, Step
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.services import accounts, deliveries, dmu, value_proposition

SIZE = (120, 36)


async def test_target_level_is_chosen_with_its_meaning(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account.id, "d")
        await pilot.pause()
        await pilot.press("enter", "t")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordFormScreen)
        await pilot.press("enter", "down", "down", "down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert accounts.get_account(db, account.id).target_level is RelationshipLevel.ACCOUNT
        workspace = app.screen
        assert workspace.states[Step.D].reason == "Missing: level assessment."
        assert "From Prospect to Account" in str(workspace.query_one("#guidance").content.renderables[0])


@pytest.mark.both_engines
async def test_money_fields_parse_and_refuse_at_the_field(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account.id, "e")
        await pilot.pause()
        screen = app.screen
        # The keyboard is on the revenue table (its keys are hinted): F6 and Enter go to the first field.
        await pilot.press("f6", "enter", *"lots", "ctrl+s")
        await pilot.pause()
        assert "not an amount of money" in str(screen.query_one("#err-purchase_potential_cents").content)
        assert accounts.get_account(db, account.id).purchase_potential_cents is None
        await pilot.press("ctrl+u", *"1.2m", "tab", *"300k", "ctrl+s")
        await pilot.pause()
        saved = accounts.get_account(db, account.id)
        assert (saved.purchase_potential_cents, saved.absorption_potential_cents) == (120_000_000, 30_000_000)
        assert screen.states[Step.E].reason == "Missing: an opportunity."


async def test_value_proposition_and_a_personal_win(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    member = dmu.create_member(db, account.id, {"name": "Ann Lee", "title": "COO"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account.id, "i")
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter", *"Uptime", "tab", *"MES", "ctrl+s")
        await pilot.pause()
        saved = value_proposition.get_value_proposition(db, account.id)
        assert (saved.org_benefits, saved.solution_fit) == ("Uptime", "MES")
        screen.query_one("#wins").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RecordFormScreen)
        await pilot.press(*"Promotion", "ctrl+s")
        await pilot.pause()
        assert dmu.get_member(db, member.id).personal_win == "Promotion"
        assert "Promotion" in str(screen.query_one("#wins").get_row_at(0)[2])


async def test_delivery_added_from_the_table(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account.id, "k")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Pilot", "ctrl+s")
        await pilot.pause()
        [row] = deliveries.list_deliveries(db, account.id)
        assert (row.name, row.progress) == ("Pilot", 0)
        assert app.screen.states[Step.K].reason.startswith("1 delivery without")
