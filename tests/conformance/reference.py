"""The reference the engine is held to on the project's own kind of package: frictionless-py for the
Table Schema, then every rule on whole tables (``checks.run_rules`` on ``validation.read_table``).

This was the product's second engine (``--engine frictionless``); it is now the test oracle only.
frictionless's errors become findings here — the only place their note texts are read — so that the
comparison can be made field by field (code, row, field, column, value, key, params).
:mod:`tests.conformance.oracle` compares outside packages with frictionless-py as they stand.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable
from typing import Any

from oppnadata.descriptor import PackageSpec, ResourceSpec
from oppnadata.messages import TYPE_HINTS, VALUE_REQUIRED
from oppnadata.report import Finding, Report, Severity
from oppnadata.validating import domain, privacy  # noqa: F401 - importing registers their rules
from oppnadata.validating.checks import RULES, Context, Rule, run_rules
from oppnadata.validating.dialect import check_dialect
from oppnadata.validating.engine.findings import DECIMAL_COMMA as _DECIMAL_COMMA
from oppnadata.validating.engine.findings import record_key as _key_of
from oppnadata.validating.engine.findings import strip_missing_references
from oppnadata.validating.validation import read_table

_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"', re.S)


def _header(resource: ResourceSpec) -> list[str]:
    with resource.path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def check_table_schema(package: PackageSpec, names: set[str]) -> list[Finding]:
    """Run frictionless on the resources in ``names`` (those that passed the dialect gate)."""
    if not names:
        return []
    import frictionless  # lazy: a heavy import

    schemas, findings = strip_missing_references(package, names)
    descriptor = {
        "name": package.name,
        "resources": [
            {
                "name": name,
                "path": package.resources[name].relpath,
                "schema": schemas[name],
                "format": "csv",
                "encoding": "utf-8",
            }
            for name in sorted(names)
        ],
    }
    try:
        fl_package = frictionless.Package.from_descriptor(descriptor, basepath=str(package.root))
        fl_report = fl_package.validate(limit_errors=sys.maxsize)
    except frictionless.FrictionlessException as err:
        return [
            *findings,
            Finding(
                code="schema-error",
                severity=Severity.ERROR,
                check="table-schema",
                params={"detail": str(err.error.note or err.error.message)},
            ),
        ]
    headers = {name: _header(package.resources[name]) for name in names}
    for task in fl_report.tasks:
        resource = package.resources[task.name]
        for error in task.errors:
            findings.append(_to_finding(error, resource, headers[resource.name]))
    return findings


def _to_finding(error: Any, resource: ResourceSpec, header: list[str]) -> Finding:
    code = error.type
    row = getattr(error, "row_number", None)
    field_name = getattr(error, "field_name", None)
    field_number = getattr(error, "field_number", None)
    cell = getattr(error, "cell", None)
    note = str(getattr(error, "note", "") or "")
    params: dict[str, str] = {}
    value: str | None = cell if cell not in (None, "") else None
    severity = Severity.ERROR

    if code == "type-error":
        field = resource.field(field_name or "") or {}
        ftype = str(field.get("type", "string"))
        fmt = field.get("format")
        sv, en = TYPE_HINTS.get(ftype, (ftype, ftype))
        params = {
            "type": ftype,
            "format_note": f" ({fmt})" if fmt and fmt != "default" else "",
            "type_hint_sv": sv,
            "type_hint_en": en,
        }
        if ftype in ("number", "integer") and cell and _DECIMAL_COMMA.match(str(cell)):
            code = "decimal-comma"
    elif code == "constraint-error":
        match = _CONSTRAINT.search(note)
        constraint, expected = (match.group(1), match.group(2)) if match else ("?", note)
        params = {"constraint": constraint, "expected": expected}
        if constraint == "required":
            params["expected"] = VALUE_REQUIRED
            value = None  # frictionless gives a missing cell as the text "None"
    elif code in ("unique-error", "primary-key"):
        first = re.search(r"position \"?(\d+)", note)
        params = {"first_row": first.group(1) if first else "?"}
        if code == "primary-key" and not first:  # every cell of the key is missing
            code, params = "primary-key-missing", {}
        if code in ("primary-key", "primary-key-missing"):
            field_name = ",".join(resource.primary_key)
            if resource.primary_key and resource.primary_key[0] in header:
                field_number = header.index(resource.primary_key[0]) + 1
            cells = getattr(error, "cells", None) or []
            value = (
                ",".join(str(cells[header.index(k)]) for k in resource.primary_key if k in header)
                if cells
                else value
            )
    elif code == "foreign-key":
        names = list(getattr(error, "field_names", []) or [])
        field_name = ",".join(names)
        value = ",".join(str(c) for c in (getattr(error, "field_cells", []) or []))
        target = getattr(error, "reference_name", "") or resource.name
        target_fields = ",".join(getattr(error, "reference_field_names", []) or [])
        params = {"reference": f"{target}.{target_fields}"}
        if names and names[0] in header:
            field_number = header.index(names[0]) + 1
    elif code in ("extra-label", "duplicate-label", "incorrect-label", "blank-label"):
        value = getattr(error, "label", None)
        if code == "extra-label":
            field_name = None
        row = 1
    elif code == "missing-label":
        row = 1
    elif code == "extra-cell":
        params = {}
        field_name = None
    return Finding(
        code=code,
        severity=severity,
        resource=resource.name,
        path=resource.relpath,
        row=row,
        field=field_name,
        column=field_number,
        key=_key_of(resource, header, getattr(error, "cells", None)),
        value=value,
        check="table-schema",
        params=params,
    )


def reference_report(package: PackageSpec, *, rules: Iterable[Rule] | None = None) -> Report:
    """The findings the engine must give on ``package``: the dialect gate, frictionless-py for the
    Table Schema, then the rules on whole tables."""
    report = Report()
    readable: set[str] = set()
    for name, resource in package.resources.items():
        problems = check_dialect(resource)
        report.extend(problems)
        if not problems:
            readable.add(name)
    report.checks.append("dialect")
    report.extend(check_table_schema(package, readable))
    report.checks.append("table-schema")
    tables = {}
    for name in sorted(readable):
        frame = read_table(package.resources[name].path)
        tables[name] = frame
        report.rows[name] = len(frame)
    chosen = list(RULES if rules is None else rules)
    report.extend(run_rules(Context(package=package, tables=tables), chosen))
    report.checks.extend(r.id for r in chosen)
    return report
