"""The machinery shared by the domain rules and the privacy gate: tables as column batches, a rule
registry with each rule's declaration, and the step from a boolean row mask to findings.

A rule is a function of a :class:`Context` that returns findings, and a declaration beside it
(:func:`rule`): the tables and columns it reads, its :class:`Scope`, what it needs. It works on whole
columns, never row by row: pandas Series of strings, or (a rule declared ``arrow=True``) pyarrow arrays
of strings, which spare a run pandas' import and a frame per batch. The streaming runner
(``engine.rules``) schedules it from the declaration alone, and ``run_rules`` evaluates it on whole
tables. Adding a rule is one decorated function plus its messages.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import identifiers
from ..descriptor import PackageSpec, ResourceSpec
from ..errors import OppnadataError
from ..report import Finding, Severity
from . import personnames

if TYPE_CHECKING:  # imported where used: a run whose rules are all on arrow never loads pandas
    import pandas as pd

RECORD_KEY = "arende_id"  # names the record in a finding; kept with every column a rule reads

# A rule's columns of one table: a tuple of names, ``ALL``, or a selector that picks them from the
# table's schema and header (e.g. "every string field") for rules that apply to any table.
ColumnSelector = Callable[["ResourceSpec", Sequence[str]], Iterable[str]]
Columns = tuple[str, ...] | ColumnSelector | None
ALL: Columns = None
EVERY_TABLE = "*"  # a ``reads`` key: the rule reads each table of the package


class Scope(enum.Enum):
    """What a rule's findings depend on, which is what a streaming runner may feed it."""

    HEADER = "header"  # a table's header alone: run once per table
    ROW = "row"  # the row alone: run on every batch, the other tables it reads empty
    BATCH = "batch"  # per-batch findings its ``merge`` combines into the table's (counts add up)
    CROSS = "cross"  # the rows of ``streams``, other tables looked up: run on every batch of that table
    TABLE = "table"  # sums or comparisons across rows: run once, on whole tables (their declared columns)


@dataclass(frozen=True)
class Join:
    """A CROSS rule looks rows of another table up by key: the values of the streamed table's ``column``
    (split on ``separator`` when a cell holds several) matched to the other table's record key. The
    runner hands the rule only the rows the batch refers to."""

    column: str = RECORD_KEY
    separator: str | None = None


class RuleDeclarationError(OppnadataError):
    """A rule reads what it does not declare, or declares something the runner cannot schedule: a bug
    in the rule, reported before it can give a wrong answer."""


class Detectors:
    """The pure identifier functions the rules call (passed in through :class:`Context`).

    ``Detectors.memoised()`` gives each run its own bounded caches (``functools.lru_cache``, which is
    thread-safe), so a distinct value is checked once however many rows and batches repeat it; nothing
    outside the run is changed.
    """

    def __init__(self, cache_size: int = 0) -> None:
        def wrap(function: Callable[[str], Any]) -> Callable[[str], Any]:
            return functools.lru_cache(maxsize=cache_size)(function) if cache_size else function

        self.orgnr_problem: Callable[[str], str | None] = wrap(identifiers.orgnr_problem)
        self.personal_id_kind: Callable[[str], str | None] = wrap(identifiers.personal_id_kind)
        self.find_personal_ids: Callable[[str], list[tuple[str, str]]] = wrap(identifiers.find_personal_ids)
        self.find_emails: Callable[[str], list[str]] = wrap(identifiers.find_emails)
        self.find_phones: Callable[[str], list[str]] = wrap(identifiers.find_phones)
        self.find_person_names: Callable[[str], list[str]] = wrap(personnames.find_person_names)

    @classmethod
    def memoised(cls, size: int = 1 << 16) -> Detectors:
        return cls(cache_size=size)


