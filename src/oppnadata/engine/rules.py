"""Feeding the domain and privacy rules (``checks.RULES``) from streamed batches.

The rules are column functions over a :class:`checks.Context` of string DataFrames; ``findings_where``
numbers rows from ``Context.first_row``, so a rule run on a batch reports the batch's rows. How each rule
is fed depends on what a row's findings depend on:

- ``ROW_LOCAL``: only the row itself. Run on every batch of every table, the other tables present but
  empty, so each batch reports its own rows and nothing twice.
- ``HEADER_ONLY``: only the header (contact-person columns). Run once per table on an empty frame.
- ``MERGED``: a per-table count (sparse optional fields). Run per batch; counts are added up.
- ``LOOKUP``: the row, and other tables looked up by key. Run on every batch of the streamed table once
  the other tables (kept in full, or only the columns listed) have streamed.
- ``WHOLE``: sums across rows (financing, payments, municipality shares). Run once at the end on the
  tables kept in full, or only on the columns listed. A rule this module does not know is ``WHOLE`` with
  every column of the tables it needs, so it gives the right answer, only with more memory.

These accelerations keep the rules' answers and change only their cost:

- the identifier functions the rules call (``identifiers.orgnr_problem``, the free-text detectors) are
  pure functions of one string; during a run they are memoised (bounded), so each distinct value is
  checked once however many rows and batches repeat it;
- ``privacy-free-text`` and ``formula-like-text`` (``PREFILTERS``) get only the rows of the batch with a
  cell they may report, every other cell of their columns blanked. The candidate test is a vectorised
  RE2 expression: for the free text one that every detector match also matches
  (``FREE_TEXT_CANDIDATE``; the property is tested against the detectors), for formulas the rule's
  own test. It runs on a column's distinct values when the column repeats itself (codes, dates);
- conversions (``checks.to_date``, ``to_float``) and code-list look-ups (``checks.lookup``) run once
  per distinct value; ``ceilings`` looks only at decisions of a stödtyp that has a ceiling.

Tables smaller than ``KEEP_ALL_BELOW`` rows are kept whole, so on the project's own tables every rule
sees exactly what the frictionless path gives it. Above that, a kept table holds only the columns listed
here; the other columns are filled with a one-byte categorical ``""`` so column positions (the
spreadsheet letter of a finding) stay right.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import identifiers, personnames, privacy
from ..checks import Context, Rule, skip_finding
from ..descriptor import PackageSpec
from ..report import Finding

KEEP_ALL_BELOW = 200_000
ALL = None

ROW_LOCAL = {"orgnr", "orgnr-legal-form", "dates", "formula-like-text", "url-scheme", "privacy-id-columns",
             "privacy-free-text", "privacy-sole-trader"}  # fmt: skip
# Tables a ROW_LOCAL rule reads beyond its ``needs`` (a rule with no ``needs`` reads every table).
ROW_LOCAL_ALSO = {"orgnr": {"finansiering"}}
HEADER_ONLY = {"privacy-contact-columns"}
MERGED = {"sparse-optional"}
LOOKUP: dict[str, tuple[str, dict[str, list[str] | None]]] = {
    "ceilings": ("beslut", {"stodtyper": ALL}),
    "code-list-consistency": ("beslut", {"stodtyper": ALL, "rattsliga_grunder": ALL}),
    "followup": ("uppfoljning", {"beslut": ["arende_id", "beslutsdatum"]}),
    "hallbarhet": ("hallbarhet", {"beslut": ["arende_id", "stodform"]}),
    "reports": ("rapporter", {"beslut": ["arende_id"]}),
}
# Semi-joins: the decisions a rule can report or look up are those whose arende_id occurs in another
# table, so ``beslut`` is cut to those rows before the rule runs (rows of its findings are mapped back).
# LOOKUP rule → (column of the streamed table holding the ids, separator inside a cell or None).
LOOKUP_IDS: dict[str, tuple[str, str | None]] = {
    "followup": ("arende_id", None),
    "hallbarhet": ("arende_id", None),
    "reports": ("arende_ids", ";"),
}
# WHOLE rule → the tables whose arende_ids select the beslut rows it can report on.
WHOLE_IDS: dict[str, tuple[str, ...]] = {"financing": ("finansiering",), "payments": ("utbetalningar",)}
WHOLE: dict[str, dict[str, list[str] | None]] = {
    "financing": {
        "beslut": ["arende_id", "stodberattigande_kostnader", "beviljat_belopp", "stodtyp", "rattslig_grund"],
        "finansiering": ["arende_id", "belopp", "finansiarstyp"],
        "stodtyper": ALL,
    },
    "payments": {
        "beslut": ["arende_id", "beviljat_belopp", "beslutsdatum"],
        "utbetalningar": ["arende_id", "belopp", "ar"],
    },
    "municipality-shares": {"kommunfordelning": ["arende_id", "andel"]},
}


# Every match of identifiers' _ID_CANDIDATE, _EMAIL or _PHONE also matches this RE2 expression: their
# lookbehinds become "start or a character they exclude" (RE2's ASCII \w makes that looser, never
# stricter), their lookaheads "end or such a character", and Python's Unicode \s the explicit list of
# characters str.isspace() accepts. So a cell it does not match holds no personal data.
_SPACE = (
    r"\t\n\v\f\r \x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)
FREE_TEXT_CANDIDATE = (
    r"(?:^|[^0-9])(?:19|20)?[0-9]{6}[-+ ]?[0-9]{4}(?:$|[^0-9])"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"
    rf"|(?:^|[^0-9A-Za-z_])(?:\+46|0046|0)[{_SPACE}\-]?\(?[0-9]{{1,3}}\)?(?:[{_SPACE}\-]?[0-9]{{2,4}}){{2,4}}(?:$|[^0-9])"
)
# In the columns privacy-free-text scans for persons' names (privacy.scans_names), a cell may also hold a
# name: personnames.NAME_CANDIDATE covers those (tested against the name detector too).
FREE_TEXT_OR_NAME = f"{FREE_TEXT_CANDIDATE}|{personnames.NAME_CANDIDATE}"
# A formula-like cell starts with one of domain.FORMULA_START; the expression says exactly that.
FORMULA_CANDIDATE = r"^[=+\-@\t\r]"
# Row-local rules that report only cells matching an expression: the engine hands them only the rows
# with such a cell, the other cells blanked (``prefilter``).
PREFILTERS = {"privacy-free-text": FREE_TEXT_CANDIDATE, "formula-like-text": FORMULA_CANDIDATE}
MEMOISED = ("orgnr_problem", "find_personal_ids", "find_emails", "find_phones")


def _expression(rule_id: str, column: str) -> str:
    """The candidate expression of a prefiltered rule for one column."""
    if rule_id == "privacy-free-text" and privacy.scans_names(column):
        return FREE_TEXT_OR_NAME
    return PREFILTERS[rule_id]


@contextlib.contextmanager
def memoised_identifiers(size: int = 1 << 16) -> Iterator[None]:
    """Memoise the pure identifier functions the rules call, for the duration of a run."""
    originals = {name: getattr(identifiers, name) for name in MEMOISED}
    try:
        for name, function in originals.items():
            setattr(identifiers, name, functools.lru_cache(maxsize=size)(function))
        yield
    finally:
        for name, function in originals.items():
            setattr(identifiers, name, function)


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

    ``arende_id`` (which names the record in a finding) is never blanked.
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
        if name == "arende_id":
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
    """Which rules run when, and which columns of which tables must be kept."""

    package: PackageSpec
    rules: list[Rule]
    readable: set[str]
    keep_all_below: int = KEEP_ALL_BELOW
    keep: dict[str, set[str] | None] = field(default_factory=dict)  # table → columns (None: all)
    whole: list[Rule] = field(default_factory=list)
    lookup: list[Rule] = field(default_factory=list)

    def __post_init__(self) -> None:
        for r in self.rules:
            if not runnable(r, self.package, self.readable):
                continue
            if r.id in ROW_LOCAL or r.id in HEADER_ONLY or r.id in MERGED:
                continue
            if r.id in LOOKUP:
                self.lookup.append(r)
                for table, columns in LOOKUP[r.id][1].items():
                    self._keep(table, columns)
            else:
                self.whole.append(r)
                tables = WHOLE.get(r.id) or {t: ALL for t in (r.needs or sorted(self.readable))}
                for table, columns in tables.items():
                    self._keep(table, columns)

    def _keep(self, table: str, columns: list[str] | None) -> None:
        if table not in self.readable:
            return
        if columns is None or (table in self.keep and self.keep[table] is None):
            self.keep[table] = None
        else:
            self.keep[table] = set(self.keep.get(table) or set()) | set(columns) | {"arende_id"}

    def order_after(self) -> dict[str, set[str]]:
        """Streamed table → the tables that must have streamed before it (for LOOKUP rules)."""
        after: dict[str, set[str]] = {}
        for r in self.lookup:
            streamed, others = LOOKUP[r.id]
            after.setdefault(streamed, set()).update(t for t in others if t != streamed)
        return after

    def local_rules(self, table: str) -> list[Rule]:
        return [
            r
            for r in self.rules
            if r.id in ROW_LOCAL
            and runnable(r, self.package, self.readable)
            and (not r.needs or table in r.needs or table in ROW_LOCAL_ALSO.get(r.id, set()))
        ]


class Kept:
    """A table kept for the rules as arrow; made a DataFrame whole, or only the rows a semi-join needs."""

    def __init__(self, arrow: Any, labels: list[str]) -> None:
        self.arrow = arrow
        self.labels = labels
        self._frame: Any = None

    def frame(self) -> Any:
        if self._frame is None:
            self._frame = to_frame(self.arrow, self.labels)
        return self._frame

    def ids(self) -> Any:
        """The arende_id column (arrow), for semi-joins."""
        return self.arrow.column("arende_id") if "arende_id" in self.arrow.column_names else None

    def where_ids(self, ids: Any) -> tuple[Any, Any]:
        """(the rows whose arende_id is in ``ids`` as a DataFrame, their spreadsheet row numbers)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        column = self.ids()
        if column is None:
            return self.frame(), np.arange(self.arrow.num_rows) + 2
        value_set = ids if isinstance(ids, pa.Array) else pa.array(ids, pa.string())
        keep = pc.is_in(column, value_set=value_set)
        mask = np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)
        return to_frame(self.arrow.filter(pa.array(mask)), self.labels), np.flatnonzero(mask) + 2


