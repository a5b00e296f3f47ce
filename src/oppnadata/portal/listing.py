"""The searchable list of decisions at national scale.

Without JavaScript the list is paged HTML (``beslut/index.html``, ``beslut/sida/<n>/index.html``, newest first,
:data:`PAGE` decisions a page). With it, ``static/beslut.js`` loads the data on demand in small pieces — shards of
:data:`SHARD` decisions in file order, each a script that registers itself (``oppnadata.shard(kind, n, data)``),
so the same files work opened from ``file://`` (where Chromium blocks ``fetch`` of local files), from any static
host and from ``oppnadata serve``:

- ``beslut/data/f-NNNN.js`` — the facets and list columns (loaded in the background after the first paint);
- ``beslut/data/t-NNNN.js`` — the summaries (loaded only when a project text search needs them);
- ``beslut/data/r-NNNN.js`` — each decision's row of ``beslut`` in both CSV flavours, byte for byte as in the
  release (loaded only for a download of the selection).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import texts
from .catalog import Catalog, Decision

if TYPE_CHECKING:
    from .pages import Page, Renderer

PAGE = 100
SHARD = 1000
DATA = "beslut/data/"


def shard_name(kind: str, number: int) -> str:
    return f"{DATA}{kind}-{number:04d}.js"


def _script(kind: str, number: int, payload: Any) -> str:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f'oppnadata.shard("{kind}",{number},{body});\n'


def facet(d: Decision) -> list[Any]:
    parts = [[code, g, p] for code, (g, p) in sorted(d.parts.items())]
    return [
        d.arende_id,
        d.date,
        d.stodform,
        d.stodtyp,
        parts,
        d.category,
        d.area,
        d.status,
        d.granted,
        d.paid,
        d.recipient,
        d.orgnr,
        d.project,
    ]


def records(path: Path, encoding: str) -> Iterator[str]:
    """The records of a CSV file exactly as written, without their line ends: a record ends at a line end
    outside quotes (an even number of ``"`` so far, as doubled quotes inside a field keep it even)."""
    with path.open(encoding=encoding, newline="") as handle:
        record = ""
        for line in handle:
            record += line
            if record.count('"') % 2 == 0:
                yield record.removesuffix("\n").removesuffix("\r")
                record = ""
        if record:
            yield record


def shards(catalog: Catalog) -> tuple[int, dict[str, str], Iterator[Page]]:
    """(number of shards, the header line of each flavour, the shard files)."""
    from .pages import Page

    release = catalog.release
    files = release.files["beslut"]
    canonical = records(release.folder / files.canonical["path"], "utf-8")
    excel = records(release.folder / files.excel["path"], "utf-8-sig") if files.excel else iter(())
    count = (len(catalog.in_file_order) + SHARD - 1) // SHARD
    header = {"c": next(canonical)}
    excel_header = next(excel, None)
    if excel_header is not None:
        header["x"] = excel_header

    def generate() -> Iterator[Page]:
        decisions = catalog.in_file_order
        for number in range(count):
            chunk = decisions[number * SHARD : (number + 1) * SHARD]
            yield Page(shard_name("f", number), _script("f", number, [facet(d) for d in chunk]))
            yield Page(shard_name("t", number), _script("t", number, [d.summary for d in chunk]))
            rows = {"c": list(islice(canonical, len(chunk)))}
            if excel_header is not None:
                rows["x"] = list(islice(excel, len(chunk)))
            yield Page(shard_name("r", number), _script("r", number, rows))

    return count, header, generate()


def _pager(number: int, count: int) -> list[tuple[str, int, str]]:
    """A windowed pager: first, the pages around this one, last (label, page number, slug)."""
    wanted = sorted({1, count, *range(max(1, number - 3), min(count, number + 3) + 1)})
    return [(str(n), n, page_slug(n)) for n in wanted]


def page_slug(number: int) -> str:
    return "beslut/index.html" if number == 1 else f"beslut/sida/{number}/index.html"


def pages(
    renderer: Renderer, catalog: Catalog, lang: str, count: int, header: dict[str, str]
) -> Iterator[Page]:
    t = texts.texts(lang)
    found = catalog.decisions
    pages_count = max(1, (len(found) + PAGE - 1) // PAGE)
    labels = renderer_labels(catalog)
    first_page_of_year: dict[str, int] = {}
    for index, d in enumerate(found):
        first_page_of_year.setdefault(d.year, index // PAGE + 1)
    form = {
        "years": sorted(first_page_of_year, reverse=True),
        "forms": [f for f in texts.STODFORM if f in {d.stodform for d in found}],
        **labels,
        "kommun_names": {code: names[0] for code, names in labels["kommuner"]},
    }
    for number in range(1, pages_count + 1):
        chunk = found[(number - 1) * PAGE : number * PAGE]
        yield renderer._page(
            lang,
            page_slug(number),
            "decisions.html",
            {
                "title": t["decisions_title"] if number == 1 else t["decisions_page"].format(page=number),
                "rows": chunk,
                "number": number,
                "pages_count": pages_count,
                "pager": _pager(number, pages_count),
                "prev_slug": page_slug(number - 1) if number > 1 else "",
                "next_slug": page_slug(number + 1) if number < pages_count else "",
                "year_pages": sorted(first_page_of_year.items(), reverse=True),
                "total": len(found),
                "shards": count,
                "header": header,
                "shard_size": SHARD,
                "f": form,
                "first": (number - 1) * PAGE + 1,
                "last": (number - 1) * PAGE + len(chunk),
            },
        )


def renderer_labels(catalog: Catalog) -> dict[str, list[tuple[str, tuple[str, str]]]]:
    release = catalog.release
    used = {
        "stodtyp": {d.stodtyp for d in catalog.in_file_order},
        "kategori": {d.category for d in catalog.in_file_order},
        "omrade": {d.area for d in catalog.in_file_order},
    }
    return {
        "types": sorted(
            (k, v) for k, v in release.code_labels("stodtyper", "kod").items() if k in used["stodtyp"]
        ),
        "kommuner": sorted(release.code_labels("kommuner", "kommunkod").items()),
        "categories": sorted(
            (k, v)
            for k, v in release.code_labels("mottagarkategorier", "kod").items()
            if k in used["kategori"]
        ),
        "areas": sorted(
            (k, v) for k, v in release.code_labels("strategiomraden", "kod").items() if k in used["omrade"]
        ),
        "statuses": list(texts.STATUS.items()),
    }
