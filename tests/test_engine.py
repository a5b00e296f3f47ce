"""The streaming engine's own behaviour: findings before the end of the file, progress on a terminal,
ragged rows at batch boundaries. Its findings are compared with frictionless's in test_conformance.py."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from oppnadata.descriptor import load_package
from oppnadata.report import Finding
from oppnadata.validating.engine import validate_stream
from oppnadata.validating.engine.progress import TerminalProgress
from oppnadata.validating.engine.reader import iter_batches, read_header


def _package(folder: Path, rows: list[str]) -> Path:
    (folder / "data.csv").write_text("\n".join(["id,n", *rows]) + "\n", encoding="utf-8")
    schema = {"fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}]}
    descriptor = {"name": "p", "resources": [{"name": "tabell", "path": "data.csv", "schema": schema}]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder / "datapackage.json"


def test_first_findings_arrive_before_the_file_is_read(tmp_path: Path) -> None:
    rows = [f"{i},{'x' if i == 3 else i}" for i in range(20_000)]
    package = load_package(_package(tmp_path, rows))
    seen: list[tuple[int, Finding]] = []
    done = [0]

    def progress(table: str, rows_done: int, findings: int) -> None:
        done[0] = rows_done

    report = validate_stream(package, on_finding=lambda f: seen.append((done[0], f)), progress=progress,
                             block_size=4096, batch_rows=500)  # fmt: skip
    first_rows_done, first = next((d, f) for d, f in seen if f.code == "type-error")
    assert first.row == 5 and first.field == "n"
    assert first_rows_done < 20_000  # reported while most of the table was still unread
    assert report.rows["tabell"] == 20_000


def test_progress_goes_to_a_terminal_only_after_a_quiet_second() -> None:
    stream = io.StringIO()
    progress = TerminalProgress(stream, interval=0.0, quiet_for=0.0)
    progress("beslut", 50_000, 3)
    progress.close()
    text = stream.getvalue()
    assert "beslut: 50,000 rader" in text and "3 fynd" in text and text.endswith("\r\x1b[K")
    quiet = io.StringIO()
    TerminalProgress(quiet, quiet_for=60.0)("beslut", 1, 0)
    assert quiet.getvalue() == ""


def test_ragged_rows_keep_their_row_numbers_across_blocks(tmp_path: Path) -> None:
    rows = []
    for i in range(3_000):
        rows.append(f"{i},{i}" if i % 7 else (f"{i}" if i % 2 else f'{i},"a\nb",extra'))
    path = tmp_path / "data.csv"
    path.write_text("\n".join(["id,n", *rows]) + "\n", encoding="utf-8")
    seen: list[str] = []
    for batch in iter_batches(path, read_header(path), block_size=4096, batch_rows=100):
        assert batch.first_row == len(seen) + 2
        seen += batch.table.column("id").to_pylist()
        for number, cells in batch.ragged.items():
            assert cells[0] == str(number - 2)
    assert seen == [str(i) for i in range(3_000)]


def test_the_library_changes_no_process_state_and_prints_no_progress(
    repo_copy: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Validation through the library leaves pyarrow's memory pool as it was and writes nothing itself;
    progress reaches only the callback the caller passes in."""
    import pyarrow as pa

    from oppnadata.validating.validation import validate

    before = pa.default_memory_pool().backend_name
    calls: list[tuple[str, int, int]] = []
    report = validate(repo_copy / "datapackage.json", progress=lambda *a: calls.append(a))
    assert pa.default_memory_pool().backend_name == before
    assert report.rows and calls
    assert {table for table, _, _ in calls} <= set(report.rows)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_a_run_patches_no_module(tmp_path: Path) -> None:
    """During and after a run the identifier functions are the module's own: the run memoises through its
    own Detectors (checks.Detectors.memoised), passed to the rules in their context."""
    from oppnadata import identifiers
    from oppnadata.validating import personnames

    functions = {name: getattr(identifiers, name) for name in
                 ("orgnr_problem", "personal_id_kind", "find_personal_ids", "find_emails", "find_phones")}  # fmt: skip
    names = personnames.find_person_names
    seen: list[bool] = []

    def during(*_progress: object) -> None:
        seen.append(all(getattr(identifiers, n) is f for n, f in functions.items())
                    and personnames.find_person_names is names)  # fmt: skip

    from tests import helpers

    package = load_package(helpers.copy_package(tmp_path / "p") / "datapackage.json")
    validate_stream(package, progress=during)
    assert seen and all(seen)
    assert all(getattr(identifiers, n) is f for n, f in functions.items())
