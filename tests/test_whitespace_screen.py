"""The white-space matrix: cells by state with a symbol, Enter on white space opens a prefilled opportunity."""

from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable

from accountmgr.app import make_app
from accountmgr.screens.opportunity_form import OpportunityForm
from accountmgr.screens.panes.whitespace_pane import WhitespaceScreen, abbreviate
from accountmgr.services import opportunities as opps
from accountmgr.services import whitespace as ws
from accountmgr.services.accounts import find_account


def test_column_headers_are_short_and_distinct() -> None:
    assert abbreviate(["Predictive Maintenance Analytics", "Vantec MES", "Cloud Historian", "Cloud Hosting"]) == [
        "PMA", "VM", "CH", "CH2",
    ]


async def test_enter_on_a_white_space_cell_creates_a_linked_opportunity(demo_db) -> None:  # noqa: ANN001
    polder = find_account(demo_db, "Polder Logistics").id
    matrix = ws.portfolio_matrix(demo_db)
    row = [c.key for c in matrix.columns].index(polder)
    column, (offering_id, offering) = next(
        (i, o) for i, o in enumerate(matrix.offerings, start=1)
        if matrix.cell(o[0], polder).state == ws.CellState.WHITE_SPACE
    )
    app = make_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_whitespace()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhitespaceScreen)
        table = screen.query_one("#ws-table", DataTable)
        assert table.row_count == len(matrix.columns)
        assert table.get_cell_at((row, column)).plain.strip() == ws.CellState.WHITE_SPACE.symbol
        table.move_cursor(row=row, column=column)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OpportunityForm)
        await pilot.press("tab", *"40k", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        created = next(o for o in opps.list_opportunities(demo_db, polder) if o.name == offering)
        assert created.value_cents == 4_000_000
        assert opps.offering_ids_of(demo_db, created.id) == [offering_id]
        assert table.get_cell_at((row, column)).plain.strip() == ws.CellState.OPEN.symbol


class WhitespaceApp(App[None]):
    """Only the white-space matrix, over a database."""

    def __init__(self, db, account_id: int | None = None) -> None:  # noqa: ANN001
        super().__init__()
        self.db = db
        self.account_id = account_id

    def on_mount(self) -> None:
        self.push_screen(WhitespaceScreen(self.account_id))


def test_portfolio_whitespace_snapshot(demo_db, snap_compare) -> None:  # noqa: ANN001
    """The demo's ten offerings (short headers: 27FS, CH, EMS…) against its fourteen accounts: O owned in green,
    P open opportunity in yellow, C competitor in red, + white space in cyan; Polder Logistics all white space;
    the heading counts 95 white space, 15 owned, 22 open, 8 competitor; below, the highlighted cell explained
    (24/7 Field Service Contract at Atlas Aerospace Parts: white space), the legend and the offering names."""
    assert snap_compare(WhitespaceApp(demo_db), terminal_size=(120, 36), press=["right"])
