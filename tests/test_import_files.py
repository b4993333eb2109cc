"""Reading the files customers bring: encodings, separators, quoting, workbooks, and files that are not tables."""

from __future__ import annotations

import codecs
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountmgr.services.errors import DomainError
from accountmgr.services.import_files import read_table
from accountmgr.services.import_problems import Problem
from accountmgr.services.importer import Problem as ImporterProblem

ITALIAN_EXCEL = (
    "Ragione sociale;Importo;Probabilità;Data chiusura;Note;;;\r\n"
    '"Officina ""Il Ponte"" Srl";1.234,56;40%;31/12/2026;"Prima riga\r\nseconda riga";;;\r\n'
    "\r\n"
    "Caffè Ròssi & C.;12,5;;15/01/2027;“Cliente storico” – 5 €;;;\r\n"
    "Fonderia Brâs;250.000;;;;;;\r\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_italian_excel_semicolon_csv_in_windows_1252(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "clienti.csv", ITALIAN_EXCEL.encode("cp1252")))
    assert (table.format, table.encoding, table.delimiter) == ("csv", "cp1252", ";")
    assert table.header == ["Ragione sociale", "Importo", "Probabilità", "Data chiusura", "Note"]
    assert [line for line, _ in table.rows] == [2, 5, 6]
    first, second, third = (cells for _, cells in table.rows)
    assert first["Ragione sociale"] == 'Officina "Il Ponte" Srl'
    assert first["Note"] == "Prima riga\r\nseconda riga"
    assert second["Ragione sociale"] == "Caffè Ròssi & C."
    assert second["Note"] == "“Cliente storico” – 5 €"
    assert (first["Importo"], second["Importo"], third["Importo"]) == ("1.234,56", "12,5", "250.000")
    assert table.problems == []
    assert table.describe() == "CSV, Windows-1252, semicolon-separated"


def test_small_italian_file_is_not_taken_for_an_exotic_encoding(tmp_path: Path) -> None:
    text = "Nome;Nota\nè à ò;“sì” 5€\n"
    table = read_table(write(tmp_path, "n.csv", text.encode("cp1252")))
    assert table.encoding == "cp1252"
    assert table.rows[0][1] == {"Nome": "è à ò", "Nota": "“sì” 5€"}


def test_utf8_with_bom(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "a.csv", codecs.BOM_UTF8 + "Account Name,Città\nRossi,Milano\n".encode()))
    assert table.encoding == "utf-8-sig"
    assert table.header == ["Account Name", "Città"]
    assert table.rows == [(2, {"Account Name": "Rossi", "Città": "Milano"})]


def test_plain_utf8_comma_csv_with_quoted_commas(tmp_path: Path) -> None:
    text = 'Company name,Amount,Close Date\n"Acme, Inc.","1,234.50",12/31/2026\n'
    table = read_table(write(tmp_path, "deals.csv", text.encode()))
    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    assert table.rows == [(2, {"Company name": "Acme, Inc.", "Amount": "1,234.50", "Close Date": "12/31/2026"})]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_is_utf16_tab_separated(tmp_path: Path, codec: str) -> None:
    text = "Nome\tImporto\tNote\r\nSchüler GmbH\t1.234,56\tzwei; drei\r\nZoë\t2\t\r\n"
    data = text.encode(codec)
    table = read_table(write(tmp_path, "unicode.txt", data))
    assert table.encoding.startswith("utf-16")
    assert table.delimiter == "\t"
    assert table.rows == [
        (2, {"Nome": "Schüler GmbH", "Importo": "1.234,56", "Note": "zwei; drei"}),
        (3, {"Nome": "Zoë", "Importo": "2", "Note": ""}),
    ]


def test_pipe_separated(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "p.txt", b"name|amount\nA|1\nB|2\n"))
    assert table.delimiter == "|"
    assert table.rows[1] == (3, {"name": "B", "amount": "2"})


