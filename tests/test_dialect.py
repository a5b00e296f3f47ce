"""dialect.py: the file-level gate. Most of its cases run through the CLI in test_validation.py and
test_hostile.py; here, the line-length check exactly at the edges of the 1 MiB chunks it reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from oppnadata.descriptor import ResourceSpec
from oppnadata.validating.dialect import MAX_LINE_BYTES, check_dialect

CHUNK = 1024 * 1024


def _resource(path: Path) -> ResourceSpec:
    schema = {"fields": [{"name": "a"}, {"name": "b"}]}
    return ResourceSpec(name="t", relpath=path.name, path=path, schema=schema, schema_ref=None, descriptor={})


def _first_long_line(data: bytes) -> tuple[int, int] | None:
    """The reference: (line number, length) of the first line longer than the limit."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        if len(line) > MAX_LINE_BYTES:
            return number, len(line)
    return None


@pytest.mark.parametrize(
    "lengths",
    [
        [MAX_LINE_BYTES, MAX_LINE_BYTES, 10],  # at the limit: fine
        [
            CHUNK - MAX_LINE_BYTES - 3,
            MAX_LINE_BYTES + 1,
        ],  # the long line starts in one chunk, ends in the next
        [CHUNK - 1, 5],  # a line that ends exactly at the chunk's last byte
        [100, 200, MAX_LINE_BYTES + 1, 3],
        [CHUNK + 7, 1],  # longer than a whole chunk
        [5] * 1000 + [MAX_LINE_BYTES + 2],
    ],
)
def test_the_first_overlong_line_is_found_where_it_is(tmp_path: Path, lengths: list[int]) -> None:
    header = b"a,b"
    body = b"\n".join(b"x" * n for n in lengths)
    data = header + b"\n" + body + b"\n"
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    findings = check_dialect(_resource(path))
    expected = _first_long_line(data)
    if expected is None:
        assert findings == []
    else:
        line, size = expected
        # A line still running at a chunk's end is reported there, with the bytes read so far.
        assert [f.code for f in findings] == ["line-too-long"]
        assert int(findings[0].params["line"]) == line
        assert MAX_LINE_BYTES < int(findings[0].params["size"]) <= size
