"""The tables with several rows per case, built from an export's cells: ``kommunfordelning`` (equal shares
over the named municipalities), ``finansiering`` (``Org = belopp || Org = belopp``, the region's 1:1 grant and
the recipient's own contribution) and ``utbetalningar`` (payments per year; negative amounts are recoveries).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..report import Severity
from .mapping import Lookup
from .values import Canonical, ValueProblem, as_text, parse_integer, parse_year

if TYPE_CHECKING:
    from .state import ConversionState, Row


def kommunfordelning(conv: ConversionState, key: str, group: list[Row], values: dict[str, str]) -> None:
    if not conv.mapping.kommunfordelning:
        return
    column, separator = conv.mapping.kommunfordelning
    lookup = Lookup(
        table="kommuner", by=("kommunkod", "kommunnamn"), returns="kommunkod", strip=r"(?i)\s+kommun$"
    )
    codes: list[str] = []
    for row in group:
        cell = row.cells.get(column)
        if cell is None:
            continue
        for part in as_text(cell).split(separator):
            part = part.strip()
            if not part:
                continue
            code = conv.resolve(lookup, part)
            if code is None:
                if not conv.reported(row, column):
                    conv.finding(
                        "import-unknown-municipality", Severity.ERROR, row=row, column=column, value=part,
                        target="kommunfordelning", code_list="kommuner", target_field="kommunkod",
                    )  # fmt: skip
            elif code not in codes:
                codes.append(code)
    if not codes and values.get("kommunkod"):
        codes = [values["kommunkod"]]
    for number, code in enumerate(codes):
        share = (
            round(1 / len(codes), 6)
            if number < len(codes) - 1
            else 1 - round(1 / len(codes), 6) * (len(codes) - 1)
        )
        conv.out.tables["kommunfordelning"].append(
            Canonical(
                {"arende_id": key, "kommunkod": code, "andel": f"{share:.6f}".rstrip("0").rstrip(".")},
                source_row=group[0].number,
            )
        )


def financing(conv: ConversionState, key: str, row: Row, values: dict[str, str]) -> None:
    fin = conv.mapping.finansiering
    if fin is None:
        return
    assert conv.out.numbers is not None
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
            conv.finding(
                "import-bad-number",
                Severity.ERROR,
                row=row,
                column=fin.column,
                value=m.group("belopp"),
                target="finansiering",
                target_field="belopp",
                decimal=conv.out.numbers.decimal,
                override="--decimal '.'" if conv.out.numbers.decimal == "," else "--decimal ','",
            )
            continue
        if fin.grant_match.search(name):
            kind, name, orgnr = "region_1_1", fin.grant_financier or name, fin.grant_orgnr
        else:
            kind = next((t for pattern, t in fin.types if pattern.search(name)), fin.default_type)
            orgnr = ""
        entry = rows.setdefault((name, kind), [orgnr, "0"])
        entry[1] = str(int(entry[1]) + amount)
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
            "import-financing-grant", Severity.ERROR, row=row, column=fin.column, target="finansiering",
            financed=sum(int(rows[k][1]) for k in grant_rows), granted=granted,
        )  # fmt: skip
        return
    budget = values.get("stodberattigande_kostnader") or conv.existing.get("beslut", {}).get(key, {}).get(
        "stodberattigande_kostnader", ""
    )
    if not budget:
        if parts:
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


def payments(conv: ConversionState, key: str, group: list[Row]) -> None:
    pay = conv.mapping.utbetalningar
    if pay is None:
        return
    assert conv.out.numbers is not None
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for row in group:
        year_cell, amount_cell = row.cells.get(pay.year), row.cells.get(pay.amount)
        if amount_cell is None and year_cell is None:
            continue
        try:
            year = parse_year(year_cell)
        except ValueProblem:
            conv.finding(
                "import-bad-year",
                Severity.ERROR,
                row=row,
                column=pay.year,
                value=year_cell,
                target="utbetalningar",
            )
            continue
        try:
            amount, rounded = parse_integer(amount_cell, conv.out.numbers)
        except ValueProblem:
            conv.finding(
                "import-bad-number",
                Severity.ERROR,
                row=row,
                column=pay.amount,
                value=amount_cell,
                target="utbetalningar",
                target_field="belopp",
                decimal=conv.out.numbers.decimal,
                override="--decimal '.'" if conv.out.numbers.decimal == "," else "--decimal ','",
            )
            continue
        if rounded:
            conv.finding(
                "import-rounded",
                Severity.WARNING,
                row=row,
                column=pay.amount,
                value=amount_cell,
                target="utbetalningar",
                rounded=amount,
            )
        if amount:
            sums[(year, "aterkrav" if amount < 0 else "utbetalning")] += amount
    for (year, kind), amount in sorted(sums.items()):
        conv.out.tables["utbetalningar"].append(
            Canonical(
                {"arende_id": key, "ar": str(year), "typ": kind, "belopp": str(amount)},
                source_row=group[0].number,
            )
        )
