"""Derived resources of a release: totals, results-report aggregates and the state-aid transparency list.

Input is the package's tables as all-string frames (``validation.read_table``), output is one
:class:`DerivedTable` per derived resource, each with its own Table Schema and a frame of canonical strings.
Everything is computed with exact integer / fraction arithmetic and sorted, so the same input gives the same
bytes. Tables may be missing (a partial package): a derived table is left out when its sources are.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..codes import BUSINESS, MISSING, SUPPORT_FORMS, WITHDRAWN
from ..config import PublicationConfig
from ..errors import RefusedError
from ..identifiers import looks_like_personal_id
from ..validating.privacy import SOLE_TRADER_FORM, SOLE_TRADER_NAME

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


# How a derived table's rows are computed: from the package's tables (arrow, all strings) and the config.
Rows = Callable[[Mapping[str, pa.Table], PublicationConfig], pd.DataFrame]


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


def derive(tables: Mapping[str, Any], config: PublicationConfig) -> list[DerivedTable]:
    """Every derived table the given ``tables`` (arrow tables or pandas frames of strings) allow, in a
    fixed order."""
    if "beslut" not in tables:
        return []
    tables = {name: _arrow(table) for name, table in tables.items()}
    return [_table(spec(config), rows(tables, config)) for spec, rows in _derived_tables()]


def derived_schemas(config: PublicationConfig, tables: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Name → Table Schema of every derived table a package holding ``tables`` gets, without computing a row
    (``oppnadata bump`` compares them with the last release's)."""
    if "beslut" not in tables:
        return {}
    specs = [spec(config) for spec, _ in _derived_tables()]
    return {spec.name: _schema(spec) for spec in specs}


def _derived_tables() -> tuple[tuple[Callable[[PublicationConfig], _Spec], Rows], ...]:
    """Every derived table, in the release's order: its spec (from the config) and how its rows are computed.
    A new derived table is one line here (plus its spec and its function); build and bump read this."""
    return (
        (lambda config: TOTALS, lambda tables, config: _totals(tables)),
        (lambda config: RESULTS, lambda tables, config: _results(tables)),
        (_transparency_spec, _transparency),
    )


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


_PLAIN_INTEGER = r"^[+-]?[0-9]{1,18}$"  # fits an int64 and means the same to int() and to arrow


def _arrow(table: Any) -> pa.Table:
    """A table of strings as arrow (the build hands arrow tables over; tests may hand pandas frames)."""
    if isinstance(table, pa.Table):
        return table
    return pa.table(
        {str(c): pa.array(table[c].tolist(), type=pa.string()) for c in table.columns}
        if len(table.columns)
        else {}
    )


def _col(table: pa.Table, name: str) -> pa.Array:
    if name not in table.column_names:
        raise KeyError(name)
    return pc.fill_null(table.column(name).combine_chunks(), "")


def _integers(values: pa.Array, keys: pa.Array, table: str) -> np.ndarray:
    """``int(value.strip())`` of every value, exact: int64 when all fit, else Python ints. The first value
    that is not a whole number is refused with its record's key."""
    stripped = pc.utf8_trim_whitespace(values)
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    if pc.all(pc.match_substring_regex(stripped, _PLAIN_INTEGER)).as_py():
        unsigned = pc.replace_substring_regex(stripped, r"^\+", "")
        return np.asarray(pc.cast(unsigned, pa.int64()).to_numpy(zero_copy_only=False))
    parsed = [_integer(v, f"{table} {k}") for v, k in zip(values.to_pylist(), keys.to_pylist(), strict=True)]
    if all(-(2**62) < v < 2**62 for v in parsed):
        return np.array(parsed, dtype=np.int64)
    return np.array(parsed, dtype=object)


def _year(dates: pa.Array) -> pa.Array:
    return pc.utf8_slice_codeunits(dates, 0, 4)


