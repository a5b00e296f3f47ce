"""The two CSV flavours of every published table.

- **canonical**: UTF-8 without BOM, comma, dot decimal, ISO dates, LF line ends — for machines.
- **excel-sv**: UTF-8 with BOM, semicolon, decimal comma — opens right in a Swedish spreadsheet.
  Identifiers that are all digits are written ``="20200940"`` so the spreadsheet keeps them as text
  (no lost leading zeros, no 2,02E+07). A **text** cell that a spreadsheet would execute (starting with
  ``=``, ``+``, ``-``, ``@``, tab or CR) gets a leading ``'``; numbers are never touched.

:func:`read_excel_sv` reverses the Excel flavour, so a test can show that it holds the same table.
"""

from __future__ import annotations

import copy
import csv
import io
import re
from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DIGITS = re.compile(r"^[0-9]+$")
_WRAPPED = re.compile(r'^="([0-9]+)"$')

CANONICAL_DIALECT: dict[str, Any] = {"delimiter": ",", "header": True, "lineTerminator": "\n"}
EXCEL_SV_DIALECT: dict[str, Any] = {"delimiter": ";", "header": True, "lineTerminator": "\r\n"}


def _field_types(schema: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f.get("type", "string") for f in schema.get("fields", [])}


def _rows(frame: pd.DataFrame) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in frame.itertuples(index=False)]


def write_canonical(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    writer.writerow(list(frame.columns))
    writer.writerows(_rows(frame))
    return buffer.getvalue().encode("utf-8")


def identifier_columns(frame: pd.DataFrame, schema: dict[str, Any]) -> set[str]:
    """String columns whose every non-empty value is all digits: a spreadsheet would turn them into numbers."""
    types = _field_types(schema)
    out = set()
    for column in frame.columns:
        if types.get(column, "string") != "string":
            continue
        values = frame[column].astype(str)
        values = values[values != ""]
        if len(values) and values.str.fullmatch(_DIGITS).all():
            out.add(column)
    return out


def excel_cell(value: str, ftype: str, identifier: bool) -> str:
    if value == "":
        return value
    if ftype == "number":
        return value.replace(".", ",")
    if ftype != "string":
        return value  # integers, dates, booleans: never touched
    if identifier:
        return f'="{value}"'
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_excel_sv(frame: pd.DataFrame, schema: dict[str, Any]) -> bytes:
    types = _field_types(schema)
    ids = identifier_columns(frame, schema)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(frame.columns))
    columns = list(frame.columns)
    for row in _rows(frame):
        writer.writerow(
            excel_cell(v, types.get(c, "string"), c in ids) for c, v in zip(columns, row, strict=True)
        )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def excel_sv_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of the Excel flavour: decimal comma declared; string constraints relaxed, because a
    cell may carry the protective ``'`` or the ``="…"`` identifier wrapper."""
    out = copy.deepcopy(schema)
    for f in out.get("fields", []):
        if f.get("type") == "number":
            f["decimalChar"] = ","
        if f.get("type", "string") == "string" and "constraints" in f:
            kept = {k: v for k, v in f["constraints"].items() if k in ("required",)}
            if kept:
                f["constraints"] = kept
            else:
                del f["constraints"]
    out.pop("foreignKeys", None)
    out.pop("primaryKey", None)
    note_sv = (
        ' Excel-variant: semikolon, decimalkomma, UTF-8 med BOM; sifferidentiteter skrivs ="…" och text '
        "som börjar med = + - @ får ett inledande '."
    )
    note_en = (
        ' Excel flavour: semicolon, decimal comma, UTF-8 with BOM; digit identifiers are written ="…" and '
        "text starting with = + - @ gets a leading '."
    )
    out["description"] = str(out.get("description", "")) + note_sv
    out["description_en"] = str(out.get("description_en", "")) + note_en
    return out


def read_excel_sv(data: bytes, schema: dict[str, Any]) -> pd.DataFrame:
    """Read the Excel flavour back into canonical strings (the inverse of :func:`write_excel_sv`)."""
    types = _field_types(schema)
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader)
    rows = []
    for row in reader:
        out = []
        for column, value in zip(header, row, strict=True):
            ftype = types.get(column, "string")
            if ftype == "number":
                value = value.replace(",", ".")
            elif ftype == "string":
                wrapped = _WRAPPED.match(value)
                if wrapped:
                    value = wrapped.group(1)
                elif value.startswith("'") and value[1:].startswith(FORMULA_START):
                    value = value[1:]
            out.append(value)
        rows.append(out)
    return pd.DataFrame(rows, columns=header, dtype=object)
