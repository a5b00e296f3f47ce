"""The 2024:99 results in Chromium: every dimension by stödform, by year and by municipality (resultat/ and
resultat/<dimension>/), the outcomes per indicator by stödform, year, municipality and sex (resultat/utfall/), and
the municipality page's share of both.

Expected figures are computed here from the published package's CSVs, without the library.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.portal_fixtures import WITHDRAWN, _open
from tests.test_portal_pages import _shares, _table

BERG = "2326"
DIMENSION = "jamstalldhet"
SEXED = "nya_arbetstillfallen"  # konsuppdelad = true in indikatorer.csv
UNSEXED = "privat_investering"


def _cells(page: Page, selector: str) -> list[int]:
    return page.locator(selector).evaluate_all("cs => cs.map(c => Number(c.dataset.value))")


@pytest.fixture
def site_url(site: Path) -> str:
    return site.resolve().as_uri() + "/"


def _active_with(repo: Path, dimension: str) -> list[tuple[dict[str, str], str]]:
    values = {r["arende_id"]: r[dimension] or "uppgift_saknas" for r in _table(repo, "hallbarhet")}
    return [
        (r, values.get(r["arende_id"], "uppgift_saknas"))
        for r in _table(repo, "beslut")
        if r["status"] != WITHDRAWN
    ]


def test_every_dimension_by_support_form_and_year(context: BrowserContext, site_url: str, repo: Path) -> None:
    rows = _active_with(repo, DIMENSION)
    granted: dict[tuple[str, str], int] = defaultdict(int)
    counted: dict[tuple[str, str], int] = defaultdict(int)
    by_year: dict[tuple[str, str], int] = defaultdict(int)
    for r, value in rows:
        granted[value, r["stodform"]] += int(r["beviljat_belopp"])
        counted[value, r["stodform"]] += 1
        by_year[value, r["beslutsdatum"][:4]] += int(r["beviljat_belopp"])
    page = _open(context, site_url + "resultat/index.html")
    table = page.locator(f"#{DIMENSION}-per-stodform")
    forms = {form for _, form in granted}
    assert len(forms) == 3
    for (value, form), amount in granted.items():
        row = table.locator("tbody tr", has=page.locator("th", has_text=_label(page, value)))
        cells = row.locator(f"td[data-form='{form}']")
        assert int(cells.nth(0).get_attribute("data-value") or "x") == counted[value, form]
        assert int(cells.nth(1).get_attribute("data-value") or "x") == amount, (value, form)
    year = page.locator(f"#{DIMENSION}-per-ar td[data-year='2023']")
    assert sum(_cells(page, f"#{DIMENSION}-per-ar td[data-year='2023']")) == sum(
        a for (_, y), a in by_year.items() if y == "2023"
    )
    assert year.count() == len({v for v, _ in granted})
    # Every dimension of the derived table has its split by support form and its page by municipality.
    sections = page.locator("main section[id]").evaluate_all("ss => ss.map(s => s.id)")
    assert DIMENSION in sections and "vd_kon" in sections and len(sections) >= 10
    for name in sections:
        assert page.locator(f"#{name}-per-stodform").count() == 1
        assert page.locator(f"a[href$='resultat/{name}/index.html']").count() == 1


def _label(page: Page, code: str) -> str:
    labels = {"huvudsyfte": "Huvudsyfte", "integrerat": "Integrerat", "beaktat": "Beaktat"}
    labels |= {"ej_relevant": "Ej relevant", "ej_bedomt": "Ej bedömt", "uppgift_saknas": "Uppgift saknas"}
    return labels[code]


def test_a_dimension_by_municipality_adds_up_and_matches_the_csvs(
    context: BrowserContext, site_url: str, repo: Path
) -> None:
    shares = _shares(repo)
    exact: dict[str, Fraction] = defaultdict(Fraction)
    county: dict[str, int] = defaultdict(int)
    split = 0
    for r, value in _active_with(repo, DIMENSION):
        county[value] += int(r["beviljat_belopp"])
        part = shares[r["arende_id"]]
        if BERG in part:
            exact[value] += int(r["beviljat_belopp"]) * part[BERG] / sum(part.values())
            split += len(part) > 1
    assert split > 0, "the fixture has no split decision in Berg"
    page = _open(context, site_url + f"resultat/{DIMENSION}/index.html")
    assert page.locator("#per-kommun tbody tr").count() == 8
    for value, amount in county.items():
        column = _cells(page, f"#per-kommun tbody td[data-varde='{value}']")
        foot = _cells(page, f"#per-kommun tfoot td[data-varde='{value}']")
        assert sum(column) == foot[0] == amount, value
        berg = _cells(page, f"#kommun-{BERG} td[data-varde='{value}']")[0]
        assert abs(berg - exact[value]) <= split, value
    # Every municipality links its page, and the municipality page shows the same part.
    berg_row = _cells(page, f"#kommun-{BERG} td[data-varde]")
    page.click(f"#kommun-{BERG} th a")
    assert page.url.endswith(f"kommun/{BERG}/index.html")
    values = page.locator(f"#res-{DIMENSION} tbody tr").evaluate_all(
        "rs => Object.fromEntries(rs.map(r => [r.dataset.varde, Number(r.cells[2].dataset.value)]))"
    )
    header = _open(context, site_url + f"resultat/{DIMENSION}/index.html")
    codes = header.locator(f"#kommun-{BERG} td[data-varde]").evaluate_all(
        "cs => cs.map(c => c.dataset.varde)"
    )
    assert values == dict(zip(codes, berg_row, strict=True))


def _decimal(value: str) -> Decimal:
    return Decimal(value) if value else Decimal(0)


def test_outcomes_by_support_form_year_municipality_and_sex(
    context: BrowserContext, site_url: str, repo: Path
) -> None:
    decisions = {r["arende_id"]: r for r in _table(repo, "beslut")}
    shares = _shares(repo)
    follow = [r for r in _table(repo, "uppfoljning") if r["indikator"] == SEXED]
    women = sum(_decimal(r["utfall_kvinnor"]) for r in follow)
    men = sum(_decimal(r["utfall_man"]) for r in follow)
    outcome = sum(_decimal(r["utfall"]) for r in follow)
    business = sum(_decimal(r["utfall"]) for r in follow if decisions[r["arende_id"]]["stodform"] == "FTG")
    in_2023 = sum(_decimal(r["utfall_kvinnor"]) for r in follow if r["period_slut"].startswith("2023"))
    berg_alone = sum(_decimal(r["utfall"]) for r in follow if set(shares[r["arende_id"]]) == {BERG})
    assert women and men and business and in_2023 and berg_alone

    page = _open(context, site_url + "resultat/utfall/index.html")
    assert Decimal(page.get_attribute(f"#oversikt-{SEXED} td:nth-child(5)", "data-value") or "x") == outcome
    assert Decimal(page.get_attribute(f"#oversikt-{SEXED} td:nth-child(6)", "data-value") or "x") == women
    assert Decimal(page.get_attribute(f"#oversikt-{SEXED} td:nth-child(7)", "data-value") or "x") == men
    # The overview links every indicator to its own page (one page each keeps a page small at national scale).
    links = page.locator("#utfall-oversikt tbody th a").evaluate_all(
        "as => as.map(a => a.getAttribute('href'))"
    )
    codes = {r["indikator"] for r in _table(repo, "uppfoljning")}
    assert sorted(links) == sorted(f"../../resultat/utfall/{code}/index.html" for code in codes)
    assert page.locator(f"#{SEXED}-per-stodform").count() == 0
    page = _open(context, site_url + f"resultat/utfall/{SEXED}/index.html")
    ftg = page.locator(f"#{SEXED}-per-stodform tr[data-key='FTG'] td")
    assert Decimal(ftg.nth(2).get_attribute("data-value") or "x") == business
    year = page.locator(f"#{SEXED}-per-ar tr[data-key='2023'] td")
    assert Decimal(year.nth(3).get_attribute("data-value") or "x") == in_2023
    # By municipality, with the shared decisions on a row of their own: the rows add up to the county.
    kommun_outcomes = page.locator(f"#{SEXED}-per-kommun tbody tr td:nth-child(4)").evaluate_all(
        "cs => cs.map(c => c.dataset.value)"
    )
    assert sum(Decimal(v) for v in kommun_outcomes) == outcome
    assert page.locator(f"#{SEXED}-per-kommun tr[data-key='flera']").count() == 1
    berg = page.locator(f"#{SEXED}-per-kommun tr[data-key='{BERG}'] td")
    assert Decimal(berg.nth(2).get_attribute("data-value") or "x") == berg_alone
    # The chart keeps its numbers in a table: women and men by year.
    chart = page.locator(f"#utfall-{SEXED} tfoot td")
    assert [int(v) for v in chart.evaluate_all("cs => cs.map(c => c.dataset.value)")] == [
        int(women),
        int(men),
    ]
    # An indicator without a sex split says so instead of showing zeros.
    page = _open(context, site_url + "resultat/utfall/index.html")
    assert "ej könsuppdelad" in page.inner_text(f"#oversikt-{UNSEXED}")
    page = _open(context, site_url + f"resultat/utfall/{UNSEXED}/index.html")
    assert page.locator(f"#{UNSEXED}-per-ar tbody tr").count() > 0
    assert page.locator(f"#{UNSEXED}-per-ar th", has_text="Varav kvinnor").count() == 0
    # The municipality page shows the outcomes of its own decisions.
    page = _open(context, site_url + f"kommun/{BERG}/index.html")
    row = page.locator(f"#res-utfall tr[data-indikator='{SEXED}'] td")
    assert Decimal(row.nth(1).get_attribute("data-value") or "x") == berg_alone
