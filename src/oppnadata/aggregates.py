"""Derived resources of a release: totals, results-report aggregates and the state-aid transparency list.

Input is the package's tables as all-string frames (``validation.read_table``), output is one
:class:`DerivedTable` per derived resource, each with its own Table Schema and a frame of canonical strings.
Everything is computed with exact integer / fraction arithmetic and sorted, so the same input gives the same
bytes. Tables may be missing (a partial package): a derived table is left out when its sources are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import pandas as pd

from .config import PublicationConfig
from .errors import RefusedError
from .identifiers import looks_like_personal_id
from .privacy import SOLE_TRADER_FORM, SOLE_TRADER_NAME

WITHDRAWN = "aterkallad"
MISSING = "uppgift_saknas"
BUSINESS = "FTG"

# Columns of hallbarhet reported for every decision (förordning 2024:99 items 2–4); vd_kon is FTG only.
ASSESSMENTS = (
    "ekonomisk_hallbarhet",
    "social_hallbarhet",
    "miljomassig_hallbarhet",
    "territoriellt_perspektiv",
    "territoriell_typ",
    "jamstalldhet",
    "integration",
    "miljo_och_klimat",
)
DIMENSIONS = (*ASSESSMENTS, "vd_kon", "mottagarkategori", "regionens_egen")

NACE_VERSION = {"SNI2007": "NACE Rev. 2", "SNI2025": "NACE Rev. 2.1"}
ENTERPRISE_TYPE = {"mikro": "smf", "litet": "smf", "medelstort": "smf", "stort": "stort_foretag"}


@dataclass(frozen=True)
class DerivedTable:
    """One derived resource: its name, Table Schema and canonical string frame (columns in schema order)."""

    name: str
    schema: dict[str, Any]
    frame: pd.DataFrame
    title: str
    title_en: str
    description: str
    description_en: str


def derive(tables: Mapping[str, pd.DataFrame], config: PublicationConfig) -> list[DerivedTable]:
    """Every derived table the given ``tables`` allow, in a fixed order."""
    if "beslut" not in tables:
        return []
    return [
        _table(TOTALS, _totals(tables)),
        _table(RESULTS, _results(tables)),
        _table(_transparency_spec(config), _transparency(tables, config)),
    ]


# ---------------------------------------------------------------------------------------------- splitting


def split_amount(amount: int, shares: Mapping[str, Fraction]) -> dict[str, int]:
    """Split ``amount`` kronor over the keys of ``shares`` so that the parts add up exactly to ``amount``.

    Largest-remainder (Hamilton) method: the shares are normalised to sum to 1, every part gets the whole
    kronor of its exact quota, and the kronor left over go one each to the parts with the largest fractional
    remainders (ties: the smaller key first). A negative amount (a recovery) is split as its absolute value.
    """
    total = sum(shares.values(), Fraction(0))
    if total <= 0:
        raise ValueError("shares must add up to more than 0")
    size = abs(amount)
    quotas = {key: size * share / total for key, share in shares.items()}
    parts = {key: quota.numerator // quota.denominator for key, quota in quotas.items()}
    left = size - sum(parts.values())
    by_remainder = sorted(quotas, key=lambda key: (-(quotas[key] - parts[key]), key))
    for key in by_remainder[:left]:
        parts[key] += 1
    sign = -1 if amount < 0 else 1
    return {key: sign * part for key, part in parts.items()}


def _fraction(value: str) -> Fraction | None:
    try:
        return Fraction(Decimal(value.strip()))
    except (InvalidOperation, ValueError):
        return None


def _integer(value: str, what: str) -> int:
    try:
        return int(value.strip())
    except ValueError as err:
        raise RefusedError(
            f"{what}: {value!r} is not a whole number",
            hint="Run `oppnadata validate` and fix the blocking findings before building.",
        ) from err


def _shares(tables: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, Fraction]]:
    """Each decision's municipality shares: kommunfordelning, else all of it in beslut.kommunkod."""
    shares: dict[str, dict[str, Fraction]] = defaultdict(dict)
    if "kommunfordelning" in tables:
        for case, kommun, andel in _rows(tables["kommunfordelning"], "arende_id", "kommunkod", "andel"):
            share = _fraction(andel)
            if share is not None and share > 0:
                shares[case][kommun] = shares[case].get(kommun, Fraction(0)) + share
    for case, kommun in _rows(tables["beslut"], "arende_id", "kommunkod"):
        if not shares.get(case):
            shares[case] = {kommun: Fraction(1)}
    return dict(shares)


