"""The pages readers look things up on, in Chromium: one per decision, recipient organisation, municipality,
support type and strategic area, the reports, and the searchable list (search, filters with counts, totals of
the selection, sorting, the state in the URL, downloads of the selection, paged HTML without JavaScript).

Expected numbers are computed here from the CSVs of the published copy, without the library.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from oppnadata.releasing.csvflavours import read_excel_sv
from tests.portal_fixtures import SOLE_TRADER, WITHDRAWN, _open

BERG = "2326"
ARE = "2321"
PAGE = 100


def _table(repo: Path, name: str) -> list[dict[str, str]]:
    with (repo / "datasets" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _shares(repo: Path) -> dict[str, dict[str, Fraction]]:
    shares: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for r in _table(repo, "kommunfordelning"):
        shares[r["arende_id"]][r["kommunkod"]] = Fraction(r["andel"])
    for r in _table(repo, "beslut"):
        shares.setdefault(r["arende_id"], {r["kommunkod"]: Fraction(1)})
    return shares


def _sole(r: dict[str, str]) -> bool:
    return r["juridisk_form"] == "enskild_naringsidkare" or r["stodmottagare"] == SOLE_TRADER


def _value(page: Page, selector: str, attribute: str = "data-value") -> int:
    return int(page.get_attribute(selector, attribute) or "x")


def _ready(page: Page) -> None:
    page.wait_for_selector("html[data-list-ready=complete]", timeout=20_000)


# ------------------------------------------------------------------------------------------- municipality


def test_the_berg_question_on_its_municipality_page(context: BrowserContext, base: str, repo: Path) -> None:
    """How much went to Bergs kommun in 2023, and how much was paid? Exact on the page, equal to the
    derived table's sum, and within a krona per split decision of the exact share computed from the CSVs."""
    shares = _shares(repo)
    decisions = {r["arende_id"]: r for r in _table(repo, "beslut")}
    exact_granted = Fraction(0)
    exact_paid = Fraction(0)
    split = 0
    for case, r in decisions.items():
        if r["status"] == WITHDRAWN or not r["beslutsdatum"].startswith("2023") or BERG not in shares[case]:
            continue
        exact_granted += int(r["beviljat_belopp"]) * shares[case][BERG] / sum(shares[case].values())
        split += len(shares[case]) > 1
    for p in _table(repo, "utbetalningar"):
        if p["ar"] == "2023" and BERG in shares[p["arende_id"]]:
            part = shares[p["arende_id"]]
            exact_paid += int(p["belopp"]) * part[BERG] / sum(part.values())
            split += len(part) > 1
    assert split > 0, "the fixture has no split decision in Berg 2023"
    with (repo / "dist" / "hit-gar-pengarna-1.0.0" / "data" / "totaler_ar_stodform_kommun.csv").open(
        encoding="utf-8"
    ) as handle:
        derived = [r for r in csv.DictReader(handle) if r["ar"] == "2023" and r["kommunkod"] == BERG]
    derived_granted = sum(int(r["beviljat_belopp"]) for r in derived)
    derived_paid = sum(int(r["utbetalt_belopp"]) for r in derived)

    page = _open(context, base + f"kommun/{BERG}/index.html")
    assert page.locator("h1").inner_text() == "Bergs kommun"
    cells = page.locator("#ar-2023 td")
    granted, paid = (
        int(cells.nth(1).get_attribute("data-value") or "x"),
        int(cells.nth(2).get_attribute("data-value") or "x"),
    )
    assert (granted, paid) == (derived_granted, derived_paid)
    assert abs(granted - exact_granted) <= split and abs(paid - exact_paid) <= split
    assert cells.nth(1).inner_text() == f"{granted:,}".replace(",", "\u00a0") + "\u00a0kr"
    # The whole-period figures add up over the years, and every Berg decision is listed with its part.
    years = page.locator("#per-ar-tabell tbody tr td:nth-child(3)").evaluate_all(
        "cs => cs.map(c => Number(c.dataset.value))"
    )
    assert sum(years) == _value(page, "#total-beviljat")
    # The searchable list, filtered to Berg and 2023, shows the same part of granted (by decision year).
    link = page.locator("a[href$='#kommun=2326']")
    assert link.count() == 1
    page = _open(context, base + "beslut/index.html#kommun=2326&ar=2023")
    _ready(page)
    assert _value(page, "#sum-kommun-dd", "data-granted") == granted
    assert "Berg" in page.inner_text("#sum-kommun-dt")


