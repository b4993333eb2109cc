"""Numbers, amounts, percentages and dates as real files hold them, turned into one canonical spelling.

A CRM export from Milan writes ``1.234,56`` and ``31/12/2026``; one from Chicago
``1,234.56`` and ``12/31/2026``. A single value such as ``250.000`` or
``03/04/2026`` can read both ways, so the convention is decided per column from
all its values, and a value that stays ambiguous, or contradicts the column, is
refused at its line with the way to write it unambiguously. Nothing is guessed.

:func:`normalise_columns` rewrites the chosen columns of a :class:`SourceTable`
into canonical text (``-1234.56``, ``12``, ``40``, ``2026-12-31``) that the field
specs then read exactly like form input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from accountmgr.services.import_dates import read_date_column
from accountmgr.services.import_files import SourceTable
from accountmgr.services.import_numbers import MAX_AMOUNT, read_number_column
from accountmgr.services.import_problems import Problem

__all__ = ["KINDS", "MAX_AMOUNT", "Normalised", "normalise_columns"]

KINDS = ("money", "number", "integer", "percent", "date")
"""What a column may be normalised as."""


@dataclass
class Normalised:
    """The table with canonical cells in the normalised columns, the refused cells and what was decided."""

    table: SourceTable
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def normalise_columns(
    table: SourceTable, kinds: Mapping[str, str], *, currency_ok: bool = False, in_place: bool = False
) -> Normalised:
    """Rewrite the columns named in ``kinds`` (header → "money"/"number"/"integer"/"percent"/"date") canonically.

    A cell that cannot be read is left blank and listed in ``problems`` at its line; ``notes`` holds the
    table's own notes, then says per column which convention was found (decimal comma, day/month/year…).
    The result is a new table, unless ``in_place``: then the cells of ``table`` itself are rewritten (a
    100,000-row file is not held twice) and ``Normalised.table`` is ``table``.
    """
    unknown = sorted(set(kinds.values()) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown column kinds: {', '.join(unknown)}")
    columns = [(column, kind) for column, kind in kinds.items() if column in table.header]
    rows = table.rows if in_place else [(line, dict(cells)) for line, cells in table.rows]
    problems: list[Problem] = []
    notes: list[str] = list(table.notes)  # what reading the file decided comes first in the summary
    currencies: dict[str, tuple[int, str]] = {}
    for column, kind in columns:
        cells = [(line, cells.get(column, "")) for line, cells in rows]
        read = read_date_column(column, cells) if kind == "date" else read_number_column(column, kind, cells)
        if kind == "money":
            for code, line in read.currencies.items():
                if code not in currencies or line < currencies[code][0]:
                    currencies[code] = (line, column)
        for (_line, cell_values), value in zip(rows, read.values):
            cell_values[column] = value
        problems.extend(read.problems)
        notes.extend(read.notes)
    if len(currencies) > 1 and not currency_ok:
        ordered = sorted(currencies.items(), key=lambda item: item[1])
        line, column = ordered[1][1]
        listed = ", ".join(f"{code} (from line {first})" for code, (first, _col) in ordered)
        problems.append(Problem(line, column, f"the file mixes currencies: {listed}; amounts are kept in one "
                                              "currency, so convert them to one before importing."))
    problems.sort(key=lambda p: p.line)
    return Normalised(table if in_place else table.with_rows(rows), problems, notes)