def _rows(frame: pd.DataFrame, *columns: str) -> Iterable[tuple[str, ...]]:
    return zip(*(frame[c].astype(str).tolist() for c in columns), strict=True)


def _lookup(tables: Mapping[str, pd.DataFrame], table: str, key: str, value: str) -> dict[str, str]:
    """``key → value`` from a code list, empty when the table (or the column) is not in the package."""
    if table not in tables or not {key, value} <= set(tables[table].columns):
        return {}
    return {k: v for k, v in _rows(tables[table], key, value)}


# ------------------------------------------------------------------------------------------------- totals


def _totals(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Granted and paid per year × stödform × kommun (amounts split over kommuner by largest remainder)."""
    beslut = tables["beslut"]
    shares = _shares(tables)
    form = _lookup(tables, "beslut", "arende_id", "stodform")
    granted: dict[tuple[str, str, str], int] = defaultdict(int)
    decisions: dict[tuple[str, str, str], int] = defaultdict(int)
    paid: dict[tuple[str, str, str], int] = defaultdict(int)
    for case, stodform, date, amount, status in _rows(
        beslut, "arende_id", "stodform", "beslutsdatum", "beviljat_belopp", "status"
    ):
        if status == WITHDRAWN:
            continue
        for kommun, part in split_amount(_integer(amount, f"beslut {case}"), shares[case]).items():
            granted[date[:4], stodform, kommun] += part
            decisions[date[:4], stodform, kommun] += 1
    has_payments = "utbetalningar" in tables
    if has_payments:
        for case, year, amount in _rows(tables["utbetalningar"], "arende_id", "ar", "belopp"):
            if case not in form:
                raise RefusedError(
                    f"utbetalningar: the case {case} is not in beslut, so its payment cannot be placed",
                    hint="Run `oppnadata validate` and fix the foreign-key findings before building.",
                )
            for kommun, part in split_amount(_integer(amount, f"utbetalningar {case}"), shares[case]).items():
                paid[year.strip(), form[case], kommun] += part
    names = _lookup(tables, "kommuner", "kommunkod", "kommunnamn")
    keys = sorted(set(granted) | set(paid))
    return pd.DataFrame(
        [
            [
                *key,
                names.get(key[2], ""),
                str(decisions[key]),
                str(granted[key]),
                str(paid[key]) if has_payments else "",
            ]
            for key in keys
        ],
        columns=[
            "ar",
            "stodform",
            "kommunkod",
            "kommunnamn",
            "antal_beslut",
            "beviljat_belopp",
            "utbetalt_belopp",
        ],
        dtype=object,
    )


# ------------------------------------------------------------------------------------------------ results


def _results(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Decisions and granted amounts per year × stödform × dimension × value (long format)."""
    beslut = tables["beslut"]
    beslut = beslut[beslut["status"] != WITHDRAWN]
    hallbarhet: dict[str, dict[str, str]] = {}
    if "hallbarhet" in tables:
        frame = tables["hallbarhet"]
        columns = [c for c in (*ASSESSMENTS, "vd_kon") if c in frame.columns]
        hallbarhet = {row["arende_id"]: row for row in frame[["arende_id", *columns]].to_dict("records")}
    own: dict[str, str] = {}
    if "mottagarkategorier" in tables:
        own = {
            kod: "ja" if flag.strip().lower() == "true" else "nej"
            for kod, flag in _rows(tables["mottagarkategorier"], "kod", "regionens_egen")
        }
    count: dict[tuple[str, str, str, str], int] = defaultdict(int)
    amount: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for case, stodform, date, belopp, category in _rows(
        beslut, "arende_id", "stodform", "beslutsdatum", "beviljat_belopp", "mottagarkategori"
    ):
        values: dict[str, str] = {"mottagarkategori": category or MISSING}
        if own:
            values["regionens_egen"] = own.get(category, MISSING)
        if "hallbarhet" in tables:
            row = hallbarhet.get(case, {})
            for column in ASSESSMENTS:
                values[column] = row.get(column) or MISSING
            if stodform == BUSINESS:
                values["vd_kon"] = row.get("vd_kon") or MISSING
        kronor = _integer(belopp, f"beslut {case}")
        for dimension, value in values.items():
            key = (date[:4], stodform, dimension, value)
            count[key] += 1
            amount[key] += kronor
    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    for (year, stodform, dimension, _value), kronor in amount.items():
        totals[year, stodform, dimension] += kronor
    order = {dimension: index for index, dimension in enumerate(DIMENSIONS)}
    keys = sorted(amount, key=lambda k: (k[0], k[1], order[k[2]], k[3]))
    return pd.DataFrame(
        [[*key, str(count[key]), str(amount[key]), _share(amount[key], totals[key[:3]])] for key in keys],
        columns=[
            "ar",
            "stodform",
            "dimension",
            "varde",
            "antal_beslut",
            "beviljat_belopp",
            "andel_av_belopp",
        ],
        dtype=object,
    )


def _share(part: int, whole: int) -> str:
    if whole == 0:
        return ""
    return _decimal_text(Decimal(part) / Decimal(whole), "0.0001")


def _decimal_text(value: Decimal, quantum: str) -> str:
    return format(value.quantize(Decimal(quantum), rounding=ROUND_HALF_UP), "f")


# ------------------------------------------------------------------------------------------- transparency


def sek_threshold(config: PublicationConfig) -> Decimal:
    """The SEK amount at and above which a business grant is published (threshold × rate, exact)."""
    return Decimal(repr(config.sek_per_eur)) * config.state_aid_threshold_eur


def _transparency(tables: Mapping[str, pd.DataFrame], config: PublicationConfig) -> pd.DataFrame:
    """GBER art. 9 / Annex III list: non-withdrawn FTG decisions of at least the EUR threshold."""
    beslut = tables["beslut"]
    rate = Decimal(repr(config.sek_per_eur))
    threshold = sek_threshold(config)
    nuts3 = _lookup(tables, "kommuner", "kommunkod", "nuts3")
    purpose = _lookup(tables, "stodtyper", "kod", "benamning")
    purpose_en = _lookup(tables, "stodtyper", "kod", "benamning_en")
    laws = _lookup(tables, "rattsliga_grunder", "sfs_nummer", "titel")
    rows = []
    for record in beslut.to_dict("records"):
        if record["stodform"] != BUSINESS or record["status"] == WITHDRAWN:
            continue
        sek = _integer(record["beviljat_belopp"], f"beslut {record['arende_id']}")
        if sek < threshold:
            continue
        name, orgnr = record["stodmottagare"], record["organisationsnummer"]
        if (
            record["juridisk_form"] == SOLE_TRADER_FORM
            or name == SOLE_TRADER_NAME
            or looks_like_personal_id(orgnr)
        ):
            # Personal data never reaches a published file: a sole trader's number is a personnummer.
            name, orgnr = SOLE_TRADER_NAME, ""
        sni, version = record["sni_kod"], record["sni_version"]
        nace = f"{sni[:2]}.{sni[2]}" if len(sni) >= 3 else ""
        rows.append(
            [
                record["arende_id"],
                name,
                orgnr,
                ENTERPRISE_TYPE.get(record["foretagsstorlek"], ""),
                record["foretagsstorlek"],
                nuts3.get(record["kommunkod"], "")[:4],
                nace,
                NACE_VERSION.get(version, "") if nace else "",
                str(sek),
                _decimal_text(Decimal(sek) / rate, "0.01"),
                record["stodinstrument"],
                record["beslutsdatum"],
                purpose.get(record["stodtyp"], ""),
                purpose_en.get(record["stodtyp"], ""),
                config.publisher.name,
                record["rattslig_grund"],
                laws.get(record["rattslig_grund"], ""),
            ]
        )
    frame = pd.DataFrame(rows, columns=[f["name"] for f in _TRANSPARENCY_FIELDS], dtype=object)
    return frame.sort_values(["beviljandedatum", "arende_id"], kind="stable")


# ------------------------------------------------------------------------------------------------ schemas


@dataclass(frozen=True)
class _Spec:
    name: str
    title: str
    title_en: str
    description: str
    description_en: str
    fields: tuple[dict[str, Any], ...]
    primary_key: tuple[str, ...]


def _f(
    name: str, type_: str, title: str, title_en: str, text: str, text_en: str, **constraints: Any
) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": name,
        "type": type_,
        "title": title,
        "description": text,
        "title_en": title_en,
        "description_en": text_en,
    }
    if constraints:
        field["constraints"] = constraints
    return field


