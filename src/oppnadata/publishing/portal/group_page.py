"""One page per recipient organisation, municipality, support type and strategic area (``<kind>/<key>/``),
written without a template engine.

There are tens of thousands of recipient organisations at national scale (about 53 000 at 100 000 decisions),
each with a page in both languages, so the page is assembled from strings like the decision page
(:mod:`.decision_page`): the site's layout is rendered once per language and kind with placeholders, and each
group's content is formatted here with :func:`.escaping.as_markup`, the escaping the templates use. The few
municipality-only parts (the tile map and the 2024:99 results) are rendered by their templates
(``kommun_tiles.html``, ``kommun_results.html``) and put in their place. The bar chart is
:func:`.charts.chart_html`, the one the templates' ``chart`` macro calls.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from . import charts, texts
from .catalog import Decision, Group
from .decision_page import ID, TITLE
from .escaping import as_markup
from .overtime import OverTime

LISTED = 200  # decisions listed on a group's page; the rest are one link away in the list
KIND_FILTER = {"mottagare": "m", "kommun": "kommun", "stodtyp": "stodtyp", "strategiomrade": "omrade"}


@dataclass(frozen=True)
class Layout:
    """The page around a group's content, for one language and kind (``head``/``tail`` hold the ID and TITLE
    placeholders of :mod:`.decision_page`)."""

    lang: str
    kind: str
    head: str
    tail: str
    page: str  # from a group page to the root of its language's pages
    version: str  # the current release's version
    projektbanken: list[tuple[str, str]]  # (url, title) of the links to Projektbanken


_e = as_markup


def render(
    layout: Layout,
    group: Group,
    title: str,
    chart: charts.Chart,
    over_time: OverTime | None,
    kommun: dict[str, str],
) -> str:
    """The page of ``group``; ``kommun`` holds the municipality-only fragments (``tiles``, ``results``)."""
    lang, kind, page = layout.lang, layout.kind, layout.page
    t = texts.texts(lang)

    def kr(n: int) -> str:
        return _e(texts.kronor(n, lang))

    def num(n: int) -> str:
        return _e(texts.number(n, lang))

    key = _e(group.key)
    granted, paid, count = group.granted, group.paid, group.count
    years = group.per_year
    out = [
        f"<h1>{_e(title)}</h1>\n"
        f'<p class="crumbs"><a href="{_e(page + kind + "/index.html")}">{_e(t["groups_" + kind])}</a>'
        + (f" › {_e(t['orgnr'])} {key}" if kind == "mottagare" else "")
        + "</p>\n"
        '<dl class="figures">\n'
        f'<div><dt>{_e(t["granted_total"])}</dt><dd id="total-beviljat" data-value="{granted}">{kr(granted)}</dd></div>\n'
        f'<div><dt>{_e(t["paid_total"])}</dt><dd id="total-utbetalt" data-value="{paid}">{kr(paid)}</dd></div>\n'
        f'<div><dt>{_e(t["decisions_count"])}</dt><dd id="antal-beslut" data-value="{count}">{num(count)}</dd></div>\n'
        "</dl>\n"
        + (
            f"{kommun['tiles']}<p>{_e(t['kommun_note'])}</p>"
            if kind == "kommun"
            else f"<p>{_e(t['group_note'])}</p>"
        )
        + '<section aria-labelledby="ar-h">\n'
        f'<h2 id="ar-h">{_e(t["per_year_table"])}</h2>\n'
        '<div class="scroll" role="region" aria-labelledby="ar-h" tabindex="0">\n'
        '<table class="numbers" id="per-ar-tabell">\n'
        f'<thead><tr><th scope="col">{_e(t["year"])}</th><th scope="col">{_e(t["decisions_count"])}</th>'
        f'<th scope="col">{_e(t["granted"])}</th><th scope="col">{_e(t["paid_in_year"])}</th>'
        f'<th scope="col">{_e(t["paid_on_year"])}</th></tr></thead>\n'
        "<tbody>\n"
    ]
    for y in years:
        year = _e(y.year)
        out.append(
            f'<tr id="ar-{year}"><th scope="row">{year}</th><td class="num" data-value="{y.decisions}">'
            f'{num(y.decisions)}</td><td class="num" data-value="{y.granted}">{kr(y.granted)}</td>'
            f'<td class="num" data-value="{y.paid}">{kr(y.paid)}</td><td class="num" '
            f'data-value="{y.paid_on_granted}">{kr(y.paid_on_granted)}</td></tr>\n'
        )
    out.append(
        "</tbody>\n"
        f'<tfoot><tr><th scope="row">{_e(t["total"])}</th><td class="num">{num(sum(y.decisions for y in years))}'
        f'</td><td class="num">{kr(granted)}</td><td class="num">{kr(paid)}</td><td class="num">'
        f"{kr(sum(y.paid_on_granted for y in years))}</td></tr></tfoot>\n"
        "</table>\n</div>\n"
        f'<p class="note">{_e(t["per_year_note"])}</p>\n'
        f"{charts.chart_html(chart, t)}\n"
        "</section>\n"
    )
    if over_time is not None and len(over_time.forms) > 1:
        out.append(_over_time(t, lang, kind, over_time, num, kr))
    forms = [(f, group.by_form[f]) for f in texts.STODFORM if f in group.by_form]
    if len(forms) > 1:
        out.append(
            '<section aria-labelledby="form-h">\n'
            f'<h2 id="form-h">{_e(t["by_form"])}</h2>\n'
            '<div class="scroll" role="region" aria-labelledby="form-h" tabindex="0">\n'
            '<table class="numbers" id="per-stodform-tabell">\n'
            f'<thead><tr><th scope="col">{_e(t["form"])}</th><th scope="col">{_e(t["decisions_count"])}</th>'
            f'<th scope="col">{_e(t["granted"])}</th><th scope="col">{_e(t["paid"])}</th></tr></thead>\n'
            "<tbody>\n"
        )
        for f, v in forms:
            out.append(
                f'<tr><th scope="row">{_e(texts.label(texts.STODFORM, f, lang))}</th><td class="num">{num(v[0])}'
                f'</td><td class="num" data-value="{v[1]}">{kr(v[1])}</td><td class="num" data-value="{v[2]}">'
                f"{kr(v[2])}</td></tr>\n"
            )
        out.append("</tbody>\n</table>\n</div>\n</section>\n")
    if kind == "kommun":
        out.append(kommun["results"])
    total = len(group.decisions)
    listed = group.decisions[:LISTED]
    more = (
        _e(t["listed_newest"].format(shown=num(len(listed)), total=num(total))) + " "
        if total > len(listed)
        else ""
    )
    out.append(
        '<section aria-labelledby="beslut-h">\n'
        f'<h2 id="beslut-h">{_e(t["its_decisions"])}</h2>\n'
        f'<p>{more}<a href="{_e(page + "beslut/index.html")}#{_e(KIND_FILTER[kind])}={key}">'
        f"{_e(t['all_in_list'].format(total=num(total)))}</a></p>\n"
    )
    out.append(decision_table(listed, t, page, lang, group.key if kind == "kommun" else ""))
    out.append(
        "\n</section>\n"
        '<section aria-labelledby="data-h">\n'
        f'<h2 id="data-h">{_e(t["the_data"])}</h2>\n'
        '<ul class="downloads">\n'
    )
    version = _e(layout.version)
    if kind == "kommun":
        out.append(
            f'<li><a href="{_e(page + "data/totaler_ar_stodform_kommun/index.html")}">{_e(t["data_totals"])}</a> '
            f"({_e(t['version'])} {version})</li>"
        )
    out.append(
        f'<li><a href="{_e(page + "data/beslut/index.html")}">{_e(t["data_of_table"])}</a> '
        f"({_e(t['version'])} {version})</li>\n"
    )
    for url, name in layout.projektbanken:
        out.append(f'<li><a href="{_e(url)}" rel="external">{_e(name)}</a></li>')
    out.append("</ul>\n</section>\n")
    body = "".join(out)
    head = layout.head.replace(ID, group.key).replace(TITLE, html.escape(title))
    return head + body + layout.tail.replace(ID, group.key)


def _over_time(
    t: dict[str, str], lang: str, kind: str, o: OverTime, num: Callable[[int], str], kr: Callable[[int], str]
) -> str:
    names = "".join(
        f'<th scope="colgroup" colspan="2">{_e(texts.label(texts.STODFORM, f, lang))}</th>' for f in o.forms
    )
    heads = "".join(
        f'<th scope="col">{_e(t["decisions_count"])}</th><th scope="col">{_e(t["granted"])}</th>'
        for _ in o.forms
    )
    out = [
        '<section aria-labelledby="over-tid-h">\n'
        f'<h2 id="over-tid-h">{_e(t["over_time_title"])}</h2>\n'
        '<div class="scroll" role="region" aria-labelledby="over-tid-h" tabindex="0">\n'
        '<table class="numbers" id="over-tid">\n'
        f'<thead><tr><th scope="col" rowspan="2">{_e(t["year"])}</th>{names}'
        f'<th scope="col" rowspan="2">{_e(t["total"])}</th></tr>\n'
        f"<tr>{heads}</tr></thead>\n"
        "<tbody>\n"
    ]
    for y in o.years:
        year = _e(y)
        cells = []
        for f in o.forms:
            c = o.cells.get((y, f), (0, 0))
            form = _e(f)
            cells.append(
                f'<td class="num" data-form="{form}" data-value="{c[0]}">{num(c[0])}</td>'
                f'<td class="num" data-form="{form}" data-value="{c[1]}">{kr(c[1])}</td>'
            )
        total = o.year_total(y)
        out.append(
            f'<tr data-year="{year}"><th scope="row">{year}</th>{"".join(cells)}'
            f'<td class="num" data-value="{total}">{kr(total)}</td></tr>\n'
        )
    note = t["over_time_note_kommun"] if kind == "kommun" else t["over_time_note"]
    out.append(f'</tbody>\n</table>\n</div>\n<p class="note">{_e(note)}</p>\n</section>\n')
    return "".join(out)


def decision_table(rows: list[Decision], t: dict[str, str], page: str, lang: str, kommun: str = "") -> str:
    """The table of a group's decisions (a municipality's with its part of each)."""
    en = lang == "en"
    sv = ' lang="sv"' if en else ""
    parts = (
        f'<th scope="col">{_e(t["kommun_part_granted"])}</th><th scope="col">{_e(t["kommun_part_paid"])}</th>'
        if kommun
        else ""
    )
    out = [
        f'<div class="scroll" role="region" aria-label="{_e(t["decisions_title"])}" tabindex="0">\n'
        '<table class="decisions">\n'
        f'<thead><tr><th scope="col">{_e(t["case"])}</th><th scope="col">{_e(t["date"])}</th>'
        f'<th scope="col">{_e(t["form"])}</th><th scope="col">{_e(t["recipient"])}</th>'
        f'<th scope="col">{_e(t["project"])}</th><th scope="col">{_e(t["granted"])}</th>'
        f'<th scope="col">{_e(t["paid"])}</th>{parts}<th scope="col">{_e(t["status"])}</th></tr></thead>\n'
        "<tbody>\n"
    ]
    for d in rows:
        case, date = _e(d.arende_id), _e(d.date)
        own = ""
        if kommun:
            g, p = d.parts[kommun]
            own = (
                f'<td class="num" data-value="{g}">{_e(texts.kronor(g, lang))}</td>'
                f'<td class="num" data-value="{p}">{_e(texts.kronor(p, lang))}</td>'
            )
        out.append(
            f'<tr class="{_e(d.status)}"><td><a href="{_e(page + "beslut/" + d.arende_id + "/index.html")}">{case}'
            f'</a></td><td><time datetime="{date}">{date}</time></td>'
            f"<td>{_e(texts.label(texts.STODFORM, d.stodform, lang))}</td><td>{_e(d.recipient)}</td>"
            f'<td{sv}>{_e(d.project)}</td><td class="num" data-value="{d.granted}">{_e(texts.kronor(d.granted, lang))}'
            f'</td><td class="num" data-value="{d.paid}">{_e(texts.kronor(d.paid, lang))}</td>{own}'
            f"<td>{_e(texts.label(texts.STATUS, d.status, lang))}</td></tr>\n"
        )
    out.append("</tbody>\n</table>\n</div>\n")
    return "".join(out)
