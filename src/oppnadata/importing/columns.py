"""The export's columns: which are personal and never read (P4), which the mapping ignores, which it needs
but the export lacks (with the override to try when the header looks mis-read)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..report import Severity
from ..validating.privacy import CONTACT_COLUMN
from .reading import override_hint
from .sourcetable import header_key, loose_header_key

if TYPE_CHECKING:
    from .sourcetable import Cell
    from .state import ConversionState, Row


def match_headers(header: Iterable[str], wanted: Iterable[str]) -> dict[str, str]:
    """Which header each wanted column name is, when it is not spelt exactly so: the same letters in
    another case, spacing or punctuation first, then the looser variants; only unambiguous matches."""
    labels = [h for h in header if h]
    exact = set(labels)
    wanted = list(wanted)
    out: dict[str, str] = {}
    taken = exact & set(wanted)  # a header spelt exactly as some wanted name is that one's
    for key in (header_key, loose_header_key):
        by_key: dict[str, list[str]] = {}
        for label in labels:
            by_key.setdefault(key(label), []).append(label)
        for name in wanted:
            if name in exact or name in out:
                continue
            found = [h for h in by_key.get(key(name), []) if h not in taken]
            if len(found) == 1:
                out[name] = found[0]
                taken.add(found[0])
    return out


def personal_columns(conv: ConversionState) -> set[str]:
    """Which columns are personal (dropped unread, P4) and which are read; report the rest."""
    read = conv.mapping.source_columns()
    personal = {c for c in conv.labels if c in conv.mapping.personal_columns}
    for label in conv.labels:
        if not label or label in read or label in personal or label in conv.mapping.ignore_columns:
            continue
        if CONTACT_COLUMN.search(label.replace("-", "_").replace(" ", "_")):
            personal.add(label)  # looks like a contact column the mapping does not know: never read
            conv.finding("import-personal-column-unlisted", Severity.WARNING, column=label, rule="P4")
        else:
            conv.finding("import-unmapped-column", Severity.INFO, column=label)
    conv.out.redactions["P4:personal-column"] += len(personal)
    if not personal:
        del conv.out.redactions["P4:personal-column"]
    duplicates = [label for label, n in Counter(conv.labels).items() if label and n > 1]
    for label in duplicates:
        if label in read:
            conv.finding("import-duplicate-column", Severity.ERROR, column=label)
    return personal


def override_params(conv: ConversionState) -> dict[str, Any]:
    """The sentence that names the override to try when the header looks mis-read — or nothing."""
    hint = override_hint(conv.source)
    if not hint:
        return {"override_sv": "", "override_en": ""}
    return {
        "override_sv": f" Ser rubrikerna fel ut, försök med {hint}.",
        "override_en": f" If the headers look wrong, try {hint}.",
    }


def check_columns(conv: ConversionState) -> bool:
    """Mapped columns the export lacks. Only a missing case id stops the import; any other field the
    export does not carry stays empty for a new case (an error there only if the field is required and
    has no default) and keeps its stored value for a case already in the tables (a warning each)."""
    ok = True
    override = override_params(conv)
    specs = [*conv.mapping.beslut, *conv.mapping.hallbarhet]
    absent: list[str] = []
    needed: list[str] = []
    for spec in specs:
        if not spec.columns or any(c in conv.index for c in spec.columns):
            continue
        has_alternative = bool(spec.fallback or spec.default is not None or spec.rules or spec.value)
        required = conv.required(spec)
        if spec.name == "arende_id":
            ok = False
            conv.finding(
                "import-missing-column", Severity.ERROR, target=conv.table_of(spec),
                columns=" / ".join(spec.columns), target_field=spec.name, found=len(conv.labels), **override,
            )  # fmt: skip
        elif not has_alternative:
            absent.append(f"{conv.table_of(spec)}.{spec.name} ({' / '.join(spec.columns)})")
            if required:
                needed.append(f"{conv.table_of(spec)}.{spec.name}")
    if absent:
        conv.finding(
            "import-absent-field", Severity.WARNING, fields=", ".join(absent), count=len(absent),
            required=", ".join(needed) or "-", **override,
        )  # fmt: skip
    for extra in (
        conv.mapping.finansiering.column if conv.mapping.finansiering else None,
        conv.mapping.kommunfordelning[0] if conv.mapping.kommunfordelning else None,
    ):
        if extra and extra not in conv.index:
            conv.finding("import-absent-column", Severity.INFO, columns=extra)
    fin = conv.mapping.finansiering
    if fin and fin.sheet and fin.sheet.names[0] not in conv.source.side:
        conv.finding(
            "import-absent-sheet", Severity.INFO, target="finansiering", sheet=" / ".join(fin.sheet.names)
        )
    if conv.mapping.utbetalningar:
        for extra in (conv.mapping.utbetalningar.year, conv.mapping.utbetalningar.amount):
            if extra not in conv.index:
                conv.finding("import-absent-column", Severity.INFO, columns=extra)
    return ok


def number_samples(conv: ConversionState, rows: list[Row]) -> list[Cell]:
    """The cells of every number the mapping reads (amounts, the financing text's amounts, a financier
    sheet's), from which the export's decimal mark and thousands separators are guessed."""
    names = [c for s in conv.mapping.beslut if s.parse == "integer" for c in s.columns]
    if conv.mapping.utbetalningar:
        names.append(conv.mapping.utbetalningar.amount)
    samples: list[Cell] = [r.cells.get(c) for r in rows for c in names]
    fin = conv.mapping.finansiering
    if fin and not fin.sheet:
        for r in rows:
            text = r.cells.get(fin.column)
            if isinstance(text, str):
                for part in text.split(fin.separator):
                    m = fin.pattern.match(part.strip())
                    if m:
                        samples.append(m.group("belopp"))
    if fin and conv.financiers:
        samples += [r.cells.get("belopp") for group in conv.financiers.values() for r in group]
    return samples