def _table(spec: _Spec, frame: pd.DataFrame) -> DerivedTable:
    schema = {
        "title": spec.title,
        "description": spec.description,
        "title_en": spec.title_en,
        "description_en": spec.description_en,
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
        "fields": [dict(field) for field in spec.fields],
    }
    columns = [field["name"] for field in spec.fields]
    return DerivedTable(
        name=spec.name,
        schema=schema,
        frame=frame[columns].reset_index(drop=True),
        title=spec.title,
        title_en=spec.title_en,
        description=spec.description,
        description_en=spec.description_en,
    )


_YEAR = _f(
    "ar", "integer", "År", "Year",
    "Beslutsår (året i beslutsdatum) för beviljat belopp och antal beslut; utbetalningsår för utbetalt belopp.",
    "Decision year (the year of the decision date) for granted amount and number of decisions; payment year for "
    "amount paid.",
    required=True, minimum=2000, maximum=2100,
)  # fmt: skip
_FORM = _f(
    "stodform", "string", "Stödform", "Support form",
    "PROJ projektstöd, FTG företagsstöd, KS stöd till kommersiell service.",
    "PROJ project grant, FTG business grant, KS support for commercial service.",
    required=True, enum=["PROJ", "FTG", "KS"],
)  # fmt: skip
_COUNT = _f(
    "antal_beslut", "integer", "Antal beslut", "Number of decisions",
    "Antal beslut, utom återkallade.", "Number of decisions, withdrawn decisions excluded.",
    required=True, minimum=0,
)  # fmt: skip
_GRANTED = _f(
    "beviljat_belopp", "integer", "Beviljat belopp (kr)", "Granted amount (SEK)",
    "Beviljat belopp i kronor från 1:1-anslaget, utom återkallade beslut.",
    "Granted amount in Swedish kronor from the 1:1 appropriation, withdrawn decisions excluded.",
    required=True, minimum=0,
)  # fmt: skip

