"""The 2024:99 results as readers need them: every dimension by stödform, by year and by municipality, and the
follow-up outcomes per indicator (by stödform, year and municipality, by sex where the indicator has a sex split).

By stödform and by year come straight from the release's derived table ``resultatredovisning``. That table has no
municipality, so the split by municipality is computed from the release's ``beslut``, ``hallbarhet`` and
``kommunfordelning`` with the parts :class:`~oppnadata.publishing.portal.catalog.Catalog` already holds (the same
largest-remainder split as ``totaler_ar_stodform_kommun``): the parts of a dimension add up to its total exactly.

Outcomes are not money and a project's jobs cannot be divided by a share: an outcome counts for a municipality when
its decision concerns that municipality alone; outcomes of decisions shared by several municipalities are a row of
their own (:data:`SHARED`), so the rows add up to the county's figure.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...codes import BUSINESS, MISSING, SUPPORT_FORMS
from . import charts, texts
from .catalog import Catalog
from .model import RESULTS, Dimension, dimensions
from .texts import number

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .frame import Page, PageRenderer

SHARED = "flera"  # the municipality key of outcomes of decisions that concern several municipalities
FORM_ORDER = SUPPORT_FORMS


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value.strip() else None
    except InvalidOperation:
        return None


@dataclass
class Breakdown:
    """One dimension: its values (largest first) with decisions and granted by stödform, year and municipality."""

    dim: Dimension
    forms: list[str]
    by_form: dict[str, dict[str, list[int]]]  # value -> stödform -> [decisions, granted]
    kommuner: list[str]  # municipality codes in the county's order
    by_kommun: dict[str, dict[str, list[int]]]  # value -> kommun -> [decisions concerning it, granted part]

    @property
    def name(self) -> str:
        return self.dim.name

    def kommun_total(self, kommun: str) -> int:
        return sum(self.by_kommun[v].get(kommun, [0, 0])[1] for v in self.by_kommun)


Figures = tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]


def figures(row: dict[str, str]) -> Figures:
    """A follow-up row's target, outcome, outcome for women and for men (None when empty or not a number)."""
    return (
        _decimal(row.get("malvarde", "")),
        _decimal(row.get("utfall", "")),
        _decimal(row.get("utfall_kvinnor", "")),
        _decimal(row.get("utfall_man", "")),
    )


@dataclass
class Sums:
    """Follow-up figures summed: rows, decisions, target, outcome, and the outcome for women and for men (summed
    over the rows that give them; ``split_rows`` says how many do)."""

    rows: int = 0
    cases: set[str] = field(default_factory=set)
    target: Decimal = Decimal(0)
    outcome: Decimal = Decimal(0)
    women: Decimal = Decimal(0)
    men: Decimal = Decimal(0)
    split_rows: int = 0

    @property
    def decisions(self) -> int:
        return len(self.cases)

    def add(self, case: str, row: dict[str, str]) -> None:
        self.add_figures(case, figures(row))

    def add_figures(self, case: str, found: Figures) -> None:
        target, outcome, women, men = found
        self.rows += 1
        self.cases.add(case)
        self.target += target or 0
        self.outcome += outcome or 0
        if women is not None or men is not None:
            self.split_rows += 1
            self.women += women or 0
            self.men += men or 0


@dataclass
class Indicator:
    code: str
    name: str
    name_en: str
    unit: str
    sex_split: bool
    total: Sums = field(default_factory=Sums)
    by_form: dict[str, Sums] = field(default_factory=lambda: defaultdict(Sums))
    by_year: dict[str, Sums] = field(default_factory=lambda: defaultdict(Sums))
    by_kommun: dict[str, Sums] = field(default_factory=lambda: defaultdict(Sums))

    @property
    def forms(self) -> list[str]:
        return _forms(self.by_form)

    @property
    def years(self) -> list[str]:
        return sorted(self.by_year)


def _forms(found: Collection[str]) -> list[str]:
    return [f for f in FORM_ORDER if f in found] + sorted(set(found) - set(FORM_ORDER))


def _csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


