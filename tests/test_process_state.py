"""The library leaves the process as it found it (issue 12 item 4).

The csv module's field limit is process-wide (no reader takes its own). The library raises it only while
it reads (``dialect.csv_field_limit``) and puts it back; allocator tuning is the command line's choice
(``engine.tune_allocators``, called only by ``oppnadata validate``). frictionless-py raises the limit
for good when its CSV parser is first imported; that is the dependency's own doing, so it is imported up front here.
"""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import frictionless.formats.csv.parser  # noqa: F401 - its import raises the csv limit for good: done first
import pytest

from oppnadata.importing.reading import read_source
from oppnadata.validating.dialect import FIELD_LIMIT, csv_field_limit
from oppnadata.validating.validation import read_table, validate

DEFAULT = 128 * 1024  # the csv module's own default
LONG = "z" * 200_000  # one cell over the default limit, well under a record's MAX_LINE_BYTES


@pytest.fixture
def default_limit() -> Iterator[None]:
    before = csv.field_size_limit(DEFAULT)
    yield
    csv.field_size_limit(before)


def _package(folder: Path, rows: str) -> Path:
    fields = [{"name": "a", "type": "string"}, {"name": "b", "type": "string"}]
    resource = {
        "name": "t",
        "path": "t.csv",
        "profile": "tabular-data-resource",
        "schema": {"fields": fields},
    }
    (folder / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [resource]}), "utf-8")
    (folder / "t.csv").write_text(rows, encoding="utf-8")
    return folder


def test_validate_reads_a_long_cell_of_a_ragged_row_and_restores_the_limit(
    tmp_path: Path, default_limit: None
) -> None:
    # A ragged row is re-read by the csv module; with the default limit its 200 000-character cell crashed
    # `oppnadata validate` ("field larger than field limit (131072)") whenever frictionless was not imported.
    report = validate(_package(tmp_path, f"a,b\nx,y\np,{LONG},extra\n"))
    assert [(f.code, f.row) for f in report.findings] == [("extra-cell", 3)]
    assert csv.field_size_limit() == DEFAULT


def test_read_table_and_import_read_a_long_cell_and_restore_the_limit(
    tmp_path: Path, default_limit: None
) -> None:
    path = _package(tmp_path, f"a,b\nx,{LONG}\n") / "t.csv"
    assert read_table(path)["b"].tolist() == [LONG]
    assert csv.field_size_limit() == DEFAULT
    table = read_source(path)
    assert [row[1] for row in table.rows] == [LONG]
    assert csv.field_size_limit() == DEFAULT


def test_nested_and_concurrent_readers_share_one_raise(default_limit: None) -> None:
    inside: list[int] = []
    entered, leave = threading.Event(), threading.Event()

    def reader() -> None:
        with csv_field_limit():
            inside.append(csv.field_size_limit())
            entered.set()
            leave.wait(5)

    worker = threading.Thread(target=reader)
    with csv_field_limit():
        worker.start()
        assert entered.wait(5)
        with csv_field_limit():
            inside.append(csv.field_size_limit())
    # The main thread has left; the worker still reads, so the limit stays raised until it leaves too.
    assert csv.field_size_limit() == FIELD_LIMIT
    leave.set()
    worker.join(5)
    assert inside == [FIELD_LIMIT, FIELD_LIMIT]
    assert csv.field_size_limit() == DEFAULT


def test_a_higher_limit_the_caller_chose_is_kept() -> None:
    before = csv.field_size_limit(10 * FIELD_LIMIT)
    try:
        with csv_field_limit():
            assert csv.field_size_limit() == 10 * FIELD_LIMIT
        assert csv.field_size_limit() == 10 * FIELD_LIMIT
    finally:
        csv.field_size_limit(before)