_ROUNDING = (
    "Avrundning: varje belopp fördelas i hela kronor med största-restmetoden. Andelarna normeras så att de "
    "summerar till 1, varje kommun får heltalsdelen av belopp × andel och de kronor som blir över går en i taget "
    "till de kommuner som har störst decimalrest (vid lika rest den lägsta kommunkoden). Kommunernas delar av ett "
    "beslut eller en utbetalning summerar därför exakt till dess belopp."
)
_ROUNDING_EN = (
    "Rounding: every amount is split in whole kronor by the largest-remainder method. The shares are normalised to "
    "add up to 1, each municipality gets the whole part of amount × share, and the kronor left over go one at a "
    "time to the municipalities with the largest fractional remainders (ties: the lowest municipality code). The "
    "municipalities' parts of a decision or payment therefore add up exactly to its amount."
)

TOTALS = _Spec(
    name="totaler_ar_stodform_kommun",
    title="Beviljat och utbetalt per år, stödform och kommun",
    title_en="Granted and paid by year, support form and municipality",
    description=(
        "Härledd tabell. Beviljat belopp och antal beslut per beslutsår, utbetalt belopp (netto efter återkrav) per "
        "utbetalningsår, per stödform och kommun. Återkallade beslut (status aterkallad) ingår inte i beviljat "
        "belopp eller antal beslut; det som ändå betalats ut eller återkrävts för dem ingår i utbetalt belopp. "
        "Ett beslut fördelas på kommuner enligt kommunfordelning, eller helt på beslutets huvudsakliga kommun "
        "(kommunkod i beslut) om fördelning saknas. Ett beslut som gäller flera kommuner räknas i antal beslut "
        "för var och en av dem. " + _ROUNDING
    ),
    description_en=(
        "Derived table. Granted amount and number of decisions by decision year, amount paid (net of recoveries) "
        "by payment year, by support form and municipality. Withdrawn decisions (status aterkallad) are excluded "
        "from the granted amount and the number of decisions; whatever was still paid or recovered for them is in "
        "the amount paid. A decision is split over municipalities by kommunfordelning, or wholly on its main "
        "municipality (kommunkod in beslut) when there is no distribution. A decision covering several "
        "municipalities counts in the number of decisions of each. " + _ROUNDING_EN
    ),
    fields=(
        _YEAR,
        _FORM,
        _f(
            "kommunkod",
            "string",
            "Kommunkod",
            "Municipality code",
            "Kommunkod enligt SCB (kod i kommuner).",
            "Statistics Sweden municipality code (code in kommuner).",
            required=True,
            pattern="^23[0-9]{2}$",
        ),
        _f(
            "kommunnamn",
            "string",
            "Kommunnamn",
            "Municipality name",
            "Kommunens namn enligt kommuner.",
            "Name of the municipality as in kommuner.",
        ),
        {
            **_COUNT,
            "description": "Antal beslut som avser kommunen, utom återkallade.",
            "description_en": "Number of decisions concerning the municipality, withdrawn decisions excluded.",
        },
        {
            **_GRANTED,
            "description": _GRANTED["description"] + " Kommunens del enligt fördelningen.",
            "description_en": _GRANTED["description_en"] + " The municipality's part under the distribution.",
        },
        _f(
            "utbetalt_belopp",
            "integer",
            "Utbetalt belopp (kr)",
            "Amount paid (SEK)",
            "Utbetalt under året i kronor, netto efter återkrav (kan vara negativt). Kommunens del enligt "
            "fördelningen. Tomt om paketet saknar utbetalningar.",
            "Paid during the year in Swedish kronor, net of recoveries (can be negative). The municipality's part "
            "under the distribution. Empty if the package has no utbetalningar.",
        ),
    ),
    primary_key=("ar", "stodform", "kommunkod"),
)

