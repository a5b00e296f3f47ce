"""The declarative mapping file: how an export's columns become the canonical tables.

See README.md, "Importing real data", for the format. This module only reads and checks the file; the
conversion is in :mod:`.convert`. A mapping that cannot be used is a :class:`MappingError` (exit 2).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..descriptor import read_structured
from ..errors import DescriptorError, OppnadataError

PARSERS = {"text", "code", "integer", "date", "year_date", "orgnr", "case_id", "lookup"}
FINANCIER_TYPES = {
    "region_1_1",
    "region_ovrig",
    "kommun",
    "eu_eruf",
    "annan_statlig",
    "privat",
    "egen_insats",
}
ROW_SHAPES = {"one-per-case", "many-per-case"}
KNOWN_TOP = {
    "mapping", "name", "description", "source", "personal_columns", "ignore_columns", "beslut", "hallbarhet",
    "kommunfordelning", "finansiering", "utbetalningar",
}  # fmt: skip


class MappingError(OppnadataError):
    """The mapping file is missing, unreadable or not a valid mapping."""


@dataclass(frozen=True)
class Lookup:
    """A value looked up in a code-list table of the package (e.g. a municipality name → kommunkod)."""

    table: str
    by: tuple[str, ...]
    returns: str
    strip: str | None = None
    pick: str | None = None  # "first": a comma-separated list, the first one counts
    separator: str = ","
    from_field: str | None = None  # look up a canonical field computed earlier instead of a column


@dataclass(frozen=True)
class Rule:
    when: dict[str, Any]
    value: str


@dataclass(frozen=True)
class FieldSpec:
    name: str
    columns: tuple[str, ...] = ()
    parse: str = "text"
    values: dict[str, str] = field(default_factory=dict)
    value: str | None = None
    rules: tuple[Rule, ...] = ()
    default: str | None = None
    warn: str | None = None
    fallback: FieldSpec | None = None
    lookup: Lookup | None = None
    date_format: str | None = None
    before: tuple[str, str] | None = None  # (ISO date, code-list column) for legal bases replaced on a date

    def source_names(self) -> str:
        """The export columns the field is read from (else the field it is looked up from), for hints."""
        own = self.lookup.from_field if self.lookup else None
        return " / ".join(self.columns) if self.columns else own or "-"


@dataclass(frozen=True)
class Financing:
    column: str
    separator: str
    pattern: re.Pattern[str]
    types: tuple[tuple[re.Pattern[str], str], ...]
    default_type: str
    grant_match: re.Pattern[str]
    grant_financier: str
    grant_orgnr: str
    remainder: str | None
    alternatives: tuple[str, ...] = ()  # other names of the column, the first one present is read
    sheet: FinancierSheet | None = None  # one row per financier on a sheet of its own (Nyps `finans`)


@dataclass(frozen=True)
class FinancierSheet:
    """A workbook's sheet with one row per financier and case: the columns are read there, by case id."""

    names: tuple[str, ...]  # the sheet's names to look for, the first present is read
    key: tuple[str, ...]  # its case-id column
    financier: tuple[str, ...]
    amount: tuple[str, ...]
    organisationsnummer: tuple[str, ...] = ()
    type_columns: tuple[str, ...] = ()
    type_values: dict[str, str] = field(default_factory=dict)

    def columns(self) -> tuple[str, ...]:
        return (*self.key, *self.financier, *self.amount, *self.organisationsnummer, *self.type_columns)


@dataclass(frozen=True)
class Payments:
    year: str
    amount: str
    alternatives: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # other names of year, amount


