"""Read a CSV or XLSX survey export into a plain table of strings.

Web-survey tools and Excel save the same answers in many dialects: UTF-8 with or
without BOM, Windows-1252, Excel's "Unicode text" (UTF-16, tab-separated), comma,
semicolon or tab, a title line above the headers. This module finds the dialect and
hands back headers and rows as cleaned strings, so that the survey import can be one
set of rules for every source. The file type is decided from the content, not the
name: a ".xlsx" that is really a CSV is read as CSV (and said so).

Whole-file problems (not readable, too large, a zip bomb) raise a ``TableError``.
Problems in single cells (an unreadable formula, a ragged row) are collected in
``Table.problems`` so that the user sees all of them at once; the survey import
refuses to store anything while there are any.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from nvk_desktop.errors import ValidationError

MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_TEXT_BYTES = 200 * 1024 * 1024
# XLSX is a zip: refuse what would unpack to more than this, or members that are
# compressed suspiciously well (real sheets compress 5–30 times; bombs 1000 times).
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 150
RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024
HEADER_SCAN_ROWS = 20
MAX_PROBLEMS = 500  # more than this are counted, not listed

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u200b": "", "\ufeff": ""})
_SPACE_CHARS = tuple(chr(c) for c in _SPACES)
_UNIT = "\x1f"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z0-9_]+:)?f[\s>/]")
_EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA"}
)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


class TableError(ValidationError):
    """The file as a whole cannot be read as a table."""

    def __init__(self, path: Path | str, message: str, advice: str = "") -> None:
        super().__init__(message, advice)
        self.path = Path(path)


class UnreadableFileError(TableError):
    """Not a CSV or XLSX file we can read (wrong type, damaged, unknown encoding)."""


class FileTooLargeError(TableError):
    """Too many rows or columns, or an XLSX that would unpack to too much (zip bomb)."""


@dataclass(frozen=True)
class Problem:
    """Something wrong at a place in the file, as the user sees it.

    ``row`` is the row number in the file (1-based, the header row included, as a
    spreadsheet shows it); ``column`` is e.g. "C «Navn»". A warning does not stop an
    import; an error does.
    """

    message: str
    row: int | None = None
    column: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolonne {self.column}")
        prefix = ", ".join(where)
        if prefix:
            prefix = prefix[0].upper() + prefix[1:] + ": "
        return f"{prefix}{self.message}"


@dataclass(frozen=True)
class TableSource:
    """Where the table came from and how it was read (shown to the user)."""

    path: Path
    format: str  # "csv" or "xlsx"
    encoding: str | None = None  # CSV only, e.g. "utf-8-sig", "windows-1252"
    delimiter: str | None = None  # CSV only
    header_row: int = 1  # row number of the header row in the file, 1-based
    sheet: str | None = None  # XLSX only
    note: str = ""  # e.g. that a ".xlsx" was really a CSV file

    def describe(self) -> str:
        if self.format == "xlsx":
            text = f"Excel-arbeidsbok, ark «{self.sheet}», overskrifter i rad {self.header_row}"
        else:
            names = {";": "semikolon", ",": "komma", "\t": "tabulator"}
            delim = names.get(self.delimiter or "", repr(self.delimiter))
            text = (
                f"CSV-fil, tegnkoding {self.encoding}, skilletegn {delim}, "
                f"overskrifter i rad {self.header_row}"
            )
        return f"{text}. {self.note}".strip() if self.note else text


@dataclass(frozen=True)
class Table:
    """Headers and rows of cleaned strings; every row is as long as ``headers``.

    ``content_hash`` is the sha256 of the cleaned headers and rows (not of the file
    bytes), so the same answers saved as CSV in any encoding or delimiter, or as
    XLSX, give the same hash as long as the cells read the same; empty rows do not
    count. Dates from XLSX read as ISO text ("2024-03-01 10:15:00"), which a CSV
    saved by a tool with another date format does not match: such a pair hashes
    differently, which only means a re-import is not recognised as one.
    """

    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]  # file row number of each row in ``rows``
    source: TableSource
    content_hash: str
    problems: tuple[Problem, ...] = field(default=())

    def column_label(self, index: int) -> str:
        return column_label(index, self.headers[index] if index < len(self.headers) else "")


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA" (spreadsheet column names)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_label(index: int, header: str) -> str:
    """How a column is named to the user: letter and header, e.g. "C «Navn»"."""
    letter = column_letter(index)
    if not header:
        return f"{letter} (uten overskrift)"
    short = header if len(header) <= 70 else header[:67] + "…"
    return f"{letter} «{short}»"


def clean_cell(text: str) -> str:
    """Trim, turn non-breaking spaces into spaces, line breaks into \\n, and NFC."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.translate(_SPACES))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def clean_row(cells: list[str]) -> list[str]:
    """``clean_cell`` of every cell, done on the row as one text.

    The cells are joined with U+001F (unit separator), cleaned once and split again.
    That is the same as cleaning them one by one: the space table maps single
    characters, and NFC never composes or reorders across U+001F (a starter that
    composes with nothing). A row with U+001F inside a cell is cleaned cell by cell.
    """
    joined = _UNIT.join(cells)
    if joined.count(_UNIT) != len(cells) - 1:
        return [clean_cell(c) for c in cells]
    if not joined.isascii():
        if any(ch in joined for ch in _SPACE_CHARS):  # rare: translate is slow on a row
            joined = joined.translate(_SPACES)
        joined = unicodedata.normalize("NFC", joined)
    if "\r" in joined:
        joined = joined.replace("\r\n", "\n").replace("\r", "\n")
    return list(map(str.strip, joined.split(_UNIT)))


