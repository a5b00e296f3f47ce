"""A labelled tile map of the county's municipalities: one square per municipality on a schematic grid, each a
link to the municipality's page with its amount granted. No boundaries are drawn (none can be shipped with a
licence); the positions come from the code list ``data/kommunrutor.csv``, so another county is a few rows there.

The tiles are an ordered list of links (north to south, west to east), placed on the grid by CSS classes
(``r<row> c<column>``: the pages' Content-Security-Policy allows no inline styles); the same figures are in the
table beside the map, which is the map's text alternative.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ...errors import DescriptorError

POSITIONS = "kommunrutor.csv"
MAX_SIDE = 12  # rows and columns the stylesheet places (static/style.css: .tilemap .r1 … .r12, .c1 … .c12)


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    row: int
    col: int
    granted: int


@dataclass(frozen=True)
class TileMap:
    rows: int
    cols: int
    tiles: tuple[Tile, ...]  # in reading order: by row, then column
    unplaced: tuple[
        tuple[str, str], ...
    ]  # (code, name) the code list has no square for (listed after the grid)


@cache
def positions() -> dict[str, tuple[int, int]]:
    """``kommunkod → (row, column)`` from the shipped code list."""
    return parse_positions(
        resources.files("oppnadata").joinpath("data", POSITIONS).read_text(encoding="utf-8")
    )


def parse_positions(text: str) -> dict[str, tuple[int, int]]:
    """``kommunkod → (row, column)`` from the code list's text; a bad row is refused with what to fix."""
    found: dict[str, tuple[int, int]] = {}
    taken: dict[tuple[str, int, int], str] = {}
    for number, row in enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2):
        code = (row.get("kommunkod") or "").strip()
        try:
            place = int(row["rad"]), int(row["kolumn"])
        except (KeyError, TypeError, ValueError) as err:
            raise DescriptorError.coded(
                "portal-tile-not-number", file=POSITIONS, row=number, kommunkod=code
            ) from err
        if not (1 <= place[0] <= MAX_SIDE and 1 <= place[1] <= MAX_SIDE):
            raise DescriptorError.coded(
                "portal-tile-outside", file=POSITIONS, row=number, kommunkod=code, place=place, max=MAX_SIDE
            )
        county = code[:2]
        other = taken.get((county, *place))
        if other or code in found:
            raise DescriptorError.coded(
                "portal-tile-taken" if other else "portal-tile-twice",
                file=POSITIONS,
                row=number,
                kommunkod=code,
                place=place,
                other=other,
            )
        taken[county, *place] = code
        found[code] = place
    return found


def tile_map(figures: list[tuple[str, str, int]]) -> TileMap:
    """The map of ``figures`` (code, name, granted), on the squares of the code list."""
    known = positions()
    placed = [Tile(c, n, *known[c], g) for c, n, g in figures if c in known]
    if not placed:
        return TileMap(0, 0, (), tuple((c, n) for c, n, _ in figures))
    top = min(t.row for t in placed)
    left = min(t.col for t in placed)
    shifted = sorted(
        (Tile(t.code, t.name, t.row - top + 1, t.col - left + 1, t.granted) for t in placed),
        key=lambda t: (t.row, t.col),
    )
    return TileMap(
        rows=max(t.row for t in shifted),
        cols=max(t.col for t in shifted),
        tiles=tuple(shifted),
        unplaced=tuple((c, n) for c, n, _ in figures if c not in known),
    )
