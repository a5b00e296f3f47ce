"""Merging imported rows into the package's tables by ``arende_id``, staging them, validating the staged
package and moving the tables in — all of them or none.

Merge rules:
- ``beslut`` and ``hallbarhet`` (one row per case) merge field by field: a value read from the export
  replaces the old one; a mapping default or approximation only fills an empty cell. Changes are listed as
  ``field: old → new``.
- ``finansiering``, ``utbetalningar``, ``kommunfordelning`` (several rows per case): the case's rows are
  replaced when the export produced rows for it; otherwise they stay.
- A case that is in the tables but not in the export stays untouched (an export may be partial). A decision
  is withdrawn by its status (``aterkallad``), never by deleting its row.
- ``--replace`` drops every existing row of the decision tables (the example data), empties the tables that
  refer to decisions the export cannot fill (``uppfoljning``, ``rapporter``, …) and clears the example-data
  marking in ``datapackage.json``. Code lists stay.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..descriptor import PackageSpec
from ..identifiers import mask_text
from ..report import Report
from ..validation import validate as validate_package
from .values import Canonical

KEYED_BY_CASE = ("beslut", "hallbarhet")
ROWS_PER_CASE = ("finansiering", "utbetalningar", "kommunfordelning")
CODE_LISTS = {"kommuner", "rattsliga_grunder", "stodtyper", "strategiomraden", "resultatkedjor", "indikatorer",
              "mottagarkategorier"}  # fmt: skip
EXAMPLE_PREFIXES = ("EXEMPELDATA – ", "EXEMPELDATA - ", "EXAMPLE DATA – ", "EXAMPLE DATA - ")


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    withdrawn: list[str] = field(default_factory=list)
    unchanged: int = 0
    not_in_source: int = 0
    replaced_example_rows: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "changed": {
                key: [{"field": f, "old": mask_text(o), "new": mask_text(n)} for f, o, n in items]
                for key, items in self.changed.items()
            },
            "withdrawn": list(self.withdrawn),
            "unchanged": self.unchanged,
            "not_in_source": self.not_in_source,
            "replaced_rows": dict(self.replaced_example_rows),
        }


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [dict(r) for r in csv.DictReader(handle)]


def render_csv(fields: list[str], rows: list[dict[str, str]]) -> str:
    """Canonical CSV: UTF-8 (written without BOM by the caller), comma, LF, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({f: row.get(f, "") for f in fields})
    return buffer.getvalue()


def merge(
    package: PackageSpec, imported: dict[str, list[Canonical]], *, replace: bool
) -> tuple[dict[str, list[dict[str, str]]], Changes]:
    """The new content of every table the import touches, and what changed."""
    changes = Changes()
    out: dict[str, list[dict[str, str]]] = {}
    old_beslut = read_rows(package.resources["beslut"].path)
    produced = {t for t, rows in imported.items() if rows} | {"beslut"}

    if replace:
        for name, spec in package.resources.items():
            if name in CODE_LISTS:
                continue
            existing = read_rows(spec.path)
            if existing:
                changes.replaced_example_rows[name] = len(existing)
            out[name] = sorted((c.values for c in imported.get(name, [])), key=lambda r: _sort_key(name, r))
        for row in out["beslut"]:
            changes.added.append(row["arende_id"])
            if row.get("status") == "aterkallad":
                changes.withdrawn.append(row["arende_id"])
        return out, changes

    for name in KEYED_BY_CASE:
        if name not in produced or name not in package.resources:
            continue
        existing = read_rows(package.resources[name].path)
        by_key = {r["arende_id"]: r for r in existing}
        new_rows = []
        for item in imported.get(name, []):
            key = item.values["arende_id"]
            old = by_key.get(key)
            if old is None:
                new_rows.append(dict(item.values))
                if name == "beslut":
                    changes.added.append(key)
                    if item.values.get("status") == "aterkallad":
                        changes.withdrawn.append(key)
                continue
            merged = dict(old)
            for f, value in item.values.items():
                if f in item.approx and old.get(f):
                    continue  # a default never overwrites a real value
                if value != old.get(f, ""):
                    if name == "beslut" or f != "arende_id":
                        changes.changed.setdefault(key, []).append(
                            (f"{name}.{f}" if name != "beslut" else f, old.get(f, ""), value)
                        )
                    merged[f] = value
            if (
                name == "beslut"
                and merged.get("status") == "aterkallad"
                and old.get("status") != "aterkallad"
            ):
                changes.withdrawn.append(key)
            by_key[key] = merged
        out[name] = [by_key[r["arende_id"]] for r in existing] + new_rows
    imported_keys = {c.values["arende_id"] for c in imported.get("beslut", [])}
    changes.not_in_source = sum(1 for r in old_beslut if r["arende_id"] not in imported_keys)
    changes.unchanged = sum(
        1 for r in old_beslut if r["arende_id"] in imported_keys and r["arende_id"] not in changes.changed
    )
    for name in ROWS_PER_CASE:
        if name not in produced or name not in package.resources:
            continue
        existing = read_rows(package.resources[name].path)
        fresh: dict[str, list[dict[str, str]]] = {}
        for item in imported.get(name, []):
            fresh.setdefault(item.values["arende_id"], []).append(dict(item.values))
        kept = [r for r in existing if r["arende_id"] not in fresh]
        new = [r for rows in fresh.values() for r in rows]
        before = {k: sorted(map(_frozen, (r for r in existing if r["arende_id"] == k))) for k in fresh}
        for key, rows in fresh.items():
            if before[key] and before[key] != sorted(map(_frozen, rows)) and key not in changes.added:
                changes.changed.setdefault(key, []).append(
                    (name, f"{len(before[key])} rader", f"{len(rows)} rader")
                )
        out[name] = kept + sorted(new, key=lambda r: _sort_key(name, r))
    changes.unchanged = sum(
        1 for r in old_beslut if r["arende_id"] in imported_keys and r["arende_id"] not in changes.changed
    )
    return out, changes


