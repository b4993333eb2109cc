"""The plan's Markdown for review mode, with tables that do not split a name across lines.

Rich shares a too-wide table's width out evenly, so "Alessandra Greco" became "Alessandra" over "Greco" while a
column of long sentences kept its room. Here a table's columns first get room for their longest word, then for
the names and short items in them (whole, in as many columns as the room allows), then the rest goes to the
columns with the longest text; a cell listing several names breaks between them, never inside one; a table with
too many columns to keep its names whole shows each row one field a line. Paragraphs and list items break
between names too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import ClassVar

from markdown_it.token import Token
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType, RenderResult
from rich.markdown import Markdown, MarkdownElement, Paragraph, TableElement
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

SHORT_ITEM = 24
"""Items (what sits between commas) up to this many characters are kept on one line where the table has room: person
and company names, roles, "Multiple contacts"."""

_ITEM_END = re.compile(r"(?:,|;| ·) ")
"""Where a cell's items end: "Elena Rossi, Giulia Ferri"."""


def items(text: str) -> list[tuple[int, int]]:
    """(start, end) of each item of a one-line cell, the separator kept at the end of the item before it."""
    spans, start = [], 0
    for match in _ITEM_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def _through_punctuation(text: str, end: int) -> int:
    """Where the word ending at *end* really ends: a comma or a stop after it stays on its line."""
    while end < len(text) and not text[end].isspace():
        end += 1
    return end


def _kept_whole(text: str) -> int:
    """The widest item of *text* short enough to be kept on one line, its comma included (its longest word if
    none is)."""
    widest = _longest_word(text)
    for start, end in items(text):
        item = text[start:end].rstrip(" ,;·")
        if cell_len(item) <= SHORT_ITEM:
            widest = max(widest, cell_len(text[start:_through_punctuation(text, start + len(item))]))
    return widest


