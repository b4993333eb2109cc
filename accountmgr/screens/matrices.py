"""Portfolio matrices: attractiveness × relationship level, and value × churn risk; each cell lists its accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from accountmgr.keys import key_of
from accountmgr.services.portfolio import PROGRESSIVE_FROM, Portfolio, PortfolioEntry, change_marker, load_portfolio
from accountmgr.services.scoring import LEVEL_MATRIX, MATRICES_RULE_HELP, RISK_MATRIX, Cell, level_cell, risk_cell
from accountmgr.widgets.typed_app import app_of, database_of
from accountmgr.widgets.virtual_table import Column, VirtualTable
from accountmgr.widgets.bindings import bind

if TYPE_CHECKING:
    from accountmgr.screens.palette import PaletteEntry

MATRICES = {
    "level": (
        "Attractiveness × relationship level — where to invest",
        LEVEL_MATRIX,
        ("high attr.", "low attr."),
        ("Prospect–Buyer", "Account–Partner"),
    ),
    "risk": (
        "Value × churn risk — the risk matrix",
        RISK_MATRIX,
        ("high value", "low value"),
        ("low risk", "high risk"),
    ),
}
"""Per matrix: title, cells (rows × columns) and the row and column labels."""

_BAND_STYLE = {"high": "bold red", "medium": "yellow", "low": ""}


def level_cells(entry: PortfolioEntry) -> list[str | Text]:
    return [entry.name, f"{entry.level.numeral} {entry.level.label}", f"{entry.attractiveness_text:>3}"]


def risk_cells(entry: PortfolioEntry) -> list[str | Text]:
    churn = Text(entry.churn_text, style=_BAND_STYLE[entry.churn_band.value])
    return [entry.name, churn, entry.segment.label]


def cell_of(entry: PortfolioEntry, matrix: str) -> Cell | None:
    """The entry's cell in *matrix*; None for a prospect in the risk matrix (no churn risk)."""
    if matrix == "level":
        return level_cell(entry.attractiveness_band, entry.level)
    return risk_cell(entry.segment, entry.churn_band, entry.level)


def cells_of(portfolio: Portfolio, matrix: str) -> tuple[dict[str, list[PortfolioEntry]], int]:
    """Every active account in its cell of *matrix* (by cell key, sorted as the cell shows them), and how many
    prospects fall outside the risk matrix (they have no churn risk)."""
    _title, cells, _rows, _columns = MATRICES[matrix]
    groups: dict[str, list[PortfolioEntry]] = {cell.key: [] for pair in cells for cell in pair}
    outside = 0
    for entry in portfolio.entries:
        if not entry.archived:
            cell = cell_of(entry, matrix)
            if cell is None:
                outside += 1
            else:
                groups[cell.key].append(entry)
    for entries in groups.values():
        if matrix == "level":
            entries.sort(key=lambda e: (-e.attractiveness, e.name_key))
        else:
            entries.sort(key=lambda e: (-e.churn_points, -e.won_cents, e.name_key))
    return groups, outside


class CellList(VirtualTable):
    """The accounts of one matrix cell; moving past its first or last row leaves the cell."""

    class Edge(Message):
        """The cursor tried to leave the list upwards or downwards."""

        def __init__(self, cell_list: "CellList", direction: str) -> None:
            super().__init__()
            self.cell_list = cell_list
            self.direction = direction

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.Edge(self, "up"))
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.cursor_row >= self.row_count - 1:
            self.post_message(self.Edge(self, "down"))
        else:
            super().action_cursor_down()


