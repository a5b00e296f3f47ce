"""Portal helpers without a browser: chart geometry, number formatting, safe unpacking of releases, the staging
swap (a failure leaves the old site; a foreign folder is never replaced), the summary and ``oppnadata serve``."""

from __future__ import annotations

import shutil
import threading
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from oppnadata.cli import main
from oppnadata.config import load_config
from oppnadata.descriptor import load_package
from oppnadata.errors import DescriptorError, RefusedError
from oppnadata.publishing.portal import charts, publish_local, texts
from oppnadata.publishing.portal.pages import Renderer
from oppnadata.publishing.portal.serve import make_server
from oppnadata.publishing.portal.site import MARKER, SiteSummary, extract_release
from oppnadata.releasing.packaging import build
from oppnadata.releasing.releases import record_release
from tests.portal_fixtures import package as portal_package

REPO = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------------------------- charts


def test_bars_scale_to_the_largest_value() -> None:
    chart = charts.bar_chart(
        "c",
        "Titel",
        ["a", "b"],
        [("2018", [100, 50]), ("2019", [0, 200])],
        short=str,
        full=str,
        total_label="T",
    )
    lengths = [float(bar.length) for row in chart.rows for bar in row.bars]
    assert lengths == [500.0, 250.0, 0.0, float(charts.SCALE)]
    assert [bar.text for row in chart.rows for bar in row.bars] == ["100", "50", "0", "200"]
    assert chart.totals == (100, 250) and chart.total_cells == ("100", "250")
    assert chart.height == 2 * charts.BAR_HEIGHT + charts.BAR_GAP + 2


def test_chart_edge_cases() -> None:
    empty = charts.bar_chart("e", "Tom", ["a"], [], short=str, full=str)
    assert empty.rows == () and empty.totals == ()
    zeros = charts.bar_chart("z", "Noll", ["a"], [("x", [0])], short=str, full=str)
    assert zeros.rows[0].bars[0].length == "0.0"
    negative = charts.bar_chart("n", "Minus", ["a"], [("x", [-5]), ("y", [10])], short=str, full=str)
    assert negative.rows[0].bars[0].length == "0.0" and negative.rows[0].values == (-5,)
    with pytest.raises(ValueError, match="2 values for 1 series"):
        charts.bar_chart("m", "Fel", ["a"], [("x", [1, 2])], short=str, full=str)


def test_number_formats() -> None:
    assert texts.kronor(1234567, "sv") == "1\u00a0234\u00a0567\u00a0kr"
    assert texts.kronor(-5, "sv") == "\u22125\u00a0kr"
    assert texts.kronor(1234567, "en") == "SEK\u00a01,234,567"
    assert texts.millions(12_345_678, "sv") == "12,3\u00a0mnkr"
    assert texts.millions(12_345_678, "en") == "SEK\u00a012.3m"
    assert texts.percent(1, 3, "sv") == "33,3\u00a0%"
    assert texts.percent(2, 3, "en") == "66.7%"
    assert texts.percent(1, 0, "sv") == "–"
    assert texts.label(texts.STODFORM, "KS", "en") == "Commercial service"
    assert texts.label(texts.STODFORM, "okänd", "sv") == "okänd"


def test_both_languages_have_the_same_texts() -> None:
    assert set(texts.T["sv"]) == set(texts.T["en"])


# --------------------------------------------------------------------------------------------- unpacking


def _zip(path: Path, entries: dict[str, bytes], symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize(
    ("entries", "symlink", "problem"),
    [
        ({"p-1.0.0/ok.txt": b"x", "p-1.0.0/../../evil.txt": b"x"}, None, "climbs out"),
        ({"/etc/evil.txt": b"x"}, None, "absolute path"),
        ({"p-1.0.0/ok.txt": b"x", "other/evil.txt": b"x"}, None, "outside the release folder"),
        ({"p-1.0.0\\evil.txt": b"x"}, None, "backslash"),
        ({"p-1.0.0/ok.txt": b"x"}, "p-1.0.0/link", "symbolic link"),
    ],
)
def test_unsafe_zip_entries_are_refused(
    tmp_path: Path, entries: dict[str, bytes], symlink: str | None, problem: str
) -> None:
    archive = _zip(tmp_path / "p-1.0.0.zip", entries, symlink)
    with pytest.raises(RefusedError, match=problem):
        extract_release(archive, "p-1.0.0", tmp_path / "out")
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "out").exists()


