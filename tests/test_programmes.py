"""Programmes (customer service, loyalty, one-to-one): the suggestion and why, choosing them in step g, the plan."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Static

from sqlmodel import select

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models import ActivityLog, RelationshipLevel
from accountmgr.models.programmes import Programme
from accountmgr.services import accounts, programmes
from accountmgr.services.account_plan import render_account_plan
from accountmgr.services.accounts import find_account
from accountmgr.services.scoring import Segment

L = RelationshipLevel


@pytest.mark.parametrize(("level", "segment", "strategic", "expected"), [
    (L.PROSPECT, Segment.HIGH_POTENTIAL, 5, set()),
    (L.BUYER, Segment.CORE, None, {Programme.CUSTOMER_SERVICE, Programme.LOYALTY}),
    (L.BUYER, Segment.HIGH_POTENTIAL, 4, {Programme.CUSTOMER_SERVICE, Programme.LOYALTY, Programme.ONE_TO_ONE}),
    (L.ACCOUNT, Segment.HIGH_PERFORMANCE, None, {Programme.CUSTOMER_SERVICE, Programme.ONE_TO_ONE}),
    (L.PARTNER, Segment.CORE, 2, {Programme.CUSTOMER_SERVICE, Programme.ONE_TO_ONE}),
    (L.ACCOUNT, Segment.BELOW_ZERO, 5, {Programme.CUSTOMER_SERVICE}),
    (L.BUYER, None, None, {Programme.CUSTOMER_SERVICE, Programme.LOYALTY}),
])
def test_the_suggestion_follows_level_and_segment(level, segment, strategic, expected) -> None:  # noqa: ANN001
    suggestion = programmes.suggest(level, segment, strategic)
    assert set(suggestion.programmes) == expected
    assert suggestion.reasons, "every suggestion says why"


def test_a_prospect_is_in_no_programme_yet_and_says_why() -> None:
    assert "buys nothing from us yet" in programmes.suggest(L.PROSPECT).reasons[0]


def test_joining_and_leaving_is_logged_and_idempotent(db: Database) -> None:
    # Strategic value 1: scored (not "not yet scored"), and low.
    account = accounts.create_account(db, {"name": "Rossi [italia] SpA", "current_level": "buyer", "strategic_value": 1})
    assert programmes.set_programme(db, account.id, Programme.LOYALTY, True)
    assert not programmes.set_programme(db, account.id, "loyalty", True)
    assert programmes.set_programme(db, account.id, "Customer-service programme", True)
    assert [row.programme for row in programmes.programmes_of(db, account.id)] == [
        Programme.CUSTOMER_SERVICE, Programme.LOYALTY]
    assert programmes.set_programme(db, account.id, Programme.LOYALTY, False)
    assert not programmes.set_programme(db, account.id, Programme.LOYALTY, False)
    # A Buyer that has bought nothing and scores low is below-zero: the standard service only.
    assert programmes.programme_view(db, account.id).differences() == []
    programmes.set_programme(db, account.id, Programme.LOYALTY, True)
    assert programmes.programme_view(db, account.id).differences() == [
        "Chosen though not suggested: Loyalty programme (say why in the strategy notes)."]
    with db.session() as session:
        logged = list(session.exec(select(ActivityLog.summary).where(ActivityLog.entity == "account_programme")))
    assert logged[0] == "Added loyalty programme of Rossi [italia] SpA"
    assert "Removed loyalty programme of Rossi [italia] SpA" in logged


def test_what_changed_lists_programmes_joined_and_left(demo_db: Database) -> None:
    from accountmgr.services import clock

    brennero = find_account(demo_db, "Brennero Foods")
    with clock.frozen(clock.now() + __import__("datetime").timedelta(days=1)):
        programmes.set_programme(demo_db, brennero.id, Programme.LOYALTY, True)
        programmes.set_programme(demo_db, brennero.id, Programme.ONE_TO_ONE, False)
        plan = render_account_plan(demo_db, brennero.id)
    changed = plan.split("## What changed")[1].split("## a.")[0]
    programmes_part = changed.split("**Programmes**")[1]
    assert "- Added: loyalty programme of Brennero Foods." in programmes_part
    assert "- Removed: one-to-one programme of Brennero Foods." in programmes_part


def test_the_plan_shows_the_programmes_in_the_strategy_step(demo_db: Database) -> None:
    iberlux = find_account(demo_db, "Iberlux Beverages")
    plan = render_account_plan(demo_db, iberlux.id)
    strategy = plan.split("## g.")[1].split("## h.")[0]
    assert "### Programmes" in strategy
    assert "| Loyalty programme (*programma di fidelizzazione*) | yes, since 2025-07-08: Kept from the old rebate scheme. | no |" in strategy
    assert "value segment: Below-zero" in strategy
    assert "Chosen though not suggested: Loyalty programme" in strategy
    empty = render_account_plan(demo_db, find_account(demo_db, "Polder Logistics").id)
    assert "- (g) The programmes this customer is in" in empty.split("## To complete before the next review")[1]


def test_the_demo_has_programmes_on_at_least_three_accounts(demo_db: Database) -> None:
    with_programmes = [a for a in accounts.list_accounts(demo_db) if programmes.programmes_of(demo_db, a.id)]
    assert len(with_programmes) >= 3


async def test_ticking_a_programme_in_step_g_saves_it_at_once(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools", "current_level": "account"})
    app = make_app(db)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        app.open_account(account.id, "g")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        advice = str(app.screen.query_one("#programme-advice", Static).render())
        assert advice.startswith("Suggested") and "Customer service for every customer" in advice
        box = app.screen.query_one("#programme-one_to_one", Checkbox)
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert [row.programme for row in programmes.programmes_of(db, account.id)] == [Programme.ONE_TO_ONE]
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", *'Quarterly "OEE" review [plant 2]', "ctrl+s")
        await pilot.pause()
        assert programmes.programmes_of(db, account.id)[0].note == 'Quarterly "OEE" review [plant 2]'
        assert 'Quarterly "OEE" review [plant 2]' in str(box.label)
        await pilot.press("enter")
        await pilot.pause()
        assert programmes.programmes_of(db, account.id) == []
        await pilot.press("e")  # not in it any more: nothing to note
        await pilot.pause()
        assert app.screen.query("#programme-one_to_one")
