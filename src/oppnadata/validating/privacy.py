"""The privacy gate (POLICY.md): personal data never reaches a published file.

- P1: personnummer and samordningsnummer, in an ID column or anywhere in free text, block publication.
- P2: e-mail addresses and phone numbers in the tables block publication.
- P3: a sole trader keeps the row as 'Enskild näringsidkare', no organisation number, juridisk_form
  enskild_naringsidkare.
- P4: no column for project managers' names or contacts, and no person's name in free text
  (``personnames``: role word + name, first name + surname); organisation-name columns
  (``ORGANISATION_COLUMNS``) are not scanned for names, they hold organisations' names by definition.

Detection runs on each column's distinct values (cached), then maps back to rows: batch-wise, not row-wise.
The rules read every table, so they run on pyarrow arrays (``arrow=True``): no pandas for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from ..descriptor import ResourceSpec
from ..report import Finding, Severity
from . import personnames
from .arrowrules import PY_SPACE, distinct_values, findings_at, where_in
from .checks import EVERY_TABLE, Context, Scope, rule

SOLE_TRADER_NAME = "Enskild näringsidkare"
SOLE_TRADER_FORM = "enskild_naringsidkare"
# Columns that would carry a project manager's or contact person's identity (rule P4).
CONTACT_COLUMN = re.compile(
    r"(projektledare|kontaktperson|kontakt_namn|epost|e_post|email|mejl|telefon|mobil|personnummer)",
    re.I,
)


# Columns that name organisations (the recipient, a co-financier, a report's author): a name there is an
# organisation's ("Peter Eriksson AB"), and a sole trader is covered by P3.
ORGANISATION_COLUMNS = frozenset({"stodmottagare", "finansiar", "utforare"})


def scans_names(column: str) -> bool:
    """Whether privacy-free-text looks for persons' names in ``column``: free text, not organisations'
    names, and not a contact column (``personal-column`` already blocks the whole column)."""
    return column not in ORGANISATION_COLUMNS and not CONTACT_COLUMN.search(column)


def id_columns_of(_spec: ResourceSpec, header: Sequence[str]) -> list[str]:
    """The organisation-number columns, where a personal identity number must not stand (P1/P3)."""
    return [c for c in header if c.endswith("organisationsnummer")]


def text_columns(spec: ResourceSpec, header: Sequence[str]) -> list[str]:
    """The columns privacy-free-text scans: string (or undeclared) fields, not ID columns."""
    types = {f["name"]: f.get("type", "string") for f in spec.fields}
    return [
        c
        for c in header
        if types.get(c, "string") in ("string", "any") and not c.endswith("organisationsnummer")
    ]


# Every match of identifiers' _ID_CANDIDATE, _EMAIL or _PHONE also matches this RE2 expression: their
# lookbehinds become "start or a character they exclude" (RE2's ASCII \w makes that looser, never
# stricter), their lookaheads "end or such a character", and Python's Unicode \s the explicit list of
# characters str.isspace() accepts. So a cell it does not match holds no personal data (tested).
_SPACE = PY_SPACE
FREE_TEXT_CANDIDATE = (
    r"(?:^|[^0-9])(?:19|20)?[0-9]{6}[-+ ]?[0-9]{4}(?:$|[^0-9])"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"
    rf"|(?:^|[^0-9A-Za-z_])(?:\+46|0046|0)[{_SPACE}\-]?\(?[0-9]{{1,3}}\)?(?:[{_SPACE}\-]?[0-9]{{2,4}}){{2,4}}(?:$|[^0-9])"
)
# In the columns scanned for persons' names (scans_names), a cell may also hold a name:
# personnames.NAME_CANDIDATE covers those (tested against the name detector too).
FREE_TEXT_OR_NAME = f"{FREE_TEXT_CANDIDATE}|{personnames.NAME_CANDIDATE}"


def free_text_candidate(column: str) -> str:
    """The RE2 expression every cell of ``column`` that privacy-free-text can report matches."""
    return FREE_TEXT_OR_NAME if scans_names(column) else FREE_TEXT_CANDIDATE


def _scan(series: Any, detector: object) -> dict[str, str]:
    """value → first hit, over the distinct non-empty values of a column."""
    hits: dict[str, str] = {}
    for value in distinct_values(series):
        found = detector(value)  # type: ignore[operator]
        if found:
            hits[value] = found[0] if isinstance(found[0], str) else found[0][1]
    return hits


@rule("privacy-id-columns", description="P1/P3: no personal identity numbers in ID columns", scope=Scope.ROW,
      reads={EVERY_TABLE: id_columns_of}, arrow=True)  # fmt: skip
def id_columns(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables:
        for column in id_columns_of(ctx.spec(table), ctx.columns(table)):
            series = ctx.column(table, column)
            kinds = {v: ctx.detect.personal_id_kind(v) for v in distinct_values(series)}
            bad = {v: k for v, k in kinds.items() if k}
            if not bad:
                continue
            for kind in ("personnummer", "samordningsnummer"):
                values = [v for v, k in bad.items() if k == kind]
                yield from findings_at(
                    ctx, table, where_in(series, values), code=kind, severity=Severity.ERROR,
                    field=column, check="privacy", rule_id="P1",
                )  # fmt: skip


@rule("privacy-free-text", description="P1/P2/P4: no identity numbers, e-mail, phone or names in text",
      scope=Scope.ROW, reads={EVERY_TABLE: text_columns}, candidates=free_text_candidate,
      arrow=True)  # fmt: skip
def free_text(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables:
        for column in text_columns(ctx.spec(table), ctx.columns(table)):
            series = ctx.column(table, column)
            if not distinct_values(series):
                continue  # nothing to scan (the streaming engine blanks cells that cannot match)

            def cell(position: int) -> str:
                return str(series[position].as_py())  # noqa: B023 - consumed at once

            ids = _scan(series, ctx.detect.find_personal_ids)
            for kind in ("personnummer", "samordningsnummer"):
                values = {v: hit for v, hit in ids.items() if ctx.detect.personal_id_kind(hit) == kind}
                yield from findings_at(
                    ctx, table, where_in(series, list(values)), code=kind, severity=Severity.ERROR,
                    field=column, check="privacy", rule_id="P1",
                    value=lambda i: values[cell(i)],  # noqa: B023 - consumed at once
                )  # fmt: skip
            for code, detector in (("email", ctx.detect.find_emails), ("phone", ctx.detect.find_phones)):
                hits = _scan(series, detector)
                yield from findings_at(
                    ctx, table, where_in(series, list(hits)), code=code, severity=Severity.ERROR,
                    field=column, check="privacy", rule_id="P2",
                    value=lambda i: hits[cell(i)],  # noqa: B023 - consumed at once
                )  # fmt: skip
            if scans_names(column):
                names = _scan(series, ctx.detect.find_person_names)
                yield from findings_at(
                    ctx, table, where_in(series, list(names)), code="person-name", severity=Severity.ERROR,
                    field=column, check="privacy", rule_id="P4",
                    value=lambda i: personnames.mask_name(names[cell(i)]),  # noqa: B023
                )  # fmt: skip


@rule("privacy-sole-trader", description="P3: sole traders shown as the policy says", scope=Scope.ROW,
      needs=("beslut",), reads={"beslut": ("juridisk_form", "stodmottagare", "organisationsnummer")},
      arrow=True)  # fmt: skip
def sole_traders(ctx: Context) -> Iterator[Finding]:
    import pyarrow.compute as pc

    form = ctx.column("beslut", "juridisk_form")
    name = ctx.column("beslut", "stodmottagare")
    orgnr = ctx.column("beslut", "organisationsnummer")
    is_sole = pc.equal(form, SOLE_TRADER_FORM)
    problems = [
        (pc.and_(is_sole, pc.not_equal(name, SOLE_TRADER_NAME)), "stodmottagare",
         "stodmottagare ska vara 'Enskild näringsidkare' / must be 'Enskild näringsidkare'"),
        (pc.and_(is_sole, pc.not_equal(orgnr, "")), "organisationsnummer",
         "organisationsnummer ska vara tomt / must be empty"),
        (pc.and_(pc.invert(is_sole), pc.equal(name, SOLE_TRADER_NAME)), "juridisk_form",
         f"juridisk_form ska vara {SOLE_TRADER_FORM} / must be {SOLE_TRADER_FORM}"),
    ]  # fmt: skip
    for mask, field, problem in problems:
        # The cell may be the owner's name or number: the finding never repeats it (P5).
        yield from findings_at(
            ctx, "beslut", mask, code="sole-trader-policy", severity=Severity.ERROR, value=lambda _label: "***",
            field=field, check="privacy", rule_id="P3", params=lambda _label: {"problem": problem},  # noqa: B023
        )  # fmt: skip


@rule("privacy-contact-columns", description="P4: no contact-person columns", scope=Scope.HEADER,
      reads={EVERY_TABLE: ()}, arrow=True)  # fmt: skip
def contact_columns(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables:
        for number, column in enumerate(ctx.header(table), start=1):
            if CONTACT_COLUMN.search(column):
                yield Finding(
                    code="personal-column",
                    severity=Severity.ERROR,
                    resource=table,
                    path=ctx.spec(table).relpath,
                    row=1,
                    field=column,
                    column=number,
                    rule="P4",
                    check="privacy",
                )
