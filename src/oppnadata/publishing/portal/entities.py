"""The pages of the things readers look up: one per decision (``beslut/<arende_id>/``), per recipient organisation
(``mottagare/<organisationsnummer>/``), per municipality (``kommun/<kommunkod>/``), per support type
(``stodtyp/<kod>/``) and per strategic area (``strategiomrade/<kod>/``), each with an index page; the reports
(``rapporter/``) linked to the decisions they cover.

Every page shows its totals granted and paid by year, its decisions (the newest :data:`LISTED`, then a link to
all of them in the searchable list), and links to Projektbanken and to the versioned data.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from . import decision_page, group_page, overtime, results, texts, tilemap
from .addresses import decision_slug, group_slug
from .catalog import Catalog, Decision, Group
from .frame import INDEX_PAGE, LINK_ORDER, Page, PageRenderer, prefix
from .rankings import form_slug, forms

LISTED = group_page.LISTED
KIND_FILTER = group_page.KIND_FILTER


def pages(renderer: PageRenderer, catalog: Catalog, lang: str) -> Iterator[Page]:
    r = renderer
    labels = _labels(catalog)
    groups = {
        "kommun": catalog.municipalities(),
        "mottagare": catalog.recipients(),
        "stodtyp": catalog.support_types(),
        "strategiomrade": catalog.areas(),
    }
    reports = {rep["rapport_id"]: rep for rep in catalog.reports()}
    common = {
        "L": labels,
        "decision_url": decision_slug,
        "group_url": group_slug,
        "filter_of": KIND_FILTER,
        "tiles": tilemap.tile_map(
            [(g.key, g.name_en if lang == "en" else g.name, g.granted) for g in groups["kommun"]]
        ),
    }
    layout = _layout(r, catalog, lang, labels, reports)
    for d in catalog.decisions:
        yield Page(
            prefix(lang) + decision_slug(d.arende_id),
            decision_page.render(layout, d, catalog.shares[d.arende_id]),
        )
    t = texts.texts(lang)
    for kind, found in groups.items():
        ranked = sorted(found, key=lambda g: (-g.granted, g.key)) if kind == "mottagare" else found
        chunks = [ranked[i : i + INDEX_PAGE] for i in range(0, len(ranked), INDEX_PAGE)] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            slug = f"{kind}/index.html" if number == 1 else f"{kind}/sida/{number}/index.html"
            yield r._page(
                lang,
                slug,
                "groups.html",
                {
                    **common,
                    "title": t[f"groups_{kind}"],
                    "kind": kind,
                    "groups": chunk,
                    "pager": _pager(kind, number, len(chunks)),
                    "recipient_forms": _recipient_forms(found) if kind == "mottagare" else [],
                },
            )
        around = _group_layout(r, lang, kind)
        for group in found:
            yield Page(
                prefix(lang) + group_slug(kind, group.key), _group_page(r, lang, around, group, common)
            )
    yield r._page(
        lang,
        "rapporter/index.html",
        "reports.html",
        {
            **common,
            "title": t["reports_title"],
            "reports": [(rep, _covered(catalog, rep)) for rep in catalog.reports()],
        },
    )


def _recipient_forms(recipients: list[Group]) -> list[tuple[str, str]]:
    return [(form, form_slug(form)) for form in forms(recipients)]


def _shell(r: PageRenderer, lang: str, slug: str) -> tuple[str, str]:
    """The layout of a page at ``slug`` (holding the ID placeholder) around the content, split in two."""
    shell = r._page(
        lang, slug, "shell.html", {"title": decision_page.TITLE, "marker": decision_page.MAIN}
    ).html
    head, tail = shell.split(decision_page.MAIN)
    return head, tail


def _layout(
    r: PageRenderer,
    catalog: Catalog,
    lang: str,
    labels: dict[str, dict[str, tuple[str, str]]],
    reports: dict[str, dict[str, str]],
) -> decision_page.Layout:
    head, tail = _shell(r, lang, decision_slug(decision_page.ID))
    t = texts.texts(lang)
    root = "../" * (prefix(lang) + decision_slug("x")).count("/")
    page = root + prefix(lang)
    current = catalog.release
    files = current.files["beslut"]
    base = f"{root}releases/{escape(current.version)}/"
    excel = (
        f' · <a href="{base}{escape(files.excel["path"])}" download>{escape(t["csv_excel"])}</a>'
        if files.excel
        else ""
    )
    data_links = (
        f'<h2>{escape(t["the_data"])}</h2>\n<ul class="downloads">\n'
        f'<li><a href="{page}data/beslut/index.html">{escape(t["data_of_table"])}</a> · '
        f'<a href="{base}{escape(files.canonical["path"])}" download>{escape(t["csv"])}</a>{excel} '
        f"({escape(t['version'])} {escape(current.version)})</li>\n"
        f'<li><a href="{page}versioner/{escape(current.version)}/index.html">'
        f"{escape(t['cite_version'].format(version=current.version))}</a></li>\n</ul>\n"
    )
    return decision_page.Layout(
        lang=lang,
        head=head,
        tail=tail,
        root=root,
        labels=labels,
        reports=reports,
        outcomes=r.outcomes.rows,
        case_url=r.config.projektbanken_case,
        data_links=data_links,
    )


def _covered(catalog: Catalog, report: dict[str, str]) -> list[Decision]:
    ids = [case.strip() for case in report.get("arende_ids", "").split(";") if case.strip()]
    return [catalog.by_id[case] for case in ids if case in catalog.by_id]


def _pager(kind: str, number: int, count: int) -> list[tuple[int, str, bool]]:
    return [
        (n, f"{kind}/index.html" if n == 1 else f"{kind}/sida/{n}/index.html", n == number)
        for n in range(1, count + 1)
    ]


def _group_layout(r: PageRenderer, lang: str, kind: str) -> group_page.Layout:
    head, tail = _shell(r, lang, group_slug(kind, decision_page.ID))
    root = "../" * (prefix(lang) + group_slug(kind, "x")).count("/")
    links = [r.config.links[k] for k in LINK_ORDER if k in r.config.links]
    return group_page.Layout(
        lang=lang,
        kind=kind,
        head=head,
        tail=tail,
        page=root + prefix(lang),
        version=r.current.version,
        projektbanken=[
            (link.url, link.title_en if lang == "en" else link.title)
            for link in links
            if link.url and "projektbanken" in link.url
        ],
    )


def _group_page(
    r: PageRenderer, lang: str, layout: group_page.Layout, group: Group, common: dict[str, Any]
) -> str:
    t = texts.texts(lang)
    chart = r._chart(
        lang,
        "per-ar",
        t["by_year"],
        [t["granted"], t["paid"]],
        [(y.year, [y.granted, y.paid]) for y in group.per_year],
        True,
    )
    title = group.name_en if lang == "en" else group.name
    kommun: dict[str, str] = {}
    if group.kind == "kommun":
        title = t["kommun_title"].format(name=title)
        slug = group_slug(group.kind, group.key)
        context = r._context(
            lang, slug, {**common, **results.kommun_context(r, group.key, lang), "key": group.key, "g": group}
        )
        kommun["tiles"] = r.env.get_template("kommun_tiles.html").render(context)
        kommun["results"] = r.env.get_template("kommun_results.html").render(context)
    over = overtime.over_time(group) if group.kind in ("kommun", "mottagare") else None
    return group_page.render(layout, group, title, chart, over, kommun)


def _labels(catalog: Catalog) -> dict[str, dict[str, tuple[str, str]]]:
    release = catalog.release
    return {
        "kommun": release.code_labels("kommuner", "kommunkod"),
        "stodtyp": release.code_labels("stodtyper", "kod"),
        "omrade": release.code_labels("strategiomraden", "kod"),
        "kategori": release.code_labels("mottagarkategorier", "kod"),
        "indikator": release.code_labels("indikatorer", "kod"),
        "stodform": texts.STODFORM,
        "status": texts.STATUS,
    }