def column_widths(cells: list[list[str]], room: int, names: frozenset[str] = frozenset()) -> list[int] | None:
    """Widths for columns holding *cells* (rows of plain texts, the heading first) in *room* characters; None
    when they fit without wrapping; [] when a name would have to be split (too many columns for the room).

    Each column gets room for its longest word; then for the *names* in it (people's, whole); then for its
    other short items; each time the columns needing the least more room first, so that as many as possible
    keep theirs whole. What is left goes to the columns still short of their longest text.
    """
    columns = list(zip(*cells))
    natural = [max(cell_len(text) for text in column) for column in columns]
    if sum(natural) <= room:
        return None
    widths = [max(_longest_word(text) for text in column) for column in columns]
    if sum(widths) > room:
        return []
    for kept in (_names_in(names), _kept_whole):
        grows = []
        for index, column in enumerate(columns):
            whole = max((kept(text) for text in column[1:]), default=0)
            grows.append((max(min(whole, natural[index]) - widths[index], 0), index))
        for grow, index in sorted(grows):
            if sum(widths) + grow <= room:
                widths[index] += grow
            elif kept is not _kept_whole:
                return []  # a name would be split: the caller shows the rows one field a line instead
    spare = room - sum(widths)
    wanting = [max(natural[index] - widths[index], 0) for index in range(len(widths))]
    total = sum(wanting)
    if total and spare > 0:
        shares = [spare * want // total for want in wanting]
        for index, share in enumerate(shares):
            widths[index] += share
        left = spare - sum(shares)
        for index in sorted(range(len(widths)), key=lambda i: -wanting[i]):
            if left <= 0:
                break
            if widths[index] < natural[index]:
                widths[index] += 1
                left -= 1
    return widths


def _names_in(names: frozenset[str]) -> Callable[[str], int]:
    """How wide the widest of *names* found in a text is (0 if none is)."""

    def widest(text: str) -> int:
        found = [(text.find(name), name) for name in names if name in text]
        return max((cell_len(text[at:_through_punctuation(text, at + len(name))]) for at, name in found), default=0)

    return widest


def kept_together(plain: str, names: frozenset[str]) -> list[tuple[int, int]]:
    """Stretches of *plain* not to break inside: each of the *names* it holds, and the short items of a list
    ("Decision maker, User")."""
    stretches = []
    for name in names:
        start = plain.find(name)
        while start >= 0:
            stretches.append((start, _through_punctuation(plain, start + len(name))))
            start = plain.find(name, start + len(name))
    spans = items(plain)
    if len(spans) > 1:
        for start, end in spans:
            item = plain[start:end].rstrip(" ,;·")
            if cell_len(item) <= SHORT_ITEM:
                stretches.append((start, _through_punctuation(plain, start + len(item))))
    return stretches


def wrapped(text: Text, width: int, names: frozenset[str]) -> Text:
    """*text* with its line breaks put in where they split no name (nor a short item of a list); what still does
    not fit (a name wider than the room) is left to Rich's own wrapping."""
    plain = text.plain
    if cell_len(plain) <= width or "\n" in plain or width < 1:
        return text
    inside: set[int] = set()
    for start, end in kept_together(plain, names):
        inside.update(range(start, end))
    words, start = [], 0
    for index, char in enumerate(plain):
        if char == " " and index not in inside:
            if index > start:
                words.append((start, index))
            start = index + 1
    if start < len(plain):
        words.append((start, len(plain)))
    lines: list[list[int]] = []
    for start, end in words:
        if lines and cell_len(plain[lines[-1][0]:end]) <= width:
            lines[-1][1] = end
        else:
            lines.append([start, end])
    if len(lines) <= 1:
        return text
    joined = Text("\n", justify=text.justify).join(text[start:end] for start, end in lines)
    joined.justify = text.justify
    return joined


class NameKeepingParagraph(Paragraph):
    """A paragraph (or list item) whose lines break between names, never inside one."""

    names: frozenset[str] = frozenset()

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> Paragraph:
        element = cls(justify=markdown.justify or "left")
        element.names = getattr(markdown, "names", frozenset())
        return element

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.text.justify = self.justify
        yield wrapped(self.text, options.max_width, self.names) if self.names else self.text


class NameKeepingTable(TableElement):
    """A Markdown table laid out by column_widths; otherwise drawn as Rich draws it."""

    names: frozenset[str] = frozenset()
    """The people's names to keep whole."""

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> MarkdownElement:
        element = cls()
        element.names = getattr(markdown, "names", frozenset())
        return element

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = Table(box=box.SIMPLE, pad_edge=False, style="markdown.table.border", show_edge=True,
                      collapse_padding=True)
        headings = [cell.content for cell in self.header.row.cells] if self.header and self.header.row else []
        for heading in headings:
            heading = heading.copy()
            heading.stylize("markdown.table.header")
            table.add_column(heading)
        rows = [[cell.content for cell in row.cells] for row in self.body.rows] if self.body is not None else []
        if headings and rows and all(len(row) == len(headings) for row in rows):
            # What the borders and padding take: the width of the table with every column one character wide.
            for column in table.columns:
                column.width = 1
            extra = Measurement.get(console, options, table).maximum - len(table.columns)
            for column in table.columns:
                column.width = None
            plain = [[heading.plain for heading in headings], *[[cell.plain for cell in row] for row in rows]]
            widths = column_widths(plain, options.max_width - extra, self.names)
            if widths == []:
                yield self._records(headings, rows, options.max_width)
                return
            if widths is not None:
                for column, width in zip(table.columns, widths):
                    column.width = width
                rows = [[wrapped(cell, width, self.names) for cell, width in zip(row, widths)] for row in rows]
        for row in rows:
            table.add_row(*row)
        yield table

    def _records(self, headings: list[Text], rows: list[list[Text]], room: int) -> Table:
        """Too many columns for the room: each row as its fields, one a line ("From  Roberto Conti")."""
        label_width = max(heading.cell_len for heading in headings)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="markdown.table.header", no_wrap=True)
        grid.add_column()
        value_width = max(room - label_width - 2, 1)
        for number, row in enumerate(rows):
            if number:
                grid.add_row("", "")
            for heading, cell in zip(headings, row):
                grid.add_row(heading.copy(), wrapped(cell, value_width, self.names))
        return grid


class PlanMarkdown(Markdown):
    """Rich's Markdown, with tables that keep *names* (and short items) whole."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements, "table_open": NameKeepingTable, "paragraph_open": NameKeepingParagraph,
    }

    def __init__(self, markup: str, *, names: Iterable[str] = (), justify: JustifyMethod | None = None) -> None:
        super().__init__(markup, justify=justify)
        self.names = frozenset(name for name in names if name.strip())


class Prerendered:
    """A renderable already laid out by Rich at *width* (in a worker): drawing it again on the UI thread only copies
    its lines, however large its tables (Rich lays out a plan's tables in tens of milliseconds each)."""

    def __init__(self, renderable: RenderableType, width: int) -> None:
        console = Console(width=width, force_terminal=True, color_system="truecolor", legacy_windows=False,
                          markup=False, highlight=False, emoji=False)
        self.width = width
        self.lines = console.render_lines(renderable, console.options.update_width(width), pad=False)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for line in self.lines:
            yield from line
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)
