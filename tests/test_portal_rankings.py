"""The five largest företagsstöd recipients, in Chromium: the recipients of each support form ranked by what they
were granted in it (and by name), organisations only — a sole trader never gets a row or a page (POLICY.md).

Expected figures are computed here from the published package's CSVs, without the library.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import BrowserContext

from tests.portal_fixtures import SOLE_TRADER, WITHDRAWN, _open


def _table(repo: Path, name: str) -> list[dict[str, str]]:
    with (repo / "datasets" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sole(r: dict[str, str]) -> bool:
    return r["juridisk_form"] == "enskild_naringsidkare" or r["stodmottagare"] == SOLE_TRADER


def test_the_five_largest_business_grant_recipients(context: BrowserContext, site: Path, repo: Path) -> None:
    rows = [r for r in _table(repo, "beslut") if r["stodform"] == "FTG" and r["status"] != WITHDRAWN]
    sole = [r for r in rows if _sole(r)]
    assert sole, "the fixture has no sole trader with a business grant"
    # The release already masks them (POLICY.md: name and number removed); any number left must not show.
    numbers = {
        r["organisationsnummer"] for r in _table(repo, "beslut") if _sole(r) and r["organisationsnummer"]
    }
    granted: dict[str, int] = defaultdict(int)
    for r in rows:
        if not _sole(r):
            granted[r["organisationsnummer"]] += int(r["beviljat_belopp"])
    top = sorted(granted.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    base = site.resolve().as_uri() + "/"
    page = _open(context, base + "mottagare/index.html")
    page.click("main a[href$='mottagare/stodform/FTG/index.html']")
    assert page.url.endswith("mottagare/stodform/FTG/index.html")
    listed = page.locator("#mottagare-stodform tbody tr").evaluate_all(
        "rs => rs.map(r => [r.dataset.orgnr, Number(r.cells[3].dataset.value)])"
    )
    assert [tuple(x) for x in listed[:5]] == top
    assert len(listed) == min(len(granted), 200)
    assert all(orgnr for orgnr, _ in listed)
    assert page.locator("#mottagare-stodform th[aria-sort=descending]").count() == 1
    # Each row links the recipient's own page, whose business-grant row agrees.
    page.click("#mottagare-stodform tbody tr:first-child th a")
    assert page.url.endswith(f"mottagare/{top[0][0]}/index.html")
    # Sorted by name: the same organisations.
    page = _open(context, base + "mottagare/stodform/FTG/namn/index.html")
    by_name = page.locator("#mottagare-stodform tbody tr").evaluate_all("rs => rs.map(r => r.dataset.orgnr)")
    assert sorted(by_name) == sorted(o for o, _ in listed)
    names = page.locator("#mottagare-stodform tbody th a").all_inner_texts()
    assert names == sorted(names, key=str.casefold)
    # No sole trader anywhere in the form lists.
    for html in (site / "mottagare" / "stodform").rglob("index.html"):
        text = html.read_text("utf-8")
        assert SOLE_TRADER not in text, html
        assert not any(number in text for number in numbers), html
    for number in numbers:
        assert not (site / "mottagare" / number).exists()
    # Every support form with recipients has its list.
    forms = {r["stodform"] for r in _table(repo, "beslut") if not _sole(r) and r["status"] != WITHDRAWN}
    assert {p.name for p in (site / "mottagare" / "stodform").iterdir()} == forms
