"""A table that renders only the lines on screen (Textual's line API), for portfolios of any size.

The stock DataTable measures every cell of every row; this one takes column
widths from a sample of rows and formats a row only when it scrolls into
view, so replacing 100,000 rows costs one list assignment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

SAMPLE_ROWS = 200
"""How many rows the column widths are measured on."""


@dataclass(frozen=True)
class Column:
    """A column: its key (for sorting), heading, widest width and alignment."""

    key: str
    label: str
    max_width: int = 30
    justify: str = "left"
    min_width: int = 3
    flex: bool = False
    """A flexible column takes the width the others leave, between min_width and max_width."""
    drop_order: int = 0
    """0: always shown. When the table is too narrow, columns with the highest number are hidden first."""


class VirtualTable(ScrollView, can_focus=True):
    """Rows of any object, drawn by a cell function only when visible; a fixed header line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False, id="table-up"),
        Binding("down", "cursor_down", "Down", show=False, id="table-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="table-page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table-page-down"),
        Binding("home", "first", "First", show=False, id="table-first"),
        Binding("end", "last", "Last", show=False, id="table-last"),
        Binding("left", "scroll_left", "Scroll left", show=False, id="table-left"),
        Binding("right", "scroll_right", "Scroll right", show=False, id="table-right"),
        Binding("enter", "select", "Open", id="table-select"),
    ]

    HELP_TITLE = "Tables (portfolio, matrix cells)"
    """How the help screen names this widget's keys."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--empty",
    }

    DEFAULT_CSS = """
    VirtualTable { background: $surface; height: 1fr; }
    VirtualTable > .virtual-table--header { text-style: bold; background: $panel; color: $foreground; }
    VirtualTable > .virtual-table--cursor { background: $block-cursor-blurred-background; }
    VirtualTable:focus > .virtual-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    VirtualTable > .virtual-table--empty { color: $text-muted; text-style: italic; }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=False)
    """Index of the highlighted row in the current rows."""

    class RowHighlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, table: "VirtualTable", index: int, row: Any) -> None:
            super().__init__()
            self.table = table
            self.index = index
            self.row = row

        @property
        def control(self) -> "VirtualTable":
            return self.table

    class RowSelected(RowHighlighted):
        """Enter (or a click on the highlighted row) chose a row."""

    class HeaderClicked(Message):
        """A column heading was clicked."""

        def __init__(self, table: "VirtualTable", column_key: str) -> None:
            super().__init__()
            self.table = table
            self.column_key = column_key

        @property
        def control(self) -> "VirtualTable":
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[Any], Sequence[str | Text]],
        *,
        empty_text: str = "Nothing to show.",
        show_header: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self.cells = cells
        """Turns a row object into its cells, in column order."""
        self.empty_text = empty_text
        self.show_header = show_header
        self.rows: Sequence[Any] = []
        self.widths: list[int] = [column.min_width for column in self.columns]
        self._natural: list[int] = list(self.widths)
        """Widths measured from the rows, before flexible columns take the spare room."""
        self.sort_key: str | None = None
        """Column key shown with a sort arrow in the header."""
        self.sort_reverse = False
        self._cache: dict[int, tuple[Any, Strip]] = {}
        """(row, formatted line) by id() of the row object; cleared when widths or styles change."""
        self._styles: tuple[bool, Style, Style, Style, Style] | None = None

    # -- data -------------------------------------------------------------
    @property
    def header_height(self) -> int:
        return 1 if self.show_header else 0

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def current_row(self) -> Any | None:
        """The row under the cursor, or None when the table is empty."""
        if 0 <= self.cursor_row < len(self.rows):
            return self.rows[self.cursor_row]
        return None

    def set_rows(self, rows: Sequence[Any], *, keep: Any | None = None, measure: bool = False) -> None:
        """Show *rows*; put the cursor on *keep* if it is among them, else keep the index in range."""
        self.rows = rows
        if measure or not any(width > column.min_width for width, column in zip(self.widths, self.columns)):
            self.measure()
        self._set_virtual_size(Size(self.total_width, len(rows) + self.header_height))
        target = self.cursor_row
        if keep is not None:
            try:
                target = rows.index(keep) if hasattr(rows, "index") else target
            except ValueError:
                target = self.cursor_row
        self._move_cursor(min(max(target, 0), max(len(rows) - 1, 0)))
        self.refresh()

    def measure(self) -> None:
        """Column widths from the headings and a sample of rows, each within its column's limits."""
        widths = [max(column.min_width, len(column.label) + 2) for column in self.columns]
        for row in self.rows[:SAMPLE_ROWS]:
            for index, cell in enumerate(self.cells(row)):
                length = cell.cell_len if isinstance(cell, Text) else cell_len(cell)
                if length > widths[index]:
                    widths[index] = length
        self._natural = [min(width, column.max_width) for width, column in zip(widths, self.columns)]
        self._fit()

    def _fit(self) -> None:
        """Hide the least needed columns if the table is too narrow; flexible columns take the spare room.

        A hidden column has width 0.
        """
        widths = list(self._natural)
        flexible = {index for index, column in enumerate(self.columns) if column.flex}
        available = self.scrollable_content_region.width or self.size.width

        def needed() -> int:
            return sum(
                (self.columns[index].min_width if index in flexible else width) + 1
                for index, width in enumerate(widths)
                if width
            )

        if available:
            droppable = sorted(
                (index for index, column in enumerate(self.columns) if column.drop_order),
                key=lambda index: -self.columns[index].drop_order,
            )
            for index in droppable:
                if needed() <= available:
                    break
                widths[index] = 0
        shown_flexible = sorted(index for index in flexible if widths[index])
        if shown_flexible:
            spare = available - sum(w + 1 for i, w in enumerate(widths) if w and i not in flexible)
            spare -= len(shown_flexible)  # their separators
            # Each flexible column gets its minimum, then the room left is shared out evenly up to
            # its widest content (the last one up to its widest width, taking what is left);
            # what one cannot take goes to the others.
            caps = {index: max(self.columns[index].min_width, self._natural[index]) for index in shown_flexible}
            caps[shown_flexible[-1]] = self.columns[shown_flexible[-1]].max_width
            for index in shown_flexible:
                widths[index] = self.columns[index].min_width
            remaining = spare - sum(widths[index] for index in shown_flexible)
            while remaining > 0:
                growing = [i for i in shown_flexible if widths[i] < caps[i]]
                if not growing:
                    break
                step = max(remaining // len(growing), 1)
                for index in growing:
                    extra = min(step, caps[index] - widths[index], remaining)
                    widths[index] += extra
                    remaining -= extra
        if widths != self.widths:
            self._cache.clear()
        self.widths = widths
        self._set_virtual_size(Size(self.total_width, len(self.rows) + self.header_height))

    def _set_virtual_size(self, size: Size) -> None:
        """Change the scrollable size; lay out the screen again only when a scrollbar appears or goes.

        Filtering changes the number of rows at every keystroke: a layout pass of the whole
        screen each time would cost more than the filtering itself.
        """
        old = self.virtual_size
        if size == old:
            return
        container = self.container_size
        if not container or size.width != old.width or (size.height > container.height) != (
            old.height > container.height
        ):
            self.virtual_size = size
            return
        self.set_reactive(VirtualTable.virtual_size, size)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = size.height
            self.vertical_scrollbar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    @property
    def shown_columns(self) -> list[Column]:
        """The columns wide enough to be shown, in order."""
        return [column for column, width in zip(self.columns, self.widths) if width]

    def on_resize(self) -> None:
        """Refit flexible columns to the new width."""
        self._fit()
        self._cache.clear()

    def invalidate(self) -> None:
        """Forget formatted lines (after the rows' contents changed in place)."""
        self._cache.clear()
        self.refresh()

    @property
    def total_width(self) -> int:
        return sum(width + 1 for width in self.widths if width)

    # -- cursor -----------------------------------------------------------
    def _move_cursor(self, index: int) -> None:
        if not self.rows:
            self.cursor_row = 0
            return
        index = min(max(index, 0), len(self.rows) - 1)
        self.cursor_row = index
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.RowHighlighted(self, index, self.rows[index]))

    def move_cursor(self, index: int) -> None:
        """Put the cursor on row *index* (clamped) and scroll it into view."""
        self._move_cursor(index)

    def _scroll_cursor_into_view(self) -> None:
        visible = max(self.scrollable_content_region.height - self.header_height, 1)
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    @property
    def _page(self) -> int:
        return max(self.scrollable_content_region.height - self.header_height - 1, 1)

    def action_cursor_up(self) -> None:
        self._move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self._move_cursor(self.cursor_row - self._page)

    def action_page_down(self) -> None:
        self._move_cursor(self.cursor_row + self._page)

    def action_first(self) -> None:
        self._move_cursor(0)

    def action_last(self) -> None:
        self._move_cursor(len(self.rows) - 1)

    def action_select(self) -> None:
        """Report the row under the cursor as chosen."""
        if self.rows:
            self.post_message(self.RowSelected(self, self.cursor_row, self.rows[self.cursor_row]))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if self.show_header and offset.y == 0:
            key = self._column_at(offset.x + int(self.scroll_x))
            if key is not None:
                self.post_message(self.HeaderClicked(self, key))
            return
        index = offset.y - self.header_height + int(self.scroll_y)
        if 0 <= index < len(self.rows):
            if index == self.cursor_row:
                self.action_select()
            else:
                self._move_cursor(index)

    def _column_at(self, x: int) -> str | None:
        position = 0
        for column, width in zip(self.columns, self.widths):
            if not width:
                continue
            if position <= x < position + width + 1:
                return column.key
            position += width + 1
        return None

    # -- rendering --------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._cache.clear()

    def _style_set(self) -> tuple[Style, Style, Style, Style]:
        """Base, header, cursor (focused or not) and empty-text styles, computed once per style change."""
        if self._styles is None or self._styles[0] != self.has_focus:
            self._styles = (
                self.has_focus,
                self.rich_style,
                self.get_component_rich_style("virtual-table--header"),
                self.get_component_rich_style("virtual-table--cursor"),
                self.get_component_rich_style("virtual-table--empty"),
            )
        return self._styles[1:]

    def _on_focus(self, event: events.Focus) -> None:
        self._styles = None
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._styles = None
        self.refresh()

    def _format(self, cells: Sequence[str | Text]) -> Strip:
        """One line of cells, each cut or padded to its column (an ellipsis marks a cut)."""
        segments: list[Segment] = []
        for cell, column, width in zip(cells, self.columns, self.widths):
            if not width:
                continue
            if isinstance(cell, Text) and cell.spans:
                text = cell.copy()
                text.truncate(width, overflow="ellipsis")
                padding = " " * (width - text.cell_len)
                if column.justify == "right":
                    segments.append(Segment(padding))
                segments.extend(text.render(self.app.console))
                if column.justify != "right":
                    segments.append(Segment(padding))
            else:
                if isinstance(cell, Text):
                    plain, style = cell.plain, cell.style
                    style = Style.parse(style) if isinstance(style, str) else style
                else:
                    plain, style = cell, None
                length = cell_len(plain)
                if length > width:
                    plain = set_cell_size(plain, width - 1) + "…"
                elif length < width:
                    plain = plain.rjust(width) if column.justify == "right" else plain + " " * (width - length)
                segments.append(Segment(plain, style or None))
            segments.append(Segment(" "))
        return Strip(segments, self.total_width)

    def _header_strip(self, style: Style) -> Strip:
        labels: list[str | Text] = []
        for column in self.columns:
            arrow = ""
            if column.key == self.sort_key:
                arrow = " ▼" if self.sort_reverse else " ▲"
            labels.append(column.label + arrow)
        return self._format(labels).apply_style(style)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base, header, cursor, empty = self._style_set()
        if self.show_header and y == 0:
            strip = self._header_strip(header)
        else:
            index = y - self.header_height + scroll_y
            if index >= len(self.rows):
                if not self.rows and index == 0:
                    return Strip([Segment(self.empty_text.ljust(width)[:width], base + empty)], width)
                return Strip.blank(width, base)
            row = self.rows[index]
            # Keyed by the row object, not its position: filtering keeps the objects, so
            # lines already formatted are reused while the user types.
            cached = self._cache.get(id(row))
            if cached is not None and cached[0] is row:
                strip = cached[1]
            else:
                strip = self._format(self.cells(row))
                if len(self._cache) > 2000:
                    self._cache.clear()
                # The row is kept with its line so that its id cannot be reused meanwhile.
                self._cache[id(row)] = (row, strip)
            if index == self.cursor_row:
                strip = strip.apply_style(cursor)
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_style(base)
