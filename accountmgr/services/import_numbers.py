"""Numbers and amounts as real files write them: 1.234,56 or 1,234.56, € or EUR, (12,50) or 12,50-, 1.2E+06.

The decimal convention is decided per column from all its values: a value with
both separators, a repeated separator, or one followed by other than three
digits shows it; ``250.000`` or ``1,234`` alone shows nothing and is read in the
column's convention, or refused at its line when nothing decides it.

Money is rounded to the cent (half up) and limited to :data:`MAX_AMOUNT`;
percentages are whole (half up); integers must be whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from accountmgr.services.import_cells import ColumnValues, majority, read_distinct, shown
from accountmgr.services.import_problems import Problem
from accountmgr.services.text_clean import clean_text

MAX_AMOUNT = Decimal(10) ** 15
"""The largest amount (and number) taken: a thousand million million. In cents it fits a signed 64-bit integer
with room to add up a whole portfolio; anything larger in a sales file is a mistake (or Excel's 1E+30)."""

MAX_DECIMALS = 10
"""Decimal places kept for plain numbers; more is noise from a calculated column."""

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
_PLAIN = re.compile(r"^\s*(-?)(\d[\d.,]*)\s*$")
_DIGIT = re.compile(r"\d")


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


def read_number_column(column: str, kind: str, cells: list[tuple[int, Any]]) -> ColumnValues:
    """One numeric column ("money", "number", "integer" or "percent") read in the convention its values show."""
    # Each distinct cell is read once and resolved once: a column of 100,000 rows repeats most of its values.
    money = kind == "money"
    readings, keys, votes = read_distinct(
        cells, lambda cell: _read_number(cell, money=money), lambda reading: reading.convention
    )
    convention = majority(votes)
    outcomes: dict[Any, tuple[str, str | None, bool]] = {}
    values: list[Any] = []
    problems: list[Problem] = []
    currencies: dict[str, int] = {}
    rounded = False
    for (line, cell), key in zip(cells, keys):
        if key is None:
            values.append("")
            continue
        reading = readings[key]
        if reading.currency and reading.currency not in currencies:
            currencies[reading.currency] = line
        outcome = outcomes.get(key)
        if outcome is None:
            outcome = outcomes[key] = _outcome(cell, reading, kind, convention, votes)
        value, error, was_rounded = outcome
        rounded = rounded or was_rounded
        if error is not None:
            problems.append(Problem(line, column, error))
        values.append(value)
    notes: list[str] = []
    if convention == "comma":
        notes.append(f"{column}: decimal comma (1.234,56)")
    elif convention == "point":
        notes.append(f"{column}: decimal point (1,234.56)")
    if currencies:
        symbols = ", ".join(_symbol(code) for code in currencies)
        notes.append(f"{column}: currency {symbols} removed")
    if rounded:
        what = "amounts rounded to the cent" if kind == "money" else "percentages rounded to whole numbers"
        notes.append(f"{column}: {what}")
    return ColumnValues(values, problems, notes, currencies)


def _outcome(cell: Any, reading: _Reading, kind: str, convention: str | None,
             votes: Counter[str]) -> tuple[str, str | None, bool]:
    """(canonical text or "", error, rounded) of one distinct cell."""
    if kind == "integer" and reading.value is None and reading.comma is not None and reading.point is not None:
        # 1.200 employees cannot be 1.2 employees: only the thousands reading is a whole number.
        whole = [value for value in (reading.comma, reading.point) if value == value.to_integral_value()]
        if len(whole) == 1 and not (reading.convention or convention):
            reading = _Reading(value=whole[0])
    amount, error = _resolve(cell, reading, convention, votes)
    if error is not None:
        return "", error, False
    amount, error, rounded = _finish(cell, amount, kind, reading)
    if error is not None:
        return "", error, False
    return _canonical(amount), None, rounded


_STYLE = {"comma": "1.234,56", "point": "1,234.56"}


def _resolve(
    cell: Any, reading: _Reading, convention: str | None, votes: Counter[str]
) -> tuple[Decimal | None, str | None]:
    """The value of one cell in its column's convention, or why it cannot be read."""
    if reading.error:
        return None, reading.error
    if reading.convention and convention is None and len(votes) > 1:
        return None, (f"“{shown(cell)}” is written {_STYLE[reading.convention]}-style, but as many values "
                      "in this column are written the other way; use one style for the whole column.")
    if reading.convention and convention and reading.convention != convention:
        return None, (f"“{shown(cell)}” is written {_STYLE[reading.convention]}-style but the rest of the column is "
                      f"{_STYLE[convention]}-style; write it the same way.")
    if reading.value is not None:
        return reading.value, None
    if convention == "comma":
        return reading.comma, None
    if convention == "point":
        return reading.point, None
    small, large = sorted((reading.comma, reading.point), key=abs)  # type: ignore[arg-type]  # both separators are found here, never None
    plain = _canonical(small)
    if re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", plain):
        plain += "0"  # 1.2340 cannot be read as thousands
    return None, (f"“{shown(cell)}” could be {_canonical(small)} or {_canonical(large)}, and no other value in the "
                  f"column says which; write {_canonical(large)} or {plain}.")


def _finish(
    cell: Any, amount: Decimal | None, kind: str, reading: _Reading
) -> tuple[Decimal | None, str | None, bool]:
    """Range, whole-number and percent checks; (value, error, rounded)."""
    assert amount is not None
    if abs(amount) > MAX_AMOUNT:
        return None, f"“{shown(cell)}” is too large (at most 1,000,000,000,000,000).", False
    if kind == "money":
        cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return cents, None, cents != amount
    if kind == "integer":
        if amount != amount.to_integral_value():
            return None, f"“{shown(cell)}” must be a whole number.", False
        return amount.to_integral_value(), None, False
    if kind == "percent":
        # Probabilities are whole percentages: 40,5 rounds half up to 41 (the summary says so), and 0,4 without
        # a % sign is most likely a spreadsheet fraction meaning 40%, which is refused rather than guessed.
        if 0 < abs(amount) < 1 and not reading.percent_sign:
            whole = _canonical(amount * 100)
            message = f"“{shown(cell)}” looks like a fraction; write {whole} or {whole}% if you mean {whole} percent."
            return None, message, False
        rounded = amount.to_integral_value(rounding=ROUND_HALF_UP)
        return rounded, None, rounded != amount
    if amount != amount.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_HALF_UP):
        return None, f"“{shown(cell)}” has more than {MAX_DECIMALS} decimals.", False
    return amount, None, False