def read_table(path: Path) -> Table:
    """Read a CSV or XLSX export; the type is decided by the content."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError as exc:
        raise UnreadableFileError(
            path, f"Finner ikke filen {path}.", "Sjekk navnet og mappen."
        ) from exc
    except OSError as exc:
        raise UnreadableFileError(
            path,
            f"Filen {path.name} kan ikke åpnes ({exc.strerror or exc}).",
            "Lukk filen i andre programmer og sjekk at du har lesetilgang.",
        ) from exc
    if size == 0:
        raise UnreadableFileError(path, f"Filen {path.name} er tom.", "Eksporter svarene på nytt.")
    suffix = path.suffix.lower()
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        note = ""
        if suffix not in (".xlsx", ".xlsm"):
            note = f"Filen heter «{path.name}», men er en Excel-arbeidsbok; den er lest som det."
        return _read_xlsx(path, note)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFileError(
            path,
            f"Filen {path.name} er i det gamle Excel-formatet (.xls) eller passordbeskyttet.",
            "Åpne den i Excel og lagre den som Excel-arbeidsbok (.xlsx) uten passord, "
            "eller som CSV.",
        )
    if size > MAX_TEXT_BYTES:
        raise FileTooLargeError(
            path,
            f"Filen {path.name} er for stor ({size // (1024 * 1024)} MB).",
            f"Det største som leses er {MAX_TEXT_BYTES // (1024 * 1024)} MB.",
        )
    note = ""
    if suffix in (".xlsx", ".xlsm", ".xls"):
        note = f"Filen heter «{path.name}», men er en tekstfil (CSV); den er lest som CSV."
    return _read_csv(path, path.read_bytes(), note)


# --- CSV ------------------------------------------------------------------------------


def _read_csv(path: Path, data: bytes, note: str) -> Table:
    text, encoding = _decode(path, data)
    delimiter = _detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    rownum = 0
    try:
        for raw in reader:
            rownum += 1
            if len(raw) > MAX_COLUMNS and any(raw[MAX_COLUMNS:]):
                raise _too_many_columns(path)
            cells = clean_row(raw)
            if any(cells):
                records.append((rownum, cells))
                if len(records) > MAX_ROWS + HEADER_SCAN_ROWS:
                    raise _too_many_rows(path)
    except csv.Error as exc:
        raise UnreadableFileError(
            path,
            f"Filen {path.name} kan ikke leses som CSV etter rad {rownum} ({exc}).",
            "Ofte er det et anførselstegn som ikke er lukket. Åpne filen i Excel og lagre "
            "den på nytt, eller eksporter svarene på nytt.",
        ) from exc
    source = TableSource(path=path, format="csv", encoding=encoding, delimiter=delimiter, note=note)
    return _build_table(path, records, source, strict_width=True)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """Text and encoding name: BOMs first, then UTF-16 without BOM, UTF-8, Windows-1252."""
    encoding: str
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif _looks_utf16(data, even=False):
        encoding = "utf-16-le"
    elif _looks_utf16(data, even=True):
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
    if not encoding.startswith("utf-16"):
        bad_byte = _CONTROL_BYTES.search(data)
        if bad_byte is not None:
            raise _binary(path, data[: bad_byte.start()].count(b"\n") + 1)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if encoding.startswith("utf-8") and (
            encoding == "utf-8-sig" or _UTF8_MULTIBYTE.search(data) is not None
        ):
            raise UnreadableFileError(
                path,
                f"Filen {path.name} har blandet tegnkoding: den er stort sett UTF-8, men "
                f"linje {line} har tegn i en annen koding.",
                "Filen er trolig satt sammen av flere filer eller redigert i ulike programmer. "
                "Eksporter svarene på nytt fra spørreverktøyet, eller åpne filen i Excel og "
                "lagre som «CSV UTF-8».",
            ) from exc
        if encoding.startswith("utf-16"):
            raise UnreadableFileError(
                path,
                f"Filen {path.name} ser ut som UTF-16-tekst, men linje {line} er ødelagt.",
                "Eksporter svarene på nytt.",
            ) from exc
        try:
            text = data.decode("cp1252")
            encoding = "windows-1252"
        except UnicodeDecodeError as exc2:
            line = data[: exc2.start].count(b"\n") + 1
            raise UnreadableFileError(
                path,
                f"Filen {path.name} har en ukjent tegnkoding (linje {line} kan ikke leses).",
                "Lagre filen som «CSV UTF-8» i Excel, eller som XLSX.",
            ) from exc2
    bad = _CONTROL.search(text)
    if bad is not None:
        raise _binary(path, text.count("\n", 0, bad.start()) + 1)
    return text, encoding


def _binary(path: Path, line: int) -> UnreadableFileError:
    return UnreadableFileError(
        path,
        f"Filen {path.name} er verken en Excel-arbeidsbok eller en tekstfil (CSV): "
        f"linje {line} inneholder binære data.",
        "Velg eksportfilen fra spørreverktøyet (CSV eller XLSX).",
    )


def _looks_utf16(data: bytes, *, even: bool) -> bool:
    """Mostly-ASCII UTF-16 has a NUL in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return False
    half = sample[0::2] if even else sample[1::2]
    return half.count(0) > 0.6 * len(half)