_SCALE = (
    "huvudsyfte, integrerat, beaktat, ej_relevant, ej_bedomt",
    "huvudsyfte (main purpose), integrerat (integrated), beaktat (considered), ej_relevant (not relevant), "
    "ej_bedomt (not assessed)",
)
RESULTS = _Spec(
    name="resultatredovisning",
    title="Underlag för resultatredovisning enligt förordning (2024:99)",
    title_en="Figures for the results reporting under ordinance (2024:99)",
    description=(
        "Härledd tabell i långt format: antal beslut och beviljat belopp per beslutsår och stödform, fördelat på "
        "de dimensioner som resultatredovisningen av det regionala utvecklingsarbetet (förordning 2024:99) frågar "
        "efter: ekonomisk, social och miljömässig hållbarhet, territoriellt perspektiv och territoriell typ, "
        "jämställdhet, integration, miljö och klimat, VD:s kön (endast företagsstöd), mottagarkategori samt om "
        "mottagaren är regionen själv eller ett bolag eller en organisation som regionen äger eller är delägare i "
        "(regionens_egen). Hela beslutets belopp räknas, utan fördelning på kommuner. Återkallade beslut (status "
        "aterkallad) ingår inte. Inom en dimension summerar raderna för ett år och en stödform till årets och "
        "stödformens totala antal och belopp; beslut utan uppgift redovisas som uppgift_saknas. Dimensioner vars "
        "underlag saknas i paketet utelämnas."
    ),
    description_en=(
        "Derived table in long format: number of decisions and granted amount by decision year and support form, "
        "broken down by the dimensions the results reporting of regional development work (ordinance 2024:99) asks "
        "for: economic, social and environmental sustainability, territorial perspective and territorial type, "
        "gender equality, integration, environment and climate, the chief executive's sex (business grants only), "
        "recipient category, and whether the recipient is the region itself or a company or body the region owns "
        "or part-owns (regionens_egen). The whole amount of a decision counts, not split over municipalities. "
        "Withdrawn decisions (status aterkallad) are excluded. Within a dimension the rows of one year and support "
        "form add up to that year's and form's total number and amount; decisions without the information are "
        "shown as uppgift_saknas. Dimensions whose source table is missing from the package are left out."
    ),
    fields=(
        {
            **_YEAR,
            "description": "Beslutsår (året i beslutsdatum).",
            "description_en": "Decision year (the year of the decision date).",
        },
        _FORM,
        _f(
            "dimension",
            "string",
            "Dimension",
            "Dimension",
            "Vad raden delar upp efter: en kolumn i hallbarhet (" + ", ".join(ASSESSMENTS) + ", vd_kon), "
            "mottagarkategori eller regionens_egen.",
            "What the row breaks down by: a column of hallbarhet (" + ", ".join(ASSESSMENTS) + ", vd_kon), "
            "mottagarkategori or regionens_egen.",
            required=True,
            enum=list(DIMENSIONS),
        ),
        _f(
            "varde",
            "string",
            "Värde",
            "Value",
            f"Värdet i dimensionen: för bedömningarna {_SCALE[0]}; för territoriell_typ typerna i hallbarhet; för "
            "vd_kon kvinna, man eller uppgift_saknas; för mottagarkategori en kod i mottagarkategorier; för "
            "regionens_egen ja eller nej. uppgift_saknas när uppgiften saknas.",
            f"The value in the dimension: for the assessments {_SCALE[1]}; for territoriell_typ the types in "
            "hallbarhet; for vd_kon kvinna (woman), man or uppgift_saknas; for mottagarkategori a code in "
            "mottagarkategorier; for regionens_egen ja (yes) or nej (no). uppgift_saknas when not available.",
            required=True,
        ),
        _COUNT,
        _GRANTED,
        _f(
            "andel_av_belopp",
            "number",
            "Andel av beviljat belopp",
            "Share of granted amount",
            "Radens andel (0–1) av beviljat belopp för året, stödformen och dimensionen, avrundad till fyra "
            "decimaler (avrundade andelar summerar därför inte alltid exakt till 1). Tomt om beloppet är 0.",
            "The row's share (0–1) of the granted amount of the year, support form and dimension, rounded to four "
            "decimals (so rounded shares do not always add up exactly to 1). Empty if the total is 0.",
            minimum=0,
            maximum=1,
        ),
    ),
    primary_key=("ar", "stodform", "dimension", "varde"),
)

