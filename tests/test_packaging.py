"""oppnadata build / release: reproducible, hashed, citable releases that refuse to change once released."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import frictionless
import pytest
from click.testing import CliRunner

from oppnadata.cli import main
from oppnadata.releasing import csvflavours
from oppnadata.validating.validation import read_table


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the frozen fixture package (module-scoped: a build takes a few seconds)."""
    from tests.helpers import PACKAGE

    out = tmp_path_factory.mktemp("dist")
    code, output = run("build", str(PACKAGE / "datapackage.json"), "--out", str(out),
                       "--releases", str(tmp_path_factory.mktemp("no-releases")))  # fmt: skip
    assert code == 0, output
    return out


def release_folder(out: Path) -> Path:
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder


def test_build_writes_the_release_layout(built: Path) -> None:
    folder = release_folder(built)
    assert folder.name == "hit-gar-pengarna-1.0.0"
    for name in ("datapackage.json", "CHANGELOG.md", "diff.json", "CITATION.cff", "citation.json",
                 "quality.json", "README.md", "dcat/dataset.rdf", "dcat/dataset.ttl",
                 "data/beslut.csv", "data/excel-sv/beslut.csv", "schemas/beslut.json"):  # fmt: skip
        assert (folder / name).is_file(), name
    assert (built / "hit-gar-pengarna-1.0.0.zip").is_file()
    sha = (built / "hit-gar-pengarna-1.0.0.zip.sha256").read_text().split()
    assert sha[1] == "hit-gar-pengarna-1.0.0.zip"
    assert sha[0] == hashlib.sha256((built / "hit-gar-pengarna-1.0.0.zip").read_bytes()).hexdigest()


def test_recorded_hashes_match_the_files(built: Path) -> None:
    folder = release_folder(built)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert descriptor["version"] == "1.0.0" and descriptor["exempeldata"] is True
    paths = set()
    for resource in descriptor["resources"]:
        data = (folder / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data), resource["path"]
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), resource["path"]
        paths.add(resource["path"])
    # every table in two flavours, including the derived ones
    tables = {r["table"] for r in descriptor["resources"]}
    assert {"beslut", "finansiering", "utbetalningar", "kommuner"} <= tables
    assert any(r["derived"] for r in descriptor["resources"])
    for table in tables:
        assert f"data/{table}.csv" in paths and f"data/excel-sv/{table}.csv" in paths


def test_the_release_validates_with_frictionless(built: Path) -> None:
    folder = release_folder(built)
    report = frictionless.Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type"])[:10]


def test_unzipping_reproduces_the_folder(built: Path) -> None:
    folder = release_folder(built)
    with zipfile.ZipFile(built / f"{folder.name}.zip") as archive:
        unzipped = {
            info.filename.removeprefix(f"{folder.name}/"): archive.read(info) for info in archive.infolist()
        }
        assert all(i.filename.startswith(f"{folder.name}/") for i in archive.infolist())
        assert {i.date_time for i in archive.infolist()} == {(2026, 11, 26, 0, 0, 0)}
    assert unzipped == tree_bytes(folder)


