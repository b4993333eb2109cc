"""Revenue in step e, objectives, milestones, risks and asks in step g, the overdue flag in the portfolio and the
agenda: driven with keys as a user would, checked on the screen and in the database."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models.enums import ObjectiveStatus, RiskStatus
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.screens.steps.record_table import RecordTable
from accountmgr.services import accounts, asks, objectives, opportunities, revenue, risks, team
from accountmgr.services.money import format_money
from accountmgr.widgets.bar_chart import BarChart, LevelChart

SIZE = (130, 44)
TODAY = date(2026, 11, 20)


def _account(db: Database) -> int:
    return accounts.create_account(db, {"name": "Società «Alfa» [Nord]", "purchase_potential_cents": "1m"}).id


def _cells(table: RecordTable) -> list[list[str]]:
    grid = table.query_one(DataTable)
    return [[str(cell) for cell in grid.get_row_at(index)] for index in range(grid.row_count)]


async def test_revenue_years_are_added_from_step_e_and_the_charts_follow(db: Database, frozen_clock) -> None:
    account_id = _account(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "e")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#revenue-table", RecordTable)
        table.focus_table()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, RecordFormScreen)
        await pilot.press("ctrl+u", *"2025", "tab", *"250k", "tab", *"lots", "ctrl+s")
        await pilot.pause()
        # A bad target stays in the form, at its field; nothing is written.
        assert isinstance(app.screen, RecordFormScreen)
        assert "not an amount of money" in str(app.screen.query_one("#err-target_cents").content)
        assert revenue.list_years(db, account_id) == []
        await pilot.press("ctrl+u", *"200k", "ctrl+s")
        await pilot.pause()
        [row] = revenue.list_years(db, account_id)
        assert (row.year, row.actual_cents, row.target_cents) == (2025, 25_000_000, 20_000_000)
        assert _cells(table) == [["2025", "€250,000", "€200,000", "125.0 %", "€1,000,000 (potential)", "25.0 %"]]
        chart = screen.query_one("#revenue-chart", BarChart)
        assert [(p.label, p.value, p.target) for p in chart.series.points] == [("2025", 250_000.0, 200_000.0)]
        assert [(p.label, p.value) for p in screen.query_one("#share-chart", BarChart).series.points] == [("2025", 25.0)]
        # A second year with the same number is refused at the Year field.
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+u", *"2025", "ctrl+s")
        await pilot.pause()
        assert "2025 already has a row" in str(app.screen.query_one("#err-year").content)
        await pilot.press("escape")
        await pilot.pause()


async def test_chart_points_are_the_numbers_of_the_table_beside_them(db: Database, frozen_clock) -> None:
    account_id = _account(db)
    revenue.create_year(db, account_id, {"year": 2023, "actual_cents": "310k", "target_cents": "300k"})
    revenue.create_year(db, account_id, {"year": 2024, "actual_cents": "1234.56", "potential_cents": "900k"})
    revenue.create_year(db, account_id, {"year": 2025, "actual_cents": "480k", "target_cents": "450k"})
    revenue.create_year(db, account_id, {"year": 2026, "target_cents": "520k"})
    opportunities.create_opportunity(db, account_id, {"name": "Retrofit", "value_cents": "100k", "probability": 40,
                                                      "expected_close": "2027-02-01"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "e")
        await pilot.pause()
        screen = app.screen
        rows = _cells(screen.query_one("#revenue-table", RecordTable))
        revenue_points = screen.query_one("#revenue-chart", BarChart).series.points
        assert [p.label for p in revenue_points] == [r[0] for r in rows]
        for point, row in zip(revenue_points, rows):
            assert format_money(None if point.value is None else round(point.value * 100)) == row[1]
            assert format_money(None if point.target is None else round(point.target * 100)) == row[2]
        shares = {p.label: p.value for p in screen.query_one("#share-chart", BarChart).series.points}
        assert {r[0]: r[5] for r in rows if r[0] in shares} == {
            label: f"{value:.1f} %" for label, value in shares.items()}
        assert shares["2024"] == 0.1  # €1,234.56 of a €900,000 category spend
        forecast = {p.label: p.value for p in screen.query_one("#forecast-chart", BarChart).series.points}
        assert forecast == {"Q4 2026": 0.0, "Q1 2027": 40_000.0, "Q2 2027": 0.0, "Q3 2027": 0.0}
        assert "weighted forecast €40,000" in str(screen.query_one("#economics-headline").content)


async def test_objectives_milestones_risks_and_asks_are_worked_from_step_g(db: Database, frozen_clock) -> None:
    account_id = _account(db)
    owner = team.create_member(db, {"name": "Giulia Ferri"})
    goal = objectives.create_objective(db, account_id, {"title": "Partner by Q3 2026", "due_on": "2026-09-30",
                                                        "owner_id": owner.id})
    objectives.add_milestone(db, goal.id, {"title": "Sponsor named", "due_on": "2026-10-01"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "g")
        await pilot.pause()
        screen = app.screen
        goals = screen.query_one("#objectives-table", RecordTable)
        assert _cells(goals)[0][:4] == ["Partner by Q3 2026", "2026-09-30 ⚠ overdue", "Giulia Ferri", "Open"]
        # Add an objective with the keyboard.
        goals.focus_table()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Framework 2027-2030 [renewal] & co", "tab", *"2027-06-30", "ctrl+s")
        await pilot.pause()
        titles = [o.title for o in objectives.list_objectives(db, account_id, TODAY)]
        assert titles == ["Partner by Q3 2026", "Framework 2027-2030 [renewal] & co"]
        assert _cells(goals)[1][0] == "Framework 2027-2030 [renewal] & co"
        # The milestone form offers the new objective at once.
        milestones = screen.query_one("#milestones-table", RecordTable)
        assert [label for label, _value in milestones.spec.fields[0].choices][1] == "Framework 2027-2030 [renewal] & co"
        # Mark the first milestone done, then the overdue objective achieved.
        milestones.focus_table()
        await pilot.press("x")
        await pilot.pause()
        assert objectives.list_milestones(db, account_id, TODAY)[0].done_on == TODAY
        assert _cells(goals)[0][4] == "1 of 1 done"
        goals.focus_table()
        await pilot.press("up")  # the cursor stayed on the objective added last, through the milestone's refresh
        await pilot.press("x")
        await pilot.pause()
        assert objectives.get_objective(db, goal.id).status is ObjectiveStatus.ACHIEVED
        assert "⚠" not in _cells(goals)[0][1]
        # A risk, then mitigated; an ask, then deleted after confirming.
        table = screen.query_one("#risks-table", RecordTable)
        table.focus_table()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Champion leaves", "ctrl+s")
        await pilot.pause()
        [risk] = risks.list_risks(db, account_id)
        assert (risk.description, risk.score) == ("Champion leaves", 9)
        await pilot.press("x")
        await pilot.pause()
        assert risks.get_risk(db, risk.id).status is RiskStatus.MITIGATED
        asks.create_ask(db, account_id, {"request": "Budget for a pilot"})
        table = screen.query_one("#asks-table", RecordTable)
        table.reload()
        table.focus_table()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the safe answer has the focus: nothing is deleted
        await pilot.pause()
        assert len(asks.list_asks(db, account_id, TODAY)) == 1
        await pilot.press("d", "y")
        await pilot.pause()
        assert asks.list_asks(db, account_id, TODAY) == []


async def test_the_portfolio_flags_and_filters_accounts_with_overdue_objectives(db: Database, frozen_clock) -> None:
    late = _account(db)
    accounts.create_account(db, {"name": "Beta"})
    objectives.create_objective(db, late, {"title": "Partner", "due_on": "2026-01-31"})
    objectives.create_objective(db, late, {"title": "Framework", "due_on": "2026-02-28"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        rows = {entry.name: entry.overdue_objectives for entry in screen._shown}
        assert rows == {"Società «Alfa» [Nord]": 2, "Beta": 0}
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert [entry.name for entry in screen._shown] == ["Società «Alfa» [Nord]"]
        assert "objectives overdue" in str(screen.query_one("#status").content)
        await pilot.press("c")
        await pilot.pause()
        assert len(screen._shown) == 2


async def test_the_agenda_lists_objectives_past_their_date(db: Database, frozen_clock) -> None:
    account_id = _account(db)
    objectives.create_objective(db, account_id, {"title": "Partner by Q3", "due_on": "2026-09-30"})
    objectives.create_objective(db, account_id, {"title": "Not yet due", "due_on": "2027-09-30"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_agenda()
        await pilot.pause()
        text = str(app.screen.query_one("#agenda-objectives").content)
        assert "1 account objective past their date" in text
        assert "2026-09-30  Società «Alfa» [Nord]: Partner by Q3" in text and "Not yet due" not in text


async def test_step_d_draws_the_level_over_time(db: Database, frozen_clock) -> None:
    from accountmgr.services import assessments

    account_id = _account(db)
    assessments.record_assessment(db, account_id, [], "prospect", assessed_on="2025-06-01")
    assessments.record_assessment(db, account_id, [], "buyer", note="First order", assessed_on="2026-03-01")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "d")
        await pilot.pause()
        chart = app.screen.query_one("#level-chart", LevelChart)
        assert [(s.start, s.end, s.level.value) for s in chart.steps] == [
            (date(2025, 6, 1), date(2026, 3, 1), "prospect"), (date(2026, 3, 1), TODAY, "buyer")]
        drawn = str(chart.content).splitlines()
        assert drawn[0] == "Relationship level over time"
        # Prospect first (bottom row, from the left), Buyer at the end (its row, up to today).
        buyer, prospect = drawn[3], drawn[4]
        assert prospect.strip().startswith("Prospect ━") and buyer.endswith("━")
        assert drawn[5].split() == ["2025-06-01", "2026-11-20"]
