"""What the pages show, read from an unpacked release folder (never from ``datasets/``: the portal shows exactly
what was released). Tables are read from the canonical CSV flavour with the standard library.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ...codes import SUPPORT_FORMS, WITHDRAWN
from ...identifiers import looks_like_personal_id
from ...releasing import aggregates
from ...releasing.aggregates import DIMENSIONS
from ...validating.privacy import SOLE_TRADER_FORM, SOLE_TRADER_NAME

TOTALS = aggregates.TOTALS.name  # the derived tables the portal reads, named where they are defined
RESULTS = aggregates.RESULTS.name
LABEL_COLUMNS = ("benamning", "kommunnamn", "titel")
MAX_CODES = 40  # a referenced table this small is listed as a code list on the data page


@dataclass(frozen=True)
class TableFiles:
    """One table of a release: its two CSV flavours and their schema."""

    name: str
    title: str
    title_en: str
    description: str
    description_en: str
    derived: bool
    canonical: dict[str, Any]
    excel: dict[str, Any] | None
    schema: dict[str, Any]
    rows: int


@dataclass
class Release:
    """An unpacked release: ``folder`` is ``site/releases/<version>/``."""

    version: str
    folder: Path
    zip_name: str
    zip_sha256: str
    zip_bytes: int
    descriptor: dict[str, Any]
    _tables: dict[str, list[dict[str, str]]] = field(default_factory=dict, repr=False)

    @property
    def date(self) -> str:
        return str(self.descriptor.get("created", ""))[:10]

    @property
    def example(self) -> bool:
        return bool(self.descriptor.get("exempeldata"))

    def text(self, relpath: str) -> str:
        path = self.folder / relpath
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    def json(self, relpath: str) -> Any:
        text = self.text(relpath)
        return json.loads(text) if text else None

    def rows(self, table: str) -> list[dict[str, str]]:
        """The rows of ``table`` (canonical flavour); empty when the release does not have it."""
        if table not in self._tables:
            files = self.files.get(table)
            if files is None:
                self._tables[table] = []
            else:
                text = (self.folder / files.canonical["path"]).read_text(encoding="utf-8")
                self._tables[table] = list(csv.DictReader(io.StringIO(text, newline="")))
        return self._tables[table]

    def stream(self, table: str) -> Iterator[dict[str, str]]:
        """The rows of ``table`` one at a time, not kept (for the tables with a row per decision)."""
        files = self.files.get(table)
        if files is None:
            return
        with (self.folder / files.canonical["path"]).open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)

    @cached_property
    def files(self) -> dict[str, TableFiles]:
        grouped: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for resource in self.descriptor.get("resources", []):
            grouped[str(resource.get("table", resource["name"]))][
                str(resource.get("flavour", "canonical"))
            ] = resource
        found = {}
        for name, flavours in grouped.items():
            canonical = flavours.get("canonical")
            if canonical is None:
                continue
            schema = self.json(str(canonical.get("schema", ""))) or {"fields": []}
            with (self.folder / canonical["path"]).open(encoding="utf-8", newline="") as handle:
                rows = sum(1 for _ in csv.reader(handle)) - 1
            found[name] = TableFiles(
                name=name,
                title=str(canonical.get("title", name)),
                title_en=str(canonical.get("title_en", canonical.get("title", name))),
                description=str(canonical.get("description", "")),
                description_en=str(canonical.get("description_en", "")),
                derived=bool(canonical.get("derived")),
                canonical=canonical,
                excel=flavours.get("excel-sv"),
                schema=schema,
                rows=max(rows, 0),
            )
        # Published tables first, then the derived ones; each group by name.
        return dict(sorted(found.items(), key=lambda item: (item[1].derived, item[0])))

    def code_labels(self, table: str, key: str) -> dict[str, tuple[str, str]]:
        """``code → (sv, en)`` labels of a code table (empty when it has no label column)."""
        rows = self.rows(table)
        if not rows:
            return {}
        column = next((c for c in LABEL_COLUMNS if c in rows[0]), None)
        if column is None or key not in rows[0]:
            return {}
        english = f"{column}_en" if f"{column}_en" in rows[0] else column
        return {row[key]: (row[column], row[english]) for row in rows}


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def is_sole_trader(row: dict[str, str]) -> bool:
    return (
        row.get("juridisk_form") == SOLE_TRADER_FORM
        or row.get("stodmottagare") == SOLE_TRADER_NAME
        or looks_like_personal_id(row.get("organisationsnummer", ""))
    )


@dataclass(frozen=True)
class Overview:
    """The start page's numbers."""

    granted: int
    paid: int
    decisions: int
    first_year: str
    last_year: str
    by_year: list[tuple[str, int, int]]
    by_form: list[tuple[str, int, int]]
    by_kommun: list[tuple[str, str, int, int]]  # code, name, granted, paid (ranked)
    recipients: list[tuple[str, str, int]]  # name, orgnr, granted
    own: list[tuple[str, int]]  # category code, granted (the region's own categories)
    own_total: int
    results_total: int


