"""The local portal in a real headless Chromium (Debian's ``chromium`` driven by Playwright), opened from ``file://``
and from ``oppnadata serve``: totals, links, downloads, the decisions filter, markup that stays inert, screenshots,
no request outside the site, the served DCAT feed, idempotent publishing and a second version beside the first.

The site is published once per test session (``tests/portal_fixtures.py``) from a copy of the repository whose data carries a markup-bearing project
name; expected numbers are computed independently from the repository's own ``datasets/``.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import re
import shutil
from collections import defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from playwright.sync_api import Browser, BrowserContext, Page
from rdflib import Graph, URIRef

from tests.portal_fixtures import (
    DIGG,
    MARKUP,
    MARKUP_CASE,
    SCREENSHOTS,
    SOLE_TRADER,
    WITHDRAWN,
    _cli,
    _open,
    _parse,
    _publish,
    _rows,
    _set_cell,
    _sha256,
    _tree,
    package,
)
from tests.test_dcat import assert_conforms, assert_only_the_format_conflict

DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
# Pages there are many of: a few of each kind are crawled.
SAMPLED = re.compile(
    r"/(beslut/|beslut/sida/|mottagare/|kommun/|stodtyp/|strategiomrade/|data/|versioner/[^/]+/data/)"
    r"[0-9a-z_-]+/index\.html$"
)

# ------------------------------------------------------------------------------------------ expected numbers


def _expected() -> dict[str, Any]:
    """The start page's numbers, computed from datasets/ without the library."""
    decisions = [r for r in _rows("beslut") if r["status"] != WITHDRAWN]
    form = {r["arende_id"]: r["stodform"] for r in _rows("beslut")}
    granted_year: dict[str, int] = defaultdict(int)
    granted_form: dict[str, int] = defaultdict(int)
    for r in decisions:
        granted_year[r["beslutsdatum"][:4]] += int(r["beviljat_belopp"])
        granted_form[r["stodform"]] += int(r["beviljat_belopp"])
    paid_year: dict[str, int] = defaultdict(int)
    paid_form: dict[str, int] = defaultdict(int)
    for r in _rows("utbetalningar"):
        paid_year[r["ar"]] += int(r["belopp"])
        paid_form[form[r["arende_id"]]] += int(r["belopp"])
    shares: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for r in _rows("kommunfordelning"):
        shares[r["arende_id"]][r["kommunkod"]] = Fraction(r["andel"])
    names = {r["kommunkod"]: r["kommunnamn"] for r in _rows("kommuner")}
    kommun: dict[str, Fraction] = defaultdict(Fraction)
    split = 0
    for r in decisions:
        parts = shares.get(r["arende_id"]) or {r["kommunkod"]: Fraction(1)}
        split += len(parts) > 1
        total = sum(parts.values())
        for code, share in parts.items():
            kommun[names[code]] += int(r["beviljat_belopp"]) * share / total
    recipients: dict[str, int] = defaultdict(int)
    for r in decisions:
        if r["juridisk_form"] != "enskild_naringsidkare" and r["stodmottagare"] != SOLE_TRADER:
            recipients[r["stodmottagare"]] += int(r["beviljat_belopp"])
    own = {r["kod"] for r in _rows("mottagarkategorier") if r["regionens_egen"] == "true"}
    return {
        "granted": sum(granted_year.values()),
        "paid": sum(paid_year.values()),
        "decisions": len(decisions),
        "granted_year": dict(granted_year),
        "paid_year": dict(paid_year),
        "granted_form": dict(granted_form),
        "paid_form": dict(paid_form),
        "kommun": dict(kommun),
        "split": split,
        "recipients": sorted(recipients.values(), reverse=True)[:10],
        "own": sum(int(r["beviljat_belopp"]) for r in decisions if r["mottagarkategori"] in own),
    }


