"""Swedish domain rules for the 1:1 tables, as column functions over whole tables (or batches).

Each rule declares, in its ``@rule(...)``, the tables and columns it reads and its scope (see
``checks.Scope``); the streaming runner schedules it from that alone. A new check inside a rule that
reads another column adds that column to the rule's ``reads``; reading an undeclared one fails loudly.

The facts they rest on (ceilings, legal bases and their validity, shares) come from the code lists in
``datasets/`` (``stodtyper``, ``rattsliga_grunder``), not from constants here, so one table edit changes
the rule. See ../shared/DOMAIN.md for the sources.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .. import identifiers
from ..descriptor import ResourceSpec
from ..report import Finding, Severity
from .arrowrules import PY_SPACE, blanks, distinct_values, findings_at, where_in
from .checks import (
    ALL,
    EVERY_TABLE,
    Context,
    Join,
    Scope,
    findings_where,
    lookup,
    rule,
    to_date,
    to_float,
    to_int,
)

if TYPE_CHECKING:  # imported in the rules on pandas: the rules that read every table run on arrow
    import pandas as pd
# Legal-form group (first digit of the organisation number) expected for each juridisk_form code.
EXPECTED_GROUP = {
    "aktiebolag": "5",
    "ekonomisk_forening": "7",
    "bostadsrattsforening": "7",
    "ideell_forening": "8",
    "stiftelse": "8",
    "handelsbolag": "9",
    "kommanditbolag": "9",
    "kommun": "2",
    "kommunalforbund": "2",
    "region": "2",
    "statlig_myndighet": "2",
    "universitet_hogskola": "2",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Optional fields whose emptiness is expected for some support forms: no 'sparse' info for them.
CONDITIONAL_FIELDS = {
    "organisationsnummer", "projekttyp", "foretagsstorlek", "sni_kod", "sni_version", "stodinstrument",
    "aterkallelsedatum", "strategisk_butik",
}  # fmt: skip


def _by_case(ctx: Context, table: str, column: str) -> pd.Series:
    """A column of a table indexed by arende_id (first occurrence wins; duplicates are reported elsewhere)."""
    import pandas as pd

    keys, values = ctx.column(table, "arende_id"), ctx.column(table, column)
    first = ~keys.duplicated()
    return pd.Series(values[first].to_numpy(), index=keys[first].to_numpy())


def _numbers(series: pd.Series) -> pd.Series:
    """Numbers from a lookup (an empty lookup keeps the key's string dtype otherwise)."""
    import pandas as pd

    return pd.to_numeric(series, errors="coerce")


def _decision_lookup(ctx: Context, table: str, column: str) -> pd.Series:
    """For each row of ``table``: the beslut row's ``column`` for its arende_id."""
    import pandas as pd

    by_case, keys = _by_case(ctx, "beslut", column), ctx.column(table, "arende_id")
    if not len(by_case):  # no decision to look up: map() would give float NaN, not missing strings
        return pd.Series(pd.NA, index=keys.index, dtype=object)
    return keys.map(by_case)


@rule("orgnr", description="Organisation numbers: check digit and number group", scope=Scope.ROW,
      needs=("beslut",),
      reads={"beslut": ("organisationsnummer",), "finansiering": ("finansiar_organisationsnummer",)},
      arrow=True)  # fmt: skip
def orgnr(ctx: Context) -> Iterator[Finding]:
    targets = [("beslut", "organisationsnummer")]
    if "finansiering" in ctx.tables:
        targets.append(("finansiering", "finansiar_organisationsnummer"))
    for table, column in targets:
        series = ctx.column(table, column)
        problems = {v: ctx.detect.orgnr_problem(v) for v in distinct_values(series)}
        for kind, code in (("check-digit", "orgnr-check-digit"), ("group", "orgnr-group")):
            bad = [v for v, p in problems.items() if p == kind]
            yield from findings_at(
                ctx, table, where_in(series, bad), code=code, severity=Severity.ERROR,
                field=column, check="orgnr",
            )  # fmt: skip


@rule("orgnr-legal-form", description="Legal-form group agrees with juridisk_form", scope=Scope.ROW,
      needs=("beslut",), reads={"beslut": ("organisationsnummer", "juridisk_form")}, arrow=True)  # fmt: skip
def orgnr_legal_form(ctx: Context) -> Iterator[Finding]:
    import pyarrow as pa
    import pyarrow.compute as pc

    orgnr = ctx.column("beslut", "organisationsnummer")
    form = ctx.column("beslut", "juridisk_form")
    codes = pa.array(list(EXPECTED_GROUP), pa.string())
    expected = pc.take(pa.array(list(EXPECTED_GROUP.values())), pc.index_in(form, value_set=codes))
    # Checked once per distinct number, then mapped back onto the rows.
    valid = where_in(orgnr, [v for v in distinct_values(orgnr) if ctx.detect.orgnr_problem(v) is None])
    mask = pc.and_(valid, pc.not_equal(pc.utf8_slice_codeunits(orgnr, 0, 1), expected))  # null: no group
    yield from findings_at(
        ctx, "beslut", mask, code="orgnr-legal-form", severity=Severity.WARNING,
        field="organisationsnummer", check="orgnr-legal-form",
        params=lambda i: {
            "group": orgnr[i].as_py()[:1],
            "group_name": identifiers.LEGAL_FORM_GROUPS.get(orgnr[i].as_py()[:1], "?"),
            "legal_form": form[i].as_py(),
        },
    )  # fmt: skip


@rule("dates", description="startdatum ≤ slutdatum", scope=Scope.ROW, needs=("beslut",),
      reads={"beslut": ("startdatum", "slutdatum")})  # fmt: skip
def dates(ctx: Context) -> Iterator[Finding]:
    start = to_date(ctx.column("beslut", "startdatum"))
    end = to_date(ctx.column("beslut", "slutdatum"))
    raw_start, raw_end = ctx.column("beslut", "startdatum"), ctx.column("beslut", "slutdatum")
    yield from findings_where(
        ctx, "beslut", start > end, code="dates-start-after-end", severity=Severity.ERROR,
        field="slutdatum", check="dates",
        params=lambda label: {"start": raw_start[label], "end": raw_end[label]},
    )  # fmt: skip


@rule("financing", description="Financing adds up to the budget and grant", scope=Scope.TABLE,
      needs=("beslut", "finansiering"),
      reads={"beslut": ("stodberattigande_kostnader", "beviljat_belopp", "stodtyp", "rattslig_grund"),
             "finansiering": ("belopp", "finansiarstyp"), "stodtyper": ALL})  # fmt: skip
def financing(ctx: Context) -> Iterator[Finding]:
    import pandas as pd

    amounts = to_int(ctx.column("finansiering", "belopp"))
    cases = ctx.column("finansiering", "arende_id")
    kind = ctx.column("finansiering", "finansiarstyp")
    total = amounts.groupby(cases).sum()
    region_1_1 = amounts[kind == "region_1_1"].groupby(cases[kind == "region_1_1"]).sum()
    region_all = amounts[kind.str.startswith("region")].groupby(cases[kind.str.startswith("region")]).sum()

    ids = ctx.column("beslut", "arende_id")
    has_fin = ids.isin(total.index)
    budget = to_int(ctx.column("beslut", "stodberattigande_kostnader"))
    granted = to_int(ctx.column("beslut", "beviljat_belopp"))
    fin_total = _numbers(ids.map(total))
    fin_grant = _numbers(ids.map(region_1_1)).fillna(0)
    yield from findings_where(
        ctx, "beslut", has_fin & budget.notna() & (fin_total != budget), code="financing-sum",
        severity=Severity.ERROR, field="stodberattigande_kostnader", check="financing",
        params=lambda label: {"total": fin_total[label], "budget": budget[label]},
    )  # fmt: skip
    yield from findings_where(
        ctx, "beslut", has_fin & granted.notna() & (fin_grant != granted), code="financing-grant",
        severity=Severity.ERROR, field="beviljat_belopp", check="financing",
        params=lambda label: {"financed": int(fin_grant[label]), "granted": granted[label]},
    )  # fmt: skip
    if "stodtyper" in ctx.tables:
        codes = ctx.tables["stodtyper"].drop_duplicates("kod").set_index("kod")
        limit = pd.to_numeric(
            ctx.column("beslut", "stodtyp").map(to_float(codes.get("max_andel", pd.Series(dtype=str)))),
            errors="coerce",
        )
        share = _numbers(ids.map(region_all)).astype("Float64") / fin_total.astype("Float64")
        mask = has_fin & limit.notna() & (share > limit + 1e-9)
        basis = ctx.column("beslut", "rattslig_grund")
        yield from findings_where(
            ctx, "beslut", mask, code="region-share", severity=Severity.ERROR,
            field="beviljat_belopp", check="financing",
            params=lambda label: {
                "share": f"{float(share[label]) * 100:.1f}",
                "limit": f"{float(limit[label]) * 100:.0f}",
                "basis": f"SFS {basis[label]}",
            },
        )  # fmt: skip


def _years(ctx: Context, rows: pd.Series | None = None) -> pd.Series:
    """Years a decision covers (part years count as whole), from startdatum and slutdatum; only for
    ``rows`` (a mask) when given."""
    import numpy as np
    import pandas as pd

    start, end = ctx.column("beslut", "startdatum"), ctx.column("beslut", "slutdatum")
    if rows is not None:
        start, end = start[rows], end[rows]
    start, end = to_date(start), to_date(end)
    # 2020-01-01..2022-12-31 is 3 years; one more day makes it 4 (a small tolerance for leap days).
    days = (end - start).dt.days
    return pd.Series(np.ceil(days.astype("Float64") / 365.25 - 0.01), index=days.index).clip(lower=1)


@rule("ceilings", description="Servicebidrag: per-year ceilings and duration", scope=Scope.CROSS,
      streams="beslut", needs=("beslut", "stodtyper"),
      reads={"beslut": ("stodtyp", "startdatum", "slutdatum", "beviljat_belopp", "strategisk_butik",
                        "rattslig_grund"), "stodtyper": ALL})  # fmt: skip
def ceilings(ctx: Context) -> Iterator[Finding]:
    import numpy as np
    import pandas as pd

    codes = ctx.tables["stodtyper"].drop_duplicates("kod").set_index("kod")
    columns = ("tak_belopp_per_ar", "tak_belopp_strategisk", "max_ar")
    limits = pd.DataFrame({c: to_float(codes[c]) if c in codes.columns else np.nan for c in columns},
                          index=codes.index)  # fmt: skip
    all_types = ctx.column("beslut", "stodtyp")
    # Only decisions of a stodtyp with a ceiling can break one: the rest are not looked at.
    rows = all_types.isin([k for k in limits.index[limits.notna().any(axis=1)] if isinstance(k, str)])
    if not rows.any():
        return
    stodtyp = all_types[rows]
    limit, strategic, max_years = (lookup(stodtyp, limits[c]) for c in columns)
    years = _years(ctx, rows)
    per_year = to_int(ctx.column("beslut", "beviljat_belopp")[rows]).astype("Float64") / years
    # A strategically important store (strategisk_butik = true) has the higher ceiling.
    strategic_store = ctx.column("beslut", "strategisk_butik")[rows].isin(["true", "True", "1"])
    cap = limit.where(~strategic_store | strategic.isna(), strategic)
    basis = ctx.column("beslut", "rattslig_grund")
    everywhere = all_types.index
    yield from findings_where(
        ctx, "beslut", (cap.notna() & (per_year > cap)).reindex(everywhere, fill_value=False),
        code="ceiling-per-year", severity=Severity.ERROR, field="beviljat_belopp", check="ceilings",
        params=lambda label: {
            "stodtyp": stodtyp[label], "per_year": f"{float(per_year[label]):.0f}",
            "limit": f"{float(cap[label]):.0f}", "basis": basis[label],
        },
    )  # fmt: skip
    yield from findings_where(
        ctx, "beslut", (max_years.notna() & (years > max_years)).reindex(everywhere, fill_value=False),
        code="ceiling-years", severity=Severity.ERROR, field="slutdatum", check="ceilings",
        params=lambda label: {
            "stodtyp": stodtyp[label], "years": int(years[label]), "limit": int(max_years[label])
        },
    )  # fmt: skip


@rule("code-list-consistency", scope=Scope.CROSS, streams="beslut",
      needs=("beslut", "stodtyper", "rattsliga_grunder"),
      reads={"beslut": ("stodform", "stodtyp", "rattslig_grund", "beslutsdatum"), "stodtyper": ALL,
             "rattsliga_grunder": ALL},
      description="stodtyp and legal basis belong to the decision's stodform; date within the basis's validity")  # fmt: skip
def code_list_consistency(ctx: Context) -> Iterator[Finding]:
    import pandas as pd

    stodform = ctx.column("beslut", "stodform")
    stodtyp = ctx.column("beslut", "stodtyp")
    basis = ctx.column("beslut", "rattslig_grund")
    types = ctx.tables["stodtyper"].drop_duplicates("kod").set_index("kod")
    bases = ctx.tables["rattsliga_grunder"].drop_duplicates("sfs_nummer").set_index("sfs_nummer")
    type_form = lookup(stodtyp, types["stodform"]) if "stodform" in types else stodtyp.map({})
    yield from findings_where(
        ctx, "beslut", type_form.notna() & (type_form != stodform), code="stodtyp-stodform",
        severity=Severity.ERROR, field="stodtyp", check="code-lists",
        value=lambda label: stodform[label],
        params=lambda label: {"stodtyp": stodtyp[label], "expected": type_form[label]},
    )  # fmt: skip
    basis_form = lookup(basis, bases["stodform"]) if "stodform" in bases else basis.map({})
    yield from findings_where(
        ctx, "beslut", basis_form.notna() & (basis_form != stodform), code="legal-basis-stodform",
        severity=Severity.ERROR, field="rattslig_grund", check="code-lists",
        value=lambda label: stodform[label],
        params=lambda label: {"basis": basis[label], "expected": basis_form[label]},
    )  # fmt: skip
    # The validity of each legal basis, parsed once in the code list, then looked up per decision.
    empty = pd.Series(dtype=str)
    raw_from = lookup(basis, bases.get("giltig_fran", empty)).fillna("")
    raw_to = lookup(basis, bases.get("giltig_till", empty)).fillna("")
    valid_from = lookup(basis, to_date(bases.get("giltig_fran", empty).fillna("")))
    valid_to = lookup(basis, to_date(bases.get("giltig_till", empty).fillna("")))
    has_limit = valid_from.notna() | valid_to.notna()
    date = to_date(ctx.column("beslut", "beslutsdatum").where(has_limit, ""))
    outside = (valid_from.notna() & (date < valid_from)) | (valid_to.notna() & (date > valid_to))
    yield from findings_where(
        ctx, "beslut", outside, code="legal-basis-validity", severity=Severity.ERROR,
        field="beslutsdatum", check="legal-basis",
        params=lambda label: {
            "date": ctx.column("beslut", "beslutsdatum")[label], "basis": basis[label],
            "valid": f"{raw_from[label] or '…'}–{raw_to[label] or '…'}",
        },
    )  # fmt: skip


@rule("payments", description="Payments ≤ granted, not before the decision", scope=Scope.TABLE,
      needs=("beslut", "utbetalningar"),
      reads={"beslut": ("beviljat_belopp", "beslutsdatum"), "utbetalningar": ("belopp", "ar")})  # fmt: skip
def payments(ctx: Context) -> Iterator[Finding]:
    cases = ctx.column("utbetalningar", "arende_id")
    amounts = to_int(ctx.column("utbetalningar", "belopp"))
    paid = amounts.groupby(cases).sum()
    ids = ctx.column("beslut", "arende_id")
    granted = to_int(ctx.column("beslut", "beviljat_belopp"))
    total = _numbers(ids.map(paid))
    yield from findings_where(
        ctx, "beslut", total.notna() & granted.notna() & (total > granted),
        code="payments-exceed-grant", severity=Severity.ERROR, field="beviljat_belopp",
        check="payments", params=lambda label: {"paid": total[label], "granted": granted[label]},
    )  # fmt: skip
    year = to_int(ctx.column("utbetalningar", "ar"))
    decision_year = to_date(_decision_lookup(ctx, "utbetalningar", "beslutsdatum").fillna("")).dt.year
    yield from findings_where(
        ctx, "utbetalningar", year.notna() & decision_year.notna() & (year < decision_year),
        code="payment-before-decision", severity=Severity.WARNING, field="ar", check="payments",
        params=lambda label: {"year": year[label], "decision_year": int(decision_year[label])},
    )  # fmt: skip


@rule("municipality-shares", description="Shares per decision sum to 1", scope=Scope.TABLE,
      needs=("kommunfordelning",), reads={"kommunfordelning": ("andel",)})  # fmt: skip
def municipality_shares(ctx: Context) -> Iterator[Finding]:
    if not {"andel", "arende_id"} <= set(ctx.header("kommunfordelning")):
        return  # the header finding says what is missing; a sum of nothing would only add noise
    keys = ctx.column("kommunfordelning", "arende_id")
    cases = keys.where(keys != "")
    shares = to_float(ctx.column("kommunfordelning", "andel"))
    total = shares.groupby(cases).sum()
    row_total = _numbers(cases.map(total))
    first = cases.notna() & ~cases.duplicated()
    yield from findings_where(
        ctx, "kommunfordelning", first & ((row_total - 1).abs() > 1e-6), code="municipality-shares",
        severity=Severity.ERROR, field="andel", check="municipality-shares",
        params=lambda label: {"total": f"{float(row_total[label]):.4g}"},
    )  # fmt: skip


@rule("followup", description="Follow-up periods after the decision", scope=Scope.CROSS,
      streams="uppfoljning", joins={"beslut": Join()}, needs=("beslut", "uppfoljning"),
      reads={"uppfoljning": ("period_start", "period_slut", "utfall", "utfall_kvinnor", "utfall_man"),
             "beslut": ("beslutsdatum",)})  # fmt: skip
def followup(ctx: Context) -> Iterator[Finding]:
    start = to_date(ctx.column("uppfoljning", "period_start"))
    end = to_date(ctx.column("uppfoljning", "period_slut"))
    decided_raw = _decision_lookup(ctx, "uppfoljning", "beslutsdatum").fillna("")
    decided = to_date(decided_raw)
    raw_start = ctx.column("uppfoljning", "period_start")
    yield from findings_where(
        ctx, "uppfoljning", start.notna() & decided.notna() & (start < decided),
        code="followup-before-decision", severity=Severity.ERROR, field="period_start",
        check="followup", params=lambda label: {"start": raw_start[label], "date": decided_raw[label]},
    )  # fmt: skip
    raw_end = ctx.column("uppfoljning", "period_slut")
    yield from findings_where(
        ctx, "uppfoljning", start > end, code="followup-period-order", severity=Severity.ERROR,
        field="period_slut", check="followup",
        params=lambda label: {"start": raw_start[label], "end": raw_end[label]},
    )  # fmt: skip
    total = to_float(ctx.column("uppfoljning", "utfall"))
    split = to_float(ctx.column("uppfoljning", "utfall_kvinnor")) + to_float(
        ctx.column("uppfoljning", "utfall_man")
    )
    yield from findings_where(
        ctx, "uppfoljning", total.notna() & split.notna() & ((total - split).abs() > 1e-6),
        code="sex-split", severity=Severity.WARNING, field="utfall", check="followup",
        params=lambda label: {"split": f"{split[label]:g}", "total": f"{total[label]:g}"},
    )  # fmt: skip


@rule("hallbarhet", description="CEO gender only for business grants", scope=Scope.CROSS,
      streams="hallbarhet", joins={"beslut": Join()}, needs=("beslut", "hallbarhet"),
      reads={"hallbarhet": ("vd_kon",), "beslut": ("stodform",)})  # fmt: skip
def ceo_gender(ctx: Context) -> Iterator[Finding]:
    gender = ctx.column("hallbarhet", "vd_kon")
    form = _decision_lookup(ctx, "hallbarhet", "stodform")
    yield from findings_where(
        ctx, "hallbarhet", gender.isin(["kvinna", "man"]) & form.notna() & (form != "FTG"),
        code="ceo-gender-not-applicable", severity=Severity.WARNING, field="vd_kon",
        check="hallbarhet", params=lambda label: {"stodform": form[label]},
    )  # fmt: skip


@rule("reports", description="Reports refer to existing decisions", scope=Scope.CROSS, streams="rapporter",
      joins={"beslut": Join("arende_ids", separator=";")}, needs=("rapporter", "beslut"),
      reads={"rapporter": ("arende_ids",), "beslut": ()})  # fmt: skip
def reports(ctx: Context) -> Iterator[Finding]:
    known = set(ctx.column("beslut", "arende_id"))
    refs = ctx.column("rapporter", "arende_ids")
    unknown = refs.map(lambda v: [i for i in v.split(";") if i and i not in known] if v else [])
    yield from findings_where(
        ctx, "rapporter", unknown.map(bool), code="report-unknown-decision", severity=Severity.ERROR,
        field="arende_ids", check="reports", value=lambda label: ";".join(unknown[label]),
    )  # fmt: skip


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