def _read_number(cell: Any, *, money: bool) -> _Reading:
    """What one cell says on its own."""
    if isinstance(cell, bool) or isinstance(cell, (date, datetime)):
        return _Reading(error=f"“{shown(cell)}” is not a number.")
    if isinstance(cell, int):
        return _Reading(value=Decimal(cell))
    if isinstance(cell, float):
        # Spreadsheet numbers need no convention; repr gives the shortest text that is this float.
        if cell != cell or cell in (float("inf"), float("-inf")):
            return _Reading(error=f"“{cell}” is not a number.")
        return _Reading(value=Decimal(repr(cell)))
    if isinstance(cell, Decimal):
        return _Reading(value=cell) if cell.is_finite() else _Reading(error=f"“{cell}” is not a number.")
    plain = _PLAIN.match(cell) if isinstance(cell, str) else None
    if plain:
        # Most cells of a large export are bare digits and separators: no currency, sign style or spaces to read.
        reading = _digits(plain.group(2), cell)
        if reading.error or not plain.group(1):
            return reading
        return _Reading(_negate(reading.value), _negate(reading.comma), _negate(reading.point), reading.convention)
    text = unicodedata.normalize("NFKC", clean_text(str(cell)))
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text, before = _strip_currency(text)
    if text[:1] in _MINUS:
        negative, text = True, text[1:].strip()
    elif re.search(r"\d[.,][-\u2013\u2014]$", text):
        # "12,-" and "1'250.–": whole amounts written the German and Swiss way.
        text = text[:-2]
    elif text[-1:] in _MINUS:
        # Accounting exports (SAP) put the minus after the amount: 1.234,56-
        negative, text = True, text[:-1].strip()
    elif text.startswith("+"):
        text = text[1:].strip()
    text, after = _strip_currency(text.strip())
    currency = before or after
    percent_sign = text.endswith("%")
    if percent_sign:
        if money:
            return _Reading(error=f"“{shown(cell)}” is a percentage, not an amount of money.")
        text = text[:-1].rstrip()
    multiplier = Decimal(1)
    if money and text[-1:].lower() in ("k", "m") and text[:-1].strip()[-1:].isdigit():
        multiplier = Decimal(1000) if text[-1].lower() == "k" else Decimal(1_000_000)
        text = text[:-1].strip()
    sign = -1 if negative else 1
    reading = _digits(text, cell)
    if reading.error:
        return reading

    def scaled(value: Decimal | None) -> Decimal | None:
        return None if value is None else value * multiplier * sign

    return _Reading(scaled(reading.value), scaled(reading.comma), scaled(reading.point), reading.convention,
                    currency, None, percent_sign)


