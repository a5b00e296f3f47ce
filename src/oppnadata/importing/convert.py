"""Applying a mapping to an export: canonical rows, findings with source positions, and the redaction log.

Personal data is removed here, on the way in (POLICY.md): personal columns are never read (P4), an
organisation number that parses as a personnummer or samordningsnummer makes the row a sole trader's (P3),
and identity numbers, e-mail addresses and phone numbers in free text are replaced by
:data:`REDACTED` (P1, P2). Nothing personal is kept in a finding either: :class:`Finding` masks values.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .. import identifiers
from ..report import Finding, Severity
from ..validating.privacy import SOLE_TRADER_FORM, SOLE_TRADER_NAME
from . import columns, dependents, financing
from .codelists import CodeLists, lookup_value
from .mapping import FieldSpec, Lookup, Mapping, present
from .reading import Cell, SourceTable
from .redaction import KIND_EN, KIND_SV, REDACTED, scrub_text
from .state import Converted, Row
from .values import (
    Canonical,
    ValueProblem,
    as_text,
    detect_number_format,
    parse_date,
    parse_integer,
    parse_year,
    same_value,
)

ORGNR_PROBLEMS = {
    "format": "inte NNNNNN-NNNN / not NNNNNN-NNNN",
    "check-digit": "fel kontrollsiffra / wrong check digit",
    "group": "siffrorna 3–4 under 20 / digits 3–4 below 20",
}
DERIVED_FIELDS = ("stodmottagare", "juridisk_form")  # set by P3 for a sole trader, never overwritten


class Converter:
    """Applies a mapping to one export (``run``); the helpers in ``columns`` and ``dependents`` see it as a
    ``ConversionState``."""

    def __init__(
        self,
        source: SourceTable,
        mapping: Mapping,
        code_lists: dict[str, list[dict[str, str]]],
        schemas: dict[str, list[dict[str, Any]]],
        *,
        decimal: str | None = None,
        existing: dict[str, dict[str, dict[str, str]]] | None = None,
    ) -> None:
        self.source = source
        self.mapping = mapping
        self.code_lists = code_lists
        self.schemas = {t: {f["name"]: f for f in fields} for t, fields in schemas.items()}
        self.decimal = decimal
        # The stored rows of beslut and hallbarhet by arende_id: a case already there keeps what the
        # export does not carry, so a default that would not be written is not reported either.
        self.existing = existing or {}
        self.out = Converted()
        # The export's headers under the mapping's spelling (``organisationsnummer`` for
        # ``Organisation nummer``); ``display`` keeps the export's own, which findings show.
        wanted = [*mapping.source_columns(), *mapping.personal_columns, *mapping.ignore_columns]
        aliases = columns.match_headers(source.header, wanted)
        reverse = {header: name for name, header in aliases.items()}
        self.labels = [reverse.get(label, label) for label in source.header]
        self.display = dict(aliases)
        self.index: dict[str, int] = {}  # column label → 1-based position (first occurrence)
        for position, label in enumerate(self.labels, start=1):
            self.index.setdefault(label, position)
        self.mapping = present(mapping, set(self.index))
        self._approx: Counter[tuple[str, str, str, str]] = Counter()
        self.lookups = CodeLists(code_lists)
        # The financiers of a sheet with one row per financier (Nyps `finans`), by case id; None when
        # the mapping has no such sheet or the workbook lacks it (then financing is not touched).
        self.financiers: dict[str, list[Row]] | None = None

    # --- findings ---------------------------------------------------------------------------

    def finding(
        self,
        code: str,
        severity: Severity,
        *,
        row: Row | None = None,
        column: str | None = None,
        value: Any = None,
        target: str = "beslut",
        rule: str | None = None,
        **params: Any,
    ) -> None:
        label, number, position = self.source.label, row.number if row else None, None
        shown = self.display.get(column, column) if column else None
        if row is not None and row.origin is not None:
            label, position = row.origin.label, row.origin.positions.get(column or "")
            shown = row.origin.headers.get(column or "", column) if column else None
        elif row is not None or column in self.index:
            # the sheet, row and column the value came from (a joined sheet has its own)
            label, origin_row, position = self.source.origin(
                self.index.get(column or "", 1), row.index if row else 0
            )
            number = origin_row if row is not None else None
            if column not in self.index:
                position = None
        self.out.findings.append(
            Finding(
                code=code,
                severity=severity,
                resource=label,
                path=label,
                row=number,
                field=shown,
                column=position,
                key=row.key if row else None,
                value=None if value is None else as_text(value),
                rule=rule,
                check="import",
                params={
                    "mapping": self.mapping.path.name,
                    "table": target,
                    **{k: str(v) for k, v in params.items()},
                },
            )
        )

    # --- columns ------------------------------------------------------------------------------

    def table_of(self, spec: FieldSpec) -> str:
        return "hallbarhet" if spec in self.mapping.hallbarhet else "beslut"

    def required(self, spec: FieldSpec) -> bool:
        schema = self.schemas.get(self.table_of(spec), {}).get(spec.name, {})
        return bool((schema.get("constraints") or {}).get("required"))

    # --- the run ------------------------------------------------------------------------------

    def run(self) -> Converted:
        personal = columns.personal_columns(self)
        if not columns.check_columns(self):
            return self.out
        missing = {m.casefold() for m in self.mapping.missing_values}
        markers = {m.casefold(): m for m in self.mapping.missing_values}
        seen_missing: Counter[str] = Counter()
        rows: list[Row] = []
        for index, (cells, number) in enumerate(zip(self.source.rows, self.source.row_numbers, strict=True)):
            by_name: dict[str, Cell] = {}
            for label, cell in zip(self.labels, cells, strict=True):
                if not label or label in personal or label in by_name:
                    continue  # a personal column is never read, so its values go nowhere
                if isinstance(cell, str) and cell.strip().casefold() in missing:
                    seen_missing[markers[cell.strip().casefold()]] += 1
                    cell = None
                elif isinstance(cell, str) and not cell.strip():
                    cell = None
                by_name[label] = cell
            rows.append(Row(by_name, number, index))
        self.source.detected.missing_values = dict(seen_missing)
        self.out.source_rows = len(rows)
        self.financiers = financing.financier_rows(self, missing, seen_missing)
        self.source.detected.missing_values = dict(seen_missing)
        self._detect_numbers(rows)

        kept = [r for r in rows if not self._skipped(r)]
        cases = self._group(kept)
        for key, group in cases.items():
            self._case(key, group)
        financing.unknown_cases(self, set(cases))
        self._report_approximations()
        return self.out

    def _detect_numbers(self, rows: list[Row]) -> None:
        samples = columns.number_samples(self, rows)
        numbers = detect_number_format(samples, decimal=self.decimal)
        self.out.numbers = numbers
        d = self.source.detected
        d.decimal, d.thousands, d.number_how = numbers.decimal, numbers.thousands, numbers.how

    def _skipped(self, row: Row) -> bool:
        for column, pattern, reason in self.mapping.skip:
            cell = row.cells.get(column)
            if cell is not None and pattern.search(as_text(cell)):
                self.out.skipped_rows += 1
                self.finding(
                    "import-skipped-row", Severity.INFO, row=row, column=column, value=cell, reason=reason
                )
                return True
        return False

    def _group(self, rows: list[Row]) -> dict[str, list[Row]]:
        spec = self.mapping.key
        cases: dict[str, list[Row]] = {}
        for row in rows:
            key = self._evaluate(spec, row, {}, set())
            if financing.keyless(self, row, key, self._column_of(spec, row)):
                continue
            row.key = key
            if key in cases and self.mapping.rows == "one-per-case":
                first = cases[key][0]
                self.finding(
                    "import-duplicate-key",
                    Severity.ERROR,
                    row=row,
                    column=self._column_of(spec, row),
                    value=key,
                    first_row=first.number,
                )
                continue
            cases.setdefault(key, []).append(row)
        return cases

    # --- one case -----------------------------------------------------------------------------

    def _case(self, key: str, group: list[Row]) -> None:
        first = group[0]
        values: dict[str, str] = {"arende_id": key}
        approx: set[str] = set()
        locked: set[str] = set()
        order = sorted(self.mapping.beslut, key=lambda s: s.name != "organisationsnummer")
        for spec in order:
            if spec.name in values or spec.name in locked:
                continue
            values[spec.name] = self._evaluate(spec, first, values, approx)
            if spec.name == "organisationsnummer" and values.get("_sole_trader"):
                values.update(
                    stodmottagare=SOLE_TRADER_NAME, organisationsnummer="", juridisk_form=SOLE_TRADER_FORM
                )
                locked.update(DERIVED_FIELDS)
        for row in group[1:]:
            self._compare(row, first, values)
        sole = values.pop("_sole_trader", "")
        if sole:
            self.out.redactions["P3:sole-trader"] += 1
            self.finding("import-sole-trader", Severity.INFO, row=first, rule="P3")
        self._check_schema("beslut", values, first)
        self.out.tables["beslut"].append(Canonical(values, approx, first.number))

        if self.mapping.hallbarhet:
            h_values: dict[str, str] = {"arende_id": key}
            h_approx: set[str] = set()
            context = dict(values)
            for spec in self.mapping.hallbarhet:
                h_values[spec.name] = self._evaluate(spec, first, context, h_approx, target="hallbarhet")
                context[spec.name] = h_values[spec.name]
            self._check_schema("hallbarhet", h_values, first)
            self.out.tables["hallbarhet"].append(Canonical(h_values, h_approx, first.number))
        dependents.kommunfordelning(self, key, group, values)
        financing.financing(self, key, first, values)
        dependents.payments(self, key, group)

    def _compare(self, row: Row, first: Row, values: dict[str, str]) -> None:
        """Rows of one case (many-per-case exports) must agree on the decision's own columns."""
        for spec in self.mapping.beslut:
            for column in spec.columns:
                a, b = first.cells.get(column), row.cells.get(column)
                if (
                    a is not None
                    and b is not None
                    and not same_value(spec.parse, spec.date_format, a, b, self.out.numbers)
                ):
                    self.finding(
                        "import-conflict", Severity.ERROR, row=row, column=column, value=b,
                        other=as_text(a), first_row=first.number,
                    )  # fmt: skip

    def _column_of(self, spec: FieldSpec, row: Row) -> str | None:
        present = [c for c in spec.columns if c in self.index]
        for column in present:
            if row.cells.get(column) is not None:
                return column
        return present[0] if present else None

    def _evaluate(
        self, spec: FieldSpec, row: Row, values: dict[str, str], approx: set[str], target: str = "beslut"
    ) -> str:
        if spec.value is not None:
            return spec.value
        column = self._column_of(spec, row)
        raw = row.cells.get(column) if column else None
        if spec.lookup and spec.lookup.from_field:
            raw = values.get(spec.lookup.from_field) or None
            column = None
        if raw is not None:
            result = self._parse(spec, raw, row, column, values, target)
            if result is not None:
                return result
            return ""
        if spec.fallback is not None:
            result = self._evaluate(spec.fallback, row, values, approx, target)
            if result:
                used = self._column_of(spec.fallback, row) or spec.fallback.name
                self._note(
                    spec, approx, target, reason=spec.fallback.warn or spec.warn, value=f"[{used}]",
                    key=values.get("arende_id"),
                )  # fmt: skip
                return result
        for rule in spec.rules:
            if self._matches(rule.when, values):
                self._note(
                    spec, approx, target, reason=spec.warn, value=rule.value, key=values.get("arende_id")
                )
                return rule.value
        if spec.default is not None:
            self._note(
                spec, approx, target, reason=spec.warn, value=spec.default, key=values.get("arende_id")
            )
            return spec.default
        return ""

    def _note(
        self,
        spec: FieldSpec,
        approx: set[str],
        target: str,
        *,
        reason: str | None,
        value: str,
        key: str | None = None,
    ) -> None:
        approx.add(spec.name)
        stored = self.existing.get(target, {}).get(key or "", {})
        if stored.get(spec.name):
            return  # the stored value stays: this default writes nothing, so it is not reported
        self._approx[(target, spec.name, value, reason or "")] += 1

    @staticmethod
    def _matches(when: dict[str, Any], values: dict[str, str]) -> bool:
        for name, condition in when.items():
            value = values.get(name, "")
            if isinstance(condition, dict):
                try:
                    number = float(value)
                except ValueError:
                    return False
                if "min" in condition and number < float(condition["min"]):
                    return False
                if "max" in condition and number >= float(condition["max"]):
                    return False
            elif not condition.search(value):
                return False
        return True

    def _parse(
        self, spec: FieldSpec, raw: Cell, row: Row, column: str | None, values: dict[str, str], target: str
    ) -> str | None:
        text = as_text(raw)
        mapped = lookup_value(spec.values, text)
        if mapped is not None:
            return mapped
        try:
            if spec.parse == "text":
                return self.scrub(text, row, column, target, spec.name)
            if spec.parse == "code":
                return text
            if spec.parse == "case_id":
                return re.sub(r"\s", "", text)
            if spec.parse == "integer":
                assert self.out.numbers is not None
                number, rounded = parse_integer(raw, self.out.numbers)
                if rounded:
                    self.finding(
                        "import-rounded", Severity.WARNING, row=row, column=column, value=raw,
                        target=target, rounded=number,
                    )  # fmt: skip
                return str(number)
            if spec.parse == "date":
                return parse_date(raw, spec.date_format)
            if spec.parse == "year_date":
                return f"{parse_year(raw)}-01-01"
            if spec.parse == "orgnr":
                return self._orgnr(text, row, column, values)
            if spec.parse == "lookup":
                assert spec.lookup is not None
                return self._lookup(spec, text, row, column, values, target)
        except ValueProblem as problem:
            assert self.out.numbers is not None
            self.finding(
                problem.code, Severity.ERROR, row=row, column=column, value=raw, target=target,
                target_field=spec.name, decimal=self.out.numbers.decimal,
                override="--decimal '.'" if self.out.numbers.decimal == "," else "--decimal ','",
                **problem.params,
            )  # fmt: skip
            return None
        return text

    def _orgnr(self, text: str, row: Row, column: str | None, values: dict[str, str]) -> str:
        if identifiers.personal_id_kind(text):
            values["_sole_trader"] = "1"
            return ""
        digits = re.sub(r"[^0-9]", "", text)
        if len(digits) == 12 and digits.startswith("16"):
            digits = digits[2:]
        normalised = f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else text
        problem = identifiers.orgnr_problem(normalised)
        if problem is not None:
            self.finding(
                "import-bad-orgnr", Severity.ERROR, row=row, column=column, value=text,
                problem=ORGNR_PROBLEMS.get(problem, problem),
            )  # fmt: skip
        return normalised

    def _lookup(
        self, spec: FieldSpec, text: str, row: Row, column: str | None, values: dict[str, str], target: str
    ) -> str:
        lookup = spec.lookup
        assert lookup is not None
        parts = [p.strip() for p in text.split(lookup.separator)] if lookup.pick == "first" else [text]
        parts = [p for p in parts if p] or [text]
        found = self.resolve(lookup, parts[0])
        if found is None:
            code = "import-unknown-municipality" if lookup.table == "kommuner" else "import-unknown-code"
            self.finding(
                code, Severity.ERROR, row=row, column=column, value=parts[0], target=target,
                code_list=lookup.table, target_field=spec.name,
            )  # fmt: skip
            return ""
        if spec.before:
            date, other = spec.before
            decided = values.get("beslutsdatum", "")
            if decided and decided < date:
                earlier = self.lookups.code_row(lookup, found).get(other, "")
                if earlier:
                    return earlier
        return found

    def resolve(self, lookup: Lookup, text: str) -> str | None:
        return self.lookups.resolve(lookup, text)

    def scrub(self, text: str, row: Row, column: str | None, target: str, field: str | None = None) -> str:
        """Free text without identity numbers (P1), e-mail addresses or phone numbers (P2), names (P4)."""
        cleaned, found = scrub_text(text, field)
        for rule, kind in found:
            self.out.redactions[f"{rule}:{kind}-in-text"] += 1
            self.finding(
                "import-redacted", Severity.INFO, row=row, column=column, target=target, rule=rule,
                kind_sv=KIND_SV[kind], kind_en=KIND_EN[kind], marker=REDACTED,
            )  # fmt: skip
        return cleaned

    def _check_schema(self, table: str, values: dict[str, str], row: Row) -> None:
        """Required, enum and pattern of the canonical value, reported at the export's cell."""
        specs = {s.name: s for s in (self.mapping.beslut if table == "beslut" else self.mapping.hallbarhet)}
        for name, schema in self.schemas.get(table, {}).items():
            constraints = schema.get("constraints") or {}
            value = values.get(name, "")
            spec = specs.get(name)
            column = self._column_of(spec, row) if spec else None
            if not value:
                derived_from = spec.lookup.from_field if spec and spec.lookup else None
                if derived_from and not values.get(derived_from):
                    continue  # the field it is looked up from is empty: that one is reported
                if values.get("arende_id") in self.existing.get(table, {}):
                    continue  # a stored case keeps its value
                if constraints.get("required") and not self.reported(row, column):
                    self.finding(
                        "import-missing-required", Severity.ERROR, row=row, column=column, target=table,
                        target_field=name, columns=spec.source_names() if spec else "-",
                    )  # fmt: skip
                continue
            problem = None
            if "enum" in constraints and value not in [str(v) for v in constraints["enum"]]:
                problem = ", ".join(str(v) for v in constraints["enum"])
            elif "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
                problem = constraints["pattern"]
            if problem and not self.reported(row, column):
                self.finding(
                    "import-schema-value",
                    Severity.ERROR,
                    row=row,
                    column=column,
                    value=value,
                    target=table,
                    target_field=name,
                    expected=problem,
                )

    def reported(self, row: Row, column: str | None) -> bool:
        """An error is already reported for this cell (a parse failure): don't report it twice."""
        return any(
            (f.key == row.key if row.key else f.row == row.number)
            and f.field == self.display.get(column or "", column)
            and f.severity is Severity.ERROR
            and column
            for f in self.out.findings
        )

    # --- the dependent tables -----------------------------------------------------------------

    def _report_approximations(self) -> None:
        for (target, name, value, reason), count in sorted(self._approx.items()):
            self.finding(
                "import-default", Severity.WARNING if reason else Severity.INFO, target=target,
                target_field=name, default=value, count=count, reason=reason or "-",
            )  # fmt: skip