@dataclass(frozen=True)
class Rule:
    """A domain or privacy rule and its declaration: what it reads and how it may be run.

    - ``reads``: table (or ``EVERY_TABLE``) → the columns it reads (names, ``ALL`` or a selector);
      the rule sees only these (and the record key): reading another column raises
      :class:`RuleDeclarationError` instead of giving blanks.
    - ``scope``: see :class:`Scope`; ``streams`` and ``joins`` for CROSS, ``merge`` for BATCH.
    - ``candidates``: for a ROW rule that reports only cells matching an RE2 expression (column →
      expression): the runner may hand it only the rows holding such a cell, the others blanked.
    - ``needs``: tables without which it cannot run (a skip is reported when one is missing).
    - ``arrow``: its context holds pyarrow Tables (``Context.column`` gives pyarrow string arrays and
      :func:`findings_at` turns a mask into findings) instead of pandas frames.
    """

    id: str
    description: str
    function: Callable[[Context], Iterable[Finding]]
    reads: Mapping[str, Columns]
    scope: Scope
    needs: tuple[str, ...] = ()
    streams: str | None = None
    joins: Mapping[str, Join] = field(default_factory=dict)
    candidates: Callable[[str], str] | None = None
    merge: Callable[[list[Finding], int], Iterable[Finding]] | None = None
    arrow: bool = False

    def __post_init__(self) -> None:
        problems = []  # the codes of what is wrong (messages/errors_validating.py); the first is raised
        if self.scope is Scope.CROSS and (self.streams is None or self.streams not in self.reads):
            problems.append("rule-cross-streams")
        if self.scope is not Scope.CROSS and (self.streams or self.joins):
            problems.append("rule-streams-not-cross")
        if any(t not in self.reads or t == self.streams for t in self.joins):
            problems.append("rule-joins")
        if (self.scope is Scope.BATCH) != (self.merge is not None):
            problems.append("rule-merge")
        if self.candidates is not None and self.scope is not Scope.ROW:
            problems.append("rule-candidates")
        if any(n not in self.reads and EVERY_TABLE not in self.reads for n in self.needs):
            problems.append("rule-needs")
        if problems:
            raise RuleDeclarationError.coded(problems[0], rule=self.id)

    def tables(self, available: Iterable[str]) -> list[str]:
        """The tables among ``available`` the rule reads."""
        return [t for t in available if t in self.reads or EVERY_TABLE in self.reads]

    def columns(
        self, table: str, spec: ResourceSpec, header: Sequence[str], *, key: bool = True
    ) -> list[str]:
        """The columns of ``table`` (as its ``header`` has them) the rule sees: the declared ones present,
        with the record key unless ``key`` is false."""
        declared = self.reads.get(table, self.reads.get(EVERY_TABLE, ()))
        if declared is None:  # ALL
            return list(header)
        wanted = set(declared(spec, header) if callable(declared) else declared)
        if key:
            wanted.add(RECORD_KEY)
        return [c for c in header if c in wanted]


RULES: list[Rule] = []


def rule(
    rule_id: str,
    *,
    description: str,
    reads: Mapping[str, Columns],
    scope: Scope,
    needs: tuple[str, ...] = (),
    streams: str | None = None,
    joins: Mapping[str, Join] | None = None,
    candidates: Callable[[str], str] | None = None,
    merge: Callable[[list[Finding], int], Iterable[Finding]] | None = None,
    arrow: bool = False,
) -> Callable[..., Any]:
    """Register a domain or privacy rule with its declaration (see :class:`Rule`)."""

    def register(function: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Any]:
        RULES.append(Rule(rule_id, description, function, reads, scope, needs, streams, joins or {},
                          candidates, merge, arrow))  # fmt: skip
        return function

    return register


@dataclass
class Context:
    """What a rule sees: the package, and the tables it reads (only the columns it declares), as strings:
    pandas frames indexed by the rows' positions in the batch, or (``Rule.arrow``) pyarrow Tables whose
    rows' positions are in ``positions`` (absent: 0, 1, 2, ...)."""

    package: PackageSpec
    tables: dict[str, Any]
    # The first data row of each table's batch, as a spreadsheet row number (header = row 1).
    first_row: dict[str, int] = field(default_factory=dict)
    # Each table's header (unique column labels); the frames may hold only some of its columns.
    headers: dict[str, list[str]] = field(default_factory=dict)
    detect: Detectors = field(default_factory=Detectors)
    rule: Rule | None = None
    positions: dict[str, Any] = field(default_factory=dict)

    def has(self, *names: str) -> bool:
        return all(n in self.tables for n in names)

    def header(self, table: str) -> list[str]:
        return self.headers.get(table) or names_of(self.tables[table])

    def column(self, table: str, name: str) -> Any:
        """A column the rule declares; blanks when the table has no such column (the header check says so).
        A pandas Series, or for an arrow table a pyarrow string Array."""
        frame = self.tables[table]
        if name in names_of(frame):
            if is_arrow(frame):
                return frame.column(name).combine_chunks()
            return frame[name]
        if name in self.header(table):
            raise self.undeclared(table, name)
        if is_arrow(frame):
            import pyarrow as pa

            return pa.array([""] * frame.num_rows, pa.string())
        import pandas as pd

        return pd.Series([""] * len(frame), index=frame.index, dtype=object)

    def columns(self, table: str) -> list[str]:
        """The columns of ``table`` the rule declares (with the record key), as far as the table has them."""
        return names_of(self.tables[table])

    def spec(self, table: str) -> ResourceSpec:
        return self.package.resources[table]

    def undeclared(self, table: str, name: str) -> RuleDeclarationError:
        rule_id = self.rule.id if self.rule else "?"
        return RuleDeclarationError.coded("rule-undeclared-column", rule=rule_id, column=name, table=table)