def _negate(value: Decimal | None) -> Decimal | None:
    return None if value is None else -value


def _strip_currency(text: str) -> tuple[str, str | None]:
    for pattern in (_CURRENCY_BEFORE, _CURRENCY_AFTER):
        match = pattern.search(text)
        if match and match.group().strip():
            code = CURRENCIES[match.group().strip().upper()]
            return (text[: match.start()] + text[match.end():]).strip(), code
    return text, None


def _digits(text: str, cell: Any) -> _Reading:
    """Digits with separators: decided (value + maybe convention) or ambiguous (comma and point readings)."""
    if not text:
        return _Reading(error=f"“{shown(cell)}” is not a number.")
    scientific = _SCIENTIFIC.match(text)
    if scientific:
        mantissa, exponent = scientific.groups()
        separator = "," if "," in mantissa else "." if "." in mantissa else None
        convention = {",": "comma", ".": "point", None: None}[separator]
        value = Decimal(mantissa.replace(",", ".")).scaleb(int(exponent))
        return _Reading(value=value, convention=convention)
    if _SPACED_GROUPS.match(text):
        text = re.sub(f"[{_GROUP_SPACES}]", "", text)
    if not _NUMBER_BODY.match(text) or not _DIGIT.search(text):
        return _Reading(error=f"“{shown(cell)}” is not a number (write it like 1234.56).")
    commas, points = text.count(","), text.count(".")
    if not commas and not points:
        return _Reading(value=Decimal(text))
    if commas and points:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _, fraction = text.rpartition(decimal_mark)
        if decimal_mark in whole or not _grouped(whole, group_mark) or not fraction:
            return _Reading(error=f"“{shown(cell)}” is not a number (write it like 1234.56).")
        return _Reading(value=Decimal(whole.replace(group_mark, "") + "." + fraction),
                        convention="comma" if decimal_mark == "," else "point")
    mark = "," if commas else "."
    if commas + points > 1:
        if not _grouped(text, mark):
            return _Reading(error=f"“{shown(cell)}” is not a number (write it like 1234.56).")
        return _Reading(value=Decimal(text.replace(mark, "")), convention="point" if mark == "," else "comma")
    whole, _, fraction = text.partition(mark)
    as_decimal = Decimal((whole or "0") + "." + fraction) if fraction else None
    if as_decimal is None:
        return _Reading(error=f"“{shown(cell)}” is not a number (write it like 1234.56).")
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
