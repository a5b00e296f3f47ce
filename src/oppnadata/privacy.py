"""The privacy gate (POLICY.md): personal data never reaches a published file.

- P1: personnummer and samordningsnummer, in an ID column or anywhere in free text, block publication.
- P2: e-mail addresses and phone numbers in the tables block publication.
- P3: a sole trader keeps the row as 'Enskild näringsidkare', no organisation number, juridisk_form
  enskild_naringsidkare.
- P4: no column for project managers' names or contacts, and no person's name in free text
  (``personnames``: role word + name, first name + surname); organisation-name columns
  (``ORGANISATION_COLUMNS``) are not scanned for names, they hold organisations' names by definition.

Detection runs on each column's distinct values (cached), then maps back to rows: batch-wise, not row-wise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pandas as pd

from . import identifiers, personnames
from .checks import Context, findings_where, rule
from .report import Finding, Severity

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


def _id_columns(ctx: Context, table: str) -> list[str]:
    return [c for c in ctx.tables[table].columns if c.endswith("organisationsnummer")]


def text_columns(fields: Iterable[Mapping[str, Any]], columns: Iterable[str]) -> list[str]:
    """Of ``columns``, those that hold free text: string, ``any`` or undeclared fields, not organisation numbers
    (the one definition; the streaming engine asks the same)."""
    types = {f["name"]: f.get("type", "string") for f in fields}
    return [
        c
        for c in columns
        if types.get(c, "string") in ("string", "any") and not c.endswith("organisationsnummer")
    ]


def _text_columns(ctx: Context, table: str) -> list[str]:
    return text_columns(ctx.spec(table).fields, ctx.tables[table].columns)


def _scan(series: pd.Series, detector: object) -> dict[str, str]:
    """value → first hit, over the distinct non-empty values of a column."""
    hits: dict[str, str] = {}
    for value in series[series != ""].unique():
        found = detector(value)  # type: ignore[operator]
        if found:
            hits[value] = found[0] if isinstance(found[0], str) else found[0][1]
    return hits


@rule("privacy-id-columns", needs=(), description="P1/P3: no personal identity numbers in ID columns")
def id_columns(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables:
        for column in _id_columns(ctx, table):
            series = ctx.column(table, column)
            kinds = {v: identifiers.personal_id_kind(v) for v in series[series != ""].unique()}
            bad = {v: k for v, k in kinds.items() if k}
            if not bad:
                continue
            for kind in ("personnummer", "samordningsnummer"):
                values = [v for v, k in bad.items() if k == kind]
                yield from findings_where(
                    ctx, table, series.isin(values), code=kind, severity=Severity.ERROR,
                    field=column, check="privacy", rule_id="P1",
                )  # fmt: skip


@rule(
    "privacy-free-text", needs=(), description="P1/P2/P4: no identity numbers, e-mail, phone or names in text"
)
def free_text(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables:
        for column in _text_columns(ctx, table):
            series = ctx.column(table, column)
            if not (series != "").any():
                continue  # nothing to scan (the streaming engine blanks cells that cannot match)
            ids = _scan(series, identifiers.find_personal_ids)
            for kind in ("personnummer", "samordningsnummer"):
                values = {v: hit for v, hit in ids.items() if identifiers.personal_id_kind(hit) == kind}
                yield from findings_where(
                    ctx, table, series.isin(list(values)), code=kind, severity=Severity.ERROR,
                    field=column, check="privacy", rule_id="P1",
                    value=lambda label: values[series[label]],  # noqa: B023 - consumed at once
                )  # fmt: skip
            for code, detector in (("email", identifiers.find_emails), ("phone", identifiers.find_phones)):
                hits = _scan(series, detector)
                yield from findings_where(
                    ctx, table, series.isin(list(hits)), code=code, severity=Severity.ERROR,
                    field=column, check="privacy", rule_id="P2",
                    value=lambda label: hits[series[label]],  # noqa: B023 - consumed at once
                )  # fmt: skip
            if scans_names(column):
                names = _scan(series, personnames.find_person_names)
                yield from findings_where(
                    ctx, table, series.isin(list(names)), code="person-name", severity=Severity.ERROR,
                    field=column, check="privacy", rule_id="P4",
                    value=lambda label: personnames.mask_name(names[series[label]]),  # noqa: B023
                )  # fmt: skip


@rule("privacy-sole-trader", needs=("beslut",), description="P3: sole traders shown as the policy says")
def sole_traders(ctx: Context) -> Iterator[Finding]:
    form = ctx.column("beslut", "juridisk_form")
    name = ctx.column("beslut", "stodmottagare")
    orgnr = ctx.column("beslut", "organisationsnummer")
    is_sole = form == SOLE_TRADER_FORM
    problems = [
        (is_sole & (name != SOLE_TRADER_NAME), "stodmottagare",
         "stodmottagare ska vara 'Enskild näringsidkare' / must be 'Enskild näringsidkare'"),
        (is_sole & (orgnr != ""), "organisationsnummer",
         "organisationsnummer ska vara tomt / must be empty"),
        (~is_sole & (name == SOLE_TRADER_NAME), "juridisk_form",
         f"juridisk_form ska vara {SOLE_TRADER_FORM} / must be {SOLE_TRADER_FORM}"),
    ]  # fmt: skip
    for mask, field, problem in problems:
        # The cell may be the owner's name or number: the finding never repeats it (P5).
        yield from findings_where(
            ctx, "beslut", mask, code="sole-trader-policy", severity=Severity.ERROR, value=lambda _label: "***",
            field=field, check="privacy", rule_id="P3", params=lambda _label: {"problem": problem},  # noqa: B023
        )  # fmt: skip


@rule("privacy-contact-columns", needs=(), description="P4: no contact-person columns")
def contact_columns(ctx: Context) -> Iterator[Finding]:
    for table, frame in ctx.tables.items():
        for number, column in enumerate(frame.columns, start=1):
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
