"""Pilot flows of the DMU pane (step h): add under a manager, edit, gaps appearing and going, org chart moves."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import DataTable

from accountmgr.models import Attitude
from accountmgr.screens.coverage_panel import CoveragePanel
from accountmgr.screens.dmu_form import DmuForm
from accountmgr.screens.panes.dmu_pane import DmuPane
from accountmgr.screens.dmu_profile import DmuProfileScreen
from accountmgr.services import activity, dmu, plan, settings
from accountmgr.services.accounts import find_account
from accountmgr.services.coverage import Rule, Status, coverage
from accountmgr.widgets.org_chart import OrgChart
from pane_host import pane_app

PaneApp = pane_app(DmuPane)


def plain_text(renderable) -> str:  # noqa: ANN001
    """What a Rich renderable reads as, without colours."""
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def member_named(db, account_id: int, name: str):  # noqa: ANN001, ANN201
    return next(m for m in dmu.list_members(db, account_id) if m.name == name)


@pytest.fixture
def brennero(demo_db):
    return find_account(demo_db, "Brennero Foods").id


@pytest.mark.both_engines
async def test_add_a_person_under_a_manager(demo_db, brennero):
    chiara = member_named(demo_db, brennero, "Chiara Valli")
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DmuPane)
        pane.select_member(chiara.id)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, DmuForm)
        await pilot.press(*"Nora", "tab", *"Lead")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, DmuForm)
        nora = member_named(demo_db, brennero, "Nora")
        assert nora.reports_to_id == chiara.id and nora.title == "Lead"
        table = app.query_one("#dmu-table", DataTable)
        assert table.get_row(str(nora.id))[0].plain == "Nora"
        assert pane.member_id == nora.id


async def test_a_refused_field_shows_the_message_and_escape_writes_nothing(demo_db, brennero):
    before = len(dmu.list_members(demo_db, brennero))
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await pilot.press(*"Tom")
        form.query_one("#last_contact").value = "+3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "cannot be in the future" in str(form.query_one("#last_contact-error").render())
        assert form.focused is form.query_one("#last_contact")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DmuForm)
    assert len(dmu.list_members(demo_db, brennero)) == before


async def test_changing_attitude_makes_a_gap_appear_and_disappear(demo_db):
    account = find_account(demo_db, "Castellane Packaging").id
    assert coverage(demo_db, account).status is Status.GREEN
    key = next(m for m in dmu.list_members(demo_db, account) if "decision_maker" in m.roles and m.influence == "high")
    app = PaneApp(demo_db, account)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DmuPane)
        panel = app.query_one(CoveragePanel)
        pane.select_member(key.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#attitude").focus()
        await pilot.press("enter", "o", "enter", "ctrl+s")
        await pilot.pause()
        assert member_named(demo_db, account, key.name).attitude is Attitude.OPPONENT
        assert Rule.HOSTILE_INFLUENCE in {gap.rule for gap in panel.coverage.gaps_for(key.id)}
        gaps = app.query_one("#gaps")
        lines = [str(gaps.get_option_at_index(i).prompt) for i in range(gaps.option_count)]
        assert any(f"{key.name}: opponent with high influence." in line for line in lines)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#attitude").focus()
        await pilot.press("enter", "c", "enter", "ctrl+s")
        await pilot.pause()
        assert member_named(demo_db, account, key.name).attitude is Attitude.CHAMPION
        assert panel.coverage.status is Status.GREEN
        assert panel.coverage.gaps_for(key.id) == []


async def test_move_in_the_org_chart(demo_db, brennero):
    irene = member_named(demo_db, brennero, "Irene Costa")
    chiara = member_named(demo_db, brennero, "Chiara Valli")
    old_manager = irene.reports_to_id
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DmuPane)
        pane.select_member(irene.id)
        await pilot.press("v")
        await pilot.pause()
        chart = app.query_one(OrgChart)
        assert chart.has_focus and chart.member_id == irene.id
        await pilot.press("m", *"chi", "enter")
        await pilot.pause()
        assert dmu.get_member(demo_db, irene.id).reports_to_id == chiara.id
        node = chart.cursor_node
        assert node.data == irene.id and node.parent.data == chiara.id
        # "u" moves her back up one level, under Chiara's manager.
        await pilot.press("u")
        await pilot.pause()
        assert dmu.get_member(demo_db, irene.id).reports_to_id == chiara.reports_to_id
    assert old_manager is not None
    moves = [e for e in activity.entries_for_account(demo_db, brennero) if e.entity_id == irene.id]
    assert [e.changes["reports_to_id"][1] for e in moves[-2:]] == [chiara.id, chiara.reports_to_id]


async def test_enter_on_a_gap_selects_the_person(demo_db, brennero):
    irene = member_named(demo_db, brennero, "Irene Costa")
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DmuPane)
        assert pane.member_id != irene.id
        await pilot.press("G", "enter")
        await pilot.pause()
        assert pane.member_id == irene.id
        assert app.query_one("#dmu-table").has_focus


async def test_delete_asks_then_moves_reports_up(demo_db, brennero):
    chiara = member_named(demo_db, brennero, "Chiara Valli")
    reports = [m.id for m in dmu.list_members(demo_db, brennero) if m.reports_to_id == chiara.id]
    assert reports
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        app.query_one(DmuPane).select_member(chiara.id)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")  # keep
        await pilot.pause()
        assert member_named(demo_db, brennero, "Chiara Valli")
        await pilot.press("d", "y")
        await pilot.pause()
    names = {m.name for m in dmu.list_members(demo_db, brennero)}
    assert "Chiara Valli" not in names
    assert {dmu.get_member(demo_db, r).reports_to_id for r in reports} == {chiara.reports_to_id}


async def test_filter_by_column_and_sort(demo_db, brennero):
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        table = app.query_one("#dmu-table", DataTable)
        await pilot.press("slash", *"att:ch")
        await pilot.pause()
        shown = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert shown == ["Chiara Valli", "Luca Ferrante", "Paolo Brennero"]
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 7 and table.has_focus
        await pilot.press("s", "S")  # by roles, descending
        await pilot.pause()
        roles = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert roles == sorted(roles, reverse=True) and roles[0] != roles[-1]
        assert "sorted by roles (descending)" in str(app.query_one("#dmu-heading").render())


async def test_profile_shows_win_style_hint_and_interactions(demo_db, brennero):
    paolo = member_named(demo_db, brennero, "Paolo Brennero")
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        app.query_one(DmuPane).select_member(paolo.id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DmuProfileScreen)
        text = plain_text(app.screen.query_one("#profile").content)
        assert paolo.personal_win[:20] in text
        assert paolo.social_style.hint in text
        actions = plan.actions_for_member(demo_db, paolo.id)
        assert actions, "the demo plan addresses the CEO"
        assert actions[0].objective[:30] in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DmuProfileScreen)


async def test_stale_limit_is_set_from_the_pane(demo_db, brennero):
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("L", "backspace", "backspace", "0", "enter")
        await pilot.pause()
        assert "between 1 and 3650" in str(app.screen.query_one("#stale_days-error").render())
        await pilot.press("backspace", *"90", "enter")
        await pilot.pause()
        assert settings.stale_days(demo_db) == 90
        assert app.query_one(CoveragePanel).coverage.stale_days == 90


async def test_an_empty_dmu_says_how_to_start_and_is_red(db):
    from accountmgr.services.accounts import create_account

    account = create_account(db, {"name": "New Co"}).id
    app = PaneApp(db, account)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "Press a to add the first person" in str(app.query_one("#dmu-heading").render())
        panel = app.query_one(CoveragePanel)
        assert panel.coverage.status is Status.RED
        assert "RED" in str(panel.query_one("#coverage-head").render())


async def test_influence_lines_are_added_with_keys_and_drawn_dotted_in_the_org_chart(demo_db, brennero):
    from textual.widgets import Select

    from accountmgr.screens.influence_lines import InfluenceLinesScreen
    from accountmgr.screens.steps.record_form import RecordFormScreen
    from accountmgr.services import informal

    people = dmu.list_members(demo_db, brennero)
    for line in informal.lines(demo_db, brennero):
        informal.delete_line(demo_db, line.id)
    source, target = people[0], people[1]
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(DmuPane)
        pane.select_member(source.id)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, InfluenceLinesScreen)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordFormScreen)
        assert form.query_one("#f-from_id", Select).value == str(source.id)  # starts from the highlighted person
        form.query_one("#f-to_id", Select).value = str(target.id)
        form.query_one("#f-strength", Select).value = "strong"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InfluenceLinesScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, InfluenceLinesScreen)
        [line] = informal.lines(demo_db, brennero)
        assert (line.from_id, line.to_id, line.strength.value) == (source.id, target.id, "strong")
        await pilot.press("v")
        await pilot.pause()
        chart = app.query_one("#org-chart", OrgChart)
        leaves = [node.label.plain for node in chart._member_nodes[source.id].children]  # noqa: SLF001
        assert f"┄┄┄▸ influences {target.name} (strong)" in leaves


async def test_the_profile_shows_influence_lines_and_the_competitor_leaned_to(demo_db, brennero):
    irene = member_named(demo_db, brennero, "Irene Costa")
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(DmuPane).select_member(irene.id)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, DmuProfileScreen)
        shown = plain_text(app.screen.query_one("#profile").content)
        assert "Irene Costa influences Chiara Valli (medium)" in shown
        assert "leans to Accenture Industry X (medium)" in shown
