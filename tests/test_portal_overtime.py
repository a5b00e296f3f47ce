"""The over-time view per municipality and per recipient organisation, in Chromium: granted and paid per year as a
chart whose numbers are a table, and granted per decision year and support form. Expected figures are computed
here from the published package's CSVs (and the release's derived totals), without the library."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import BrowserContext, Page

from tests.portal_fixtures import SOLE_TRADER, WITHDRAWN, _open

BERG = "2326"


def _table(repo: Path, name: str) -> list[dict[str, str]]:
    with (repo / "datasets" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rows(page: Page, selector: str) -> dict[str, list[int]]:
    return dict(
        page.locator(selector).evaluate_all(
            "rs => rs.map(r => [r.querySelector('th').textContent.trim(),"
            " [...r.querySelectorAll('td')].map(c => Number(c.dataset.value))])"
        )
    )


def test_a_recipient_over_time(context: BrowserContext, site: Path, repo: Path) -> None:
    decisions = [
        r for r in _table(repo, "beslut") if r["organisationsnummer"] and r["stodmottagare"] != SOLE_TRADER
    ]
    years: dict[str, set[str]] = defaultdict(set)
    for r in decisions:
        if r["status"] != WITHDRAWN:
            years[r["organisationsnummer"]].add(r["beslutsdatum"][:4])
    orgnr = max(years, key=lambda o: (len(years[o]), o))
    assert len(years[orgnr]) >= 3, "the fixture has no recipient with decisions over three years"
    mine = {r["arende_id"]: r for r in decisions if r["organisationsnummer"] == orgnr}
    granted: dict[str, int] = defaultdict(int)
    for r in mine.values():
        if r["status"] != WITHDRAWN:
            granted[r["beslutsdatum"][:4]] += int(r["beviljat_belopp"])
    paid: dict[str, int] = defaultdict(int)
    for p in _table(repo, "utbetalningar"):
        if p["arende_id"] in mine:
            paid[p["ar"]] += int(p["belopp"])
    page = _open(context, site.resolve().as_uri() + f"/mottagare/{orgnr}/index.html")
    table = _rows(page, "#per-ar-tabell tbody tr")
    assert {y: v[1] for y, v in table.items() if v[1]} == dict(granted)
    assert {y: v[2] for y, v in table.items() if v[2]} == {y: a for y, a in paid.items() if a}
    # The chart's numbers are the table's: granted and paid per year.
    chart = _rows(page, "#per-ar figcaption tbody tr")
    assert chart == {y: [v[1], v[2]] for y, v in table.items()}
    bars = page.locator("#per-ar .bars rect").count()
    assert bars == 2 * len(table)


def test_a_municipality_over_time_by_support_form(context: BrowserContext, site: Path, repo: Path) -> None:
    derived = repo / "dist" / "hit-gar-pengarna-1.0.0" / "data" / "totaler_ar_stodform_kommun.csv"
    with derived.open(encoding="utf-8") as handle:
        expected: dict[tuple[str, str], int] = defaultdict(int)
        for r in csv.DictReader(handle):
            if r["kommunkod"] == BERG:
                expected[r["ar"], r["stodform"]] += int(r["beviljat_belopp"])
    assert len({form for _, form in expected}) > 1
    page = _open(context, site.resolve().as_uri() + f"/kommun/{BERG}/index.html")
    found = page.locator("#over-tid tbody tr td[data-form]:nth-child(odd)").evaluate_all(
        "cs => cs.map(c => [c.parentElement.dataset.year, c.dataset.form, Number(c.dataset.value)])"
    )
    shown = {(y, f): v for y, f, v in found if v}
    assert shown == {k: v for k, v in expected.items() if v}
    totals = _rows(page, "#over-tid tbody tr")
    per_year = _rows(page, "#per-ar-tabell tbody tr")
    for year, cells in totals.items():
        assert cells[-1] == per_year[year][1], year
