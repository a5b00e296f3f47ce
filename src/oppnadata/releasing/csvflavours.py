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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_WRAPPED = re.compile(r'^="([0-9]+)"$')

CANONICAL_DIALECT: dict[str, Any] = {"delimiter": ",", "header": True, "lineTerminator": "\n"}
EXCEL_SV_DIALECT: dict[str, Any] = {"delimiter": ";", "header": True, "lineTerminator": "\r\n"}


def _field_types(schema: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f.get("type", "string") for f in schema.get("fields", [])}


Table = Union["pd.DataFrame", "pa.Table"]
Chunk = Union[bytes, "pa.Buffer"]  # a piece of a CSV's bytes (an arrow buffer is written without a copy)


def read_canonical(path: Path) -> pa.Table:
    """A canonical CSV as an arrow table of strings, record for record what ``validation.read_table``
    gives (no type guessing, no nulls; ragged rows padded or cut to the header; blank rows kept), parsed
    by pyarrow instead of row by row."""
    import pyarrow as pa

    from ..validating.dialect import unique_labels
    from ..validating.engine.reader import iter_batches, read_header

    labels = unique_labels(read_header(path))
    batches = [batch.table for batch in iter_batches(path, labels)]
    if not batches:
        return pa.table({label: pa.array([], pa.string()) for label in labels})
    return pa.concat_tables(batches)


def _columns(table: Table) -> tuple[list[str], list[pa.ChunkedArray]]:
    """The column names and their cells as arrow strings (None written as an empty cell, like
    :mod:`csv`; any other non-string value as ``str(value)``)."""
    import pyarrow as pa

    if isinstance(table, pa.Table):
        return list(table.column_names), [_as_strings(table.column(i)) for i in range(table.num_columns)]
    names = [str(c) for c in table.columns]
    return names, [_as_strings(table.iloc[:, i].tolist()) for i in range(table.shape[1])]


def _as_strings(values: Any) -> pa.ChunkedArray:
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.ChunkedArray):
        if not pa.types.is_string(values.type):
            values = values.cast(pa.string())
        return pc.fill_null(values, "")
    try:
        array = pa.array(values, type=pa.string(), from_pandas=False)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        array = pa.array(["" if v is None else str(v) for v in values], type=pa.string())
    return pa.chunked_array([pc.fill_null(array, "")], type=pa.string())


SLICE_ROWS = 65_536  # rows encoded at a time: the intermediate columns stay small


def _encode(
    names: list[str],
    cells: list[pa.ChunkedArray],
    delimiter: str,
    terminator: str,
    transform: Callable[[int, pa.ChunkedArray], pa.ChunkedArray] | None = None,
) -> Iterator[Chunk]:
    """The CSV bytes :mod:`csv` writes (``QUOTE_MINIMAL``, doubled quotes), built column-wise, a slice of
    rows at a time, and given out a slice at a time (so a whole table's bytes are never held at once): a
    cell is quoted when it holds the delimiter, a quote or a character of the line terminator (and a record
    that is one empty cell is written ``""``, as :mod:`csv` does). ``transform(i, cells)`` rewrites column
    ``i``'s cells before they are quoted."""
    header = io.StringIO()
    csv.writer(header, delimiter=delimiter, lineterminator=terminator).writerow(names)
    yield header.getvalue().encode("utf-8")
    rows = len(cells[0]) if cells else 0
    for start in range(0, rows, SLICE_ROWS):
        part = [column.slice(start, SLICE_ROWS) for column in cells]
        if transform is not None:
            part = [transform(i, column) for i, column in enumerate(part)]
        yield from _encode_rows(part, delimiter, terminator)


def _encode_rows(cells: list[pa.ChunkedArray], delimiter: str, terminator: str) -> list[Chunk]:
    import pyarrow.compute as pc

    specials = delimiter + '"' + terminator
    special = "[" + re.escape(specials) + "]"
    quoted = []
    for column in cells:
        if len(cells) > 1 and not _holds_any(column, specials.encode("utf-8")):
            quoted.append(column)  # no cell holds a character that needs quotes: none is looked at
            continue
        needs = pc.match_substring_regex(column, special)
        if len(cells) == 1:
            needs = pc.or_(needs, pc.equal(column, ""))
        if pc.any(needs).as_py():
            wrapped = pc.binary_join_element_wise('"', pc.replace_substring(column, '"', '""'), '"', "")
            column = pc.if_else(needs, wrapped, column)
        quoted.append(column)
    # the terminator is added to the last column only, not in a second pass over the whole lines
    quoted[-1] = pc.binary_join_element_wise(quoted[-1], terminator, "")
    lines = pc.binary_join_element_wise(*quoted, delimiter) if len(quoted) > 1 else quoted[0]
    return [_data(chunk) for chunk in lines.chunks]


