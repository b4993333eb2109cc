"""Dates as real files write them: ISO, 31/12/2026 or 12/31/2026, 31.12.26, 31 dic 2026, Dec 31, 2026, Excel day numbers.

Day/month against month/day is decided per column from the values that show it
(a part above 12); a value that could be either, in a column that does not say,
is refused at its line with the ISO spelling to use instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from accountmgr.services.import_cells import ColumnValues, majority, read_distinct, shown
from accountmgr.services.import_problems import Problem
from accountmgr.services.text_clean import clean_text

SERIAL_RANGE = (20_000, 80_000)
"""Excel day numbers taken as dates in a date column: 3 October 1954 to 2119."""

_EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's day numbers (it counts a 29 February 1900 that never was, so day 61 on are right)."""

MONTHS = {
    name: number
    for number, names in enumerate((
        ("jan", "january", "gen", "gennaio"), ("feb", "february", "febbraio"), ("mar", "march", "marzo"),
        ("apr", "april", "aprile"), ("may", "mag", "maggio"), ("jun", "june", "giu", "giugno"),
        ("jul", "july", "lug", "luglio"), ("aug", "august", "ago", "agosto"),
        ("sep", "sept", "september", "set", "sett", "settembre"), ("oct", "october", "ott", "ottobre"),
        ("nov", "november", "novembre"), ("dec", "december", "dic", "dicembre"),
    ), start=1)
    for name in names
}
"""Month names and abbreviations, English and Italian."""

_TIME = r"(?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?\s*(?:[aApP]\.?[mM]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC)?)?"
_ISO = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_TIME}$")
_DAY_MONTH = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?[\s.-]+([^\W\d_]+)\.?[\s.,-]+(\d{{4}}|\d{{2}}){_TIME}$")
_MONTH_DAY = re.compile(rf"^([^\W\d_]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_TIME}$")
_WEEKDAY = re.compile(
    r"^(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|lun|mar|mer|gio|ven|sab|dom)\.?,"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|lunedi|lunedì|martedi|martedì|mercoledi|mercoledì|giovedi|giovedì|venerdi|venerdì|sabato|domenica),?\s+",
    re.IGNORECASE,
)
"""A weekday before a day number (Thu, 31 Dec 2026; giovedì 31 dicembre 2026), which says nothing more."""


@dataclass(frozen=True)
class _DateReading:
    """One cell read as a date: decided, or day-first and month-first readings, or an error."""

    value: date | None = None
    day_first: date | None = None
    month_first: date | None = None
    order: str | None = None
    """"dm" or "md" when the cell shows the column's order (a part above 12)."""
    serial: bool = False
    error: str | None = None


def read_date_column(column: str, cells: list[tuple[int, Any]]) -> ColumnValues:
    """One date column read as ISO dates, in the day/month order its values show."""
    readings, keys, votes = read_distinct(cells, _read_date, lambda reading: reading.order)
    order = majority(votes)
    outcomes: dict[Any, tuple[str, str | None]] = {}
    values: list[Any] = []
    problems: list[Problem] = []
    serials = False
    for (line, cell), key in zip(cells, keys):
        if key is None:
            values.append("")
            continue
        outcome = outcomes.get(key)
        if outcome is None:
            day, error = _resolve_date(cell, readings[key], order, votes)
            outcome = outcomes[key] = ("", error) if error else (day.isoformat(), None)  # type: ignore[union-attr]  # a date is set whenever there is no error
            serials = serials or (error is None and readings[key].serial)
        value, error = outcome
        if error:
            problems.append(Problem(line, column, error))
        values.append(value)
    notes: list[str] = []
    if order == "dm":
        notes.append(f"{column}: day/month/year")
    elif order == "md":
        notes.append(f"{column}: month/day/year")
    if serials:
        notes.append(f"{column}: Excel day numbers read as dates")
    return ColumnValues(values, problems, notes)