def _chart_table(page: Page, chart: str) -> dict[str, list[int]]:
    rows = page.eval_on_selector_all(
        f"#{chart} table tbody tr",
        "rows => rows.map(r => [r.querySelector('th').textContent,"
        " Array.from(r.querySelectorAll('td'), td => Number(td.dataset.value))])",
    )
    return {label: values for label, values in rows}


# ------------------------------------------------------------------------------------------------- the tests


def test_start_page_charts_show_the_example_data_totals(context: BrowserContext, base: str) -> None:
    expected = _expected()
    page = _open(context, base + "index.html")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "EXEMPELDATA" in page.locator("#exempeldata").inner_text()
    assert int(page.get_attribute("#total-beviljat", "data-value") or 0) == expected["granted"]
    assert int(page.get_attribute("#total-utbetalt", "data-value") or 0) == expected["paid"]
    assert int(page.get_attribute("#antal-beslut", "data-value") or 0) == expected["decisions"]
    assert (
        page.inner_text("#total-beviljat") == f"{expected['granted']:,}".replace(",", "\u00a0") + "\u00a0kr"
    )

    by_year = _chart_table(page, "per-ar")
    years = sorted(set(expected["granted_year"]) | set(expected["paid_year"]))
    assert by_year == {
        y: [expected["granted_year"].get(y, 0), expected["paid_year"].get(y, 0)] for y in years
    }
    by_form = _chart_table(page, "per-stodform")
    labels = {"Projektstöd": "PROJ", "Företagsstöd": "FTG", "Kommersiell service": "KS"}
    assert {labels[k]: v for k, v in by_form.items()} == {
        f: [expected["granted_form"][f], expected["paid_form"][f]] for f in expected["granted_form"]
    }
    kommun = _chart_table(page, "per-kommun")
    assert len(kommun) == 8
    granted = [v[0] for v in kommun.values()]
    assert granted == sorted(granted, reverse=True), "the municipalities are ranked"
    assert sum(granted) == expected["granted"]
    for name, values in kommun.items():  # split decisions: at most one krona of rounding each
        assert abs(values[0] - expected["kommun"][name]) <= expected["split"]
    recipients = _chart_table(page, "storsta-mottagare")
    assert SOLE_TRADER not in recipients
    assert [v[0] for v in recipients.values()] == expected["recipients"]
    own = page.locator("#regionens-andel-text")
    assert int(own.get_attribute("data-part") or 0) == expected["own"]
    assert int(own.get_attribute("data-whole") or 0) == expected["granted"]
    share = round(Fraction(expected["own"] * 1000, expected["granted"]))
    assert f"{share // 10},{share % 10}\u00a0%" in own.inner_text()

    # The charts are drawn: every bar carries its value and the largest one has a width.
    for chart in ("per-ar", "per-stodform", "per-kommun", "storsta-mottagare", "regionens-andel"):
        bars = page.locator(f"#{chart} .bars")
        values = [
            int(v)
            for v in bars.locator("rect[data-value]").evaluate_all("rs => rs.map(r => r.dataset.value)")
        ]
        table = [v for row in _chart_table(page, chart).values() for v in row]
        assert sorted(values) == sorted(table)
        box = bars.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 20
        widest = max(table)
        lengths = bars.locator("rect[data-value]").evaluate_all(
            "rs => rs.map(r => [Number(r.dataset.value), r.getBoundingClientRect().width])"
        )
        full = max(width for value, width in lengths if value == widest)
        for value, width in lengths:  # every bar's length is its value's share of the largest
            assert abs(width - full * max(value, 0) / widest) <= 2.5, (chart, value, width)