def test_two_builds_are_byte_identical_even_with_the_clock_moved(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three years on and in another time zone (the process's own: TZ is re-read with tzset, and the test
    checks that the offset really moved), the build writes the same bytes."""
    from tests.helpers import PACKAGE

    before = time.strftime("%z", time.localtime(1_700_000_000))
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3 * 365 * 86400)  # three years on
    monkeypatch.setenv("TZ", "Pacific/Kiritimati" if before != "+1400" else "America/New_York")
    time.tzset()
    try:
        assert time.strftime("%z", time.localtime(1_700_000_000)) not in (before, "+0000")
        out = tmp_path / "dist"
        code, output = run("build", str(PACKAGE / "datapackage.json"), "--out", str(out),
                           "--releases", str(tmp_path / "none"))  # fmt: skip
    finally:
        monkeypatch.undo()
        time.tzset()
    assert code == 0, output
    name = "hit-gar-pengarna-1.0.0.zip"
    assert (out / name).read_bytes() == (built / name).read_bytes()
    assert tree_bytes(release_folder(out)) == tree_bytes(release_folder(built))


def test_excel_flavour_parses_back_to_the_same_table(built: Path) -> None:
    folder = release_folder(built)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        if resource["flavour"] != "canonical":
            continue
        schema = json.loads((folder / resource["schema"]).read_text())
        canonical = read_table(folder / resource["path"])
        excel = (folder / f"data/excel-sv/{resource['table']}.csv").read_bytes()
        assert excel.startswith(b"\xef\xbb\xbf")
        back = csvflavours.read_excel_sv(excel, schema)
        assert back.equals(canonical), resource["table"]


def test_excel_flavour_neutralises_formulas_and_keeps_numbers() -> None:
    import pandas as pd

    schema = {"fields": [{"name": "arende_id", "type": "string"}, {"name": "projektnamn", "type": "string"},
                         {"name": "belopp", "type": "integer"}, {"name": "andel", "type": "number"}]}  # fmt: skip
    frame = pd.DataFrame(
        [["20200940", '=HYPERLINK("http://evil.example","klicka")', "-25000", "0.25"],
         ["20200941", "@SUM(A1)", "1000", "1"],
         ["20200942", "-hej", "0", ""]],
        columns=["arende_id", "projektnamn", "belopp", "andel"], dtype=object,
    )  # fmt: skip
    data = csvflavours.write_excel_sv(frame, schema)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ['="20200940"', '\'=HYPERLINK("http://evil.example","klicka")', "-25000", "0,25"]
    assert rows[2][1] == "'@SUM(A1)" and rows[3][1] == "'-hej"
    assert csvflavours.read_excel_sv(data, schema).equals(frame)


def test_citation_and_changelog(built: Path) -> None:
    folder = release_folder(built)
    cff = (folder / "CITATION.cff").read_text()
    assert "type: dataset" in cff and "version: 1.0.0" in cff and "date-released: '2026-11-26'" in cff
    cite = json.loads((folder / "citation.json").read_text())
    assert cite["sv"].startswith("Region Jämtland Härjedalen (2026). EXEMPELDATA")
    assert "(version 1.0.0) [Data set]" in cite["en"]
    changelog = (folder / "CHANGELOG.md").read_text()
    assert "## 1.0.0 – 2026-11-26" in changelog and "First release" in changelog
    quality = json.loads((folder / "quality.json").read_text())
    assert quality["valid"] is True and quality["counts"]["error"] == 0


def test_blocking_findings_build_nothing(repo_copy: Path, tmp_path: Path) -> None:
    path = repo_copy / "datasets" / "beslut.csv"
    text = path.read_text().splitlines()
    cells = text[1].split(",")
    cells[8] = "811218-9876"  # a personnummer as organisation number: blocks
    text[1] = ",".join(cells)
    path.write_text("\n".join(text) + "\n")
    out = tmp_path / "dist"
    code, output = run("build", str(repo_copy / "datapackage.json"), "--out", str(out))
    assert code == 1
    assert "811218-9876" not in output and "811218-****" in output
    assert not out.exists() or not any(out.iterdir())


def test_a_released_version_is_immutable(repo_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    code, output = run("release", str(repo_copy / "datapackage.json"), "--out", str(out))
    assert code == 0, output
    assert (repo_copy / "releases" / "hit-gar-pengarna-1.0.0.zip").is_file()
    code, output = run("release", str(repo_copy / "datapackage.json"), "--out", str(out), "--lang", "en")
    assert code == 0 and "already recorded, identical" in output
    before = (out / "hit-gar-pengarna-1.0.0.zip").read_bytes()
    # change one cell, keep the version: refused, and dist/ keeps the released build
    path = repo_copy / "datasets" / "beslut.csv"
    path.write_text(path.read_text().replace("Exempelbolaget", "Exempelföretaget", 1))
    code, output = run("build", str(repo_copy / "datapackage.json"), "--out", str(out), "--lang", "en")
    assert code == 1, output
    assert "already released" in output and "oppnadata bump" in output
    assert (out / "hit-gar-pengarna-1.0.0.zip").read_bytes() == before


@pytest.mark.parametrize("shapes_file", ["shapes.ttl", "range.ttl"])
def test_dcat_of_a_real_build_conforms(built: Path, tmp_path: Path, shapes_file: str) -> None:
    """The DCAT written into the release, and the feed `oppnadata dcat` writes, pass the official shapes (but for
    the documented dct:format conflict with DCAT-AP-SE)."""
    from rdflib import Graph

    from tests.helpers import PACKAGE
    from tests.test_dcat import assert_conforms, assert_only_the_format_conflict

    folder = release_folder(built)
    target = tmp_path / "feed"
    # the feed covers only recorded releases: an empty releases/ is refused, a recorded build is described
    code, output = run("dcat", str(PACKAGE / "datapackage.json"), "--out", str(built),
                       "--releases", str(tmp_path / "none"), "--to", str(target), "--lang", "en")  # fmt: skip
    assert code == 1 and "only recorded releases are published" in output
    recorded = tmp_path / "releases"
    recorded.mkdir()
    for name in ("hit-gar-pengarna-1.0.0.zip", "hit-gar-pengarna-1.0.0.zip.sha256"):
        shutil.copyfile(built / name, recorded / name)
    code, output = run(
        "dcat",
        str(PACKAGE / "datapackage.json"),
        "--releases",
        str(recorded),
        "--to",
        str(target),
        "--lang",
        "en",
    )
    assert code == 0, output
    for path in (folder / "dcat" / "dataset.rdf", target / "catalog.rdf"):
        graph = Graph().parse(path, format="xml")
        assert len(graph) > 100
        assert_only_the_format_conflict(graph, shapes_file)
    assert "DCAT-AP 3.0.1's form" in output
    assert_conforms(Graph().parse(target / "dcat-ap" / "catalog.rdf", format="xml"), shapes_file)


def test_a_released_version_is_restored_from_releases(repo_copy: Path, tmp_path: Path) -> None:
    """Building a released version gives exactly the recorded bytes, whatever is in dist/."""
    out = tmp_path / "dist"
    code, output = run("release", str(repo_copy / "datapackage.json"), "--out", str(out))
    assert code == 0, output
    recorded = (repo_copy / "releases" / "hit-gar-pengarna-1.0.0.zip").read_bytes()
    (out / "hit-gar-pengarna-1.0.0.zip").write_bytes(b"not a zip")
    (out / "hit-gar-pengarna-1.0.0" / "README.md").write_text("tampered")
    code, output = run("build", str(repo_copy / "datapackage.json"), "--out", str(out))
    assert code == 0, output
    assert (out / "hit-gar-pengarna-1.0.0.zip").read_bytes() == recorded
    with zipfile.ZipFile(out / "hit-gar-pengarna-1.0.0.zip") as archive:
        assert (
            archive.read("hit-gar-pengarna-1.0.0/README.md")
            == (out / "hit-gar-pengarna-1.0.0" / "README.md").read_bytes()
        )
    # a tampered recorded release is refused, not published
    (repo_copy / "releases" / "hit-gar-pengarna-1.0.0.zip").write_bytes(recorded[:-10] + b"0123456789")
    code, output = run("build", str(repo_copy / "datapackage.json"), "--out", str(out), "--lang", "en")
    assert code == 1 and "does not match its recorded sha256" in output
