"""Screens that need the whole portfolio scored (or every account read) do that work in the background: they say
so meanwhile, their keys keep working, and closing them before the work ends is harmless (issue 12, item 13).

Each test holds the portfolio-wide work at a gate, so the screen is seen, and used, while that work is going on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import Static

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens import account_summary, matrices, score_explain
from accountmgr.screens.account_summary import AccountSummaryScreen
from accountmgr.screens.matrices import CellList, MatricesScreen, cell_of, cells_of
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.screens.score_explain import ScoreExplainScreen
from accountmgr.screens.steps.record_table import RecordTable
from accountmgr.screens.team_matrix import TeamMatrixScreen
from accountmgr.services import complaints, erm
from accountmgr.services.accounts import find_account
from accountmgr.services.portfolio import load_portfolio
from accountmgr.screens.workspace import WorkspaceScreen

SIZE = (120, 36)


class Gate:
    """Holds a function's calls (in their worker thread) until opened."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.entered = threading.Event()

    def hold(self, function: Any) -> Any:  # noqa: ANN401
        def held(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            self.entered.set()
            self.open.wait(60)
            return function(*args, **kwargs)

        return held


@pytest.fixture
def gate() -> Iterator[Gate]:
    held = Gate()
    yield held
    held.open.set()  # never leave a worker waiting, whatever the test did


def text_of(screen: Any, selector: str = "Static") -> str:  # noqa: ANN401
    return "\n".join(str(widget.content) for widget in screen.query(selector).results(Static))


async def finish(app: Any, pilot: Any, gate: Gate) -> None:  # noqa: ANN401
    """Let the held work end (its screen may be gone), and let the app take its results."""
    gate.open.set()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_matrices_score_in_the_background_and_may_be_closed_meanwhile(
    demo_db: Database, gate: Gate, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(matrices, "load_portfolio", gate.hold(load_portfolio))
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(MatricesScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MatricesScreen)
        assert "scoring the portfolio…" in text_of(screen, "#matrix-title")
        await pilot.press("right_square_bracket")  # the other matrix, asked for while scoring
        assert "risk matrix — scoring the portfolio…" in text_of(screen, "#matrix-title")
        await pilot.press("escape")
        assert isinstance(app.screen, PortfolioScreen)
        await finish(app, pilot, gate)
        assert isinstance(app.screen, PortfolioScreen)


async def test_the_matrices_show_the_scored_portfolio_when_it_is_ready(
    demo_db: Database, gate: Gate, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(matrices, "load_portfolio", gate.hold(load_portfolio))
    monkeypatch.setattr(matrices, "PROGRESSIVE_FROM", 1)  # sorted into the cells in the background too
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(MatricesScreen())
        await pilot.pause()
        screen = app.screen
        assert not any(cell_list.rows for cell_list in screen.query(CellList))
        await finish(app, pilot, gate)
        title = text_of(screen, "#matrix-title")
        assert "scoring" not in title and "sorting" not in title
        shown = {entry.id for cell_list in screen.query(CellList) for entry in cell_list.rows}
        portfolio = load_portfolio(demo_db)
        assert shown == {entry.id for entry in portfolio.entries if not entry.archived}


def test_every_active_account_is_in_its_cell_sorted_as_shown(demo_db: Database) -> None:
    portfolio = load_portfolio(demo_db)
    for matrix in ("level", "risk"):
        groups, outside = cells_of(portfolio, matrix)
        active = [entry for entry in portfolio.entries if not entry.archived]
        assert sum(len(entries) for entries in groups.values()) + outside == len(active)
        for key, entries in groups.items():
            assert all(cell_of(entry, matrix).key == key for entry in entries)
            order = [(-e.attractiveness, e.name_key) if matrix == "level" else (-e.churn_points, -e.won_cents, e.name_key)
                     for e in entries]
            assert order == sorted(order)


async def test_why_shows_the_scores_at_once_and_the_group_when_found(
    demo_db: Database, gate: Gate, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(score_explain, "group_section", gate.hold(score_explain.group_section))
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScoreExplainScreen)
        assert "Attractiveness" in text_of(screen) and "looking for the account's group…" in text_of(screen)
        await pilot.press("escape")  # closed before the group is found
        assert isinstance(app.screen, PortfolioScreen)
        await finish(app, pilot, gate)
        assert isinstance(app.screen, PortfolioScreen)


async def test_the_team_matrix_places_the_team_in_the_background(
    demo_db: Database, gate: Gate, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(erm, "team_overview", gate.hold(erm.team_overview))
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(TeamMatrixScreen())
        await pilot.pause()
        screen = app.screen
        assert "Placing the team" in text_of(screen, "#unassessed")
        gate.open.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Marco Bianchi" in text_of(screen, "#quadrant-bulldozer")
        assert "Placing" not in text_of(screen, "#unassessed")
        gate.open.clear()
        screen.reload()  # placed again (a change elsewhere), then closed before that ends
        await pilot.press("escape")
        assert isinstance(app.screen, PortfolioScreen)
        await finish(app, pilot, gate)


async def test_the_complaints_table_reads_its_guidelines_in_the_background(
    demo_db: Database, gate: Gate, monkeypatch: pytest.MonkeyPatch,
) -> None:
    account_id = find_account(demo_db, "Helvetia Pharma Logistics").id
    complaints.create_complaint(demo_db, account_id, {"received_on": "2026-11-10", "nature": "delivery",
                                                      "summary": "Pallets «crushed» on arrival"})
    monkeypatch.setattr(complaints, "list_complaints", gate.hold(complaints.list_complaints))
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        table = screen.query_one("#complaints", RecordTable)
        assert table.reading and "Scoring the portfolio" in text_of(table)
        gate.open.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not table.reading and "Pallets «crushed» on arrival" in [c.summary for c in table.records]
        gate.open.clear()
        table.reload()  # read again, then the account closed before that ends
        app.pop_screen()
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        await finish(app, pilot, gate)


async def test_the_account_summary_scores_in_the_background(
    demo_db: Database, gate: Gate, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(account_summary, "explain_account", gate.hold(account_summary.explain_account))
    account_id = find_account(demo_db, "Nordhavn Water").id
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(AccountSummaryScreen(account_id))
        await pilot.pause()
        assert "Scoring the portfolio" in text_of(app.screen)
        await pilot.press("escape")
        assert isinstance(app.screen, PortfolioScreen)
        await finish(app, pilot, gate)
        assert isinstance(app.screen, PortfolioScreen)
