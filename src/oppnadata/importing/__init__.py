"""``oppnadata import``: real data in from Nyps / Projektbanken exports, with personal data removed on the way.

The pipeline, one module per stage:

- :mod:`.reading` reads .xlsx / .csv and detects encoding, delimiter and number conventions;
- :mod:`.mapping` reads the declarative mapping file (``mappings/*.yaml``);
- :mod:`.convert` applies it: canonical rows, findings with source positions, the redaction log;
- :mod:`.merge` merges by ``arende_id``, stages the tables, validates them and moves them in.

Any error finding → nothing is written. The redaction log (``import-log.json``, beside the tables) holds
counts per policy rule and case ids, never personal data.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import CONFIG_FILENAME, load_config
from ..descriptor import DESCRIPTOR_NAME, PackageSpec, load_package
from ..errors import DescriptorError
from ..fileio import sha256_file
from ..releasing.diffing import Diff
from ..report import Finding, Report, Severity, to_text
from .convert import Converter
from .mapping import MappingError, load_mapping
from .merge import Changes, clear_example_marking, commit, discard, merge, read_rows, stage, validate_staged
from .owntable import BUILTIN_MAPPING, own_table_name, own_table_rows
from .reading import Detected, SourceError, read_source
from .redaction import REDACTED, REDACTION_LABELS
from .summary import in_result, keyed_diff, merge_findings, render_summary, stored_cases, summarise

__all__ = [
    "LOG_NAME",
    "ImportResult",
    "MappingError",
    "SourceError",
    "import_own_table",
    "import_source",
    "render_json",
    "render_text",
]

LOG_NAME = "import-log.json"


@dataclass
class ImportResult:
    source: Path
    mapping: str
    report: Report
    detected: Detected
    redactions: dict[str, int] = field(default_factory=dict)
    changes: Changes = field(default_factory=Changes)
    written: list[Path] = field(default_factory=list)
    log_path: Path | None = None
    replace: bool = False
    root: Path | None = None
    diff: Diff | None = None

    @property
    def ok(self) -> bool:
        return self.report.valid

    def log(self) -> dict[str, Any]:
        """The redaction log: counts per policy rule and case ids — no personal data."""
        return {
            "source": self.source.name,
            "source_sha256": sha256_file(self.source),
            "mapping": self.mapping,
            "imported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "replace": self.replace,
            "detected": self.detected.to_dict(),
            "redactions": dict(self.redactions),
            "redaction_marker": REDACTED,
            "changes": self.changes.to_dict(),
            "findings": self.report.counts(),
        }


def find_package(into: Path) -> PackageSpec:
    """The data package whose tables live in ``into`` (its datapackage.json is in ``into`` or its parent)."""
    for candidate in (into.parent / DESCRIPTOR_NAME, into / DESCRIPTOR_NAME):
        if candidate.is_file():
            package = load_package(candidate)
            if "beslut" not in package.resources:
                raise DescriptorError.coded("import-no-beslut", descriptor=candidate)
            if not package.resources["beslut"].path.parent.resolve() == into.resolve():
                raise DescriptorError.coded(
                    "import-wrong-folder",
                    descriptor=candidate,
                    relpath=package.resources["beslut"].relpath,
                    into=into,
                )
            return package
    raise DescriptorError.coded("import-no-package", into=into)


def publisher_variables(root: Path) -> dict[str, str]:
    """The placeholders a mapping may use, from the package's publication.yaml (if it has one)."""
    path = root / CONFIG_FILENAME
    if not path.is_file():
        return {}
    config = load_config(path)
    return {
        "publisher.name": config.publisher.name,
        "publisher.organisationsnummer": config.publisher.organisationsnummer,
    }


