"""One table widget for every table pane: keyed rows, the cursor kept on its record, a detail slot, columns that fit.

Each pane (DMU, opportunities, plan, team, agenda, white space, the step tables) gives rows as (key, cells) and
reads the highlighted key back; the widget keeps the cursor on the same record when the rows are read again (after
a save here or a change from another window), says what is highlighted with one ``Changed`` message, shows the
highlighted record's detail under the table, and sizes the columns from their content and the room there is.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from accountmgr.widgets.plain import PlainDataTable, cell

CURRENT: Any = object()
"""``keep`` default of :meth:`TablePane.show`: stay on the record highlighted now."""

@dataclass(frozen=True)
class TableColumn:
    """A column: its key and header, and how far it may shrink when the table lacks room."""

    key: str
    header: str
    min_width: int = 10
    """Never narrower than this (nor than its header) while shortening: a date or a short word stays whole."""
    max_width: int | None = None
    """Never wider than this, however long its text (a long note); None: as wide as its content."""
    shrink: bool = True
    """False for cells that must show whole (dates, amounts): the other columns give up room first."""
    priority: int = 1
    """Columns of a lower priority are shortened (down to their floor) before those of a higher one."""
    leave_out: int = 0
    """0: always shown. Otherwise, when even the columns' floors do not fit the pane, the column with the highest
    number is left out, then the next, until the rest fit without scrolling sideways (its cells stay in the rows)."""


Row = tuple[Hashable, Sequence[Any]]
"""(key, cells) of one row; the key is the record it shows (an id), the cells are in column order."""


def cell_width(value: Any) -> int:
    """How many terminal cells *value* takes on one line."""
    if isinstance(value, Text):
        return value.cell_len
    return Text(str(value)).cell_len


def shown_columns(needed: Sequence[int], leave_out: Sequence[int], room: int) -> list[int]:
    """Indexes of the columns to show within *room*, in order: all of them when their *needed* widths (floor and
    padding) fit; otherwise those that may be left out go, the highest ``leave_out`` first (the last of a tie
    first), until the rest fit or only those never left out are left."""
    shown = list(range(len(needed)))
    candidates = sorted((index for index, rank in enumerate(leave_out) if rank), key=lambda i: (leave_out[i], i))
    while candidates and sum(needed[index] for index in shown) > room:
        shown.remove(candidates.pop())
    return shown


def fit_widths(natural: Sequence[int], floors: Sequence[int], room: int,
               priorities: Sequence[int] | None = None) -> list[int]:
    """Column widths within *room*: every column as wide as its content when that fits; otherwise the columns of
    the lowest priority shortened first, the widest of them first, none below its floor (if even the floors do not
    fit, the table scrolls sideways)."""
    widths = list(natural)
    levels = list(priorities) if priorities is not None else [1] * len(natural)
    for level in sorted(set(levels)):
        if sum(widths) <= room:
            break
        group = [index for index, value in enumerate(levels) if value == level]
        others = sum(width for index, width in enumerate(widths) if levels[index] != level)
        shared = _share([natural[i] for i in group], [floors[i] for i in group], room - others)
        for index, width in zip(group, shared):
            widths[index] = width
    return widths


def _share(natural: Sequence[int], floors: Sequence[int], room: int) -> list[int]:
    """Widths of columns of one priority within *room*: the widest shortened first, none below its floor."""
    if sum(natural) <= room:
        return list(natural)
    if sum(floors) >= room:
        return list(floors)
    low, high = 0, max(natural)
    while low < high:  # the largest cap under which the columns fit
        cap = (low + high + 1) // 2
        if sum(max(f, min(n, cap)) for n, f in zip(natural, floors)) <= room:
            low = cap
        else:
            high = cap - 1
    widths = [max(f, min(n, low)) for n, f in zip(natural, floors)]
    spare = room - sum(widths)
    for index, (width, wanted) in enumerate(zip(widths, natural)):
        if spare and width < wanted:  # the remainder, one cell each, to the columns still short
            widths[index] += 1
            spare -= 1
    return widths


def ellipsised(value: Any) -> Any:
    """A cell that, when its column is narrower than its text, ends in an ellipsis instead of being cut."""
    value = cell(value)
    if isinstance(value, Text):
        value.no_wrap = True
        value.overflow = "ellipsis"
    return value


class TablePane(Vertical):
    """A table of keyed rows with the highlighted row's detail under it."""

    DEFAULT_CSS = """
    TablePane { height: auto; }
    TablePane > DataTable { height: auto; }
    TablePane > .table-pane--empty { color: $text-muted; height: auto; }
    TablePane > .table-pane--detail { height: auto; padding: 0 1; color: $text-muted; }
    """

    class Changed(Message):
        """The highlighted row or the rows themselves changed; *key* is the highlighted record (None: none)."""

        def __init__(self, table_pane: TablePane, key: Hashable | None, column: int) -> None:
            super().__init__()
            self.table_pane = table_pane
            self.key = key
            """The highlighted row's key."""
            self.column = column
            """The highlighted column (0 in a row table)."""

        @property
        def control(self) -> TablePane:
            return self.table_pane

    def __init__(
        self,
        columns: Sequence[TableColumn],
        *,
        table_id: str | None = None,
        detail: Callable[[Hashable | None], RenderableType] | None = None,
        detail_id: str | None = None,
        empty: str | None = None,
        cursor_type: Literal["row", "cell", "none"] = "row",
        id: str | None = None,  # noqa: A002
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns: list[TableColumn] = list(columns)
        """The columns, in order."""
        self.rows: list[Row] = []
        """The rows as last shown, in table order, with their cells whole."""
        self.shown: list[int] = list(range(len(self.columns)))
        """Indexes of the columns drawn (those left out for lack of room are not)."""
        self.detail = detail
        """What the detail slot shows for a highlighted key (None when there are no rows); None: no slot."""
        self._table_id = table_id
        self._detail_id = detail_id
        self._empty = empty
        self._cursor_type = cursor_type
        self._generation = 0
        self._announced: tuple[int, Hashable | None, int] | None = None
        self._fitted_room = -1
        self._pending: Hashable | None = None

    def compose(self) -> ComposeResult:
        yield PlainDataTable(id=self._table_id, cursor_type=self._cursor_type, zebra_stripes=True)
        if self._empty is not None:
            yield Static(self._empty, classes="table-pane--empty", markup=False)
        if self.detail is not None:
            yield Static(id=self._detail_id, classes="table-pane--detail")

    def on_mount(self) -> None:
        self._rebuild()
        self._put_cursor(self._take_pending(), 0, 0)
        self._announce()

    def _take_pending(self) -> Hashable | None:
        pending, self._pending = self._pending, None
        return pending

    @property
    def table(self) -> DataTable[Any]:
        """The table inside (for reading cells)."""
        return self.query_one(PlainDataTable)

    # --- rows ---------------------------------------------------------------------------------------------------

    def show(self, rows: Sequence[Row], *, columns: Sequence[TableColumn] | None = None, keep: Any = CURRENT) -> None:
        """Show *rows* (and new *columns* if given); the cursor stays on *keep*'s row (by default the row highlighted
        now); if that row is gone it stays at the same place, on the row that took its place."""
        pending = self._take_pending()
        target = keep if keep is not CURRENT else pending if pending is not None else self.selected_key
        index = self.table.cursor_row if self.is_mounted else 0
        column = self.table.cursor_column if self.is_mounted else 0
        if columns is not None:
            self.columns = list(columns)
        self.rows = list(rows)
        self._generation += 1
        if not self.is_mounted:
            return
        self._rebuild()
        self._put_cursor(target, index, column)
        self._announce()

    def _rebuild(self) -> None:
        table = self.table
        table.clear(columns=True)
        widths = self._widths()
        for index, width in zip(self.shown, widths):
            column = self.columns[index]
            table.add_column(Text(column.header, no_wrap=True, overflow="ellipsis"), key=column.key, width=width)
        for key, cells in self.rows:
            table.add_row(*(ellipsised(cells[index]) for index in self.shown if index < len(cells)), key=str(key))
        for empty in self.query(".table-pane--empty"):
            empty.display = not self.rows

    def _put_cursor(self, target: Hashable | None, index: int, column: int) -> None:
        table = self.table
        if not self.rows:
            return
        if target is not None:
            try:
                index = table.get_row_index(str(target))
            except RowDoesNotExist:  # deleted or filtered out: stay where it was, on its neighbour
                pass
        table.move_cursor(row=min(max(index, 0), len(self.rows) - 1), column=min(column, len(self.shown) - 1))

    def select(self, key: Hashable) -> bool:
        """Put the cursor on *key*'s row (on rows not shown yet, as soon as they are); False when no row has it."""
        if not self.is_mounted or not self._generation:
            self._pending = key
            return True
        try:
            index = self.table.get_row_index(str(key))
        except RowDoesNotExist:
            return False
        self.table.move_cursor(row=index)
        self._announce()
        return True

    @property
    def selected_key(self) -> Hashable | None:
        """The key of the highlighted row (None when the table is empty)."""
        if not self.is_mounted or not self.rows:
            return None
        row = self.table.cursor_row
        return self.rows[min(max(row, 0), len(self.rows) - 1)][0]

    def left_out(self, key: Hashable | None) -> Text:
        """What the columns left out for lack of room hold in *key*'s row, as "Header value · …", the column left
        out last first (empty when every column shows): for a detail slot under a narrow table."""
        cells = next((cells for row_key, cells in self.rows if row_key == key), None)
        text = Text()
        if cells is None:
            return text
        hidden = sorted((index for index in range(len(self.columns)) if index not in self.shown and index < len(cells)),
                        key=lambda index: self.columns[index].leave_out)
        for index in hidden:
            if text:
                text.append(" · ")
            text.append(f"{self.columns[index].header} ", style="bold")
            value = cells[index]
            text.append(value.plain if isinstance(value, Text) else str(value))
        return text

    @property
    def selected_cells(self) -> Sequence[Any] | None:
        """The whole cells of the highlighted row."""
        if not self.is_mounted or not self.rows:
            return None
        return self.rows[min(max(self.table.cursor_row, 0), len(self.rows) - 1)][1]

    def focus(self, scroll_visible: bool = True) -> TablePane:
        """Give the keyboard to the table (as soon as it is there, when the pane is still being mounted)."""
        tables = self.query(PlainDataTable)
        if tables:
            tables.first().focus(scroll_visible)
        else:
            self.call_after_refresh(self.focus, scroll_visible)
        return self

    # --- the one message and the detail -------------------------------------------------------------------------

    def _announce(self) -> None:
        """Post Changed and redraw the detail, once per new highlighted row or new rows."""
        column = self.table.cursor_column if self._cursor_type == "cell" and self.rows else 0
        state = (self._generation, self.selected_key, column)
        if state == self._announced:
            return
        self._announced = state
        self.refresh_detail()
        self.post_message(self.Changed(self, state[1], column))

    def refresh_detail(self) -> None:
        """Draw the detail slot again (for a pane whose detail depends on more than the row)."""
        if self.detail is not None and self.is_mounted:
            detail = self.detail(self.selected_key)
            slot = self.query_one(".table-pane--detail", Static)
            slot.update(detail)
            slot.display = str(detail.plain if isinstance(detail, Text) else detail) != ""  # nothing: no empty line

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._announce()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._announce()

    # --- widths -------------------------------------------------------------------------------------------------

    def _room(self) -> int:
        """Cells the columns may take, padding included: the pane's width less a vertical scrollbar."""
        width = self.content_size.width or self.app.size.width
        return max(width - self._scrollbar(), 0)

    def _scrollbar(self) -> int:
        """The width a vertical scrollbar will take: none when every row fits the table's height."""
        table = self.table
        height = table.size.height
        if not height:  # not laid out yet: as high as allowed, or as the screen
            maximum = table.styles.max_height
            height = int(maximum.value) if maximum is not None and maximum.is_cells else self.app.size.height
        return table.styles.scrollbar_size_vertical if len(self.rows) + 1 > height else 0

    def _widths(self) -> list[int]:
        """Each column as wide as its header and its longest cell, shortened only when the pane lacks room; when
        even the shortest widths do not fit, the columns that may be left out go first (see ``shown``)."""
        natural: list[int] = []
        floors: list[int] = []
        for index, column in enumerate(self.columns):
            header = Text(column.header).cell_len
            content = max([header, *(cell_width(cells[index]) for _key, cells in self.rows if index < len(cells))])
            if column.max_width is not None:
                content = min(content, max(column.max_width, header))
            natural.append(content)
            floors.append(content if not column.shrink else min(content, max(column.min_width, header)))
        self._fitted_room = room = self._room()
        padding = 2 * self.table.cell_padding
        self.shown = shown_columns([floor + padding for floor in floors], [c.leave_out for c in self.columns], room)
        return fit_widths([natural[i] for i in self.shown], [floors[i] for i in self.shown],
                          room - padding * len(self.shown), [self.columns[i].priority for i in self.shown])

    def on_resize(self, event: Resize) -> None:
        """Fit the columns to a new width (a change of height alone needs nothing)."""
        if self.is_mounted and self._room() != self._fitted_room:
            key, index, column = self.selected_key, self.table.cursor_row, self.table.cursor_column
            self._rebuild()
            self._put_cursor(key, index, column)
            self.refresh_detail()  # a detail may name the columns left out, which the width decides
