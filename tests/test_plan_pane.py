"""Pilot flows of the communication plan pane (step j): plan an action (past date confirmed) → mark done → last contact."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from rich.console import Console
from textual.widgets import DataTable, SelectionList, Static

from accountmgr.models import ActionStatus, CoverageDepth
from accountmgr.screens.action_form import ActionForm
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.mark_done import MarkDoneScreen
from accountmgr.screens.panes.plan_pane import PlanPane
from accountmgr.services import dmu, plan
from accountmgr.services.accounts import find_account
from pane_host import pane_app

PaneApp = pane_app(PlanPane, focus="#plan-table")


def plain(widget: Static) -> str:
    """What a Static shows, without colours."""
    console = Console(width=300, record=True, file=io.StringIO())
    console.print(widget.render())
    return console.export_text()


@pytest.fixture
def brennero(demo_db) -> int:  # noqa: ANN001
    return find_account(demo_db, "Brennero Foods").id


async def test_plan_a_past_action_confirm_then_mark_done_updates_last_contact(demo_db, brennero) -> None:  # noqa: ANN001
    members = dmu.list_members(demo_db, brennero)
    irene = next(m for m in members if m.name == "Irene Costa")
    assert irene.last_contact < date(2026, 11, 19)
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(PlanPane)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm)
        # Yesterday afternoon (the clock is frozen on Friday 2026-11-20), a phone call with Irene.
        await pilot.press(*"yesterday 15:00", "tab", "tab", "tab", *"Follow up the security questions")
        form.query_one("#member_ids", SelectionList).focus()
        await pilot.press(*["down"] * members.index(irene), "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # dated in the past but still "planned": ask first
        assert len([a for a in plan.list_actions(demo_db, brennero) if a.objective.startswith("Follow up")]) == 0
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, (ActionForm, ConfirmScreen))

        action = next(a for a in plan.list_actions(demo_db, brennero) if a.objective.startswith("Follow up"))
        assert (action.status, action.members) == (ActionStatus.PLANNED, ("Irene Costa",))
        assert pane.action_id == action.id
        row = app.query_one("#plan-table", DataTable).get_row(str(action.id))
        assert row[-1].plain == "! overdue"
        assert "Overdue: 2026-11-19 Follow up the security questions" in plain(pane.query_one("#plan-summary", Static))

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, MarkDoneScreen)
        await pilot.press(*"Questions answered; she will sign off the design", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, MarkDoneScreen)
        done = plan.get_action(demo_db, action.id)
        assert (done.status, done.done_on) == (ActionStatus.DONE, date(2026, 11, 19))
        assert done.outcome == "Questions answered; she will sign off the design"
        assert dmu.get_member(demo_db, irene.id).last_contact == date(2026, 11, 19)
        assert dmu.get_member(demo_db, irene.id).coverage == CoverageDepth.BRIEF_CONTACT
        assert app.query_one("#plan-table", DataTable).get_row(str(action.id))[-1].plain == "Done"
        assert "Overdue" not in plain(pane.query_one("#plan-summary", Static))


async def test_summary_period_and_calendar_export_from_the_pane(demo_db, brennero) -> None:  # noqa: ANN001
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(PlanPane)
        assert "Summary, last 90 and next 90 days" in plain(pane.query_one("#plan-summary", Static))
        await pilot.press("T")
        assert "Summary, next 30 days" in plain(pane.query_one("#plan-summary", Static))
        await pilot.press("X")
        await pilot.pause()
        written = Path.home() / "brennero-foods-plan.ics"
        assert pane.last_export == written
        assert str(written) in plain(pane.query_one("#plan-heading", Static))
    planned = [a for a in plan.list_actions(demo_db, brennero) if a.status == ActionStatus.PLANNED]
    events = Calendar.from_ical(written.read_bytes()).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == sorted(
        f"Brennero Foods: {a.objective} ({a.channel.label})" for a in planned
    )


def test_plan_pane_snapshot(demo_db, brennero, snap_compare) -> None:  # noqa: ANN001
    """Brennero Foods' plan: six actions in date order (three done in green, three planned), columns fitted to
    120 columns with long objectives and names cut by "…"; the highlighted next action's full objective, people
    and our people below; the summary for the last and next 90 days: 6 actions, cost €1,500, channel mix
    meeting 67 % / phone 17 % / event 17 %, contacts per person and per one of our people, and Davide Sartori,
    Luca Ferrante and Marta Rinaldi in yellow as not addressed by any planned action."""
    assert snap_compare(PaneApp(demo_db, brennero), terminal_size=(120, 36))


async def test_a_narrow_plan_names_the_month_so_no_date_reads_both_ways(demo_db, brennero) -> None:  # noqa: ANN001
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(56, 24)) as pilot:  # the room the pane has beside the steps at 80 columns
        await pilot.pause()
        pane = app.query_one(PlanPane)
        assert pane.narrow
        stamps = [str(cells[0]).removeprefix("! ") for cells in (pane._cells(row) for row in pane.rows)]
        assert stamps and all(stamp[3:6].isalpha() and stamp[2] == " " for stamp in stamps), stamps