def test_separator_is_sniffed_from_many_records_not_the_header_alone(tmp_path: Path) -> None:
    # The header has a comma in a name; the records show the real separator.
    text = "Nome, cognome;Importo\n" + "".join(f"Rossi, Mario;{n},50\n" for n in range(10))
    table = read_table(write(tmp_path, "x.csv", text.encode()))
    assert table.delimiter == ";"
    assert table.header == ["Nome, cognome", "Importo"]


def test_duplicate_and_blank_header_names_stay_distinguishable(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "d.csv", b"Email,Name,email,,Phone\na,b,c,d,e\n"))
    assert table.header == ["Email", "Name", "email (2)", "Column 4", "Phone"]
    assert table.rows[0][1]["email (2)"] == "c"


def test_short_rows_are_padded_and_long_rows_reported(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "r.csv", b"a,b,c\n1\n1,2,3,4\n1,2,3,,\n"))
    assert table.rows[0] == (2, {"a": "1", "b": "", "c": ""})
    assert [p.line for p in table.problems] == [3]
    assert "4 cells but the header has 3" in table.problems[0].message
    assert [line for line, _ in table.rows] == [2, 3, 4]


def test_broken_quotes_are_row_problems_not_exceptions(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "q.csv", b'name,note\n"A"x,1\nB,2\nC,"never closed\nD,4\n'))
    assert [(p.line, p.column) for p in table.problems] == [(2, ""), (4, "")]
    assert "never closed" in table.problems[1].message
    assert table.rows == [(3, {"name": "B", "note": "2"})]


def test_lone_carriage_returns_end_lines(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "mac.csv", b"a;b\r1;2\r3;4\r"))
    assert table.rows == [(2, {"a": "1", "b": "2"}), (3, {"a": "3", "b": "4"})]


def test_problem_is_shared_with_the_importer() -> None:
    assert ImporterProblem is Problem
    assert str(Problem(3, "Importo", "too large.")) == "line 3, Importo: too large."


# --- workbooks -------------------------------------------------------------------------------------------


def workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    deals = book.active
    deals.title = "Deals"
    deals.append([])
    deals.append(["Opportunity", "Close Date", "Amount", "Probability", "Employees", None, None])
    deals.append(["Linea 4", date(2026, 12, 31), 1234.56, 0.4, 120])
    deals.append(["Retrofit", datetime(2027, 1, 15, 14, 30), 250000, None, None])
    deals["D3"].number_format = "0%"
    deals.append([None, None, None, None, None])
    accounts = book.create_sheet("Clienti")
    accounts.append(["Ragione sociale", "Fatturato"])
    accounts.append(["Caffè Ròssi", 12.5])
    path = tmp_path / "export.xlsx"
    book.save(path)
    return path


def test_xlsx_first_sheet_keeps_dates_numbers_and_what_percent_cells_show(tmp_path: Path) -> None:
    table = read_table(workbook(tmp_path))
    assert (table.format, table.encoding, table.delimiter, table.sheet) == ("xlsx", None, None, "Deals")
    assert table.header == ["Opportunity", "Close Date", "Amount", "Probability", "Employees"]
    assert table.rows == [
        (3, {"Opportunity": "Linea 4", "Close Date": date(2026, 12, 31), "Amount": 1234.56, "Probability": "40%",
             "Employees": 120}),
        (4, {"Opportunity": "Retrofit", "Close Date": datetime(2027, 1, 15, 14, 30), "Amount": 250000,
             "Probability": "", "Employees": ""}),
    ]
    assert table.describe() == "Excel workbook, sheet Deals"


def test_xlsx_named_sheet(tmp_path: Path) -> None:
    table = read_table(workbook(tmp_path), sheet="clienti")
    assert table.sheet == "Clienti"
    assert table.rows == [(2, {"Ragione sociale": "Caffè Ròssi", "Fatturato": 12.5})]


