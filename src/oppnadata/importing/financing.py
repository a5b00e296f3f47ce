"""The financing table from an export: ``Org = belopp || Org = belopp`` in a cell (Projektbanken), or a sheet
with one row per financier and case (Nyps ``finans``); the region's 1:1 grant and the recipient's own
contribution (what the budget leaves) either way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..report import Severity
from ..validating.privacy import SOLE_TRADER_NAME
from .columns import match_headers
from .mapping import FINANCIER_TYPES
from .reading import Cell
from .state import ConversionState, Row, SideOrigin
from .values import Canonical, ValueProblem, as_text, parse_integer

TOTALS = re.compile(r"(?i)^(summa|s:a|total|tot\.)")  # a totals row's first cell, never a case id


def keyless(conv: ConversionState, row: Row, key: str, column: str | None) -> bool:
    """A totals row ("Summa", "Totalt") or a row without a case id: never a record; a warning at its row
    when it holds anything."""
    if key and not TOTALS.match(key):
        return False
    if key or any(c is not None for c in row.cells.values()):
        conv.finding(
            "import-totals-row" if key else "import-row-without-key", Severity.WARNING, row=row, column=column,
            value=key or None, target="finansiering" if row.origin else "beslut",
        )  # fmt: skip
    return True


def unknown_cases(conv: ConversionState, cases: set[str]) -> None:
    """Financing of a case the main sheet does not have is not read: a warning at its first row."""
    for key, group in (conv.financiers or {}).items():
        if key not in cases:
            conv.finding(
                "import-financier-unknown-case", Severity.WARNING, row=group[0], column="arende_id", value=key,
                target="finansiering", main=conv.source.label,
            )  # fmt: skip


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def financier_rows(
    conv: ConversionState, missing: set[str], seen_missing: Counter[str]
) -> dict[str, list[Row]] | None:
    """The rows of a sheet with one row per financier and case (Nyps ``finans``), by case id — or None when
    the mapping reads no such sheet or the workbook lacks it: then the import does not touch financing."""
    fin = conv.mapping.finansiering
    if fin is None or fin.sheet is None:
        return None
    sheet = conv.source.side.get(fin.sheet.names[0])
    if sheet is None:
        return None
    spec = fin.sheet
    personal = set(conv.mapping.personal_columns)
    aliases = match_headers(
        sheet.header, [*spec.columns(), *conv.mapping.personal_columns, *conv.mapping.ignore_columns]
    )
    reverse = {header: name for name, header in aliases.items()}
    labels = [reverse.get(h, h) for h in sheet.header]
    wanted = {"arende_id": spec.key, "finansiar": spec.financier, "belopp": spec.amount,
              "organisationsnummer": spec.organisationsnummer, "finansiarstyp": spec.type_columns}  # fmt: skip
    chosen = {f: next((n for n in names if n in labels), None) for f, names in wanted.items()}
    at = {f: labels.index(c) for f, c in chosen.items() if c is not None}
    origin = SideOrigin(
        label=sheet.label,
        positions={f: i + 1 for f, i in at.items()},
        headers={f: sheet.header[i] for f, i in at.items()},
    )
    redacted = sum(1 for label in labels if label in personal)
    if redacted:
        conv.out.redactions["P4:personal-column"] += redacted
    lacking = [f for f in ("arende_id", "finansiar", "belopp") if chosen[f] is None]
    if lacking:
        conv.finding(
            "import-financier-sheet-column", Severity.ERROR, row=Row({}, sheet.row_numbers[0] if sheet.row_numbers
            else 1, origin=origin), target="finansiering", sheet=sheet.label,
            columns="; ".join(f"{f} ({' / '.join(wanted[f])})" for f in lacking),
            found=", ".join(h for h in sheet.header if h) or "-",
        )  # fmt: skip
        return {}
    groups: dict[str, list[Row]] = {}
    markers = {m.casefold(): m for m in conv.mapping.missing_values}
    for cells, number in zip(sheet.rows, sheet.row_numbers, strict=True):
        by_name: dict[str, Cell] = {}
        for f, i in at.items():
            cell = cells[i] if i < len(cells) else None
            if isinstance(cell, str) and cell.strip().casefold() in missing:
                seen_missing[markers[cell.strip().casefold()]] += 1
                cell = None
            elif isinstance(cell, str) and not cell.strip():
                cell = None
            by_name[f] = cell
        row = Row(by_name, number, origin=origin)
        case = (
            re.sub(r"\s", "", as_text(by_name["arende_id"])) if by_name.get("arende_id") is not None else ""
        )
        if isinstance(by_name.get("arende_id"), float) and float(by_name["arende_id"]).is_integer():  # type: ignore[arg-type]
            case = str(int(by_name["arende_id"]))  # type: ignore[arg-type]
        if keyless(conv, row, case, "arende_id"):
            continue
        row.key = case
        groups.setdefault(case, []).append(row)
    return groups


def _from_text(conv: ConversionState, row: Row) -> tuple[dict[tuple[str, str], list[str]], bool, bool]:
    """The financiers of ``Org = belopp || Org = belopp``: (name, type) → [orgnr, amount]; all parsed;
    any listed."""
    fin = conv.mapping.finansiering
    assert fin is not None and conv.out.numbers is not None
    cell = row.cells.get(fin.column)
    parts = [p.strip() for p in as_text(cell).split(fin.separator)] if cell is not None else []
    rows: dict[tuple[str, str], list[str]] = {}
    ok = True
    for part in (p for p in parts if p):
        m = fin.pattern.match(part)
        if not m:
            ok = False
            conv.finding(
                "import-bad-financing",
                Severity.ERROR,
                row=row,
                column=fin.column,
                value=part,
                target="finansiering",
            )
            continue
        name = conv.scrub(
            " ".join(m.group("finansiar").split()), row, fin.column, "finansiering", "finansiar"
        )
        try:
            amount, _ = parse_integer(m.group("belopp").strip(), conv.out.numbers)
        except ValueProblem:
            ok = False
            _bad_amount(conv, row, fin.column, m.group("belopp"))
            continue
        if fin.grant_match.search(name):
            kind, name, orgnr = "region_1_1", fin.grant_financier or name, fin.grant_orgnr
        else:
            kind = next((t for pattern, t in fin.types if pattern.search(name)), fin.default_type)
            orgnr = ""
        entry = rows.setdefault((name, kind), [orgnr, "0"])
        entry[1] = str(int(entry[1]) + amount)
    return rows, ok, any(parts)


def _bad_amount(conv: ConversionState, row: Row, column: str, value: Cell) -> None:
    assert conv.out.numbers is not None
    conv.finding(
        "import-bad-number", Severity.ERROR, row=row, column=column, value=value, target="finansiering",
        target_field="belopp", decimal=conv.out.numbers.decimal,
        override="--decimal '.'" if conv.out.numbers.decimal == "," else "--decimal ','",
    )  # fmt: skip


def _from_sheet(
    conv: ConversionState, key: str, values: dict[str, str]
) -> tuple[dict[tuple[str, str], list[str]], bool, bool, Row | None]:
    """The financiers a sheet with one row per financier gives the case: (name, type) → [orgnr, amount];
    all parsed; any listed; the row of the region's grant (findings about the grant point there)."""
    fin = conv.mapping.finansiering
    assert fin is not None and fin.sheet is not None and conv.out.numbers is not None
    entries = (conv.financiers or {}).get(key, [])
    stored = conv.existing.get("beslut", {}).get(key, {})
    rows: dict[tuple[str, str], list[str]] = {}
    ok, grant_row = True, None
    kinds = {_fold(k): v for k, v in fin.sheet.type_values.items()}
    for entry in entries:
        name_cell, amount_cell = entry.cells.get("finansiar"), entry.cells.get("belopp")
        if amount_cell is None:
            if name_cell is not None:
                ok = False
                _missing(conv, entry, "belopp", fin.sheet.amount)
            continue
        try:
            amount, rounded = parse_integer(amount_cell, conv.out.numbers)
        except ValueProblem:
            ok = False
            _bad_amount(conv, entry, "belopp", amount_cell)
            continue
        if rounded:
            conv.finding(
                "import-rounded", Severity.WARNING, row=entry, column="belopp", value=amount_cell,
                target="finansiering", rounded=amount,
            )  # fmt: skip
        kind: str | None = None
        type_cell = entry.cells.get("finansiarstyp")
        if type_cell is not None:
            text = as_text(type_cell)
            kind = kinds.get(_fold(text), text if text in FINANCIER_TYPES else None)
            if kind is None and kinds:
                ok = False
                conv.finding(
                    "import-unknown-code", Severity.ERROR, row=entry, column="finansiarstyp", value=text,
                    target="finansiering", code_list="finansiarstyper", target_field="finansiarstyp",
                )  # fmt: skip
                continue
        name = (
            conv.scrub(" ".join(as_text(name_cell).split()), entry, "finansiar", "finansiering", "finansiar")
            if (name_cell is not None)
            else ""
        )
        orgnr = ""
        if entry.cells.get("organisationsnummer") is not None:
            probe: dict[str, str] = {}
            orgnr = conv._orgnr(
                as_text(entry.cells["organisationsnummer"]), entry, "organisationsnummer", probe
            )
            if probe.get("_sole_trader"):  # a sole trader co-financing: name and number are personal
                conv.out.redactions["P3:sole-trader"] += 1
                name, orgnr = SOLE_TRADER_NAME, ""
        if not kind:
            if fin.grant_match.search(name):
                kind = "region_1_1"
            else:
                kind = next((t for pattern, t in fin.types if pattern.search(name)), fin.default_type)
        if kind == "region_1_1":
            name, orgnr, grant_row = fin.grant_financier or name, orgnr or fin.grant_orgnr, entry
        elif kind == (fin.remainder or "egen_insats"):  # the recipient's own part is the recipient's
            name = values.get("stodmottagare") or stored.get("stodmottagare", "") or name
            orgnr = values.get("organisationsnummer") or stored.get("organisationsnummer", "") or orgnr
        if not name:
            ok = False
            _missing(conv, entry, "finansiar", fin.sheet.financier)
            continue
        got = rows.setdefault((name, kind), [orgnr, "0"])
        got[0] = got[0] or orgnr
        got[1] = str(int(got[1]) + amount)
    return rows, ok, bool(entries), grant_row