class MatricesScreen(Screen[None]):
    """Portfolio matrices."""

    HELP_TEXT = f"{MATRICES_RULE_HELP} Arrows move between accounts and cells; Enter opens the account."

    BINDINGS = [
        bind("next", "switch_matrix", "Other matrix"),
        bind("view", "back", "Table view"),
        bind("back", "back", "Table view", show=False),
        bind("why", "explain", "Why?"),
        bind("left", "move(0, -1)", "Cell to the left", show=False, priority=True),
        bind("right", "move(0, 1)", "Cell to the right", show=False, priority=True),
        bind("open", "open_account", "Open"),
    ]

    DEFAULT_CSS = """
    MatricesScreen #matrix-title { height: 1; padding: 0 1; text-style: bold; color: $accent; }
    MatricesScreen Grid { grid-size: 2 2; grid-gutter: 0 1; height: 1fr; padding: 0 1; }
    MatricesScreen .cell { border: round $panel-lighten-2; height: 1fr; }
    MatricesScreen .cell:focus-within { border: round $accent; }
    MatricesScreen .advice { height: 1; color: $text-muted; padding: 0 1; }
    MatricesScreen CellList { height: 1fr; background: $surface; overflow-x: hidden; }
    /* Only the cell being browsed shows a cursor: four highlighted rows would hide which one is current. */
    MatricesScreen CellList > .virtual-table--cursor { background: $surface; text-style: none; }
    MatricesScreen CellList:focus > .virtual-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    """

    def __init__(self, portfolio: Portfolio | None = None, matrix: str = "level") -> None:
        super().__init__()
        self.portfolio = portfolio
        self.matrix = matrix
        self._marker: int | None = None
        self.scoring = portfolio is None
        """True while the portfolio is scored in the background (on opening without one, or after a change)."""
        self.sorting = False
        """True while a large portfolio's accounts are sorted into the cells in the background."""
        self._outside = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="matrix-title")
        with Grid():
            for row in range(2):
                for column in range(2):
                    with Vertical(classes="cell", id=f"cell-{row}-{column}"):
                        yield Static(classes="advice")
                        yield CellList(
                            [Column("name", "Account", 60, min_width=12, flex=True), Column("a", "", 11),
                             Column("b", "", 16)],
                            level_cells,
                            show_header=False,
                            empty_text="No accounts here.",
                            id=f"list-{row}-{column}",
                        )
        yield Footer()

    def on_mount(self) -> None:
        self._list(0, 0).focus()
        if self.portfolio is None:
            self._load_in_background()  # scored off the UI thread; the title says so meanwhile
            self._show_title()
            return
        self._marker = change_marker(database_of(self))
        self.fill()

    def on_screen_resume(self) -> None:
        """Back from an account: score again (in the background) if anything changed meanwhile."""
        if self._marker is not None and change_marker(database_of(self)) != self._marker:
            self._load_in_background()

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed accounts: score the portfolio again in the background, each cell's
        cursor staying on its account; under another screen, coming back reads again anyway."""
        if self.is_current:
            self._load_in_background()

    def _load_in_background(self) -> None:
        self.scoring = True
        self._show_title()
        self._score()

    @work(thread=True, exclusive=True, group="matrices-load")
    def _score(self) -> None:
        """Read and score the whole portfolio off the UI thread, then show it there."""
        db = database_of(self)
        marker, portfolio = change_marker(db), load_portfolio(db)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, marker, portfolio)

    def _loaded(self, marker: int, portfolio: Portfolio) -> None:
        if not self.is_attached:
            return  # closed while reading
        self.scoring = False
        self._marker, self.portfolio = marker, portfolio
        self.fill()

    def _list(self, row: int, column: int) -> CellList:
        return self.query_one(f"#list-{row}-{column}", CellList)

    def fill(self) -> None:
        """Sort every active account into its cell and show the cells (a large portfolio sorted in the background,
        the cells showing the other matrix or nothing meanwhile)."""
        assert self.portfolio is not None
        if len(self.portfolio.entries) >= PROGRESSIVE_FROM:
            self.sorting = True
            self._show_title()
            self._sort_in_background(self.portfolio, self.matrix)
            return
        self._show_cells(self.portfolio, self.matrix, *cells_of(self.portfolio, self.matrix))

    @work(thread=True, exclusive=True, group="matrices-sort")
    def _sort_in_background(self, portfolio: Portfolio, matrix: str) -> None:
        groups, outside = cells_of(portfolio, matrix)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_cells, portfolio, matrix, groups, outside)

    def _show_title(self) -> None:
        title = MATRICES[self.matrix][0]
        if self.scoring:
            state = " — scoring the portfolio…"
        elif self.sorting:
            state = " — sorting the accounts into their cells…"
        else:
            state = f" — {self._outside} prospects outside (no churn risk)" if self._outside else ""
        self.query_one("#matrix-title", Static).update(f"{title}{state}   ({key_of('next')}: the other matrix)")

    def _show_cells(self, portfolio: Portfolio, matrix: str, groups: dict[str, list[PortfolioEntry]],
                    outside: int) -> None:
        if not self.is_attached or portfolio is not self.portfolio or matrix != self.matrix:
            return  # closed, or a fresher portfolio or the other matrix asked for meanwhile
        self.sorting = False
        self._outside = outside
        self._show_title()
        _title, cells, row_labels, column_labels = MATRICES[self.matrix]
        for row in range(2):
            for column in range(2):
                cell = cells[row][column]
                entries = groups[cell.key]
                box = self.query_one(f"#cell-{row}-{column}", Vertical)
                box.border_title = f"{cell.title} ({len(entries)})"
                box.border_subtitle = f"{row_labels[row]} · {column_labels[column]}"
                box.query_one(".advice", Static).update(cell.recommendation)
                cell_list = self._list(row, column)
                cell_list.cells = level_cells if self.matrix == "level" else risk_cells
                # Fresh entries after a reload: the cursor stays on the same account, found by its id.
                shown = cell_list.current_row
                keep = next((e for e in entries if shown is not None and e.id == shown.id), None)
                cell_list.set_rows(entries, keep=keep, measure=True)

    def _focused_position(self) -> tuple[int, int]:
        focused = self.focused
        if isinstance(focused, CellList) and focused.id:
            _, row, column = focused.id.split("-")
            return int(row), int(column)
        return 0, 0

    def action_move(self, rows: int, columns: int) -> None:
        """Move to the neighbouring cell, if there is one."""
        row, column = self._focused_position()
        row, column = row + rows, column + columns
        if 0 <= row < 2 and 0 <= column < 2:
            target = self._list(row, column)
            target.focus()
            if rows:
                target.move_cursor(0 if rows > 0 else target.row_count - 1)

    @on(CellList.Edge)
    def _edge(self, event: CellList.Edge) -> None:
        self.action_move(-1 if event.direction == "up" else 1, 0)

    def action_switch_matrix(self) -> None:
        """Show the other matrix."""
        self.matrix = "risk" if self.matrix == "level" else "level"
        if self.portfolio is None:
            self._show_title()  # still scoring: the matrix asked for is shown once it is done
            return
        self.fill()

    def action_back(self) -> None:
        """Back to the portfolio table."""
        self.app.pop_screen()

    def palette_commands(self) -> list[PaletteEntry]:
        """The matrices' own commands for the palette."""
        # Imported here: the palette module pulls in the command palette, not needed to start.
        from accountmgr.screens.palette import PaletteEntry

        return [
            PaletteEntry("Switch view: portfolio table", "Back to the table of all accounts", "back"),
            PaletteEntry("Show the other matrix", "Attractiveness × level, or value × churn risk", "switch_matrix"),
            PaletteEntry("Why is the selected account in this cell?", "How its scores were computed", "explain"),
        ]

    def _selected(self) -> PortfolioEntry | None:
        focused = self.focused
        return focused.current_row if isinstance(focused, CellList) else None

    @on(VirtualTable.RowSelected)
    def _chosen(self, event: VirtualTable.RowSelected) -> None:
        app_of(self).open_account(event.row.id)

    def action_open_account(self) -> None:
        entry = self._selected()
        if entry is not None:
            app_of(self).open_account(entry.id)

    def action_explain(self) -> None:
        """Why is the selected account in this cell?"""
        from accountmgr.screens.score_explain import ScoreExplainScreen

        entry = self._selected()
        if entry is not None and self.portfolio is not None:
            self.app.push_screen(ScoreExplainScreen(entry, self.portfolio.weights, self.portfolio.stale_days,
                                                  portfolio=self.portfolio))