def test_xlsx_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="has no sheet “Pipeline”; its sheets are “Deals”, “Clienti”"):
        read_table(workbook(tmp_path), sheet="Pipeline")


def test_xlsx_with_a_csv_extension_is_still_read_as_a_workbook(tmp_path: Path) -> None:
    path = workbook(tmp_path).rename(tmp_path / "export.csv")
    assert read_table(path).format == "xlsx"


# --- files that cannot be imported ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "is empty"),
        ("blank.csv", b"\r\n \r\n", "is empty"),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF document"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "save it from your spreadsheet as .xlsx or CSV"),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a CSV or text file"),
        ("web.xls", b"<html><body><table><tr><td>a</td></tr></table></body></html>", "is a web page"),
    ],
)
def test_files_that_are_not_tables_are_refused_in_one_sentence(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(DomainError, match=message) as refused:
        read_table(write(tmp_path, name, data))
    assert refused.value.message.count(". ") == 0


def test_zip_archive_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("accounts.csv", "a,b\n1,2\n")
    with pytest.raises(DomainError, match="zip archive; unpack it"):
        read_table(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="There is no file"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(DomainError, match="is a folder"):
        read_table(tmp_path)


def test_sheet_for_a_csv_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="has no sheets"):
        read_table(write(tmp_path, "a.csv", b"a,b\n1,2\n"), sheet="Deals")


def test_damaged_utf16_says_so(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="UTF-16 but is not valid"):
        read_table(write(tmp_path, "u.txt", codecs.BOM_UTF16_LE + "a\tb\r\n".encode("utf-16-le") + b"\x00\xd8"))


# --- any cell text survives a round trip through a CSV writer ------------------------------------------------

cell_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('";,\t|"\n'), max_size=20
).filter(lambda s: s.strip() == s and "\r" not in s)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(cell_text, cell_text), min_size=1, max_size=6), delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_cells_written_by_a_spreadsheet_read_back_exactly(tmp_path: Path, rows: list[tuple[str, str]], delimiter: str,
                                                          encoding: str) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(["Ragione sociale", "Note"])
    writer.writerows([("x" + a, b) for a, b in rows])
    path = tmp_path / "round.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    table = read_table(path)
    expected = [{"Ragione sociale": "x" + a, "Note": b} for a, b in rows]
    assert [cells for _, cells in table.rows] == expected
    assert table.problems == []


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Nome;Nota\nè à ò;“sì” 5€\n"),
        ("cp1252", "Name;Ort\nSchüler Müller;Zürich\nFrançois;Besançon\nÉcole;È così\n"),
        ("iso8859_15", "Nome;Nota\nè à ò;5 €\n"),
        ("mac_roman", "Ragione sociale;Città;Note\nCaffè Ròssi;Forlì;però è già\nAçaí;São Paulo;niño\n"),
        ("cp850", "Ragione sociale;Città;Note\nCaffè Ròssi;Forlì;però è già\n"),
        ("cp1250", "Název;Město\nŽluťoučký kůň;Praha\nŘeřicha;Brno\n"),
    ],
)
def test_legacy_encodings_are_told_apart_even_in_small_files(tmp_path: Path, encoding: str, text: str) -> None:
    table = read_table(write(tmp_path, "legacy.csv", text.encode(encoding)))
    assert table.encoding == encoding
    lines = text.splitlines()
    assert ";".join(table.header) == lines[0]
    assert [";".join(cells.values()) for _, cells in table.rows] == lines[1:]


def test_header_names_are_cleaned_of_invisible_characters(tmp_path: Path) -> None:
    text = "Account\u200b Name,\ufeffAmount\u202e,\u200b\n"
    table = read_table(write(tmp_path, "h.csv", (text + "Rossi,1,\n").encode()))
    assert table.header == ["Account Name", "Amount"]


