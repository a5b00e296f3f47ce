"""The release's bytes are pinned: a faster build (or any refactoring) must write exactly the same zip.

``tests/fixtures/package/`` (``tests.helpers.PACKAGE``) is the frozen copy of the example package (all fourteen tables, 1 148
decisions), so a regenerated ``datasets/`` never moves these hashes. Two releases are built from it: the
first (no earlier release) and a second one, 1.1.0, with a withdrawal and a correction, built against the
first (so the keyed diff and the changelog are in its bytes too).

When a change is MEANT to change the release's bytes (a new file, another descriptor key, other DCAT),
update the pins: run ``.venv/bin/python -m pytest tests/test_build_bytes.py -q`` and copy the two
``sha256`` values the failures print into ``FIRST_RELEASE`` and ``SECOND_RELEASE``, and say why in the
commit message. A pin that moves without such a change is a bug in the change.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from oppnadata.cli import main
from tests.helpers import copy_package

NAME = "hit-gar-pengarna"

# sha256 of hit-gar-pengarna-1.0.0.zip and -1.1.0.zip built from the fixture. History: recorded with the
# row-by-row build (8c8f6506…, equal to releases/1.0.0, and 32f0e905…); moved by the DCAT rewrite
# (d0611fe: other DCAT files in the release); the columnar build (csvflavours, aggregates) kept them; moved
# when the fixture's publication.yaml took the repository's (the DCAT-AP-SE recommended properties of d0611fe:
# publisher description, telephone, address, bbox, conforms_to), input not code (6c76cb32…, 7ec58543… before).
# Moved by issue 13 (trust): Data Package v2 `$schema`, encoding "utf-8" for both flavours, `.zenodo.json`,
# the citation naming the version's landing page (versioner/<v>/) and the version in the CFF title.
FIRST_RELEASE = "e9d4058818a3c96ce3fef5083148b4241990a093008f8a232573e42aa4af60e4"
SECOND_RELEASE = "42767acfd8e71f7f241b8f65c58b6d6d13d3e3665bdcfbe073b2352aa5f7bb73"


def _copy(target: Path) -> Path:
    return copy_package(target)


def _build(root: Path, out: str, releases: str) -> Path:
    """Build ``root/package`` from inside ``root``, with relative paths."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        args = ["build", "package/datapackage.json", "--out", out, "--releases", releases]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (zip_path,) = (root / out).glob("*.zip")
    return zip_path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _edit_rows(path: Path, change: dict[str, dict[str, str]]) -> None:
    """Set ``change[arende_id][column] = value`` in a canonical CSV, keeping every other byte's meaning."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    key = header.index("arende_id")
    done = set()
    for row in rows[1:]:
        for column, value in change.get(row[key], {}).items():
            row[header.index(column)] = value
            done.add(row[key])
    assert done == set(change), "the fixture lacks a case the edit names"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _second_version(package: Path) -> None:
    """1.1.0: one finished decision withdrawn, another's project name corrected."""
    with (package / "datasets" / "beslut.csv").open(encoding="utf-8", newline="") as handle:
        finished = [
            r for r in csv.DictReader(handle) if r["status"] == "avslutad" and r["stodform"] == "PROJ"
        ]
    withdrawn, corrected = finished[0], finished[1]
    _edit_rows(
        package / "datasets" / "beslut.csv",
        {
            withdrawn["arende_id"]: {"status": "aterkallad", "aterkallelsedatum": "2025-06-30"},
            corrected["arende_id"]: {"projektnamn": corrected["projektnamn"] + " (rättat namn)"},
        },
    )
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor.update(version="1.1.0", created="2026-12-01T00:00:00Z")
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("first")
    _copy(root / "package")
    return _build(root, "dist", "releases")


def test_the_first_release_has_the_pinned_bytes(first: Path) -> None:
    assert first.name == f"{NAME}-1.0.0.zip"
    assert _sha256(first) == FIRST_RELEASE, f"sha256 now {_sha256(first)} (see the module docstring)"


def test_a_second_build_is_byte_identical(first: Path, tmp_path: Path) -> None:
    _copy(tmp_path / "package")
    again = _build(tmp_path, "dist", "releases")
    assert again.read_bytes() == first.read_bytes()


def test_a_release_with_a_previous_one_has_the_pinned_bytes(first: Path, tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    releases.mkdir()
    shutil.copy2(first, releases / first.name)
    digest = _sha256(first)
    (releases / f"{first.name}.sha256").write_text(f"{digest}  {first.name}\n", encoding="utf-8")
    _second_version(_copy(tmp_path / "package"))
    second = _build(tmp_path, "dist", "releases")
    assert second.name == f"{NAME}-1.1.0.zip"
    assert _sha256(second) == SECOND_RELEASE, f"sha256 now {_sha256(second)} (see the module docstring)"


def test_where_a_release_is_built_is_not_in_its_bytes(first: Path, tmp_path: Path) -> None:
    """diff.json names the sides by file name only: absolute paths give the pinned bytes too, and no folder
    of the machine that built the release is published."""
    releases = tmp_path / "releases"
    releases.mkdir()
    shutil.copy2(first, releases / first.name)
    (releases / f"{first.name}.sha256").write_text(f"{_sha256(first)}  {first.name}\n", encoding="utf-8")
    _second_version(_copy(tmp_path / "package"))
    out = tmp_path / "elsewhere" / "dist"
    args = [
        "build",
        str(tmp_path / "package" / "datapackage.json"),
        "--out",
        str(out),
        "--releases",
        str(releases),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (second,) = out.glob("*.zip")
    assert _sha256(second) == SECOND_RELEASE
    with zipfile.ZipFile(second) as archive:
        (diff_name,) = [n for n in archive.namelist() if n.endswith("/diff.json")]
        diff = json.loads(archive.read(diff_name))
    assert (diff["old"]["label"], diff["new"]["label"]) == (first.name, "datapackage.json")
    assert str(tmp_path) not in json.dumps(diff)
