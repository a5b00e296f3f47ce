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

from ..codes import STATUS_FIELD, WITHDRAWAL_DATE_FIELD, WITHDRAWN
from ..descriptor import PackageSpec
from ..identifiers import mask_text
from ..report import Report
from ..validating.validation import validate as validate_package
from .values import Canonical

KEYED_BY_CASE = ("beslut", "hallbarhet")
ROWS_PER_CASE = ("finansiering", "utbetalningar", "kommunfordelning")
CODE_LISTS = {"kommuner", "rattsliga_grunder", "stodtyper", "strategiomraden", "resultatkedjor", "indikatorer",
              "mottagarkategorier"}  # fmt: skip
EXAMPLE_PREFIXES = ("EXEMPELDATA – ", "EXEMPELDATA - ", "EXAMPLE DATA – ", "EXAMPLE DATA - ")


@dataclass
class Changes:
    """What the import does to the decisions, as the keyed diff of the tables before and after it says
    (:func:`oppnadata.releasing.diffing.diff`, the same diff ``oppnadata diff`` shows)."""

    added: list[str] = field(default_factory=list)
    changed: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    withdrawn: list[str] = field(default_factory=list)
    unchanged: int = 0
    not_in_source: int = 0
    replaced_example_rows: dict[str, int] = field(default_factory=dict)
    tables: dict[str, dict[str, int]] = field(default_factory=dict)  # per table: added, corrected, …

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
            "tables": {name: dict(counts) for name, counts in sorted(self.tables.items())},
        }


SOURCE_ROW = "_source_row"  # which export row a merged row came from (never written: not a field)


@dataclass
class MergeProblem:
    """A problem only the merge can see (it needs the stored rows): code, table, case, source row."""

    code: str
    table: str
    key: str
    source_row: int
    params: dict[str, str] = field(default_factory=dict)
    error: bool = False


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


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _row(item: Canonical) -> dict[str, str]:
    return {**item.values, SOURCE_ROW: str(item.source_row)} if item.source_row else dict(item.values)


def merge(
    package: PackageSpec, imported: dict[str, list[Canonical]], *, replace: bool
) -> tuple[dict[str, list[dict[str, str]]], Changes, list[MergeProblem]]:
    """The new content of every table the import touches, what it replaced, and what only the merge sees.

    An import writes only what the export carries: an empty cell, a column the export lacks and a
    mapping default never replace a stored value; a stored row the export does not mention stays.
    """
    changes = Changes()
    problems: list[MergeProblem] = []
    out: dict[str, list[dict[str, str]]] = {}
    produced = {t for t, rows in imported.items() if rows} | {"beslut"}

    if replace:
        for name, spec in package.resources.items():
            if name in CODE_LISTS:
                continue
            existing = read_rows(spec.path)
            if existing:
                changes.replaced_example_rows[name] = len(existing)
            out[name] = sorted((_row(c) for c in imported.get(name, [])), key=lambda r: _sort_key(name, r))
        _withdrawals(out["beslut"], {}, problems)
        return out, changes, problems

    stored_beslut: dict[str, dict[str, str]] = {}
    for name in KEYED_BY_CASE:
        if name not in produced or name not in package.resources:
            continue
        existing = read_rows(package.resources[name].path)
        by_key = {r["arende_id"]: r for r in existing}
        if name == "beslut":
            stored_beslut = {k: dict(v) for k, v in by_key.items()}
        new_rows = []
        for item in imported.get(name, []):
            key = item.values["arende_id"]
            old = by_key.get(key)
            if old is None:
                new_rows.append(_row(item))
                continue
            merged = dict(old)
            for f, value in item.values.items():
                if old.get(f) and (f in item.approx or value == ""):
                    continue  # a default, or a value the export does not carry, never replaces a stored one
                merged[f] = value
            if item.source_row:
                merged[SOURCE_ROW] = str(item.source_row)
            by_key[key] = merged
        out[name] = [by_key[r["arende_id"]] for r in existing] + new_rows
    if "beslut" in out:
        _withdrawals(out["beslut"], stored_beslut, problems)
    beslut = {r["arende_id"]: r for r in out.get("beslut", [])}
    for name in ROWS_PER_CASE:
        if name not in produced or name not in package.resources:
            continue
        existing = read_rows(package.resources[name].path)
        fresh: dict[str, list[Canonical]] = {}
        for item in imported.get(name, []):
            fresh.setdefault(item.values["arende_id"], []).append(item)
        stored: dict[str, list[dict[str, str]]] = {}
        for r in existing:
            stored.setdefault(r["arende_id"], []).append(r)
        merge_case = {"finansiering": _merge_financing, "utbetalningar": _merge_payments,
                      "kommunfordelning": _merge_shares}[name]  # fmt: skip
        merged_rows: list[dict[str, str]] = []
        for key in dict.fromkeys([*stored, *fresh]):
            if key not in fresh:
                merged_rows += stored[key]
                continue
            merged_rows += merge_case(key, stored.get(key, []), fresh[key], beslut.get(key, {}), problems)
        out[name] = merged_rows
    if "finansiering" in package.resources:
        _follow_grant(
            out,
            package,
            stored_beslut,
            beslut,
            {i.values["arende_id"] for i in imported.get("finansiering", [])},
            problems,
        )
    return out, changes, problems


