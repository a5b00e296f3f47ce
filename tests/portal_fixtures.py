"""The published portal the browser tests share (one publish per test session): a copy of the repository whose
data carries a markup-bearing project name, ``oppnadata serve`` on it, and Debian's Chromium through Playwright.
Registered in ``tests/conftest.py`` as a plugin, so every ``tests/test_portal*.py`` module uses the same site.
"""

from __future__ import annotations

import atexit
import csv
import functools
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from oppnadata import codes
from oppnadata.cli import main
from oppnadata.config import load_config
from tests.helpers import copy_package

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DIGG = "https://www.digg.se/tdosanmalan"  # the supervisory authority's report form, linked from the statement
MARKUP_CASE = "300375"
MARKUP = '<script>window.__xss = 1</script><img src="https://evil.example/x.png" onerror="window.__xss = 2">'
WITHDRAWN = codes.WITHDRAWN
SOLE_TRADER = "Enskild näringsidkare"


# ------------------------------------------------------------------------------------------------- helpers


def _subset(target: Path, keep: set[str]) -> None:
    """Keep only the decisions in ``keep`` (and the rows of other tables about them) in the package at
    ``target``; reports list only the kept decisions."""
    folder = target / "datasets"
    for table in sorted(folder.glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header = rows[0]
        if "arende_id" in header:
            at = header.index("arende_id")
            rows = [header, *(r for r in rows[1:] if r[at] in keep)]
        elif "arende_ids" in header:
            at = header.index("arende_ids")
            for r in rows[1:]:
                r[at] = ";".join(case for case in r[at].split(";") if case in keep)
        else:
            continue
        with table.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)


@functools.cache
def package() -> Path:
    """The small package the portal tests publish: a quarter of the example decisions, every decision that
    Berg shares with another municipality, and the markup case (so lists span pages and splits are there)."""
    target = Path(tempfile.mkdtemp(prefix="oppnadata-portal-package-"))
    atexit.register(shutil.rmtree, target, True)
    target = _copy_repo(target / "package")
    with (target / "datasets" / "beslut.csv").open(encoding="utf-8", newline="") as handle:
        cases = [r["arende_id"] for r in csv.DictReader(handle)]
    with (target / "datasets" / "kommunfordelning.csv").open(encoding="utf-8", newline="") as handle:
        shared: dict[str, set[str]] = {}
        for r in csv.DictReader(handle):
            shared.setdefault(r["arende_id"], set()).add(r["kommunkod"])
    keep = {case for i, case in enumerate(cases) if i % 4 == 0}
    keep |= {case for case, kommuner in shared.items() if "2326" in kommuner and len(kommuner) > 1}
    _subset(target, keep | {MARKUP_CASE})
    return target


def _copy_repo(target: Path) -> Path:
    """A copy of the frozen fixture package (tests/fixtures/package)."""
    return copy_package(target)


def _set_cell(table: Path, key: str, column: str, value: str) -> None:
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    hits = [row for row in rows[1:] if row[0] == key]
    assert len(hits) == 1, key
    hits[0][index] = value
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _publish(repo: Path, site: Path) -> str:
    return _cli("publish", str(repo / "datapackage.json"), "--out", str(repo / "dist"), "--site", str(site))


def _rows(name: str) -> list[dict[str, str]]:
    with (package() / "datasets" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for attr in ("href", "src"):
            if values.get(attr) is not None:
                self.links.append(str(values[attr]))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# ------------------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="session")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the small package whose first decision has a project name full of markup."""
    target = tmp_path_factory.mktemp("portal") / "repo"
    shutil.copytree(package(), target)
    _set_cell(target / "datasets" / "beslut.csv", MARKUP_CASE, "projektnamn", MARKUP)
    return target


@pytest.fixture(scope="session")
def site(repo: Path) -> Path:
    output = _publish(repo, repo / "site")
    assert "file://" in output and "oppnadata serve" in output
    return repo / "site"


@pytest.fixture(scope="session")
def config(repo: Path) -> Any:
    return load_config(repo / "publication.yaml")


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """``oppnadata serve`` on a free port (port 0: the server reports the one it got)."""
    command = [str(Path(sys.executable).with_name("oppnadata")), "serve", "--site", str(site), "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        assert match, f"oppnadata serve said: {line!r}"
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser, site: Path, server: str) -> Iterator[BrowserContext]:
    """A browser context that records every request and console error; none may leave the site."""
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    ctx.on("request", lambda request: requests.append(request.url))
    ctx.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    ctx.on("weberror", lambda error: errors.append(str(error.error)))
    yield ctx
    ctx.close()
    local = (site.resolve().as_uri() + "/", server)
    outside = [url for url in requests if not url.startswith(local)]
    assert requests, "the browser made no request at all"
    assert not outside, f"requests left the site: {outside}"
    assert not errors, f"console errors: {errors}"


@pytest.fixture(params=["file", "served"])
def base(request: pytest.FixtureRequest, site: Path, server: str) -> str:
    return site.resolve().as_uri() + "/" if request.param == "file" else server


def _open(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.ok, url
    return page
