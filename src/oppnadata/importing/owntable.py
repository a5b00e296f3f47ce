"""The built-in mapping for the package's own tables: a table of ``datasets/`` (or a release's canonical or
Excel-sv file) that a spreadsheet opened and saved comes back as canonical CSV, with no mapping file.

A spreadsheet saving a CSV may add a BOM, write semicolons and decimal commas, group thousands with
spaces, show dates its own way, and keep the release's Excel-flavour cells (``="20200940"`` for a digit
identifier, ``'=text`` for formula-like text). Each cell is turned back by its field's type in the table's
schema; a cell that cannot be is a finding at its row and column.
"""

from __future__ import annotations

import re

from ..descriptor import PackageSpec, ResourceSpec
from ..releasing.csvflavours import FORMULA_START
from ..report import Finding, Severity
from .columns import header_key
from .reading import Detected, SourceTable
from .values import NumberFormat, ValueProblem, as_text, detect_number_format, parse_date

BUILTIN_MAPPING = "(inbyggd: paketets egen tabell / built-in: the package's own table)"
_WRAPPED = re.compile(r'^="(.*)"$')
_TRUE = {"true", "sant", "ja", "1", "yes"}
_FALSE = {"false", "falskt", "nej", "0", "no"}


def own_table_name(table: SourceTable, package: PackageSpec) -> str | None:
    """The resource whose fields the header names (in any order, case and spacing ignored)."""
    header = {header_key(h) for h in table.header if h}
    for name, spec in package.resources.items():
        if header and header == {header_key(f) for f in spec.field_names}:
            return name
    return None


def own_table_rows(
    table: SourceTable, spec: ResourceSpec
) -> tuple[list[dict[str, str]], list[Finding], Detected]:
    """The table's rows as canonical strings, and the cells that could not be turned back."""
    fields = {header_key(f["name"]): f for f in spec.fields}
    names = [fields[header_key(h)]["name"] if h else "" for h in table.header]
    types = {f["name"]: f.get("type", "string") for f in spec.fields}
    numeric = [
        row[i] for row in table.rows for i, n in enumerate(names) if types.get(n) in ("number", "integer")
    ]
    numbers = detect_number_format(numeric)
    detected = table.detected
    detected.decimal, detected.thousands, detected.number_how = (
        numbers.decimal,
        numbers.thousands,
        numbers.how,
    )
    findings: list[Finding] = []
    rows: list[dict[str, str]] = []
    for cells, number in zip(table.rows, table.row_numbers, strict=True):
        row: dict[str, str] = {}
        for position, (name, cell) in enumerate(zip(names, cells, strict=True), start=1):
            if not name:
                continue
            try:
                row[name] = _canonical(cell, types[name], numbers)
            except ValueProblem as problem:
                findings.append(
                    Finding(
                        code=problem.code, severity=Severity.ERROR, resource=table.label, path=table.label,
                        row=number, field=table.header[position - 1], column=position, value=as_text(cell),
                        key=row.get("arende_id"), check="import",
                        params={"mapping": BUILTIN_MAPPING, "table": spec.name, "target_field": name,
                                "decimal": numbers.decimal, "override": "--decimal '.'"},
                    )
                )  # fmt: skip
        rows.append(row)
    return rows, findings, detected


def _canonical(cell: object, ftype: str, numbers: NumberFormat) -> str:
    if cell is None:
        return ""
    if ftype in ("integer", "number") and isinstance(cell, int | float) and not isinstance(cell, bool):
        value = float(cell)
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(cell) if not isinstance(cell, str) else cell
    if not text.strip():
        return ""
    wrapped = _WRAPPED.match(text.strip())
    if wrapped:
        text = wrapped.group(1)  # the Excel flavour's ="20200940"
    if ftype == "string":
        if text.startswith("'") and text[1:].startswith(FORMULA_START):
            return text[1:]  # the Excel flavour's defused formula-like text
        return text
    if ftype in ("integer", "number"):
        parsed = numbers.parse(text)
        if ftype == "integer":
            if parsed != parsed.to_integral_value():
                raise ValueProblem("import-bad-number")
            return str(int(parsed))
        normalised = format(parsed.normalize(), "f")
        return normalised
    if ftype == "date":
        return parse_date(cell if not isinstance(cell, str) else text)  # type: ignore[arg-type]
    if ftype == "boolean":
        folded = text.strip().casefold()
        if folded in _TRUE:
            return "true"
        if folded in _FALSE:
            return "false"
        raise ValueProblem("import-bad-boolean")
    return text.strip()