class Results:
    """The breakdowns and outcomes of the catalogue's release (computed once, shared by the pages)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        release = catalog.release
        self.kommuner = list(release.code_labels("kommuner", "kommunkod"))
        self.breakdowns = self._breakdowns()
        # kommun -> indicator -> outcomes of the decisions the municipality shares with others
        self.shared: dict[str, dict[str, Sums]] = defaultdict(lambda: defaultdict(Sums))
        self.indicators = self._indicators()

    # ----------------------------------------------------------------------------------------- dimensions

    def _values(self) -> dict[str, dict[str, str]]:
        """dimension -> case -> value, as the derived table assigns them (missing → uppgift_saknas)."""
        release = self.catalog.release
        own = {
            r["kod"]: "ja" if r.get("regionens_egen", "").strip().lower() == "true" else "nej"
            for r in release.rows("mottagarkategorier")
        }
        values: dict[str, dict[str, str]] = defaultdict(dict)
        for d in self.catalog.in_file_order:
            category = d.category or MISSING
            values["mottagarkategori"][d.arende_id] = category
            if own:
                values["regionens_egen"][d.arende_id] = own.get(d.category, MISSING)
        files = release.files.get("hallbarhet")
        if files is not None:
            for row in _csv(release.folder / files.canonical["path"]):  # the last row of a case wins
                for name, value in row.items():
                    if name != "arende_id":
                        values[name][row["arende_id"]] = value or MISSING
        return values

    def _breakdowns(self) -> list[Breakdown]:
        release = self.catalog.release
        by_form: dict[str, dict[str, dict[str, list[int]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(lambda: [0, 0]))
        )
        for row in release.rows(RESULTS):
            bucket = by_form[row["dimension"]][row["varde"]][row["stodform"]]
            bucket[0] += _int(row["antal_beslut"])
            bucket[1] += _int(row["beviljat_belopp"])
        values = self._values()
        found = []
        for dim in dimensions(release):
            of_case = values.get(dim.name, {})
            by_kommun: dict[str, dict[str, list[int]]] = {
                v: defaultdict(lambda: [0, 0]) for v, _, _ in dim.values
            }
            for d in self.catalog.in_file_order:
                if d.withdrawn or (dim.name == "vd_kon" and d.stodform != BUSINESS):
                    continue
                value = of_case.get(d.arende_id, MISSING)
                cells = by_kommun.setdefault(value, defaultdict(lambda: [0, 0]))
                for kommun, (granted, _paid) in d.parts.items():
                    cells[kommun][0] += 1
                    cells[kommun][1] += granted
            forms = _forms({f for v in by_form[dim.name].values() for f in v})
            order = self.kommuner + sorted({k for v in by_kommun.values() for k in v} - set(self.kommuner))
            found.append(
                Breakdown(
                    dim=dim,
                    forms=forms,
                    by_form={v: dict(f) for v, f in by_form[dim.name].items()},
                    kommuner=order,
                    by_kommun={v: dict(k) for v, k in by_kommun.items()},
                )
            )
        return found

    # ----------------------------------------------------------------------------------------- indicators

    def _indicators(self) -> list[Indicator]:
        release = self.catalog.release
        indicators = {
            r["kod"]: Indicator(
                code=r["kod"],
                name=r.get("benamning", r["kod"]),
                name_en=r.get("benamning_en") or r.get("benamning", r["kod"]),
                unit=r.get("enhet", ""),
                sex_split=r.get("konsuppdelad", "").strip().lower() == "true",
            )
            for r in release.rows("indikatorer")
        }
        files = release.files.get("uppfoljning")
        if files is None:
            return []
        for row in _csv(release.folder / files.canonical["path"]):
            case = row["arende_id"]
            decision = self.catalog.by_id.get(case)
            code = row["indikator"]
            indicator = indicators.get(code)
            if indicator is None:
                indicator = indicators[code] = Indicator(code, code, code, "", False)
            kommuner = self.catalog.shares.get(case, {})
            kommun = next(iter(kommuner)) if len(kommuner) == 1 else SHARED
            found = figures(row)  # parsed once, added to every sum the row counts in
            indicator.total.add_figures(case, found)
            indicator.by_form[decision.stodform if decision else MISSING].add_figures(case, found)
            indicator.by_year[row.get("period_slut", "")[:4] or MISSING].add_figures(case, found)
            indicator.by_kommun[kommun].add_figures(case, found)
            if kommun == SHARED:
                for each in kommuner:
                    self.shared[each][code].add_figures(case, found)
        return [i for i in indicators.values() if i.total.rows]

    def kommun_outcomes(self, kommun: str) -> list[tuple[Indicator, Sums, Sums]]:
        """Per indicator: the outcomes of the decisions that concern ``kommun`` alone, and of the decisions it
        shares with other municipalities (whole, not divided)."""
        shared = self.shared.get(kommun, {})
        found = []
        for indicator in self.indicators:
            own = indicator.by_kommun.get(kommun, Sums())
            also = shared.get(indicator.code, Sums())
            if own.rows or also.rows:
                found.append((indicator, own, also))
        return found


# ---------------------------------------------------------------------------------------------------- pages


def amount(value: Decimal, lang: str) -> str:
    """An outcome figure: whole numbers grouped (12 345), others with up to two decimals (12,5 / 12.5)."""
    if value == value.to_integral_value():
        return number(int(value), lang)
    whole, _, decimals = f"{value.quantize(Decimal('0.01')):f}".partition(".")
    return number(int(whole), lang) + ("," if lang == "sv" else ".") + decimals.rstrip("0")


def pages(renderer: PageRenderer, lang: str) -> Iterator[Page]:
    """``resultat/<dimension>/`` (a dimension by municipality) and ``resultat/utfall/`` (the outcomes: an overview and
    ``resultat/utfall/<indikator>/``, one page per indicator)."""
    r = renderer
    t = texts.texts(lang)
    results = r.results
    names = r.catalog.release.code_labels("kommuner", "kommunkod")
    for b in results.breakdowns:
        title = dimension_title(r, b.name, lang)
        yield r._page(
            lang,
            f"resultat/{b.name}/index.html",
            "results_dimension.html",
            {
                "title": t["dim_by_kommun_title"].format(dimension=title),
                "dimension": title,
                "b": b,
                "rows": value_rows(r, b.dim, lang),
                "kommun_names": names,
            },
        )
    indicators = results.indicators
    yield r._page(
        lang,
        "resultat/utfall/index.html",
        "results_outcomes.html",
        {"title": t["outcomes_title"], "indicators": indicators, "amount": lambda v: amount(v, lang)},
    )
    context = {
        "amount": lambda v: amount(v, lang),
        "form_label": lambda f: texts.label(texts.STODFORM, f, lang),
        "same": lambda y: y,
        "kommun_label": lambda k: t["shared_kommuner"] if k == SHARED else texts.label(names, k, lang),
    }
    for i in indicators:  # one page per indicator: at national scale its table per municipality has 290 rows
        keys = [*results.kommuner, *sorted(set(i.by_kommun) - set(results.kommuner) - {SHARED}), SHARED]
        yield r._page(
            lang,
            f"resultat/utfall/{i.code}/index.html",
            "results_indicator.html",
            {
                **context,
                "title": t["outcomes_of"].format(indicator=i.name_en if lang == "en" else i.name),
                "i": i,
                "chart": outcome_chart(i, lang),
                "kommun_keys": [k for k in keys if k in i.by_kommun],
            },
        )


def dimension_title(r: PageRenderer, name: str, lang: str) -> str:
    if name in texts.DIMENSION_EXTRA:
        return texts.label(texts.DIMENSION_EXTRA, name, lang)
    for table in ("hallbarhet", "beslut"):
        if table in r.current.files:
            for f in r.current.files[table].schema.get("fields", []):
                if f["name"] == name:
                    return str(f.get("title_en" if lang == "en" else "title", name))
    return name


def value_rows(r: PageRenderer, dim: Dimension, lang: str) -> list[tuple[str, str, int, int]]:
    """(label, code, decisions, granted) of a dimension's values, largest first."""
    categories = r.current.code_labels("mottagarkategorier", "kod")
    names = categories if dim.name == "mottagarkategori" else texts.VALUES
    return [(texts.label(names, v, lang), v, c, a) for v, c, a in dim.values]


