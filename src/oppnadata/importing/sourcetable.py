"""The export as read: a header and rows (:class:`SourceTable`), what was found out about the file
(:class:`Detected`), and how a header is found and compared. :mod:`.reading` reads files into these.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OppnadataError

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
    side: list[str] = field(default_factory=list)  # other sheets read on their own (one row per financier)
    header_row: int | None = None  # the header's row when it was found below the mapping's header_row

    def lines(self, lang: str = "sv") -> list[str]:
        sv = lang != "en"
        out = []
        if self.sheet is not None:
            joined = (
                f" + {', '.join(self.joined)} ({'efter ärende-id' if sv else 'by case id'})"
                if self.joined
                else ""
            )
            side = (
                f"; {', '.join(self.side)} ({'en rad per finansiär' if sv else 'one row per financier'})"
                if self.side
                else ""
            )
            out.append(f"{'Flik' if sv else 'Sheet'}: {self.sheet}{joined}{side}")
        if self.header_row is not None:
            out.append(
                f"{'Rubrikrad' if sv else 'Header row'}: {self.header_row} "
                + ("(hittad under rubrik- eller tomma rader)" if sv else "(found below title or empty rows)")
            )
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
            "side": list(self.side),
            "header_row": self.header_row,
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
    side: dict[str, SourceTable] = field(default_factory=dict)  # sheets read on their own, by mapping name

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


def find_header_row(records: list[list[str]], header_row: int, key_columns: tuple[str, ...]) -> int:
    """The 1-based row of the header: ``header_row``, unless that row lacks every case-id column name and
    a row among the first 30 has one (an export with a title row, a date line or empty rows on top)."""
    if not key_columns:
        return header_row

    def has_key(record: list[str]) -> bool:
        labels = {f(_header_label(v)) for v in record for f in (header_key, loose_header_key) if v}
        return any(header_key(k) in labels or loose_header_key(k) in labels for k in key_columns)

    if header_row <= len(records) and has_key(records[header_row - 1]):
        return header_row
    for number, record in enumerate(records[:30], start=1):
        if number >= header_row and has_key(record):
            return number
    return header_row


def header_key(label: str) -> str:
    """A header as compared: case, accents, spaces and punctuation ignored (``Ärende-ID`` → ``arendeid``)."""
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def _header_label(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _trim_header(header: list[str]) -> list[str]:
    while header and not header[-1]:
        header.pop()
    return header


def _fit(row: list[Cell], width: int) -> list[Cell]:
    return (row + [None] * (width - len(row)))[:width]


_CURRENCY_SUFFIX = re.compile(r"(sek|kr|kronor)$")


def loose_header_key(label: str) -> str:
    """A header with the usual variants folded too: a joining s (``Organisation nummer`` /
    ``Organisationsnummer``) and a currency suffix (``Beviljat belopp SEK`` / ``Beviljat belopp``)."""
    return _CURRENCY_SUFFIX.sub("", header_key(label)).replace("s", "")
