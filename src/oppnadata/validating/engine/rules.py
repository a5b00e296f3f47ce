"""Feeding the domain and privacy rules (``checks.RULES``) from streamed batches.

The runner schedules each rule from its declaration (``checks.Rule``) alone; it knows no rule by name:

- ``Scope.HEADER``: once per table it reads, on the header.
- ``Scope.ROW``: on every batch of every table it reads, the other tables it reads present but empty,
  so each batch reports its own rows and nothing twice. A rule with ``candidates`` gets only the rows
  of the batch with a cell its expression matches, every other cell of its columns blanked (the
  expressions are tested against the rules' own detectors); the expression runs on a column's distinct
  values when the column repeats itself (codes, dates).
- ``Scope.BATCH``: on every batch; the rule's ``merge`` combines the batches' findings per table.
- ``Scope.CROSS``: on every batch of ``streams`` once the other tables it reads have streamed (kept:
  their declared columns); a table in ``joins`` is cut to the rows whose key the batch refers to, so a
  batch costs its own size, not the other table's. When the other tables cannot stream first (a cycle),
  the rule runs once at the end on the kept tables, as a TABLE rule.
- ``Scope.TABLE``: once at the end, on the kept tables (their declared columns, all rows).

A kept table holds only the columns the rules declare for it (and the record key), whatever its size:
memory is bounded by what the rules read, and a rule reading a column it does not declare fails
(``checks.RuleDeclarationError``) instead of seeing blanks. From ``compact_from`` rows on, kept columns
are dictionary-encoded (codes, dates and amounts repeat). The identifier functions the rules call are
memoised for the run (``checks.Detectors.memoised``, passed in through the context).

A rule declared ``arrow`` gets pyarrow Tables (its rows' positions in the batch beside them); the
others get pandas frames, made only when such a rule runs: a package whose rules are all on arrow
never imports pandas.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ...descriptor import PackageSpec
from ...report import Finding
from ..checks import (
    RECORD_KEY,
    Context,
    Detectors,
    Rule,
    RuleDeclarationError,
    Scope,
    rule_context,
    skip_finding,
)

COMPACT_FROM = 200_000


def candidate_masks(arrow: Any, wanted: dict[str, list[str]], distinct: dict[str, bool] | None = None
                    ) -> dict[tuple[str, str], Any]:  # fmt: skip
    """(column, expression) → which cells of the column the (RE2) expression matches, for each column
    of ``wanted`` and each of its expressions.

    ``distinct`` (column → whether to test its distinct values rather than every cell) is updated from
    each batch, so a column of codes or dates is tested once per value.
    """
    import pyarrow.compute as pc

    distinct = {} if distinct is None else distinct
    masks = {}
    for name, expressions in wanted.items():
        column = arrow.column(name)
        if distinct.get(name, True):
            encoded = pc.dictionary_encode(column).combine_chunks()
            for expression in expressions:
                hits = pc.match_substring_regex(encoded.dictionary, expression)
                masks[(name, expression)] = pc.take(hits, encoded.indices)
            distinct[name] = len(encoded.dictionary) * 4 < len(column)
        else:
            for expression in expressions:
                masks[(name, expression)] = pc.match_substring_regex(column, expression)
    return masks


def prefilter(arrow: Any, masks: dict[str, Any]) -> tuple[Any, Any]:
    """The rows of ``arrow`` where a cell of ``masks`` (column → cells that may be reported) holds,
    as (arrow, their positions), with the other cells of those columns blanked.

    The record key (which names the record in a finding) is never blanked.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = np.zeros(arrow.num_rows, dtype=bool)
    for m in masks.values():
        rows |= np.asarray(m.to_numpy(zero_copy_only=False), dtype=bool)
    positions = np.flatnonzero(rows)
    picked = pa.array(rows)
    arrow = arrow.filter(picked)
    for name, keep in masks.items():
        if name == RECORD_KEY:
            continue
        index = arrow.column_names.index(name)
        column = arrow.column(index)
        blank = pa.scalar("", column.type)
        arrow = arrow.set_column(index, name, pc.if_else(pc.filter(keep, picked), column, blank))
    return arrow, positions


def skipped(rule: Rule, package: PackageSpec, readable: set[str]) -> Finding | None:
    """What ``checks.run_rules`` reports for a rule whose other table is absent or unreadable."""
    return skip_finding(rule, package, readable)


