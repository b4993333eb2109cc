"""Tables of the command line that fit the terminal they are printed in.

Piped into a file or another program, a table is printed whole, one record a line, whatever its width: scripts
and ``grep`` want that. In a terminal, the columns a reader can best do without give way first, and the text
columns wrap between words, so that a name is never squeezed out (Rich alone collapsed the account column of
``list`` to nothing at 80 columns) and no line runs past the edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class CliColumn:
    """One column: its heading, alignment, and how it behaves when room lacks."""

    heading: str
    right: bool = False
    drop: int = 0
    """0: always shown; otherwise columns give way highest number first."""
    wrap: int = 0
    """0: never wrapped; otherwise the narrowest the column may wrap to (text such as names or summaries)."""


def fit(columns: Sequence[CliColumn], rows: Sequence[Sequence[str]], width: int,
        per_column: int) -> dict[int, int]:
    """The columns shown within *width* (each costing its text plus *per_column*): index → text width.

    The columns that may go give way (highest ``drop`` first) until the rest fits with the wrapping ones at their
    narrowest; the room left then widens the wrapping ones towards their longest text, in proportion.
    """
    from rich.cells import cell_len

    natural = [max([cell_len(column.heading)] + [cell_len(row[i]) for row in rows]) for i, column in enumerate(columns)]
    floor = [min(natural[i], column.wrap) if column.wrap else natural[i] for i, column in enumerate(columns)]
    shown = list(range(len(columns)))
    droppable = sorted((i for i, column in enumerate(columns) if column.drop), key=lambda i: -columns[i].drop)
    for index in droppable:
        if sum(floor[i] + per_column for i in shown) + 1 <= width:
            break
        shown.remove(index)
    widths = {i: floor[i] for i in shown}
    spare = width - 1 - sum(widths[i] + per_column for i in shown)
    # Shared out evenly, a column wanting less than its share taking just what it wants: "Account manager"
    # stays on one line rather than giving its last characters to a long summary.
    wanting = sorted((i for i in shown if natural[i] > floor[i]), key=lambda i: natural[i] - floor[i])
    while wanting and spare > 0:
        share = max(spare // len(wanting), 1)
        index = wanting.pop(0)
        more = min(natural[index] - floor[index], share, spare)
        widths[index] += more
        spare -= more
    return widths


def print_fitted(console: Console, columns: Sequence[CliColumn], rows: Sequence[Sequence[str]], *,
                 boxed: bool = True) -> None:
    """Print *rows* as a table fitted to the terminal *console* writes to."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    widths = fit(columns, rows, console.width, 3)  # padding and rule, or padding and a blank between columns
    if boxed:
        table = Table()
    else:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="")
    for index, width in widths.items():
        column = columns[index]
        table.add_column(column.heading, justify="right" if column.right else "left", no_wrap=not column.wrap,
                         width=width)
    for row in rows:
        table.add_row(*(Text(row[index]) for index in widths))  # Text, not markup: "Rossi [italia]" shows as typed
    if boxed:
        console.print(table)
    else:
        # No line ends in spaces (Rich pads every cell to its column).
        with console.capture() as captured:
            console.print(table)
        console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
    hidden = [column.heading for index, column in enumerate(columns) if index not in widths]
    if hidden:
        console.print(Text(f"Not shown for want of room: {', '.join(hidden)}."), style="dim")
