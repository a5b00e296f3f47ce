"""The decision and its money: dates, financing, ceilings, code lists, payments, shares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...report import Finding, Severity
from ..checks import (
    ALL,
    Context,
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


def decision_lookup(ctx: Context, table: str, column: str) -> pd.Series:
    """For each row of ``table``: the beslut row's ``column`` for its arende_id."""
    import pandas as pd

    by_case, keys = _by_case(ctx, "beslut", column), ctx.column(table, "arende_id")
    if not len(by_case):  # no decision to look up: map() would give float NaN, not missing strings
        return pd.Series(pd.NA, index=keys.index, dtype=object)
    return keys.map(by_case)


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
    decision_year = to_date(decision_lookup(ctx, "utbetalningar", "beslutsdatum").fillna("")).dt.year
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
