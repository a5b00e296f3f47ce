#!/usr/bin/env python3
"""Generate the example tables of the `hit-gar-pengarna` data package.

The rows are EXAMPLE DATA: invented decisions, recipients and amounts that look like the region's
1:1 data but are not its real decisions. The generator is deterministic: one `random.Random` with a
fixed seed, no clock, no set or hash ordering, so running it twice writes identical bytes.

    python scripts/generate_example_data.py            # writes into the repository's datasets/
    python scripts/generate_example_data.py --out DIR  # writes into DIR
    python scripts/generate_example_data.py --decisions 100000 --out DIR  # a larger package (benchmarks)

With ``--decisions N`` the generator makes N decisions over the same years, with the other tables in the
same proportions per decision as the example data (organisations reused within a sliding window so that
it stays linear: 100 000 decisions take well under a minute). Without it the output is the published
example data, byte for byte.

The generator writes only the decision tables (beslut, finansiering, utbetalningar, kommunfordelning,
hallbarhet, uppfoljning, rapporter). The code lists (kommuner, stödtyper with ceilings and shares,
rättsliga grunder with validity, indikatorer, strategiområden, mottagarkategorier, resultatkedjor) are
maintained data files in datasets/ (their sources: datasets/KODLISTOR.md); the generator reads them
(``--code-lists DIR``, default datasets/) and, when it writes elsewhere, copies them unchanged beside the
decision tables so that the folder holds a whole package's tables. Data are "as of" REF_DATE (the
extract date): statuses, payments and follow-up outcomes never go past it.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import functools
import math
import random
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stdnum import luhn
from stdnum.se import orgnr as se_orgnr
from stdnum.se import personnummer as se_personnummer

from oppnadata.validating.domain import EXPECTED_GROUP

SEED = 20261126
DATASETS = Path(__file__).resolve().parent.parent / "datasets"
REF_DATE = dt.date(2025, 12, 31)  # extract date of the example data
FIRST_YEAR, LAST_YEAR = 2018, 2025

REGION_NAME = "Region Jämtland Härjedalen"
REGION_ORGNR = "232100-0214"  # real, given in the domain brief
TILLVAXTVERKET = ("Tillväxtverket", "202100-6149")  # real, given in the domain brief
SOLE_TRADER = "Enskild näringsidkare"  # publication policy: sole traders are never named

# --------------------------------------------------------------------------------------------
# Code lists: maintained data files (datasets/KODLISTOR.md names their sources), read, never written
# --------------------------------------------------------------------------------------------

CODE_LISTS = (
    "kommuner",
    "rattsliga_grunder",
    "stodtyper",
    "strategiomraden",
    "resultatkedjor",
    "indikatorer",
    "mottagarkategorier",
)
DECISION_TABLES = (
    "beslut",
    "finansiering",
    "utbetalningar",
    "kommunfordelning",
    "hallbarhet",
    "uppfoljning",
    "rapporter",
)
# The generator's own parameters on top of the code lists: how often each municipality gets a decision
# (a code missing here gets the smallest weight), and which is the county's city.
KOMMUN_VIKT = {"2303": 5, "2305": 5, "2309": 10, "2313": 8, "2321": 14, "2326": 6, "2361": 11, "2380": 35}
CITY = "2380"
FTG_BASIS_SWITCH = dt.date(2023, 1, 1)  # företagsstöd: the 2022 regulations apply from this date

# Indicators a project of each result chain is followed up with.
INDIKATORER_AV_KEDJA = {
    "foretagsutveckling": ["foretag_som_deltagit", "nya_arbetstillfallen"],
    "innovation": ["nya_produkter", "fou_samverkan"],
    "entreprenorskap": ["nystartade_foretag", "foretag_som_deltagit"],
    "omstallning": ["minskade_utslapp", "foretag_som_deltagit"],
    "kompetens": ["deltagare_kompetens"],
    "digital_tillganglighet": ["bredband_anslutningar"],
    "transporter": ["laddpunkter"],
    "livsmiljo": ["besokare", "foretag_som_deltagit"],
    "kommersiell_service": ["servicestallen"],
}


@dataclass(frozen=True)
class Stodtyp:
    kod: str
    stodform: str
    rattslig_grund: str
    rattslig_grund_tidigare: str
    max_andel: float | None


@dataclass(frozen=True)
class Indikator:
    kod: str
    enhet: str
    konsuppdelad: bool


class CodeListError(Exception):
    """A code list the generator reads is missing or lacks a column it needs."""


@dataclass(frozen=True)
class CodeLists:
    """What the generator takes from the code lists (datasets/*.csv): nothing about them is defined here."""

    folder: Path
    kommuner: list[tuple[str, str, str]]  # kommunkod, kommunnamn, territoriell_typ, in file order
    stodtyp: dict[str, Stodtyp]
    strategiomrade_av_kedja: dict[str, str]
    indikator: dict[str, Indikator]

    @classmethod
    def read(cls, folder: Path) -> CodeLists:
        def rows(name: str, *columns: str) -> list[dict[str, str]]:
            path = folder / f"{name}.csv"
            if not path.is_file():
                raise CodeListError(f"{path}: the code list {name} is missing (the generator reads it)")
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                lacking = [c for c in columns if c not in (reader.fieldnames or [])]
                if lacking:
                    raise CodeListError(f"{path}: lacks the column(s) {', '.join(lacking)}")
                return list(reader)

        return cls(
            folder,
            [
                (r["kommunkod"], r["kommunnamn"], r["territoriell_typ"])
                for r in rows("kommuner", "kommunkod", "kommunnamn", "territoriell_typ")
            ],
            {
                r["kod"]: Stodtyp(
                    r["kod"],
                    r["stodform"],
                    r["rattslig_grund"],
                    r["rattslig_grund_tidigare"],
                    float(r["max_andel"]) if r["max_andel"] else None,
                )
                for r in rows(
                    "stodtyper", "kod", "stodform", "rattslig_grund", "rattslig_grund_tidigare", "max_andel"
                )
            },
            {r["kod"]: r["strategiomrade"] for r in rows("resultatkedjor", "kod", "strategiomrade")},
            {
                r["kod"]: Indikator(r["kod"], r["enhet"], r["konsuppdelad"] == "true")
                for r in rows("indikatorer", "kod", "enhet", "konsuppdelad")
            },
        )

    @property
    def kommunkoder(self) -> list[str]:
        return [k[0] for k in self.kommuner]

    @property
    def kommun_namn(self) -> dict[str, str]:
        return {k[0]: k[1] for k in self.kommuner}

    @property
    def kommun_typ(self) -> dict[str, str]:
        return {k[0]: k[2] for k in self.kommuner}


# legal form -> first digit of the organisation number (the validator's own table: one source)
FORSTA_SIFFRA = EXPECTED_GROUP

# SNI codes (SNI 2007, five digits). For decisions from 2025 the version is SNI2025 and only codes
# whose NACE class is believed unchanged in NACE Rev. 2.1 are used: example values, not checked
# against SCB's SNI 2025 list.
SNI_2007 = [
    "01410",
    "02100",
    "10130",
    "10710",
    "11050",
    "16230",
    "25110",
    "28300",
    "41200",
    "55101",
    "55300",
    "56100",
    "62010",
    "71121",
    "79120",
    "93290",
]
SNI_2025 = ["01410", "02100", "10130", "10710", "11050", "25110", "28300", "41200", "55101", "71121"]
SNI_2025_FROM = dt.date(2025, 1, 1)

# --------------------------------------------------------------------------------------------
# Fictitious names
# --------------------------------------------------------------------------------------------

ORTORD = [
    "Fjällbygd",
    "Älvdal",
    "Myrmark",
    "Tjärnås",
    "Granliden",
    "Björkvallen",
    "Forsnäs",
    "Sjöängen",
    "Renvallen",
    "Ljungheden",
    "Stenbacka",
    "Norrsken",
    "Vindåsen",
    "Storängen",
    "Lavskogen",
    "Rönnliden",
    "Bäckadal",
    "Kallvattnet",
    "Tallmon",
    "Fjällsippan",
    "Bergsluttningen",
    "Strömkarlen",
    "Isbrytaren",
    "Snöripan",
    "Älgstigen",
    "Videdalen",
    "Sälgbacken",
    "Högfjället",
    "Skogsbrynet",
    "Tjäderleken",
    "Myrstacken",
    "Fäbodvallen",
    "Laxforsen",
    "Blåbärsskogen",
    "Kåsen",
    "Gransjön",
]
BRANSCHORD = [
    "Bygg",
    "Trä",
    "Mekaniska",
    "Turism",
    "Konsult",
    "Livs",
    "Data",
    "Logistik",
    "Design",
    "Energi",
    "Snickeri",
    "Fiske",
    "Skog",
    "Upplevelser",
    "Bageri",
    "Bryggeri",
    "Teknik",
]
FORENINGSORD = [
    "Bygdeförening",
    "Hembygdsförening",
    "Byalag",
    "Skidklubb",
    "Kulturförening",
    "Företagarförening",
    "Fiskevårdsförening",
    "Idrottsförening",
    "Sportklubb",
]


# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------

LEGAL_SUFFIXES = (" AB", " HB", " KB", " ekonomisk förening")


@dataclass
class Org:
    namn: str
    orgnr: str  # "" for sole traders
    juridisk_form: str
    kategori: str
    kommunkod: str
    decisions: int = 0
    ks_busy_until: int = 0  # last calendar year covered by a servicebidrag decision


class OrgFactory:
    """Creates fictitious organisations with unique, valid, non-personal organisation numbers.

    ``numbered`` (the scaled generator): a name already taken gets a running number instead of more
    draws, since the name pool is far smaller than the number of organisations a large package needs.
    """

    def __init__(self, rng: random.Random, numbered: bool = False) -> None:
        self.rng = rng
        self.numbered = numbered
        self.used_numbers = {REGION_ORGNR, TILLVAXTVERKET[1]}
        self.used_names: set[str] = set()
        self.serial = 0

    def orgnr(self, forsta: str) -> str:
        while True:
            # Group 2 (public bodies): keep clear of the series real public bodies use.
            second = str(self.rng.randint(6, 8)) if forsta == "2" else str(self.rng.randint(0, 9))
            third_fourth = str(self.rng.randint(20, 99))  # digits 3-4 >= 20: never a date of birth
            rest = "".join(str(self.rng.randint(0, 9)) for _ in range(5))
            nine = forsta + second + third_fourth + rest
            number = nine + luhn.calc_check_digit(nine)
            formatted = f"{number[:6]}-{number[6:]}"
            if formatted in self.used_numbers:
                continue
            # The contract: Luhn-valid organisation number that can never be read as a personnummer.
            if not se_orgnr.is_valid(number) or se_personnummer.is_valid(number):
                continue
            self.used_numbers.add(formatted)
            return formatted

    def unique_name(self, make: Callable[[], str]) -> str:
        if self.numbered:
            name = make()
            if name in self.used_names:
                self.serial += 1
                suffix = next((x for x in LEGAL_SUFFIXES if name.endswith(x)), "")
                name = f"{name.removesuffix(suffix)} {self.serial}{suffix}"
            self.used_names.add(name)
            return name
        for _ in range(1000):
            name = make()
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("could not find a unique fictitious name")

    def new(self, juridisk_form: str, kategori: str, kommunkod: str, namn: str | None = None) -> Org:
        rng = self.rng
        if namn is None:
            if juridisk_form == "aktiebolag":
                namn = self.unique_name(
                    lambda: f"Exempelbolaget {rng.choice(ORTORD)} {rng.choice(BRANSCHORD)} AB"
                )
            elif juridisk_form == "handelsbolag":
                namn = self.unique_name(lambda: f"Exempelhandeln {rng.choice(ORTORD)} HB")
            elif juridisk_form == "kommanditbolag":
                namn = self.unique_name(lambda: f"Exempelkompaniet {rng.choice(ORTORD)} KB")
            elif juridisk_form == "ekonomisk_forening":
                namn = self.unique_name(
                    lambda: (
                        f"Exempelföreningen {rng.choice(ORTORD)} {rng.choice(['Handel', 'Service', 'Energi', 'Bredband'])} ekonomisk förening"
                    )
                )
            elif juridisk_form == "ideell_forening":
                namn = self.unique_name(
                    lambda: f"Exempelföreningen {rng.choice(ORTORD)} {rng.choice(FORENINGSORD)}"
                )
            elif juridisk_form == "stiftelse":
                namn = self.unique_name(lambda: f"Exempelstiftelsen {rng.choice(ORTORD)}")
            else:  # pragma: no cover - public bodies always get explicit names
                raise ValueError(juridisk_form)
        else:
            self.used_names.add(namn)
        return Org(namn, self.orgnr(FORSTA_SIFFRA[juridisk_form]), juridisk_form, kategori, kommunkod)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    values = [o[0] for o in options]
    weights = [o[1] for o in options]
    return rng.choices(values, weights=weights, k=1)[0]


def add_months(d: dt.date, months: int) -> dt.date:
    month0 = d.month - 1 + months
    year = d.year + month0 // 12
    month = month0 % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def weekday_on_or_before(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    return d


def random_weekday(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
    day = weekday_on_or_before(day)
    return day if day >= start else start + dt.timedelta(days=(7 - start.weekday()) % 7)


@functools.cache
def run_meetings(year: int) -> tuple[dt.date, ...]:
    """The committee (RUN) meets on the third Wednesday of every month except July."""
    meetings = []
    for month in [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]:
        first = dt.date(year, month, 1)
        first_wed = first + dt.timedelta(days=(2 - first.weekday()) % 7)
        meetings.append(first_wed + dt.timedelta(days=14))
    return tuple(meetings)


def round_to(value: float, step: int) -> int:
    return round(value / step) * step


def split_amount(rng: random.Random, total: int, parts: int, step: int = 1000) -> list[int]:
    """Split total into `parts` positive amounts (multiples of step except the last) that add up exactly."""
    if parts <= 1:
        return [total]
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    s = sum(weights)
    amounts = [round_to(total * w / s, step) for w in weights[:-1]]
    amounts = [max(a, 0) for a in amounts]
    last = total - sum(amounts)
    if last < 0:  # rounding overshoot: fall back to an even split
        amounts = [total // parts] * (parts - 1)
        last = total - sum(amounts)
    return [*amounts, last]


def spread(total: int, weights: Sequence[float]) -> list[int]:
    """Split total into whole counts proportional to weights (largest remainders; deterministic)."""
    s = sum(weights)
    exact = [total * w / s for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def years_between(start: dt.date, end: dt.date) -> list[int]:
    return list(range(start.year, end.year + 1))


def fmt_number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return repr(round(float(value), 6))


# --------------------------------------------------------------------------------------------
# Decisions
# --------------------------------------------------------------------------------------------


@dataclass
class Decision:
    stodtyp: str
    beslutsdatum: dt.date
    mottagare: Org | None  # None = sole trader
    juridisk_form: str
    kategori: str
    kommuner: list[tuple[str, float]]
    beviljat: int
    startdatum: dt.date
    slutdatum: dt.date
    resultatkedja: str
    beslutsniva: str = ""
    projekttyp: str = ""
    projektnamn: str = ""
    sammanfattning: str = ""
    foretagsstorlek: str = ""
    strategisk_butik: bool | None = None
    seq: int = 0
    arende_id: str = ""
    diarienummer: str = ""
    status: str = ""
    aterkallelsedatum: dt.date | None = None
    finansiering: list[tuple[str, str, str, int]] = field(default_factory=list)
    stodform: str = ""

    @property
    def kommunkod(self) -> str:
        return self.kommuner[0][0]

    @property
    def stodberattigande(self) -> int:
        return sum(f[3] for f in self.finansiering)

    @property
    def mottagarnamn(self) -> str:
        return self.mottagare.namn if self.mottagare else SOLE_TRADER

    @property
    def mottagar_orgnr(self) -> str:
        return self.mottagare.orgnr if self.mottagare else ""


PROJ_NAMN = {
    "foretagsutveckling": [
        "Affärsutveckling i besöksnäringen i {o}",
        "Exportlyft för småföretag i {o}",
        "Tillväxtprogram för företag i {o}",
        "Generationsskiften i näringslivet i {o}",
    ],
    "innovation": [
        "Testbädd för kallt klimat i {o}",
        "Innovationsarena för skogsnäringen i {o}",
        "Samverkan mellan akademi och företag i {o}",
        "Innovationsstöd för livsmedelsföretag i {o}",
    ],
    "entreprenorskap": [
        "Ungt entreprenörskap i {o}",
        "Nyföretagande på landsbygden i {o}",
        "Företagslots för nya företagare i {o}",
        "Entreprenörskap i skolan i {o}",
    ],
    "omstallning": [
        "Cirkulär byggsektor i {o}",
        "Klimatsmart livsmedelsproduktion i {o}",
        "Energieffektiva företag i {o}",
        "Fossilfria transporter i {o}",
    ],
    "kompetens": [
        "Kompetenslyft inom vård och omsorg i {o}",
        "Validering och yrkesutbildning i {o}",
        "Kompetensförsörjning i industrin i {o}",
        "Attrahera och behålla kompetens i {o}",
    ],
    "digital_tillganglighet": [
        "Bredband till byarna i {o}",
        "Digital service på landsbygden i {o}",
        "Digitala mötesplatser i {o}",
    ],
    "transporter": ["Laddinfrastruktur i {o}", "Hållbara resor i {o}", "Samordnade godstransporter i {o}"],
    "livsmiljo": [
        "Levande byar i {o}",
        "Attraktiv fjällmiljö i {o}",
        "Kultur som kraft i {o}",
        "Året runt-turism i {o}",
        "Mötesplatser för unga i {o}",
    ],
    "kommersiell_service": ["Servicepunkter på landsbygden i {o}", "Lokal service i samverkan i {o}"],
}
PROJ_SAMMANFATTNING = {
    "foretagsutveckling": "Projektet stärker konkurrenskraften hos små och medelstora företag genom rådgivning, "
    "nätverk och gemensamma utvecklingsinsatser.",
    "innovation": "Projektet skapar en miljö där företag, forskare och offentliga aktörer tillsammans utvecklar "
    "och testar nya lösningar.",
    "entreprenorskap": "Projektet ger fler möjlighet att starta och driva företag, med särskilt fokus på unga "
    "och på personer som nyligen flyttat till länet.",
    "omstallning": "Projektet minskar klimatpåverkan genom att hjälpa företag att ställa om till fossilfria och "
    "cirkulära arbetssätt.",
    "kompetens": "Projektet möter arbetsgivarnas behov av kompetens genom utbildning, validering och samverkan "
    "med arbetsförmedling och utbildningsanordnare.",
    "digital_tillganglighet": "Projektet ökar tillgången till snabbt bredband och digitala tjänster för hushåll "
    "och företag utanför tätorterna.",
    "transporter": "Projektet förbättrar möjligheterna att resa och transportera gods hållbart inom och till "
    "länet.",
    "livsmiljo": "Projektet utvecklar attraktiva miljöer för boende och besökare och stärker det lokala "
    "föreningslivet och besöksnäringen.",
    "kommersiell_service": "Projektet prövar nya sätt att upprätthålla kommersiell service i glest befolkade "
    "delar av länet.",
}
FORSTUDIE_SAMMANFATTNING = "Förstudien kartlägger behov och förutsättningar och tar fram underlag för ett "
FORSTUDIE_SAMMANFATTNING += "eventuellt genomförandeprojekt."
FTG_NAMN = {
    "regionalt_investeringsstod": [
        "Investering i ny produktionslinje",
        "Utbyggnad av boendeanläggning",
        "Investering i energieffektiv maskinpark",
        "Ny produktionslokal",
        "Automatisering av tillverkningen",
        "Utbyggnad av restaurang och konferens",
    ],
    "konsultcheck": [
        "Konsultinsats för marknadsutveckling",
        "Konsultstöd för ny affärsplan",
        "Konsultinsats för certifiering",
        "Konsultstöd för exportsatsning",
    ],
    "innovationscheck": [
        "Produktutveckling av ny tjänst",
        "Prototyp för ny produkt",
        "Test och verifiering av ny teknik",
        "Designutveckling av produktserie",
    ],
    "foretagsutvecklingsstod": [
        "Digitalisering av orderhanteringen",
        "Kompetensutveckling i företaget",
        "Marknadsetablering i nya regioner",
        "Utveckling av hållbar produktion",
    ],
}
FTG_SAMMANFATTNING = {
    "regionalt_investeringsstod": "Företaget investerar för att öka kapaciteten och skapa nya arbetstillfällen "
    "på orten.",
    "konsultcheck": "Företaget köper extern kompetens för att utveckla sin verksamhet och nå nya kunder.",
    "innovationscheck": "Företaget tar hjälp av extern expertis för att utveckla och testa en ny produkt eller "
    "tjänst.",
    "foretagsutvecklingsstod": "Företaget genomför en utvecklingsinsats som stärker dess konkurrenskraft och "
    "hållbarhet.",
}
KS_NAMN = {
    "servicebidrag": "Servicebidrag för dagligvarubutik i {o}",
    "hemsandningsbidrag": "Hemsändning av dagligvaror i {o}",
    "sarskilt_driftstod": "Särskilt driftstöd för lanthandel i {o}",
}
KS_SAMMANFATTNING = {
    "servicebidrag": "Bidraget gör det möjligt att hålla en dagligvarubutik med ombudstjänster öppen i ett "
    "område med gles service.",
    "hemsandningsbidrag": "Bidraget täcker en del av kommunens kostnad för hemsändning av dagligvaror till "
    "hushåll i glesbygd.",
    "sarskilt_driftstod": "Stödet bidrar till driften av en butik som ligger långt från närmaste annan "
    "dagligvarubutik.",
}


# The example data's mean decisions per year by kind (the randint ranges in build_decisions); a scaled
# package keeps these proportions.
KIND_WEIGHTS = (
    ("proj", 48.5),
    ("ftg", 71.0),
    ("servicebidrag", 15.0),
    ("hemsandningsbidrag", 4.5),
    ("sarskilt_driftstod", 4.5),
)
# The scaled generator reuses an organisation only among the last WINDOW of its pool (linear time).
WINDOW = 240


class Generator:
    def __init__(self, codes: CodeLists, seed: int = SEED, decisions: int | None = None) -> None:
        self.codes = codes
        self.kommunkoder = codes.kommunkoder
        self.kommun_namn = codes.kommun_namn
        self.kommun_typ = codes.kommun_typ
        self.rng = random.Random(seed)
        self.target = decisions
        self.orgs = OrgFactory(self.rng, numbered=decisions is not None)
        self.decisions: list[Decision] = []
        self._build_pools()

    # ---------------------------------------------------------------- organisation pools
    def _build_pools(self) -> None:
        f = self.orgs
        self.region = Org(REGION_NAME, REGION_ORGNR, "region", "regionen", "2380")
        self.region_owned = [
            f.new("aktiebolag", "regionagt_bolag", "2380", "Exempelbolaget Regionens Innovationsmiljö AB"),
            f.new("aktiebolag", "regionagt_bolag", "2380", "Exempelbolaget Länstrafiken i Mittfjällen AB"),
            f.new("aktiebolag", "regionagt_bolag", "2321", "Exempelbolaget Regionens Besöksnäring AB"),
            f.new("stiftelse", "regionagt_bolag", "2380", "Exempelstiftelsen Regionens Kulturarv"),
        ]
        codes_kommuner = self.codes.kommuner
        self.kommun_org = {
            kod: f.new("kommun", "kommun", kod, f"Exempelkommunen {namn}") for kod, namn, _ in codes_kommuner
        }
        self.kommunforbund = f.new("kommunalforbund", "kommun", "2380", "Exempelförbundet Mittfjällen")
        self.myndigheter = [
            f.new("statlig_myndighet", "statlig_myndighet", "2380", "Exempelmyndigheten för fjällmiljö"),
            f.new("statlig_myndighet", "statlig_myndighet", "2380", "Exempelverket för landsbygdsservice"),
        ]
        self.larosaten = [
            f.new(
                "universitet_hogskola", "universitet_hogskola", "2380", "Exempeluniversitetet i Mittnorden"
            ),
            f.new("universitet_hogskola", "universitet_hogskola", "2321", "Exempelhögskolan för fjällturism"),
        ]
        self.ideella: list[Org] = []
        self.foreningar: list[Org] = []
        self.foretag: list[Org] = []
        self.butiker: list[Org] = []
        self.privata_finansiarer = [
            f.new("aktiebolag", "foretag", "2380", "Exempelbanken i Norr AB"),
            f.new("aktiebolag", "foretag", "2380", "Exempelsparbanken Fjällbygd AB"),
            f.new("aktiebolag", "foretag", "2321", "Exempelbolaget Fjällkraft Energi AB"),
        ]

    def _kommun(self, exclude_city: bool = False) -> str:
        least = min(KOMMUN_VIKT.values())
        options = [
            (k, (KOMMUN_VIKT.get(k, least) if not (exclude_city and k == CITY) else 2))
            for k in self.kommunkoder
        ]
        return weighted(self.rng, options)

    def _pick_or_new(
        self, pool: list[Org], kommunkod: str, make: Callable[[], Org], reuse: float = 0.35
    ) -> Org:
        recent = pool if self.target is None else pool[-WINDOW:]
        candidates = [o for o in recent if o.kommunkod == kommunkod and o.decisions < 3]
        if candidates and self.rng.random() < reuse:
            return self.rng.choice(candidates)
        org = make()
        pool.append(org)
        return org

    def _company(self, kommunkod: str) -> Org:
        form = weighted(
            self.rng,
            [("aktiebolag", 85), ("handelsbolag", 8), ("kommanditbolag", 3), ("ekonomisk_forening", 4)],
        )
        kategori = "ekonomisk_forening" if form == "ekonomisk_forening" else "foretag"
        return self._pick_or_new(self.foretag, kommunkod, lambda: self.orgs.new(form, kategori, kommunkod))

    # ---------------------------------------------------------------- geography
    def _kommunfordelning(self, main: str) -> list[tuple[str, float]]:
        shape = weighted(self.rng, [("1", 55), ("2", 20), ("3", 8), ("4", 5), ("8", 12)])
        if shape == "8":
            others = [k for k in self.kommunkoder if k != main]
            return [(main, 0.125)] + [(k, 0.125) for k in others]
        n = int(shape)
        others = [k for k in self.kommunkoder if k != main]
        chosen = self.rng.sample(others, n - 1)
        shares = {1: [1.0], 2: [0.5, 0.5], 3: [0.5, 0.25, 0.25], 4: [0.25, 0.25, 0.25, 0.25]}[n]
        return list(zip([main, *chosen], shares, strict=True))

    def _area_name(self, kommuner: list[tuple[str, float]]) -> str:
        if len(kommuner) == 8:
            return "Jämtlands län"
        if len(kommuner) == 1:
            return self.kommun_namn[kommuner[0][0]]
        return "flera kommuner i länet"

    # ---------------------------------------------------------------- decision dates
    def _beslutsdatum(
        self, year: int, beviljat: int, months: tuple[int, int] = (1, 12)
    ) -> tuple[dt.date, str]:
        rng = self.rng
        lo, hi = (
            dt.date(year, months[0], 1),
            dt.date(year, months[1], calendar.monthrange(year, months[1])[1]),
        )
        if beviljat >= 500_000 or rng.random() < 0.15:
            meetings = [m for m in run_meetings(year) if lo <= m <= hi]
            return rng.choice(meetings), "RUN"
        return random_weekday(rng, lo, hi), "delegation"

    # ---------------------------------------------------------------- PROJ
    def _proj(self, year: int) -> Decision:
        rng = self.rng
        kategori = weighted(
            rng,
            [
                ("regionen", 6),
                ("regionagt_bolag", 5),
                ("kommun", 22),
                ("statlig_myndighet", 4),
                ("universitet_hogskola", 8),
                ("ideell_organisation", 30),
                ("ekonomisk_forening", 10),
                ("foretag", 15),
            ],
        )
        main = self._kommun()
        if kategori == "regionen":
            org = self.region
            main = "2380"
        elif kategori == "regionagt_bolag":
            org = rng.choice(self.region_owned)
            main = org.kommunkod
        elif kategori == "kommun":
            org = self.kommunforbund if rng.random() < 0.1 else self.kommun_org[main]
            if org is self.kommunforbund:
                main = org.kommunkod
        elif kategori == "statlig_myndighet":
            org = rng.choice(self.myndigheter)
            main = org.kommunkod
        elif kategori == "universitet_hogskola":
            org = rng.choice(self.larosaten)
            main = org.kommunkod
        elif kategori == "ideell_organisation":
            form = "stiftelse" if rng.random() < 0.15 else "ideell_forening"
            org = self._pick_or_new(self.ideella, main, lambda: self.orgs.new(form, kategori, main))
        elif kategori == "ekonomisk_forening":
            org = self._pick_or_new(
                self.foreningar, main, lambda: self.orgs.new("ekonomisk_forening", kategori, main)
            )
        else:
            org = self._pick_or_new(self.foretag, main, lambda: self.orgs.new("aktiebolag", kategori, main))
        kommuner = (
            [(main, 1.0)]
            if kategori == "kommun" and org is not self.kommunforbund
            else (self._kommunfordelning(main))
        )
        if kategori in ("regionen", "regionagt_bolag") and rng.random() < 0.6:
            kommuner = [(main, 0.125)] + [(k, 0.125) for k in self.kommunkoder if k != main]

        projekttyp = "forstudie" if rng.random() < 0.3 else "genomforandeprojekt"
        if projekttyp == "forstudie":
            beviljat = round_to(rng.uniform(100_000, 500_000), 1000)
            months = rng.randint(4, 12)
        else:
            beviljat = round_to(min(5_000_000, rng.lognormvariate(14.2, 0.6)), 1000)
            beviljat = max(beviljat, 300_000)
            months = rng.randint(12, 36)
        beslut, niva = self._beslutsdatum(year, beviljat)
        start = beslut + dt.timedelta(days=rng.randint(0, 75))
        slut = add_months(start, months) - dt.timedelta(days=1)
        kedja = weighted(
            rng,
            [
                ("foretagsutveckling", 14),
                ("innovation", 12),
                ("entreprenorskap", 10),
                ("omstallning", 10),
                ("kompetens", 14),
                ("digital_tillganglighet", 8),
                ("transporter", 6),
                ("livsmiljo", 22),
                ("kommersiell_service", 4),
            ],
        )
        area = self._area_name(kommuner)
        namn = rng.choice(PROJ_NAMN[kedja]).format(o=area)
        if projekttyp == "forstudie":
            namn = f"Förstudie: {namn}"
            sammanf = FORSTUDIE_SAMMANFATTNING + " " + PROJ_SAMMANFATTNING[kedja]
        else:
            sammanf = PROJ_SAMMANFATTNING[kedja]
        d = Decision(
            "projektstod",
            beslut,
            org,
            org.juridisk_form,
            org.kategori,
            kommuner,
            beviljat,
            start,
            slut,
            kedja,
            projekttyp=projekttyp,
            projektnamn=namn,
            sammanfattning=sammanf,
        )
        d.beslutsniva = niva
        d.stodform = self.codes.stodtyp[d.stodtyp].stodform
        org.decisions += 1
        return d

    # ---------------------------------------------------------------- FTG
    def _ftg(self, year: int) -> Decision:
        rng = self.rng
        stodtyp = weighted(
            rng,
            [
                ("regionalt_investeringsstod", 40),
                ("konsultcheck", 30),
                ("innovationscheck", 15),
                ("foretagsutvecklingsstod", 15),
            ],
        )
        main = self._kommun()
        sole_trader = stodtyp != "regionalt_investeringsstod" and rng.random() < 0.05
        if sole_trader:
            org = None
            juridisk_form, kategori = "enskild_naringsidkare", "foretag"
            storlek = "mikro"
        else:
            org = self._company(main)
            juridisk_form, kategori = org.juridisk_form, org.kategori
            org.decisions += 1
            storlek = weighted(rng, [("mikro", 45), ("litet", 35), ("medelstort", 15), ("stort", 5)])
        if stodtyp == "regionalt_investeringsstod":
            beviljat = round_to(min(3_000_000, max(200_000, rng.lognormvariate(13.4, 0.7))), 1000)
            months = rng.randint(6, 24)
        elif stodtyp == "konsultcheck":
            beviljat = round_to(rng.uniform(50_000, 200_000), 1000)
            months = rng.randint(3, 12)
        elif stodtyp == "innovationscheck":
            beviljat = round_to(rng.uniform(50_000, 300_000), 1000)
            months = rng.randint(3, 12)
        else:
            beviljat = round_to(rng.uniform(100_000, 1_000_000), 1000)
            months = rng.randint(6, 18)
        beslut, niva = self._beslutsdatum(year, beviljat)
        start = beslut + dt.timedelta(days=rng.randint(0, 45))
        slut = add_months(start, months) - dt.timedelta(days=1)
        kedja = {"innovationscheck": "innovation"}.get(stodtyp, "foretagsutveckling")
        if stodtyp == "foretagsutvecklingsstod" and rng.random() < 0.3:
            kedja = "omstallning"
        d = Decision(
            stodtyp,
            beslut,
            org,
            juridisk_form,
            kategori,
            [(main, 1.0)],
            beviljat,
            start,
            slut,
            kedja,
            projektnamn=rng.choice(FTG_NAMN[stodtyp]),
            sammanfattning=FTG_SAMMANFATTNING[stodtyp],
            foretagsstorlek=storlek,
        )
        d.beslutsniva = niva
        d.stodform = self.codes.stodtyp[d.stodtyp].stodform
        return d

    # ---------------------------------------------------------------- KS
    def _ks(self, year: int, stodtyp: str, kommunkod: str | None = None) -> Decision:
        rng = self.rng
        years = 1
        strategisk: bool | None = None
        if stodtyp == "hemsandningsbidrag":
            assert kommunkod is not None
            org: Org | None = self.kommun_org[kommunkod]
            main = kommunkod
            beviljat = round_to(rng.uniform(20_000, 150_000), 1000)
        else:
            main = self._kommun(exclude_city=True)
            if stodtyp == "servicebidrag":
                years = int(weighted(rng, [("1", 50), ("2", 20), ("3", 30)]))
                strategisk = rng.random() < 0.12
                # per-year amounts stay a little below the ceilings (250 000 / 300 000 kr)
                per_year = (
                    round_to(rng.uniform(255_000, 290_000), 1000)
                    if strategisk
                    else round_to(rng.uniform(60_000, 240_000), 1000)
                )
                beviljat = per_year * years
            else:
                beviljat = round_to(rng.uniform(80_000, 250_000), 1000)
            first_year = year + 1
            if rng.random() < 0.08:
                org = None
            else:
                shops = self.butiker if self.target is None else self.butiker[-WINDOW:]
                candidates = [o for o in shops if o.kommunkod == main and o.ks_busy_until < first_year]
                if candidates and rng.random() < 0.6:
                    org = rng.choice(candidates)
                else:
                    form = weighted(
                        rng, [("aktiebolag", 55), ("ekonomisk_forening", 30), ("handelsbolag", 15)]
                    )
                    kat = "ekonomisk_forening" if form == "ekonomisk_forening" else "foretag"
                    org = self.orgs.new(form, kat, main)
                    self.butiker.append(org)
                if stodtyp == "servicebidrag":
                    org.ks_busy_until = first_year + years - 1
        # KS support is decided in the autumn for the coming calendar year(s)
        beslut, niva = self._beslutsdatum(year, beviljat, months=(9, 12))
        start = dt.date(year + 1, 1, 1)
        slut = dt.date(year + years, 12, 31)
        area = self.kommun_namn[main]
        juridisk_form = org.juridisk_form if org else "enskild_naringsidkare"
        kategori = org.kategori if org else "foretag"
        if org:
            org.decisions += 1
        d = Decision(
            stodtyp,
            beslut,
            org,
            juridisk_form,
            kategori,
            [(main, 1.0)],
            beviljat,
            start,
            slut,
            "kommersiell_service",
            projektnamn=KS_NAMN[stodtyp].format(o=area),
            sammanfattning=KS_SAMMANFATTNING[stodtyp],
            strategisk_butik=strategisk,
        )
        d.beslutsniva = niva
        d.stodform = self.codes.stodtyp[d.stodtyp].stodform
        return d

    # ---------------------------------------------------------------- all decisions
    def build_decisions(self) -> None:
        rng = self.rng
        rural = [k for k in self.kommunkoder if k != CITY]
        years = range(FIRST_YEAR, LAST_YEAR + 1)
        for i, year in enumerate(years):
            if self.target is None:
                drafts = [self._proj(year) for _ in range(rng.randint(45, 52))]
                drafts += [self._ftg(year) for _ in range(rng.randint(66, 76))]
                drafts += [self._ks(year, "servicebidrag") for _ in range(rng.randint(12, 18))]
                for kod in sorted(rng.sample(rural, rng.randint(3, 6))):
                    drafts.append(self._ks(year, "hemsandningsbidrag", kod))
                drafts += [self._ks(year, "sarskilt_driftstod") for _ in range(rng.randint(3, 6))]
            else:
                quota = self.target // len(years) + (1 if i < self.target % len(years) else 0)
                counts = spread(quota, [w for _, w in KIND_WEIGHTS])
                n = dict(zip([k for k, _ in KIND_WEIGHTS], counts, strict=True))
                drafts = [self._proj(year) for _ in range(n["proj"])]
                drafts += [self._ftg(year) for _ in range(n["ftg"])]
                drafts += [self._ks(year, "servicebidrag") for _ in range(n["servicebidrag"])]
                drafts += [
                    self._ks(year, "hemsandningsbidrag", rng.choice(rural))
                    for _ in range(n["hemsandningsbidrag"])
                ]
                drafts += [self._ks(year, "sarskilt_driftstod") for _ in range(n["sarskilt_driftstod"])]
            self.decisions.extend(drafts)
        for i, d in enumerate(self.decisions):
            d.seq = i
        self.decisions.sort(key=lambda d: (d.beslutsdatum, d.seq))
        self._assign_ids()
        for d in self.decisions:
            self._status(d)
            self._financing(d)

    def _assign_ids(self) -> None:
        rng = self.rng
        legacy, nyps2020 = 300_000 + rng.randint(0, 999), 20_200_100 + rng.randint(0, 99)
        # A scaled package takes smaller steps so that its ids keep their six and eight digits.
        step = 40 if self.target is None else 3
        dnr_counter: dict[int, int] = {}
        for d in self.decisions:
            if d.beslutsdatum.year < 2020:
                legacy += rng.randint(1 if self.target else 3, step)
                d.arende_id = f"{legacy:06d}"
            else:
                nyps2020 += rng.randint(1 if self.target else 3, step)
                d.arende_id = f"{nyps2020:08d}"
            if rng.random() < 0.04:
                continue  # registration number missing in the source
            dnr_year = d.beslutsdatum.year - (1 if d.beslutsdatum.month <= 2 and rng.random() < 0.5 else 0)
            dnr_counter[dnr_year] = dnr_counter.get(dnr_year, rng.randint(1, 40)) + rng.randint(1, 6)
            d.diarienummer = f"RUN/{dnr_counter[dnr_year]}/{dnr_year}"

    def _status(self, d: Decision) -> None:
        rng = self.rng
        if d.startdatum <= REF_DATE and rng.random() < 0.02:
            d.status = "aterkallad"
            last = min(d.slutdatum, REF_DATE)
            d.aterkallelsedatum = d.startdatum + dt.timedelta(
                days=rng.randint(0, max(0, (last - d.startdatum).days))
            )
        elif d.startdatum > REF_DATE:
            d.status = "beviljad"
        elif d.slutdatum < REF_DATE:
            d.status = "avslutad"
        else:
            d.status = "pagaende"

    # ---------------------------------------------------------------- financing
    def _financing(self, d: Decision) -> None:
        rng = self.rng
        region_1_1 = (REGION_NAME, REGION_ORGNR, "region_1_1", d.beviljat)
        egen_namn, egen_nr = d.mottagarnamn, d.mottagar_orgnr
        rows: list[tuple[str, str, str, int]] = [region_1_1]
        if d.stodform == "PROJ":
            share = rng.uniform(0.25, 0.5)
            total = math.ceil(d.beviljat / share / 1000) * 1000  # round up: the share stays <= share
            rest = total - d.beviljat
            region_cap = total // 2 - d.beviljat  # everything the region pays stays within 50 %
            types = ["kommun"]
            if rng.random() < 0.35 and d.beslutsdatum.year <= 2023:
                types.append("eu_eruf")
            if rng.random() < 0.3:
                types.append("annan_statlig")
            if rng.random() < 0.4:
                types.append("privat")
            types.append("egen_insats")
            if (
                d.mottagare is not None
                and d.mottagare.kategori == "kommun"
                and d.mottagare.juridisk_form == "kommun"
            ):
                types.remove("kommun")  # the municipality's money is its own contribution
            parts = split_amount(rng, rest, len(types))
            if region_cap > 0 and rng.random() < 0.15:
                extra = min(round_to(region_cap * rng.uniform(0.2, 0.8), 1000), parts[0])
                if extra > 0:
                    parts[0] -= extra
                    rows.append((REGION_NAME, REGION_ORGNR, "region_ovrig", extra))
                    region_cap -= extra
            for typ, amount in zip(types, parts, strict=True):
                if typ == "kommun":
                    k = self.kommun_org[d.kommunkod]
                    rows.append((k.namn, k.orgnr, "kommun", amount))
                elif typ == "eu_eruf":
                    rows.append(("Europeiska regionala utvecklingsfonden", "", "eu_eruf", amount))
                elif typ == "annan_statlig":
                    rows.append((TILLVAXTVERKET[0], TILLVAXTVERKET[1], "annan_statlig", amount))
                elif typ == "privat":
                    p = rng.choice(self.privata_finansiarer)
                    rows.append((p.namn, p.orgnr, "privat", amount))
                else:
                    rows.append((egen_namn, egen_nr, "egen_insats", amount))
            if d.mottagare is self.region:
                self._cap_region_own(rows, total)
        elif d.stodform == "FTG":
            max_share = self.codes.stodtyp[d.stodtyp].max_andel or 0.5
            if d.stodtyp == "regionalt_investeringsstod":
                max_share = {"stort": 0.2, "medelstort": 0.3}.get(d.foretagsstorlek, 0.35)
            share = rng.uniform(max_share * 0.5, max_share)
            total = math.ceil(d.beviljat / share / 1000) * 1000
            rest = total - d.beviljat
            if d.stodtyp == "regionalt_investeringsstod" and rng.random() < 0.5:
                loan, own = split_amount(rng, rest, 2)
                p = self.privata_finansiarer[rng.randint(0, 1)]
                rows += [(p.namn, p.orgnr, "privat", loan), (egen_namn, egen_nr, "egen_insats", own)]
            else:
                rows.append((egen_namn, egen_nr, "egen_insats", rest))
        else:  # KS
            share = rng.uniform(0.3, 0.5)
            total = math.ceil(d.beviljat / share / 1000) * 1000
            rest = total - d.beviljat
            if d.stodtyp == "servicebidrag" and rng.random() < 0.4:
                kommun_part, own = split_amount(rng, rest, 2)
                k = self.kommun_org[d.kommunkod]
                rows += [(k.namn, k.orgnr, "kommun", kommun_part), (egen_namn, egen_nr, "egen_insats", own)]
            else:
                rows.append((egen_namn, egen_nr, "egen_insats", rest))
        d.finansiering = [r for r in rows if r[3] > 0 or r[2] == "region_1_1"]

    @staticmethod
    def _cap_region_own(rows: list[tuple[str, str, str, int]], total: int) -> None:
        """When the region funds its own project, all its money together stays within 50 %."""
        region_total = sum(r[3] for r in rows if r[1] == REGION_ORGNR)
        excess = region_total - total // 2
        if excess <= 0:
            return
        for i, r in enumerate(rows):
            if r[1] == REGION_ORGNR and r[2] == "egen_insats":
                move = min(excess, r[3])
                rows[i] = (r[0], r[1], r[2], r[3] - move)
                j = next(j for j, x in enumerate(rows) if x[1] != REGION_ORGNR)
                rows[j] = (rows[j][0], rows[j][1], rows[j][2], rows[j][3] + move)
                return

    # ---------------------------------------------------------------- payments
    def payments(self, d: Decision) -> list[tuple[int, str, int]]:
        rng = self.rng
        if d.status == "beviljad":
            return []
        last_year = min(REF_DATE.year, d.slutdatum.year + (0 if d.stodform == "KS" else 1))
        if d.status == "aterkallad":
            assert d.aterkallelsedatum is not None
            pay_years = [y for y in years_between(d.startdatum, d.aterkallelsedatum)]
            if rng.random() < 0.4:
                return []
            paid_total = round_to(d.beviljat * rng.uniform(0.1, 0.5), 1)
            rows = [
                (y, "utbetalning", a)
                for y, a in zip(pay_years, split_amount(rng, paid_total, len(pay_years), 1), strict=True)
                if a > 0
            ]
            recover_year = min(REF_DATE.year, d.aterkallelsedatum.year + rng.randint(0, 1))
            recovered = round_to(paid_total * rng.choice([1.0, 1.0, 0.5]), 1)
            if recovered > 0:
                rows.append((recover_year, "aterkrav", -recovered))
            return rows
        if d.stodform == "KS":
            years = years_between(d.startdatum, min(d.slutdatum, REF_DATE))
            per_year = d.beviljat // len(years_between(d.startdatum, d.slutdatum))
            return [(y, "utbetalning", per_year) for y in years]
        years = years_between(d.startdatum, dt.date(last_year, 12, 31))
        if d.status == "avslutad":
            paid_total = (
                d.beviljat if rng.random() < 0.6 else round_to(d.beviljat * rng.uniform(0.75, 1.0), 1)
            )
        else:  # pagaende: paid in arrears, part of the grant so far
            elapsed = (REF_DATE - d.startdatum).days / max(1, (d.slutdatum - d.startdatum).days)
            paid_total = round_to(d.beviljat * min(0.9, elapsed) * rng.uniform(0.5, 0.95), 1)
            if d.startdatum.year == REF_DATE.year and rng.random() < 0.5:
                paid_total = 0
        if paid_total <= 0:
            return []
        amounts = split_amount(rng, paid_total, len(years), 1)
        rows = [(y, "utbetalning", a) for y, a in zip(years, amounts, strict=True) if a > 0]
        if d.status == "avslutad" and rng.random() < 0.02:  # recovery after audit
            rows.append(
                (
                    min(REF_DATE.year, rows[-1][0] + 1),
                    "aterkrav",
                    -round_to(paid_total * rng.uniform(0.05, 0.3), 1),
                )
            )
        return rows

    # ---------------------------------------------------------------- sustainability
    def hallbarhet(self, d: Decision) -> dict[str, str]:
        rng = self.rng
        scale = ["huvudsyfte", "integrerat", "beaktat", "ej_relevant", "ej_bedomt"]

        def pick(weights: Sequence[float]) -> str:
            return rng.choices(scale, weights=weights, k=1)[0]

        early = d.beslutsdatum.year < 2021
        general = (5, 40, 40, 10, 5)
        old = (2, 10, 13, 5, 70)
        row = {
            "ekonomisk_hallbarhet": pick(old if early else (15, 45, 30, 5, 5)),
            "social_hallbarhet": pick(old if early else general),
            "miljomassig_hallbarhet": pick(old if early else general),
            "territoriellt_perspektiv": pick(
                old if early else ((40, 40, 15, 5, 0) if d.stodform == "KS" else general)
            ),
            "jamstalldhet": pick(
                (10, 35, 40, 10, 5) if d.resultatkedja == "kompetens" else (3, 30, 45, 15, 7)
            ),
            "integration": pick((3, 20, 40, 30, 7)),
            "miljo_och_klimat": pick(
                (60, 30, 10, 0, 0) if d.resultatkedja == "omstallning" else (5, 30, 45, 15, 5)
            ),
        }
        if d.stodform == "FTG":
            row["vd_kon"] = (
                "uppgift_saknas"
                if d.mottagare is None
                else weighted(rng, [("kvinna", 30), ("man", 65), ("uppgift_saknas", 5)])
            )
        else:
            row["vd_kon"] = "ej_tillampligt"
        typer = sorted({self.kommun_typ[k] for k, _ in d.kommuner})
        if len(d.kommuner) == len(self.kommunkoder):
            row["territoriell_typ"] = "hela_lanet"
        elif len(typer) == 1:
            row["territoriell_typ"] = typer[0]
        else:
            row["territoriell_typ"] = "flera_typer"
        return row

    # ---------------------------------------------------------------- follow-up
    def _indicators(self, d: Decision) -> list[str]:
        if d.stodtyp == "hemsandningsbidrag":
            return ["hemsandningar"]
        if d.stodform == "KS":
            return ["servicestallen"]
        if d.stodtyp == "regionalt_investeringsstod":
            return ["nya_arbetstillfallen", "privat_investering"]
        if d.stodtyp == "innovationscheck":
            return ["nya_produkter"]
        if d.stodform == "FTG":
            return ["nya_arbetstillfallen"] + (
                ["minskade_utslapp"] if d.resultatkedja == "omstallning" else []
            )
        inds = INDIKATORER_AV_KEDJA[d.resultatkedja]
        return inds[:1] if d.projekttyp == "forstudie" else inds

    def _target(self, d: Decision, ind: str) -> float:
        rng = self.rng
        scale = max(1.0, d.beviljat / 500_000)
        if ind == "privat_investering":
            return float(sum(f[3] for f in d.finansiering if f[2] in ("egen_insats", "privat")))
        ranges = {
            "nya_arbetstillfallen": (1, 6),
            "foretag_som_deltagit": (5, 30),
            "nystartade_foretag": (2, 10),
            "nya_produkter": (1, 5),
            "fou_samverkan": (1, 8),
            "deltagare_kompetens": (10, 80),
            "bredband_anslutningar": (20, 200),
            "laddpunkter": (2, 12),
            "besokare": (500, 8000),
            "servicestallen": (1, 1),
            "hemsandningar": (200, 3000),
            "minskade_utslapp": (5, 150),
        }
        lo, hi = ranges[ind]
        if ind in ("servicestallen", "hemsandningar"):
            return float(rng.randint(lo, hi))
        value = rng.uniform(lo, hi) * (scale if d.stodform == "PROJ" else 1.0)
        return round(value, 1) if ind == "minskade_utslapp" else float(max(1, round(value)))

    def uppfoljning(self, d: Decision) -> list[dict[str, object]]:
        rng = self.rng
        if d.status in ("beviljad", "aterkallad"):
            return []
        first = max(d.startdatum, d.beslutsdatum)
        last = min(d.slutdatum, REF_DATE)
        if first > last:
            return []
        periods = [
            (max(first, dt.date(y, 1, 1)), min(last, dt.date(y, 12, 31))) for y in years_between(first, last)
        ]
        # A few days at either end of a year are reported together with the neighbouring period.
        if len(periods) > 1 and (periods[0][1] - periods[0][0]).days < 30:
            periods[:2] = [(periods[0][0], periods[1][1])]
        if len(periods) > 1 and (periods[-1][1] - periods[-1][0]).days < 30:
            periods[-2:] = [(periods[-2][0], periods[-1][1])]
        if len(periods) == 1 and (periods[0][1] - periods[0][0]).days < 30:
            return []  # started just before the extract date: nothing to follow up yet
        total_days = (d.slutdatum - first).days + 1
        rows = []
        for ind in self._indicators(d):
            enhet, kons = self.codes.indikator[ind].enhet, self.codes.indikator[ind].konsuppdelad
            target = self._target(d, ind)
            for ps, pe in periods:
                if ind in ("servicestallen", "hemsandningar"):
                    mal = target
                else:
                    fraction = ((pe - ps).days + 1) / total_days
                    mal = (
                        round(target * fraction, 1)
                        if enhet == "ton_co2e"
                        else float(round(target * fraction))
                    )
                reported = not (pe >= dt.date(REF_DATE.year, 1, 1) and rng.random() < 0.4)
                utfall = kvinnor = man = None
                if reported:
                    if ind == "servicestallen":
                        utfall = 1.0 if rng.random() < 0.97 else 0.0
                    else:
                        raw = mal * rng.uniform(0.3, 1.4)
                        utfall = round(raw, 1) if enhet == "ton_co2e" else float(round(raw))
                    if kons:
                        kvinnor = float(round(utfall * rng.uniform(0.2, 0.7)))
                        man = utfall - kvinnor
                rows.append(
                    {
                        "arende_id": d.arende_id,
                        "indikator": ind,
                        "period_start": ps.isoformat(),
                        "period_slut": pe.isoformat(),
                        "malvarde": mal,
                        "utfall": utfall,
                        "utfall_kvinnor": kvinnor,
                        "utfall_man": man,
                    }
                )
        return rows

    # ---------------------------------------------------------------- reports
    def rapporter(self) -> list[dict[str, object]]:
        rng = self.rng

        def ids(pred: Callable[[Decision], bool], n: int = 25) -> str:
            chosen = [d.arende_id for d in self.decisions if pred(d)]
            if len(chosen) > n:
                chosen = sorted(rng.sample(chosen, n))
            return ";".join(chosen)

        specs = [
            (
                "R2019-01",
                "Uppföljning av projektstöd beviljade 2018",
                "Follow-up of project grants awarded in 2018",
                2019,
                "uppfoljning",
                REGION_NAME,
                lambda d: d.stodform == "PROJ" and d.beslutsdatum.year == 2018,
            ),
            (
                "R2021-01",
                "Utvärdering av konsultcheckar 2018–2020",
                "Evaluation of consultancy vouchers 2018–2020",
                2021,
                "utvardering",
                "Exempelutvärdering Norr AB",
                lambda d: d.stodtyp == "konsultcheck" and d.beslutsdatum.year <= 2020,
            ),
            (
                "R2022-01",
                "Lägesbild: kommersiell service i Jämtlands län",
                "Status report: commercial service in Jämtland County",
                2022,
                "lagesbild",
                REGION_NAME,
                lambda d: d.stodform == "KS" and d.beslutsdatum.year in (2020, 2021),
            ),
            (
                "R2023-01",
                "Utvärdering av regionalt investeringsstöd 2019–2022",
                "Evaluation of regional investment aid 2019–2022",
                2023,
                "utvardering",
                "Exempelanalys Mittnorden AB",
                lambda d: d.stodtyp == "regionalt_investeringsstod" and 2019 <= d.beslutsdatum.year <= 2022,
            ),
            (
                "R2024-01",
                "Uppföljning av förstudier 2021–2023",
                "Follow-up of feasibility studies 2021–2023",
                2024,
                "uppfoljning",
                REGION_NAME,
                lambda d: d.projekttyp == "forstudie" and 2021 <= d.beslutsdatum.year <= 2023,
            ),
            (
                "R2025-01",
                "Resultatredovisning av det regionala utvecklingsarbetet 2024",
                "Results report on regional development work 2024",
                2025,
                "resultatredovisning",
                REGION_NAME,
                lambda d: d.beslutsdatum.year == 2024 and d.stodform in ("PROJ", "FTG"),
            ),
            (
                "R2025-02",
                "Jämställdhet i företagsstöden 2018–2024",
                "Gender equality in business grants 2018–2024",
                2025,
                "uppfoljning",
                "Exempelutvärdering Norr AB",
                lambda d: d.stodform == "FTG" and d.beslutsdatum.year <= 2024,
            ),
        ]
        rows = []
        for rid, titel, titel_en, ar, typ, utforare, pred in specs:
            rows.append(
                {
                    "rapport_id": rid,
                    "titel": titel,
                    "titel_en": titel_en,
                    "ar": ar,
                    "typ": typ,
                    "utforare": utforare,
                    "url": f"https://example.org/hit-gar-pengarna/rapporter/{rid.lower()}.pdf",
                    "arende_ids": ids(pred),
                }
            )
        return rows


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def build_tables(
    codes: CodeLists, seed: int = SEED, decisions: int | None = None
) -> dict[str, tuple[list[str], list[dict[str, object]]]]:
    """The decision tables (never the code lists: they are read from ``codes``)."""
    g = Generator(codes, seed, decisions)
    g.build_decisions()
    tables: dict[str, tuple[list[str], list[dict[str, object]]]] = {}

    beslut_fields = [
        "arende_id",
        "diarienummer",
        "stodform",
        "stodtyp",
        "rattslig_grund",
        "beslutsdatum",
        "beslutsniva",
        "stodmottagare",
        "organisationsnummer",
        "juridisk_form",
        "mottagarkategori",
        "projektnamn",
        "sammanfattning",
        "projekttyp",
        "startdatum",
        "slutdatum",
        "beviljat_belopp",
        "stodberattigande_kostnader",
        "strategiomrade",
        "resultatkedja",
        "kommunkod",
        "status",
        "aterkallelsedatum",
        "foretagsstorlek",
        "sni_kod",
        "sni_version",
        "stodinstrument",
        "strategisk_butik",
    ]
    beslut: list[dict[str, object]] = []
    finansiering: list[dict[str, object]] = []
    utbetalningar: list[dict[str, object]] = []
    kommunfordelning: list[dict[str, object]] = []
    hallbarhet: list[dict[str, object]] = []
    uppfoljning: list[dict[str, object]] = []
    for d in g.decisions:
        st = codes.stodtyp[d.stodtyp]
        if d.stodform == "FTG":
            grund = st.rattslig_grund_tidigare if d.beslutsdatum < FTG_BASIS_SWITCH else st.rattslig_grund
            if d.beslutsdatum >= SNI_2025_FROM:
                sni, sni_version = g.rng.choice(SNI_2025), "SNI2025"
            else:
                sni, sni_version = g.rng.choice(SNI_2007), "SNI2007"
            instrument = "bidrag"
        else:
            grund, sni, sni_version, instrument = st.rattslig_grund, "", "", ""
        beslut.append(
            {
                "arende_id": d.arende_id,
                "diarienummer": d.diarienummer,
                "stodform": d.stodform,
                "stodtyp": d.stodtyp,
                "rattslig_grund": grund,
                "beslutsdatum": d.beslutsdatum.isoformat(),
                "beslutsniva": d.beslutsniva,
                "stodmottagare": d.mottagarnamn,
                "organisationsnummer": d.mottagar_orgnr,
                "juridisk_form": d.juridisk_form,
                "mottagarkategori": d.kategori,
                "projektnamn": d.projektnamn,
                "sammanfattning": d.sammanfattning,
                "projekttyp": d.projekttyp,
                "startdatum": d.startdatum.isoformat(),
                "slutdatum": d.slutdatum.isoformat(),
                "beviljat_belopp": d.beviljat,
                "stodberattigande_kostnader": d.stodberattigande,
                "strategiomrade": codes.strategiomrade_av_kedja[d.resultatkedja],
                "resultatkedja": d.resultatkedja,
                "kommunkod": d.kommunkod,
                "status": d.status,
                "aterkallelsedatum": d.aterkallelsedatum.isoformat() if d.aterkallelsedatum else "",
                "foretagsstorlek": d.foretagsstorlek,
                "sni_kod": sni,
                "sni_version": sni_version,
                "stodinstrument": instrument,
                "strategisk_butik": d.strategisk_butik,
            }
        )
        for namn, nr, typ, belopp in sorted(d.finansiering, key=lambda r: (r[2] != "region_1_1", r[2], r[0])):
            finansiering.append(
                {
                    "arende_id": d.arende_id,
                    "finansiar": namn,
                    "finansiar_organisationsnummer": nr,
                    "finansiarstyp": typ,
                    "belopp": belopp,
                }
            )
        for ar, typ, belopp in g.payments(d):
            utbetalningar.append({"arende_id": d.arende_id, "ar": ar, "typ": typ, "belopp": belopp})
        for kod, andel in sorted(d.kommuner):
            kommunfordelning.append({"arende_id": d.arende_id, "kommunkod": kod, "andel": andel})
        hallbarhet.append({"arende_id": d.arende_id, **g.hallbarhet(d)})
        uppfoljning.extend(g.uppfoljning(d))

    tables["beslut"] = (beslut_fields, beslut)
    tables["finansiering"] = (
        ["arende_id", "finansiar", "finansiar_organisationsnummer", "finansiarstyp", "belopp"],
        finansiering,
    )
    tables["utbetalningar"] = (["arende_id", "ar", "typ", "belopp"], utbetalningar)
    tables["kommunfordelning"] = (["arende_id", "kommunkod", "andel"], kommunfordelning)
    tables["hallbarhet"] = (
        [
            "arende_id",
            "ekonomisk_hallbarhet",
            "social_hallbarhet",
            "miljomassig_hallbarhet",
            "territoriellt_perspektiv",
            "jamstalldhet",
            "integration",
            "miljo_och_klimat",
            "vd_kon",
            "territoriell_typ",
        ],
        hallbarhet,
    )
    tables["uppfoljning"] = (
        [
            "arende_id",
            "indikator",
            "period_start",
            "period_slut",
            "malvarde",
            "utfall",
            "utfall_kvinnor",
            "utfall_man",
        ],
        uppfoljning,
    )
    tables["rapporter"] = (
        ["rapport_id", "titel", "titel_en", "ar", "typ", "utforare", "url", "arende_ids"],
        g.rapporter(),
    )
    return tables


def cell(value: object) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return fmt_number(value)
    return str(value)


def write_table(path: Path, fields: Iterable[str], rows: Iterable[dict[str, object]]) -> None:
    fields = list(fields)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows([cell(row[f]) for f in fields] for row in rows)


def write_all(
    out: Path, seed: int = SEED, decisions: int | None = None, code_lists: Path = DATASETS
) -> list[Path]:
    """Write the decision tables into ``out``. Into another folder than the code lists' own, the code
    lists are copied alongside unchanged, so that ``out`` holds all the tables of a package."""
    codes = CodeLists.read(code_lists)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (fields, rows) in build_tables(codes, seed, decisions).items():
        path = out / f"{name}.csv"
        write_table(path, fields, rows)
        written.append(path)
    if out.resolve() != code_lists.resolve():
        for name in CODE_LISTS:
            source = code_lists / f"{name}.csv"
            if not source.is_file():
                raise CodeListError(f"{source}: the code list {name} is missing")
            shutil.copyfile(source, out / source.name)
            written.append(out / source.name)
    return written


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATASETS, help="directory to write the CSV files into")
    parser.add_argument(
        "--code-lists",
        type=Path,
        default=DATASETS,
        help="directory with the code lists to read (default: the repository's datasets/)",
    )
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (default: the published one)")
    parser.add_argument(
        "--decisions",
        type=positive,
        default=None,
        help="generate N decisions (and the other tables in proportion) instead of the example data; needs --out",
    )
    args = parser.parse_args(argv)
    if args.decisions is not None and args.out.resolve() == DATASETS.resolve():
        parser.error("--decisions writes a generated package of another size: give --out DIR (not datasets/)")
    try:
        written = write_all(args.out, args.seed, args.decisions, args.code_lists)
    except CodeListError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
