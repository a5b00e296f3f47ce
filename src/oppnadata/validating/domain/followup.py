"""Follow-up under förordning 2024:99: periods, the CEO's gender, reports."""

from __future__ import annotations

from collections.abc import Iterator

from ...report import Finding, Severity
from ..checks import (
    Context,
    Join,
    Scope,
    findings_where,
    rule,
    to_date,
    to_float,
)
from .decisions import decision_lookup


@rule("followup", description="Follow-up periods after the decision", scope=Scope.CROSS,
      streams="uppfoljning", joins={"beslut": Join()}, needs=("beslut", "uppfoljning"),
      reads={"uppfoljning": ("period_start", "period_slut", "utfall", "utfall_kvinnor", "utfall_man"),
             "beslut": ("beslutsdatum",)})  # fmt: skip
def followup(ctx: Context) -> Iterator[Finding]:
    start = to_date(ctx.column("uppfoljning", "period_start"))
    end = to_date(ctx.column("uppfoljning", "period_slut"))
    decided_raw = decision_lookup(ctx, "uppfoljning", "beslutsdatum").fillna("")
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
    form = decision_lookup(ctx, "hallbarhet", "stodform")
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