def runnable(rule: Rule, package: PackageSpec, readable: set[str]) -> bool:
    present = [n for n in rule.needs if n in package.resources]
    if rule.needs and not present:
        return False
    return all(n in readable for n in rule.needs)


@dataclass
class RulePlan:
    """Which rules run when, and which columns of which tables must be kept: from the declarations."""

    package: PackageSpec
    rules: list[Rule]
    readable: set[str]
    headers: dict[str, list[str]]  # table → unique column labels
    compact_from: int = COMPACT_FROM
    keep: dict[str, set[str]] = field(default_factory=dict)  # table → columns kept for TABLE/CROSS rules
    active: list[Rule] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.active = [r for r in self.rules if runnable(r, self.package, self.readable)]
        for r in self.active:
            if r.scope is Scope.TABLE:
                self.keep_for(r, r.tables(self.readable))
            elif r.scope is Scope.CROSS:
                self.keep_for(r, [t for t in r.tables(self.readable) if t != r.streams])

    def keep_for(self, r: Rule, tables: Iterable[str]) -> None:
        for table in tables:
            columns = r.columns(table, self.package.resources[table], self.headers[table])
            self.keep.setdefault(table, set()).update(columns)

    def on(self, table: str, *scopes: Scope) -> list[Rule]:
        """The active rules of ``scopes`` fed batch by batch from ``table``."""
        return [r for r in self.active if r.scope in scopes
                and (r.streams == table if r.scope is Scope.CROSS else table in r.tables([table]))]  # fmt: skip

    def order_after(self) -> dict[str, set[str]]:
        """Streamed table → the tables that must have streamed before it (for CROSS rules)."""
        after: dict[str, set[str]] = {}
        for r in self.active:
            if r.scope is Scope.CROSS and r.streams is not None:
                others = {t for t in r.tables(self.readable) if t != r.streams}
                after.setdefault(r.streams, set()).update(others)
        return after


