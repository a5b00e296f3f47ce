"""The over-time view of a municipality or a recipient organisation: amount granted per decision year and
support form (the group page already has granted and paid per year, as a chart and a table).

A municipality's figures are its parts (``Decision.parts``, split as ``kommunfordelning`` says, the same as the
derived table ``totaler_ar_stodform_kommun``); a recipient's are its decisions' whole amounts. Withdrawn decisions
do not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import texts
from .catalog import Group


@dataclass(frozen=True)
class OverTime:
    years: list[str]
    forms: list[str]
    cells: dict[tuple[str, str], tuple[int, int]]  # (year, form) -> (decisions, granted)

    def year_total(self, year: str) -> int:
        return sum(self.cells.get((year, f), (0, 0))[1] for f in self.forms)


def over_time(group: Group) -> OverTime:
    cells: dict[tuple[str, str], list[int]] = {}
    for d in group.decisions:
        if d.withdrawn:
            continue
        granted = d.parts[group.key][0] if group.kind == "kommun" else d.granted
        cell = cells.setdefault((d.year, d.stodform), [0, 0])
        cell[0] += 1
        cell[1] += granted
    present = {form for _, form in cells}
    return OverTime(
        years=sorted({year for year, _ in cells}),
        forms=[f for f in texts.STODFORM if f in present] + sorted(present - set(texts.STODFORM)),
        cells={key: (v[0], v[1]) for key, v in cells.items()},
    )
