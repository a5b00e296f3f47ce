"""Column helpers of the derived tables: the package's tables are arrow tables of strings; these read them
exactly (integers as int64 when they fit, else Python ints), map codes and sum over groups."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import RefusedError


def to_fraction(value: str) -> Fraction | None:
    try:
        return Fraction(Decimal(value.strip()))
    except (InvalidOperation, ValueError):
        return None


def to_integer(value: str, what: str) -> int:
    try:
        return int(value.strip())
    except ValueError as err:
        raise RefusedError.coded("build-not-whole-number", what=what, value=repr(value)) from err


_PLAIN_INTEGER = r"^[+-]?[0-9]{1,18}$"  # fits an int64 and means the same to int() and to arrow


def as_arrow(table: Any) -> pa.Table:
    """A table of strings as arrow (the build hands arrow tables over; tests may hand pandas frames)."""
    if isinstance(table, pa.Table):
        return table
    return pa.table(
        {str(c): pa.array(table[c].tolist(), type=pa.string()) for c in table.columns}
        if len(table.columns)
        else {}
    )


def col(table: pa.Table, name: str) -> pa.Array:
    if name not in table.column_names:
        raise KeyError(name)
    return pc.fill_null(table.column(name).combine_chunks(), "")


def integers_of(values: pa.Array, keys: pa.Array, table: str) -> np.ndarray:
    """``int(value.strip())`` of every value, exact: int64 when all fit, else Python ints. The first value
    that is not a whole number is refused with its record's key."""
    stripped = pc.utf8_trim_whitespace(values)
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    if pc.all(pc.match_substring_regex(stripped, _PLAIN_INTEGER)).as_py():
        unsigned = pc.replace_substring_regex(stripped, r"^\+", "")
        return np.asarray(pc.cast(unsigned, pa.int64()).to_numpy(zero_copy_only=False))
    parsed = [
        to_integer(v, f"{table} {k}") for v, k in zip(values.to_pylist(), keys.to_pylist(), strict=True)
    ]
    if all(-(2**62) < v < 2**62 for v in parsed):
        return np.array(parsed, dtype=np.int64)
    return np.array(parsed, dtype=object)


def year_of(dates: pa.Array) -> pa.Array:
    return pc.utf8_slice_codeunits(dates, 0, 4)


def lookup(tables: Mapping[str, pa.Table], table: str, key: str, value: str) -> dict[str, str]:
    """``key → value`` from a code list, empty when the table (or the column) is not in the package."""
    if table not in tables or not {key, value} <= set(tables[table].column_names):
        return {}
    keys, values = col(tables[table], key).to_pylist(), col(tables[table], value).to_pylist()
    return dict(zip(keys, values, strict=True))


def map_codes(values: pa.Array, mapping: Mapping[str, str], default: str) -> pa.Array:
    """``mapping.get(v, default)`` of every value."""
    keys = pa.array(list(mapping), type=pa.string())
    found = pc.index_in(values, value_set=keys)
    return pc.fill_null(pc.take(pa.array(list(mapping.values()), type=pa.string()), found), default)


def first_rows(keys: pa.Array) -> np.ndarray:
    """The index of the first row of every distinct key, in row order."""
    codes = pc.index_in(keys, value_set=pc.unique(keys)).to_numpy(zero_copy_only=False)
    _, first = np.unique(codes, return_index=True)
    return np.sort(first)


def decimal_text(value: Decimal, quantum: str) -> str:
    return format(value.quantize(Decimal(quantum), rounding=ROUND_HALF_UP), "f")


def sum_by(keys: dict[str, pa.Array], values: dict[str, Any]) -> dict[tuple[str, ...], tuple[int, ...]]:
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