class Kept:
    """A table kept for the rules as arrow (its kept columns); handed over whole (a DataFrame, or
    decoded arrow), or only the rows a join needs."""

    def __init__(self, arrow: Any) -> None:
        self.arrow = arrow
        self._frame: Any = None
        self._decoded: Any = None

    def frame(self) -> Any:
        if self._frame is None:
            self._frame = to_frame(self.arrow)
        return self._frame

    def decoded(self) -> Any:
        if self._decoded is None:
            self._decoded = decode(self.arrow)
        return self._decoded

    def whole(self, arrow: bool) -> Any:
        return self.decoded() if arrow else self.frame()

    def where_keys(self, keys: Any, arrow: bool = False) -> tuple[Any, Any]:
        """The rows whose record key is in ``keys``: a DataFrame indexed by their positions, or (``arrow``)
        decoded arrow, with their positions."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if RECORD_KEY not in self.arrow.column_names:
            return self.whole(arrow), None
        value_set = keys if isinstance(keys, pa.Array) else pa.array(keys, pa.string())
        mask = np.asarray(pc.is_in(self.arrow.column(RECORD_KEY), value_set=value_set)
                          .to_numpy(zero_copy_only=False), dtype=bool)  # fmt: skip
        positions = np.flatnonzero(mask)
        picked = self.arrow.filter(pa.array(mask))
        if arrow:
            return decode(picked), positions
        frame = to_frame(picked)
        frame.index = positions
        return frame, positions


class RuleRunner:
    """Runs the plan: per table, per batch, and at the end."""

    def __init__(self, plan: RulePlan, detect: Detectors | None = None) -> None:
        self.plan = plan
        self.headers = plan.headers
        self.detect = detect or Detectors.memoised()
        self.kept: dict[str, list[Any]] = {}  # table → arrow tables of kept columns
        self.kept_rows: dict[str, int] = {}
        self.full: dict[str, Kept] = {}  # table → kept arrow, once streamed
        self.batched: dict[tuple[str, str], list[Finding]] = {}  # (rule, table) → BATCH findings
        self.deferred: list[Rule] = []
        self._empty: dict[tuple[str, bool], Any] = {}
        self._distinct: dict[str, dict[str, bool]] = {}  # table → column → test distinct values

    def empty(self, table: str, arrow: bool = False) -> Any:
        """``table`` without rows: a DataFrame, or (``arrow``) a pyarrow Table of strings."""
        if (table, arrow) not in self._empty:
            if arrow:
                import pyarrow as pa

                empty = pa.table({c: pa.array([], pa.string()) for c in self.headers[table]})
            else:
                import pandas as pd

                empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in self.headers[table]})
            self._empty[(table, arrow)] = empty
        return self._empty[(table, arrow)]

    def context(self, r: Rule, frames: dict[str, Any], first_row: dict[str, int] | None = None,
                positions: dict[str, Any] | None = None) -> Context:  # fmt: skip
        """The rule's context: the frames given, every other table it reads (and can) empty."""
        named = [t for t in r.tables(self.plan.readable) if t in r.reads]  # not every table for EVERY_TABLE
        tables = {**{t: self.empty(t, r.arrow) for t in named}, **frames}
        return rule_context(r, self.plan.package, tables, self.headers, first_row=first_row or {},
                            detect=self.detect, positions=positions)  # fmt: skip

    def start_table(self, table: str) -> Iterator[Finding]:
        """HEADER rules, and CROSS rules whose other tables have not streamed yet (deferred to the end)."""
        for r in self.plan.on(table, Scope.HEADER):
            yield from r.function(self.context(r, {table: self.empty(table, r.arrow)}))
        for r in self.plan.on(table, Scope.CROSS):
            others = [t for t in r.tables(self.plan.readable) if t != table]
            if not all(o in self.full for o in others):
                self.deferred.append(r)
                self.plan.keep_for(r, [table])

    def batch(self, table: str, arrow: Any, first_row: int) -> Iterator[Finding]:
        """The rules on one batch; those with candidate expressions last."""
        rules = self.plan.on(table, Scope.ROW, Scope.BATCH, Scope.CROSS)
        plain = [r for r in rules if r.candidates is None and r not in self.deferred]
        first = {table: first_row}
        if plain:
            spec, header = self.plan.package.resources[table], self.headers[table]
            wanted = set().union(*(r.columns(table, spec, header) for r in plain))
            selected = arrow.select([c for c in arrow.column_names if c in wanted])
            frame = None  # made once per batch, when a rule on pandas runs
            for r in plain:
                if r.arrow:
                    data = selected
                else:
                    frame = to_frame(selected) if frame is None else frame
                    data = frame
                if r.scope is Scope.CROSS:
                    yield from self._cross(r, table, data, first)
                elif r.scope is Scope.BATCH:
                    self.batched.setdefault((r.id, table), []).extend(
                        r.function(self.context(r, {table: data}, first))
                    )
                else:
                    yield from r.function(self.context(r, {table: data}, first))
        prefiltered = [r for r in rules if r.candidates is not None]
        if prefiltered:
            yield from self._prefiltered(prefiltered, table, arrow, first)
        self._retain(table, arrow)

    def _cross(self, r: Rule, table: str, frame: Any, first: dict[str, int]) -> Iterator[Finding]:
        frames = {table: frame}
        positions = {}
        for other in r.tables(self.plan.readable):
            if other == table or other not in self.full:
                continue
            join = r.joins.get(other)
            if join is None:
                frames[other] = self.full[other].whole(r.arrow)
                continue
            frames[other], at = self.full[other].where_keys(_join_keys(frame, join), r.arrow)
            if at is not None:
                positions[other] = at
        for f in r.function(self.context(r, frames, first, positions if r.arrow else None)):
            if f.resource != table:
                raise RuleDeclarationError.coded(
                    "rule-cross-other-table", rule=r.id, table=table, other=f.resource
                )
            yield f

    def _prefiltered(
        self, rules: list[Rule], table: str, arrow: Any, first: dict[str, int]
    ) -> Iterator[Finding]:
        """ROW rules with candidate expressions, each on the rows of the batch it can report on."""
        spec, header = self.plan.package.resources[table], self.headers[table]
        columns = {r.id: [c for c in r.columns(table, spec, header, key=False) if c in arrow.column_names]
                   for r in rules}  # fmt: skip
        wanted: dict[str, list[str]] = {}
        for r in rules:
            for c in columns[r.id]:
                expression = r.candidates(c)  # type: ignore[misc]
                if expression not in wanted.setdefault(c, []):
                    wanted[c].append(expression)
        masks = candidate_masks(arrow, wanted, self._distinct.setdefault(table, {}))
        for r in rules:
            names = columns[r.id]
            selected = arrow.select([c for c in arrow.column_names if c in names or c == RECORD_KEY])
            cut, positions = prefilter(selected, {c: masks[(c, r.candidates(c))] for c in names})  # type: ignore[misc]
            if not len(positions):
                continue  # no cell it could report: a row-local rule has nothing to say
            if r.arrow:  # the rows' positions in the batch: findings keep their row numbers
                yield from r.function(self.context(r, {table: cut}, first, {table: positions}))
                continue
            frame = to_frame(cut)
            frame.index = positions
            yield from r.function(self.context(r, {table: frame}, first))

    def _retain(self, table: str, arrow: Any) -> None:
        if table not in self.plan.keep:
            return
        columns = self.plan.keep[table]
        kept = arrow.select([c for c in arrow.column_names if c in columns])
        rows = self.kept_rows.get(table, 0) + arrow.num_rows
        chunks = self.kept.setdefault(table, [])
        if rows >= self.plan.compact_from:
            if self.kept_rows.get(table, 0) < self.plan.compact_from:
                chunks[:] = [_compact(t) for t in chunks]
            kept = _compact(kept)
        chunks.append(kept)
        self.kept_rows[table] = rows

    def end_table(self, table: str, rows: int) -> Iterator[Finding]:
        import pyarrow as pa

        if table in self.plan.keep:
            chunks = self.kept.pop(table, [])
            if chunks:
                arrow = pa.concat_tables(chunks, promote_options="none")
            else:
                columns = [c for c in self.headers[table] if c in self.plan.keep[table]]
                arrow = pa.table({c: pa.array([], pa.string()) for c in columns})
            self.full[table] = Kept(arrow)
        for r in self.plan.on(table, Scope.BATCH):
            items = self.batched.pop((r.id, table), [])
            if items and r.merge is not None:
                yield from r.merge(items, rows)

    def finish(self) -> Iterator[Finding]:
        for r in [*(r for r in self.plan.active if r.scope is Scope.TABLE), *self.deferred]:
            frames = {t: self.full[t].whole(r.arrow) for t in r.tables(self.plan.readable) if t in self.full}
            yield from r.function(self.context(r, frames))


