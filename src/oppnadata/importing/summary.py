"""What an import does, said before it is committed: the keyed diff of the tables before and after it
(:mod:`oppnadata.releasing.diffing`, the same diff ``oppnadata diff`` and the release's changelog show), and the
findings that only the merge or the staged package can see, pointed at the export's rows.
"""

from __future__ import annotations

import dataclasses

from ..descriptor import PackageSpec
from ..identifiers import mask_text
from ..releasing.changelog import render_text
from ..releasing.diffing import Diff, diff, open_side
from ..report import Finding, Severity
from .merge import KEYED_BY_CASE, SOURCE_ROW, Changes, MergeProblem, Staged, read_rows


def stored_cases(package: PackageSpec) -> dict[str, dict[str, dict[str, str]]]:
    """The stored rows of the one-row-per-case tables, by arende_id."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for name in KEYED_BY_CASE:
        if name in package.resources:
            out[name] = {r["arende_id"]: r for r in read_rows(package.resources[name].path)}
    return out


def merge_findings(problems: list[MergeProblem], label: str, mapping: str) -> list[Finding]:
    return [
        Finding(
            code=p.code,
            severity=Severity.ERROR if p.error else Severity.WARNING,
            resource=label,
            path=label,
            row=p.source_row or None,
            key=p.key,
            check="import",
            params={"mapping": mapping, "table": p.table, **p.params},
        )
        for p in problems
    ]


def in_result(
    finding: Finding, tables: dict[str, list[dict[str, str]]], package: PackageSpec, label: str
) -> Finding:
    """A finding of the staged package, pointed at the export: the staged file is written only if the
    import goes through, so its row numbers mean nothing to the maintainer — the export's row does."""
    names = {spec.relpath: name for name, spec in package.resources.items()}
    name = names.get(finding.path or "")
    if name is None or name not in tables:
        return finding
    source_row = None
    if finding.row is not None and 2 <= finding.row <= len(tables[name]) + 1:
        source_row = tables[name][finding.row - 2].get(SOURCE_ROW)
    if source_row:
        where = f"{finding.path} (i resultatet, från {label} rad {source_row} / in the result, from {label} row {source_row})"
        return dataclasses.replace(finding, path=where, row=None, column=None)
    return dataclasses.replace(finding, path=f"{finding.path} (i resultatet / in the result)")


def keyed_diff(package: PackageSpec, staged: Staged) -> Diff:
    """The tables before and after the import, compared as ``oppnadata diff`` compares two versions."""
    before = dataclasses.replace(
        open_side(package.descriptor_path), label="före importen / before the import"
    )
    after = dataclasses.replace(
        open_side(staged.root / package.descriptor_path.name), label="efter importen / after the import"
    )
    return diff(before, after)


def summarise(result: Diff, changes: Changes, imported: set[str], stored: set[str]) -> None:
    """Fill the log's summary of the decisions from the diff (one diff, not a second one)."""
    touched: set[str] = set()
    for name, table in result.tables.items():
        changes.tables[name] = table.counts()
        for item in [*table.corrected, *table.withdrawn]:
            touched.add(item.key[0])
        if name != "beslut":
            touched.update(key[0] for key in table.added)
    beslut = result.tables.get("beslut")
    if beslut is not None:
        changes.added = [k[0] for k in beslut.added]
        changes.withdrawn = [item.key[0] for item in beslut.withdrawn]
        for item in [*beslut.corrected, *beslut.withdrawn]:
            changes.changed[item.key[0]] = [(c.field, c.old, c.new) for c in item.changes]
    changes.not_in_source = len(stored - imported)
    changes.unchanged = len((imported & stored) - touched)


_WORDS = {
    "added": ("tillagda", "added"),
    "corrected": ("rättade", "corrected"),
    "withdrawn": ("återkallade", "withdrawn"),
    "removed": ("borttagna", "removed"),
}


def render_summary(result: Diff | None, changes: Changes, lang: str, *, replace: bool = False) -> list[str]:
    """The decisions' counts, then the keyed diff per table (for ``--replace``, its counts only: every
    example row goes)."""
    sv = lang != "en"
    c = changes
    lines = [
        f"{'Ärenden' if sv else 'Cases'}: {'tillagda' if sv else 'added'} {len(c.added)}, "
        f"{'rättade' if sv else 'corrected'} {len(c.changed) - len(c.withdrawn)}, "
        f"{'återkallade' if sv else 'withdrawn'} {len(c.withdrawn)}, "
        f"{'oförändrade' if sv else 'unchanged'} {c.unchanged}, "
        f"{'ej i källan (orörda)' if sv else 'not in the source (untouched)'} {c.not_in_source}"
    ]
    if result is not None and replace:
        for name, table in sorted(result.tables.items()):
            counts = table.counts()
            if any(counts.values()):
                lines.append(
                    f"  {name}: "
                    + ", ".join(f"{_WORDS[k][0 if sv else 1]} {n}" for k, n in counts.items() if n)
                )
    elif result is not None and not result.first_release:
        lines.append("")
        lines += [mask_text(line) for line in render_text(result, lang).rstrip("\n").split("\n")]
    return lines
