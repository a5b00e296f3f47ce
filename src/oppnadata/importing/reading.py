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
import zipfile
from pathlib import Path
from typing import Any

from ..errors import RefusedError
from ..validating.dialect import MAX_LINE_BYTES, csv_field_limit
from .sourcetable import (
    DELIMITERS,
    SAMPLE_BYTES,
    SPACES,
    Cell,
    Detected,
    SourceError,
    SourceTable,
    _fit,
    _header_label,
    _trim_header,
    find_header_row,
    header_key,
)

__all__ = ["SPACES", "Cell", "Detected", "SourceError", "SourceTable", "header_key", "read_source"]


def read_source(
    path: Path,
    *,
    sheet: str | None = None,
    sheets: tuple[str, ...] = (),
    join: tuple[tuple[str, str], ...] = (),
    side: tuple[tuple[str, ...], ...] = (),
    key_columns: tuple[str, ...] = (),
    header_row: int = 1,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> SourceTable:
    """Read ``path`` (.xlsx or .csv). Overrides win over detection. A workbook's sheet is the first of
    ``sheets`` it has (else its first sheet); the sheets in ``join`` that it has are joined by case id
    (``key_columns``: the main sheet's case-id column names). Each entry of ``side`` names a sheet read
    on its own (the first of its names the workbook has), found in the result's ``side`` by its first name.
    A header is looked for below ``header_row`` (a title row, empty rows) when that row lacks the case id."""
    if not path.is_file():
        raise SourceError.coded("source-not-found", path=path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table, sides = _read_xlsx(
            path,
            sheet=sheet,
            sheets=sheets,
            header_row=header_row,
            join=join,
            side=side,
            key_columns=key_columns,
        )
        table.side = sides
        table.detected.side = [t.detected.sheet or name for name, t in sides.items()]
        return table
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(
            path, header_row=header_row, encoding=encoding, delimiter=delimiter, key_columns=key_columns
        )
    raise SourceError.coded("source-not-a-table", file=path.name)


def _read_xlsx(
    path: Path,
    *,
    sheet: str | None,
    header_row: int,
    sheets: tuple[str, ...] = (),
    join: tuple[tuple[str, str], ...] = (),
    side: tuple[tuple[str, ...], ...] = (),
    key_columns: tuple[str, ...] = (),
) -> tuple[SourceTable, dict[str, SourceTable]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise SourceError.coded("source-workbook-unreadable", file=path.name, error=err) from err
    try:
        wanted = sheets or ((sheet,) if sheet else ())
        names = {name.casefold(): name for name in workbook.sheetnames}
        chosen = next((names[w.casefold()] for w in wanted if w.casefold() in names), None)
        if sheet is not None and not sheets and chosen is None:
            raise SourceError.coded(
                "source-no-sheet", file=path.name, sheet=sheet, sheets=", ".join(workbook.sheetnames)
            )
        main = _read_sheet(
            path, workbook[chosen] if chosen else workbook.worksheets[0], header_row, key_columns
        )
        others = [
            (_read_sheet(path, workbook[names[name.casefold()]], header_row, (key, *key_columns)), key)
            for name, key in join
            if name.casefold() in names and names[name.casefold()] != main.detected.sheet
        ]
        sides: dict[str, SourceTable] = {}
        for wanted_names in side:
            found = next((names[n.casefold()] for n in wanted_names if n.casefold() in names), None)
            if found is not None and found != main.detected.sheet:
                sides[wanted_names[0]] = _read_sheet(path, workbook[found], header_row, key_columns)
    finally:
        workbook.close()
    if others:
        main = _joined(main, others, key_columns=key_columns)
    return main, sides


def _read_sheet(
    path: Path, worksheet: Any, header_row: int, key_columns: tuple[str, ...] = ()
) -> SourceTable:
    records = [[_xlsx_cell(v) for v in values] for values in worksheet.iter_rows(min_row=1, values_only=True)]
    found = find_header_row(
        [["" if c is None else str(c) for c in r] for r in records[:30]], header_row, key_columns
    )
    header: list[str] = []
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for number, cells in enumerate(records, start=1):
        if number < found:
            continue
        if number == found:
            header = [_header_label(v) for v in cells]
            continue
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        rows.append(cells)
        numbers.append(number)
    header = _trim_header(header)
    detected = Detected(sheet=worksheet.title, header_row=found if found != header_row else None)
    return SourceTable(path, header, [_fit(r, len(header)) for r in rows], numbers, detected)


def _key_text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return re.sub(r"\s", "", str(cell)) if cell is not None else ""


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
    except UnicodeDecodeError as err:
        _refuse_mixed_utf8(data, err.start)
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


def _refuse_mixed_utf8(data: bytes, bad: int) -> None:
    """UTF-8 with å, ä, ö before the first byte that is not UTF-8: the file mixes two encodings (rows pasted from
    another file). Read as either one, some rows would come out garbled, so nothing is guessed."""
    head = data[:bad]
    if not any(byte >= 0x80 for byte in head):
        return  # plain ASCII up to the bad byte: a file in one legacy encoding
    line = head.count(b"\n") + 1
    raise SourceError.coded("source-mixed-encodings", line=line, byte=bad)


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


def _read_csv(
    path: Path,
    *,
    header_row: int,
    encoding: str | None,
    delimiter: str | None,
    key_columns: tuple[str, ...] = (),
) -> SourceTable:
    data = path.read_bytes()
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as err:
            raise SourceError.coded("source-unknown-encoding", encoding=encoding) from err
        how = "given"
        name = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    else:
        name, how = detect_encoding(data)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as err:
        other = "cp1252" if "utf" in name.lower() else "utf-8"
        raise SourceError.coded(
            "source-undecodable", file=path.name, encoding=name, byte=err.start, other=other
        ) from err
    if "\x00" in text[:SAMPLE_BYTES]:
        raise SourceError.coded("source-nul", file=path.name, encoding=name)
    text = text.lstrip("\ufeff")
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > MAX_LINE_BYTES:
        raise RefusedError.coded("source-line-too-long", file=path.name, length=longest, limit=MAX_LINE_BYTES)
    if delimiter:
        delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise SourceError.coded("source-bad-delimiter", delimiter=delimiter)
        delimiter_how = "given"
    else:
        delimiter = detect_delimiter(_from_header(text, header_row, key_columns))
        delimiter_how = "guessed"
    with csv_field_limit():  # the csv module's default (128 KiB) would stop a legitimate long description
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    found = find_header_row(records[:30], header_row, key_columns)
    header: list[str] = []
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    # The record number is the row a spreadsheet shows (a quoted cell may span several lines).
    for number, record in enumerate(records, start=1):
        if number < found:
            continue
        if number == found:
            header = _trim_header([_header_label(v) for v in record])
            continue
        if not any(v.strip() for v in record):
            continue
        rows.append(list(record))
        numbers.append(number)
    detected = Detected(
        encoding=name, encoding_how=how, delimiter=delimiter, delimiter_how=delimiter_how,
        header_row=found if found != header_row else None,
    )  # fmt: skip
    return SourceTable(path, header, [_fit(r, len(header)) for r in rows], numbers, detected)


def _from_header(text: str, header_row: int, key_columns: tuple[str, ...]) -> str:
    """The text from its header line on, for guessing the delimiter: a title line above the header
    ("Projektbanken, uttag 2025-03-01") has no delimiters and would mislead the guess."""
    lines = text.splitlines()
    keys = {header_key(k) for k in key_columns}
    for number, line in enumerate(lines[:30]):
        if number + 1 >= header_row and keys and any(k and k in header_key(line) for k in keys):
            return "\n".join(lines[number:])
    return "\n".join(lines[header_row - 1 :])


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