def test_every_municipality_page_adds_up_to_the_county(
    context: BrowserContext, base: str, repo: Path
) -> None:
    granted = sum(int(r["beviljat_belopp"]) for r in _table(repo, "beslut") if r["status"] != WITHDRAWN)
    page = _open(context, base + "kommun/index.html")
    values = page.locator("#grupper tbody td:nth-child(3)").evaluate_all(
        "cs => cs.map(c => Number(c.dataset.value))"
    )
    assert len(values) == 8 and sum(values) == granted


# --------------------------------------------------------------------------------------- decisions, reports


def test_a_split_decision_page(context: BrowserContext, base: str, repo: Path, config: Any) -> None:
    shares = _shares(repo)
    reports = _table(repo, "rapporter")
    covered = {case for r in reports for case in r["arende_ids"].split(";")}
    rows = _table(repo, "beslut")
    case = next(
        r["arende_id"]
        for r in rows
        if len(shares[r["arende_id"]]) > 1 and r["arende_id"] in covered and r["status"] != WITHDRAWN
    )
    row = next(r for r in rows if r["arende_id"] == case)
    paid = sum(int(p["belopp"]) for p in _table(repo, "utbetalningar") if p["arende_id"] == case)
    page = _open(context, base + f"beslut/{case}/index.html")
    assert page.locator("h1").inner_text() == row["projektnamn"]
    assert _value(page, "#beviljat") == int(row["beviljat_belopp"])
    assert _value(page, "#utbetalt") == paid
    parts = page.locator("#kommuner tbody tr td:nth-child(3)").evaluate_all(
        "cs => cs.map(c => Number(c.dataset.value))"
    )
    assert len(parts) == len(shares[case]) and sum(parts) == int(row["beviljat_belopp"])
    assert page.locator(f"a[href='{config.projektbanken_case(case)}']").count() == 1
    assert page.locator("a[href$='data/beslut.csv']").count() == 1  # the versioned data
    mine = [r for r in reports if case in r["arende_ids"].split(";")]
    links = page.locator("ul.reports a")
    assert links.count() == len(mine)
    # … and the report lists the decision back.
    page = _open(context, base + "rapporter/index.html")
    report = page.locator(f"section#{mine[0]['rapport_id']}")
    assert report.locator(f"a[href$='beslut/{case}/index.html']").count() == 1
    assert page.locator("section.report").count() == len(reports)


# ---------------------------------------------------------------------------------------------- recipients


def test_recipients_grouped_by_organisation_number(
    context: BrowserContext, base: str, repo: Path, site: Path
) -> None:
    by_orgnr: dict[str, int] = defaultdict(int)
    for r in _table(repo, "beslut"):
        if not _sole(r) and r["status"] != WITHDRAWN:
            by_orgnr[r["organisationsnummer"]] += int(r["beviljat_belopp"])
    ranked = sorted(by_orgnr.items(), key=lambda kv: (-kv[1], kv[0]))
    page = _open(context, base + "mottagare/index.html")
    first = page.locator("#grupper tbody tr").first
    assert first.locator("small").inner_text() == ranked[0][0]
    assert int(first.locator("td").nth(1).get_attribute("data-value") or "x") == ranked[0][1]
    page = _open(context, base + f"mottagare/{ranked[0][0]}/index.html")
    assert _value(page, "#total-beviljat") == ranked[0][1]
    # The five largest business-grant recipients can be read off the list sorted by amount.
    pages = {
        p.name for p in (site / "mottagare").iterdir() if p.is_dir() and p.name not in ("sida", "stodform")
    }
    assert pages == set(by_orgnr) | {
        r["organisationsnummer"]
        for r in _table(repo, "beslut")
        if not _sole(r) and r["status"] == WITHDRAWN and r["organisationsnummer"]
    }
    sole = {r["organisationsnummer"] for r in _table(repo, "beslut") if _sole(r) and r["organisationsnummer"]}
    assert not sole & pages, "a sole trader got a page"
    for html in (site / "beslut").glob("*/index.html"):
        text = html.read_text("utf-8")
        assert not any(number in text for number in sole), html