def _detect_delimiter(text: str) -> str:
    """The candidate that splits the first lines into the most, most consistent, fields."""
    sample_lines = text[:65536].splitlines()[:50]
    sample = "\n".join(sample_lines)
    best = ","
    best_score: tuple[int, int, int] = (-1, -1, -1)
    for order, delim in enumerate(("\t", ";", ",")):
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim) if r]
        except csv.Error:
            continue
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        score = (counts.count(mode), mode, -order)
        if score > best_score:
            best, best_score = delim, score
    return best


# --- XLSX -----------------------------------------------------------------------------


def _read_xlsx(path: Path, note: str) -> Table:
    formula_sheets = _check_zip(path)
    import openpyxl  # heavy: only when an XLSX is read (DESIGN.md rule 13)

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise UnreadableFileError(
            path,
            f"Filen {path.name} er en skadet eller ukjent Excel-fil ({type(exc).__name__}).",
            "Åpne den i Excel og lagre som Excel-arbeidsbok (.xlsx), eller eksporter på nytt.",
        ) from exc
    try:
        sheet, records = _first_sheet_with_data(path, wb)
    finally:
        wb.close()
    problems: list[Problem] = []
    if formula_sheets:
        problems += _formulas_without_values(path, sheet, records)
    source = TableSource(path=path, format="xlsx", sheet=sheet, note=note)
    return _build_table(path, records, source, strict_width=False, problems=problems)


