"""The machinery shared by the domain rules and the privacy gate: tables as column batches, a rule
registry, and the step from a boolean row mask to findings.

A rule is a function of a :class:`Context` that returns findings. It works on whole columns (pandas
Series of strings), never row by row, so that a streaming engine can feed it batches of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .descriptor import PackageSpec, ResourceSpec
from .report import Finding, Severity


@dataclass
class Context:
    """What a rule sees: the package, and the tables that passed the dialect gate, as strings."""

    package: PackageSpec
    tables: dict[str, pd.DataFrame]
    # The first data row of each table's batch, as a spreadsheet row number (header = row 1).
    first_row: dict[str, int] = field(default_factory=dict)

    def has(self, *names: str) -> bool:
        return all(n in self.tables for n in names)

    def column(self, table: str, name: str) -> pd.Series:
        frame = self.tables[table]
        if name in frame.columns:
            return frame[name]
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)

    def spec(self, table: str) -> ResourceSpec:
        return self.package.resources[table]


@dataclass(frozen=True)
class Rule:
    id: str
    needs: tuple[str, ...]
    description: str
    function: Callable[[Context], Iterable[Finding]]


RULES: list[Rule] = []


def rule(rule_id: str, *, needs: tuple[str, ...], description: str) -> Callable[..., Any]:
    """Register a domain or privacy rule; ``needs`` are the tables it reads."""

    def register(function: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Any]:
        RULES.append(Rule(rule_id, needs, description, function))
        return function

    return register


def skip_finding(r: Rule, package: PackageSpec, available: Iterable[str]) -> Finding | None:
    """The ``info`` finding for a rule that cannot run because a table it needs is absent or unreadable;
    None when the rule runs (or is about tables this package does not have at all)."""
    present = [n for n in r.needs if n in package.resources]
    available = set(available)
    missing = [n for n in r.needs if n not in available]
    if not missing or (r.needs and not present):
        return None
    unreadable = [n for n in missing if n in package.resources]
    return Finding(
        code="check-skipped-unreadable" if unreadable else "check-skipped",
        severity=Severity.INFO,
        resource=present[0] if present else None,
        check=r.id,
        params={"check": r.id, "missing": ", ".join(missing)},
    )


def run_rules(ctx: Context, rules: Iterable[Rule]) -> Iterator[Finding]:
    """Run each rule whose tables are present; a rule whose other table is absent reports ``info``."""
    for r in rules:
        present = [n for n in r.needs if n in ctx.package.resources]
        if r.needs and not present:
            continue  # the rule is about tables this package does not have at all
        skipped = skip_finding(r, ctx.package, ctx.tables)
        if skipped is not None:
            yield skipped
            continue
        yield from r.function(ctx)


INT64_LIMIT = 2**63 - 1024  # below int64's maximum with room for float rounding


def per_distinct(series: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``function(series)`` for a cell-by-cell ``function``, computed once per distinct value when the
    column repeats itself (dates, amounts, codes), then spread back over the rows."""
    if len(series) < 1024:
        return function(series)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if len(uniques) * 2 > len(series):
        return function(series)
    values = function(pd.Series(uniques))
    spread = pd.api.extensions.take(values.array, codes, allow_fill=True)
    return pd.Series(spread, index=series.index, name=series.name)


def to_int(series: pd.Series) -> pd.Series:
    """Integers from string cells; blanks, unparseable cells and numbers beyond int64 (all reported by the
    Table Schema check) become <NA>."""
    with np.errstate(all="ignore"):
        numbers = to_float(series)
        numbers = numbers.where(numbers.abs() <= INT64_LIMIT)
        return numbers.round().astype("Int64")


def to_float(series: pd.Series) -> pd.Series:
    """Floats from string cells (an empty column too: to_numeric alone would keep its string dtype)."""

    def convert(values: pd.Series) -> pd.Series:
        with np.errstate(all="ignore"):
            return pd.to_numeric(values.where(values != ""), errors="coerce").astype("float64")

    return per_distinct(series, convert)


def lookup(series: pd.Series, mapping: pd.Series) -> pd.Series:
    """``series.map(mapping)`` (``mapping`` indexed by unique strings), one hash probe per cell.

    pandas maps an arrow-backed string column cell by cell through an index lookup; pyarrow's
    ``index_in`` does the probing in C++, then the mapped values are taken by position.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    strings = len(mapping) and all(isinstance(k, str) for k in mapping.index) and mapping.index.is_unique
    # Values whose dtype a miss (NaN) leaves as it is; pandas infers another dtype for the rest.
    kept = isinstance(mapping.dtype, pd.StringDtype) or mapping.dtype.kind in "fM"
    if not isinstance(series.dtype, pd.StringDtype) or not strings or not kept or not len(series):
        return series.map(mapping)
    keys = pa.array([str(k) for k in mapping.index], pa.string())
    found = pc.index_in(pa.array(series.array), value_set=keys)
    positions = np.asarray(pc.fill_null(found, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
    values = pd.api.extensions.take(mapping.array, positions, allow_fill=True)
    return pd.Series(values, index=series.index, name=series.name)


def to_date(series: pd.Series) -> pd.Series:
    return per_distinct(
        series, lambda values: pd.to_datetime(values.where(values != ""), errors="coerce", format="%Y-%m-%d")
    )


def findings_where(
    ctx: Context,
    table: str,
    mask: pd.Series,
    *,
    code: str,
    severity: Severity,
    field: str | None,
    check: str,
    value: Callable[[Any], Any] | None = None,
    params: Callable[[Any], dict[str, Any]] | None = None,
    rule_id: str | None = None,
) -> Iterator[Finding]:
    """One finding per row where ``mask`` holds. ``value``/``params`` get the row's index label.

    A table's index labels are its rows' positions in the batch (0 is ``Context.first_row``): a
    RangeIndex for a whole batch, the kept positions for a batch cut to the rows a rule can report.
    """
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return
    frame = ctx.tables[table]
    spec = ctx.spec(table)
    names = spec.field_names
    header = list(frame.columns)
    column = (
        header.index(field) + 1 if field in header else (names.index(field) + 1 if field in names else None)
    )
    keys = frame["arende_id"] if "arende_id" in frame.columns else None
    first = ctx.first_row.get(table, 2)
    for position in mask.to_numpy().nonzero()[0]:
        label = frame.index[position]
        cell = value(label) if value else (frame.at[label, field] if field in header else None)
        yield Finding(
            code=code,
            severity=severity,
            resource=table,
            path=spec.relpath,
            row=first + int(label),
            field=field,
            column=column,
            key=None if keys is None else str(keys.iloc[position]) or None,
            value=None if cell is None else str(cell),
            rule=rule_id,
            check=check,
            params={k: str(v) for k, v in (params(label) if params else {}).items()},
        )
