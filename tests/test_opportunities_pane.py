"""Pilot flows of the opportunities pane (step e): add → scorecard → suggested probability; won with a reason."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Select, Static

from accountmgr.models import OpportunityStatus
from accountmgr.screens.close_opportunity import CloseOpportunityScreen
from accountmgr.screens.panes.opportunities_pane import OpportunitiesPane
from accountmgr.screens.opportunity_form import OpportunityForm
from accountmgr.services import opportunities as opps
from accountmgr.services.accounts import find_account
from pane_host import pane_app

PaneApp = pane_app(OpportunitiesPane, focus="#opp-table")


def plain(widget: Static) -> str:
    """What a Static shows, without colours."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.render())
    return console.export_text()


@pytest.fixture
def brennero(demo_db) -> int:  # noqa: ANN001
    return find_account(demo_db, "Brennero Foods").id


@pytest.mark.both_engines
async def test_add_an_opportunity_rate_it_and_accept_the_suggestion(demo_db, brennero) -> None:  # noqa: ANN001
    status = opps.account_coverage_status(demo_db, brennero)
    dmu_points = opps.COVERAGE_POINTS[opps.status_value(status)]
    before = len(opps.list_opportunities(demo_db, brennero))
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OpportunityForm)
        await pilot.press(*"Cold store monitoring", "tab", *"75k")
        # Rate need recognised "Yes" from the keyboard: open the list, pick the last option.
        form.query_one("#need_recognised", Select).focus()
        await pilot.press("enter", "end", "enter")
        await pilot.pause()
        assert form.query_one("#need_recognised", Select).value == "2"
        form.query_one("#solution_fit", Select).value = "1"
        await pilot.pause()
        expected = opps.probability_from_points(2 + 1 + dmu_points)
        assert f"Suggested probability: {expected} %" in plain(form.query_one("#suggestion", Static))
        # A bad probability is refused at its field, nothing saved, the form stays open.
        form.query_one("#probability", Input).value = "150"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "between 0 and 100" in plain(form.query_one("#probability-error", Static))
        assert len(opps.list_opportunities(demo_db, brennero)) == before
        # An override is shown against the suggestion, and ctrl+r takes the suggestion back.
        form.query_one("#probability", Input).value = "90"
        await pilot.pause()
        assert "Your probability 90 % overrides it" in plain(form.query_one("#suggestion", Static))
        await pilot.press("ctrl+r")
        assert form.query_one("#probability", Input).value == str(expected)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, OpportunityForm)

        saved = [o for o in opps.list_opportunities(demo_db, brennero) if o.name == "Cold store monitoring"]
        assert len(opps.list_opportunities(demo_db, brennero)) == before + 1 and len(saved) == 1
        opp = saved[0]
        assert (opp.value_cents, opp.probability, opp.need_recognised, opp.solution_fit) == (7_500_000, expected, 2, 1)
        pane = app.query_one(OpportunitiesPane)
        assert pane.opportunity_id == opp.id
        row = app.query_one("#opp-table", DataTable).get_row(str(opp.id))
        assert row[0].plain == "Cold store monitoring" and row[2].plain == f"{expected}%"
        assert f"{expected} %" in plain(pane.query_one("#opp-detail", Static))


async def test_mark_won_asks_for_the_reason_and_keeps_it(demo_db, brennero) -> None:  # noqa: ANN001
    target = next(o for o in opps.list_opportunities(demo_db, brennero) if o.status == OpportunityStatus.OPEN)
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(OpportunitiesPane)
        table = app.query_one("#opp-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(target.id)))
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, CloseOpportunityScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Say why the opportunity was won" in plain(app.screen.query_one("#close_reason-error", Static))
        assert opps.get_opportunity(demo_db, target.id).status == OpportunityStatus.OPEN
        await pilot.press(*"Pilot results convinced the COO", "enter")
        await pilot.pause()
        won = opps.get_opportunity(demo_db, target.id)
        assert (won.status, won.close_reason) == (OpportunityStatus.WON, "Pilot results convinced the COO")
        assert "Won" in table.get_row(str(target.id))[5].plain
        assert "Pilot results convinced the COO" in plain(pane.query_one("#opp-detail", Static))


async def test_accept_the_suggested_probability_from_the_table(demo_db, brennero) -> None:  # noqa: ANN001
    app = PaneApp(demo_db, brennero)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.query_one(OpportunitiesPane)
        differing = next(r for r in pane.rows if r.differs and r.opportunity.status == OpportunityStatus.OPEN)
        table = app.query_one("#opp-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(differing.opportunity.id)))
        await pilot.press("ctrl+r")
        await pilot.pause()
    assert opps.get_opportunity(demo_db, differing.opportunity.id).probability == differing.suggested


def test_opportunities_pane_snapshot(demo_db, brennero, snap_compare) -> None:  # noqa: ANN001
    """Brennero Foods' opportunities: totals line (open 3: €730,000, weighted €350,000, won 3, 17 % of the
    portfolio's weighted €2.1M, DMU coverage amber);
    three open deals in bold with value, probability, the suggested probability in yellow with ≠ where it differs,
    weighted value, stage and expected close; three won deals dimmed with "Won" in green and their close dates;
    below, the highlighted deal's scorecard (✓ ½ ✗ ? per condition), the rule with its numbers, and its offerings."""
    assert snap_compare(PaneApp(demo_db, brennero), terminal_size=(120, 36))
