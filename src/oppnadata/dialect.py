"""The file-level gate: tables in ``datasets/`` are UTF-8 without BOM, comma-separated. Validate never guesses.

Anything else (Windows-1252, UTF-16, a BOM, semicolons, tabs, NUL bytes) is a blocking finding whose hint
points at ``oppnadata import``, which is the command that detects and converts such files.
"""

from __future__ import annotations

import codecs
import csv
import io

from .descriptor import ResourceSpec
from .report import Finding, Severity

SAMPLE_BYTES = 64 * 1024
# No record of a grants table comes near this; a longer line is a broken export or hostile input, and it
# must stay below the streaming engine's block size (1 MiB) so that no row straddles two blocks.
MAX_LINE_BYTES = 512 * 1024
_BOMS = {
    codecs.BOM_UTF8: "UTF-8 med BOM",
    codecs.BOM_UTF16_LE: "UTF-16 LE",
    codecs.BOM_UTF16_BE: "UTF-16 BE",
}


def _finding(resource: ResourceSpec, code: str, **params: str) -> Finding:
    return Finding(
        code=code,
        severity=Severity.ERROR,
        resource=resource.name,
        path=resource.relpath,
        row=1 if code == "delimiter" else None,
        check="dialect",
        params=params,
    )


def _too_long(resource: ResourceSpec, line: int, size: int) -> Finding:
    return _finding(resource, "line-too-long", line=str(line), size=str(size), limit=str(MAX_LINE_BYTES))


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # lazy: only needed for the error message

    best = from_bytes(data[:SAMPLE_BYTES]).best()
    return best.encoding if best is not None else "okänd / unknown"


def check_dialect(resource: ResourceSpec) -> list[Finding]:
    """Findings for a file that is not canonical CSV. Empty list: the table can be read as UTF-8 CSV."""
    path = resource.path
    if not path.is_file():
        return [_finding(resource, "file-missing")]
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if not head.strip():
        return [_finding(resource, "empty-file")]
    for bom, name in _BOMS.items():
        if head.startswith(bom):
            code = "bom" if bom == codecs.BOM_UTF8 else "encoding-error"
            return [_finding(resource, code, detected=name, position="0")]
    if b"\x00" in head:
        return [_finding(resource, "nul-byte", position=str(head.index(b"\x00")))]
    # Decode the whole file incrementally (a cp1252 byte may sit far down the file) and measure its lines.
    # An encoding problem is the more fundamental one: it wins over an overlong line found earlier.
    import numpy as np  # lazy: the line ends of a chunk are found vectorised

    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    position = 0
    line, run = 1, 0  # the physical line, and the bytes since its start
    too_long: Finding | None = None
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                return [
                    _finding(
                        resource,
                        "encoding-error",
                        position=str(position + err.start),
                        detected=_detect(chunk),
                    )
                ]
            if b"\x00" in chunk:
                return [_finding(resource, "nul-byte", position=str(position + chunk.index(b"\x00")))]
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
    if too_long is not None:
        return [too_long]
    header_line = head.decode("utf-8", errors="replace").splitlines()[0]
    header = next(csv.reader(io.StringIO(header_line)), [])
    if len(header) <= 1 and len(resource.fields) > 1:
        for delimiter, name in ((";", "semikolon"), ("\t", "tabb"), ("|", "lodstreck")):
            if delimiter in header_line:
                return [_finding(resource, "delimiter", detected=f"{name} ({delimiter!r})")]
    return []
