"""The tile map of the county's municipalities: one labelled square per municipality, placed from the code list
``src/oppnadata/data/kommunrutor.csv`` (no boundary data), each linking its page, with the figures of the table."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from oppnadata.errors import DescriptorError
from oppnadata.publishing.portal.tilemap import parse_positions, tile_map
from tests.portal_fixtures import _open

BERG = "2326"


def _code_list() -> dict[str, tuple[int, int]]:
    text = resources.files("oppnadata").joinpath("data", "kommunrutor.csv").read_text(encoding="utf-8")
    return {r["kommunkod"]: (int(r["rad"]), int(r["kolumn"])) for r in csv.DictReader(text.splitlines())}


def test_the_tile_map_in_the_browser(context: BrowserContext, site: Path, repo: Path) -> None:
    with (repo / "datasets" / "kommuner.csv").open(encoding="utf-8", newline="") as handle:
        kommuner = [r["kommunkod"] for r in csv.DictReader(handle)]
    squares = _code_list()
    base = site.resolve().as_uri() + "/"
    page = _open(context, base + "kommun/index.html")
    tiles = page.locator("#kommunkarta li").evaluate_all(
        "ls => ls.map(l => { const b = l.getBoundingClientRect(); const s = getComputedStyle(l);"
        " return [l.dataset.kommun, Number(s.gridRowStart), Number(s.gridColumnStart), b.left, b.top,"
        " Number(l.querySelector('.tile-value').dataset.value), l.querySelector('a').textContent] })"
    )
    assert sorted(t[0] for t in tiles) == sorted(kommuner)
    top = min(squares[k][0] for k in kommuner)
    left = min(squares[k][1] for k in kommuner)
    table = dict(
        page.locator("#grupper tbody tr").evaluate_all(
            "rs => rs.map(r => [r.querySelector('a').getAttribute('href').split('/').slice(-2)[0],"
            " Number(r.cells[2].dataset.value)])"
        )
    )
    for code, row, col, x, y, granted, text in tiles:
        # Placed on the square of the code list, labelled, with the table's amount.
        assert (row, col) == (squares[code][0] - top + 1, squares[code][1] - left + 1), code
        assert granted == table[code] and text.strip()
        for other, row2, col2, x2, y2, *_ in tiles:
            if row2 > row:
                assert y2 > y, (code, other)
            if row2 == row and col2 > col:
                assert x2 > x and abs(y2 - y) < 1, (code, other)
    # Every tile links its municipality's page, where its own tile is marked as the current page.
    page.click(f"#kommunkarta li[data-kommun='{BERG}'] a")
    assert page.url.endswith(f"kommun/{BERG}/index.html")
    assert (
        page.locator("#kommunkarta a[aria-current=page]")
        .get_attribute("href", timeout=5_000)
        .endswith(f"kommun/{BERG}/index.html")
    )
    assert page.locator("#kommunkarta li").count() == len(kommuner)


def test_the_code_list_is_checked() -> None:
    header = "kommunkod,kommunnamn,rad,kolumn\n"
    assert parse_positions(header + "2303,Ragunda,2,3\n2305,Bräcke,3,3\n") == {"2303": (2, 3), "2305": (3, 3)}
    with pytest.raises(DescriptorError, match="also 2303"):
        parse_positions(header + "2303,Ragunda,2,3\n2305,Bräcke,2,3\n")
    with pytest.raises(DescriptorError, match="whole numbers"):
        parse_positions(header + "2303,Ragunda,två,3\n")
    with pytest.raises(DescriptorError, match="outside"):
        parse_positions(header + "2303,Ragunda,0,3\n")
    # Another county's municipality may use the same square (each county is its own map).
    assert len(parse_positions(header + "2303,Ragunda,2,3\n2403,Bjurholm,2,3\n")) == 2


def test_a_municipality_without_a_square_is_listed_not_lost() -> None:
    found = tile_map([("2326", "Berg", 10), ("9999", "Okänd", 5)])
    assert [t.code for t in found.tiles] == ["2326"] and found.unplaced == (("9999", "Okänd"),)
    assert (found.rows, found.cols) == (1, 1)