def import_source(
    source: Path,
    mapping_path: Path,
    *,
    into: Path = Path("datasets"),
    encoding: str | None = None,
    delimiter: str | None = None,
    decimal: str | None = None,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Read ``source`` with the mapping, merge it into the tables in ``into`` and write them — or, when any
    error is found, write nothing. Raises OppnadataError (exit 2) only when the import cannot run."""
    package = find_package(into)
    mapping = load_mapping(mapping_path, publisher_variables(package.root))
    table = read_source(
        source,
        sheet=mapping.sheet,
        sheets=mapping.sheets if len(mapping.sheets) > 1 or mapping.join else (),
        join=mapping.join,
        side=(mapping.finansiering.sheet.names,)
        if mapping.finansiering and mapping.finansiering.sheet
        else (),
        key_columns=mapping.key.columns,
        header_row=mapping.header_row,
        encoding=encoding,
        delimiter=delimiter,
    )
    code_lists = {
        name: read_rows(spec.path)
        for name, spec in package.resources.items()
        if name
        in (
            "kommuner",
            "stodtyper",
            "strategiomraden",
            "resultatkedjor",
            "mottagarkategorier",
            "rattsliga_grunder",
        )
    }
    schemas = {name: spec.fields for name, spec in package.resources.items()}
    existing = {} if replace else stored_cases(package)
    converted = Converter(table, mapping, code_lists, schemas, decimal=decimal, existing=existing).run()
    report = Report(findings=list(converted.findings), checks=["import"])
    report.rows[table.label] = converted.source_rows
    result = ImportResult(
        source=source,
        mapping=mapping.path.name,
        report=report,
        detected=table.detected,
        redactions=dict(sorted(converted.redactions.items())),
        replace=replace,
        root=package.root,
    )
    if not report.valid:
        return result

    tables, changes, problems = merge(package, converted.tables, replace=replace)
    result.changes = changes
    report.extend(merge_findings(problems, table.label, mapping.path.name))
    if not report.valid:
        return result
    when = dt.date.today().isoformat()
    descriptor = None
    if replace:
        dates = sorted(r["beslutsdatum"] for r in tables["beslut"] if r.get("beslutsdatum"))
        span = (f"{dates[0][:4]}-01-01", f"{dates[-1][:4]}-12-31") if dates else None
        descriptor = clear_example_marking(package.descriptor, source.name, when, span)
    imported_keys = {c.values["arende_id"] for c in converted.tables.get("beslut", [])}
    return write_tables(
        result, package, tables, descriptor, into=into, label=table.label, imported=imported_keys,
        stored=set(existing.get("beslut", {})), progress=progress,
    )  # fmt: skip


def write_tables(
    result: ImportResult,
    package: PackageSpec,
    tables: dict[str, list[dict[str, str]]],
    descriptor: dict[str, Any] | None,
    *,
    into: Path,
    label: str,
    imported: set[str],
    stored: set[str],
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Stage the new tables, validate the staged package as ``oppnadata validate`` would, say what
    changes (the keyed diff) and move them in — or, on any error, write nothing."""
    report = result.report
    staged = stage(package, tables, descriptor)
    try:
        if progress:
            progress("validate")
        staged_report = validate_staged(staged, package.descriptor_path.name)
        # The staged package's findings, but not the info about optional fields that real exports lack;
        # a finding on a row this import wrote points at the export's row (the staged file is never
        # written if the import is refused).
        report.extend(
            in_result(f, tables, package, label)
            for f in staged_report.findings
            if f.severity is not Severity.INFO
        )
        for name in tables:
            report.rows[name] = staged_report.rows.get(name, 0)
        if not report.valid:
            report.add(Finding(code="import-refused", severity=Severity.ERROR, check="import"))
            return result
        result.diff = keyed_diff(package, staged)
        summarise(result.diff, result.changes, imported, stored)
        log_target = into / LOG_NAME
        log_staged = staged.root / LOG_NAME
        result.log_path = log_target
        log_staged.write_text(
            json.dumps(result.log(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n"
        )
        staged.files[log_staged] = log_target
        result.written = commit(staged)
    finally:
        discard(staged)
    return result


def import_own_table(
    sources: list[Path],
    *,
    into: Path = Path("datasets"),
    encoding: str | None = None,
    delimiter: str | None = None,
) -> ImportResult:
    """Bring back the package's own tables after a spreadsheet saved them (BOM, semicolons, decimal
    comma, ``'``-prefixed or ``="…"`` cells): each is recognised by its header, needs no mapping, and
    replaces the stored table — all of them staged, validated and shown as the keyed diff first."""
    package = find_package(into)
    report = Report(checks=["import"])
    tables: dict[str, list[dict[str, str]]] = {}
    detected = Detected()
    labels = []
    for source in sources:
        table = read_source(source, encoding=encoding, delimiter=delimiter)
        name = own_table_name(table, package)
        if name is None:
            raise MappingError.coded("import-not-own-table", file=source.name, source=source)
        rows, findings, detected = own_table_rows(table, package.resources[name])
        report.extend(findings)
        report.rows[table.label] = len(rows)
        tables[name] = rows
        labels.append(table.label)
    result = ImportResult(
        source=sources[0], mapping=BUILTIN_MAPPING, report=report, detected=detected, root=package.root
    )
    if not report.valid:
        return result
    stored = {r.get("arende_id", "") for r in read_rows(package.resources["beslut"].path)}
    keys = {r["arende_id"] for r in tables.get("beslut", []) if r.get("arende_id")}
    return write_tables(
        result, package, tables, None, into=into, label=", ".join(labels), imported=keys, stored=stored & keys
    )


def render_text(result: ImportResult, lang: str = "sv") -> str:
    sv = lang != "en"
    lines = [
        f"{'Källa' if sv else 'Source'}: {result.source.name}  ({'mappning' if sv else 'mapping'} {result.mapping})"
    ]
    lines += ["  " + line for line in result.detected.lines(lang)]
    lines.append("")
    if result.redactions:
        lines.append(
            "Borttagna personuppgifter (redaktionslogg):" if sv else "Personal data removed (redaction log):"
        )
        for key, count in sorted(result.redactions.items()):
            label_sv, label_en = REDACTION_LABELS.get(key, (key, key))
            lines.append(f"  {key.split(':')[0]} {label_sv if sv else label_en}: {count}")
        if any(key.endswith("-in-text") for key in result.redactions):
            lines.append(f"  {'Ersatt i fritext med' if sv else 'Replaced in free text by'} {REDACTED!r}")
    else:
        lines.append("Inga personuppgifter hittades." if sv else "No personal data found.")
    lines.append("")
    lines.append(to_text(result.report, lang).rstrip("\n"))
    lines.append("")
    c = result.changes
    if result.ok:
        if result.replace:
            replaced = ", ".join(f"{k} {v}" for k, v in sorted(c.replaced_example_rows.items()))
            lines.append(
                (
                    f"Ersatte befintliga rader ({replaced}); exempeldatamärkningen togs bort ur datapackage.json."
                )
                if sv
                else f"Replaced existing rows ({replaced}); the example-data marking was removed from datapackage.json."
            )
        lines += render_summary(result.diff, c, lang, replace=result.replace)
        written = ", ".join(_shown(p, result.root) for p in result.written)
        lines.append(f"{'Skrev' if sv else 'Wrote'}: {written}")
    else:
        lines.append(
            "Inget skrevs: rätta felen ovan och kör importen igen."
            if sv
            else "Nothing was written: fix the errors above and run the import again."
        )
    return "\n".join(lines) + "\n"


def _shown(path: Path, root: Path | None) -> str:
    """A written file relative to the package root (as the user thinks of it: datasets/beslut.csv)."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def render_json(result: ImportResult, lang: str = "sv") -> str:
    payload = {
        "ok": result.ok,
        "source": result.source.name,
        "mapping": result.mapping,
        "detected": result.detected.to_dict(),
        "redactions": dict(result.redactions),
        "changes": result.changes.to_dict(),
        "diff": result.diff.to_dict() if result.diff is not None else None,
        "written": [_shown(p, result.root) for p in result.written],
        "log": str(result.log_path) if result.ok and result.log_path else None,
        "report": result.report.to_dict(lang),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