@dataclass(frozen=True)
class Mapping:
    path: Path
    name: str
    description: str
    sheet: str | None
    header_row: int
    missing_values: tuple[str, ...]
    rows: str
    skip: tuple[tuple[str, re.Pattern[str], str], ...]
    personal_columns: tuple[str, ...]
    ignore_columns: tuple[str, ...]
    beslut: tuple[FieldSpec, ...]
    hallbarhet: tuple[FieldSpec, ...]
    kommunfordelning: tuple[str, str] | None  # (column, separator)
    finansiering: Financing | None
    utbetalningar: Payments | None
    kommunfordelning_alternatives: tuple[str, ...] = ()
    sheets: tuple[str, ...] = ()  # the sheet's names to look for, the first present is read
    join: tuple[tuple[str, str], ...] = ()  # (sheet, its case-id column): joined to the rows by case id

    @property
    def key(self) -> FieldSpec:
        return next(f for f in self.beslut if f.name == "arende_id")

    def source_columns(self) -> set[str]:
        """Every source column the mapping reads (any of a field's alternatives)."""
        out: set[str] = set()

        def add(spec: FieldSpec) -> None:
            out.update(spec.columns)
            if spec.fallback:
                add(spec.fallback)

        for spec in (*self.beslut, *self.hallbarhet):
            add(spec)
        if self.kommunfordelning:
            out.add(self.kommunfordelning[0])
            out.update(self.kommunfordelning_alternatives)
        if self.finansiering and not self.finansiering.sheet:
            out.add(self.finansiering.column)
            out.update(self.finansiering.alternatives)
        if self.utbetalningar:
            out.update((self.utbetalningar.year, self.utbetalningar.amount))
            out.update(self.utbetalningar.alternatives[0] + self.utbetalningar.alternatives[1])
        out.update(column for column, _, _ in self.skip)
        return out


def _fail(path: Path, where: str, code: str, **params: object) -> MappingError:
    """The error code (messages/errors_importing.py) at where in the mapping file path."""
    return MappingError.coded(code, mapping=path.name, where=where, **params)


def _regex(path: Path, where: str, pattern: Any) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern))
    except re.error as err:
        raise _fail(path, where, "mapping-bad-regex", pattern=repr(pattern), error=err) from err


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


def _field(path: Path, table: str, name: str, raw: Any) -> FieldSpec:
    where = f"{table}.{name}"
    if not isinstance(raw, dict):
        if isinstance(raw, str | int | float):
            return FieldSpec(name=name, value=str(raw))
        raise _fail(path, where, "mapping-bad-field")
    unknown = set(raw) - {
        "column", "parse", "values", "value", "rules", "default", "warn", "fallback", "lookup", "format",
        "before", "note",
    }  # fmt: skip
    if unknown:
        raise _fail(path, where, "mapping-unknown-keys", keys=sorted(unknown))
    parse = str(raw.get("parse", "lookup" if "lookup" in raw else "text"))
    if parse not in PARSERS:
        raise _fail(path, where, "mapping-bad-parse", choices=sorted(PARSERS), parse=parse)
    values = raw.get("values") or {}
    if not isinstance(values, dict):
        raise _fail(path, where, "mapping-bad-values")
    rules = []
    for index, rule in enumerate(raw.get("rules") or []):
        if not isinstance(rule, dict) or "value" not in rule or not isinstance(rule.get("when"), dict):
            raise _fail(path, f"{where}.rules[{index}]", "mapping-bad-rule")
        when = {}
        for key, condition in rule["when"].items():
            when[str(key)] = condition if isinstance(condition, dict) else _regex(path, where, condition)
        rules.append(Rule(when=when, value=str(rule["value"])))
    lookup = None
    if "lookup" in raw:
        spec = raw["lookup"]
        if not isinstance(spec, dict) or "table" not in spec or "by" not in spec:
            raise _fail(path, f"{where}.lookup", "mapping-bad-lookup")
        lookup = Lookup(
            table=str(spec["table"]),
            by=_strings(spec["by"]),
            returns=str(spec.get("returns", _strings(spec["by"])[0])),
            strip=str(spec["strip"]) if spec.get("strip") else None,
            pick=str(spec["pick"]) if spec.get("pick") else None,
            separator=str(spec.get("separator", ",")),
            from_field=str(spec["from"]) if spec.get("from") else None,
        )
        if lookup.strip:
            _regex(path, f"{where}.lookup.strip", lookup.strip)
    before = None
    if raw.get("before") is not None:
        b = raw["before"]
        if not isinstance(b, dict) or "date" not in b or "column" not in b:
            raise _fail(path, f"{where}.before", "mapping-bad-before")
        before = (str(b["date"]), str(b["column"]))
    fallback = _field(path, table, name, raw["fallback"]) if raw.get("fallback") is not None else None
    default = raw.get("default")
    return FieldSpec(
        name=name,
        columns=_strings(raw.get("column")),
        parse=parse,
        values={str(k): str(v) for k, v in values.items()},
        value=None if raw.get("value") is None else str(raw["value"]),
        rules=tuple(rules),
        default=None if default is None else str(default),
        warn=str(raw["warn"]) if raw.get("warn") else None,
        fallback=fallback,
        lookup=lookup,
        date_format=str(raw["format"]) if raw.get("format") else None,
        before=before,
    )


