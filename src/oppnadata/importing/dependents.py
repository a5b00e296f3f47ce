"""The tables with several rows per case, built from an export's cells: ``kommunfordelning`` (equal shares
over the named municipalities) and ``utbetalningar`` (payments per year; negative amounts are recoveries);
``finansiering`` is in :mod:`.financing`.
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