def _lookup(tables: Mapping[str, pa.Table], table: str, key: str, value: str) -> dict[str, str]:
    """``key → value`` from a code list, empty when the table (or the column) is not in the package."""
    if table not in tables or not {key, value} <= set(tables[table].column_names):
        return {}
    keys, values = _col(tables[table], key).to_pylist(), _col(tables[table], value).to_pylist()
    return dict(zip(keys, values, strict=True))


def _map(values: pa.Array, mapping: Mapping[str, str], default: str) -> pa.Array:
    """``mapping.get(v, default)`` of every value."""
    keys = pa.array(list(mapping), type=pa.string())
    found = pc.index_in(values, value_set=keys)
    return pc.fill_null(pc.take(pa.array(list(mapping.values()), type=pa.string()), found), default)


def _first_rows(keys: pa.Array) -> np.ndarray:
    """The index of the first row of every distinct key, in row order."""
    codes = pc.index_in(keys, value_set=pc.unique(keys)).to_numpy(zero_copy_only=False)
    _, first = np.unique(codes, return_index=True)
    return np.sort(first)


def _shares(tables: Mapping[str, pa.Table]) -> pa.Table:
    """Each decision's municipality shares: one row per (case, kommun) with ``units``, the share times a
    denominator common to all (exact integers), and ``total``, the case's sum of them. From
    kommunfordelning (positive shares, summed per kommun), else all of it in beslut.kommunkod."""
    parts: list[pa.Table] = []
    known = pa.array([], type=pa.string())
    if "kommunfordelning" in tables:
        kf = tables["kommunfordelning"]
        andel = _col(kf, "andel")
        exact = {v: _fraction(v) for v in pc.unique(andel).to_pylist()}
        positive = {v: f for v, f in exact.items() if f is not None and f > 0}
        denominator = math.lcm(*(f.denominator for f in positive.values())) if positive else 1
        units = {v: f.numerator * (denominator // f.denominator) for v, f in positive.items()}
        found = pc.index_in(andel, value_set=pa.array(list(units), type=pa.string()))
        keep = pc.is_valid(found)
        unit_type = pa.int64() if all(u < 2**31 for u in units.values()) else pa.decimal256(76)
        values = pc.take(pa.array(list(units.values()), type=unit_type), pc.filter(found, keep))
        cells = pa.table(
            {
                "case": pc.filter(_col(kf, "arende_id"), keep),
                "kommun": pc.filter(_col(kf, "kommunkod"), keep),
                "units": values,
            }
        )
        summed = cells.group_by(["case", "kommun"], use_threads=False).aggregate([("units", "sum")])
        parts.append(summed.rename_columns(["case", "kommun", "units"]))
        known = parts[0].column("case").combine_chunks()
    beslut = tables["beslut"]
    cases, kommuner = _col(beslut, "arende_id"), _col(beslut, "kommunkod")
    first = _first_rows(cases)
    cases, kommuner = cases.take(pa.array(first)), kommuner.take(pa.array(first))
    fallback = pc.invert(pc.is_in(cases, value_set=known))
    unit_type = parts[0].schema.field("units").type if parts else pa.int64()
    count = int(pc.sum(fallback).as_py() or 0)
    parts.append(
        pa.table(
            {
                "case": pc.filter(cases, fallback),
                "kommun": pc.filter(kommuner, fallback),
                "units": pa.array(np.ones(count, dtype=np.int64)).cast(unit_type),
            }
        )
    )
    shares = pa.concat_tables(parts)
    totals = shares.group_by("case", use_threads=False).aggregate([("units", "sum")])
    return shares.join(totals.rename_columns(["case", "total"]), "case", use_threads=False)


def _split(cases: pa.Array, amounts: np.ndarray, shares: pa.Table) -> tuple[np.ndarray, pa.Array, np.ndarray]:
    """:func:`split_amount` of every ``amounts[i]`` over the shares of ``cases[i]``, vectorised: the
    row ``i``, the kommun and the part of every (i, kommun). The same largest-remainder rule in exact
    integers: with a case's shares as integers ``u`` summing to ``T``, a part's quota is ``size·u / T``,
    its whole kronor ``size·u // T`` and its remainder ``size·u % T`` (comparable within the case), and
    the kronor left over go to the largest remainders, ties to the smaller kommun code. Amounts or
    shares too large for int64 take :func:`split_amount` itself."""
    rows = pa.table({"row": pa.array(np.arange(len(cases), dtype=np.int64)), "case": cases})
    merged = rows.join(shares, "case", join_type="inner", use_threads=False)
    row = merged.column("row").to_numpy()
    kommun = merged.column("kommun").combine_chunks()
    if len(row) == 0:
        return row, kommun, np.zeros(0, dtype=np.int64)
    units_type = merged.schema.field("units").type
    if amounts.dtype == object or not pa.types.is_integer(units_type):
        return _split_exactly(cases, amounts, shares)
    units, total = merged.column("units").to_numpy(), merged.column("total").to_numpy()
    size = np.abs(amounts)[row]
    if int(size.max()) * int(total.max()) >= 2**62:
        return _split_exactly(cases, amounts, shares)
    quota = size * units
    whole, remainder = quota // total, quota % total
    rank_of_kommun = pc.rank(kommun, sort_keys="ascending", tiebreaker="dense").to_numpy()
    order = np.lexsort((rank_of_kommun, -remainder, row))
    row, whole, kommun = row[order], whole[order], kommun.take(pa.array(order))
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    given = np.add.reduceat(whole, starts)
    left = np.repeat(np.abs(amounts)[row[starts]] - given, np.diff(np.r_[starts, len(row)]))
    rank = np.arange(len(row)) - np.repeat(starts, np.diff(np.r_[starts, len(row)]))
    part = (whole + (rank < left)) * np.where(amounts[row] < 0, -1, 1)
    return row, kommun, part


def _split_exactly(
    cases: pa.Array, amounts: np.ndarray, shares: pa.Table
) -> tuple[np.ndarray, pa.Array, np.ndarray]:
    by_case: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for case, kommun, units in zip(
        *(shares.column(c).to_pylist() for c in ("case", "kommun", "units")), strict=True
    ):
        by_case[case][kommun] = Fraction(units)
    rows, kommuner, parts = [], [], []
    for i, (case, amount) in enumerate(zip(cases.to_pylist(), amounts, strict=True)):
        if case not in by_case:
            continue
        for kommun, part in split_amount(int(amount), by_case[case]).items():
            rows.append(i)
            kommuner.append(kommun)
            parts.append(part)
    return np.array(rows, dtype=np.int64), pa.array(kommuner, type=pa.string()), np.array(parts, dtype=object)


def _sums(keys: dict[str, pa.Array], values: dict[str, Any]) -> dict[tuple[str, ...], tuple[int, ...]]:
    """Sum each of ``values`` over the distinct combinations of ``keys``: ``key tuple → sums``."""
    if not len(next(iter(keys.values()))):
        return {}
    names = list(values)
    if any(np.asarray(v).dtype == object for v in values.values()):  # Python ints: exact, slower
        out: dict[tuple[str, ...], list[int]] = {}
        columns = [a.to_pylist() for a in keys.values()]
        for i, key in enumerate(zip(*columns, strict=True)):
            sums = out.setdefault(key, [0] * len(names))
            for j, name in enumerate(names):
                sums[j] += int(values[name][i])
        return {k: tuple(v) for k, v in out.items()}
    table = pa.table({**keys, **{n: pa.array(np.asarray(v, dtype=np.int64)) for n, v in values.items()}})
    grouped = table.group_by(list(keys), use_threads=False).aggregate([(n, "sum") for n in names])
    columns = [grouped.column(k).to_pylist() for k in keys]
    sums = [grouped.column(f"{n}_sum").to_pylist() for n in names]
    return {
        tuple(k): tuple(s) for k, s in zip(zip(*columns, strict=True), zip(*sums, strict=True), strict=True)
    }


# ------------------------------------------------------------------------------------------------- totals


def _totals(tables: Mapping[str, pa.Table]) -> pd.DataFrame:
    """Granted and paid per year × stödform × kommun (amounts split over kommuner by largest remainder)."""
    beslut = tables["beslut"]
    shares = _shares(tables)
    active = pc.not_equal(_col(beslut, "status"), WITHDRAWN)
    cases = pc.filter(_col(beslut, "arende_id"), active)
    amounts = _integers(pc.filter(_col(beslut, "beviljat_belopp"), active), cases, "beslut")
    row, kommun, part = _split(cases, amounts, shares)
    take = pa.array(row, type=pa.int64())
    granted = _sums(
        {
            "ar": _year(pc.filter(_col(beslut, "beslutsdatum"), active)).take(take),
            "stodform": pc.filter(_col(beslut, "stodform"), active).take(take),
            "kommun": kommun,
        },
        {"part": part, "one": np.ones(len(row), dtype=np.int64)},
    )
    paid: dict[tuple[str, ...], tuple[int, ...]] = {}
    has_payments = "utbetalningar" in tables
    if has_payments:
        payments = tables["utbetalningar"]
        form = _lookup(tables, "beslut", "arende_id", "stodform")
        cases = _col(payments, "arende_id")
        unknown = pc.invert(pc.is_in(cases, value_set=pa.array(list(form), type=pa.string())))
        if pc.any(unknown).as_py():
            case = pc.filter(cases, unknown)[0].as_py()
            raise RefusedError(
                f"utbetalningar: the case {case} is not in beslut, so its payment cannot be placed",
                hint="Run `oppnadata validate` and fix the foreign-key findings before building.",
            )
        amounts = _integers(_col(payments, "belopp"), cases, "utbetalningar")
        row, kommun, part = _split(cases, amounts, shares)
        take = pa.array(row, type=pa.int64())
        paid = _sums(
            {
                "ar": pc.utf8_trim_whitespace(_col(payments, "ar")).take(take),
                "stodform": _map(cases, form, "").take(take),
                "kommun": kommun,
            },
            {"part": part},
        )
    names = _lookup(tables, "kommuner", "kommunkod", "kommunnamn")
    keys = sorted(set(granted) | set(paid))
    return pd.DataFrame(
        [
            [
                *key,
                names.get(key[2], ""),
                str(granted.get(key, (0, 0))[1]),
                str(granted.get(key, (0, 0))[0]),
                str(paid.get(key, (0,))[0]) if has_payments else "",
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


def _results(tables: Mapping[str, pa.Table]) -> pd.DataFrame:
    """Decisions and granted amounts per year × stödform × dimension × value (long format)."""
    beslut = tables["beslut"]
    active = pc.not_equal(_col(beslut, "status"), WITHDRAWN)

    def column(name: str) -> pa.Array:
        return pc.filter(_col(beslut, name), active)

    cases, forms = column("arende_id"), column("stodform")
    kronor = _integers(column("beviljat_belopp"), cases, "beslut")
    category = column("mottagarkategori")
    dimensions: list[tuple[str, pa.Array]] = [
        ("mottagarkategori", pc.if_else(pc.equal(category, ""), MISSING, category))
    ]
    if "mottagarkategorier" in tables:
        codes = tables["mottagarkategorier"]
        own = {
            kod: "ja" if flag.strip().lower() == "true" else "nej"
            for kod, flag in zip(
                _col(codes, "kod").to_pylist(), _col(codes, "regionens_egen").to_pylist(), strict=True
            )
        }
        if own:
            dimensions.append(("regionens_egen", _map(category, own, MISSING)))
    business = pc.equal(forms, BUSINESS)
    if "hallbarhet" in tables:
        hallbarhet = tables["hallbarhet"]
        # one row per case, the last one winning (as a dict built row by row would)
        reverse = pa.array(np.arange(hallbarhet.num_rows - 1, -1, -1, dtype=np.int64))
        keys = _col(hallbarhet, "arende_id").take(reverse)
        found = pc.index_in(cases, value_set=keys)
        for name in (*ASSESSMENTS, "vd_kon"):
            if name in hallbarhet.column_names:
                values = pc.fill_null(pc.take(_col(hallbarhet, name).take(reverse), found), "")
                values = pc.if_else(pc.equal(values, ""), MISSING, values)
            else:
                values = pa.repeat(pa.scalar(MISSING, pa.string()), len(cases))
            dimensions.append((name, values))
    years = _year(column("beslutsdatum"))
    pieces = []
    for dimension, values in dimensions:
        keep = business if dimension == "vd_kon" else pa.repeat(pa.scalar(True), len(cases))
        pieces.append(
            (
                pc.filter(years, keep),
                pc.filter(forms, keep),
                pa.repeat(pa.scalar(dimension, pa.string()), int(pc.sum(keep).as_py() or 0)),
                pc.filter(values, keep),
                kronor[keep.to_numpy(zero_copy_only=False)],
            )
        )
    long = {
        "ar": pa.concat_arrays([p[0] for p in pieces]),
        "stodform": pa.concat_arrays([p[1] for p in pieces]),
        "dimension": pa.concat_arrays([p[2] for p in pieces]),
        "varde": pa.concat_arrays([p[3] for p in pieces]),
    }
    kr = np.concatenate([p[4] for p in pieces])
    sums = _sums(long, {"kronor": kr, "one": np.ones(len(kr), dtype=np.int64)})
    totals: dict[tuple[str, ...], int] = defaultdict(int)
    for (year, stodform, dimension, _value), (amount, _count) in sums.items():
        totals[year, stodform, dimension] += amount
    order = {dimension: index for index, dimension in enumerate(DIMENSIONS)}
    ordered = sorted(sums, key=lambda k: (k[0], k[1], order[k[2]], k[3]))
    return pd.DataFrame(
        [
            [*key, str(sums[key][1]), str(sums[key][0]), _share(sums[key][0], totals[key[:3]])]
            for key in ordered
        ],
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


def _transparency(tables: Mapping[str, Any], config: PublicationConfig) -> pd.DataFrame:
    """GBER art. 9 / Annex III list: non-withdrawn FTG decisions of at least the EUR threshold."""
    rate = Decimal(repr(config.sek_per_eur))
    threshold = sek_threshold(config)
    nuts3 = _lookup(tables, "kommuner", "kommunkod", "nuts3")
    purpose = _lookup(tables, "stodtyper", "kod", "benamning")
    purpose_en = _lookup(tables, "stodtyper", "kod", "benamning_en")
    laws = _lookup(tables, "rattsliga_grunder", "sfs_nummer", "titel")
    beslut = tables["beslut"]
    chosen = pc.and_(
        pc.equal(_col(beslut, "stodform"), BUSINESS), pc.not_equal(_col(beslut, "status"), WITHDRAWN)
    )
    beslut = beslut.filter(chosen)
    amounts = _integers(_col(beslut, "beviljat_belopp"), _col(beslut, "arende_id"), "beslut")
    # An integer is at least the (exact, decimal) threshold when it is at least the threshold's ceiling.
    ceiling = int(threshold.to_integral_value(rounding=ROUND_CEILING))
    above = np.array([v >= ceiling for v in amounts], dtype=bool)
    columns = ("arende_id", "beviljat_belopp", "stodmottagare", "organisationsnummer", "juridisk_form",
               "sni_kod", "sni_version", "foretagsstorlek", "kommunkod", "stodinstrument", "beslutsdatum",
               "stodtyp", "rattslig_grund")  # fmt: skip
    records = pa.table({c: _col(beslut, c) for c in columns}).filter(pa.array(above)).to_pylist()
    rows = []
    for record in records:
        sek = int(record["beviljat_belopp"].strip())
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


def _schema(spec: _Spec) -> dict[str, Any]:
    return {
        "title": spec.title,
        "description": spec.description,
        "title_en": spec.title_en,
        "description_en": spec.description_en,
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
        "fields": [dict(field) for field in spec.fields],
    }


def _table(spec: _Spec, frame: pd.DataFrame) -> DerivedTable:
    columns = [field["name"] for field in spec.fields]
    return DerivedTable(
        name=spec.name,
        schema=_schema(spec),
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
    required=True, enum=list(SUPPORT_FORMS),
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
