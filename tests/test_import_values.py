"""Amounts, numbers, percentages and dates read in each column's own convention; nothing ambiguous is guessed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountmgr.services.import_files import SourceTable, read_table
from accountmgr.services.import_values import MAX_AMOUNT, normalise_columns


def table(column: list[Any], *, header: str = "Importo") -> SourceTable:
    rows = [(line, {"Nome": f"Cliente {line}", header: value}) for line, value in enumerate(column, start=2)]
    return SourceTable("clienti.csv", Path("clienti.csv"), "csv", "utf-8", ";", ["Nome", header], rows)


def read(column: list[Any], kind: str = "money", **options: Any) -> tuple[list[str], dict[int, str], list[str]]:
    """(canonical cells, {line: message}, notes) of one column."""
    result = normalise_columns(table(column), {"Importo": kind}, **options)
    cells = [cells["Importo"] for _, cells in result.table.rows]
    return cells, {p.line: p.message for p in result.problems}, result.notes


# --- amounts ----------------------------------------------------------------------------------------------


def test_italian_amounts_read_with_decimal_comma() -> None:
    cells, problems, notes = read(["1.234,56", "12,5", "250.000", "€ 1.200", "-3,50"])
    assert cells == ["1234.56", "12.5", "250000", "1200", "-3.5"]
    assert problems == {}
    assert "Importo: decimal comma (1.234,56)" in notes
    assert "Importo: currency € removed" in notes


def test_english_amounts_read_with_decimal_point() -> None:
    cells, problems, notes = read(["1,234.56", "12.5", "250,000", "$1,200", "(3.50)"])
    assert cells == ["1234.56", "12.5", "250000", "1200", "-3.5"]
    assert problems == {}
    assert "Importo: decimal point (1,234.56)" in notes


def test_an_ambiguous_value_alone_is_refused_at_its_line_with_how_to_write_it() -> None:
    cells, problems, _ = read(["250.000", "1200"])
    assert cells == ["", "1200"]
    assert problems[2] == ("“250.000” could be 250 or 250000, and no other value in the column says which; "
                           "write 250000 or 250.")


def test_a_negative_ambiguous_value_suggests_both_readings() -> None:
    assert read(["-250.000"])[1][2].endswith("write -250000 or -250.")


def test_a_value_against_the_columns_convention_is_refused() -> None:
    cells, problems, _ = read(["1.234,56", "12,5", "1,234.56"])
    assert cells == ["1234.56", "12.5", ""]
    assert "1,234.56-style but the rest of the column is 1.234,56-style" in problems[4]


def test_a_column_split_evenly_between_conventions_refuses_both_sides() -> None:
    cells, problems, _ = read(["1.234,56", "1,234.56", "7"])
    assert cells == ["", "", "7"]
    assert set(problems) == {2, 3}


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("1'234.50", "1234.5"),
        ("1 234 567,80", "1234567.8"),
        ("1\u00a0234,00 €", "1234"),
        ("1\u202f234.5", "1234.5"),
        ("EUR 12.500,00", "12500"),
        ("12.500,00 EUR", "12500"),
        ("CHF 1'250.-", "1250"),
        ("12,-", "12"),
        ("12%", None),
        ("1.234,56-", "-1234.56"),
        ("−45,00", "-45"),
        ("(€ 1.234,56)", "-1234.56"),
        ("+7", "7"),
        ("1.2k", "1200"),
        ("3m", "3000000"),
        ("1.2E+06", "1200000"),
        ("1,5E+03", "1500"),
        ("0,500", "0.5"),
        ("1234.567", "1234.57"),
        ("1.234.567", "1234567"),
    ],
)
def test_real_world_spellings(written: str, canonical: str | None) -> None:
    cells, problems, _ = read([written])
    if canonical is None:
        assert 2 in problems
    else:
        assert (cells, problems) == ([canonical], {})


@pytest.mark.parametrize("written", ["1e30", "1E+16", "99999999999999999999", "-2.000.000.000.000.000,00"])
def test_amounts_beyond_the_limit_are_a_line_problem(written: str) -> None:
    cells, problems, _ = read([written, "12,5"])
    assert cells[0] == ""
    assert "too large" in problems[2]


def test_the_limit_itself_is_taken() -> None:
    assert read([str(MAX_AMOUNT)])[0] == [str(MAX_AMOUNT)]


@pytest.mark.parametrize("written", ["abc", "12,34,5", "1.23.4", "--5", "€", "12 34", "1,2,3.4.5", "nan", "inf"])
def test_text_that_is_not_an_amount(written: str) -> None:
    cells, problems, _ = read([written])
    assert cells == [""]
    assert "not a number" in problems[2]


def test_mixed_currencies_are_a_file_problem_at_the_second_currency() -> None:
    result = normalise_columns(table(["€ 10", "12 EUR", "$ 5", "£3"]), {"Importo": "money"})
    assert [(p.line, p.column) for p in result.problems] == [(4, "Importo")]
    assert "EUR (from line 2), USD (from line 4), GBP (from line 5)" in result.problems[0].message
    assert [cells["Importo"] for _, cells in result.table.rows] == ["10", "12", "5", "3"]


def test_mixed_currencies_allowed_when_asked() -> None:
    assert read(["€ 10", "$ 5"], currency_ok=True)[1] == {}


def test_xlsx_numbers_need_no_convention() -> None:
    cells, problems, notes = read([1234.56, 250000, 0.1, "12,5"])
    assert cells == ["1234.56", "250000", "0.1", "12.5"]
    assert problems == {}


def test_amounts_are_rounded_to_the_cent_and_said_so() -> None:
    cells, _, notes = read(["10,005", "1,2"])
    assert cells == ["10.01", "1.2"]
    assert "Importo: amounts rounded to the cent" in notes


def test_numbers_keep_their_decimals_and_integers_must_be_whole() -> None:
    assert read(["1.234,5678", "3"], "number")[0] == ["1234.5678", "3"]
    assert read(["1.200", "35"], "integer") == (["1200", "35"], {}, [])
    cells, problems, _ = read(["1.234", "12,5", "7"], "integer")
    assert cells == ["1234", "", "7"]
    assert "whole number" in problems[3]


def test_percentages() -> None:
    cells, problems, notes = read(["40", "40%", "40 %", "40,5", "0,4", "100", "0", "12,5%"], "percent")
    assert cells == ["40", "40", "40", "41", "", "100", "0", "13"]
    assert problems[6] == "“0,4” looks like a fraction; write 40 or 40% if you mean 40 percent."
    assert "Importo: percentages rounded to whole numbers" in notes


def test_blank_cells_stay_blank_and_other_columns_are_untouched() -> None:
    source = table(["", "  ", None, "1.234,56"])
    result = normalise_columns(source, {"Importo": "money", "Absent": "money"})
    assert [cells["Importo"] for _, cells in result.table.rows] == ["", "", "", "1234.56"]
    assert [cells["Nome"] for _, cells in result.table.rows] == [cells["Nome"] for _, cells in source.rows]
    assert source.rows[3][1]["Importo"] == "1.234,56", "the table read from the file is not changed"


def test_in_place_rewrites_the_table_read_from_the_file() -> None:
    source = table(["1.234,56", "x"])
    result = normalise_columns(source, {"Importo": "money"}, in_place=True)
    assert result.table is source
    assert [cells["Importo"] for _, cells in source.rows] == ["1234.56", ""]
    assert [p.line for p in result.problems] == [3]


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown column kinds"):
        normalise_columns(table(["1"]), {"Importo": "currency"})


# --- dates ------------------------------------------------------------------------------------------------


def test_day_first_column_decided_by_a_day_above_twelve() -> None:
    cells, problems, notes = read(["31/12/2026", "03/04/2026", "05/05/2026", "1/2/27"], "date")
    assert cells == ["2026-12-31", "2026-04-03", "2026-05-05", "2027-02-01"]
    assert problems == {}
    assert notes == ["Importo: day/month/year"]


def test_month_first_column() -> None:
    cells, problems, notes = read(["12/31/2026", "03/04/2026"], "date")
    assert cells == ["2026-12-31", "2026-03-04"]
    assert notes == ["Importo: month/day/year"]


def test_ambiguous_date_in_an_undecided_column_is_refused_with_the_iso_form() -> None:
    cells, problems, _ = read(["03/04/2026", "05/05/2026"], "date")
    assert cells == ["", "2026-05-05"]
    assert problems[2] == "“03/04/2026” could be 3 April or March 4; write it as 2026-04-03 (or 2026-03-04)."


def test_date_against_the_columns_order_is_refused() -> None:
    cells, problems, _ = read(["31/12/2026", "25/01/2026", "12/31/2026"], "date")
    assert cells == ["2026-12-31", "2026-01-25", ""]
    assert problems[4] == ("“12/31/2026” is month/day/year but the other dates in this column are day/month/year; "
                           "write it as 2026-12-31.")


@pytest.mark.parametrize(
    "written",
    [
        "2026-12-31", "2026-12-31 14:00", "2026-12-31T14:00:00Z", "2026-12-31T14:00:00+01:00", "2026/12/31",
        "20261231", "31.12.2026", "31-12-2026", "31/12/26", "31 Dec 2026", "31 December 2026", "Dec 31, 2026",
        "December 31 2026", "31 dic 2026", "31 dicembre 2026", "31-dic-26", "Thu, 31 Dec 2026",
        "giovedì 31 dicembre 2026", "31/12/2026 09:30", "46387", date(2026, 12, 31), datetime(2026, 12, 31, 18, 5),
        46387, 46387.75,
    ],
)
def test_supported_date_spellings(written: Any) -> None:
    cells, problems, _ = read([written], "date")
    assert (cells, problems) == (["2026-12-31"], {})


@pytest.mark.parametrize("written", ["31/02/2026", "2026-13-01", "yesterday-ish", "32 dic 2026", "12", "1e5", True])
def test_text_that_is_not_a_date(written: Any) -> None:
    cells, problems, _ = read([written], "date")
    assert cells == [""]
    assert "not a date" in problems[2]


def test_impossible_dates_say_why() -> None:
    _, problems, _ = read(["2026-04-31", "29/02/2027", "2026-13-01"], "date")
    assert problems == {
        2: "“2026-04-31” is not a date (April 2026 has 30 days).",
        3: "“29/02/2027” is not a date (February 2027 has 28 days).",
        4: "“2026-13-01” is not a date (there is no month 13).",
    }


def test_points_mean_day_first() -> None:
    assert read(["03.04.2026"], "date")[0] == ["2026-04-03"]


# --- a whole file, as an Italian Excel saves it ------------------------------------------------------------


def test_italian_semicolon_file_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "opportunità.csv"
    path.write_bytes((
        "Ragione sociale;Importo;Probabilità;Data chiusura\r\n"
        '"Officina ""Il Ponte"" Srl";1.234,56;40%;31/12/2026\r\n'
        "Caffè Ròssi;12,5;40,5;03/04/2027\r\n"
        "Fonderia Brâs;250.000 €;;\r\n"
    ).encode("cp1252"))
    result = normalise_columns(read_table(path), {"Importo": "money", "Probabilità": "percent", "Data chiusura": "date"})
    assert result.problems == []
    assert [cells for _, cells in result.table.rows] == [
        {"Ragione sociale": 'Officina "Il Ponte" Srl', "Importo": "1234.56", "Probabilità": "40",
         "Data chiusura": "2026-12-31"},
        {"Ragione sociale": "Caffè Ròssi", "Importo": "12.5", "Probabilità": "41", "Data chiusura": "2027-04-03"},
        {"Ragione sociale": "Fonderia Brâs", "Importo": "250000", "Probabilità": "", "Data chiusura": ""},
    ]
    assert result.notes == [
        "Importo: decimal comma (1.234,56)", "Importo: currency € removed",
        "Probabilità: decimal comma (1.234,56)", "Probabilità: percentages rounded to whole numbers",
        "Data chiusura: day/month/year",
    ]


def test_workbook_cells_end_to_end(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Deal", "Amount", "Close", "Probability"])
    sheet.append(["A", 1234.56, date(2026, 12, 31), 0.4])
    sheet.append(["B", "1,250.00", "03/15/2027", 0.255])
    sheet["D2"].number_format = sheet["D3"].number_format = "0%"
    path = tmp_path / "deals.xlsx"
    book.save(path)
    result = normalise_columns(read_table(path), {"Amount": "money", "Close": "date", "Probability": "percent"})
    assert result.problems == []
    assert [(c["Amount"], c["Close"], c["Probability"]) for _, c in result.table.rows] == [
        ("1234.56", "2026-12-31", "40"), ("1250", "2027-03-15", "26"),
    ]


# --- properties -------------------------------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2)


def spell(amount: Decimal, convention: str, thousands: bool, currency: str, before: bool, negative_style: str) -> str:
    """An amount as a spreadsheet in that country writes it."""
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    group, decimal_mark = (".", ",") if convention == "comma" else (",", ".")
    if thousands:
        whole = f"{int(whole):,}".replace(",", group)
    text = f"{whole}{decimal_mark}{cents}"
    if currency:
        text = f"{currency} {text}" if before else f"{text} {currency}"
    if amount < 0:
        text = f"({text})" if negative_style == "parentheses" else f"-{text}"
    return text


@given(amount=amounts, convention=st.sampled_from(["comma", "point"]), thousands=st.booleans(),
       currency=st.sampled_from(["", "€", "EUR"]), before=st.booleans(),
       negative_style=st.sampled_from(["minus", "parentheses"]))
def test_amounts_in_either_convention_read_back_exactly(amount: Decimal, convention: str, thousands: bool,
                                                        currency: str, before: bool, negative_style: str) -> None:
    written = spell(amount, convention, thousands, currency, before, negative_style)
    cells, problems, _ = read([written])
    assert problems == {}, written
    assert Decimal(cells[0]) == amount, written


@given(amount=st.decimals(min_value=0, max_value=Decimal("99999999"), places=0) | st.decimals(
    min_value=0, max_value=Decimal("99999999"), places=3), convention=st.sampled_from(["comma", "point"]))
def test_in_a_decided_column_a_lone_separator_is_read_in_the_columns_convention(amount: Decimal, convention: str) -> None:
    group, decimal_mark = (".", ",") if convention == "comma" else (",", ".")
    if amount == amount.to_integral_value():
        written = f"{int(amount):,}".replace(",", group)
    else:
        written = f"{amount:f}".replace(".", decimal_mark)
    decider = "1.234,56" if convention == "comma" else "1,234.56"
    cells, problems, _ = read([decider, written], "number")
    assert problems == {}, written
    assert Decimal(cells[1]) == amount, written


@given(st.text(max_size=12) | st.from_regex(r"[(\-]?[€$]?\s?[0-9.,' ]{1,12}\s?(EUR|k|m)?\)?", fullmatch=True))
def test_any_cell_text_is_read_or_refused_never_an_exception(written: str) -> None:
    cells, problems, _ = read([written])
    assert (cells[0] == "") or (2 not in problems)
    if cells[0]:
        assert abs(Decimal(cells[0])) <= MAX_AMOUNT


FORMATS = {
    "iso": lambda d: d.isoformat(),
    "iso-time": lambda d: f"{d.isoformat()} 14:00",
    "iso-t": lambda d: f"{d.isoformat()}T14:00:00Z",
    "dmy-slash": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "dmy-short": lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    "dmy-dot": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "dmy-dash": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "mdy-slash": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    "d-mon-y": lambda d: f"{d.day} {d:%b} {d.year}",
    "mon-d-y": lambda d: f"{d:%b} {d.day}, {d.year}",
    "italian": lambda d: f"{d.day} {['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'][d.month - 1]} {d.year}",
    "italiano": lambda d: f"{d.day} {['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'][d.month - 1]} {d.year}",
    "serial": lambda d: str((d - date(1899, 12, 30)).days),
}
DECIDERS = {"dmy-slash": "31/12/2026", "dmy-short": "31/12/26", "dmy-dash": "31-12-2026", "mdy-slash": "12/31/2026"}


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), style=st.sampled_from(sorted(FORMATS)))
def test_dates_in_each_supported_format_read_back_exactly(day: date, style: str) -> None:
    written = FORMATS[style](day)
    column = [DECIDERS[style], written] if style in DECIDERS else [written]
    cells, problems, _ = read(column, "date")
    assert problems == {}, written
    assert cells[-1] == day.isoformat(), written


@given(st.text(max_size=20))
def test_any_date_text_is_read_or_refused_never_an_exception(written: str) -> None:
    cells, problems, _ = read([written], "date")
    assert (cells[0] == "") == (2 in problems) or not written.strip()


def test_invisible_characters_around_values_are_ignored() -> None:
    assert read(["\u200b1.234,56\u200e", "\ufeff12,5"])[0] == ["1234.56", "12.5"]
    assert read(["\u202a31/12/2026\u202c"], "date")[0] == ["2026-12-31"]


def test_reading_notes_come_first_in_the_notes() -> None:
    source = table(["1.234,56"])
    source.notes.append("The report footer from line 9 on (“Total” …) was left out.")
    assert normalise_columns(source, {"Importo": "money"}).notes == [
        "The report footer from line 9 on (“Total” …) was left out.", "Importo: decimal comma (1.234,56)",
    ]


cells = st.none() | st.booleans() | st.integers() | st.floats() | st.decimals() | st.dates() | st.datetimes() | st.text(
    max_size=30) | st.text(st.sampled_from("0123456789.,' -()€$%kmE+/"), max_size=16)


@given(column=st.lists(cells, max_size=8), kind=st.sampled_from(["money", "number", "integer", "percent", "date"]))
def test_any_cells_are_read_or_refused_at_their_line_never_an_exception(column: list[Any], kind: str) -> None:
    result = normalise_columns(table(column), {"Importo": kind})
    refused = {p.line for p in result.problems}
    for line, cells_of_row in result.table.rows:
        value = cells_of_row["Importo"]
        assert isinstance(value, str)
        if value:
            assert line not in refused or "currencies" in " ".join(p.message for p in result.problems)
            if kind == "date":
                assert date.fromisoformat(value)
            else:
                assert abs(Decimal(value)) <= MAX_AMOUNT
