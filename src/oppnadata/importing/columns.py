"""The export's columns: which are personal and never read (P4), which the mapping ignores, which it needs
but the export lacks (with the override to try when the header looks mis-read)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..privacy import CONTACT_COLUMN
from ..report import Severity
from .reading import override_hint

if TYPE_CHECKING:
    from .convert import Converter


def personal_columns(conv: Converter) -> set[str]:
    """Which columns are personal (dropped unread, P4) and which are read; report the rest."""
    read = conv.mapping.source_columns()
    personal = {c for c in conv.source.header if c in conv.mapping.personal_columns}
    for label in conv.source.header:
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
    duplicates = [label for label, n in Counter(conv.source.header).items() if label and n > 1]
    for label in duplicates:
        if label in read:
            conv.finding("import-duplicate-column", Severity.ERROR, column=label)
    return personal


def check_columns(conv: Converter) -> bool:
    """Required columns the export lacks. False when the import cannot go on."""
    ok = True
    hint = ""

    hint = override_hint(conv.source)
    specs = [*conv.mapping.beslut, *conv.mapping.hallbarhet]
    for spec in specs:
        if not spec.columns or any(c in conv.index for c in spec.columns):
            continue
        has_alternative = spec.fallback or spec.default is not None or spec.rules or spec.value
        required = conv.required(spec)
        if spec.name == "arende_id" or (required and not has_alternative):
            ok = False
            conv.finding(
                "import-missing-column",
                Severity.ERROR,
                target=conv.table_of(spec),
                columns=" / ".join(spec.columns),
                target_field=spec.name,
                found=len(conv.source.header),
                override=hint or "-",
            )
    for extra in (
        conv.mapping.finansiering.column if conv.mapping.finansiering else None,
        conv.mapping.kommunfordelning[0] if conv.mapping.kommunfordelning else None,
    ):
        if extra and extra not in conv.index:
            conv.finding("import-absent-column", Severity.INFO, columns=extra)
    if conv.mapping.utbetalningar:
        for extra in (conv.mapping.utbetalningar.year, conv.mapping.utbetalningar.amount):
            if extra not in conv.index:
                conv.finding("import-absent-column", Severity.INFO, columns=extra)
    return ok
