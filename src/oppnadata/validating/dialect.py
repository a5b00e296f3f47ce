"""The file-level gate: tables in ``datasets/`` are UTF-8 without BOM, comma-separated. Validate never guesses.

Anything else (Windows-1252, UTF-16, a BOM, semicolons, tabs, decimal commas, a spreadsheet's ``'``- or
``="…"``-cells, NUL bytes) is a blocking finding whose hint names the exact command that brings the file
back (``oppnadata import datasets/beslut.csv``: the package's own tables need no mapping). Every problem
of a file is listed at once: a BOM does not hide the semicolons behind it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..descriptor import ResourceSpec
from ..report import Finding, Severity

SAMPLE_BYTES = 64 * 1024
# No record of a grants table comes near this; a longer line is a broken export or hostile input, and it
# must stay below the streaming engine's block size (1 MiB) so that no row straddles two blocks.
MAX_LINE_BYTES = 512 * 1024
# A field may hold a whole record (a quoted cell can also span lines); the csv module's default is 128 KiB.
FIELD_LIMIT = 4 * MAX_LINE_BYTES
_limit_lock = threading.Lock()
_limit_users = 0
_limit_before = 0


@contextmanager
def csv_field_limit() -> Iterator[None]:
    """The csv module's field limit raised to :data:`FIELD_LIMIT` inside the block, and put back after it.

    The limit is process-wide in the csv module (no reader takes its own), so the library raises it only
    while it reads and leaves the process as it found it. Nested and concurrent readers share one raise:
    the last to leave restores the value the first one found. A limit already higher is kept.
    """
    global _limit_users, _limit_before
    with _limit_lock:
        if _limit_users == 0:
            _limit_before = csv.field_size_limit()
            csv.field_size_limit(max(_limit_before, FIELD_LIMIT))
        _limit_users += 1
    try:
        yield
    finally:
        with _limit_lock:
            _limit_users -= 1
            if _limit_users == 0:
                csv.field_size_limit(_limit_before)


_BOMS = {
    codecs.BOM_UTF8: "UTF-8 med BOM",
    codecs.BOM_UTF16_LE: "UTF-16 LE",
    codecs.BOM_UTF16_BE: "UTF-16 BE",
}


def unique_labels(header: list[str]) -> list[str]:
    """Duplicated header labels (reported by the schema check) get a suffix so columns stay distinct."""
    seen: dict[str, int] = {}
    out = []
    for label in header:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
    return out


def import_command(resource: ResourceSpec) -> str:
    """The command that brings the file back as canonical CSV, run from the package's folder."""
    folder = resource.relpath.rpartition("/")[0]
    into = "" if folder in ("", "datasets") else f" --into {folder}"
    return f"oppnadata import {resource.relpath}{into}"


def _finding(resource: ResourceSpec, code: str, **params: str) -> Finding:
    return Finding(
        code=code,
        severity=Severity.ERROR,
        resource=resource.name,
        path=resource.relpath,
        row=1 if code == "delimiter" else (int(params["row"]) if "row" in params else None),
        field=params.get("field"),
        column=int(params["position"]) if "position" in params and "field" in params else None,
        value=params.get("value"),
        check="dialect",
        params={"command": import_command(resource), **params},
    )


def _too_long(resource: ResourceSpec, line: int, size: int) -> Finding:
    return _finding(resource, "line-too-long", line=str(line), size=str(size), limit=str(MAX_LINE_BYTES))


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # lazy: only needed for the error message

    best = from_bytes(data[:SAMPLE_BYTES]).best()
    return best.encoding if best is not None else "okänd / unknown"


def check_dialect(resource: ResourceSpec, delimiter: str = ",", quotechar: str | None = '"') -> list[Finding]:
    """Findings for a file that is not canonical CSV — all of them. Empty list: the table can be read as
    UTF-8 CSV. ``delimiter``/``quotechar`` are the ones the resource declares (its ``dialect``): a
    declared delimiter is taken as declared, not sniffed."""
    path = resource.path
    if not path.is_file():
        return [_finding(resource, "file-missing")]
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if not head.strip():
        return [_finding(resource, "empty-file")]
    found: list[Finding] = []
    skip = 0
    for bom, name in _BOMS.items():
        if head.startswith(bom):
            if bom != codecs.BOM_UTF8:
                return [_finding(resource, "encoding-error", detected=name, position="0")]
            found.append(_finding(resource, "bom", detected=name, position="0"))
            skip = len(bom)
    if b"\x00" in head:
        return [*found, _finding(resource, "nul-byte", position=str(head.index(b"\x00")))]
    problem = _scan(resource, skip)
    if problem is not None:
        found.append(problem)
        if problem.code == "nul-byte":
            return found
    text = head[skip:].decode("utf-8", errors="replace")
    found += _layout(resource, text, delimiter, quotechar)
    return found