class RuleRunner:
    """Runs the plan: per batch, per table, and at the end."""

    def __init__(self, plan: RulePlan, labels: dict[str, list[str]]) -> None:
        self.plan = plan
        self.labels = labels  # table → unique column labels
        self.kept: dict[str, list[Any]] = {}  # table → arrow tables of kept columns
        self.kept_rows: dict[str, int] = {}
        self.projected: dict[str, bool] = {}
        self.full: dict[str, Kept] = {}  # table → kept arrow, once streamed
        self.sparse: dict[tuple[str, str], list[Finding]] = {}
        self._empty: dict[str, Any] = {}
        self.lookup_deferred: list[Rule] = []
        self._distinct: dict[str, dict[str, bool]] = {}  # table → column → test distinct values

    def empty(self, table: str) -> Any:
        import pandas as pd

        if table not in self._empty:
            self._empty[table] = pd.DataFrame({c: pd.Series([], dtype=object) for c in self.labels[table]})
        return self._empty[table]

    def start_table(self, table: str) -> Iterator[Finding]:
        """Header-only rules, and LOOKUP rules whose other tables have not streamed yet (run at the end)."""
        for r in self.plan.rules:
            if r.id in HEADER_ONLY and runnable(r, self.plan.package, self.plan.readable):
                ctx = Context(package=self.plan.package, tables={table: self.empty(table)})
                yield from r.function(ctx)
        for r in self.plan.lookup:
            streamed, others = LOOKUP[r.id]
            if streamed == table and not all(o in self.full for o in others if o in self.plan.readable):
                self.lookup_deferred.append(r)
                for o in (streamed, *others):
                    self.plan._keep(o, ALL)

    def prepare(self, table: str, arrow: Any) -> dict[str, tuple[Any, Any]]:
        """Per prefiltered rule (``PREFILTERS``): the batch cut to the rows it can report on."""
        rules = [r.id for r in self.plan.local_rules(table) if r.id in PREFILTERS]
        if not rules:
            return {}
        columns = {rule_id: self._prefiltered_columns(rule_id, table, arrow) for rule_id in rules}
        wanted: dict[str, list[str]] = {}
        for rule_id in rules:
            for c in columns[rule_id]:
                wanted.setdefault(c, []).append(_expression(rule_id, c))
        masks = candidate_masks(arrow, wanted, self._distinct.setdefault(table, {}))
        cut = {}
        for rule_id in rules:
            names = columns[rule_id]
            selected = arrow.select(sorted(set(names) | ({"arende_id"} & set(arrow.column_names))))
            cut[rule_id] = prefilter(selected, {c: masks[(c, _expression(rule_id, c))] for c in names})
        return cut

    def _prefiltered_columns(self, rule_id: str, table: str, arrow: Any) -> list[str]:
        """The columns a prefiltered rule reads: privacy-free-text its text columns, formula-like-text
        the string fields."""
        if rule_id == "privacy-free-text":
            return [c for c in self._text_columns(table) if c in arrow.column_names]
        fields = self.plan.package.resources[table].fields
        return [f["name"] for f in fields
                if f.get("type", "string") == "string" and f["name"] in arrow.column_names]  # fmt: skip

    def batch(self, table: str, arrow: Any, first_row: int) -> Iterator[Finding]:
        """The rules on one batch; the prefiltered ones (:meth:`prepare`) last."""
        frame = to_frame(arrow, self.labels[table])
        first = {table: first_row}
        local = self.plan.local_rules(table)
        for r in [r for r in local if r.id not in PREFILTERS]:
            # The batch, and the other tables the rule reads as empty frames: it reports this batch only.
            yield from r.function(self._local_context(r, table, frame, first))
        tables = {t: self.empty(t) for t in self.plan.readable}
        tables[table] = frame
        ctx = Context(package=self.plan.package, tables=tables, first_row=first)
        for r in self.plan.rules:
            if r.id in MERGED and table in r.needs and runnable(r, self.plan.package, self.plan.readable):
                for f in r.function(ctx):
                    self.sparse.setdefault((r.id, f"{f.resource}:{f.field}"), []).append(f)
        for r in self.plan.lookup:
            streamed, others = LOOKUP[r.id]
            if streamed != table or r in self.lookup_deferred:
                continue
            lookup_tables = dict(tables)
            semi = r.id in LOOKUP_IDS and "beslut" in self.full and table != "beslut"
            lookup_tables.update(
                {o: self.full[o].frame() for o in others if o in self.full and not (semi and o == "beslut")}
            )
            if semi:  # only the decisions this batch refers to
                column, separator = LOOKUP_IDS[r.id]
                ids = frame[column] if column in frame.columns else frame.iloc[:0, 0]
                if separator:
                    ids = ids.str.split(separator).explode()
                wanted = sorted({str(v) for v in ids.dropna()})
                lookup_tables["beslut"] = self.full["beslut"].where_ids(wanted)[0]
            yield from r.function(Context(package=self.plan.package, tables=lookup_tables,
                                          first_row={table: first_row}))  # fmt: skip
        cuts = None
        for r in [r for r in local if r.id in PREFILTERS]:
            if cuts is None:
                cuts = self.prepare(table, arrow)
            candidates, positions = cuts[r.id]
            if not len(positions):
                continue  # no cell can hold personal data: a row-local rule has nothing to report
            cut = to_frame(candidates, self.labels[table])
            cut.index = positions  # the rows' positions in the batch: findings keep their row numbers
            yield from r.function(self._local_context(r, table, cut, first))
        self._retain(table, arrow)

    def _local_context(self, r: Rule, table: str, frame: Any, first: dict[str, int]) -> Context:
        tables = {t: self.empty(t) for t in (*r.needs, *ROW_LOCAL_ALSO.get(r.id, ())) if t in self.labels}
        tables[table] = frame
        return Context(package=self.plan.package, tables=tables, first_row=first)

    def _text_columns(self, table: str) -> list[str]:
        """The columns privacy-free-text scans: string (or undeclared) fields, not ID columns."""
        types = {f["name"]: f.get("type", "string") for f in self.plan.package.resources[table].fields}
        return [
            c
            for c in self.labels[table]
            if types.get(c, "string") in ("string", "any") and not c.endswith("organisationsnummer")
        ]

    def _retain(self, table: str, arrow: Any) -> None:
        if table not in self.plan.keep:
            return
        self.kept.setdefault(table, []).append(arrow)
        self.kept_rows[table] = self.kept_rows.get(table, 0) + arrow.num_rows
        columns = self.plan.keep[table]
        if columns is not None and self.kept_rows[table] >= self.plan.keep_all_below:
            names = [c for c in arrow.column_names if c in columns]
            if not self.projected.get(table):
                self.projected[table] = True
                self.kept[table] = [_compact(t.select(names)) for t in self.kept[table]]
            else:
                self.kept[table][-1] = _compact(arrow.select(names))

    def end_table(self, table: str, rows: int) -> Iterator[Finding]:
        import pyarrow as pa

        if table in self.plan.keep:
            chunks = self.kept.pop(table, [])
            labels = self.labels[table]
            if chunks:
                arrow = pa.concat_tables(chunks, promote_options="none")
            else:
                arrow = pa.table({c: pa.array([], pa.string()) for c in labels})
            self.full[table] = Kept(arrow, labels)
        for key, items in list(self.sparse.items()):
            if items and items[0].resource == table:
                yield merge_sparse(items, rows)
                del self.sparse[key]
        return

    def finish(self) -> Iterator[Finding]:
        import dataclasses

        import pyarrow as pa
        import pyarrow.compute as pc

        for r in [*self.plan.whole, *self.lookup_deferred]:
            names = list(WHOLE.get(r.id) or {}) or sorted(self.plan.readable)
            names = [n for n in names if n in self.plan.readable]
            children = [t for t in WHOLE_IDS.get(r.id, ()) if t in self.full]
            semi = bool(children) and "beslut" in self.full and r not in self.lookup_deferred
            tables = {t: self.full[t].frame() if t in self.full else self.empty(t) for t in names
                      if not (semi and t == "beslut")}  # fmt: skip
            if not semi:
                yield from r.function(Context(package=self.plan.package, tables=tables))
                continue
            chunks = [
                chunk
                for c in children
                if self.full[c].ids() is not None
                for chunk in self.full[c].ids().chunks
            ]
            ids = pc.unique(pa.chunked_array([c.cast(pa.string()) for c in chunks], pa.string()))
            tables["beslut"], rows = self.full["beslut"].where_ids(ids)
            for f in r.function(Context(package=self.plan.package, tables=tables)):
                if f.resource == "beslut" and f.row is not None and f.row >= 2:
                    f = dataclasses.replace(f, row=int(rows[f.row - 2]))
                yield f


