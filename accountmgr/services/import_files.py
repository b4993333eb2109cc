"""Reading the files customers bring: CSV or text exports in any usual encoding and separator, and .xlsx workbooks.

:func:`read_table` turns a file into a header and rows of cells, numbered by the
line the user sees in the file (or the row in the sheet), without judging the
values: that is :mod:`import_values` and the field specs' job. A row that cannot
be read is listed as a :class:`Problem` instead of stopping the whole file, so a
caller can refuse the file or skip just those rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import stat
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from accountmgr.services.errors import DomainError
from accountmgr.services.import_problems import Problem
from accountmgr.services.text_clean import clean_text

MAX_FILE_BYTES = 500_000_000
"""Larger files are refused before they are read: a million-row CRM export is a tenth of this."""

DELIMITERS = (",", ";", "\t", "|")
"""Separators a CSV may use; the one that splits the sample into the most even rows wins."""

SAMPLE_RECORDS = 50
"""Records read to decide the separator: enough to see through a few odd rows."""

SAMPLE_CHARS = 256 * 1024
"""At most this much text is looked at for the separator (a sample of 50 records is far smaller in practice)."""

LEGACY_ENCODINGS = ("cp1252", "iso8859_15", "cp1250", "cp850", "mac_roman")
"""Encodings a file that is not UTF-8 may be in, Western European first: left free, the detector calls a short
Italian file Vietnamese (cp1258) as readily as Windows-1252."""

ENCODING_NAMES = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252", "iso8859_15": "Latin-9", "latin_1": "Latin-1", "cp1250": "Windows-1250",
    "cp850": "DOS Latin-1", "mac_roman": "Mac Roman",
}
"""How an encoding is named for users (import screen, summary)."""

_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass
class SourceTable:
    """A file read into a header and rows; ``rows`` holds (line as the user sees it, {header: cell}).

    Rows named in ``problems`` are still in ``rows`` (with the cells that could be read), so a caller
    may refuse the file, or skip those lines and write them out as rejected.
    """

    name: str
    """The file name, for messages."""
    path: Path
    format: str
    """"csv" or "xlsx"."""
    encoding: str | None
    """Python's name for the text encoding ("utf-8", "utf-8-sig", "utf-16", "cp1252", …); None for xlsx."""
    delimiter: str | None
    """The cell separator of a CSV; None for xlsx."""
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    problems: list[Problem] = field(default_factory=list)
    sheet: str | None = None
    """The sheet read from a workbook."""
    notes: list[str] = field(default_factory=list)
    """What was decided while reading, for the import summary (a report footer left out…)."""

    def describe(self) -> str:
        """How the file was read, for people: "CSV, Windows-1252, semicolon-separated" or "Excel workbook, sheet Deals"."""
        if self.format == "xlsx":
            return f"Excel workbook, sheet {self.sheet}"
        encoding = ENCODING_NAMES.get(self.encoding or "", self.encoding or "")
        return f"CSV, {encoding}, {_SEPARATOR_NAMES.get(self.delimiter or '', repr(self.delimiter))}-separated"

    def with_rows(self, rows: list[tuple[int, dict[str, Any]]]) -> SourceTable:
        """The same table with other rows (problems copied, not shared)."""
        return replace(self, rows=rows, problems=list(self.problems), notes=list(self.notes))


def read_table(path: Path | str, *, sheet: str | None = None) -> SourceTable:
    """Read a CSV/text export or an .xlsx workbook (first sheet, or ``sheet``); DomainError if it cannot be read."""
    path = Path(path).expanduser()
    data = _read_bytes(path)
    kind = _sniff_kind(path, data)
    if kind == "xlsx":
        return _read_xlsx(path, data, sheet)
    if sheet is not None:
        raise DomainError(f"{path.name} is a CSV file, which has no sheets; leave out the sheet.")
    text, encoding = _decode(path, data)
    if not text.strip():
        raise DomainError(f"{path.name} is empty.")
    return _read_csv(path, text, encoding)


