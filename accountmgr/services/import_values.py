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

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from accountmgr.services.import_files import SourceTable
from accountmgr.services.import_problems import Problem

KINDS = ("money", "number", "integer", "percent", "date")
"""What a column may be normalised as."""

MAX_AMOUNT = Decimal(10) ** 15
"""The largest amount (and number) taken: a thousand million million. In cents it fits a signed 64-bit integer
with room to add up a whole portfolio; anything larger in a sales file is a mistake (or Excel's 1E+30)."""

MAX_DECIMALS = 10
"""Decimal places kept for plain numbers; more is noise from a calculated column."""

SERIAL_RANGE = (20_000, 80_000)
"""Excel day numbers taken as dates in a date column: 3 October 1954 to 2119."""

_EXCEL_EPOCH = date(1899, 12, 30)

CURRENCIES = {
    "€": "EUR", "EUR": "EUR", "EURO": "EUR", "EUROS": "EUR",
    "$": "USD", "US$": "USD", "USD": "USD",
    "£": "GBP", "GBP": "GBP",
    "CHF": "CHF", "FR.": "CHF", "SFR.": "CHF",
    "¥": "JPY", "JPY": "JPY",
    "CAD": "CAD", "C$": "CAD", "AUD": "AUD", "A$": "AUD",
    "SEK": "SEK", "NOK": "NOK", "DKK": "DKK", "PLN": "PLN", "CZK": "CZK", "HUF": "HUF", "RON": "RON",
    "CNY": "CNY", "INR": "INR", "₹": "INR", "BRL": "BRL", "R$": "BRL", "MXN": "MXN", "TRY": "TRY", "₺": "TRY",
}
"""Currency symbols and codes stripped from amounts, and the currency each one means."""