def is_arrow(table: Any) -> bool:
    return hasattr(table, "column_names")


def names_of(table: Any) -> list[str]:
    """A pandas frame's or a pyarrow Table's column names."""
    return list(table.column_names if is_arrow(table) else table.columns)


def _as_arrow(frame: Any) -> tuple[Any, Any]:
    """A pandas frame of strings (``run_rules`` on whole tables) as a pyarrow Table, and its rows'
    positions (its index)."""
    import numpy as np
    import pyarrow as pa

    schema = pa.schema([(str(c), pa.string()) for c in frame.columns])
    arrow = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    return arrow, np.asarray(frame.index, dtype=np.int64)


def rule_context(
    r: Rule,
    package: PackageSpec,
    frames: Mapping[str, Any],
    headers: Mapping[str, list[str]],
    *,
    first_row: dict[str, int] | None = None,
    detect: Detectors | None = None,
    positions: Mapping[str, Any] | None = None,
) -> Context:
    """The context of one rule: each table it reads cut to the columns it declares (pandas frames, or
    pyarrow Tables for a rule declared ``arrow``; a frame given to such a rule is converted)."""
    tables = {}
    at = dict(positions or {})
    for table in r.tables(frames):
        frame = frames[table]
        if r.arrow and not is_arrow(frame):
            frame, at[table] = _as_arrow(frame)
        names = names_of(frame)
        header = headers.get(table) or names
        wanted = r.columns(table, package.resources[table], header)
        if len(wanted) != len(names):
            chosen = [c for c in wanted if c in names]
            frame = frame.select(chosen) if is_arrow(frame) else frame[chosen]
        tables[table] = frame
    return Context(package=package, tables=tables, first_row=first_row or {},
                   headers={t: list(headers.get(t) or names_of(frames[t])) for t in tables},
                   detect=detect or Detectors(), rule=r,
                   positions={t: p for t, p in at.items() if t in tables})  # fmt: skip


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
    """Run each rule on the whole tables of ``ctx`` (each seeing only the columns it declares); a rule
    whose other table is absent reports ``info``."""
    for r in rules:
        present = [n for n in r.needs if n in ctx.package.resources]
        if r.needs and not present:
            continue  # the rule is about tables this package does not have at all
        skipped = skip_finding(r, ctx.package, ctx.tables)
        if skipped is not None:
            yield skipped
            continue
        yield from r.function(rule_context(r, ctx.package, ctx.tables, ctx.headers, first_row=ctx.first_row,
                                           detect=ctx.detect))  # fmt: skip


INT64_LIMIT = 2**63 - 1024  # below int64's maximum with room for float rounding


def per_distinct(series: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``function(series)`` for a cell-by-cell ``function``, computed once per distinct value when the
    column repeats itself (dates, amounts, codes), then spread back over the rows."""
    import pandas as pd

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
    import numpy as np

    with np.errstate(all="ignore"):
        numbers = to_float(series)
        numbers = numbers.where(numbers.abs() <= INT64_LIMIT)
        return numbers.round().astype("Int64")


def to_float(series: pd.Series) -> pd.Series:
    """Floats from string cells (an empty column too: to_numeric alone would keep its string dtype)."""

    import numpy as np
    import pandas as pd

    def convert(values: pd.Series) -> pd.Series:
        with np.errstate(all="ignore"):
            return pd.to_numeric(values.where(values != ""), errors="coerce").astype("float64")

    return per_distinct(series, convert)


def lookup(series: pd.Series, mapping: pd.Series) -> pd.Series:
    """``series.map(mapping)`` (``mapping`` indexed by unique strings), one hash probe per cell.

    pandas maps an arrow-backed string column cell by cell through an index lookup; pyarrow's
    ``index_in`` does the probing in C++, then the mapped values are taken by position.
    """
    import numpy as np
    import pandas as pd
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
    import pandas as pd

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
    header = ctx.header(table)
    column = (
        header.index(field) + 1 if field in header else (names.index(field) + 1 if field in names else None)
    )
    if value is None and field in header and field not in frame.columns:
        raise ctx.undeclared(table, field)  # the finding would show no value
    keys = frame[RECORD_KEY] if RECORD_KEY in frame.columns else None
    first = ctx.first_row.get(table, 2)
    for position in mask.to_numpy().nonzero()[0]:
        label = frame.index[position]
        cell = value(label) if value else (frame.at[label, field] if field in frame.columns else None)
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