def _frozen(row: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(row.items()))


def _sort_key(name: str, row: dict[str, str]) -> tuple[str, ...]:
    return (row.get("arende_id", ""), row.get("ar", ""), row.get("kommunkod", ""), row.get("finansiarstyp", ""),
            row.get("finansiar", ""))  # fmt: skip


def clear_example_marking(
    descriptor: dict[str, Any], source_name: str, when: str, span: tuple[str, str] | None = None
) -> dict[str, Any]:
    """The descriptor without the example-data marking (P6): flag, title prefixes, description, keywords,
    sources; ``temporal`` follows the imported decisions."""
    out = json.loads(json.dumps(descriptor))
    out.pop("exempeldata", None)
    if span is not None:
        out["temporal"] = {"start": span[0], "end": span[1]}
    else:
        out.pop("temporal", None)
    for node in [out, *out.get("resources", [])]:
        for key in ("title", "title_en"):
            if isinstance(node.get(key), str):
                for prefix in EXAMPLE_PREFIXES:
                    if node[key].startswith(prefix):
                        node[key] = node[key][len(prefix) :]
    if re.match(r"EXEMPELDATA|EXAMPLE DATA", str(out.get("description", ""))):
        out["description"] = (
            "Region Jämtland Härjedalens beslut om medel ur statens anslag 1:1 Regionala utvecklingsåtgärder: "
            "projektstöd, företagsstöd och stöd till kommersiell service, med finansiering, utbetalningar och "
            f"fördelning på kommuner. Inläst från {source_name} med oppnadata import {when}."
        )
    if re.match(r"EXEMPELDATA|EXAMPLE DATA", str(out.get("description_en", ""))):
        out["description_en"] = (
            "Region Jämtland Härjedalen's decisions on funds from the state appropriation 1:1 Regional "
            "development measures: project grants, business grants and support for commercial service, with "
            f"financing, payments and distribution over municipalities. Read from {source_name} with "
            f"oppnadata import {when}."
        )
    for key in ("keywords", "keywords_en"):
        if isinstance(out.get(key), list):
            out[key] = [k for k in out[key] if k not in ("exempeldata", "example data")]
    if isinstance(out.get("sources"), list):
        out["sources"] = [s for s in out["sources"] if "EXEMPELDATA" not in str(s.get("title", ""))]
        out["sources"].append({"title": f"Export {source_name}, inläst med oppnadata import {when}"})
    return out


@dataclass
class Staged:
    root: Path
    files: dict[Path, Path]  # staged file → final path


def stage(
    package: PackageSpec, tables: dict[str, list[dict[str, str]]], descriptor: dict[str, Any] | None
) -> Staged:
    """A copy of the package (descriptor, schemas, tables) in a temporary folder beside it, with the new
    tables in place — validated as a whole before anything is moved in."""
    root = Path(tempfile.mkdtemp(prefix=".oppnadata-import-", dir=package.root))
    files: dict[Path, Path] = {}
    descriptor_text = (
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
        if descriptor is not None
        else package.descriptor_path.read_text(encoding="utf-8")
    )
    (root / package.descriptor_path.name).write_text(descriptor_text, encoding="utf-8", newline="\n")
    if descriptor is not None:
        files[root / package.descriptor_path.name] = package.descriptor_path
    for name, spec in package.resources.items():
        target = root / spec.relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if spec.schema_ref:
            schema_target = root / spec.schema_ref
            schema_target.parent.mkdir(parents=True, exist_ok=True)
            if not schema_target.exists():
                shutil.copy2(package.root / spec.schema_ref, schema_target)
        if name in tables:
            text = render_csv(spec.field_names, tables[name])
            target.write_text(text, encoding="utf-8", newline="")
            if not spec.path.is_file() or spec.path.read_bytes() != text.encode("utf-8"):
                files[target] = spec.path  # only tables whose bytes change are moved in
        elif spec.path.exists():
            shutil.copy2(spec.path, target)
    return Staged(root, files)


def validate_staged(staged: Staged, descriptor_name: str) -> Report:
    return validate_package(staged.root / descriptor_name)


def commit(staged: Staged) -> list[Path]:
    """Move the staged files in. Every file is replaced atomically (same file system); if a move fails
    midway, the files already moved are put back, so the tables are replaced all together or not at all."""
    moved: list[tuple[Path, Path | None]] = []
    try:
        for source, target in staged.files.items():
            backup = None
            if target.exists():
                backup = staged.root / f".backup-{len(moved)}"
                os.replace(target, backup)
            moved.append((target, backup))
            os.replace(source, target)
    except BaseException:
        for target, backup in reversed(moved):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        raise
    return [target for target, _ in moved]


def discard(staged: Staged) -> None:
    shutil.rmtree(staged.root, ignore_errors=True)
