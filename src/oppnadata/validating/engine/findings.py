"""The engine's Table Schema errors as findings: typed fields in, a :class:`Finding` out.

Nothing is parsed back from text: each :class:`.tablecheck.SchemaError` carries its code, row, field,
column, value, the constraint and its declared value, the earlier row of a duplicate key and the
looked-up reference; the messages (Swedish and English) come from :mod:`oppnadata.messages` by code.
"""

from __future__ import annotations

import re
from typing import Any

from ...descriptor import PackageSpec, ResourceSpec
from ...messages import TYPE_HINTS, VALUE_REQUIRED
from ...report import Finding, Severity
from .tablecheck import SchemaError

CHECK = "table-schema"
# A number written with a decimal comma: reported as decimal-comma, a finer type-error.
DECIMAL_COMMA = re.compile(r"^-?[0-9][0-9 \u00a0.]*,[0-9]+$")


def record_key(resource: ResourceSpec, header: list[str], cells: list[str] | None) -> str | None:
    """What names the record in a finding: its ``arende_id``, else its primary key's first cell."""
    if not cells:
        return None
    key_field = "arende_id" if "arende_id" in header else next(iter(resource.primary_key), None)
    if key_field and key_field in header:
        index = header.index(key_field)
        if index < len(cells) and cells[index]:
            return str(cells[index])
    return None


def to_finding(error: SchemaError, resource: ResourceSpec, header: list[str]) -> Finding:
    code, field, column = error.code, error.field, error.column
    value = error.value if error.value not in (None, "") else None
    params: dict[str, str] = {}
    if code == "type-error":
        declared = resource.field(field or "") or {}
        kind = str(declared.get("type", "string"))
        fmt = declared.get("format")
        sv, en = TYPE_HINTS.get(kind, (kind, kind))
        params = {"type": kind, "format_note": f" ({fmt})" if fmt and fmt != "default" else "",
                  "type_hint_sv": sv, "type_hint_en": en}  # fmt: skip
        if kind in ("number", "integer") and value and DECIMAL_COMMA.match(value):
            code = "decimal-comma"
    elif code == "constraint-error":
        required = error.constraint == "required"
        params = {"constraint": str(error.constraint),
                  "expected": VALUE_REQUIRED if required else str(error.expected)}  # fmt: skip
    elif code in ("unique-error", "primary-key"):
        params = {"first_row": str(error.first_row)}
    elif code == "foreign-key":
        params = {"reference": str(error.reference)}
        names = (field or "").split(",")
        column = header.index(names[0]) + 1 if names[0] in header else None
    if code in ("primary-key", "primary-key-missing"):
        pk = resource.primary_key
        field = ",".join(pk)
        column = header.index(pk[0]) + 1 if pk and pk[0] in header else None
        cells = error.cells or []
        value = ",".join(str(cells[header.index(k)]) for k in pk if k in header) if cells else None
    return Finding(
        code=code,
        severity=Severity.ERROR,
        resource=resource.name,
        path=resource.relpath,
        row=error.row,
        field=field,
        column=column,
        key=record_key(resource, header, error.cells),
        value=value,
        check=CHECK,
        params=params,
    )


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