def _resolve_date(
    cell: Any, reading: _DateReading, order: str | None, votes: Counter[str]
) -> tuple[date | None, str | None]:
    if reading.error:
        return None, reading.error
    if reading.order and order is None and len(votes) > 1:
        return None, (f"“{shown(cell)}” is {_ORDER[reading.order]}, but as many dates in this column are "
                      f"{_ORDER[_other(reading.order)]}; write it as {_either(reading).isoformat()}.")
    if reading.order and order and reading.order != order:
        return None, (f"“{shown(cell)}” is {_ORDER[reading.order]} but the other dates in this column are "
                      f"{_ORDER[order]}; write it as {_either(reading).isoformat()}.")
    if reading.value is not None:
        return reading.value, None
    if order == "dm" and reading.day_first is not None:
        return reading.day_first, None
    if order == "md" and reading.month_first is not None:
        return reading.month_first, None
    first, second = reading.day_first, reading.month_first
    assert first is not None and second is not None
    return None, (f"“{shown(cell)}” could be {first.day} {first:%B} or {second:%B} {second.day}; "
                  f"write it as {first.isoformat()} (or {second.isoformat()}).")


_ORDER = {"dm": "day/month/year", "md": "month/day/year"}


def _other(order: str) -> str:
    return "md" if order == "dm" else "dm"


def _either(reading: _DateReading) -> date:
    value = reading.value or reading.day_first or reading.month_first
    assert value is not None
    return value


def _read_date(cell: Any) -> _DateReading:
    """What one cell says on its own."""
    if isinstance(cell, datetime):
        return _DateReading(value=cell.date())
    if isinstance(cell, date):
        return _DateReading(value=cell)
    if isinstance(cell, bool):
        return _DateReading(error=f"“{cell}” is not a date.")
    if isinstance(cell, (int, float, Decimal)):
        return _serial(cell, str(cell))
    written = shown(cell)
    text = unicodedata.normalize("NFKC", clean_text(str(cell)))
    bad = _DateReading(error=f"“{written}” is not a date (write it like 2026-12-31).")
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text) and not _COMPACT.match(text):
        return _serial(Decimal(text.replace(",", ".")), written)
    for pattern in (_ISO, _COMPACT):
        match = pattern.match(text)
        if match:
            return _checked(written, int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _NUMERIC.match(text)
    if match:
        first, separator, second, year = int(match.group(1)), match.group(2), int(match.group(3)), _year(match.group(4))
        # Nobody writes month.day.year with points: 03.04.2026 is 3 April everywhere that uses points.
        if separator == ".":
            return _checked(written, year, second, first)
        day_first = _valid(year, second, first)
        month_first = _valid(year, first, second)
        if day_first and month_first:
            if first == second:
                return _DateReading(value=day_first)
            return _DateReading(day_first=day_first, month_first=month_first)
        if day_first:
            return _DateReading(value=day_first, order="dm" if first > 12 else None)
        if month_first:
            return _DateReading(value=month_first, order="md" if second > 12 else None)
        if first > 12 >= second:
            return _checked(written, year, second, first)
        if second > 12 >= first:
            return _checked(written, year, first, second)
        return bad
    text = _WEEKDAY.sub("", text)
    match = _DAY_MONTH.match(text)
    if match:
        month = MONTHS.get(_fold(match.group(2)))
        if month is None:
            return bad
        return _checked(written, _year(match.group(3)), month, int(match.group(1)))
    match = _MONTH_DAY.match(text)
    if match:
        month = MONTHS.get(_fold(match.group(1)))
        if month is None:
            return bad
        return _checked(written, int(match.group(3)), month, int(match.group(2)))
    return bad


def _serial(number: Any, written: str) -> _DateReading:
    """An Excel day number (the time of day, after the point, is dropped)."""
    try:
        days = Decimal(str(number))
    except InvalidOperation:
        return _DateReading(error=f"“{written}” is not a date.")
    low, high = SERIAL_RANGE
    if not days.is_finite() or not low <= days < high:
        return _DateReading(error=f"“{written}” is not a date (write it like 2026-12-31).")
    return _DateReading(value=_EXCEL_EPOCH + timedelta(days=int(days)), serial=True)


def _checked(written: str, year: int, month: int, day: int) -> _DateReading:
    """The date, or why those numbers are no date ("April has 30 days")."""
    value = _valid(year, month, day)
    if value:
        return _DateReading(value=value)
    if not 1 <= month <= 12:
        reason = f"there is no month {month}"
    elif day < 1 or not 1 <= year <= 9999:
        reason = "write it like 2026-12-31"
    else:
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day if year < 9999 or month < 12 else 31
        reason = f"{date(year, month, 1):%B %Y} has {last} days"
    return _DateReading(error=f"“{written}” is not a date ({reason}).")


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    """Two-digit years are this century: CRM exports are about current business."""
    return 2000 + int(text) if len(text) == 2 else int(text)


def _fold(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.lower()) if ch.isalpha() and ord(ch) < 128)
