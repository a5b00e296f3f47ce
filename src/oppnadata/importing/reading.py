"""Reading an export: .xlsx (openpyxl, read-only) or .csv, with the file's conventions detected and said.

Detection is a guess, so every guess is reported (:class:`Detected`) and every guess has an override
(``--encoding``, ``--delimiter``, ``--decimal``). When a guess is likely wrong (a header full of mojibake, one
column holding semicolons), :func:`override_hint` names the override to use.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dialect import MAX_LINE_BYTES
from ..errors import OppnadataError, RefusedError

SAMPLE_BYTES = 256 * 1024
DELIMITERS = ";,\t|"
DELIMITER_NAMES = {";": "semikolon ';'", ",": "komma ','", "\t": "tabb", "|": "lodstreck '|'"}
# Thousands separators seen in Swedish exports: space, no-break space, narrow no-break space, dot.
SPACES = {" ": "mellanslag", "\u00a0": "hårt mellanslag (U+00A0)", "\u202f": "smalt hårt mellanslag (U+202F)"}
SPACES_EN = {" ": "space", "\u00a0": "no-break space (U+00A0)", "\u202f": "narrow no-break space (U+202F)"}
DELIMITER_NAMES_EN = {";": "semicolon ';'", ",": "comma ','", "\t": "tab", "|": "vertical bar '|'"}


# How a convention was found: (Swedish, English). The codes are what import-log.json records.
_HOW = {
    "given": ("angiven av dig", "given by you"),
    "guessed": ("gissad; ändra med --delimiter", "guessed; change it with --delimiter"),
    "bom": ("känd av BOM", "known from the BOM"),
    "valid-utf-8": ("filen är giltig UTF-8", "the file is valid UTF-8"),
    "charset-normalizer": (
        "gissad med charset-normalizer; ändra med --encoding",
        "guessed by charset-normalizer; change it with --encoding",
    ),
}


def _number_how(how: str, sv: bool) -> str:
    kind, _, count = how.partition(":")
    texts = {
        "given": ("angivet av dig", "given by you"),
        "comma": (f"gissat: {count} tal med decimalkomma; ändra med --decimal",
                  f"guessed: {count} numbers with a decimal comma; change it with --decimal"),
        "dot": (f"gissat: {count} tal med decimalpunkt; ändra med --decimal",
                f"guessed: {count} numbers with a decimal point; change it with --decimal"),
        "default": ("inga decimaler sågs; svensk standard", "no decimals seen; the Swedish default"),
    }  # fmt: skip
    return texts.get(kind, (how, how))[0 if sv else 1]


class SourceError(OppnadataError):
    """The export could not be read (missing, not .xlsx/.csv, undecodable with the chosen encoding)."""


Cell = str | int | float | dt.date | dt.datetime | None


@dataclass
class Detected:
    """What the reader found out about the file, and whether the user said it or the tool guessed it."""

    encoding: str | None = None
    encoding_how: str = ""
    delimiter: str | None = None
    delimiter_how: str = ""
    decimal: str = ","
    thousands: list[str] = field(default_factory=list)
    number_how: str = ""
    sheet: str | None = None
    missing_values: dict[str, int] = field(default_factory=dict)
    joined: list[str] = field(default_factory=list)  # other sheets joined by case id

    def lines(self, lang: str = "sv") -> list[str]:
        sv = lang != "en"
        out = []
        if self.sheet is not None:
            joined = (
                f" + {', '.join(self.joined)} ({'efter ärende-id' if sv else 'by case id'})"
                if self.joined
                else ""
            )
            out.append(f"{'Flik' if sv else 'Sheet'}: {self.sheet}{joined}")
        if self.encoding:
            how = _HOW[self.encoding_how][0 if sv else 1]
            out.append(f"{'Teckenkodning' if sv else 'Encoding'}: {self.encoding} ({how})")
        if self.delimiter:
            name = (DELIMITER_NAMES if sv else DELIMITER_NAMES_EN).get(self.delimiter, repr(self.delimiter))
            how = _HOW[self.delimiter_how][0 if sv else 1]
            out.append(f"{'Avgränsare' if sv else 'Delimiter'}: {name} ({how})")
        names = SPACES if sv else SPACES_EN
        thousands = ", ".join(names.get(t, repr(t)) for t in self.thousands)
        out.append(
            f"{'Decimaltecken' if sv else 'Decimal mark'}: {self.decimal!r}; "
            f"{'tusentalsavgränsare' if sv else 'thousands separators'}: "
            f"{thousands or ('inga' if sv else 'none')} ({_number_how(self.number_how, sv)})"
        )
        if self.missing_values:
            counts = ", ".join(f"{k!r} × {v}" for k, v in sorted(self.missing_values.items()))
            out.append(f"{'Saknade värden (→ tomt)' if sv else 'Missing values (→ empty)'}: {counts}")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "joined": list(self.joined),
            "encoding": self.encoding,
            "encoding_how": self.encoding_how,
            "delimiter": self.delimiter,
            "delimiter_how": self.delimiter_how,
            "decimal": self.decimal,
            "thousands": list(self.thousands),
            "number_how": self.number_how,
            "missing_values": dict(self.missing_values),
        }


@dataclass
class SourceTable:
    """The export as a header and rows; ``row_numbers`` are the rows as a spreadsheet shows them.

    A workbook's other sheets joined by case id add columns: ``column_sheets`` names the sheet of each
    column (None: the main sheet), ``column_positions`` its place there, and ``joined_rows`` the row
    each joined sheet gave each row — so a finding names the sheet, row and column the value came from.
    """

    path: Path
    header: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]
    detected: Detected
    column_sheets: list[str | None] = field(default_factory=list)
    column_positions: list[int] = field(default_factory=list)
    joined_rows: list[dict[str, int]] = field(default_factory=list)
    row_sheets: list[str | None] = field(default_factory=list)  # the sheet of row_numbers[i] (None: main)

    @property
    def label(self) -> str:
        """How findings name the source: the file name, and the sheet for a workbook."""
        if self.detected.sheet is not None:
            return self.sheet_label(self.detected.sheet)
        return self.path.name

    def sheet_label(self, sheet: str | None) -> str:
        return f"{self.path.name} [{sheet}]" if sheet is not None else self.label

    def origin(self, position: int, row: int) -> tuple[str, int | None, int]:
        """Where the cell at 1-based ``position`` of row index ``row`` came from: sheet label, row, column."""
        sheet = self.column_sheets[position - 1] if self.column_sheets else None
        column = self.column_positions[position - 1] if self.column_positions else position
        if sheet is None:
            own = self.row_sheets[row] if self.row_sheets else None
            return self.sheet_label(own), self.row_numbers[row], column
        number = self.joined_rows[row].get(sheet) if self.joined_rows else None
        return self.sheet_label(sheet), number, column


def read_source(
    path: Path,
    *,
    sheet: str | None = None,
    sheets: tuple[str, ...] = (),
    join: tuple[tuple[str, str], ...] = (),
    key_columns: tuple[str, ...] = (),
    header_row: int = 1,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> SourceTable:
    """Read ``path`` (.xlsx or .csv). Overrides win over detection. A workbook's sheet is the first of
    ``sheets`` it has (else its first sheet); the sheets in ``join`` that it has are joined by case id
    (``key_columns``: the main sheet's case-id column names)."""
    if not path.is_file():
        raise SourceError(f"The export {path} does not exist", hint="Check the path of SOURCE.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path, sheet=sheet, sheets=sheets, header_row=header_row, join=join)
        if isinstance(table, tuple):
            return _joined(*table, key_columns=key_columns)
        return table
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, header_row=header_row, encoding=encoding, delimiter=delimiter)
    raise SourceError(
        f"The export {path.name} is neither .xlsx nor .csv",
        hint="Save the export from Excel as .xlsx or as CSV (.csv); old .xls files must be saved again as .xlsx.",
    )


def _read_xlsx(
    path: Path,
    *,
    sheet: str | None,
    header_row: int,
    sheets: tuple[str, ...] = (),
    join: tuple[tuple[str, str], ...] = (),
) -> SourceTable | tuple[SourceTable, list[tuple[SourceTable, str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise SourceError(
            f"The workbook {path.name} cannot be opened: {err}",
            hint="Open it in Excel and save it again as .xlsx, or export it as CSV.",
        ) from err
    try:
        wanted = sheets or ((sheet,) if sheet else ())
        names = {name.casefold(): name for name in workbook.sheetnames}
        chosen = next((names[w.casefold()] for w in wanted if w.casefold() in names), None)
        if sheet is not None and not sheets and chosen is None:
            raise SourceError(
                f"The workbook {path.name} has no sheet {sheet!r} (it has {', '.join(workbook.sheetnames)})",
                hint="Set `source: sheet:` in the mapping file to one of these sheets.",
            )
        main = _read_sheet(path, workbook[chosen] if chosen else workbook.worksheets[0], header_row)
        others = [
            (_read_sheet(path, workbook[names[name.casefold()]], header_row), key)
            for name, key in join
            if name.casefold() in names and names[name.casefold()] != main.detected.sheet
        ]
    finally:
        workbook.close()
    return (main, others) if others else main


def _read_sheet(path: Path, worksheet: Any, header_row: int) -> SourceTable:
    header: list[str] = []
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
        if number < header_row:
            continue
        if number == header_row:
            header = [_header_label(v) for v in values]
            continue
        cells: list[Cell] = [_xlsx_cell(v) for v in values]
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        rows.append(cells)
        numbers.append(number)
    header = _trim_header(header)
    detected = Detected(sheet=worksheet.title)
    return SourceTable(path, header, [_fit(r, len(header)) for r in rows], numbers, detected)


def _key_text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return re.sub(r"\s", "", str(cell)) if cell is not None else ""


def header_key(label: str) -> str:
    """A header as compared: case, accents, spaces and punctuation ignored (``Ärende-ID`` → ``arendeid``)."""
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def _key_index(header: list[str], names: tuple[str, ...]) -> int | None:
    keys = {header_key(n) for n in names}
    return next((i for i, h in enumerate(header) if header_key(h) in keys), None)


def _joined(
    main: SourceTable, others: list[tuple[SourceTable, str]], *, key_columns: tuple[str, ...]
) -> SourceTable:
    """The main sheet with the columns of the other sheets, matched by case id (a full join: a case that
    only a joined sheet has gets a row of its own). A joined sheet's first row of a case counts."""
    main_key = _key_index(main.header, key_columns)
    header = list(main.header)
    column_sheets: list[str | None] = [None] * len(header)
    positions = list(range(1, len(header) + 1))
    rows = [list(r) for r in main.rows]
    joined: list[dict[str, int]] = [{} for _ in rows]
    row_numbers = list(main.row_numbers)
    row_sheets: list[str | None] = [None] * len(rows)
    by_key: dict[str, list[int]] = {}
    if main_key is not None:
        for i, r in enumerate(rows):
            by_key.setdefault(_key_text(r[main_key]), []).append(i)
    sheet_names: list[str] = []
    for other, key in others:
        other_key = _key_index(other.header, (key, *key_columns))
        if main_key is None or other_key is None:
            continue
        sheet = str(other.detected.sheet)
        sheet_names.append(sheet)
        taken = {h for h in header if h}
        added = [(j, h) for j, h in enumerate(other.header) if h and j != other_key and h not in taken]
        header += [h for _, h in added]
        column_sheets += [sheet] * len(added)
        positions += [j + 1 for j, _ in added]
        for r in rows:
            r += [None] * len(added)
        seen: set[str] = set()
        for cells, number in zip(other.rows, other.row_numbers, strict=True):
            case = _key_text(cells[other_key])
            if not case or case in seen:
                continue
            seen.add(case)
            targets = by_key.get(case)
            if targets is None:  # a case only this sheet has: a row of its own
                new: list[Cell] = [None for _ in header]
                new[main_key] = cells[other_key]
                rows.append(new)
                joined.append({})
                row_numbers.append(number)
                row_sheets.append(sheet)
                targets = by_key[case] = [len(rows) - 1]
            for i in targets:
                for offset, (j, _) in enumerate(added):
                    rows[i][len(header) - len(added) + offset] = cells[j]
                joined[i][sheet] = number
    main.detected.joined = sheet_names
    return SourceTable(
        main.path, header, rows, row_numbers, main.detected, column_sheets, positions, joined, row_sheets
    )


def _xlsx_cell(value: Any) -> Cell:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | dt.date | dt.datetime | str) or value is None:
        return value
    return str(value)


def _header_label(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _trim_header(header: list[str]) -> list[str]:
    while header and not header[-1]:
        header.pop()
    return header


def _fit(row: list[Cell], width: int) -> list[Cell]:
    return (row + [None] * (width - len(row)))[:width]


def detect_encoding(data: bytes) -> tuple[str, str]:
    """The encoding of ``data`` and how it was found: a BOM, strict UTF-8, or charset-normalizer's guess."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "bom"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name, "bom"
    try:
        data.decode("utf-8")
        return "utf-8", "valid-utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SAMPLE_BYTES]).best()
    guess = best.encoding if best is not None else "cp1252"
    # Swedish exports that are not UTF-8 are Windows-1252 in practice; charset-normalizer may name a
    # sibling of the Latin-1 family, which decodes å, ä, ö the same way.
    if guess.replace("_", "-").lower() in {
        "latin-1",
        "iso8859-1",
        "iso8859-15",
        "cp1252",
        "windows-1252",
    } or (guess.startswith(("cp12", "iso8859", "mac"))):
        guess = "cp1252"
    return guess, "charset-normalizer"


def detect_delimiter(text: str) -> str:
    """The delimiter of the header line and the next few: csv.Sniffer, falling back to counting."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(path: Path, *, header_row: int, encoding: str | None, delimiter: str | None) -> SourceTable:
    data = path.read_bytes()
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as err:
            raise SourceError(
                f"Unknown encoding {encoding!r}", hint="Use e.g. --encoding utf-8 or --encoding cp1252."
            ) from err
        how = "given"
        name = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    else:
        name, how = detect_encoding(data)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as err:
        other = "cp1252" if "utf" in name.lower() else "utf-8"
        raise SourceError(
            f"{path.name} cannot be read as {name}: byte {err.start} is not valid in that encoding",
            hint=f"Use --encoding {other} (Swedish exports are usually utf-8 or cp1252).",
        ) from err
    if "\x00" in text[:SAMPLE_BYTES]:
        raise SourceError(
            f"{path.name} contains NUL characters: it is not a {name} text file",
            hint="Use --encoding utf-16 if Excel saved it as 'Unicode text', or export it again as CSV.",
        )
    text = text.lstrip("\ufeff")
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > MAX_LINE_BYTES:
        raise RefusedError(
            f"{path.name} has a line of {longest} characters, more than the {MAX_LINE_BYTES} a record may be; "
            "nothing was imported",
            hint="Check the export: a quote that never closes, or a cell with the wrong content.",
        )
    # The csv module's default field limit (128 KiB) would stop a legitimate long description.
    csv.field_size_limit(max(csv.field_size_limit(), 4 * MAX_LINE_BYTES))
    if delimiter:
        delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise SourceError(
                f"The delimiter must be one character, got {delimiter!r}", hint="E.g. --delimiter ';'."
            )
        delimiter_how = "given"
    else:
        delimiter = detect_delimiter(text)
        delimiter_how = "guessed"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for number, record in enumerate(reader, start=1):
        # The record number is the row a spreadsheet shows (a quoted cell may span several lines).
        if not header:
            if number >= header_row:
                header = _trim_header([_header_label(v) for v in record])
            continue
        if not any(v.strip() for v in record):
            continue
        rows.append(list(record))
        numbers.append(number)
    detected = Detected(encoding=name, encoding_how=how, delimiter=delimiter, delimiter_how=delimiter_how)
    return SourceTable(path, header, [_fit(r, len(header)) for r in rows], numbers, detected)


def override_hint(table: SourceTable) -> str:
    """When the header looks mis-read, the override that fixes it; else empty."""
    joined = " ".join(table.header)
    d = table.detected
    if d.delimiter is not None and len(table.header) <= 2:
        for other in DELIMITERS:
            if other != d.delimiter and other in joined:
                shown = "tab" if other == "\t" else other
                return f"--delimiter '{shown}'"
    if d.encoding is not None:
        if re.search("Ã[„…–¤¥¶]|Ã.|â€", joined):
            return "--encoding utf-8"
        if "\ufffd" in joined or re.search("[\u0080-\u009f]", joined):
            return "--encoding cp1252"
    return ""
