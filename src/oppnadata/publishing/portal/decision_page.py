"""One page per decision (``beslut/<arende_id>/index.html``), written without a template engine.

There is a page per decision and language — 200 000 pages at national scale — so the page is assembled from
strings: the site's layout (header, menu, footer) is rendered once per language by the templates with
placeholders, and each decision's content is formatted here with :func:`html.escape`. The output is the same
markup the templates would give; ``tests/test_portal_pages.py`` reads it in Chromium like every other page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from . import texts
from .catalog import Decision
from .escaping import as_html

ID = "\x01"  # placeholders in the layout, replaced per page
TITLE = "\x02"
MAIN = "\x03"


@dataclass(frozen=True)
class Layout:
    """The page around a decision's content, for one language."""

    lang: str
    head: str
    tail: str
    root: str  # from a decision page to the site root
    labels: dict[str, dict[str, tuple[str, str]]]
    reports: dict[str, dict[str, str]]
    outcomes: dict[str, list[tuple[str, ...]]]
    case_url: Callable[[str], str]
    data_links: str  # the block of links to the versioned data (the same on every decision page)


_e = as_html


def render(layout: Layout, d: Decision, shares: dict[str, Fraction]) -> str:
    lang, t, root = layout.lang, texts.texts(layout.lang), layout.root
    en = lang == "en"
    sv = ' lang="sv"' if en else ""
    page = root + ("en/" if en else "")
    L = layout.labels

    def lbl(table: str, code: str) -> str:
        return _e(texts.label(L[table], code, lang))

    def kr(n: int) -> str:
        return _e(texts.kronor(n, lang))

    title = d.project or d.recipient
    out = [f"<h1{sv if d.project else ''}>{_e(title)}</h1>\n"]
    tag = f' <span class="tag">{lbl("status", d.status)}</span>' if d.withdrawn else ""
    out.append(
        f'<p class="crumbs"><a href="{page}beslut/index.html">{_e(t["decisions_title"])}</a> › '
        f"{_e(t['case'])} {_e(d.arende_id)}{tag}</p>\n"
    )
    if d.summary:
        out.append(f'<p class="lead"{sv}>{_e(d.summary)}</p>\n')
    facts = [
        (t["case"], f'<a href="{_e(layout.case_url(d.arende_id))}" rel="external">{_e(d.arende_id)} '
                    f"{_e(t['in_projektbanken'])}</a>"),
        (t["diarienummer"], _e(d.diarienummer)) if d.diarienummer else None,
        (t["date"], f'<time datetime="{_e(d.date)}">{_e(d.date)}</time>'),
        (t["form"], lbl("stodform", d.stodform)),
        (t["stodtyp"], f'<a href="{page}stodtyp/{_e(d.stodtyp)}/index.html">{lbl("stodtyp", d.stodtyp)}</a>'),
        (t["recipient"], f'<a href="{page}mottagare/{_e(d.orgnr)}/index.html">{_e(d.recipient)}</a> ({_e(d.orgnr)})'
         if d.orgnr else _e(d.recipient)),
        (t["category"], lbl("kategori", d.category)),
        (t["area"], f'<a href="{page}strategiomrade/{_e(d.area)}/index.html">{lbl("omrade", d.area)}</a>')
        if d.area else None,
        (t["status"], lbl("status", d.status)),
    ]  # fmt: skip
    out.append('<dl class="facts">\n')
    for fact in facts:
        if fact:
            out.append(f"<div><dt>{_e(fact[0])}</dt><dd>{fact[1]}</dd></div>\n")
    out.append(
        f'<div><dt>{_e(t["granted"])}</dt><dd class="num" id="beviljat" data-value="{d.granted}">{kr(d.granted)}'
        f'</dd></div>\n<div><dt>{_e(t["paid"])}</dt><dd class="num" id="utbetalt" data-value="{d.paid}">'
        f"{kr(d.paid)}</dd></div>\n</dl>\n"
    )
    total = sum(shares.values(), Fraction(0))
    out.append(_table(t, "kommuner", [t["kommun"], t["share"], t["granted"], t["paid"]]))
    for code in d.kommuner:
        share = texts.percent(shares[code].numerator * total.denominator, shares[code].denominator * total.numerator,
                              lang) if code in shares and total else ""  # fmt: skip
        granted, paid = d.parts[code]
        out.append(
            f'<tr><th scope="row"><a href="{page}kommun/{_e(code)}/index.html">{lbl("kommun", code)}</a></th>'
            f'<td class="num">{_e(share)}</td><td class="num" data-value="{granted}">{kr(granted)}</td>'
            f'<td class="num" data-value="{paid}">{kr(paid)}</td></tr>\n'
        )
    out.append("</tbody>\n</table>\n</div>\n")
    if d.payments:
        out.append(_table(t, "payments", [t["year"], t["amount"]], "utbetalningar"))
        for year, amount in d.payments:
            out.append(
                f'<tr><th scope="row">{_e(year)}</th><td class="num" data-value="{amount}">{kr(amount)}</td></tr>\n'
            )
        out.append("</tbody>\n</table>\n</div>\n")
    outcomes = layout.outcomes.get(d.arende_id)
    if outcomes:
        heads = [t["indicator"], t["period"], t["target"], t["outcome"], t["women"], t["men"]]
        out.append(_table(t, "outcomes", heads, "uppfoljning"))
        for ind, start, end, target, outcome, women, men in outcomes:
            out.append(
                f'<tr><th scope="row">{lbl("indikator", ind)}</th><td>{_e(start)} – {_e(end)}</td>'
                f'<td class="num">{_e(target)}</td><td class="num">{_e(outcome)}</td>'
                f'<td class="num">{_e(women)}</td><td class="num">{_e(men)}</td></tr>\n'
            )
        out.append("</tbody>\n</table>\n</div>\n")
    found = [layout.reports[k] for k in d.reports if k in layout.reports]
    if found:
        out.append(f'<h2>{_e(t["reports_title"])}</h2>\n<ul class="reports">\n')
        for rep in found:
            name = (rep.get("titel_en") or rep["titel"]) if en else rep["titel"]
            out.append(
                f'<li><a href="{page}rapporter/index.html#{_e(rep["rapport_id"])}">{_e(name)}</a> ({_e(rep["ar"])})</li>\n'
            )
        out.append("</ul>\n")
    out.append(layout.data_links)
    body = "".join(out)
    return (
        layout.head.replace(ID, d.arende_id).replace(TITLE, _e(title))
        + body
        + layout.tail.replace(ID, d.arende_id)
    )


def _table(t: dict[str, str], key: str, heads: list[str], table_id: str | None = None) -> str:
    cells = "".join(f'<th scope="col">{_e(h)}</th>' for h in heads)
    return (
        f'<h2>{_e(t[key])}</h2>\n<div class="scroll" role="region" aria-label="{_e(t[key])}" tabindex="0">\n'
        f'<table class="numbers" id="{table_id or key}">\n<thead><tr>{cells}</tr></thead>\n<tbody>\n'
    )