def _check_zip(path: Path) -> bool:
    """Refuse zip bombs and non-workbooks before openpyxl parses anything.

    Returns whether any worksheet holds a formula (then a second look finds those
    without a stored value). The sizes in the zip directory bound what can be
    unpacked: Python's zipfile never inflates a member beyond its stated size.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise _zip_bomb(path, f"den har {len(infos)} deler")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED_BYTES:
                raise _zip_bomb(path, f"den pakker seg ut til {total // (1024 * 1024)} MB")
            for info in infos:
                if info.file_size < RATIO_CHECK_FROM_BYTES:
                    continue
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > MAX_COMPRESSION_RATIO:
                    raise _zip_bomb(
                        path,
                        f"delen {info.filename} pakker seg ut til "
                        f"{info.file_size // (1024 * 1024)} MB ({ratio:.0f} ganger)",
                    )
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                what = (
                    "et OpenDocument-regneark (.ods)"
                    if "content.xml" in names
                    else "en zip-fil, men ikke en Excel-arbeidsbok"
                )
                raise UnreadableFileError(
                    path,
                    f"Filen {path.name} er {what}.",
                    "Åpne den i et regneark og lagre som Excel-arbeidsbok (.xlsx) eller CSV.",
                )
            sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            return any(_has_formula(zf, n) for n in sheets)
    except zipfile.BadZipFile as exc:
        raise UnreadableFileError(
            path,
            f"Filen {path.name} ser ut som en Excel-arbeidsbok, men er skadet ({exc}).",
            "Eksporter svarene på nytt, eller åpne filen i Excel og lagre den på nytt.",
        ) from exc


def _has_formula(zf: zipfile.ZipFile, name: str) -> bool:
    tail = b""
    with zf.open(name) as fh:
        while chunk := fh.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-32:]
    return False


def _first_sheet_with_data(path: Path, wb: Any) -> tuple[str, list[tuple[int, list[str]]]]:
    """The first worksheet that holds any cell (exports have one; users may add more)."""
    first_title = ""
    for ws in wb.worksheets:
        if not hasattr(ws, "iter_rows"):
            continue  # chart sheets
        first_title = first_title or ws.title
        records = _sheet_records(path, ws)
        if records:
            return ws.title, records
    raise UnreadableFileError(
        path,
        f"Excel-arbeidsboken {path.name} har ingen utfylte celler"
        + (f" (første ark: «{first_title}»)." if first_title else "."),
        "Sjekk at du valgte riktig fil.",
    )


def _sheet_records(path: Path, ws: Any) -> list[tuple[int, list[str]]]:
    # Some tools write a wrong <dimension>; forget it so no column is cut off.
    ws.reset_dimensions()
    records: list[tuple[int, list[str]]] = []
    for rownum, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if not values:
            continue
        cells = [_xl_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise _too_many_columns(path)
        records.append((rownum, cells))
        if len(records) > MAX_ROWS + HEADER_SCAN_ROWS:
            raise _too_many_rows(path)
    return records


def _xl_text(value: object) -> str:
    """A cell value as the text a CSV export of it would most likely hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_cell(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return clean_cell(str(value))


def _formulas_without_values(
    path: Path, sheet: str, records: list[tuple[int, list[str]]]
) -> list[Problem]:
    """Formula cells whose cached value is missing (the file was never opened in Excel)."""
    import openpyxl

    values = dict(records)
    problems: list[Problem] = []
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb[sheet]
        ws.reset_dimensions()
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                r, c = cell.row, cell.column - 1
                cached = values.get(r, [])
                if c >= len(cached) or not cached[c]:
                    problems.append(
                        Problem(
                            "Cellen inneholder en formel uten lagret verdi "
                            f"({str(cell.value)[:40]}). Åpne filen i Excel, lagre den, "
                            "og prøv igjen.",
                            row=r,
                            column=column_letter(c),
                        )
                    )
    finally:
        wb.close()
    return problems


# --- shared ---------------------------------------------------------------------------


def _build_table(
    path: Path,
    records: list[tuple[int, list[str]]],
    source: TableSource,
    *,
    strict_width: bool,
    problems: Iterable[Problem] = (),
) -> Table:
    if not records:
        raise UnreadableFileError(
            path, f"Filen {path.name} har ingen utfylte rader.", "Sjekk at du valgte riktig fil."
        )
    h = _find_header(records)
    header_rownum, header_cells = records[h]
    width = len(header_cells)
    while width and not header_cells[width - 1]:
        width -= 1
    headers = header_cells[:width]
    all_problems = list(problems)
    for rownum, cells in records[h + 1 :]:
        for c in range(width, len(cells)):
            if cells[c]:
                all_problems.append(
                    Problem(
                        "Raden har en verdi i en kolonne uten overskrift: "
                        f"«{cells[c][:40]}». Er raden forskjøvet?",
                        row=rownum,
                        column=column_letter(c),
                    )
                )
                break
        if strict_width and len(cells) < width:
            all_problems.append(
                Problem(
                    f"Raden har {len(cells)} celler, men overskriftsraden har {width}. "
                    "Kanskje et linjeskift i en kommentar har delt raden i to?",
                    row=rownum,
                )
            )
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    digest = hashlib.sha256()
    digest.update("\x1f".join(headers).encode("utf-8") + b"\x1e")
    blank = [""] * width
    for rownum, cells in records[h + 1 :]:
        if len(cells) < width:
            cells = cells + blank[len(cells) :]
        elif len(cells) > width:
            cells = cells[:width]
        if not any(cells):
            continue  # only cells beyond the headers: reported above
        if not strict_width and "#" in "".join(cells):
            found = _excel_errors(rownum, cells, headers)
            if found:
                all_problems += found
                # Reported once here; the value itself is no answer to read later.
                cells = ["" if c in _EXCEL_ERRORS else c for c in cells]
        rows.append(cells)
        row_numbers.append(rownum)
        digest.update("\x1f".join(cells).encode("utf-8") + b"\x1e")
    if len(rows) > MAX_ROWS:
        raise _too_many_rows(path)
    if len(all_problems) > MAX_PROBLEMS:
        extra = len(all_problems) - MAX_PROBLEMS
        all_problems = all_problems[:MAX_PROBLEMS] + [Problem(f"… og {extra} problemer til.")]
    return Table(
        headers=headers,
        rows=rows,
        row_numbers=row_numbers,
        source=_with_header_row(source, header_rownum),
        content_hash=digest.hexdigest(),
        problems=tuple(all_problems),
    )


def _excel_errors(rownum: int, cells: list[str], headers: list[str]) -> list[Problem]:
    """Cells holding an Excel error value (#DIV/0!, #N/A …) are unreadable answers."""
    return [
        Problem(
            f"Cellen inneholder Excel-feilen {value}.",
            row=rownum,
            column=column_label(c, headers[c]),
        )
        for c, value in enumerate(cells)
        if value.startswith("#") and value in _EXCEL_ERRORS
    ]


def _with_header_row(source: TableSource, header_row: int) -> TableSource:
    return TableSource(
        path=source.path,
        format=source.format,
        encoding=source.encoding,
        delimiter=source.delimiter,
        header_row=header_row,
        sheet=source.sheet,
        note=source.note,
    )


def _find_header(records: list[tuple[int, list[str]]]) -> int:
    """The first row that looks like headers: wide like the data, and mostly not numbers.

    Skips title lines above the table ("Spørreundersøkelse 2024", an export date).
    """
    sample = records[:HEADER_SCAN_ROWS]
    widths = [sum(1 for c in cells if c) for _, cells in sample]
    widest = max(widths)
    needed = max(1 if widest == 1 else 2, (widest + 1) // 2)
    for i, (_, cells) in enumerate(sample):
        filled = [c for c in cells if c]
        if len(filled) < needed:
            continue
        numeric = sum(1 for c in filled if _NUMBER.match(c))
        if numeric * 2 > len(filled):
            continue
        return i
    return 0


def _zip_bomb(path: Path, detail: str) -> FileTooLargeError:
    return FileTooLargeError(
        path,
        f"Filen {path.name} er avvist fordi den er mistenkelig stor når den pakkes ut: {detail}.",
        "En vanlig eksport fra et spørreverktøy ser ikke slik ut. Eksporter svarene på nytt, "
        "eller lagre dem som CSV.",
    )


def _too_many_rows(path: Path) -> FileTooLargeError:
    return FileTooLargeError(
        path,
        f"Filen {path.name} har flere enn {MAX_ROWS:,} rader.".replace(",", " "),
        "Del filen opp, eller sjekk at du valgte riktig fil.",
    )


def _too_many_columns(path: Path) -> FileTooLargeError:
    return FileTooLargeError(
        path,
        f"Filen {path.name} har flere enn {MAX_COLUMNS:,} kolonner.".replace(",", " "),
        "Sjekk at du valgte riktig fil.",
    )
