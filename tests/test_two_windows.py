"""Two processes on one database: a real second process changes records while the app has them open.

The other process is a real ``python`` running the services, as a second window or a command would; the app
learns of its changes only through the database. Waits poll with a bounded deadline (another process is
involved), never a fixed sleep.
"""

from __future__ import annotations

import asyncio
import re
import sys
from functools import partial
from typing import Any

import pytest
from textual.widgets import Input, Select, SelectionList, Static, TextArea

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.account_form import AccountFormScreen
from accountmgr.screens.action_form import ActionForm
from accountmgr.screens.conflict import ConflictScreen
from accountmgr.screens.dmu_form import DmuForm
from accountmgr.screens.help import help_sections
from accountmgr.screens.opportunity_form import OpportunityForm
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.services import accounts, competitors, dmu, opportunities, plan, watch
from accountmgr.services.watch import ChangedElsewhere

import waiting

SIZE = (120, 40)
DEADLINE_S = 20.0
"""Generous: the machine is shared; the app itself looks every second."""
wait_until = partial(waiting.wait_until, limit=DEADLINE_S)

OTHER_WINDOW = """
import importlib, sys
from accountmgr.db import open_database

db = open_database(sys.argv[1])
update = getattr(importlib.import_module("accountmgr.services." + sys.argv[2]), sys.argv[3])
update(db, int(sys.argv[4]), dict(zip(sys.argv[5::2], sys.argv[6::2])))
db.close()
"""


async def other_window(db: Database, record_id: int, *, update: str = "accounts.update_account",
                       **changes: str) -> None:
    """Change a record's fields from another process (through *update*, a service function), until committed."""
    args = [item for pair in changes.items() for item in pair]
    module, function = update.split(".")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", OTHER_WINDOW, db.location, module, function, str(record_id), *args,
        stderr=asyncio.subprocess.PIPE,
    )
    _out, err = await process.communicate()
    assert process.returncode == 0, err.decode()




def reloaded(app: Any) -> bool:
    """The form is back, reloaded after a conflict."""
    notices = app.screen.query("#form-notice")
    return bool(notices) and "Reloaded" in str(notices.first(Static).content)


async def open_form(pilot: Any, app: Any) -> int:
    # The portfolio paints its first page once that page is scored: wait for the table, however busy the machine.
    await wait_until(pilot, lambda: bool(app.screen.query("#portfolio-table")))
    account_id = app.screen.query_one("#portfolio-table").current_row.id
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, AccountFormScreen)
    return account_id


