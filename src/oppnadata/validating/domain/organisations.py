"""Organisation numbers: check digit, number group and legal form."""

from __future__ import annotations

from collections.abc import Iterator

from ... import identifiers
from ...report import Finding, Severity
from ..arrowrules import distinct_values, findings_at, where_in
from ..checks import (
    Context,
    Scope,
    rule,
)

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
