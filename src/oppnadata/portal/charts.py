"""Bar charts as inline SVG, computed at build time: geometry here, markup in ``templates/macros.html``.

A chart is horizontal bars, one row per category and one bar per series in each row (granted and paid, say).
Everything is laid out in a fixed ``viewBox`` with coordinates rounded to one decimal, so the same numbers give
the same bytes. The template renders the numbers as a table beside the SVG (the chart's text alternative), so
no value is only in the picture.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 250
VALUE_SPACE = 96  # room right of the longest bar for its value label
BAR_HEIGHT = 16
BAR_GAP = 3
ROW_GAP = 12
LEGEND_HEIGHT = 28
MAX_LABEL = 34


@dataclass(frozen=True)
class Bar:
    series: int
    value: int
    x: str
    y: str
    width: str
    height: str
    text_x: str
    text_y: str
    text: str


@dataclass(frozen=True)
class Row:
    label: str  # the full label (table, <title>)
    short: str  # the label drawn in the SVG
    label_y: str
    bars: tuple[Bar, ...]
    values: tuple[int, ...]
    cells: tuple[str, ...]  # the values formatted for the table


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    series: tuple[str, ...]
    rows: tuple[Row, ...]
    width: int
    height: int
    legend_y: str
    label_width: int
    totals: tuple[int, ...]
    total_cells: tuple[str, ...]
    total_label: str


def _n(value: float) -> str:
    return f"{value:.1f}"


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
    """Lay out ``rows`` (label, one value per series) as horizontal bars scaled to the largest value.

    ``short`` formats a value for the label beside its bar, ``full`` for the numbers table. With
    ``total_label`` the table gets a totals row.
    """
    count = len(series)
    top = LEGEND_HEIGHT if count > 1 else 4
    largest = max((v for _, values in rows for v in values), default=0)
    scale = (WIDTH - LABEL_WIDTH - VALUE_SPACE) / largest if largest > 0 else 0.0
    row_height = count * BAR_HEIGHT + (count - 1) * BAR_GAP
    laid: list[Row] = []
    y = float(top)
    for label, values in rows:
        if len(values) != count:
            raise ValueError(f"row {label!r} has {len(values)} values for {count} series")
        bars = []
        for index, value in enumerate(values):
            bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
            width = max(value, 0) * scale
            bars.append(
                Bar(
                    series=index,
                    value=value,
                    x=_n(LABEL_WIDTH),
                    y=_n(bar_y),
                    width=_n(width),
                    height=_n(BAR_HEIGHT),
                    text_x=_n(LABEL_WIDTH + width + 6),
                    text_y=_n(bar_y + BAR_HEIGHT - 4),
                    text=short(value),
                )
            )
        laid.append(
            Row(
                label=label,
                short=shorten(label),
                label_y=_n(y + row_height / 2 + 5),
                bars=tuple(bars),
                values=tuple(values),
                cells=tuple(full(v) for v in values),
            )
        )
        y += row_height + ROW_GAP
    totals = tuple(sum(values[i] for _, values in rows) for i in range(count))
    return Chart(
        id=chart_id,
        title=title,
        series=tuple(series),
        rows=tuple(laid),
        width=WIDTH,
        height=int(y - ROW_GAP + 8) if rows else top + 8,
        legend_y="16.0",
        label_width=LABEL_WIDTH,
        totals=totals if total_label else (),
        total_cells=tuple(full(v) for v in totals) if total_label else (),
        total_label=total_label,
    )
