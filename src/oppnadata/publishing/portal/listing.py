"""The searchable list of decisions at national scale.

Without JavaScript the list is paged HTML (``beslut/index.html``, ``beslut/sida/<n>/index.html``, newest first,
:data:`PAGE` decisions a page). With it, ``static/beslut.js`` loads the data on demand in small pieces — shards of
:data:`SHARD` decisions in file order, each a script that registers itself (``oppnadata.shard(kind, n, data)``),
so the same files work opened from ``file://`` (where Chromium blocks ``fetch`` of local files), from any static
host and from ``oppnadata serve``:

- ``beslut/data/s-0000.js`` — the counts per value of every filter and the totals over all decisions, so the
  list shows them at once, before any shard is loaded;
- ``beslut/data/f-NNNN.js`` — the facets and list columns (loaded when the reader first filters, sorts or pages);
- ``beslut/data/v-0000.js`` and ``beslut/data/i-NNNN.js`` — the project text search's inverted index: the
  vocabulary (every word of the project names and summaries, folded, grouped by shard) and, per shard, each
  word's decisions (rows in file order, delta-coded). A search loads the vocabulary and only the shards of the
  words it matches (see :func:`search_index`);
- ``beslut/data/r-NNNN.js`` — each decision's row of ``beslut`` in both CSV flavours, byte for byte as in the
  release (loaded only for a download of the selection).
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from itertools import islice, pairwise
from pathlib import Path
from typing import Any

from . import texts
from .catalog import Catalog, Decision
from .frame import Page, PageRenderer

PAGE = 100
SHARD = 1000
DATA = "beslut/data/"
POSTINGS = 25_000  # decisions listed per index shard, about 100 KB (a word's list is never split)
MARKS = re.compile("[\u0300-\u036f]")
# JavaScript's \s, so that a word here is a word in static/beslut.js
SPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


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


def fold(text: str) -> str:
    """Case and diacritics folded as ``fold`` in static/beslut.js does it (NFD, combining marks dropped, lower)."""
    return MARKS.sub("", unicodedata.normalize("NFD", text)).lower()


def words(text: str) -> list[str]:
    return [w for w in SPACE.split(fold(text)) if w]


def search_index(decisions: Sequence[Decision]) -> tuple[list[list[str]], list[list[array[int]]]]:
    """(vocabulary by shard, postings by shard) of the project names and summaries.

    A query word matches a decision when it is part of one of its words (a substring, so ``turism`` finds
    ``naturturism``): the page looks the query word up in the vocabulary and loads only the shards holding the
    words that contain it. Words are grouped into shards by their first two letters, in sorted order, until a
    shard lists about :data:`POSTINGS` decisions; a word's decisions are its rows in file order (compact arrays:
    millions of them at national scale), delta-coded when the shard is written (:func:`delta_coded`)."""
    found: dict[str, array[int]] = {}
    for row, d in enumerate(decisions):
        for word in set(words(d.project)) | set(words(d.summary)):
            rows = found.get(word)
            if rows is None:
                rows = found[word] = array("l")
            rows.append(row)
    vocab: list[list[str]] = []
    postings: list[list[array[int]]] = []
    size, prefix = POSTINGS, ""
    for word in sorted(found):
        if size >= POSTINGS and word[:2] != prefix:
            vocab.append([])
            postings.append([])
            size = 0
        prefix = word[:2]
        rows = found[word]
        vocab[-1].append(word)
        postings[-1].append(rows)
        size += len(rows)
    return vocab, postings


def delta_coded(rows: array[int]) -> list[int]:
    return [rows[0], *(b - a for a, b in pairwise(rows))]


def summary(decisions: Sequence[Decision], vocab_shards: int) -> dict[str, Any]:
    """The counts per value of every filter over all decisions, and the totals (as static/beslut.js counts)."""
    counts: dict[str, dict[str, int]] = {
        name: defaultdict(int)
        for name in ("ar", "stodform", "stodtyp", "kommun", "kategori", "omrade", "status")
    }
    granted = paid = 0
    for d in decisions:
        for name, value in (("ar", d.year), ("stodform", d.stodform), ("stodtyp", d.stodtyp),
                            ("kategori", d.category), ("omrade", d.area), ("status", d.status)):  # fmt: skip
            counts[name][value] += 1
        for code in d.parts:
            counts["kommun"][code] += 1
        granted += 0 if d.withdrawn else d.granted
        paid += d.paid
    return {
        "antal": len(decisions),
        "beviljat": granted,
        "utbetalt": paid,
        "counts": {name: dict(sorted(values.items())) for name, values in counts.items()},
        "index": vocab_shards,
    }


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


INDEX_SHARDS = "index"  # s-, v- and i- files: the counts and totals, and the search index
ROW_SHARDS = "rows"  # f- and r- files: the facets and list columns, and the rows of both CSV flavours
SHARD_PARTS = (INDEX_SHARDS, ROW_SHARDS)


def shards(
    catalog: Catalog, parts: Collection[str] = SHARD_PARTS
) -> tuple[int, dict[str, str], Iterator[Page]]:
    """(number of shards, the header line of each flavour, the shard files of ``parts``)."""
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
        if INDEX_SHARDS in parts:
            vocab, postings = search_index(decisions)
            yield Page(shard_name("s", 0), _script("s", 0, summary(decisions, len(vocab))))
            yield Page(shard_name("v", 0), _script("v", 0, vocab))
            for number, shard in enumerate(postings):
                yield Page(shard_name("i", number), _script("i", number, [delta_coded(r) for r in shard]))
        if ROW_SHARDS not in parts:
            return
        for number in range(count):
            chunk = decisions[number * SHARD : (number + 1) * SHARD]
            yield Page(shard_name("f", number), _script("f", number, [facet(d) for d in chunk]))
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
    renderer: PageRenderer, catalog: Catalog, lang: str, count: int, header: dict[str, str]
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