_CURRENCY_PATTERN = "|".join(sorted((re.escape(c) for c in CURRENCIES), key=len, reverse=True))
_CURRENCY_BEFORE = re.compile(rf"^(?:{_CURRENCY_PATTERN})\s*", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(rf"\s*(?:{_CURRENCY_PATTERN})$", re.IGNORECASE)

_MINUS = "-\u2212\u2012\u2013"
"""Hyphen-minus, the minus sign and the dashes that spreadsheets and word processors put for it."""
_GROUP_SPACES = " '\u00a0\u202f\u2009\u2019"
"""Spaces (ordinary, non-breaking, narrow, thin) and apostrophes (Swiss 1'234.50) used between thousands."""
_SPACED_GROUPS = re.compile(rf"^\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?:[.,]\d+)?$")
_SCIENTIFIC = re.compile(r"^(\d+(?:[.,]\d+)?)[eE]([+-]?\d{1,4})$")
_NUMBER_BODY = re.compile(r"^\d*(?:[.,]\d*)*$")


@dataclass
class Normalised:
    """The table with canonical cells in the normalised columns, the refused cells and what was decided."""

    table: SourceTable
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def normalise_columns(table: SourceTable, kinds: Mapping[str, str], *, currency_ok: bool = False) -> Normalised:
    """Rewrite the columns named in ``kinds`` (header → "money"/"number"/"integer"/"percent"/"date") canonically.

    A cell that cannot be read is left blank and listed in ``problems`` at its line; ``notes`` says
    per column which convention was found (decimal comma, day/month/year, currency removed…).
    """
    unknown = sorted(set(kinds.values()) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown column kinds: {', '.join(unknown)}")
    columns = [(column, kind) for column, kind in kinds.items() if column in table.header]
    rows = [(line, dict(cells)) for line, cells in table.rows]
    problems: list[Problem] = []
    notes: list[str] = []
    currencies: dict[str, tuple[int, str]] = {}
    for column, kind in columns:
        cells = [(line, cells.get(column, "")) for line, cells in rows]
        if kind == "date":
            values, column_problems, column_notes = _dates(column, cells)
        else:
            values, column_problems, column_notes, seen = _numbers(column, kind, cells)
            if kind == "money":
                for code, line in seen.items():
                    if code not in currencies or line < currencies[code][0]:
                        currencies[code] = (line, column)
        for (line, cell_values), value in zip(rows, values):
            cell_values[column] = value
        problems.extend(column_problems)
        notes.extend(column_notes)
    if len(currencies) > 1 and not currency_ok:
        ordered = sorted(currencies.items(), key=lambda item: item[1])
        line, column = ordered[1][1]
        listed = ", ".join(f"{code} (from line {first})" for code, (first, _col) in ordered)
        problems.append(Problem(line, column, f"the file mixes currencies: {listed}; amounts are kept in one "
                                              "currency, so convert them to one before importing."))
    problems.sort(key=lambda p: p.line)
    return Normalised(table.with_rows(rows), problems, notes)


# --- numbers ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """One cell read as a number: its value (or two, when the separator is ambiguous) and what it tells."""

    value: Decimal | None = None
    """The value when the cell decides it by itself (or needs no convention)."""
    comma: Decimal | None = None
    """The value in the decimal-comma convention, for a cell like 250.000 or 1,234."""
    point: Decimal | None = None
    """The value in the decimal-point convention."""
    convention: str | None = None
    """"comma" or "point" when this cell shows the column's convention."""
    currency: str | None = None
    error: str | None = None
    percent_sign: bool = False


def _numbers(column: str, kind: str, cells: list[tuple[int, Any]]) -> tuple[list[Any], list[Problem], list[str], dict[str, int]]:
    """Canonical cells of one numeric column, its problems, its notes and {currency: first line}."""
    memo: dict[Any, _Reading] = {}
    readings: list[_Reading | None] = []
    for _line, cell in cells:
        if _blank(cell):
            readings.append(None)
            continue
        key = (type(cell), cell)
        if key not in memo:
            memo[key] = _read_number(cell, money=kind == "money")
        readings.append(memo[key])
    votes = Counter(r.convention for r in readings if r is not None and r.convention)
    convention = _winner(votes)
    values: list[Any] = []
    problems: list[Problem] = []
    currencies: dict[str, int] = {}
    rounded = False
    for (line, cell), reading in zip(cells, readings):
        if reading is None:
            values.append("")
            continue
        if reading.currency:
            currencies.setdefault(reading.currency, line)
        amount, error = _resolve(cell, reading, convention, votes)
        if error is None:
            amount, error, was_rounded = _finish(cell, amount, kind, reading)
            rounded = rounded or was_rounded
        if error is not None:
            problems.append(Problem(line, column, error))
            values.append("")
        else:
            values.append(_canonical(amount))
    notes: list[str] = []
    if convention == "comma":
        notes.append(f"{column}: decimal comma (1.234,56)")
    elif convention == "point":
        notes.append(f"{column}: decimal point (1,234.56)")
    if currencies:
        symbols = ", ".join(_symbol(code) for code in currencies)
        notes.append(f"{column}: currency {symbols} removed")
    if rounded:
        notes.append(f"{column}: {'amounts rounded to the cent' if kind == 'money' else 'percentages rounded to whole numbers'}")
    return values, problems, notes, currencies


def _winner(votes: Counter[str]) -> str | None:
    """The convention most cells show; none on a tie (then every cell showing one is refused)."""
    if not votes:
        return None
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


_STYLE = {"comma": "1.234,56", "point": "1,234.56"}


def _resolve(cell: Any, reading: _Reading, convention: str | None, votes: Counter[str]) -> tuple[Decimal | None, str | None]:
    """The value of one cell in its column's convention, or why it cannot be read."""
    if reading.error:
        return None, reading.error
    shown = _shown(cell)
    if reading.convention and convention is None and len(votes) > 1:
        return None, (f"“{shown}” is written {_STYLE[reading.convention]}-style, but as many values in this column "
                      f"are written the other way; use one style for the whole column.")
    if reading.convention and convention and reading.convention != convention:
        return None, (f"“{shown}” is written {_STYLE[reading.convention]}-style but the rest of the column is "
                      f"{_STYLE[convention]}-style; write it the same way.")
    if reading.value is not None:
        return reading.value, None
    if convention == "comma":
        return reading.comma, None
    if convention == "point":
        return reading.point, None
    small, large = sorted((reading.comma, reading.point))  # type: ignore[type-var]
    plain = _canonical(small)
    if re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", plain):
        plain += "0"  # 1.2340 cannot be read as thousands
    return None, (f"“{shown}” could be {_canonical(small)} or {_canonical(large)}, and no other value in the "
                  f"column says which; write {_canonical(large)} or {plain}.")


def _finish(cell: Any, amount: Decimal | None, kind: str, reading: _Reading) -> tuple[Decimal | None, str | None, bool]:
    """Range, whole-number and percent checks; (value, error, rounded)."""
    assert amount is not None
    shown = _shown(cell)
    if abs(amount) > MAX_AMOUNT:
        return None, f"“{shown}” is too large (at most 1,000,000,000,000,000).", False
    if kind == "money":
        cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return cents, None, cents != amount
    if kind == "integer":
        if amount != amount.to_integral_value():
            return None, f"“{shown}” must be a whole number.", False
        return amount.to_integral_value(), None, False
    if kind == "percent":
        if 0 < abs(amount) < 1 and not reading.percent_sign:
            whole = _canonical(amount * 100)
            return None, f"“{shown}” looks like a fraction; write {whole} or {whole}% if you mean {whole} percent.", False
        whole = amount.to_integral_value(rounding=ROUND_HALF_UP)
        return whole, None, whole != amount
    if amount != amount.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_HALF_UP):
        return None, f"“{shown}” has more than {MAX_DECIMALS} decimals.", False
    return amount, None, False


def _read_number(cell: Any, *, money: bool) -> _Reading:
    """What one cell says on its own."""
    if isinstance(cell, bool) or isinstance(cell, (date, datetime)):
        return _Reading(error=f"“{_shown(cell)}” is not a number.")
    if isinstance(cell, int):
        return _Reading(value=Decimal(cell))
    if isinstance(cell, float):
        # Spreadsheet numbers need no convention; repr gives the shortest text that is this float.
        if cell != cell or cell in (float("inf"), float("-inf")):
            return _Reading(error=f"“{cell}” is not a number.")
        return _Reading(value=Decimal(repr(cell)))
    if isinstance(cell, Decimal):
        return _Reading(value=cell) if cell.is_finite() else _Reading(error=f"“{cell}” is not a number.")
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    shown = str(cell).strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text, before = _strip_currency(text)
    if text[:1] in _MINUS:
        negative, text = True, text[1:].strip()
    elif text[-1:] in _MINUS:
        # Accounting exports (SAP) put the minus after the amount: 1.234,56-
        negative, text = True, text[:-1].strip()
    elif text.startswith("+"):
        text = text[1:].strip()
    text, after = _strip_currency(text.strip())
    currency = before or after
    percent_sign = text.endswith("%")
    if percent_sign:
        text = text[:-1].rstrip()
    multiplier = Decimal(1)
    if money and text[-1:].lower() in ("k", "m") and text[:-1].strip()[-1:].isdigit():
        multiplier = Decimal(1000) if text[-1].lower() == "k" else Decimal(1_000_000)
        text = text[:-1].strip()
    sign = -1 if negative else 1
    reading = _digits(text, shown)
    if reading.error:
        return reading

    def scaled(value: Decimal | None) -> Decimal | None:
        return None if value is None else value * multiplier * sign

    return _Reading(scaled(reading.value), scaled(reading.comma), scaled(reading.point), reading.convention,
                    currency, None, percent_sign)


def _strip_currency(text: str) -> tuple[str, str | None]:
    for pattern in (_CURRENCY_BEFORE, _CURRENCY_AFTER):
        match = pattern.search(text)
        if match and match.group().strip():
            code = CURRENCIES[match.group().strip().upper()]
            return (text[: match.start()] + text[match.end():]).strip(), code
    return text, None


def _digits(text: str, shown: str) -> _Reading:
    """Digits with separators: decided (value + maybe convention) or ambiguous (comma and point readings)."""
    if not text:
        return _Reading(error=f"“{shown}” is not a number.")
    scientific = _SCIENTIFIC.match(text)
    if scientific:
        mantissa, exponent = scientific.groups()
        separator = "," if "," in mantissa else "." if "." in mantissa else None
        convention = {",": "comma", ".": "point", None: None}[separator]
        value = Decimal(mantissa.replace(",", ".")).scaleb(int(exponent))
        return _Reading(value=value, convention=convention)
    if _SPACED_GROUPS.match(text):
        text = re.sub(f"[{_GROUP_SPACES}]", "", text)
    if not _NUMBER_BODY.match(text) or not any(ch.isdigit() for ch in text):
        return _Reading(error=f"“{shown}” is not a number (write it like 1234.56).")
    commas, points = text.count(","), text.count(".")
    if not commas and not points:
        return _Reading(value=Decimal(text))
    if commas and points:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _, fraction = text.rpartition(decimal_mark)
        if decimal_mark in whole or not _grouped(whole, group_mark) or not fraction:
            return _Reading(error=f"“{shown}” is not a number (write it like 1234.56).")
        return _Reading(value=Decimal(whole.replace(group_mark, "") + "." + fraction),
                        convention="comma" if decimal_mark == "," else "point")
    mark = "," if commas else "."
    if commas + points > 1:
        if not _grouped(text, mark):
            return _Reading(error=f"“{shown}” is not a number (write it like 1234.56).")
        return _Reading(value=Decimal(text.replace(mark, "")), convention="point" if mark == "," else "comma")
    whole, _, fraction = text.partition(mark)
    as_decimal = Decimal((whole or "0") + "." + fraction) if fraction else None
    if as_decimal is None:
        return _Reading(error=f"“{shown}” is not a number (write it like 1234.56).")
    decimal_convention = "comma" if mark == "," else "point"
    if len(fraction) != 3 or not whole or whole.startswith("0") or len(whole) > 3:
        # 12,5 / 1.2345 / 0,500 / 1234.567: the separator can only be the decimal one.
        return _Reading(value=as_decimal, convention=decimal_convention)
    as_thousands = Decimal(whole + fraction)
    if mark == ",":
        return _Reading(comma=as_decimal, point=as_thousands)
    return _Reading(comma=as_thousands, point=as_decimal)


def _grouped(text: str, mark: str) -> bool:
    """Whether ``text`` is digits grouped by ``mark`` in threes (1.234.567)."""
    first, *rest = text.split(mark)
    return bool(first) and len(first) <= 3 and not (first.startswith("0") and len(first) > 1) and bool(rest) and all(
        len(group) == 3 and group.isdigit() for group in rest) and first.isdigit()


def _canonical(amount: Decimal | None) -> str:
    """-1234.56 / 12 / 0.5: a point, no thousands, no exponent, no trailing zeros after the point."""
    assert amount is not None
    text = f"{amount:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _symbol(code: str) -> str:
    return {"EUR": "€", "USD": "$", "GBP": "£"}.get(code, code)


# --- dates --------------------------------------------------------------------------------------------------

MONTHS = {
    **{name: n for n, names in enumerate((
        ("jan", "january", "gen", "gennaio"), ("feb", "february", "febbraio"), ("mar", "march", "marzo"),
        ("apr", "april", "aprile"), ("may", "mag", "maggio"), ("jun", "june", "giu", "giugno"),
        ("jul", "july", "lug", "luglio"), ("aug", "august", "ago", "agosto"),
        ("sep", "sept", "september", "set", "sett", "settembre"), ("oct", "october", "ott", "ottobre"),
        ("nov", "november", "novembre"), ("dec", "december", "dic", "dicembre"),
    ), start=1) for name in names},
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


def _dates(column: str, cells: list[tuple[int, Any]]) -> tuple[list[Any], list[Problem], list[str]]:
    """Canonical ISO dates of one column, its problems and its notes."""
    memo: dict[Any, _DateReading] = {}
    readings: list[_DateReading | None] = []
    for _line, cell in cells:
        if _blank(cell):
            readings.append(None)
            continue
        key = (type(cell), cell)
        if key not in memo:
            memo[key] = _read_date(cell)
        readings.append(memo[key])
    votes = Counter(r.order for r in readings if r is not None and r.order)
    order = _winner(votes)
    values: list[Any] = []
    problems: list[Problem] = []
    serials = False
    for (line, cell), reading in zip(cells, readings):
        if reading is None:
            values.append("")
            continue
        day, error = _resolve_date(cell, reading, order, votes)
        if error:
            problems.append(Problem(line, column, error))
            values.append("")
        else:
            assert day is not None
            serials = serials or reading.serial
            values.append(day.isoformat())
    notes: list[str] = []
    if order == "dm":
        notes.append(f"{column}: day/month/year")
    elif order == "md":
        notes.append(f"{column}: month/day/year")
    if serials:
        notes.append(f"{column}: Excel day numbers read as dates")
    return values, problems, notes


def _resolve_date(cell: Any, reading: _DateReading, order: str | None, votes: Counter[str]) -> tuple[date | None, str | None]:
    shown = _shown(cell)
    if reading.error:
        return None, reading.error
    if reading.order and order is None and len(votes) > 1:
        return None, (f"“{shown}” is {_ORDER[reading.order]}, but as many dates in this column are "
                      f"{_ORDER[_other(reading.order)]}; write it as {_either(reading).isoformat()}.")
    if reading.order and order and reading.order != order:
        return None, (f"“{shown}” is {_ORDER[reading.order]} but the other dates in this column are "
                      f"{_ORDER[order]}; write it as {_either(reading).isoformat()}.")
    if reading.value is not None:
        return reading.value, None
    if order == "dm" and reading.day_first is not None:
        return reading.day_first, None
    if order == "md" and reading.month_first is not None:
        return reading.month_first, None
    first, second = reading.day_first, reading.month_first
    assert first is not None and second is not None
    return None, (f"“{shown}” could be {first.day} {first:%B} or {second:%B} {second.day}; "
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
    shown = str(cell).strip()
    text = unicodedata.normalize("NFKC", shown).strip()
    bad = _DateReading(error=f"“{shown}” is not a date (write it like 2026-12-31).")
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text) and not _COMPACT.match(text):
        return _serial(Decimal(text.replace(",", ".")), shown)
    for pattern in (_ISO, _COMPACT):
        match = pattern.match(text)
        if match:
            return _checked(shown, int(match.group(1)), int(match.group(2)), int(match.group(3))) or bad
    match = _NUMERIC.match(text)
    if match:
        first, separator, second, year = int(match.group(1)), match.group(2), int(match.group(3)), _year(match.group(4))
        # Nobody writes month.day.year with points: 03.04.2026 is 3 April everywhere that uses points.
        if separator == ".":
            return _checked(shown, year, second, first) or bad
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
        return bad
    text = _WEEKDAY.sub("", text)
    match = _DAY_MONTH.match(text)
    if match:
        month = MONTHS.get(_fold(match.group(2)))
        if month is None:
            return bad
        return _checked(shown, _year(match.group(3)), month, int(match.group(1))) or bad
    match = _MONTH_DAY.match(text)
    if match:
        month = MONTHS.get(_fold(match.group(1)))
        if month is None:
            return bad
        return _checked(shown, int(match.group(3)), month, int(match.group(2))) or bad
    return bad


def _serial(number: Any, shown: str) -> _DateReading:
    """An Excel day number (the time of day, after the point, is dropped)."""
    try:
        days = Decimal(str(number))
    except InvalidOperation:
        return _DateReading(error=f"“{shown}” is not a date.")
    low, high = SERIAL_RANGE
    if not days.is_finite() or not low <= days < high:
        return _DateReading(error=f"“{shown}” is not a date (write it like 2026-12-31).")
    return _DateReading(value=_EXCEL_EPOCH + timedelta(days=int(days)), serial=True)


def _checked(shown: str, year: int, month: int, day: int) -> _DateReading | None:
    value = _valid(year, month, day)
    return _DateReading(value=value) if value else None


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


# --- shared -------------------------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(cell: Any) -> str:
    """The cell as the user wrote it, for messages (one line, not too long)."""
    text = " ".join(str(cell).split())
    return text if len(text) <= 40 else text[:39] + "…"
