"""Bar charts computed at build time: the geometry here, the markup in ``templates/macros.html``.

A chart is horizontal bars, one row per category and one bar per series in each row (granted and paid, say).
The labels and values are HTML text (so they keep the page's font size on a phone and reflow at 320 px); each
row's bars are a small SVG whose length is the value's share of the largest value on a fixed scale of
:data:`SCALE`. Series differ in more than colour: the first is a solid bar, the second an outlined one. Lengths
are rounded to one decimal, so the same numbers give the same bytes. The template renders the numbers as a
table beside the bars (the chart's text alternative), so no value is only in the picture.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

SCALE = 1000
BAR_HEIGHT = 12
BAR_GAP = 4


@dataclass(frozen=True)
class Bar:
    series: int
    value: int
    length: str  # 0 … SCALE
    y: str
    text: str


@dataclass(frozen=True)
class Row:
    label: str
    bars: tuple[Bar, ...]
    values: tuple[int, ...]
    cells: tuple[str, ...]  # the values formatted for the table


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    series: tuple[str, ...]
    rows: tuple[Row, ...]
    height: int  # of one row's SVG
    bar_height: int
    totals: tuple[int, ...]
    total_cells: tuple[str, ...]
    total_label: str


def _n(value: float) -> str:
    return f"{value:.1f}"


def bar_chart(
    chart_id: str,
    title: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]]],
    *,
    short: Callable[[int], str],
    full: Callable[[int], str],
    total_label: str = "",
) -> Chart:
    """Lay out ``rows`` (label, one value per series) as bars scaled to the largest value.

    ``short`` formats a value for the label beside its bar, ``full`` for the numbers table. With
    ``total_label`` the table gets a totals row.
    """
    count = len(series)
    largest = max((v for _, values in rows for v in values), default=0)
    scale = SCALE / largest if largest > 0 else 0.0
    laid: list[Row] = []
    for label, values in rows:
        if len(values) != count:
            raise ValueError(f"row {label!r} has {len(values)} values for {count} series")
        bars = tuple(
            Bar(
                series=index,
                value=value,
                length=_n(max(value, 0) * scale),
                y=_n(index * (BAR_HEIGHT + BAR_GAP) + 1),
                text=short(value),
            )
            for index, value in enumerate(values)
        )
        laid.append(Row(label=label, bars=bars, values=tuple(values), cells=tuple(full(v) for v in values)))
    totals = tuple(sum(values[i] for _, values in rows) for i in range(count))
    return Chart(
        id=chart_id,
        title=title,
        series=tuple(series),
        rows=tuple(laid),
        height=count * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + 2,
        bar_height=BAR_HEIGHT,
        totals=totals if total_label else (),
        total_cells=tuple(full(v) for v in totals) if total_label else (),
        total_label=total_label,
    )