def _holds_any(column: pa.ChunkedArray, characters: bytes) -> bool:
    """Whether any cell of ``column`` holds one of the ASCII ``characters``: a byte search in the cells'
    data (in UTF-8 an ASCII byte is always that character), much cheaper than a match per cell."""
    for chunk in column.chunks:
        data = _data_bytes(chunk)
        if any(bytes([c]) in data for c in characters):
            return True
    return False


def _data_bytes(chunk: pa.Array) -> bytes:
    """The concatenated values of a string array without nulls, as bytes."""
    return _data(chunk).to_pybytes()


def _data(chunk: pa.Array) -> pa.Buffer:
    """The concatenated values of a string array without nulls: a slice of its data buffer (no copy)."""
    import numpy as np
    import pyarrow as pa

    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)
    start, end = int(offsets[chunk.offset]), int(offsets[chunk.offset + len(chunk)])
    data = chunk.buffers()[2]
    return pa.py_buffer(b"") if data is None or end == start else data.slice(start, end - start)


def write_canonical(frame: Table) -> bytes:
    """The canonical flavour of a table of strings (a pandas frame or an arrow table)."""
    return b"".join(canonical_chunks(frame))


def canonical_chunks(frame: Table) -> Iterator[Chunk]:
    """:func:`write_canonical`'s bytes, a slice of rows at a time."""
    names, cells = _columns(frame)
    return _encode(names, cells, ",", "\n")


def identifier_columns(frame: Table, schema: dict[str, Any]) -> set[str]:
    """String columns whose every non-empty value is all digits: a spreadsheet would turn them into numbers."""
    names, cells = _columns(frame)
    return _identifiers(names, cells, _field_types(schema))


def _identifiers(names: list[str], cells: list[pa.ChunkedArray], types: dict[str, str]) -> set[str]:
    import pyarrow.compute as pc

    out = set()
    for name, column in zip(names, cells, strict=True):
        if types.get(name, "string") != "string":
            continue
        filled = pc.not_equal(column, "")
        digits = pc.ascii_is_decimal(column)  # non-empty and only 0-9: "^[0-9]+$"
        if pc.any(filled).as_py() and pc.all(pc.or_(digits, pc.invert(filled))).as_py():
            out.add(name)
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


def _excel_column(column: pa.ChunkedArray, ftype: str, identifier: bool) -> pa.ChunkedArray:
    """:func:`excel_cell` on a whole column."""
    import pyarrow.compute as pc

    if ftype == "number":
        return pc.replace_substring(column, ".", ",")
    if ftype != "string":
        return column
    empty = pc.equal(column, "")
    if identifier:
        return pc.if_else(empty, "", pc.binary_join_element_wise('="', column, '"', ""))
    if not _holds_any(column, "".join(FORMULA_START).encode("ascii")):
        return column
    formula = pc.match_substring_regex(column, "^[" + re.escape("".join(FORMULA_START)) + "]")
    if not pc.any(formula).as_py():
        return column
    return pc.if_else(formula, pc.binary_join_element_wise("'", column, ""), column)


def write_excel_sv(frame: Table, schema: dict[str, Any]) -> bytes:
    """The Excel-sv flavour of a table of canonical strings (a pandas frame or an arrow table)."""
    return b"".join(excel_sv_chunks(frame, schema))


def excel_sv_chunks(frame: Table, schema: dict[str, Any]) -> Iterator[Chunk]:
    """:func:`write_excel_sv`'s bytes, a slice of rows at a time."""
    types = _field_types(schema)
    names, cells = _columns(frame)
    ids = _identifiers(names, cells, types)
    kinds = [(types.get(name, "string"), name in ids) for name in names]

    def excel(i: int, column: pa.ChunkedArray) -> pa.ChunkedArray:
        return _excel_column(column, *kinds[i])

    yield b"\xef\xbb\xbf"
    yield from _encode(names, cells, ";", "\r\n", excel)


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
    import pandas as pd

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
