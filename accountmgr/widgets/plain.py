"""Stored text on screen exactly as typed: never read as markup, control characters shown as visible marks.

Textual reads a plain ``str`` given to Static, Label, a DataTable cell, a Select option or a palette hit as
markup, so an account called "Rossi [italia] SpA" would lose "[italia]" and one holding "[/]" would crash
the screen. Everything here wraps user text in Content or Text (never markup), after ``printable`` has
replaced any control character a database written before input cleaning might still hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher
from textual.widgets import DataTable

from accountmgr.services.safe_text import has_controls, printable


def plain(text: object, *, newlines: bool = False) -> Content:
    """User text for a widget: Content, never markup; *newlines* keeps line breaks (notes), else they are spaces."""
    value = "" if text is None else str(text)
    return Content(printable(value, newlines=True) if newlines else printable(value, single_line=True))


def line(text: object) -> str:
    """User text as one line of a plain string (a title, an Input's value, a Select label built elsewhere)."""
    return printable("" if text is None else str(text), single_line=True)


def lines(text: object) -> str:
    """User text keeping its line breaks, as a plain string (a TextArea's value)."""
    return printable("" if text is None else str(text), newlines=True)


def cell(value: Any) -> Any:
    """A table cell or a list label: a string becomes plain Text on one line; Text built from stored text gets
    its control characters replaced (one for one, so its styles stay in place); anything else is left alone."""
    if isinstance(value, str):
        return Text(printable(value, single_line=True), end="")
    if isinstance(value, Text) and has_controls(value.plain):
        value = value.copy()
        value.plain = printable(value.plain, single_line=True)
    return value


def scrub(text: Text) -> Text:
    """*text* (Rich Text built from stored text, line breaks kept) with its control characters made visible."""
    if has_controls(text.plain.replace("\n", "")):
        text = text.copy()
        text.plain = printable(text.plain, newlines=True)
    return text


def options(pairs: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """(label, value[, selected]) tuples for a Select or a SelectionList, with each label plain one-line Text."""
    return [(cell(label), *rest) for label, *rest in pairs]


def highlight(matcher: Matcher, text: str) -> Content:
    """A palette hit showing *text* as typed, with the matched letters highlighted (the stock highlight reads markup)."""
    shown = line(text)
    content = Content(shown)
    score, offsets = matcher.fuzzy_search.match(matcher.query, shown)
    if not score:
        return content
    for offset in offsets:
        if not shown[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class PlainDataTable(DataTable):
    """A DataTable whose string cells are plain text (never markup) with control characters made visible."""

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> Any:
        """Add a row, each string cell as plain one-line Text."""
        return super().add_row(*(cell(value) for value in cells), height=height, key=key, label=label)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *, update_width: bool = False) -> None:
        """Change a cell, a string as plain one-line Text."""
        super().update_cell(row_key, column_key, cell(value), update_width=update_width)

    def update_cell_at(self, coordinate: Any, value: Any, *, update_width: bool = False) -> None:
        """Change the cell at *coordinate*, a string as plain one-line Text."""
        super().update_cell_at(coordinate, cell(value), update_width=update_width)