def test_support_type_and_strategic_area_pages(context: BrowserContext, base: str, repo: Path) -> None:
    rows = [r for r in _table(repo, "beslut") if r["status"] != WITHDRAWN]
    for folder, column in (("stodtyp", "stodtyp"), ("strategiomrade", "strategiomrade")):
        totals: dict[str, int] = defaultdict(int)
        for r in rows:
            if r[column]:
                totals[r[column]] += int(r["beviljat_belopp"])
        code, amount = max(totals.items(), key=lambda kv: kv[1])
        page = _open(context, base + f"{folder}/{code}/index.html")
        assert _value(page, "#total-beviljat") == amount
        assert page.locator("#per-ar-tabell tbody tr").count() >= 1


# ---------------------------------------------------------------------------------------- the list of decisions


def _expected(
    repo: Path, *, q: str = "", m: str = "", kommun: str = "", ar: str = ""
) -> list[dict[str, str]]:
    shares = _shares(repo)
    out = []
    for r in _table(repo, "beslut"):
        if q and not all(w in _fold(r["projektnamn"] + " " + r["sammanfattning"]) for w in _fold(q).split()):
            continue
        if m and not all(
            w in _fold(r["stodmottagare"] + " " + r["organisationsnummer"]) for w in _fold(m).split()
        ):
            continue
        if kommun and kommun not in shares[r["arende_id"]]:
            continue
        if ar and not r["beslutsdatum"].startswith(ar):
            continue
        out.append(r)
    return out


def test_search_folds_case_and_diacritics_and_keeps_recipients_apart(
    context: BrowserContext, base: str, repo: Path
) -> None:
    page = _open(context, base + "beslut/index.html")
    _ready(page)
    page.fill("input[name=q]", "turism")
    _ready(page)
    page.select_option("select[name=kommun]", ARE)
    _ready(page)
    expected = _expected(repo, q="turism", kommun=ARE)
    assert len(expected) > 0
    assert _value(page, "#sum-antal") == len(expected)
    assert _value(page, "#sum-beviljat") == sum(
        int(r["beviljat_belopp"]) for r in expected if r["status"] != WITHDRAWN
    )
    # Case and diacritics do not matter; summaries are searched too.
    page.select_option("select[name=kommun]", "")
    _ready(page)
    page.fill("input[name=q]", "ÅRET RUNT")
    _ready(page)
    assert _value(page, "#sum-antal") == len(_expected(repo, q="aret runt")) > 0
    # A recipient's name is found in the recipient search, not in the project search.
    name = next(r["stodmottagare"] for r in _table(repo, "beslut") if not _sole(r))
    word = max(name.split()[1:], key=len)
    page.fill("input[name=q]", "")
    _ready(page)
    page.fill("input[name=m]", word)
    _ready(page)
    assert _value(page, "#sum-antal") == len(_expected(repo, m=word)) > 0
    page.fill("input[name=m]", "")
    _ready(page)
    page.fill("input[name=q]", "exempelbolaget")
    _ready(page)
    assert _value(page, "#sum-antal") == len(_expected(repo, q="exempelbolaget"))


