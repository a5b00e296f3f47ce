"""Amounts split over municipalities in whole kronor, exactly (largest remainder): one decision at a time
(:func:`split_amount`, also what the portal uses) and vectorised over a whole table (:func:`split_over`)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from fractions import Fraction

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .columns import col, first_rows, to_fraction


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


def shares_of(tables: Mapping[str, pa.Table]) -> pa.Table:
    """Each decision's municipality shares: one row per (case, kommun) with ``units``, the share times a
    denominator common to all (exact integers), and ``total``, the case's sum of them. From
    kommunfordelning (positive shares, summed per kommun), else all of it in beslut.kommunkod."""
    parts: list[pa.Table] = []
    known = pa.array([], type=pa.string())
    if "kommunfordelning" in tables:
        kf = tables["kommunfordelning"]
        andel = col(kf, "andel")
        exact = {v: to_fraction(v) for v in pc.unique(andel).to_pylist()}
        positive = {v: f for v, f in exact.items() if f is not None and f > 0}
        denominator = math.lcm(*(f.denominator for f in positive.values())) if positive else 1
        units = {v: f.numerator * (denominator // f.denominator) for v, f in positive.items()}
        found = pc.index_in(andel, value_set=pa.array(list(units), type=pa.string()))
        keep = pc.is_valid(found)
        unit_type = pa.int64() if all(u < 2**31 for u in units.values()) else pa.decimal256(76)
        values = pc.take(pa.array(list(units.values()), type=unit_type), pc.filter(found, keep))
        cells = pa.table(
            {
                "case": pc.filter(col(kf, "arende_id"), keep),
                "kommun": pc.filter(col(kf, "kommunkod"), keep),
                "units": values,
            }
        )
        summed = cells.group_by(["case", "kommun"], use_threads=False).aggregate([("units", "sum")])
        parts.append(summed.rename_columns(["case", "kommun", "units"]))
        known = parts[0].column("case").combine_chunks()
    beslut = tables["beslut"]
    cases, kommuner = col(beslut, "arende_id"), col(beslut, "kommunkod")
    first = first_rows(cases)
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


def split_over(
    cases: pa.Array, amounts: np.ndarray, shares: pa.Table
) -> tuple[np.ndarray, pa.Array, np.ndarray]:
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
