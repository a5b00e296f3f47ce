"""`oppnadata validate` on a release as a researcher downloads it (zip or folder): bytes and hash of every
file, each file read by its declared dialect and encoding (Excel-sv included), then the data rules."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.published import NAME, Published, make_published, run

FROZEN = REPO / "releases" / f"{NAME}-1.0.0.zip"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return make_published(tmp_path_factory.mktemp("releasecheck"))


def test_the_untouched_frozen_release_is_valid_as_downloaded() -> None:
    """1.0.0 as recorded (old layout: encoding utf-8-sig) is valid: its Excel-sv files are read as Excel-sv."""
    code, output = run("validate", str(FROZEN), "--lang", "en")
    assert code == 0, output
    assert "[bom]" not in output and "VALID — 0 errors" in output


def test_a_new_release_is_valid_as_a_folder_and_as_a_zip(published: Published) -> None:
    for target in (
        published.site / "releases" / published.version,
        published.releases / f"{NAME}-{published.version}.zip",
    ):
        code, output = run("validate", str(target), "--lang", "en", "--format", "json")
        assert code == 0, output
        report = json.loads(output)
        assert not [f for f in report["findings"] if f["severity"] == "error"]


def test_one_changed_letter_is_a_blocking_finding_naming_the_file(
    published: Published, tmp_path: Path
) -> None:
    folder = tmp_path / published.version
    shutil.copytree(published.site / "releases" / published.version, folder)
    path = folder / "data" / "excel-sv" / "finansiering.csv"
    data = path.read_bytes()
    at = data.index(b"kommun")
    path.write_bytes(data[:at] + b"K" + data[at + 1 :])  # one letter, same size
    code, output = run("validate", str(folder), "--lang", "en")
    assert code == 1, output
    assert "ERROR [release-hash] data/excel-sv/finansiering.csv" in output
    assert "the file was changed after the release" in output
    # the same in a zip, as downloaded
    zipped = tmp_path / f"{NAME}-{published.version}.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, f"{NAME}-{published.version}/{file.relative_to(folder).as_posix()}")
    code, output = run("validate", str(zipped), "--lang", "en")
    assert code == 1 and "ERROR [release-hash] data/excel-sv/finansiering.csv" in output


def test_an_excel_file_is_read_by_its_declared_dialect(published: Published, tmp_path: Path) -> None:
    """A file whose bytes match its declared hash but not its declared dialect (a comma-separated file
    declared as Excel-sv) is a blocking finding from the reader: integrity alone is not enough."""
    folder = tmp_path / published.version
    shutil.copytree(published.site / "releases" / published.version, folder)
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    (entry,) = [r for r in descriptor["resources"] if r["name"] == "utbetalningar-excel-sv"]
    canonical = (folder / "data" / "utbetalningar.csv").read_bytes()
    (folder / entry["path"]).write_bytes(canonical)
    entry["bytes"], entry["hash"] = len(canonical), "sha256:" + hashlib.sha256(canonical).hexdigest()
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    code, output = run("validate", str(folder), "--lang", "en")
    assert code == 1, output
    assert "ERROR [release-unreadable] data/excel-sv/utbetalningar.csv" in output
    assert "delimiter ';'" in output


def test_a_missing_file_is_named(published: Published, tmp_path: Path) -> None:
    folder = tmp_path / published.version
    shutil.copytree(published.site / "releases" / published.version, folder)
    (folder / "data" / "kommuner.csv").unlink()
    code, output = run("validate", str(folder), "--lang", "en")
    assert code == 1 and "ERROR [release-file-missing] data/kommuner.csv" in output


def test_a_new_release_declares_data_package_v2_and_standard_encodings(published: Published) -> None:
    descriptor = json.loads(
        (published.site / "releases" / published.version / "datapackage.json").read_text("utf-8")
    )
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert "profile" not in descriptor
    assert {r["encoding"] for r in descriptor["resources"]} == {"utf-8"}
    for r in descriptor["resources"]:
        assert (
            r["$schema"] == "https://datapackage.org/profiles/2.0/dataresource.json" and r["type"] == "table"
        )
    # Excel-sv files still start with the BOM Excel needs; the standard name covers it (readers skip it)
    excel = published.site / "releases" / published.version / "data" / "excel-sv" / "beslut.csv"
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