def _follow_grant(
    out: dict[str, list[dict[str, str]]],
    package: PackageSpec,
    stored: dict[str, dict[str, str]],
    beslut: dict[str, dict[str, str]],
    financed: set[str],
    problems: list[MergeProblem],
) -> None:
    """A granted amount the export corrects without listing the financing: the region's 1:1 row is the
    grant by definition, so it follows, and the recipient's own part takes up the difference."""
    moved = {
        key: row for key, row in beslut.items()
        if key in stored and key not in financed and row.get("beviljat_belopp") != stored[key].get("beviljat_belopp")
    }  # fmt: skip
    if not moved:
        return
    rows = out.get("finansiering") or read_rows(package.resources["finansiering"].path)
    for key, case in moved.items():
        own = [r for r in rows if r["arende_id"] == key]
        grant = [r for r in own if r["finansiarstyp"] == "region_1_1"]
        if len(grant) != 1:
            continue
        delta = int(case["beviljat_belopp"] or 0) - int(grant[0]["belopp"] or 0)
        grant[0]["belopp"] = case["beviljat_belopp"]
        rest = [r for r in own if r["finansiarstyp"] == "egen_insats"]
        if rest and case.get("stodberattigande_kostnader"):
            left = int(rest[0]["belopp"] or 0) - delta
            if left < 0:
                problems.append(
                    MergeProblem("import-financing-exceeds-stored", "finansiering", key,
                                 int(case.get(SOURCE_ROW) or 0),
                                 {"total": str(sum(int(r["belopp"]) for r in own) - int(rest[0]["belopp"])),
                                  "budget": case["stodberattigande_kostnader"]}, error=True)
                )  # fmt: skip
            rest[0]["belopp"] = str(left)
        for r in [*grant, *rest]:
            if case.get(SOURCE_ROW):
                r[SOURCE_ROW] = case[SOURCE_ROW]
    out["finansiering"] = rows


def _withdrawals(
    rows: list[dict[str, str]], stored: dict[str, dict[str, str]], problems: list[MergeProblem]
) -> None:
    """A decision newly withdrawn by this import without a withdrawal date: a warning (the export should
    carry the date; the field stays empty until it does)."""
    for row in rows:
        if row.get(STATUS_FIELD) != WITHDRAWN or row.get(WITHDRAWAL_DATE_FIELD):
            continue
        if stored.get(row["arende_id"], {}).get(STATUS_FIELD) == WITHDRAWN:
            continue  # withdrawn before: not this import's news
        problems.append(
            MergeProblem(
                "import-withdrawal-without-date", "beslut", row["arende_id"], int(row.get(SOURCE_ROW) or 0)
            )
        )


def _merge_payments(
    key: str,
    stored: list[dict[str, str]],
    fresh: list[Canonical],
    case: dict[str, str],
    problems: list[MergeProblem],
) -> list[dict[str, str]]:
    """Payments per year: a year the export carries is replaced, an earlier year it does not carry stays."""
    years = {(r["ar"], r["typ"]): r for r in stored}
    for item in fresh:
        years[(item.values["ar"], item.values["typ"])] = _row(item)
    return [years[k] for k in sorted(years)]


def _merge_shares(
    key: str,
    stored: list[dict[str, str]],
    fresh: list[Canonical],
    case: dict[str, str],
    problems: list[MergeProblem],
) -> list[dict[str, str]]:
    """The municipalities of a case: the export names them, not their shares — the same municipalities
    keep their stored shares; other ones replace them (equal shares)."""
    if {r["kommunkod"] for r in stored} == {i.values["kommunkod"] for i in fresh}:
        return stored
    return [_row(i) for i in fresh]


def _merge_financing(
    key: str,
    stored: list[dict[str, str]],
    fresh: list[Canonical],
    case: dict[str, str],
    problems: list[MergeProblem],
) -> list[dict[str, str]]:
    """The financiers the export lists update their stored rows (matched on type and name, whose stored
    spelling stays; a stored organisation number stays when the export has none); financiers it does not
    list (a private co-financier, say) stay; the recipient's own contribution is what is left of the budget."""
    rows = [dict(r) for r in stored]
    remainder: Canonical | None = None
    for item in fresh:
        if "belopp" in item.approx:  # the remainder: computed below, once the other rows are known
            remainder = item
            continue
        kind, name = item.values["finansiarstyp"], _fold(item.values["finansiar"])
        match = next(
            (
                r
                for r in rows
                if r["finansiarstyp"] == kind and (_fold(r["finansiar"]) == name or kind == "region_1_1")
            ),
            None,
        )
        if match is None:
            rows.append(_row(item))
            continue
        match["belopp"] = item.values["belopp"]
        if item.values.get("finansiar_organisationsnummer"):
            match["finansiar_organisationsnummer"] = item.values["finansiar_organisationsnummer"]
        if item.source_row:
            match[SOURCE_ROW] = str(item.source_row)
    if remainder is not None:
        others = sum(
            int(r["belopp"] or 0) for r in rows if r["finansiarstyp"] != remainder.values["finansiarstyp"]
        )
        budget = int(case.get("stodberattigande_kostnader") or 0)
        rest = budget - others
        own = next((r for r in rows if r["finansiarstyp"] == remainder.values["finansiarstyp"]), None)
        if rest < 0:
            problems.append(
                MergeProblem("import-financing-exceeds-stored", "finansiering", key, remainder.source_row,
                             {"total": str(others), "budget": str(budget)}, error=True)
            )  # fmt: skip
        elif own is not None:
            own["belopp"] = str(rest)
            if remainder.source_row:
                own[SOURCE_ROW] = str(remainder.source_row)
        elif rest > 0:
            rows.append({**_row(remainder), "belopp": str(rest)})
    return rows


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