def financing(conv: ConversionState, key: str, row: Row, values: dict[str, str]) -> None:
    fin = conv.mapping.finansiering
    if fin is None:
        return
    assert conv.out.numbers is not None
    grant_at: Row = row
    grant_column: str | None = fin.column
    if fin.sheet is not None:
        if conv.financiers is None:
            return  # the workbook has no financier sheet: the stored financing stays as it is
        rows, ok, listed, grant_row = _from_sheet(conv, key, values)
        if grant_row is not None:
            grant_at, grant_column = grant_row, "belopp"
    else:
        rows, ok, listed = _from_text(conv, row)
    if not ok:
        return
    granted = values.get("beviljat_belopp") or conv.existing.get("beslut", {}).get(key, {}).get(
        "beviljat_belopp", ""
    )
    grant_rows = [k for k in rows if k[1] == "region_1_1"]
    if not grant_rows and granted and fin.grant_financier:
        rows[(fin.grant_financier, "region_1_1")] = [fin.grant_orgnr, granted]
    elif grant_rows and granted and sum(int(rows[k][1]) for k in grant_rows) != int(granted):
        conv.finding(
            "import-financing-grant", Severity.ERROR, row=grant_at, column=grant_column, target="finansiering",
            financed=sum(int(rows[k][1]) for k in grant_rows), granted=granted,
        )  # fmt: skip
        return
    budget = values.get("stodberattigande_kostnader") or conv.existing.get("beslut", {}).get(key, {}).get(
        "stodberattigande_kostnader", ""
    )
    if not budget:
        if listed:
            conv.finding(
                "import-financing-incomplete",
                Severity.WARNING,
                row=row,
                column=fin.column,
                target="finansiering",
            )
        return
    rest = int(budget) - sum(int(v[1]) for v in rows.values())
    if rest < 0:
        conv.finding(
            "import-financing-exceeds", Severity.ERROR, row=row, column=fin.column, target="finansiering",
            total=int(budget) - rest, budget=budget,
        )  # fmt: skip
        return
    remainder: tuple[str, str] | None = None
    if rest > 0 and fin.remainder:
        stored = conv.existing.get("beslut", {}).get(key, {})
        recipient = values.get("stodmottagare") or stored.get("stodmottagare", "")
        orgnr = values.get("organisationsnummer") or stored.get("organisationsnummer", "")
        remainder = (recipient, fin.remainder)
        entry = rows.setdefault(remainder, [orgnr, "0"])
        entry[1] = str(int(entry[1]) + rest)
    for (name, kind), (orgnr, total) in rows.items():
        conv.out.tables["finansiering"].append(
            Canonical(
                {
                    "arende_id": key,
                    "finansiar": name,
                    "finansiar_organisationsnummer": orgnr,
                    "finansiarstyp": kind,
                    "belopp": total,
                },
                # the recipient's own part is what is left of the budget: recomputed on a merge
                approx={"belopp"} if (name, kind) == remainder else set(),
                source_row=row.number,
            )
        )


def _missing(conv: ConversionState, entry: Row, field: str, columns: Sequence[str]) -> None:
    """A financier row of the sheet without its ``field`` (the export's ``columns`` for it): the row is not read."""
    conv.finding(
        "import-missing-required", Severity.ERROR, row=entry, column=field, target="finansiering",
        target_field=field, columns=" / ".join(columns),
    )  # fmt: skip
