"""``oppnadata validate`` on a release, as a researcher downloads it (its folder, its ``datapackage.json`` or
its zip): the release checks itself.

1. **Integrity**: every resource's file exists and has the ``bytes`` and ``hash`` its ``datapackage.json``
   declares; a changed letter anywhere is a blocking finding naming the file.
2. **Readability by the declared dialect**: every file is read the way its descriptor says (encoding,
   delimiter, decimal mark of its schema) by frictionless-py, the reference reader, and checked against its
   own schema; the Excel-sv flavour (BOM, semicolon, decimal comma) is read as Excel-sv, not reported as a
   file that breaks the rules for ``datasets/``.
3. **The data rules**: the canonical tables go through the same validation as ``datasets/``.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..descriptor import DESCRIPTOR_NAME, PackageSpec, load_package, read_structured
from ..fileio import sha256_bytes
from ..report import Finding, Report, Severity

CHECK = "release"


def is_release(path: Path) -> bool:
    """A release zip, or a package whose resources declare their flavour, bytes and hash (as a build writes)."""
    if path.suffix == ".zip":
        return True
    descriptor_path = path / DESCRIPTOR_NAME if path.is_dir() else path
    if not descriptor_path.is_file():
        return False
    try:
        descriptor = read_structured(descriptor_path, what="The package descriptor")
    except Exception:  # the normal validation reports what is wrong with it
        return False
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    return (
        isinstance(resources, list)
        and bool(resources)
        and all(isinstance(r, dict) and "flavour" in r and "hash" in r and "bytes" in r for r in resources)
    )


def validate_release(path: Path, check_tables: Callable[[PackageSpec], Report]) -> Report:
    """Check the release at ``path`` (zip, folder or its datapackage.json): its integrity and dialect here, its
    canonical tables with ``check_tables`` (the package validation, passed in by ``validation.validate``)."""
    with _opened(path) as folder:
        package = load_package(folder)
        report = Report()
        intact = _integrity(package, report)
        report.checks.append(CHECK)
        _read_by_dialect(package, intact, report)
        report.checks.append("release-dialect")
        canonical = _canonical(package, intact)
        if canonical.resources:
            rules = check_tables(canonical)
            report.extend(rules.findings)
            report.rows.update(rules.rows)
            report.checks.extend(c for c in rules.checks if c not in report.checks)
        return report


@contextmanager
def _opened(path: Path) -> Iterator[Path]:
    if path.suffix != ".zip":
        yield path
        return
    from ..errors import DescriptorError
    from .releases import extract_release

    if not zipfile.is_zipfile(path):
        raise DescriptorError.coded("release-not-zip", path=path)
    with tempfile.TemporaryDirectory(prefix="oppnadata-release-") as tmp:
        yield extract_release(path, Path(tmp))


def _integrity(package: PackageSpec, report: Report) -> set[str]:
    """Bytes and sha256 of every resource; returns the names of the intact ones."""
    intact = set()
    for name, spec in package.resources.items():
        raw = spec.descriptor
        where: dict[str, Any] = {"resource": name, "path": spec.relpath, "check": CHECK}
        if not spec.path.is_file():
            report.add(Finding("release-file-missing", Severity.ERROR, **where))
            continue
        data = spec.path.read_bytes()
        declared_hash = str(raw.get("hash", "")).removeprefix("sha256:")
        actual = sha256_bytes(data)
        problems = []
        if raw.get("bytes") is not None and int(raw["bytes"]) != len(data):
            problems.append(
                Finding(
                    "release-bytes",
                    Severity.ERROR,
                    **where,
                    params={"declared": str(raw["bytes"]), "actual": str(len(data))},
                )
            )
        if declared_hash != actual:
            problems.append(
                Finding(
                    "release-hash",
                    Severity.ERROR,
                    **where,
                    params={"declared": declared_hash, "actual": actual},
                )
            )
        report.extend(problems)
        if not problems:
            intact.add(name)
    return intact


def _read_by_dialect(package: PackageSpec, intact: set[str], report: Report) -> None:
    """Read every intact file as its descriptor declares, with frictionless, against its own schema."""
    import frictionless
    from frictionless.formats import CsvControl

    for name in sorted(intact):
        spec = package.resources[name]
        raw = spec.descriptor
        dialect = raw.get("dialect") or {}
        control = CsvControl(
            delimiter=str(dialect.get("delimiter", ",")),
            quote_char=str(dialect.get("quoteChar", '"')),
        )
        resource = frictionless.Resource(
            path=spec.path.name,
            basepath=str(spec.path.parent),
            encoding=_codec(str(raw.get("encoding") or "utf-8")),
            control=control,
            dialect=frictionless.Dialect(header_rows=[1] if dialect.get("header", True) else []),
            schema=frictionless.Schema.from_descriptor(_plain_schema(spec.schema)),
        )
        result = resource.validate(limit_errors=20)
        for error in result.flatten(["type", "rowNumber", "fieldName", "cell", "note"]):
            kind, row, field, cell, note = error
            report.add(
                Finding(
                    "release-unreadable",
                    Severity.ERROR,
                    resource=name,
                    path=spec.relpath,
                    row=row,
                    field=field,
                    value=None if cell is None else str(cell),
                    check="release-dialect",
                    params={"error": str(kind), "note": str(note)[:300],
                            "encoding": str(raw.get("encoding")), "delimiter": str(dialect.get("delimiter", ","))},
                )
            )  # fmt: skip


def _codec(encoding: str) -> str:
    """The Python codec for a declared encoding: UTF-8 files may start with a BOM (the Excel-sv flavour)."""
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") else encoding


def _plain_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without its foreign keys: a file is read alone here (the rules check references)."""
    return {k: v for k, v in schema.items() if k != "foreignKeys"}


def _canonical(package: PackageSpec, intact: set[str]) -> PackageSpec:
    """The canonical flavour of every intact table, under its table name, for the data rules."""
    resources = [
        r
        for r in package.descriptor.get("resources", [])
        if r.get("flavour", "canonical") == "canonical" and r["name"] in intact
    ]
    descriptor = {**package.descriptor, "resources": resources}
    spec = PackageSpec(root=package.root, descriptor_path=package.descriptor_path, descriptor=descriptor)
    for r in resources:
        spec.resources[r["name"]] = package.resources[r["name"]]
    return spec
