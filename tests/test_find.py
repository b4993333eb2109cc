"""Find anything: the search service (accents, quotes, brackets, any text) and ctrl+f / the palette as a user drives them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from accountmgr.app import make_app
from accountmgr.models import Step
from accountmgr.screens.panes.dmu_pane import DmuPane
from accountmgr.screens.find import FindScreen
from accountmgr.screens.panes.opportunities_pane import OpportunitiesPane
from accountmgr.screens.panes.plan_pane import PlanPane
from accountmgr.screens.workspace import WorkspaceScreen
from accountmgr.services import accounts, dmu, opportunities, plan
from accountmgr.services.accounts import find_account
from accountmgr.services.find import LIMIT, find_anything, fold, patterns
from palette_wait import wait_for_first_hit

SIZE = (120, 36)


@pytest.fixture
def hostile(db):  # noqa: ANN001, ANN201
    """Two accounts whose people, deals and actions are written the way real ones are."""
    rossi = accounts.create_account(db, {"name": "Rossi [italia] SpA"})
    oneill = accounts.create_account(db, {"name": "O'Neill & Sons"})
    people = {
        "josé": dmu.create_member(db, rossi.id, {"name": "José Müller-Łukasz", "title": "Direttore \"Acquisti\"",
                                                  "email": "j.muller@rossi.example"}).id,
        "nystrom": dmu.create_member(db, oneill.id, {"name": "KARIN NYSTRÖM", "title": "CFO (interim) 100%"}).id,
        "plain": dmu.create_member(db, oneill.id, {"name": "Sean O'Neill", "title": "Owner"}).id,
    }
    opportunities.create_opportunity(db, rossi.id, {"name": "Linea 3 — \"retrofit\" [fase 2]", "value_cents": "1.234,56"})
    plan.create_action(db, oneill.id, {"scheduled_at": "2026-12-01 10:00", "objective": "Café with Karin: 50% off?"},
                       confirm_past=True)
    return {"rossi": rossi.id, "oneill": oneill.id, **people}


def kinds_and_names(text: str, db) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(hit.kind, hit.name) for hit in find_anything(db, text)]


@pytest.mark.both_engines
def test_case_and_accents_do_not_matter_either_way(db, hostile) -> None:  # noqa: ANN001
    for typed in ("jose", "JOSÉ", "muller", "MÜLLER", "lukasz", "łukasz"):
        assert ("Person", "José Müller-Łukasz") in kinds_and_names(typed, db), typed
    for typed in ("nyström", "Nystrom", "karin nystrom"):
        assert ("Person", "KARIN NYSTRÖM") in kinds_and_names(typed, db), typed
    assert kinds_and_names("cafe", db) == [("Action", "Café with Karin: 50% off?")]


@pytest.mark.both_engines
def test_title_and_email_find_the_person_with_the_account(db, hostile) -> None:  # noqa: ANN001
    by_email = find_anything(db, "muller@rossi")
    assert [(hit.kind, hit.account_name, hit.step, hit.record_id) for hit in by_email] == [
        ("Person", "Rossi [italia] SpA", Step.H.value, hostile["josé"])]
    assert [hit.name for hit in find_anything(db, "(interim)")] == ["KARIN NYSTRÖM"]


@pytest.mark.both_engines
def test_quotes_brackets_and_like_wildcards_are_plain_text(db, hostile) -> None:  # noqa: ANN001
    assert kinds_and_names("[italia]", db) == [("Account", "Rossi [italia] SpA")]
    assert kinds_and_names("o'neill", db)[:2] == [("Account", "O'Neill & Sons"), ("Person", "Sean O'Neill")]
    assert kinds_and_names('"acquisti"', db) == [("Person", "José Müller-Łukasz")]
    assert kinds_and_names("[fase 2]", db) == [("Opportunity", "Linea 3 — \"retrofit\" [fase 2]")]
    assert kinds_and_names("100%", db) == [("Person", "KARIN NYSTRÖM")]
    assert kinds_and_names("50%", db) == [("Action", "Café with Karin: 50% off?")]
    assert kinds_and_names("%", db) != kinds_and_names("x", db)  # a % is a per cent sign, not "anything"
    assert kinds_and_names("_", db) == []


def test_where_each_kind_goes(db, hostile) -> None:  # noqa: ANN001
    found = {hit.kind: hit for hit in find_anything(db, "a")}
    assert found["Account"].step is None and found["Account"].record_id is None
    assert found["Opportunity"].step == Step.E.value
    assert found["Action"].step == Step.J.value and found["Action"].account_id == hostile["oneill"]


def test_name_beginnings_come_first_and_results_are_limited(db) -> None:  # noqa: ANN001
    account = accounts.create_account(db, {"name": "Kappa Srl"})
    for number in range(LIMIT + 5):
        dmu.create_member(db, account.id, {"name": f"Anna Verdi {number:02d}"})
    dmu.create_member(db, account.id, {"name": "Verdiana Rossi"})
    found = find_anything(db, "verdi")
    assert len(found) == LIMIT
    assert found[0].name == "Verdiana Rossi"  # the name starts with it; the others only have a word that does


def test_archived_accounts_and_blank_text_find_nothing(db, hostile) -> None:  # noqa: ANN001
    assert find_anything(db, "   ") == []
    accounts.set_archived(db, hostile["rossi"], True)
    assert find_anything(db, "jose") == []


def test_fold_and_patterns() -> None:
    assert fold("  Łódź  ŒUVRE  ") == "lodz oeuvre"
    exact, loose = patterns("o'neill_%")
    assert exact == "%o'neill\\_\\%%"
    assert loose.startswith("%_'_") and loose.endswith("\\_\\%%")


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_text_is_searched_without_crashing(db, text: str) -> None:  # noqa: ANN001
    found = find_anything(db, text)
    assert len(found) <= LIMIT


# --- as a user drives it -------------------------------------------------------------------------------------


async def find_and_go(pilot, text: str) -> None:  # noqa: ANN001
    await pilot.press("ctrl+f")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FindScreen)
    await pilot.press(*text)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


def member_named(db, account: str, name: str) -> int:  # noqa: ANN001
    return next(m.id for m in dmu.list_members(db, find_account(db, account).id) if m.name == name)


async def test_from_the_portfolio_enter_lands_on_the_person_in_the_dmu(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await find_and_go(pilot, "zsofia nagy")
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        assert screen.account_id == find_account(demo_db, "Danubia Pharma").id
        assert screen.current is Step.H
        await pilot.pause()
        pane = screen.query_one(DmuPane)
        assert pane.member_id == member_named(demo_db, "Danubia Pharma", "Zsófia Nagy")
        assert app.focused is pane.query_one("#dmu-table")


async def test_from_inside_an_account_a_person_of_another_account(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(find_account(demo_db, "Brennero Foods").id, "a")
        await pilot.pause()
        await find_and_go(pilot, "NYSTROM")
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        assert screen.account_id == find_account(demo_db, "Vasa Timber").id
        assert screen.current is Step.H
        await pilot.pause()
        assert screen.query_one(DmuPane).member_id == member_named(demo_db, "Vasa Timber", "Karin Nyström")
        await pilot.press("escape", "escape")  # back through the step list to the account we came from
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.screen.account_id == find_account(demo_db, "Brennero Foods").id


async def test_in_the_same_account_the_workspace_moves_to_the_record(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    atlas = find_account(demo_db, "Atlas Aerospace Parts").id
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(atlas, "a")
        await pilot.pause()
        first = app.screen
        await find_and_go(pilot, "machine monitoring")
        assert app.screen is first  # no second workspace of the same account
        assert first.current is Step.E
        await pilot.pause()
        row = first.query_one(OpportunitiesPane).current_row
        assert row is not None and row.opportunity.name.lower().startswith("machine monit")


async def test_the_palette_finds_an_action_and_goes_to_it(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"pharma logistics forum")
        await wait_for_first_hit(pilot, "Action: Pharma logistics forum")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        assert screen.current is Step.J
        await pilot.pause()
        row = screen.query_one(PlanPane).current_row
        assert row is not None and row.objective.startswith("Pharma logistics forum")


async def test_escape_closes_and_nothing_found_says_so(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = app.screen
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press(*"zzqx")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Nothing found" in str(app.screen.query_one("#find-status").content)
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert app.screen is before


async def test_text_typed_straight_after_ctrl_f_reaches_the_box(demo_db) -> None:  # noqa: ANN001
    """A burst (ctrl+f then the name, faster than the screen opens) loses no character and moves nothing below."""
    from textual import events

    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        portfolio = app.screen
        for key, character in [("ctrl+f", None), *[(char, char) for char in "lund"]]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FindScreen)
        assert app.screen.query_one("#find-input").value == "lund"
        assert [hit.name for hit in app.screen.results] == ["Johanna Lund"]
        await pilot.press("down", "x")  # typing in the list goes on in the box
        assert app.screen.query_one("#find-input").value == "lundx"
        await pilot.press("escape")
        assert app.screen is portfolio


async def test_at_80_columns_each_result_keeps_to_one_line(demo_db) -> None:  # noqa: ANN001
    """A result wrapped after "Atlas Aerospace" reads as two results; it is cut with an ellipsis instead."""
    from textual.widgets import OptionList

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f", *"fontaine")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one("#find-results", OptionList)
        assert results.option_count == 1
        lines = [line.text.rstrip() for line in results.render_lines(results.region.reset_offset)]
        shown = [text for text in lines if text.strip()]
        assert len(shown) == 1 and shown[0].endswith("…") and "Hugo Fontaine" in shown[0]