def test_filters_counts_sorting_url_state_and_downloads(
    context: BrowserContext, base: str, repo: Path, tmp_path: Path
) -> None:
    page = _open(context, base + "beslut/index.html")
    _ready(page)
    all_rows = _table(repo, "beslut")
    assert _value(page, "#sum-antal") == len(all_rows)
    # Before any shard is loaded the counts over all decisions come from the list's summary file.
    option = page.locator(f"select[name=kommun] option[value='{BERG}']").inner_text()
    assert option.endswith(f"({len(_expected(repo, kommun=BERG))})"), option
    page.select_option("select[name=ar]", "2023")
    _ready(page)
    # Counts per value: each municipality option counts the decisions of 2023 that concern it.
    option = page.locator(f"select[name=kommun] option[value='{BERG}']").inner_text()
    assert option.endswith(f"({len(_expected(repo, ar='2023', kommun=BERG))})"), option
    page.select_option("select[name=stodform]", "PROJ")
    _ready(page)
    page.fill("input[name=min]", "100000")
    _ready(page)
    expected = [
        r
        for r in _expected(repo, ar="2023")
        if r["stodform"] == "PROJ" and int(r["beviljat_belopp"]) >= 100_000
    ]
    assert _value(page, "#sum-antal") == len(expected) > PAGE // 10
    paid: dict[str, int] = defaultdict(int)
    for p in _table(repo, "utbetalningar"):
        paid[p["arende_id"]] += int(p["belopp"])
    assert _value(page, "#sum-utbetalt") == sum(paid[r["arende_id"]] for r in expected)
    # Sort by amount granted, largest first.
    page.click("th[data-sort=beviljat] button")
    _ready(page)
    first = page.locator("#beslut tbody tr td.num").first
    assert int(first.get_attribute("data-value") or "x") == max(int(r["beviljat_belopp"]) for r in expected)
    assert page.get_attribute("th[data-sort=beviljat]", "aria-sort") == "descending"
    # The whole state is in the URL: a new page (and a reload) shows the same selection.
    url = page.url
    assert re.search(r"#.*ar=2023", url) and "stodform=PROJ" in url and "sort=-beviljat" in url
    shown = page.locator("#beslut tbody tr td:first-child").all_inner_texts()
    again = _open(context, url)
    _ready(again)
    assert (
        again.input_value("select[name=stodform]") == "PROJ"
        and again.input_value("input[name=min]") == "100000"
    )
    assert again.locator("#beslut tbody tr td:first-child").all_inner_texts() == shown
    again.reload()
    _ready(again)
    assert _value(again, "#sum-antal") == len(expected)
    # Downloads of the selection parse back to exactly the filtered rows, in both flavours.
    with page.expect_download() as info:
        page.click("#ladda-csv")
    data = Path(info.value.path()).read_bytes()
    got = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert sorted(got, key=lambda r: r["arende_id"]) == sorted(expected, key=lambda r: r["arende_id"])
    assert [r["arende_id"] for r in got][: len(shown)] == shown  # in the order on screen
    assert list(got[0]) == list(all_rows[0])
    released = (repo / "dist" / "hit-gar-pengarna-1.0.0" / "data" / "beslut.csv").read_text("utf-8")
    assert data.decode("utf-8").startswith(released.split("\n", 1)[0] + "\n")
    assert all(line + "\n" in released for line in data.decode("utf-8").split("\n")[1:-1])  # byte for byte
    with page.expect_download() as info:
        page.click("#ladda-excel")
    excel = Path(info.value.path()).read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and b"\r\n" in excel
    schema = json.loads(
        (repo / "dist" / "hit-gar-pengarna-1.0.0" / "schemas" / "beslut.json").read_text("utf-8")
    )
    frame = read_excel_sv(excel, schema)
    assert frame.to_dict("records") == got


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_list_without_javascript_is_paged_html(
    browser: Browser, site: Path, repo: Path, lang: str
) -> None:
    ordered = sorted(_table(repo, "beslut"), key=lambda r: (r["beslutsdatum"], r["arende_id"]), reverse=True)
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site.resolve().as_uri() + f"/{lang}beslut/index.html")
        assert not page.locator("#filter").is_visible()
        ids = page.locator("#beslut tbody tr td:first-child").all_inner_texts()
        assert ids == [r["arende_id"] for r in ordered[:PAGE]]
        page.click("#sidor a[rel=next]")
        page.wait_for_load_state(
            "load"
        )  # the click returns once the navigation commits; the rows may still parse
        assert page.url.endswith(f"/{lang}beslut/sida/2/index.html")
        ids = page.locator("#beslut tbody tr td:first-child").all_inner_texts()
        assert ids == [r["arende_id"] for r in ordered[PAGE : 2 * PAGE]]
        last = -(-len(ordered) // PAGE)
        page.locator("#sidor a", has_text=str(last)).click()
        page.wait_for_load_state("load")
        ids = page.locator("#beslut tbody tr td:first-child").all_inner_texts()
        assert ids == [r["arende_id"] for r in ordered[(last - 1) * PAGE :]]
        page.click("#beslut tbody tr td:first-child a")
        assert re.search(r"/beslut/[0-9]+/index\.html$", page.url)
    finally:
        ctx.close()