def test_excel_separator_line_names_the_separator(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "sep.csv", b"sep=;\r\nName;Amount\r\nRossi, Bianchi & C.;1,5\r\n"))
    assert table.delimiter == ";"
    assert table.header == ["Name", "Amount"]
    assert table.rows == [(3, {"Name": "Rossi, Bianchi & C.", "Amount": "1,5"})]


def test_salesforce_report_footer_is_left_out_and_said(tmp_path: Path) -> None:
    text = (
        '"Account Name","Billing Country","Annual Revenue"\n'
        '"Officina ""Il Ponte"" Srl","Italy","1,234,567.00"\n'
        '"Total",,\n'
        '""\n'
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
        '"Confidential Information - Do Not Distribute"\n'
        '"Generated By:  Giulia Ferri  28/11/2026 10:15"\n'
        '"Acme Italia"\n'
    )
    table = read_table(write(tmp_path, "report.csv", text.encode()))
    assert [cells["Account Name"] for _, cells in table.rows] == ['Officina "Il Ponte" Srl']
    assert table.notes == ["The report footer from line 3 on (“Total” …) was left out."]


def test_one_cell_rows_without_a_footer_are_kept(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "a.csv", b"Account,Country\nAcme,Italy\nCopyless\n"))
    assert [cells["Account"] for _, cells in table.rows] == ["Acme", "Copyless"]
    assert table.notes == []


def test_hidden_sheets_are_passed_over(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "hiddenSheet"
    hidden.sheet_state = "hidden"
    hidden.append(["entity", "contact"])
    contacts = book.create_sheet("Active Contacts")
    contacts.append(["Full Name", "Company Name"])
    contacts.append(["Mario Rossi", "Officina Il Ponte"])
    path = tmp_path / "dynamics.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.sheet == "Active Contacts"
    assert table.rows == [(2, {"Full Name": "Mario Rossi", "Company Name": "Officina Il Ponte"})]
    with pytest.raises(DomainError, match="its sheets are “Active Contacts”\\.$"):
        read_table(path, sheet="Contacts")


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8")) | st.text(
    st.sampled_from('ab,;\t|"\r\n€è '), max_size=200).map(lambda t: t.encode("cp1252")))
def test_any_bytes_give_a_table_or_one_sentence_never_an_exception(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        table = read_table(path)
    except DomainError as refused:
        assert refused.message.endswith(".")
        return
    assert table.header
    for line, cells in table.rows:
        assert line >= 2
        assert list(cells) == table.header


def test_a_csv_with_html_in_its_notes_is_still_a_csv(tmp_path: Path) -> None:
    text = 'Company name,Notes\nAcme,"<p>Call back</p><table><tr><td>Q3</td></tr></table>"\n'
    table = read_table(write(tmp_path, "hubspot.csv", text.encode()))
    assert table.rows[0][1]["Notes"].startswith("<p>Call back")


def test_an_undefined_byte_after_the_sample_does_not_stop_the_file(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import accountmgr.services.import_files as import_files

    monkeypatch.setattr(import_files, "SAMPLE_CHARS", 64)
    data = ("Nome;Città\n" + "Caffè Ròssi;Forlì\n" * 10).encode("cp1252") + b"Bad\x81;x\n"
    table = read_table(write(tmp_path, "long.csv", data))
    assert table.encoding == "cp1252"
    assert table.rows[-1][1] == {"Nome": "Bad\ufffd", "Città": "x"}


def test_files_too_large_are_refused_before_reading(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import accountmgr.services.import_files as import_files

    monkeypatch.setattr(import_files, "MAX_FILE_BYTES", 2_000_000)
    path = write(tmp_path, "huge.csv", b"a,b\n" + b"1,2\n" * 800_000)
    with pytest.raises(DomainError, match="huge.csv is 3 MB; split it into files of at most 2 MB."):
        read_table(path)


def test_a_device_is_not_read(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="not a file that can be imported"):
        read_table("/dev/null")
