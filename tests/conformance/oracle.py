"""frictionless-py as the test oracle, and the default engine beside it, finding by finding.

``oracle(folder)`` validates a package's ``datapackage.json`` with frictionless-py exactly as it stands
(its dialect, format, hash, bytes, missing values, schemas or their absence) and gives each error as a
signature ``resource: code row=N field=NAME``. ``engine(folder)`` gives the default engine's findings
(Table Schema and descriptor checks; domain rules are the project's own and frictionless has none) in the
same form; a package the engine refuses to read is ``descriptor-error``, a crash is ``crash: …``.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

PACKAGES = Path(__file__).parent / "packages"
# The engine's codes that name frictionless's (the engine says more precisely what it saw).
SAME_AS = {
    "decimal-comma": "type-error",
    "primary-key-missing": "primary-key",
    "file-missing": "scheme-error",
}
METADATA_ERRORS = {"package-error", "resource-error", "schema-error"}
HEADER_ERRORS = {"extra-label", "missing-label", "blank-label", "duplicate-label", "incorrect-label",
                 "blank-header", "unmatched-header"}  # fmt: skip


def signature(resource: str | None, code: str, row: int | None = None, field: str | None = None) -> str:
    return f"{resource or '-'}: {code} row={row} field={field or None}"


def oracle(folder: Path) -> list[str]:
    import frictionless

    report = frictionless.validate(str(folder / "datapackage.json"), limit_errors=sys.maxsize)
    if report.errors and not report.tasks:
        # frictionless found the descriptor invalid and checked no table; the tool refuses to read such a
        # package at all (exit 2, frictionless's note in the message): the same verdict.
        assert {e.type for e in report.errors} <= METADATA_ERRORS, report.errors
        return [signature(None, "descriptor-error")]
    found = [signature(None, e.type) for e in report.errors]
    for task in report.tasks:
        resource = task.name
        schema = _schema(folder, resource)
        for e in task.errors:
            row = getattr(e, "row_number", None)
            if row is None and e.type in HEADER_ERRORS:
                row = (getattr(e, "row_numbers", None) or [1])[0]  # the header's row
            found.append(signature(resource, e.type, row, _field(e, schema)))
    return sorted(found)


def _schema(folder: Path, resource: str) -> dict[str, Any]:
    import json

    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    for r in descriptor.get("resources", []):
        if r.get("name") == resource and isinstance(r.get("schema"), dict):
            return r["schema"]
    return {}


def _field(error: Any, schema: dict[str, Any]) -> str | None:
    kind = error.type
    if kind == "primary-key":
        pk = schema.get("primaryKey") or []
        return ",".join([pk] if isinstance(pk, str) else pk) or None
    if kind == "foreign-key":
        return ",".join(getattr(error, "field_names", []) or []) or None
    if kind in ("extra-label", "extra-cell"):
        return None
    return getattr(error, "field_name", None) or None


def engine(folder: Path, **options: Any) -> list[str]:
    from oppnadata.descriptor import load_package
    from oppnadata.errors import DescriptorError
    from oppnadata.report import Severity
    from oppnadata.validating.engine import validate_stream

    try:
        package = load_package(folder / "datapackage.json")
        report = validate_stream(package, rules=[], **options)
    except DescriptorError:
        return ["-: descriptor-error row=None field=None"]
    except Exception as err:  # the comparison records a crash; the test fails on it
        return [f"crash: {type(err).__name__}: {err}"]
    return sorted(
        signature(f.resource, SAME_AS.get(f.code, f.code), f.row, f.field)
        for f in report.findings
        if f.severity != Severity.INFO
    )


def compare(folder: Path, **options: Any) -> tuple[list[str], list[str]]:
    """(signatures only the engine gives, signatures only frictionless gives); ``options`` go to the
    engine (block and batch sizes)."""
    a, b = Counter(engine(folder, **options)), Counter(oracle(folder))
    return sorted((a - b).elements()), sorted((b - a).elements())


def corpus() -> list[str]:
    return sorted(p.name for p in PACKAGES.iterdir() if (p / "datapackage.json").is_file())


if __name__ == "__main__":  # python -m tests.conformance.oracle: the agreement figures
    agree = differ = crash = 0
    for name in corpus():
        engine_only, frictionless_only = compare(PACKAGES / name)
        if any(s.startswith("crash:") for s in engine_only):
            crash += 1
            print(f"CRASH {name}: {engine_only}")
        elif engine_only or frictionless_only:
            differ += 1
            print(f"DIFF  {name}: engine only {engine_only}; frictionless only {frictionless_only}")
        else:
            agree += 1
    print(
        f"{agree + differ + crash} packages: {agree} agree finding by finding, {differ} disagree, {crash} crash"
    )
