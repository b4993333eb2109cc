"""White space (cross-selling): our offerings against the accounts, or one account's departments."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, Input, Static

from accountmgr.keys import key_of, ref
from accountmgr.screens.opportunity_form import OpportunityForm
from accountmgr.screens.palette import PaletteEntry
from accountmgr.screens.panes.table_screen import TableScreen
from accountmgr.services import accounts
from accountmgr.services import whitespace as ws
from accountmgr.services.portfolio import PROGRESSIVE_FROM, active_count
from accountmgr.services.watch import about
from accountmgr.widgets.plain import line
from accountmgr.widgets.refusal import writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.table_pane import TableColumn, TablePane
from accountmgr.widgets.typed_app import app_of, database_of

STYLES = {
    ws.CellState.OWNED: "bold green",
    ws.CellState.OPEN: "bold yellow",
    ws.CellState.COMPETITOR: "bold red",
    ws.CellState.WHITE_SPACE: "bold cyan",
}
"""Colour per state; the symbol says the same without colour."""

MAX_ROWS = 200
"""Rows drawn at once in the portfolio matrix; the filter narrows a large portfolio."""


def abbreviate(names: list[str]) -> list[str]:
    """Short, distinct column headers: the initials of each offering (MES, PMA…), numbered if they clash."""
    result: list[str] = []
    for name in names:
        words = [w for w in name.replace("/", " ").replace("-", " ").split() if w[:1].isalnum()]
        short = "".join(w[0] for w in words).upper()[:4] if len(words) > 1 else name[:4]
        candidate, n = short, 2
        while candidate in result:
            candidate, n = f"{short}{n}", n + 1
        result.append(candidate)
    return result


def legend(offerings: list[str]) -> Text:
    """What the symbols and the column headers stand for."""
    text = Text()
    for state in ws.CellState:
        text.append(f" {state.symbol} ", style=STYLES[state])
        text.append(f"{state.label}  ")
    text.append("\n")
    text.append(" · ".join(f"{short} {name}" for short, name in zip(abbreviate(offerings), offerings)))
    return text


class WhitespaceScreen(TableScreen):
    """White space: offerings × accounts, or × departments of one account"""

    SUB_TITLE = "White space"

    HELP_TITLE = "White space (cross-selling)"
    HELP_TEXT = (
        "Each cell is O owned (a won opportunity with that offering, or marked as ours), P an open opportunity, "
        "C held by a competitor, or + white space: something the account could buy from us and does not. "
        f"{ref('open')} on a + (or C) cell opens a new opportunity for that offering, prefilled."
    )
    BINDINGS = [
        bind("add", "create", "New opportunity", tooltip="Also Enter on a white-space cell"),
        bind("details", "open_account", "Open account"),
        bind("filter", "filter", "Filter"),
        bind("back", "back", "Back"),
    ]

    DEFAULT_CSS = """
    WhitespaceScreen #ws-heading { height: auto; padding: 0 1; background: $boost; }
    WhitespaceScreen #ws-filter { display: none; height: 1; margin: 0 1; }
    WhitespaceScreen #ws-filter.shown { display: block; }
    WhitespaceScreen #ws-pane { height: 1fr; }
    WhitespaceScreen #ws-table { height: 1fr; }
    WhitespaceScreen #ws-detail { height: auto; padding: 0 1; border-top: solid $primary; color: $foreground; }
    WhitespaceScreen #ws-legend { height: auto; padding: 0 1; color: $text-muted; }
    """

    filter_text: reactive[str] = reactive("", init=False)
    """Words an account name must contain (portfolio matrix only)."""

    def __init__(self, account_id: int | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        """The account whose departments are shown; None for the whole portfolio."""
        self.matrix: ws.Matrix | None = None
        """The matrix as last computed."""
        self.counts: dict[ws.CellState, int] = {}
        """How many cells are in each state, over the whole matrix."""
        self.title_text = ""
        """What the matrix shows, for the heading."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="ws-heading")
        yield Input(placeholder=f"filter accounts by name; {key_of('back')} clears", id="ws-filter", compact=True)
        yield TablePane([], table_id="ws-table", cursor_type="cell", detail=self._detail, detail_id="ws-detail",
                        id="ws-pane")
        yield Static(id="ws-legend")
        yield Footer()

    def palette_commands(self) -> list[PaletteEntry]:
        """The matrix's own entries in the command palette."""
        entries = [
            PaletteEntry("White space: new opportunity in the highlighted cell", "Prefilled with the offering", "create"),
            PaletteEntry("White space: open the highlighted account", "Its workspace at step e", "open_account"),
        ]
        if not self.account_id:
            entries.append(PaletteEntry("White space: filter accounts by name", "Narrow a large portfolio", "filter"))
        return entries

    # --- data ---------------------------------------------------------------------------------------------------

    @property
    def account_name(self) -> str:
        return accounts.get_account(database_of(self), self.account_id).name if self.account_id else ""

    def reload(self) -> None:
        """Compute the matrix again and redraw, keeping the cursor where it was."""
        if not self.account_id and active_count(database_of(self)) >= PROGRESSIVE_FROM:
            # Every account's holdings and opportunities: read off the UI thread, the keys working meanwhile.
            self.query_one("#ws-heading", Static).update("White space · Portfolio: reading every account…")
            self._read_in_background()
            return
        self._take(self._read())

    def _read(self) -> ws.Matrix:
        db = database_of(self)
        return ws.account_matrix(db, self.account_id) if self.account_id else ws.portfolio_matrix(db)

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed this account (any account, for the portfolio): compute again in
        the background, the cursor and the filter staying; under another screen, coming back reads again."""
        if self.is_current and about(changes, self.account_id):
            self._read_in_background()

    @work(thread=True, exclusive=True, group="whitespace-load")
    def _read_in_background(self) -> None:
        """A portfolio's matrix reads every holding and opportunity: off the UI thread, then shown there."""
        matrix = self._read()
        self.app.call_from_thread(self._follow, matrix)

    def _follow(self, matrix: ws.Matrix) -> None:
        if self.is_mounted:  # not closed while reading
            self._take(matrix)

    def _take(self, matrix: ws.Matrix) -> None:
        self.matrix = matrix
        self.counts = matrix.counts()
        self.title_text = (
            f"{self.account_name}: offerings × departments" if self.account_id else "Portfolio: offerings × accounts"
        )
        self._fill()

    def _fill(self) -> None:
        """Draw the rows that match the filter from the matrix in memory (no database work per keystroke)."""
        matrix = self.matrix
        if matrix is None:
            return  # still being read: the filter applies when it is shown
        header = [TableColumn("label", "Department" if self.account_id else "Account", min_width=16)]
        for (offering_id, _name), short in zip(matrix.offerings, abbreviate([n for _i, n in matrix.offerings])):
            header.append(TableColumn(str(offering_id), short.ljust(3), shrink=False))
        self.query_one("#ws-legend", Static).update(legend([n for _i, n in matrix.offerings]))
        wanted = self.filter_text.lower().split()
        columns = [c for c in matrix.columns if all(w in c.label.lower() for w in wanted)]
        shown = columns[:MAX_ROWS]
        rows = []
        for column in shown:
            cells: list[Any] = [Text(column.label, style="bold" if column.key == ws.WHOLE_ACCOUNT else "")]
            for offering_id, _name in matrix.offerings:
                state = matrix.cell(offering_id, column.key).state
                cells.append(Text(f" {state.symbol}", style=STYLES[state]))
            rows.append((column.key, cells))
        self.table.show(rows, columns=header)
        self._heading(len(columns), len(shown))

    def _heading(self, matching: int, shown: int) -> None:
        counts = self.counts
        text = Text()
        text.append(line(f"White space · {self.title_text}"), style="bold")
        text.append(f" · {counts[ws.CellState.WHITE_SPACE]} white space, {counts[ws.CellState.OWNED]} owned, "
                    f"{counts[ws.CellState.OPEN]} open, {counts[ws.CellState.COMPETITOR]} competitor")
        if shown < matching:
            text.append(f" · showing {shown} of {matching} accounts: / filters", style="yellow")
        elif self.filter_text:
            text.append(f" · {shown} accounts match “{self.filter_text}”", style="dim")
        self.query_one("#ws-heading", Static).update(text)

    def current(self) -> tuple[Any, int | None] | None:
        """(row key: account id or department, offering id or None on the label column) under the cursor."""
        key = self.table.selected_key
        if key is None or self.matrix is None:
            return None
        column = self.table.table.cursor_column
        offering = self.matrix.offerings[column - 1][0] if 1 <= column <= len(self.matrix.offerings) else None
        return key, offering

    def _target(self, row_key: Any) -> tuple[int, str]:
        """(account id, department) for a row."""
        if self.account_id:
            return self.account_id, row_key if row_key != ws.WHOLE_ACCOUNT else ""
        return row_key, ""

    def _detail(self, _key: object) -> Text:
        """What the highlighted cell holds, under the matrix."""
        where = self.current()
        if where is None or self.matrix is None:
            return Text("No accounts match." if self.filter_text else "Nothing to show yet.")
        row_key, offering_id = where
        label = line(next(c.label for c in self.matrix.columns if c.key == row_key))
        if not self.matrix.offerings:
            return Text("No offerings yet: our products and services must be entered before white space shows.")
        if offering_id is None:
            return Text(f"{label}: move right to the offerings.", style="dim")
        name = next(n for i, n in self.matrix.offerings if i == offering_id)
        cell = self.matrix.cell(offering_id, row_key)
        text = Text()
        text.append(f"{name}", style="bold")
        text.append(f" at {label}: ")
        text.append(f"{cell.state.symbol} {cell.state.label}", style=STYLES[cell.state])
        if cell.detail:
            text.append(f" ({cell.detail})")
        if cell.state in (ws.CellState.WHITE_SPACE, ws.CellState.COMPETITOR):
            text.append("   Enter: new opportunity", style="dim")
        return text

    @on(DataTable.CellSelected, "#ws-table")
    def _selected(self) -> None:
        self.action_create()

    # --- actions ------------------------------------------------------------------------------------------------

    @writes
    def action_create(self) -> None:
        """Open a new opportunity for the offering under the cursor, prefilled (white space or competitor cells)."""
        where = self.current()
        if where is None or self.matrix is None:
            return
        row_key, offering_id = where
        if offering_id is None:
            # On the account column: say where the key works rather than doing nothing.
            self.notify("Move to an offering's cell first (→): the new opportunity is for that offering.")
            return
        cell = self.matrix.cell(offering_id, row_key)
        if cell.state in (ws.CellState.OWNED, ws.CellState.OPEN):
            self.app.notify(f"Not white space: {cell.state.label.lower()} ({cell.detail}).")
            return
        account_id, department = self._target(row_key)
        draft = ws.opportunity_draft(database_of(self), account_id, offering_id, department)
        self.app.push_screen(
            OpportunityForm(account_id, draft=draft, offering_ids=(offering_id,)),
            lambda saved: self._created(saved),
        )

    def _created(self, saved: int | None) -> None:
        if saved is not None:
            self.app.notify("Opportunity created: the cell is now an open opportunity.")
            self.reload()

    def action_open_account(self) -> None:
        """Open the account of the highlighted row at its opportunities (step e)."""
        if self.account_id:
            # One account's matrix is opened from that account's workspace: go back to it, not open a second one.
            self.app.pop_screen()
            return
        where = self.current()
        if where is not None:
            app_of(self).open_account(self._target(where[0])[0], "e")

    def action_filter(self) -> None:
        """Filter the accounts by name."""
        if self.account_id:
            return
        box = self.query_one("#ws-filter", Input)
        box.add_class("shown")
        box.focus()

    @on(Input.Changed, "#ws-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()

    @on(Input.Submitted, "#ws-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def watch_filter_text(self) -> None:
        self._fill()

    def action_back(self) -> None:
        """Clear the filter first; otherwise go back."""
        box = self.query_one("#ws-filter", Input)
        if self.filter_text or box.has_class("shown"):
            box.value = ""
            box.remove_class("shown")
            self.filter_text = ""
            self.table.focus()
            return
        self.app.pop_screen()
