"""The portfolio matrices: every active account in one cell, cursor between cells and accounts, Enter opens."""

from __future__ import annotations

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.matrices import CellList, MatricesScreen
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.services.accounts import count_accounts
from accountmgr.services.scoring import LEVEL_MATRIX, level_cell, risk_cell


def cell_rows(app) -> dict[str, list]:  # noqa: ANN001
    return {cell_list.id: list(cell_list.rows) for cell_list in app.screen.query(CellList)}


async def test_matrix_navigation_and_open(demo_db: Database, monkeypatch) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    opened: list[tuple] = []
    monkeypatch.setattr(app, "open_account", lambda *args: opened.append(args))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, MatricesScreen)
        rows = cell_rows(app)
        assert sum(len(r) for r in rows.values()) == count_accounts(demo_db, include_archived=False)
        for (row, column), cell_list_id in (((0, 0), "list-0-0"), ((0, 1), "list-0-1"), ((1, 1), "list-1-1")):
            assert all(level_cell(e.attractiveness_band, e.level) is LEVEL_MATRIX[row][column]
                       for e in rows[cell_list_id])
        assert app.focused.id == "list-0-0"
        await pilot.press("right")
        assert app.focused.id == "list-0-1"
        # Down through the cell's accounts, then on into the cell below.
        await pilot.press(*["down"] * len(rows["list-0-1"]))
        assert app.focused.id == "list-1-1" and app.focused.cursor_row == 0
        await pilot.press("down", "left")
        assert app.focused.id == "list-1-0"
        chosen = app.focused.current_row
        await pilot.press("enter")
        await pilot.pause()
        assert opened == [(chosen.id,)]


async def test_switch_to_the_risk_matrix_and_back(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("v", "right_square_bracket")
        await pilot.pause()
        for cell_list in app.screen.query(CellList):
            _, row, column = cell_list.id.split("-")
            for entry in cell_list.rows:
                cell = risk_cell(entry.segment, entry.churn_band)
                assert str(cell_list.parent.border_title).startswith(cell.title)
        assert "risk matrix" in str(app.screen.query_one("#matrix-title").content)
        await pilot.press("escape")
        assert isinstance(app.screen, PortfolioScreen)


def test_matrix_snapshot_small(demo_db: Database, snap_compare) -> None:  # noqa: ANN001
    """Attractiveness × level at 80×24: four framed cells (Develop, Protect and expand, Opportunistic,
    Serve efficiently) each with its count, one-line recommendation, axis labels at the bottom edge and its
    accounts with level and score; the first cell is focused with its first account highlighted,
    and no other cell shows a cursor."""
    assert snap_compare(make_app(demo_db), press=["v"], terminal_size=(80, 24))


def test_risk_matrix_snapshot_large(demo_db: Database, snap_compare) -> None:  # noqa: ANN001
    """Value × churn risk at 200×60: Keep at all costs, Rescue now, Grow or automate, Review — every demo
    account but the three prospects in one of them with its churn band and points and its segment (the title says
    the prospects are outside: no churn risk); Lombarda Chemicals in Rescue now for its open complaint; only the
    focused cell's first row is highlighted."""
    assert snap_compare(make_app(demo_db), press=["v", "right_square_bracket"], terminal_size=(200, 60))