COMPACT_EXCEPT = {RECORD_KEY}  # unique per row: a dictionary would only add to it


def _compact(arrow: Any) -> Any:
    """A kept table with its columns (but ``COMPACT_EXCEPT``) dictionary-encoded: codes, dates and
    amounts repeat, so a row costs a few bytes of index instead of its text. ``to_frame`` decodes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for i, name in enumerate(arrow.column_names):
        column = arrow.column(i)
        if name not in COMPACT_EXCEPT and not pa.types.is_dictionary(column.type):
            arrow = arrow.set_column(i, name, pc.dictionary_encode(column))
    return arrow


def decode(arrow: Any) -> Any:
    """``arrow`` with its dictionary-encoded columns (see :func:`_compact`) decoded to strings."""
    import pyarrow as pa

    for i, name in enumerate(arrow.column_names):
        if pa.types.is_dictionary(arrow.column(i).type):
            arrow = arrow.set_column(i, name, arrow.column(i).cast(pa.string()))
    return arrow


def to_frame(arrow: Any) -> Any:
    """A DataFrame of strings (pandas' arrow-backed ``str``) of the columns of ``arrow``, decoded."""
    import pandas  # noqa: F401 - a Python import: lifts engine.deferred's hook before pyarrow needs pandas

    return decode(arrow).to_pandas()


def _join_keys(frame: Any, join: Any) -> list[str]:
    """The other table's record keys a batch (a DataFrame or arrow) refers to through ``join``."""
    if hasattr(frame, "column_names"):
        import pyarrow.compute as pc

        if join.column not in frame.column_names:
            return []
        keys = frame.column(join.column)
        if join.separator:
            keys = pc.list_flatten(pc.split_pattern(keys, join.separator))
        return sorted({str(v) for v in pc.unique(keys.drop_null()).to_pylist()})
    keys = frame[join.column] if join.column in frame.columns else frame.iloc[:0, 0]
    if join.separator:
        keys = keys.str.split(join.separator).explode()
    return sorted({str(v) for v in keys.dropna()})


__all__ = ["COMPACT_FROM", "Kept", "RulePlan", "RuleRunner", "candidate_masks", "prefilter", "to_frame"]
