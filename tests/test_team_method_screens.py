"""Pilot flows of our team in the method: assess, open a person's objectives and tick checks, the matrix, palette."""

from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable, Static

from accountmgr.app import make_app
from accountmgr.screens.panes.team_pane import TeamScreen
from accountmgr.screens.team_forms import ObjectiveForm, TeamAssessmentForm
from accountmgr.screens.team_matrix import TeamMatrixScreen
from accountmgr.screens.panes.team_member_pane import TeamMemberScreen
from accountmgr.services import erm, team
from palette_wait import run_from_palette

SIZE = (140, 40)


class TeamApp(App[None]):
    """The team screen on its own, as the app opens it."""

    def __init__(self, db) -> None:  # noqa: ANN001
        super().__init__()
        self.db = db

    def on_mount(self) -> None:
        self.push_screen(TeamScreen())


def member_id(db, name: str) -> int:  # noqa: ANN001
    return next(m.id for m in team.list_team(db, include_inactive=True) if m.name == name)


async def to_row(pilot, app, db, name: str) -> None:  # noqa: ANN001
    table = app.screen.query_one("#team-table", DataTable)
    table.move_cursor(row=table.get_row_index(str(member_id(db, name))))
    await pilot.pause()


async def test_assess_with_p_places_the_person_and_refuses_bad_scores_at_the_field(demo_db) -> None:  # noqa: ANN001
    app = TeamApp(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await to_row(pilot, app, demo_db, "Elena Rossi")
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, TeamAssessmentForm)
        await pilot.press("tab", "9", "tab", "4", "ctrl+s")
        await pilot.pause()
        assert "Potential must be between 1 and 5, not 9" in str(form.query_one("#potential-error").render())
        await pilot.press("backspace", "5", "ctrl+s")  # the refused field has the cursor
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        table = app.screen.query_one("#team-table", DataTable)
        key = str(member_id(demo_db, "Elena Rossi"))
        assert str(table.get_cell(key, "quadrant")) == "Top gun" and str(table.get_cell(key, "assessed")) == "2026-11-20"
    assert erm.member_overview(demo_db, member_id(demo_db, "Elena Rossi")).quadrant is erm.Quadrant.TOP_GUN


