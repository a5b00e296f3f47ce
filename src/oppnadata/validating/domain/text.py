"""Text cells: spreadsheet formulas, often-empty optional fields, link schemes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

from ...descriptor import ResourceSpec
from ...report import Finding, Severity
from ..arrowrules import PY_SPACE, blanks, findings_at, where_in
from ..checks import (
    EVERY_TABLE,
    Context,
    Scope,
    rule,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Optional fields whose emptiness is expected for some support forms: no 'sparse' info for them.
CONDITIONAL_FIELDS = {
    "organisationsnummer", "projekttyp", "foretagsstorlek", "sni_kod", "sni_version", "stodinstrument",
    "aterkallelsedatum", "strategisk_butik",
}  # fmt: skip


def _missing_values(schema: dict[str, Any], field: dict[str, Any]) -> list[str]:
    """The field's missing values (its own, else the schema's; strings or v2 ``{value: …}`` objects)."""
    values = field.get("missingValues", schema.get("missingValues", [""]))
    return [str(v.get("value", "")) if isinstance(v, dict) else str(v) for v in values or []]


def string_fields(spec: ResourceSpec, header: Sequence[str]) -> list[str]:
    """The columns of ``header`` whose field is a string."""
    return [f["name"] for f in spec.fields if f.get("type", "string") == "string" and f["name"] in header]


# A formula-like cell starts with one of FORMULA_START; this RE2 expression says exactly that (tested).
FORMULA_CANDIDATE = r"^[=+\-@\t\r]"


@rule("formula-like-text", description="Text a spreadsheet would run as a formula", scope=Scope.ROW,
      reads={EVERY_TABLE: string_fields}, candidates=lambda _column: FORMULA_CANDIDATE, arrow=True)  # fmt: skip
def formula_like(ctx: Context) -> Iterator[Finding]:
    import pyarrow.compute as pc

    for table in ctx.tables:
        spec = ctx.spec(table)
        fields = {f["name"]: f for f in spec.fields}
        for name in string_fields(spec, ctx.columns(table)):
            f = fields[name]
            series = ctx.column(table, name)
            # A declared missing value ("-", "--") is no text: a spreadsheet shows it as it is.
            missing = where_in(series, _missing_values(spec.schema, f))
            starts = where_in(pc.utf8_slice_codeunits(series, 0, 1), FORMULA_START)  # one pass for all
            mask = pc.and_(starts, pc.invert(missing))
            yield from findings_at(
                ctx, table, mask, code="formula-like-text", severity=Severity.WARNING, field=name,
                check="formula-like-text",
                params=lambda i: {"first": repr(series[i].as_py()[:1])},  # noqa: B023
            )  # fmt: skip


def optional_fields(spec: ResourceSpec, header: Sequence[str]) -> list[str]:
    """The optional fields of ``header`` whose emptiness says something (not ``CONDITIONAL_FIELDS``)."""
    return [f["name"] for f in spec.fields if f["name"] in header and f["name"] not in CONDITIONAL_FIELDS
            and not (f.get("constraints") or {}).get("required")]  # fmt: skip


def merge_counts(findings: list[Finding], rows: int) -> Iterator[Finding]:
    """The per-batch 'optional field often empty' findings as one per field: the counts add up."""
    by_field: dict[str | None, list[Finding]] = {}
    for f in findings:
        by_field.setdefault(f.field, []).append(f)
    for items in by_field.values():
        first = items[0]
        empty = sum(int(f.params.get("count", "0")) for f in items)
        yield dataclasses.replace(first, params={**first.params, "count": str(empty), "total": str(rows)})


@rule("sparse-optional", description="Optional fields that are often empty", scope=Scope.BATCH,
      needs=("beslut",), reads={"beslut": optional_fields}, merge=merge_counts, arrow=True)  # fmt: skip
def sparse_optional(ctx: Context) -> Iterator[Finding]:
    spec = ctx.spec("beslut")
    wanted = set(optional_fields(spec, ctx.columns("beslut")))
    total = ctx.tables["beslut"].num_rows
    for number, f in enumerate(spec.fields, start=1):
        name = f["name"]
        if name not in wanted:
            continue
        empty = blanks(ctx.column("beslut", name))
        if empty:
            yield Finding(
                code="optional-field-sparse",
                severity=Severity.INFO,
                resource="beslut",
                path=spec.relpath,
                field=name,
                column=number,
                check="sparse-optional",
                params={"count": str(empty), "total": str(total)},
            )


SAFE_URL_SCHEMES = ("http://", "https://")


def uri_fields(spec: ResourceSpec, header: Sequence[str]) -> list[str]:
    """The columns of ``header`` whose field has the ``uri`` format."""
    return [f["name"] for f in spec.fields if f.get("format") == "uri" and f["name"] in header]


# A cell that, stripped of leading white space (str.isspace) and lower-cased, starts with one of
# SAFE_URL_SCHEMES: explicit letter classes, as RE2's case folding would also take 'ſ' for 's'.
SAFE_URL_START = rf"^[{PY_SPACE}]*[hH][tT][tT][pP][sS]?://"


@rule("url-scheme", description="Links are http(s): never javascript:, data: or file:", scope=Scope.ROW,
      reads={EVERY_TABLE: uri_fields}, arrow=True)  # fmt: skip
def url_scheme(ctx: Context) -> Iterator[Finding]:
    import pyarrow.compute as pc

    for table in ctx.tables:
        for name in uri_fields(ctx.spec(table), ctx.columns(table)):
            series = ctx.column(table, name)
            safe = pc.match_substring_regex(series, SAFE_URL_START)
            mask = pc.and_(pc.not_equal(series, ""), pc.invert(safe))
            yield from findings_at(
                ctx, table, mask, code="url-scheme", severity=Severity.ERROR, field=name, check="url-scheme"
            )
