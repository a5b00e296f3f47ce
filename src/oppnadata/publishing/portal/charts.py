"""Bar charts computed at build time: the geometry, and the markup (:func:`chart_html`, which the templates' ``chart``
macro in ``templates/macros.html`` calls).

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

from markupsafe import Markup

from .escaping import as_markup as _e

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


def chart_html(c: Chart, t: dict[str, str], en: bool = False, foreign: bool = False) -> Markup:
    """The chart's markup: a legend (more than one series), the bars, and the numbers as a table in a
    ``<details>``. ``foreign`` labels are Swedish names, marked ``lang="sv"`` on an English page. The templates'
    ``chart`` macro (templates/macros.html) calls this, and so do the pages written without templates."""
    sv = ' lang="sv"' if foreign and en else ""
    cid, title = _e(c.id), _e(c.title)
    out = [
        f'<figure class="chart" id="{cid}" aria-labelledby="{cid}-title">\n'
        f'<p class="chart-title" id="{cid}-title">{_e(t["chart_of"])}: {title}</p>\n'
    ]
    if len(c.series) > 1:
        out.append('<ul class="legend">\n')
        for index, name in enumerate(c.series):
            out.append(
                '<li><svg class="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" '
                f'focusable="false"><rect class="s{index}" x="1" y="1" width="14" height="14"></rect></svg> '
                f"{_e(name)}</li>\n"
            )
        out.append("</ul>\n")
    out.append('<div class="bars" aria-hidden="true">\n')
    for row in c.rows:
        bars = "".join(
            f'<rect class="s{bar.series}" x="1" y="{_e(bar.y)}" width="{_e(bar.length)}" height="{c.bar_height}" '
            f'data-value="{bar.value}" vector-effect="non-scaling-stroke"></rect>'
            for bar in row.bars
        )
        values = "".join(f'<span class="v{bar.series}">{_e(bar.text)}</span>' for bar in row.bars)
        out.append(
            f'<div class="bar-row"><span class="bar-label"{sv}>{_e(row.label)}</span><svg class="bar" '
            f'viewBox="0 0 1000 {c.height}" preserveAspectRatio="none" focusable="false">{bars}</svg>'
            f'<span class="bar-values">{values}</span></div>\n'
        )
    numbers = _e(t["numbers"])
    heads = "".join(f'<th scope="col">{_e(name)}</th>' for name in c.series)
    out.append(
        "</div>\n<figcaption>\n<details>\n"
        f"<summary>{numbers}: {title}</summary>\n"
        f'<div class="scroll" role="region" aria-label="{numbers}: {title}" tabindex="0">\n'
        '<table class="numbers">\n'
        f'<thead><tr><th scope="col">{_e(t["label_col"])}</th>{heads}</tr></thead>\n'
        "<tbody>\n"
    )
    for row in c.rows:
        cells = "".join(
            f'<td class="num" data-value="{value}">{_e(cell)}</td>'
            for value, cell in zip(row.values, row.cells, strict=True)
        )
        out.append(f'<tr><th scope="row"{sv}>{_e(row.label)}</th>{cells}</tr>\n')
    out.append("</tbody>\n")
    if c.total_label:
        cells = "".join(
            f'<td class="num" data-value="{value}">{_e(cell)}</td>'
            for value, cell in zip(c.totals, c.total_cells, strict=True)
        )
        out.append(f'<tfoot><tr><th scope="row">{_e(c.total_label)}</th>{cells}</tr></tfoot>\n')
    out.append("</table>\n</div>\n</details>\n</figcaption>\n</figure>\n")
    return Markup("".join(out))