def outcome_chart(indicator: Indicator, lang: str) -> charts.Chart:
    t = texts.texts(lang)
    years = indicator.years
    if indicator.sex_split:
        series = [t["women"], t["men"]]
        rows = [(y, [int(indicator.by_year[y].women), int(indicator.by_year[y].men)]) for y in years]
    else:
        series = [t["outcome"]]
        rows = [(y, [int(indicator.by_year[y].outcome)]) for y in years]
    title = t["outcome_by_year"].format(indicator=indicator.name_en if lang == "en" else indicator.name)
    return charts.bar_chart(
        f"utfall-{indicator.code}",
        title,
        series,
        rows,
        short=lambda n: number(n, lang),
        full=lambda n: number(n, lang),
        total_label=t["total"],
    )


def kommun_context(r: PageRenderer, kommun: str, lang: str) -> dict[str, Any]:
    """What a municipality's page shows of the results: each dimension's values with the municipality's part,
    and the outcomes of its decisions."""
    sections = []
    for b in r.results.breakdowns:
        rows = [
            (label, code, *b.by_kommun.get(code, {}).get(kommun, [0, 0]))
            for label, code, _, _ in value_rows(r, b.dim, lang)
        ]
        sections.append(
            {
                "name": b.name,
                "title": dimension_title(r, b.name, lang),
                "rows": rows,
                "total": b.kommun_total(kommun),
            }
        )
    return {
        "result_sections": sections,
        "kommun_outcomes": r.results.kommun_outcomes(kommun),
        "amount": lambda v: amount(v, lang),
    }