def test_a_release_unpacks_byte_for_byte(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "p-1.0.0.zip", {"p-1.0.0/a.csv": b"a,b\n1,2\n", "p-1.0.0/data/x.csv": b"x\n"})
    extract_release(archive, "p-1.0.0", tmp_path / "out")
    assert (tmp_path / "out" / "a.csv").read_bytes() == b"a,b\n1,2\n"
    assert (tmp_path / "out" / "data" / "x.csv").read_bytes() == b"x\n"
    with pytest.raises(DescriptorError, match="not a zip"):
        extract_release(tmp_path / "out" / "a.csv", "p-1.0.0", tmp_path / "again")


# ------------------------------------------------------------------------------------------------- publish


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("units") / "repo"
    shutil.copytree(portal_package(), root)
    package = load_package(root / "datapackage.json")
    config = load_config(root / "publication.yaml")
    result = build(package, config, out=root / "dist", releases_dir=root / "releases")
    record_release(result.zip_path, result.sha256, root / "releases")  # only recorded releases are published
    return {"package": package, "config": config, "result": result, "releases_dir": root / "releases"}


def _publish(built: dict[str, Any], site: Path) -> SiteSummary:
    return publish_local(
        built["package"], built["config"], built["result"], releases_dir=built["releases_dir"], site=site
    )


def test_a_foreign_folder_is_never_replaced(built: dict[str, Any], tmp_path: Path) -> None:
    site = tmp_path / "mine"
    site.mkdir()
    (site / "thesis.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(RefusedError, match="did not write"):
        _publish(built, site)
    assert [p.name for p in site.iterdir()] == ["thesis.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"], "no staging folder is left behind"


def test_a_failure_leaves_the_old_site(
    built: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    summary = _publish(built, site)
    assert summary.changed and (site / MARKER).is_file()
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (site / "index.html").write_text("an older site", encoding="utf-8")
    before[site / "index.html"] = b"an older site"

    def broken(self: Renderer, *args: Any, **kwargs: Any) -> Any:
        yield from ()
        raise RuntimeError("disk full")

    monkeypatch.setattr(Renderer, "pages", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        _publish(built, site)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no staging folder is left behind"


def test_summary_lines(tmp_path: Path) -> None:
    summary = SiteSummary(Path("site"), ("1.0.0", "1.1.0"), "1.1.0", 80, 160, True)
    sv, en = "\n".join(summary.lines("sv")), "\n".join(summary.lines("en"))
    assert (Path("site").resolve() / "index.html").as_uri() in sv
    assert "oppnadata serve " in sv and "--site" not in sv and "senaste 1.1.0" in sv
    assert "published" in en and "latest 1.1.0" in en
    other = SiteSummary(tmp_path / "portal", ("1.0.0",), "1.0.0", 80, 160, False)
    assert f"oppnadata serve --site {tmp_path / 'portal'}" in "\n".join(other.lines("en"))
    assert "already up to date" in "\n".join(other.lines("en"))


# --------------------------------------------------------------------------------------------------- serve


def test_serve_needs_a_published_site(tmp_path: Path) -> None:
    with pytest.raises(DescriptorError, match="no portal"):
        make_server(tmp_path)
    result = CliRunner().invoke(main, ["serve", "--site", str(tmp_path), "--port", "0"])
    assert result.exit_code == 2 and "oppnadata publish" in result.output


def test_serve_answers_on_loopback(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")
    (tmp_path / "data.csv").write_text("a\n1\n", encoding="utf-8")
    server = make_server(tmp_path, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/data.csv", timeout=5) as response:
            assert response.read() == b"a\n1\n"
            assert response.headers["Content-Type"].startswith("text/csv")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_serve_has_help() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "loopback" in result.output