def _fields(path: Path, table: str, raw: Any) -> tuple[FieldSpec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise _fail(path, table, "mapping-bad-table")
    return tuple(_field(path, table, str(name), spec) for name, spec in raw.items())


def _substitute(node: Any, variables: dict[str, str]) -> Any:
    """``{publisher.name}``-style placeholders, so a mapping never repeats what publication.yaml says."""
    if isinstance(node, str):
        for name, value in variables.items():
            node = node.replace("{" + name + "}", value)
        return node
    if isinstance(node, list):
        return [_substitute(v, variables) for v in node]
    if isinstance(node, dict):
        return {k: _substitute(v, variables) for k, v in node.items()}
    return node


def present(mapping: Mapping, columns: set[str]) -> Mapping:
    """The mapping with each dependent table's column set to the first of its names that is present."""

    def pick(first: str, others: tuple[str, ...]) -> str:
        return next((c for c in (first, *others) if c in columns), first)

    changes: dict[str, Any] = {}
    if mapping.kommunfordelning:
        column, separator = mapping.kommunfordelning
        changes["kommunfordelning"] = (pick(column, mapping.kommunfordelning_alternatives), separator)
    if mapping.finansiering:
        fin = mapping.finansiering
        changes["finansiering"] = dataclasses.replace(fin, column=pick(fin.column, fin.alternatives))
    if mapping.utbetalningar:
        pay = mapping.utbetalningar
        changes["utbetalningar"] = dataclasses.replace(
            pay, year=pick(pay.year, pay.alternatives[0]), amount=pick(pay.amount, pay.alternatives[1])
        )
    return dataclasses.replace(mapping, **changes)


def load_mapping(path: Path, variables: dict[str, str] | None = None) -> Mapping:
    """Read and check a mapping file; ``variables`` fill its ``{publisher.name}``-style placeholders."""
    try:
        raw = read_structured(path, what="The mapping file")
    except DescriptorError as err:
        raise err.recoded(MappingError) from err
    raw = _substitute(raw, variables or {})
    if not isinstance(raw, dict) or raw.get("mapping") != 1:
        raise _fail(path, "top level", "mapping-bad-top")
    unknown = set(raw) - KNOWN_TOP
    if unknown:
        raise _fail(path, "top level", "mapping-unknown-keys", keys=sorted(unknown))
    source = raw.get("source") or {}
    rows = str(source.get("rows", "one-per-case"))
    if rows not in ROW_SHAPES:
        raise _fail(path, "source.rows", "mapping-bad-rows", choices=sorted(ROW_SHAPES))
    skip = tuple(
        (str(s["column"]), _regex(path, "source.skip", s["match"]), str(s.get("reason", "")))
        for s in source.get("skip") or []
    )
    beslut = _fields(path, "beslut", raw.get("beslut"))
    if not any(f.name == "arende_id" and f.columns for f in beslut):
        raise _fail(path, "beslut.arende_id", "mapping-key-not-read")

    kf = raw.get("kommunfordelning")
    kommunfordelning = (_strings(kf["column"])[0], str(kf.get("separator", ","))) if kf else None

    fin = raw.get("finansiering")
    finansiering = None
    if fin:
        types = []
        for entry in fin.get("types") or []:
            if entry.get("type") not in FINANCIER_TYPES:
                raise _fail(
                    path, "finansiering.types", "mapping-bad-financier-type", choices=sorted(FINANCIER_TYPES)
                )
            types.append((_regex(path, "finansiering.types", entry["match"]), str(entry["type"])))
        grant = fin.get("grant") or {}
        sheet = _financier_sheet(path, fin, beslut) if fin.get("sheet") else None
        if sheet is None and not fin.get("column"):
            raise _fail(path, "finansiering", "mapping-financing-source")
        finansiering = Financing(
            column=_strings(fin.get("column"))[0] if fin.get("column") else "",
            alternatives=_strings(fin.get("column"))[1:],
            sheet=sheet,
            separator=str(fin.get("separator", "||")),
            pattern=_regex(
                path, "finansiering.pattern", fin.get("pattern", r"^(?P<finansiar>.+?)\s*=\s*(?P<belopp>.+)$")
            ),
            types=tuple(types),
            default_type=str(fin.get("default_type", "annan_statlig")),
            grant_match=_regex(path, "finansiering.grant.match", grant.get("match", "(?!)")),
            grant_financier=str(grant.get("financier", "")),
            grant_orgnr=str(grant.get("organisationsnummer", "")),
            remainder=str(fin["remainder"]) if fin.get("remainder") else None,
        )
    pay = raw.get("utbetalningar")
    payments = (
        Payments(
            year=_strings(pay["year"])[0],
            amount=_strings(pay["amount"])[0],
            alternatives=(_strings(pay["year"])[1:], _strings(pay["amount"])[1:]),
        )
        if pay
        else None
    )

    return Mapping(
        path=path,
        name=str(raw.get("name", path.stem)),
        description=str(raw.get("description", "")),
        sheet=_strings(source.get("sheet"))[0] if source.get("sheet") else None,
        header_row=int(source.get("header_row", 1)),
        missing_values=_strings(source.get("missing_values")),
        rows=rows,
        skip=skip,
        personal_columns=_strings(raw.get("personal_columns")),
        ignore_columns=_strings(raw.get("ignore_columns")),
        beslut=beslut,
        hallbarhet=_fields(path, "hallbarhet", raw.get("hallbarhet")),
        kommunfordelning=kommunfordelning,
        finansiering=finansiering,
        utbetalningar=payments,
        kommunfordelning_alternatives=_strings(kf["column"])[1:] if kf else (),
        sheets=_strings(source.get("sheet")),
        join=tuple(_join(path, entry, beslut) for entry in source.get("join") or []),
    )


def _join(path: Path, entry: Any, beslut: tuple[FieldSpec, ...]) -> tuple[str, str]:
    if not isinstance(entry, dict) or not entry.get("sheet"):
        raise _fail(path, "source.join", "mapping-bad-join")
    key = entry.get("key") or next(f for f in beslut if f.name == "arende_id").columns[0]
    return str(entry["sheet"]), str(key)


def _financier_sheet(path: Path, fin: dict[str, Any], beslut: tuple[FieldSpec, ...]) -> FinancierSheet:
    where = "finansiering"
    for needed in ("financier", "amount"):
        if not fin.get(needed):
            raise _fail(path, where, "mapping-financier-sheet-needs", needed=needed)
    kind = fin.get("type") or {}
    if not isinstance(kind, dict):
        raise _fail(path, f"{where}.type", "mapping-bad-financier-kind")
    # a value mapped to null or "" is decided by the financier's name (types:, grant:)
    values = {str(k): "" if v is None else str(v) for k, v in (kind.get("values") or {}).items()}
    wrong = sorted({v for v in values.values() if v and v not in FINANCIER_TYPES})
    if wrong:
        raise _fail(
            path,
            f"{where}.type.values",
            "mapping-unknown-financier-types",
            wrong=wrong,
            choices=sorted(FINANCIER_TYPES),
        )
    key = _strings(fin.get("key")) or next(f for f in beslut if f.name == "arende_id").columns
    return FinancierSheet(
        names=_strings(fin["sheet"]),
        key=key,
        financier=_strings(fin["financier"]),
        amount=_strings(fin["amount"]),
        organisationsnummer=_strings(fin.get("organisationsnummer")),
        type_columns=_strings(kind.get("column")),
        type_values=values,
    )