def _read_bytes(path: Path) -> bytes:
    try:
        status = path.stat()
        if path.is_dir():
            raise IsADirectoryError
        if not stat.S_ISREG(status.st_mode):
            raise DomainError(f"{path} is not a file that can be imported (a device or a pipe).")
        if status.st_size > MAX_FILE_BYTES:
            raise DomainError(f"{path.name} is {status.st_size // 1_000_000:,} MB; split it into files of at most "
                              f"{MAX_FILE_BYTES // 1_000_000:,} MB.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DomainError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise DomainError(f"{path} is a folder, not a file to import.") from None
    except PermissionError:
        raise DomainError(f"You are not allowed to read {path}.") from None
    except OSError as exc:
        raise DomainError(f"Cannot read {path} ({exc.strerror or exc}).") from None
    if not data.strip():
        raise DomainError(f"{path.name} is empty.")
    return data


_SAVE_AS = "save it from your spreadsheet as .xlsx or CSV"


def _sniff_kind(path: Path, data: bytes) -> str:
    """"xlsx" or "text", from the content (exports often carry the wrong extension); DomainError for anything else."""
    name = path.name
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise DomainError(f"{name} is a damaged zip or Excel file; {_SAVE_AS} again.") from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            raise DomainError(f"{name} is an OpenDocument spreadsheet; {_SAVE_AS}.")
        raise DomainError(f"{name} is a zip archive; unpack it and import the CSV or .xlsx file inside.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DomainError(f"{name} is an old Excel .xls workbook (or a password-protected one); {_SAVE_AS}.")
    if data.startswith(b"%PDF"):
        raise DomainError(f"{name} is a PDF document, not a table; export the data from its source as .xlsx or CSV.")
    head = data[:2048].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    # Only a file that starts as markup: a CSV whose notes hold some HTML (HubSpot's do) is still a CSV.
    if head.startswith(b"<") and (b"<table" in head or b"<html" in head):
        raise DomainError(f"{name} is a web page (HTML) with a .xls or .csv name; "
                          f"open it in your spreadsheet and {_SAVE_AS}.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
        return "text"
    if b"\x00" in data[:8192] or _mostly_control(data[:8192]):
        raise DomainError(f"{name} is not a CSV or text file (it holds binary data); {_SAVE_AS}.")
    return "text"


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when every other byte of the start is zero (UTF-16 text of Latin letters)."""
    sample = data[:1000]
    if len(sample) < 4:
        return None
    evens, odds = sample[0::2], sample[1::2]
    if odds.count(0) > 0.9 * len(odds) and evens.count(0) < 0.1 * len(evens):
        return "utf-16-le"
    if evens.count(0) > 0.9 * len(evens) and odds.count(0) < 0.1 * len(odds):
        return "utf-16-be"
    return None


def _mostly_control(sample: bytes) -> bool:
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13, 12))
    return controls > max(8, len(sample) // 20)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding): BOMs first, then strict UTF-8, then the likeliest Western legacy encoding."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(path, data[len(codecs.BOM_UTF8):], "utf-8-sig", "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(path, data, "utf-16", "utf-16"), "utf-16"
    bare = _utf16_without_bom(data)
    if bare:
        return _decode_as(path, data, bare, bare), bare
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _legacy_encoding(data)
    # Chosen on a sample: a byte the encoding leaves undefined further down shows as "�" rather than stopping all.
    return data.decode(encoding, errors="replace"), encoding


def _decode_as(path: Path, data: bytes, label: str, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        # A file that says it is UTF-8/16 but is not is damaged: guessing again would hide that.
        line = data[: exc.start].count(b"\n") + 1 if codec.startswith("utf-8") else None
        where = f" at line {line}" if line else ""
        raise DomainError(f"{path.name} says it is {ENCODING_NAMES.get(label, label)} but is not valid{where}; "
                          "save it again from your spreadsheet as “CSV UTF-8”.") from None


def _legacy_encoding(data: bytes) -> str:
    """The Western legacy encoding the text reads most plausibly in; Windows-1252 when in doubt.

    On a short file the detector alone is unreliable (it calls five accented words DOS or Vietnamese), so its
    ranking only breaks ties between the candidates that leave the fewest implausible characters.
    """
    from charset_normalizer import from_bytes

    sample = data[:SAMPLE_CHARS]
    ranked = [match.encoding for match in from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS))]
    order = ["cp1252", *[name for name in ranked if name != "cp1252"],
             *[name for name in LEGACY_ENCODINGS if name not in ranked and name != "cp1252"]]
    scored: list[tuple[int, int, str]] = []
    for position, encoding in enumerate(order):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        scored.append((_implausible(text), position, encoding))
    if not scored:
        # Latin-1 maps every byte: the few bytes Windows-1252 leaves undefined still come through.
        return "latin_1"
    return min(scored)[2]


_COMMON_SIGNS = set("“”‘’„‚–—…•·«»¡¿§°€£¥©®™±×÷²³\u00a0")
"""Signs beyond ASCII that real text uses; any other (¤, ¦, ‗, box drawing…) is a letter read in the wrong
code page."""


def _implausible(text: str) -> int:
    """How many characters look like the wrong code page: unusual signs, a capital inside a word ("CaffŠ") or
    a capital standing alone ("Þ")."""
    count = 0
    previous = ""
    for index, char in enumerate(text):
        if ord(char) >= 128:
            if not char.isalpha():
                count += char not in _COMMON_SIGNS
            elif char.isupper():
                following = text[index + 1: index + 2]
                count += previous.islower() or not (following.isalpha() or previous.isupper())
        previous = char
    return count


def _read_csv(path: Path, text: str, encoding: str) -> SourceTable:
    first, newline, rest = text.partition("\n")
    hint = _SEPARATOR_HINT.match(first.strip())
    if hint:
        # Excel's "sep=;" line names the separator; it is blanked (not removed) so line numbers stay the file's.
        delimiter, text = hint.group(1), newline + rest
    else:
        delimiter = _sniff_delimiter(text)
    records = _records(text, delimiter)
    problems: list[Problem] = []
    header: list[str] | None = None
    width = 0
    rows: list[tuple[int, dict[str, Any]]] = []
    for line, cells, error in records:
        if error:
            problems.append(Problem(line, "", error))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = _header(cells) or None  # a line of invisible characters is no header
            width = len(header or ())
            continue
        extra = [cell for cell in cells[width:] if cell.strip()]
        if extra:
            problems.append(Problem(line, "", f"has {width + len(extra)} cells but the header has {width} columns "
                                              "(a separator inside a cell that is not in quotes?)."))
        padded = cells[:width] + [""] * (width - len(cells))
        rows.append((line, dict(zip(header, padded))))
    if header is None:
        raise DomainError(f"{path.name} is empty.")
    table = SourceTable(path.name, path, "csv", encoding, delimiter, header, rows, problems)
    _drop_report_footer(table)
    return table


_SEPARATOR_HINT = re.compile(r'^"?sep=(.)"?$', re.IGNORECASE)

_FOOTER = re.compile(r"^(copyright \(c\)|confidential information|generated by:)", re.IGNORECASE)
"""The lines a CRM report export (Salesforce) puts under its data: not rows of the table."""


def _drop_report_footer(table: SourceTable) -> None:
    """Leave out the trailing one-cell lines of a report footer ("Copyright (c) … salesforce.com"), and say so."""
    if len(table.header) < 2:
        return
    first = table.header[0]
    start = len(table.rows)
    while start > 0 and all(not str(value).strip() for name, value in table.rows[start - 1][1].items() if name != first):
        start -= 1
    footer = table.rows[start:]
    if footer and any(_FOOTER.match(str(cells[first]).strip()) for _, cells in footer):
        lines = {line for line, _ in footer}
        del table.rows[start:]
        table.problems[:] = [p for p in table.problems if p.line not in lines]
        table.notes.append(f"The report footer from line {footer[0][0]} on (“{_short(footer[0][1][first])}” …) "
                           "was left out.")


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 30 else text[:29] + "…"


def _records(text: str, delimiter: str) -> list[tuple[int, list[str], str]]:
    """[(first line of the record, cells, error)]: a record that breaks the quoting rules becomes an error there."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True,
                        strict=True)
    result: list[tuple[int, list[str], str]] = []
    line = 0
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = ("opens a quoted cell that is never closed (check the quotes in this row)."
                       if "end of data" in str(exc) else
                       f"cannot be read: {exc} (a quote in a cell must be doubled, as in \"\"Il Ponte\"\").")
            result.append((start, [], message))
            line = reader.line_num
            if "end of data" in str(exc):
                break
            continue
        line = reader.line_num
        result.append((start, cells, ""))
    return result


def _sniff_delimiter(text: str) -> str:
    """The separator that splits a sample of records into the most rows as wide as the header."""
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS:
        # Cut at a line end so the last record is whole (mostly; a quoted note may still be cut, and is dropped).
        sample = sample[: sample.rfind("\n") + 1] or sample
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
        widths: list[int] = []
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    widths.append(len(_trim_trailing(cells)))
                if len(widths) > SAMPLE_RECORDS:
                    break
        except csv.Error:
            pass
        if not widths or widths[0] < 2:
            continue
        # Rows as wide as the header count most; a wider header breaks ties (more columns recognised).
        score = (sum(1 for width in widths[1:] if width == widths[0]) if len(widths) > 1 else 1, widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _trim_trailing(cells: list[str]) -> list[str]:
    end = len(cells)
    while end > 0 and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _header(cells: list[Any]) -> list[str]:
    """Header names: trailing blank columns dropped (Excel leaves ";;;"), blanks named, repeats numbered."""
    # Cleaned like any text, so a zero-width space or a stray BOM in a heading does not hide a known column.
    names = [clean_text("" if cell is None else str(cell)) for cell in cells]
    while names and not names[-1]:
        names.pop()
    seen: set[str] = set()
    result: list[str] = []
    for index, name in enumerate(names, start=1):
        name = name or f"Column {index}"
        unique, n = name, 2
        while unique.casefold() in seen:
            unique, n = f"{name} ({n})", n + 1
        seen.add(unique.casefold())
        result.append(unique)
    return result


def _read_xlsx(path: Path, data: bytes, sheet: str | None) -> SourceTable:
    import openpyxl

    try:
        # From the bytes already read: openpyxl goes by the extension, and exports are often misnamed.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise DomainError(f"{path.name} cannot be read as an Excel workbook ({exc}); {_SAVE_AS} again.") from None
    try:
        # Hidden sheets hold an application's own data (Dynamics 365 exports carry a "hiddenSheet").
        visible = [ws.title for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        names = visible or workbook.sheetnames
        if sheet is None:
            chosen = names[0]
        else:
            chosen = next((n for n in workbook.sheetnames if n == sheet), None) or next(
                (n for n in workbook.sheetnames if n.casefold() == sheet.strip().casefold()), None)
            if chosen is None:
                listed = ", ".join(f"“{n}”" for n in names)
                raise DomainError(f"{path.name} has no sheet “{sheet}”; its sheets are {listed}.")
        rows, problems, header = _sheet_rows(workbook[chosen])
    finally:
        workbook.close()
    if header is None:
        raise DomainError(f"The sheet “{chosen}” of {path.name} is empty.")
    return SourceTable(path.name, path, "xlsx", None, None, header, rows, problems, sheet=chosen)


def _sheet_rows(worksheet: Any) -> tuple[list[tuple[int, dict[str, Any]]], list[Problem], list[str] | None]:
    header: list[str] | None = None
    width = 0
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        values = [_cell_value(cell) for cell in cells]
        if not any(not _is_blank(value) for value in values):
            continue
        if header is None:
            header = _header(values) or None
            width = len(header or ())
            continue
        extra = [value for value in values[width:] if not _is_blank(value)]
        if extra:
            problems.append(Problem(number, "", f"has {width + len(extra)} cells but the header has {width} columns."))
        padded = values[:width] + [""] * (width - len(values))
        rows.append((number, dict(zip(header, padded))))
    return rows, problems, header


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_value(cell: Any) -> Any:
    """A cell as the sheet shows it: text, int, float, date (a midnight date-time), datetime, or "40%"."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number_format = getattr(cell, "number_format", "") or ""
        if "%" in number_format:
            # A percent cell holds 0.4 and shows 40%: what the user sees is what they mean.
            percent = (Decimal(repr(value)) * 100).normalize()
            return f"{percent:f}%"
        return value
    if isinstance(value, (str, bool, date)):
        return value
    return str(value)
