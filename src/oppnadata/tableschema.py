"""Table Schema semantics, checked by frictionless-py and turned into the project's findings.

frictionless is the reference: types, required, unique, enum, pattern, min/max, lengths, primary and
foreign keys, header problems. Its error texts are never shown (they repeat cell values unmasked); each
error becomes a :class:`Finding` whose message comes from the project's catalogue.
"""

from __future__ import annotations

import csv
import re
import sys
from typing import Any

from .descriptor import PackageSpec, ResourceSpec
from .report import Finding, Severity

TYPE_HINTS = {
    "integer": ("ett heltal utan mellanslag, t.ex. 250000", "a whole number without spaces, e.g. 250000"),
    "number": ("ett tal med decimalpunkt, t.ex. 0.25", "a number with a decimal point, e.g. 0.25"),
    "date": ("ett datum ÅÅÅÅ-MM-DD, t.ex. 2024-03-15", "a date YYYY-MM-DD, e.g. 2024-03-15"),
    "year": ("ett årtal, t.ex. 2024", "a year, e.g. 2024"),
    "boolean": ("true eller false", "true or false"),
}
_DECIMAL_COMMA = re.compile(r"^-?[0-9][0-9 \u00a0.]*,[0-9]+$")
_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"', re.S)


def _header(resource: ResourceSpec) -> list[str]:
    with resource.path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def strip_missing_references(
    package: PackageSpec, names: set[str]
) -> tuple[dict[str, dict[str, Any]], list[Finding]]:
    """Schemas for the resources in ``names``, without foreign keys to resources that are absent.

    Each dropped reference becomes an ``info`` finding: the check did not run, it did not fail.
    """
    schemas: dict[str, dict[str, Any]] = {}
    skipped: list[Finding] = []
    for name in sorted(names):
        schema = dict(package.resources[name].schema)
        kept = []
        for fk in schema.get("foreignKeys", []) or []:
            target = (fk.get("reference") or {}).get("resource") or name
            if target in names:
                kept.append(fk)
            else:
                fields = fk.get("fields")
                skipped.append(
                    Finding(
                        code="check-skipped",
                        severity=Severity.INFO,
                        resource=name,
                        field=fields if isinstance(fields, str) else ",".join(fields or []),
                        check="foreign-key",
                        params={"check": f"foreign-key → {target}", "missing": target},
                    )
                )
        if kept:
            schema["foreignKeys"] = kept
        else:
            schema.pop("foreignKeys", None)
        schemas[name] = schema
    return schemas, skipped


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


def _key_of(resource: ResourceSpec, header: list[str], cells: list[str] | None) -> str | None:
    if not cells:
        return None
    key_field = "arende_id" if "arende_id" in header else next(iter(resource.primary_key), None)
    if key_field and key_field in header:
        index = header.index(key_field)
        if index < len(cells) and cells[index]:
            return str(cells[index])
    return None


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
            params["expected"] = "värde krävs / value required"
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