async def test_objectives_are_added_and_their_checks_ticked_with_v_r_i(demo_db) -> None:  # noqa: ANN001
    app = TeamApp(demo_db)
    elena = member_id(demo_db, "Elena Rossi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await to_row(pilot, app, demo_db, "Elena Rossi")
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamMemberScreen)
        summary = str(screen.query_one("#member-summary", Static).render())
        assert "Not assessed yet" in summary and "Objectives to balance: no incentive objectives." in summary
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ObjectiveForm)
        await pilot.press(*"Executive sponsor for 3 Partner accounts", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        objectives = screen.query_one("#objectives", DataTable)
        assert str(objectives.get_row_at(0)[-1]) == "not visible, not reachable, not influenceable"
        await pilot.press("1", "2")
        await pilot.pause()
        assert str(objectives.get_row_at(0)[-1]) == "not influenceable"
        await pilot.press("3")
        await pilot.pause()
        assert str(objectives.get_row_at(0)[-1]) == "ok"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        assert str(app.screen.query_one("#team-table", DataTable).get_cell(str(elena), "objectives")) == "1"
    objective = erm.objectives_of(demo_db, elena)[0]
    assert (objective.visible, objective.reachable, objective.influenceable) == (True, True, True)


async def test_the_matrix_puts_each_person_in_a_quadrant_with_workload_and_advice(demo_db) -> None:  # noqa: ANN001
    app = TeamApp(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamMatrixScreen)
        await app.workers.wait_for_complete()  # the team is read in the background
        await pilot.pause()
        bulldozers = str(screen.query_one("#quadrant-bulldozer", Static).render())
        assert "Catch them doing something good" in bulldozers
        assert "Marco Bianchi (P3 C5) — accounts owned 7" in bulldozers and "2 objectives flagged" in bulldozers
        assert "Jonas Weber" in str(screen.query_one("#quadrant-problem", Static).render())
        assert "Not assessed yet: Anna Kowalska, Elena Rossi." in str(screen.query_one("#unassessed", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)


async def test_the_palette_opens_the_team_matrix_and_the_guide_pages(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_from_palette(pilot, "Team matrix", "Team matrix")
        assert isinstance(app.screen, TeamMatrixScreen)
        await pilot.press("escape")
        await pilot.pause()
        app.action_guide_topic("programmes")
        await pilot.pause()
        assert app.screen.topic == "programmes"
        app.pop_screen()
        await pilot.pause()
        app.action_guide_topic("erm")
        await pilot.pause()
        assert app.screen.topic == "erm"


def test_guide_pages_use_the_sources_terms_with_italian_hints() -> None:
    from accountmgr.screens.method_guide import SECTIONS, resolve_topic

    erm_page = SECTIONS["erm"][1]
    for term in ("Top guns", "Bulldozers", "Challenges", "Problems", "visible, reachable and influenceable",
                 "*potenziale*", "*impegno*", "obiettivi di incentivazione"):
        assert term in erm_page, term
    programmes_page = SECTIONS["programmes"][1]
    for term in ("Customer-service programme", "programma di fidelizzazione", "One-to-one programme",
                 "incentives and rewards for repeat purchase"):
        assert term in programmes_page, term
    assert resolve_topic("team") == "erm" and resolve_topic("programme") == "programmes"


def test_team_matrix_snapshot(demo_db, snap_compare):  # noqa: ANN001
    """The team matrix on the demo: bulldozers top left, top guns top right, problems and challenges below, each
    with the sources' advice and its people with scores and workload; Anna and Elena listed as not assessed."""

    class MatrixApp(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.db = demo_db

        def on_mount(self) -> None:
            self.push_screen(TeamMatrixScreen())

    async def placed(pilot) -> None:  # noqa: ANN001
        await pilot.app.workers.wait_for_complete()  # the team is read in the background
        await pilot.pause()

    assert snap_compare(MatrixApp(), terminal_size=(140, 36), run_before=placed)


async def test_E_erases_a_team_member_after_asking_and_refuses_an_owner(demo_db) -> None:  # noqa: ANN001
    from accountmgr.screens.erase_person import ErasePersonScreen

    app = TeamApp(demo_db)
    said: list[str] = []
    app.notify = lambda message, **_: said.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await to_row(pilot, app, demo_db, "Marco Bianchi")
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)  # refused: he owns accounts
        assert any(m.startswith("Marco Bianchi still owns 13 relationships and 7 accounts; hand them over") for m in said)
        jonas = member_id(demo_db, "Jonas Weber")
        team.hand_over(demo_db, jonas, member_id(demo_db, "Ravi Menon"))
        await to_row(pilot, app, demo_db, "Jonas Weber")
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ErasePersonScreen)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        assert str(jonas) not in [str(k.value) for k in app.screen.query_one("#team-table", DataTable).rows]
    assert "Jonas Weber" not in [m.name for m in team.list_team(demo_db, include_inactive=True)]


async def test_the_person_and_the_matrix_follow_another_window(demo_db) -> None:  # noqa: ANN001
    from test_two_windows import other_window, wait_until

    marco = member_id(demo_db, "Marco Bianchi")
    growth = erm.objectives_of(demo_db, marco)[0]
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(TeamMatrixScreen())
        await pilot.pause()
        bulldozers = app.screen.query_one("#quadrant-bulldozer", Static)
        assert "2 objectives flagged" in str(bulldozers.render())
        await other_window(demo_db, growth.id, update="erm.update_objective", reachable="yes", influenceable="yes")
        await wait_until(pilot, lambda: "1 objective flagged" in str(bulldozers.render()))
        app.push_screen(TeamMemberScreen(marco))
        await pilot.pause()
        objectives = app.screen.query_one("#objectives", DataTable)
        assert str(objectives.get_row_at(0)[-1]) == "ok"
        await other_window(demo_db, growth.id, update="erm.update_objective", visible="no")
        await wait_until(pilot, lambda: str(objectives.get_row_at(0)[-1]) == "not visible")
