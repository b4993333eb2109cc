"""One key scheme across the workspace: step letters on the step list, pane keys in the pane, the palette for both,
a compact step list on narrow terminals, agenda → the chosen action, and review mode from the workspace."""

from __future__ import annotations


from textual.widgets import DataTable

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models import Step
from accountmgr.models.enums import ActionStatus
from accountmgr.screens.panes.agenda_pane import AgendaScreen
from accountmgr.screens.dmu_form import DmuForm
from accountmgr.screens.panes.plan_pane import PlanPane
from accountmgr.screens.review_mode import ReviewModeScreen
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.screens.workspace import WorkspaceScreen
from accountmgr.services import accounts, dmu, plan
from accountmgr.services.accounts import find_account
from test_workspace_flows import open_workspace
from waiting import wait_until as settled

SIZE = (120, 36)




async def test_letters_open_steps_on_the_step_list_and_act_in_the_pane(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    dmu.create_member(db, account.id, {"name": "Ada Lind"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "h")
        # Opening step h puts the keyboard in its pane, where the keys it shows work; g then a goes to step a.
        assert screen.focused is not None and screen.focused.id == "dmu-table"
        await pilot.press("g", "a")
        await pilot.pause()
        assert screen.current is Step.A
        await pilot.press("g", "h")
        await pilot.pause()
        assert screen.focused is not None and screen.focused.id == "dmu-table"
        # In the DMU pane, a adds a person and m/d/e/i are the pane's: no step changes under the user's hands.
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, DmuForm)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.current is Step.H
        assert [m.name for m in dmu.list_members(db, account.id)] == ["Ada Lind"]
        # Esc: pane → step list → portfolio.
        await pilot.press("escape")
        await pilot.pause()
        assert screen.focused is not None and screen.focused.id == "steps"
        await pilot.press("n")
        await pilot.pause()
        assert screen.current is not Step.H


async def test_footer_shows_the_keys_of_what_has_the_keyboard(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "j")
        await settled(pilot, lambda: screen.focused is not None and screen.focused.id == "plan-table")
        keys = {key: binding.binding.description for key, binding in screen.active_bindings.items()}
        assert keys["a"] == "Plan action" and keys["X"] == "Export .ics" and keys["escape"] == "Back"
        assert keys["n"] == "Next missing"  # the workspace's keys work in a pane too: no pane uses them
        await pilot.press("escape")
        await pilot.pause()
        keys = {key: binding.binding.description for key, binding in screen.active_bindings.items()}
        assert keys["g"] == "Go to step" and keys["n"] == "Next missing" and keys["r"] == "Review"


async def test_palette_reaches_every_pane_action(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    dmu.create_member(db, account.id, {"name": "Ada Lind"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "h")
        titles = {entry.title: entry.action for entry in screen.palette_commands()}
        for title in ("Step h: Add", "Step h: Add report", "Step h: Org chart", "Step h: Move under…",
                      "Step h: Gaps", "Review mode: this account", "Step j: Communication plan"):
            assert title in titles, title
        await app.run_action(titles["Step h: Add report"], screen)
        await settled(pilot, lambda: isinstance(app.screen, DmuForm))
        await pilot.press(*"Bo Berg", "ctrl+s")
        await settled(pilot, lambda: len(dmu.list_members(db, account.id)) == 2)
        ada, bo = sorted(dmu.list_members(db, account.id), key=lambda m: m.name)
        assert bo.reports_to_id == ada.id

        for step, wanted in (("j", ["Step j: Plan action", "Step j: Mark done", "Step j: Export .ics"]),
                             ("e", ["Step e: Add opportunity", "Step e: Won", "Step e: Lost", "Step e: Save step"]),
                             ("d", ["Step d: Assess level", "Step d: Target level", "Step d: Add (constraint)"]),
                             ("l", ["Step l: Edit drivers", "Step l: Add (review)"])):
            await app.run_action(f"go('{step}')", screen)
            await settled(pilot, lambda: {entry.title for entry in screen.palette_commands()} >= set(wanted))
            titles = {entry.title: entry.action for entry in screen.palette_commands()}
            for title in wanted:
                assert title in titles, title
        # Run from the palette while the keyboard is on the step list: the pane's part does it.
        await app.run_action(titles["Step l: Add (review)"], screen)
        await settled(pilot, lambda: isinstance(app.screen, RecordFormScreen) and bool(app.screen.query("#form-body")))
        # Leave the form before the app closes: closing while it still mounts would fail its on_mount.
        await pilot.press("escape")
        await settled(pilot, lambda: app.screen is screen)


async def test_step_list_is_compact_on_narrow_terminals_and_every_step_opens(demo_db, frozen_clock) -> None:
    account_id = find_account(demo_db, "Helvetia Pharma Logistics").id
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workspace(app, pilot, account_id, "a")
        assert screen.has_class("-compact")
        assert screen.query_one("#side").outer_size.width <= 22
        assert str(screen.query_one("#steps").get_option_at_index(7).prompt).endswith("h DMU")
        for step in Step:
            await pilot.press("g", step.value)
            await pilot.pause()
            assert screen.current is step
            assert screen.pane is not None and screen.pane.size.width >= 55
        # The plan fits the narrow pane without scrolling sideways: no channel, cost or year in the table.
        await pilot.press("g", "j")
        await pilot.pause()
        table = screen.query_one("#plan-table", DataTable)
        assert [str(column.label) for column in table.columns.values()] == ["When", "Objective", "People", "Status"]
        assert table.virtual_size.width <= table.size.width
    async with make_app(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_workspace(pilot.app, pilot, account_id, "a")
        assert not screen.has_class("-compact")
        assert str(screen.query_one("#steps").get_option_at_index(7).prompt).endswith("h  DMU assessment")


async def test_agenda_opens_the_chosen_action_with_the_plan_table_focused(demo_db, frozen_clock) -> None:
    sierra = find_account(demo_db, "Sierra Cement").id
    plan.create_action(demo_db, sierra, {"scheduled_at": "2026-11-12 10:00", "objective": "Send the revised offer"},
                       confirm_past=True)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_agenda()
        await pilot.pause()
        agenda = app.screen
        assert isinstance(agenda, AgendaScreen)
        # An action that is not its account's first planned one (which the plan would pick by itself).
        def first_planned(account_id: int) -> int:
            return next(r.id for r in plan.list_actions(demo_db, account_id) if r.status == ActionStatus.PLANNED)

        chosen = next(r for r in agenda.rows if first_planned(r.account_id) != r.id)
        await pilot.press(*["down"] * [r.id for r in agenda.rows].index(chosen.id), "enter")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen) and screen.current is Step.J
        pane = screen.query_one(PlanPane)
        assert pane.action_id == chosen.id
        assert screen.focused is screen.query_one("#plan-table", DataTable)


async def test_review_mode_from_the_step_list(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_workspace(app, pilot, account.id, "c")
        await pilot.press("f6", "r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewModeScreen) and app.screen.account_id == account.id


async def test_open_account_selects_a_record_of_the_step(demo_db, frozen_clock) -> None:
    """open_account(…, select=id) is general: an opportunity at step e, a person at step h."""
    from accountmgr.screens.panes.dmu_pane import DmuPane
    from accountmgr.screens.panes.opportunities_pane import OpportunitiesPane
    from accountmgr.services import opportunities

    account_id = find_account(demo_db, "Helvetia Pharma Logistics").id
    last_opportunity = opportunities.list_opportunities(demo_db, account_id)[-1]
    last_member = sorted(dmu.list_members(demo_db, account_id), key=lambda m: m.name)[-1]
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "e", select=last_opportunity.id)
        await pilot.pause()
        await pilot.pause()
        pane = app.screen.query_one(OpportunitiesPane)
        assert pane.opportunity_id == last_opportunity.id
        assert app.screen.focused is pane.query_one("#opp-table")
        app.pop_screen()
        await pilot.pause()
        app.open_account(account_id, "h", select=last_member.id)
        await pilot.pause()
        await pilot.pause()
        dmu_pane = app.screen.query_one(DmuPane)
        assert dmu_pane.member_id == last_member.id
        assert app.screen.focused is dmu_pane.query_one("#dmu-table")


async def test_a_letter_opens_that_pane_where_its_keys_work_at_once(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    dmu.create_member(db, account.id, {"name": "Ada Lind"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "a")
        await pilot.press("g", "h", "v")
        await pilot.pause()
        assert screen.query_one("#dmu-table-pane").parent.current == "chart-view"