_TRANSPARENCY_FIELDS: tuple[dict[str, Any], ...] = (
    _f("arende_id", "string", "Ärende-id", "Case id",
       "Beslutets ärende-id i Nyps (nyckel i beslut).", "The decision's Nyps case id (key in beslut).",
       required=True, unique=True, pattern="^([0-9]{6}|[0-9]{8})$"),
    _f("stodmottagare", "string", "Stödmottagarens namn", "Name of the beneficiary",
       "Stödmottagarens namn. Enskild näringsidkare för enskilda näringsidkare, som aldrig namnges.",
       "Name of the beneficiary. Enskild näringsidkare (sole trader) for sole traders, who are never named.",
       required=True),
    _f("organisationsnummer", "string", "Nationell identifierare (organisationsnummer)",
       "National identifier (organisation number)",
       "Stödmottagarens organisationsnummer. Tomt för enskilda näringsidkare (numret är ägarens personnummer).",
       "The beneficiary's Swedish organisation number. Empty for sole traders (the number is the owner's "
       "personal identity number).",
       pattern="^[0-9]{6}-[0-9]{4}$"),
    _f("foretagstyp", "string", "Typ av stödmottagare", "Type of beneficiary",
       "smf (litet eller medelstort företag, inklusive mikroföretag) eller stort_foretag (stort företag), enligt "
       "EU:s definition; härlett ur foretagsstorlek.",
       "smf (SME, including micro enterprises) or stort_foretag (large enterprise) under the EU definition; "
       "derived from foretagsstorlek.",
       enum=["smf", "stort_foretag"]),
    _f("foretagsstorlek", "string", "Företagsstorlek", "Company size",
       "Företagets storlek enligt beslut: mikro, litet, medelstort eller stort.",
       "The company's size as in beslut: mikro (micro), litet (small), medelstort (medium-sized) or stort (large).",
       enum=["mikro", "litet", "medelstort", "stort"]),
    _f("nuts2", "string", "Region (NUTS 2)", "Region (NUTS 2)",
       "Stödmottagarens region på NUTS 2-nivå, härledd ur kommunens NUTS 3-kod i kommuner (SE322 ger SE32).",
       "The beneficiary's region at NUTS 2 level, derived from the municipality's NUTS 3 code in kommuner (SE322 "
       "gives SE32).",
       pattern="^SE[0-9]{2}$"),
    _f("nace_grupp", "string", "Sektor (NACE-grupp)", "Sector (NACE group)",
       "Sektor på NACE-gruppnivå (tre siffror, NN.N), härledd ur de tre första siffrorna i beslutets SNI-kod.",
       "Sector of activity at NACE group level (three digits, NN.N), derived from the first three digits of the "
       "decision's SNI code.",
       pattern="^[0-9]{2}\\.[0-9]$"),
    _f("nace_version", "string", "NACE-version", "NACE version",
       "NACE Rev. 2 för SNI 2007, NACE Rev. 2.1 för SNI 2025.", "NACE Rev. 2 for SNI 2007, NACE Rev. 2.1 for SNI 2025.",
       enum=sorted(set(NACE_VERSION.values()))),
    _f("stodelement_sek", "integer", "Stödelement (kr)", "Aid element (SEK)",
       "Stödets fulla belopp i kronor (beviljat belopp). För andra stödinstrument än bidrag är det beviljade "
       "beloppet angivet, inte bidragsekvivalenten.",
       "The full aid amount in Swedish kronor (the granted amount). For instruments other than grants this is "
       "the granted amount, not the gross grant equivalent.",
       required=True, minimum=0),
    _f("stodelement_eur", "number", "Stödelement (euro)", "Aid element (EUR)",
       "Stödelementet omräknat till euro med kursen i tabellbeskrivningen, avrundat till hela cent (halva uppåt).",
       "The aid element converted to euro at the rate in the table description, rounded to whole cents (half up).",
       required=True, minimum=0),
    _f("stodinstrument", "string", "Stödinstrument", "Aid instrument",
       "bidrag, lan (lån), garanti, skatteforman (skatteförmån), riskkapital eller annat.",
       "bidrag (grant), lan (loan), garanti (guarantee), skatteforman (tax advantage), riskkapital (equity) or "
       "annat (other).",
       enum=["bidrag", "lan", "garanti", "skatteforman", "riskkapital", "annat"]),
    _f("beviljandedatum", "date", "Beviljandedatum", "Date of granting",
       "Dag då stödet beviljades (beslutsdatum).", "Date the aid was granted (the decision date).", required=True),
    _f("syfte", "string", "Stödets syfte", "Objective of the aid",
       "Stödets syfte enligt stödtypen (benämning i stodtyper).", "Objective of the aid by support type (name in "
       "stodtyper, in Swedish)."),
    _f("syfte_en", "string", "Stödets syfte på engelska", "Objective of the aid in English",
       "Stödets syfte på engelska (benamning_en i stodtyper).", "Objective of the aid in English (benamning_en in "
       "stodtyper)."),
    _f("beviljande_myndighet", "string", "Beviljande myndighet", "Granting authority",
       "Den myndighet som beviljade stödet.", "The authority that granted the aid.", required=True),
    _f("atgard_sfs", "string", "Stödåtgärd (SFS-nummer)", "Aid measure (SFS number)",
       "Referens till stödåtgärden: SFS-nummer för den förordning som beslutet fattades med stöd av.",
       "Reference of the aid measure: SFS number of the ordinance the decision was taken under.",
       required=True, pattern="^[0-9]{4}:[0-9]+$"),
    _f("atgard_titel", "string", "Stödåtgärdens titel", "Title of the aid measure",
       "Förordningens titel enligt rattsliga_grunder.", "Title of the ordinance as in rattsliga_grunder (in "
       "Swedish)."),
)  # fmt: skip