def overview(release: Release, top: int = 10) -> Overview:
    year: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    kommun: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in release.rows(TOTALS):
        granted, paid = _int(row["beviljat_belopp"]), _int(row["utbetalt_belopp"])
        for bucket in (year[row["ar"]], form[row["stodform"]], kommun[row["kommunkod"], row["kommunnamn"]]):
            bucket[0] += granted
            bucket[1] += paid
    decisions = 0
    recipients: dict[str, list[Any]] = {}
    for row in release.stream("beslut"):  # 100 000 rows at national scale: read, not kept
        if row.get("status") == WITHDRAWN:
            continue
        decisions += 1
        if is_sole_trader(row):
            continue
        key = row.get("organisationsnummer") or row["stodmottagare"]
        entry = recipients.setdefault(key, [row["stodmottagare"], row.get("organisationsnummer", ""), 0])
        entry[2] += _int(row["beviljat_belopp"])
    ranked = sorted(recipients.values(), key=lambda e: (-e[2], e[0], e[1]))[:top]
    own_codes = {r["kod"] for r in release.rows("mottagarkategorier") if r.get("regionens_egen") == "true"}
    by_category: dict[str, int] = defaultdict(int)
    results_total = 0
    for row in release.rows(RESULTS):
        if row["dimension"] == "mottagarkategori":
            results_total += _int(row["beviljat_belopp"])
            if row["varde"] in own_codes:
                by_category[row["varde"]] += _int(row["beviljat_belopp"])
    years = sorted(year)
    forms = [f for f in SUPPORT_FORMS if f in form] + sorted(set(form) - set(SUPPORT_FORMS))
    return Overview(
        granted=sum(v[0] for v in year.values()),
        paid=sum(v[1] for v in year.values()),
        decisions=decisions,
        first_year=years[0] if years else "",
        last_year=years[-1] if years else "",
        by_year=[(y, *year[y]) for y in years],  # type: ignore[misc]
        by_form=[(f, *form[f]) for f in forms],  # type: ignore[misc]
        by_kommun=sorted(((c, n, g, p) for (c, n), (g, p) in kommun.items()), key=lambda k: (-k[2], k[0])),
        recipients=[(str(n), str(o), int(a)) for n, o, a in ranked],
        own=sorted(by_category.items()),
        own_total=sum(by_category.values()),
        results_total=results_total,
    )


@dataclass(frozen=True)
class Dimension:
    name: str
    values: list[tuple[str, int, int]]  # value, decisions, granted
    total: int
    years: list[str]
    by_year: dict[str, dict[str, int]]  # value -> year -> granted


def dimensions(release: Release) -> list[Dimension]:
    """The 2024:99 dimensions of the derived results table, all years and support forms together."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    per_year: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    years: dict[str, set[str]] = defaultdict(set)
    for row in release.rows(RESULTS):
        bucket = counts[row["dimension"]][row["varde"]]
        bucket[0] += _int(row["antal_beslut"])
        bucket[1] += _int(row["beviljat_belopp"])
        per_year[row["dimension"]][row["varde"]][row["ar"]] += _int(row["beviljat_belopp"])
        years[row["dimension"]].add(row["ar"])
    order = {name: index for index, name in enumerate(DIMENSIONS)}
    result = []
    for name in sorted(counts, key=lambda n: (order.get(n, len(order)), n)):
        values = sorted(((v, c, a) for v, (c, a) in counts[name].items()), key=lambda x: (-x[2], x[0]))
        result.append(
            Dimension(
                name=name,
                values=values,
                total=sum(a for _, _, a in values),
                years=sorted(years[name]),
                by_year={v: dict(per_year[name][v]) for v, _, _ in values},
            )
        )
    return result


@dataclass(frozen=True)
class Decision:
    arende_id: str
    diarienummer: str
    date: str
    year: str
    stodform: str
    stodtyp: str
    recipient: str
    project: str
    kommuner: tuple[str, ...]  # codes
    granted: int
    paid: int
    status: str


def decisions(release: Release) -> list[Decision]:
    """Every decision, newest first."""
    shares: dict[str, list[str]] = defaultdict(list)
    for row in release.rows("kommunfordelning"):
        shares[row["arende_id"]].append(row["kommunkod"])
    paid: dict[str, int] = defaultdict(int)
    for row in release.rows("utbetalningar"):
        paid[row["arende_id"]] += _int(row["belopp"])
    found = [
        Decision(
            arende_id=row["arende_id"],
            diarienummer=row.get("diarienummer", ""),
            date=row.get("beslutsdatum", ""),
            year=row.get("beslutsdatum", "")[:4],
            stodform=row.get("stodform", ""),
            stodtyp=row.get("stodtyp", ""),
            recipient=row.get("stodmottagare", ""),
            project=row.get("projektnamn", ""),
            kommuner=tuple(sorted(set(shares.get(row["arende_id"]) or [row.get("kommunkod", "")]))),
            granted=_int(row.get("beviljat_belopp", "0")),
            paid=paid[row["arende_id"]],
            status=row.get("status", ""),
        )
        for row in release.rows("beslut")
    ]
    return sorted(found, key=lambda d: (d.date, d.arende_id), reverse=True)


def changelog_entry(release: Release) -> str:
    """This version's section of the release's CHANGELOG.md (without its heading)."""
    lines = release.text("CHANGELOG.md").splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(f"## {release.version} ")), None)
    if start is None:
        return ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start + 1 : end]).strip("\n")


def diff_summary(release: Release) -> tuple[bool, list[tuple[str, dict[str, int], int]]]:
    """(first release?, [(table, counts, schema changes)]) from diff.json, changed tables only."""
    data = release.json("diff.json") or {}
    first = bool(data.get("first_release"))
    rows = []
    for name, table in sorted((data.get("tables") or {}).items()):
        if not isinstance(table, dict):
            continue
        if isinstance(table.get("counts"), dict):
            counts = {k: int(v) for k, v in table["counts"].items() if int(v)}
        else:
            counts = {k: int(v) for k, v in table.items() if isinstance(v, int) and v}
        schema = len(table.get("schema") or [])
        if counts or schema:
            rows.append((str(name), counts, schema))
    return first, rows
