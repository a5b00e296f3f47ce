"""The things readers look up, read once from a release: every decision with its payments and municipality
parts, and the groups that get a page of their own (recipient organisations, municipalities, support types,
strategic areas).

The tables are streamed with the standard library's CSV reader and only the columns the pages show are kept,
so a release of 100 000 decisions fits in a few hundred megabytes. Municipality parts are split with
:func:`oppnadata.releasing.aggregates.split_amount` exactly as the derived table ``totaler_ar_stodform_kommun`` splits
them (``kommunfordelning``, else all of it on ``beslut.kommunkod``; every payment split on its own), so a
municipality's figures on its page, in the list's totals and in the derived table agree to the krona.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from ...codes import WITHDRAWN
from ...identifiers import looks_like_personal_id
from ...releasing.aggregates import split_amount
from ...validating.privacy import SOLE_TRADER_FORM, SOLE_TRADER_NAME
from .model import TOTALS, Release

KEPT = (
    "arende_id",
    "diarienummer",
    "stodform",
    "stodtyp",
    "beslutsdatum",
    "stodmottagare",
    "organisationsnummer",
    "juridisk_form",
    "mottagarkategori",
    "projektnamn",
    "sammanfattning",
    "strategiomrade",
    "kommunkod",
    "status",
    "beviljat_belopp",
)


WHOLE = Fraction(1)  # the share of a decision on one municipality (one immutable object for all of them)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


@dataclass(slots=True)
class Decision:
    """One decision as the pages show it; ``row`` is its position in ``beslut.csv`` (0 = first data row)."""

    row: int
    arende_id: str
    diarienummer: str
    stodform: str
    stodtyp: str
    date: str
    recipient: str
    orgnr: str  # empty for a sole trader (the number would be a personnummer)
    category: str
    project: str
    summary: str
    area: str
    kommun: str
    status: str
    granted: int
    paid: int = 0
    payments: list[tuple[str, int]] = field(default_factory=list)  # (year, amount), in file order
    # municipality code -> [granted part, paid part]; one entry when the decision is not split
    parts: dict[str, list[int]] = field(default_factory=dict)
    reports: list[str] = field(default_factory=list)

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def withdrawn(self) -> bool:
        return self.status == WITHDRAWN

    @property
    def kommuner(self) -> tuple[str, ...]:
        return tuple(sorted(self.parts))


@dataclass(slots=True)
class Year:
    """One year of a group: decisions and granted by decision year; paid by payment year; and what has been
    paid so far on the decisions of that year."""

    year: str
    decisions: int = 0
    granted: int = 0
    paid: int = 0
    paid_on_granted: int = 0


@dataclass(slots=True)
class Group:
    """A recipient organisation, municipality, support type or strategic area."""

    kind: str  # mottagare, kommun, stodtyp, strategiomrade
    key: str
    name: str
    name_en: str
    decisions: list[Decision] = field(default_factory=list)
    years: dict[str, Year] = field(default_factory=dict)
    by_form: dict[str, list[int]] = field(default_factory=dict)  # stodform -> [decisions, granted, paid]

    def year(self, year: str) -> Year:
        found = self.years.get(year)
        if found is None:
            found = self.years[year] = Year(year)
        return found

    @property
    def per_year(self) -> list[Year]:
        return [self.years[y] for y in sorted(self.years)]

    @property
    def granted(self) -> int:
        return sum(y.granted for y in self.years.values())

    @property
    def paid(self) -> int:
        return sum(y.paid for y in self.years.values())

    @property
    def count(self) -> int:
        return sum(1 for d in self.decisions if not d.withdrawn)


def is_sole_trader(name: str, orgnr: str, form: str) -> bool:
    return form == SOLE_TRADER_FORM or name == SOLE_TRADER_NAME or looks_like_personal_id(orgnr)


def _csv(release: Release, table: str) -> Iterator[dict[str, str]]:
    files = release.files.get(table)
    if files is None:
        return
    path: Path = release.folder / files.canonical["path"]
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _fraction(value: str) -> Fraction | None:
    try:
        return Fraction(Decimal(value.strip()))
    except (InvalidOperation, ValueError):
        return None


class Catalog:
    """Every decision of ``release`` (newest first in :attr:`decisions`) and the groups with pages."""

    def __init__(self, release: Release) -> None:
        self.release = release
        self._groups: dict[str, list[Group]] | None = None
        self.by_id: dict[str, Decision] = {}
        self.in_file_order: list[Decision] = []
        path = release.folder / release.files["beslut"].canonical["path"]
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            at = {name: header.index(name) for name in KEPT if name in header}
            for row_number, row in enumerate(reader):
                get = lambda name, row=row: row[at[name]] if name in at else ""  # noqa: E731
                sole = is_sole_trader(get("stodmottagare"), get("organisationsnummer"), get("juridisk_form"))
                decision = Decision(
                    row=row_number,
                    arende_id=get("arende_id"),
                    diarienummer=get("diarienummer"),
                    stodform=get("stodform"),
                    stodtyp=get("stodtyp"),
                    date=get("beslutsdatum"),
                    recipient=SOLE_TRADER_NAME if sole else get("stodmottagare"),
                    orgnr="" if sole else get("organisationsnummer"),
                    category=get("mottagarkategori"),
                    project=get("projektnamn"),
                    summary=get("sammanfattning"),
                    area=get("strategiomrade"),
                    kommun=get("kommunkod"),
                    status=get("status"),
                    granted=_int(get("beviljat_belopp")),
                )
                self.by_id[decision.arende_id] = decision
                self.in_file_order.append(decision)
        self._split()
        for report in release.rows("rapporter"):
            for case in report.get("arende_ids", "").split(";"):
                if case.strip() in self.by_id:
                    self.by_id[case.strip()].reports.append(report["rapport_id"])
        self.decisions = sorted(self.in_file_order, key=lambda d: (d.date, d.arende_id), reverse=True)

    def _split(self) -> None:
        shares: dict[str, dict[str, Fraction]] = defaultdict(dict)
        for row in _csv(self.release, "kommunfordelning"):
            share = _fraction(row["andel"])
            if share is not None and share > 0:
                case = shares[row["arende_id"]]
                case[row["kommunkod"]] = case.get(row["kommunkod"], Fraction(0)) + share
        self.shares: dict[str, dict[str, Fraction]] = {}
        for d in self.in_file_order:
            own = shares.get(d.arende_id) or {d.kommun: WHOLE}
            self.shares[d.arende_id] = own
            if d.withdrawn:
                d.parts = {k: [0, 0] for k in own}
            elif len(own) == 1:  # the common case: all of it on one municipality
                d.parts = {k: [d.granted, 0] for k in own}
            else:
                d.parts = {k: [v, 0] for k, v in split_amount(d.granted, own).items()}
        for row in _csv(self.release, "utbetalningar"):
            found = self.by_id.get(row["arende_id"])
            if found is None:
                continue
            amount = _int(row["belopp"])
            found.paid += amount
            found.payments.append((row["ar"], amount))
            own = self.shares[found.arende_id]
            if len(own) == 1:
                found.parts[next(iter(own))][1] += amount
            else:
                for kommun, part in split_amount(amount, own).items():
                    found.parts[kommun][1] += part

    # ------------------------------------------------------------------------------------------------ groups

    def groups(self) -> dict[str, list[Group]]:
        """Every kind's groups, grouped once (the pages of both languages and the rankings share them)."""
        if self._groups is None:
            self._groups = {
                "kommun": self._municipalities(),
                "mottagare": self._grouped("mottagare", {}, "orgnr"),
                "stodtyp": self._grouped("stodtyp", self.release.code_labels("stodtyper", "kod"), "stodtyp"),
                "strategiomrade": self._grouped(
                    "strategiomrade", self.release.code_labels("strategiomraden", "kod"), "area"
                ),
            }
        return self._groups

    def _grouped(self, kind: str, keys: dict[str, tuple[str, str]], key_of: str) -> list[Group]:
        groups: dict[str, Group] = {}
        for d in self.decisions:
            key = getattr(d, key_of)
            if not key:
                continue
            group = groups.get(key)
            if group is None:
                sv, en = keys.get(key, (key, key))
                group = groups[key] = Group(kind, key, sv, en)
            _add(group, d, d.granted, d.paid, d.payments)
        return sorted(groups.values(), key=lambda g: g.key)

    def recipients(self) -> list[Group]:
        """Organisations grouped by organisation number (sole traders never: they have none here); named after
        their newest decision."""
        return self.groups()["mottagare"]

    def support_types(self) -> list[Group]:
        return self.groups()["stodtyp"]

    def areas(self) -> list[Group]:
        return self.groups()["strategiomrade"]

    def municipalities(self) -> list[Group]:
        """The county's municipalities: per-year figures from the derived table (the release's own numbers),
        decisions that concern each (a split decision with its part)."""
        return self.groups()["kommun"]

    def _municipalities(self) -> list[Group]:
        names = self.release.code_labels("kommuner", "kommunkod")
        groups = {code: Group("kommun", code, sv, en) for code, (sv, en) in sorted(names.items())}
        for row in self.release.rows(TOTALS):
            group = groups.setdefault(
                row["kommunkod"], Group("kommun", row["kommunkod"], row["kommunnamn"], row["kommunnamn"])
            )
            year = group.year(row["ar"])
            year.decisions += _int(row["antal_beslut"])
            year.granted += _int(row["beviljat_belopp"])
            year.paid += _int(row["utbetalt_belopp"])
            form = group.by_form.setdefault(row["stodform"], [0, 0, 0])
            form[0] += _int(row["antal_beslut"])
            form[1] += _int(row["beviljat_belopp"])
            form[2] += _int(row["utbetalt_belopp"])
        for d in self.decisions:
            for code, (_granted, paid) in d.parts.items():
                concerned = groups.get(code)
                if concerned is None:
                    continue
                concerned.decisions.append(d)
                if not d.withdrawn:
                    concerned.year(d.year).paid_on_granted += paid
        return list(groups.values())

    def reports(self) -> list[dict[str, str]]:
        return sorted(self.release.rows("rapporter"), key=lambda r: (r.get("ar", ""), r["rapport_id"]))


def _add(group: Group, d: Decision, granted: int, paid: int, payments: list[tuple[str, int]]) -> None:
    group.decisions.append(d)
    if not group.decisions[1:] and d.recipient and group.kind == "mottagare":
        group.name = group.name_en = d.recipient  # newest first: the name of the latest decision
    form = group.by_form.setdefault(d.stodform, [0, 0, 0])
    form[2] += paid
    for paid_year, amount in payments:
        group.year(paid_year).paid += amount
    if d.withdrawn:
        return
    year = group.year(d.year)
    year.decisions += 1
    year.granted += granted
    year.paid_on_granted += paid
    form[0] += 1
    form[1] += granted


class Outcomes:
    """Follow-up rows (uppfoljning) per case, kept as tuples: indicator, period, target, outcome, women, men."""

    def __init__(self, catalog: Catalog) -> None:
        self.rows: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for row in catalog.release.stream("uppfoljning"):
            self.rows[row["arende_id"]].append(
                (
                    row["indikator"],
                    row.get("period_start", ""),
                    row.get("period_slut", ""),
                    row.get("malvarde", ""),
                    row.get("utfall", ""),
                    row.get("utfall_kvinnor", ""),
                    row.get("utfall_man", ""),
                )
            )