def _transparency_spec(config: PublicationConfig) -> _Spec:
    threshold = config.state_aid_threshold_eur
    rate = repr(config.sek_per_eur)
    sek = _decimal_text(sek_threshold(config), "1")
    return _Spec(
        name="statligt_stod_transparens",
        title="Statligt stöd över tröskeln för offentliggörande (GBER artikel 9)",
        title_en="State aid above the transparency threshold (GBER Article 9)",
        description=(
            "Härledd tabell: enskilda stöd som ska offentliggöras enligt artikel 9 och bilaga III i kommissionens "
            f"förordning (EU) nr 651/2014 (GBER), det vill säga företagsstöd (FTG) på minst {threshold} euro. "
            f"Tröskeln räknas i kronor: minst {sek} kr vid kursen {rate} kr per euro ({config.sek_per_eur_source}). "
            "Samma kurs används för beloppen i euro. Återkallade beslut ingår inte. Enskilda näringsidkare "
            "redovisas utan namn och organisationsnummer."
        ),
        description_en=(
            "Derived table: individual aid to be published under Article 9 and Annex III of Commission Regulation "
            f"(EU) No 651/2014 (GBER), i.e. business grants (FTG) of at least EUR {threshold}. The threshold is "
            f"applied in kronor: at least SEK {sek} at the rate of SEK {rate} per euro "
            f"({config.sek_per_eur_source}). The same rate converts the euro amounts. Withdrawn decisions are "
            "excluded. Sole traders are shown without name and organisation number."
        ),
        fields=_TRANSPARENCY_FIELDS,
        primary_key=("arende_id",),
    )