def _scan(resource: ResourceSpec, skip: int) -> Finding | None:
    """Decode the whole file incrementally (a cp1252 byte may sit far down the file) and measure its
    lines. An encoding problem is the more fundamental one: it wins over an overlong line found earlier."""
    import numpy as np  # lazy: the line ends of a chunk are found vectorised

    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    position = 0
    line, run = 1, 0  # the physical line, and the bytes since its start
    too_long: Finding | None = None
    with resource.path.open("rb") as handle:
        handle.seek(skip)
        position = skip
        while chunk := handle.read(1024 * 1024):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                return _finding(
                    resource, "encoding-error", position=str(position + err.start), detected=_detect(chunk)
                )
            if b"\x00" in chunk:
                return _finding(resource, "nul-byte", position=str(position + chunk.index(b"\x00")))
            ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            if too_long is None:
                # The length of every line ending in this chunk, the first one continuing the last chunk's.
                starts = np.concatenate(([0], ends[:-1] + 1)) if len(ends) else ends
                lengths = ends - starts
                if len(lengths):
                    lengths[0] += run
                over = np.flatnonzero(lengths > MAX_LINE_BYTES)
                if len(over):
                    first = int(over[0])
                    too_long = _too_long(resource, line + first, int(lengths[first]))
            run = len(chunk) - int(ends[-1]) - 1 if len(ends) else run + len(chunk)
            line += len(ends)
            position += len(chunk)
            if run > MAX_LINE_BYTES and too_long is None:
                too_long = _too_long(resource, line, run)
    return too_long


_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
_EXCEL_CELL = re.compile(r'^(="[^"]*"|\'[=+\-@].*)$')


def _layout(
    resource: ResourceSpec, text: str, declared: str = ",", quotechar: str | None = '"'
) -> list[Finding]:
    """The delimiter of the header, and — in the first rows — decimal commas in number fields and a
    spreadsheet's ``="…"`` / ``'``-prefixed cells."""
    lines = text.splitlines()
    if not lines:
        return []
    header_line = lines[0]
    options: dict[str, object] = {"quotechar": quotechar} if quotechar else {"quoting": csv.QUOTE_NONE}
    header = next(csv.reader(io.StringIO(header_line), delimiter=declared, **options), [])  # type: ignore[arg-type]
    delimiter = declared
    found: list[Finding] = []
    if declared == "," and len(header) <= 1 and len(resource.fields) > 1:
        for candidate, name in ((";", "semikolon"), ("\t", "tabb"), ("|", "lodstreck")):
            if candidate in header_line:
                found.append(_finding(resource, "delimiter", detected=f"{name} ({candidate!r})"))
                delimiter = candidate
                break
    sample = "\n".join(lines[: min(len(lines) - 1, 200)])  # the last line of the sample may be cut
    rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter, **options))  # type: ignore[arg-type]
    if not rows:
        return found
    names = rows[0]
    types = {f["name"]: f.get("type", "string") for f in resource.fields}
    # The first cell of each kind is reported: a decimal comma in a number column, an Excel-mangled value in a
    # text column (both mean the file was saved by a spreadsheet).
    cell_checks = {"decimal-comma": ("number", _DECIMAL_COMMA), "excel-cell": ("string", _EXCEL_CELL)}
    for number, row in enumerate(rows[1:], start=2):
        for position, (name, cell) in enumerate(zip(names, row, strict=False), start=1):
            for code, (kind, pattern) in list(cell_checks.items()):
                if types.get(name, "string") == kind and pattern.match(cell):
                    del cell_checks[code]
                    found.append(
                        _finding(
                            resource, code, row=str(number), field=name, value=cell, position=str(position)
                        )
                    )
    return found