def test_english_start_page(context: BrowserContext, base: str) -> None:
    page = _open(context, base + "en/index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "EXAMPLE DATA" in page.locator("#exempeldata").inner_text()
    assert page.locator("h1").inner_text() == "Where the money goes"
    page.click("nav .lang a")
    assert page.url == base + "index.html"


def test_every_link_on_every_page_resolves_from_disk(site: Path, config: Any) -> None:
    """Every href/src of every page: relative, pointing at a file that exists; fragments at an id."""
    external = (
        *(link.url for link in config.links.values()),
        *(r["url"] for r in _rows("rapporter")),
        DIGG,
    )
    case_prefix = config.projektbanken_case("")
    pages = sorted(site.rglob("*.html"))
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    reached = {"index.html"}
    for page in pages:
        parsed = _parse(page)
        here = page.parent.relative_to(site).as_posix()
        assert any(link.endswith("tillganglighet/index.html") for link in parsed.links), (
            f"{page}: no statement"
        )
        for link in parsed.links:
            if link.startswith(("mailto:", "tel:")):
                continue
            if link.startswith(("http://", "https://")):
                assert link in external or link.startswith(case_prefix), f"{page}: unexpected link {link}"
                continue
            assert not link.startswith("/"), f"{page}: root-relative link {link}"
            target, _, fragment = link.partition("#")
            if "=" in fragment:
                assert target.endswith("beslut/index.html"), f"{page}: list state on another page {link}"
                fragment = ""
            if not target:
                assert fragment in parsed.ids, f"{page}: no element #{fragment}"
                continue
            assert not target.endswith("/"), f"{page}: a bare folder {link}"
            path = posixpath.normpath(posixpath.join(here, unquote(target)))
            assert path in files, f"{page}: {link} is missing"  # so never outside the site either
            reached.add(path)
    assert {p.relative_to(site).as_posix() for p in pages} <= reached, "a page no link reaches"
    assert len(pages) > 40


def test_crawl_the_served_site_in_the_browser(context: BrowserContext, server: str, site: Path) -> None:
    """Follow every link from the start pages in Chromium: every page loads, every file answers 200. Of the pages
    there is one of per decision, recipient or list page, a few of each kind are visited (the disk check above
    reaches every one)."""
    page = context.new_page()
    queue = [server + "index.html", server + "en/index.html"]
    seen: set[str] = set()
    skipped: set[str] = set()
    sampled: dict[tuple[str, str], int] = defaultdict(int)
    files: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in seen or url in skipped:
            continue
        kind = SAMPLED.search(url)
        if kind:
            key = ("en" if url.startswith(server + "en/") else "sv", kind.group(1))
            if sampled[key] >= 3:
                skipped.add(url)
                continue
            sampled[key] += 1
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert page.locator("#exempeldata").count() == 1, f"no example-data banner on {url}"
        levels = [
            int(h[1])
            for h in page.eval_on_selector_all(
                "main h1, main h2, main h3, main h4", "hs => hs.map(h => h.tagName)"
            )
        ]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), url
        for link in page.eval_on_selector_all(
            "a[href], link[href], script[src]", "es => es.map(e => e.href || e.src)"
        ):
            target = link.split("#", 1)[0]
            if not target.startswith(server):
                continue
            if target.endswith(".html"):
                queue.append(target)
            else:
                files.add(target)
    every = {server + p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert seen <= every
    assert not {url for url in every - seen if not SAMPLED.search(url)}, "a page the crawl never reached"
    assert {k for _, k in sampled} == {
        "beslut/", "beslut/sida/", "mottagare/", "kommun/", "stodtyp/", "strategiomrade/", "data/",
        "versioner/1.0.0/data/",
    }  # fmt: skip
    for url in sorted(files):
        response = context.request.head(url)
        assert response.status == 200, url


def test_downloads_return_the_release_bytes(
    context: BrowserContext, base: str, site: Path, repo: Path
) -> None:
    descriptor = json.loads(
        (repo / "dist" / "hit-gar-pengarna-1.0.0" / "datapackage.json").read_text("utf-8")
    )
    hashes = {r["path"]: r["hash"].removeprefix("sha256:") for r in descriptor["resources"]}
    page = _open(context, base + "data/beslut/index.html")
    links = page.eval_on_selector_all("ul.downloads a[href$='.csv']", "as => as.map(a => a.href)")
    assert len(links) == 2
    for link in links:
        relative = link.split("/releases/1.0.0/", 1)[1]
        if base.startswith("file:"):
            data = Path(unquote(urlparse(link).path)).read_bytes()
        else:
            data = context.request.get(link).body()
        assert _sha256(data) == hashes[relative], link
    # Every file of the release, as the site serves it, has the bytes datapackage.json records.
    for path, digest in hashes.items():
        url = base + f"releases/1.0.0/{path}"
        data = (
            Path(unquote(urlparse(url).path)).read_bytes()
            if base.startswith("file:")
            else context.request.get(url).body()
        )
        assert _sha256(data) == digest and len(data) == next(
            r["bytes"] for r in descriptor["resources"] if r["path"] == path
        )
    # The release zip: the browser downloads exactly the built zip, whose hash the page shows.
    recorded = (repo / "dist" / "hit-gar-pengarna-1.0.0.zip.sha256").read_text("utf-8").split()[0]
    assert page.locator("code.hash").first.inner_text() == recorded
    zip_link = page.locator("a[href$='hit-gar-pengarna-1.0.0.zip']").first
    if base.startswith("file:"):
        href = str(zip_link.evaluate("a => a.href"))
        assert _sha256(Path(unquote(urlparse(href).path)).read_bytes()) == recorded
    else:
        with page.expect_download() as download_info:
            zip_link.click()
        saved = download_info.value.path()
        assert _sha256(Path(saved).read_bytes()) == recorded
        sha_text = context.request.get(base + "releases/hit-gar-pengarna-1.0.0.zip.sha256").text()
        assert sha_text.split()[0] == recorded


def test_markup_in_a_project_name_stays_inert(context: BrowserContext, base: str, site: Path) -> None:
    page = _open(context, base + f"beslut/{MARKUP_CASE}/index.html")
    assert page.locator("h1").inner_text() == MARKUP
    assert page.locator("main script, main img").count() == 0
    # In the list, found by a search and drawn by the script from the data shards.
    page = _open(context, base + "beslut/index.html#q=window.__xss")
    page.wait_for_selector("html[data-list-ready=complete]")
    cell = page.locator("#beslut td.project", has_text="<script>")
    assert cell.count() == 1
    assert cell.inner_text() == MARKUP
    assert cell.locator("script, img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.locator("img").count() == 0
    html = (site / "beslut" / MARKUP_CASE / "index.html").read_text("utf-8")
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html
    assert MARKUP not in html


def test_screenshots_of_the_main_pages(context: BrowserContext, base: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    kind = "file" if base.startswith("file:") else "served"
    page = context.new_page()
    for slug, name, full in (
        ("index.html", "start", True),
        ("resultat/index.html", "resultat", True),
        ("beslut/index.html", "beslut", False),
        ("data/index.html", "data", True),
        ("data/beslut/index.html", "data-beslut", True),
        ("versioner/index.html", "versioner", True),
        ("en/index.html", "en-start", False),
    ):
        page.goto(base + slug)
        target = SCREENSHOTS / f"{kind}-{name}.png"
        page.screenshot(path=str(target), full_page=full)
        assert target.stat().st_size > 10_000


def test_served_dcat_feed_equals_oppnadata_dcat_and_conforms(
    context: BrowserContext, server: str, repo: Path, tmp_path: Path
) -> None:
    _cli("dcat", str(repo / "datapackage.json"), "--out", str(repo / "dist"), "--to", str(tmp_path))
    for name in ("catalog.rdf", "catalog.ttl"):
        served = context.request.get(server + f"dcat/{name}")
        assert served.status == 200
        assert served.body() == (tmp_path / name).read_bytes(), name
    page = _open(context, server + "index.html")
    assert page.locator("footer a[href$='dcat/catalog.rdf']").count() == 1
    data = Graph().parse(data=context.request.get(server + "dcat/catalog.ttl").text(), format="turtle")
    for shapes_file in ("shapes.ttl", "range.ttl"):  # DCAT-AP 3.0.1, but for the dct:format conflict (README)
        assert_only_the_format_conflict(data, shapes_file)
    # the same feed in DCAT-AP 3.0.1's form, beside it: what `oppnadata dcat` writes, and 0 results
    for name in ("catalog.rdf", "catalog.ttl"):
        served = context.request.get(server + f"dcat/dcat-ap/{name}")
        assert served.status == 200
        assert served.body() == (tmp_path / "dcat-ap" / name).read_bytes(), name
    assert page.locator("a[href$='dcat/dcat-ap/catalog.rdf']").count() == 1
    data = Graph().parse(
        data=context.request.get(server + "dcat/dcat-ap/catalog.ttl").text(), format="turtle"
    )
    for shapes_file in ("shapes.ttl", "range.ttl"):
        assert_conforms(data, shapes_file)


def test_publishing_twice_leaves_the_site_byte_identical(repo: Path, site: Path) -> None:
    before = _tree(site)
    output = _publish(repo, site)
    assert "redan aktuell" in output
    assert _tree(site) == before
    (site / "index.html").write_text("changed by hand", encoding="utf-8")
    assert "publicerad" in _publish(repo, site)
    assert _tree(site) == before


def test_a_new_version_keeps_the_old_one(tmp_path: Path, browser: Browser) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(package(), repo)
    site = tmp_path / "site"
    _cli("release", str(repo / "datapackage.json"), "--out", str(repo / "dist"))
    _publish(repo, site)
    old = {
        k: v
        for k, v in _tree(site).items()
        if k.startswith(("releases/1.0.0/", "releases/hit-gar-pengarna-1.0.0"))
        and k != "releases/1.0.0/index.html"  # the landing page is the portal's (it names the newest version)
    }
    assert "releases/1.0.0/datapackage.json" in old

    decision = _rows("beslut")[10]
    _set_cell(repo / "datasets" / "beslut.csv", decision["arende_id"], "projektnamn", "Rättat projektnamn")
    descriptor = json.loads((repo / "datapackage.json").read_text("utf-8"))
    descriptor.update(version="1.0.1", created="2026-12-01T00:00:00Z")
    (repo / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8"
    )
    output = _publish(repo, site)
    assert "1.0.0, 1.0.1" in output

    now = _tree(site)
    assert {k: now.get(k) for k in old} == old, "the old release's files changed"
    for slug in ("versioner/1.0.0/index.html", "versioner/1.0.0/data/index.html", "versioner/1.0.0/data/beslut/index.html",
                 "versioner/1.0.1/index.html", "en/versioner/1.0.0/index.html", "releases/1.0.1/datapackage.json"):  # fmt: skip
        assert slug in now, slug
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(site.resolve().as_uri() + "/versioner/index.html")
        headings = page.locator("main h2").all_inner_texts()
        assert headings[0].startswith("Version 1.0.1") and headings[1].startswith("Version 1.0.0")
        newest = page.locator("section#v1\\.0\\.1 table.changes tbody tr", has_text="beslut")
        assert newest.locator("td").first.inner_text() == "0"  # nothing added
        assert newest.locator("td").nth(1).inner_text() == "1"  # one corrected
        assert "1.0.1" in page.locator("section#v1\\.0\\.1 .citation").first.inner_text()
        page.goto(site.resolve().as_uri() + "/versioner/1.0.0/data/beslut/index.html")
        href = page.locator("ul.downloads a").first.get_attribute("href") or ""
        assert href.endswith("releases/1.0.0/data/beslut.csv")
        page.goto(site.resolve().as_uri() + "/index.html")
        assert "Version 1.0.1" in page.locator("footer").inner_text()
    finally:
        ctx.close()
    feed = Graph().parse(site / "dcat" / "catalog.ttl", format="turtle")
    versions = {str(o) for o in feed.objects(None, DCAT_VERSION)}
    assert versions == {"1.0.0", "1.0.1"}