async def save(pilot: Any) -> None:
    """Ctrl+S in the open form, and let the app answer (the form closes, or the conflict opens): keys are handled
    in order, so the next key waits until this one has been (bounded: a loaded machine may need several frames)."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    await wait_until(pilot, lambda: not pilot.app.keys_pending())


def field(app: Any, name: str) -> Input:
    return app.screen.query_one(f"#field-{name}", Input)


@pytest.mark.both_engines
async def test_edits_of_different_fields_from_two_windows_both_survive(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        account_id = await open_form(pilot, app)
        field(app, "industry").value = "Käse & Milch"
        await other_window(demo_db, account_id, region="Tirol")
        await save(pilot)
        assert not isinstance(app.screen, (AccountFormScreen, ConflictScreen))
    account = accounts.get_account(demo_db, account_id)
    assert (account.industry, account.region) == ("Käse & Milch", "Tirol")


@pytest.mark.both_engines
async def test_the_same_field_asks_and_reload_keeps_my_edits(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        account_id = await open_form(pilot, app)
        field(app, "industry").value = "Mine"
        await other_window(demo_db, account_id, industry="Theirs [ok]", region="Tirol")
        # The open form notices the change without touching what is typed.
        await wait_until(pilot, lambda: app.screen.query_one("#form-notice").has_class("shown"))
        assert "your save will be checked" in str(app.screen.query_one("#form-notice", Static).content)
        assert field(app, "industry").value == "Mine"
        await save(pilot)
        assert isinstance(app.screen, ConflictScreen)
        text = str(app.screen.query_one("#conflict-text", Static).content)
        assert "Industry" in text and "another window" in text and "Theirs [ok]" in text
        assert re.search(r"\d\d:\d\d", text)  # when
        assert accounts.get_account(demo_db, account_id).industry == "Theirs [ok]"  # nothing written yet
        await pilot.press("f5")
        await wait_until(pilot, lambda: reloaded(app))
        assert isinstance(app.screen, AccountFormScreen)
        assert field(app, "industry").value == "Mine"  # my edit, back on top
        assert field(app, "region").value == "Tirol"  # their change, reloaded
        await save(pilot)
        assert not isinstance(app.screen, (AccountFormScreen, ConflictScreen))
    account = accounts.get_account(demo_db, account_id)
    assert (account.industry, account.region) == ("Mine", "Tirol")


async def test_the_same_field_overwritten_or_cancelled(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        account_id = await open_form(pilot, app)
        field(app, "industry").value = "Mine"
        await other_window(demo_db, account_id, industry="Theirs", notes="their note")
        await save(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")  # Cancel: back to the form, nothing written
        await pilot.pause()
        assert isinstance(app.screen, AccountFormScreen)
        assert accounts.get_account(demo_db, account_id).industry == "Theirs"
        await save(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, (AccountFormScreen, ConflictScreen))
    account = accounts.get_account(demo_db, account_id)
    assert (account.industry, account.notes) == ("Mine", "their note")


@pytest.mark.both_engines
async def test_the_portfolio_shows_another_process_change(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#portfolio-table")))
        account_id = app.screen.query_one("#portfolio-table").current_row.id
        await other_window(demo_db, account_id, name="Zürich Präzision AG")
        await wait_until(pilot, lambda: "Zürich Präzision AG" in [
            row.name for row in app.screen.query_one("#portfolio-table").rows])


async def test_the_workspace_follows_another_process_and_keeps_edits_in_progress(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "brennero").id
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "a")
        await pilot.pause()
        organisation = app.screen.query_one("#f-organisation", TextArea)
        await other_window(demo_db, account_id, organisation="Three plants, family owned")
        await wait_until(pilot, lambda: organisation.text == "Three plants, family owned")
        # An edit in progress is kept when another change arrives, and both are saved.
        app.screen.query_one("#f-value_chain", TextArea).load_text("Bottling lines")
        await other_window(demo_db, account_id, organisation="Four plants")
        status = app.screen.query_one("#save-status", Static)
        await wait_until(pilot, lambda: "your save will be checked" in str(status.content))
        assert organisation.text == "Three plants, family owned"
        app.screen.query_one("#f-value_chain", TextArea).focus()
        await save(pilot)
        assert str(status.content) == "Saved."
        assert organisation.text == "Four plants"
    account = accounts.get_account(demo_db, account_id)
    assert (account.organisation, account.value_chain) == ("Four plants", "Bottling lines")


async def test_a_step_record_form_asks_and_reload_keeps_my_edits(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "atlas").id
    [rival] = competitors.list_competitors(demo_db, account_id)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "c", select=rival.id)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RecordFormScreen)
        app.screen.query_one("#f-competitor", Input).value = "Dassault [mine]"
        await other_window(demo_db, rival.id, update="competitors.update_competitor",
                           competitor="Dassault [theirs]", notes="price war")
        await save(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert "Dassault [theirs]" in str(app.screen.query_one("#conflict-text", Static).content)
        await pilot.press("f5")
        await wait_until(pilot, lambda: reloaded(app))
        assert isinstance(app.screen, RecordFormScreen)
        assert app.screen.query_one("#f-competitor", Input).value == "Dassault [mine]"
        assert app.screen.query_one("#f-notes", TextArea).text == "price war"
        assert "Dassault [theirs]" in str(app.screen.query_one("#form-notice", Static).content)
        await save(pilot)
        assert not isinstance(app.screen, (RecordFormScreen, ConflictScreen))
    now = competitors.get_competitor(demo_db, rival.id)
    assert (now.competitor, now.notes) == ("Dassault [mine]", "price war")


async def test_a_step_pane_asks_and_overwrites(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "brennero").id
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "a")
        await pilot.pause()
        app.screen.query_one("#f-organisation", TextArea).load_text("Mine")
        app.screen.query_one("#f-organisation", TextArea).focus()
        await other_window(demo_db, account_id, organisation="Theirs", value_chain="Their chain")
        await save(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(app.screen.query_one("#save-status", Static).content) == "Saved."
        assert app.screen.query_one("#f-value_chain", TextArea).text == "Their chain"
    account = accounts.get_account(demo_db, account_id)
    assert (account.organisation, account.value_chain) == ("Mine", "Their chain")


async def test_help_lists_the_keys_of_the_conflict_question(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sections = {title: dict((desc, keys) for keys, desc in rows) for title, rows, _ in help_sections(app)}
        keys = sections["Changed in another window"]
        assert (keys["Reload keeping my edits"], keys["Overwrite"]) == ("F5", "Ctrl+S")
        assert "Cancel" in keys


async def test_the_dmu_form_reload_keeps_ticked_roles_and_typed_text(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "brennero").id
    person = next(m for m in dmu.list_members(demo_db, account_id) if "gatekeeper" not in m.roles)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(DmuForm(account_id, person.id))
        await pilot.pause()
        app.screen.query_one("#roles", SelectionList).select("gatekeeper")
        app.screen.query_one("#phone", Input).value = "+39 0471 000"
        await other_window(demo_db, person.id, update="dmu.update_member", phone="+39 02 999", title="CFO «new»")
        await save(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("f5")
        await wait_until(pilot, lambda: reloaded(app))
        assert isinstance(app.screen, DmuForm)
        assert "gatekeeper" in app.screen.query_one("#roles", SelectionList).selected
        assert app.screen.query_one("#phone", Input).value == "+39 0471 000"
        assert app.screen.query_one("#title", Input).value == "CFO «new»"
        await save(pilot)
        assert not isinstance(app.screen, (DmuForm, ConflictScreen))
    now = dmu.get_member(demo_db, person.id)
    assert (now.phone, now.title, "gatekeeper" in now.roles) == ("+39 0471 000", "CFO «new»", True)


async def test_the_opportunity_form_merges_a_rating_with_a_rename_elsewhere(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "brennero").id
    opp = opportunities.list_opportunities(demo_db, account_id)[0]
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(OpportunityForm(account_id, opp.id))
        await pilot.pause()
        rating = "0" if opp.need_recognised != 0 else "1"
        app.screen.query_one("#need_recognised", Select).value = rating
        await other_window(demo_db, opp.id, update="opportunities.update_opportunity", name="Line 4 retrofit")
        await save(pilot)
        assert not isinstance(app.screen, (OpportunityForm, ConflictScreen))
    now = opportunities.get_opportunity(demo_db, opp.id)
    assert (now.name, now.need_recognised) == ("Line 4 retrofit", int(rating))


async def test_the_opportunity_form_reload_keeps_my_rating(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "brennero").id
    opp = opportunities.list_opportunities(demo_db, account_id)[0]
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(OpportunityForm(account_id, opp.id))
        await pilot.pause()
        mine = "1" if opp.need_recognised == 2 else "2"
        app.screen.query_one("#need_recognised", Select).value = mine
        await other_window(demo_db, opp.id, update="opportunities.update_opportunity", need_recognised="0",
                           notes="budget frozen")
        await save(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("f5")
        await wait_until(pilot, lambda: reloaded(app))
        assert app.screen.query_one("#need_recognised", Select).value == mine
        assert app.screen.query_one("#notes", TextArea).text == "budget frozen"
        await save(pilot)
        assert not isinstance(app.screen, (OpportunityForm, ConflictScreen))
    now = opportunities.get_opportunity(demo_db, opp.id)
    assert (now.need_recognised, now.notes) == (int(mine), "budget frozen")


async def test_the_action_form_merges_people_with_an_objective_changed_elsewhere(demo_db: Database) -> None:
    account_id = accounts.find_account(demo_db, "brennero").id
    action = plan.list_actions(demo_db, account_id)[0]
    other = next(m for m in dmu.list_members(demo_db, account_id) if m.id not in action.member_ids)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ActionForm(account_id, action.id))
        await pilot.pause()
        app.screen.query_one("#member_ids", SelectionList).select(other.id)
        await other_window(demo_db, action.id, update="plan.update_action", objective="Agree the pilot scope")
        await save(pilot)
        assert not isinstance(app.screen, (ActionForm, ConflictScreen))
    now = plan.get_action(demo_db, action.id)
    assert now.objective == "Agree the pilot scope"
    assert set(now.member_ids) == {*action.member_ids, other.id}


async def test_news_of_a_change_already_shown_changes_nothing(demo_db: Database) -> None:
    """The app may learn of another window's change after a save or reload already showed it."""
    account_id = accounts.find_account(demo_db, "brennero").id
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "a")
        await pilot.pause()
        pane = app.screen.pane
        app.screen.query_one("#f-organisation", TextArea).load_text("Ours")
        app.screen.query_one("#f-organisation", TextArea).focus()
        await save(pilot)
        status = app.screen.query_one("#save-status", Static)
        assert str(status.content) == "Saved."
        pane.changed_elsewhere([ChangedElsewhere(account_id, "account", account_id)])
        assert str(status.content) == "Saved."
        assert watch.current_version(demo_db, "account", account_id) == pane.seen.version
        assert watch.current_version(demo_db, "account", 10**9) is None