def merge_sparse(items: list[Finding], rows: int) -> Finding:
    """One 'optional field often empty' finding from the per-batch ones: the counts add up."""
    first = items[0]
    empty = sum(int(f.params.get("count", "0")) for f in items)
    params = {**first.params, "count": str(empty), "total": str(rows)}
    return Finding(code=first.code, severity=first.severity, resource=first.resource, path=first.path,
                   field=first.field, column=first.column, check=first.check, params=params)  # fmt: skip


COMPACT_EXCEPT = {"arende_id"}  # unique per row: a dictionary would only add to it


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


def to_frame(arrow: Any, labels: list[str], *, rows: int | None = None) -> Any:
    """A DataFrame of strings (pandas' arrow-backed ``str``) with every label as a column; columns not in
    ``arrow`` are blank fillers; dictionary-encoded columns (see :func:`_compact`) are decoded."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    n = arrow.num_rows if rows is None else rows
    for i, name in enumerate(arrow.column_names):
        if pa.types.is_dictionary(arrow.column(i).type):
            arrow = arrow.set_column(i, name, arrow.column(i).cast(pa.string()))
    frame = arrow.to_pandas()
    for label in labels:
        if label not in frame.columns:
            frame[label] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[""])
    return frame[labels]


def rule_ids(rules: Iterable[Rule]) -> list[str]:
    return [r.id for r in rules]
