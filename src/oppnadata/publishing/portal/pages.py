"""The portal's pages: jinja2 templates (autoescape on) filled from the releases, in Swedish and English.

Every link is relative and points at a file (``beslut/index.html``, never ``beslut/`` or ``/beslut``), so the
site works opened from disk and served under any sub-path. Swedish pages are at the site root, English ones
under ``en/``; the same slug names a page in both.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from functools import cached_property
from typing import Any

from ...config import PublicationConfig
from ...errors import ConfigError
from . import charts, entities, listing, model, rankings, results, texts
from .catalog import Catalog, Outcomes
from .frame import LINK_ORDER, NAV, PAGES, Page, environment, prefix
from .model import Release

__all__ = ["LINK_ORDER", "NAV", "PAGES", "Page", "Renderer", "environment", "prefix"]


class Renderer:
    """Renders every page of the site for ``releases`` (oldest first; the last one is current)."""

    def __init__(self, config: PublicationConfig, releases: list[Release]) -> None:
        self.config = config
        self.releases = releases
        self.current = releases[-1]
        self.env = environment()

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog(self.current)

    @cached_property
    def results(self) -> results.Results:
        return results.Results(self.catalog)

    @cached_property
    def outcomes(self) -> Outcomes:
        return Outcomes(self.catalog)

    @cached_property
    def overview(self) -> model.Overview:
        return model.overview(self.current)

    def prepare(self) -> None:
        """Read what every page needs (before the pages are rendered in two processes)."""
        _ = self.catalog, self.outcomes, self.results, self.overview
        self.catalog.groups()
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)  # compiled once, before the fork
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)  # compiled once, before the fork

    def pages(
        self, langs: Sequence[str] = texts.LANGS, *, shards: Collection[str] = listing.SHARD_PARTS
    ) -> Iterator[Page]:
        """The pages in ``langs`` and the ``shards`` parts of the list's data files (the same in every language:
        :data:`.listing.INDEX_SHARDS`, :data:`.listing.ROW_SHARDS`)."""
        count, header, shard_files = listing.shards(self.catalog, shards)
        yield from shard_files
        for lang in langs:
            yield self._page(lang, "index.html", "index.html", self._start(lang))
            yield self._page(lang, "resultat/index.html", "results.html", self._results(lang))
            yield from results.pages(self, lang)
            yield from listing.pages(self, self.catalog, lang, count, header)
            yield from entities.pages(self, self.catalog, lang)
            yield from rankings.pages(self, self.catalog, lang)
            yield self._page(
                lang,
                "tillganglighet/index.html",
                "accessibility.html",
                self._accessibility(lang),
            )
            yield from self._data_pages(lang, self.current, "data/")
            yield self._page(lang, "versioner/index.html", "versions.html", self._versions(lang))
            for release in self.releases:
                base = f"versioner/{release.version}/"
                yield self._page(
                    lang, base + "index.html", "version.html", self._version(lang, release), release
                )
                yield from self._data_pages(lang, release, base + "data/")

    # ------------------------------------------------------------------------------------------- context

    def _page(
        self, lang: str, slug: str, template: str, context: dict[str, Any], release: Release | None = None
    ) -> Page:
        return Page(
            prefix(lang) + slug,
            self.env.get_template(template).render(self._context(lang, slug, context, release)),
        )

    def _context(
        self, lang: str, slug: str, context: dict[str, Any], release: Release | None = None
    ) -> dict[str, Any]:
        release = release or self.current
        path = prefix(lang) + slug
        root = "../" * path.count("/")
        other = "en" if lang == "sv" else "sv"
        t = texts.texts(lang)

        def page(target: str) -> str:
            return root + prefix(lang) + target

        def site(target: str) -> str:
            return root + target

        def lbl(table: dict[str, tuple[str, str]], code: str) -> str:
            return texts.label(table, code, lang)

        links = [self.config.links[k] for k in LINK_ORDER if k in self.config.links]
        return dict(
            lang=lang,
            t=t,
            slug=slug,
            page=page,
            site=site,
            other_url=root + prefix(other) + slug,
            other_lang=other,
            nav=[(t[key], target, target == slug) for key, target in NAV],
            example=release.example or self.current.example,
            release=release,
            current=self.current,
            links=links,
            contact=self.config.contact,
            publisher=self.config.publisher,
            kr=lambda n: texts.kronor(n, lang),
            mn=lambda n: texts.millions(n, lang),
            num=lambda n: texts.number(n, lang),
            pct=lambda a, b: texts.percent(a, b, lang),
            lbl=lbl,
            en=lang == "en",
            STODFORM=texts.STODFORM,
            STATUS=texts.STATUS,
            VALUES=texts.VALUES,
            TYPES=texts.TYPES,
            **context,
        )

    def _chart(
        self,
        lang: str,
        chart_id: str,
        title: str,
        series: list[str],
        rows: list[tuple[str, list[int]]],
        total: bool,
    ) -> charts.Chart:
        return charts.bar_chart(
            chart_id,
            title,
            series,
            rows,
            short=lambda n: texts.millions(n, lang),
            full=lambda n: texts.kronor(n, lang),
            total_label="Totalt" if total and lang == "sv" else ("Total" if total else ""),
        )

    # --------------------------------------------------------------------------------------------- pages

    def _start(self, lang: str) -> dict[str, Any]:
        t = texts.texts(lang)
        o = self.overview
        both = [t["granted"], t["paid"]]
        categories = self.current.code_labels("mottagarkategorier", "kod")
        own_rows = [(texts.label(categories, code, lang), [amount]) for code, amount in o.own]
        own_rows.append((t["other_recipients"], [o.results_total - o.own_total]))
        return {
            "title": t["site_title"],
            "o": o,
            "charts": [
                self._chart(lang, "per-ar", t["by_year"], both, [(y, [g, p]) for y, g, p in o.by_year], True),
                self._chart(
                    lang,
                    "per-stodform",
                    t["by_form"],
                    both,
                    [(texts.label(texts.STODFORM, f, lang), [g, p]) for f, g, p in o.by_form],
                    True,
                ),
                self._chart(
                    lang,
                    "per-kommun",
                    t["by_kommun"],
                    both,
                    [(n, [g, p]) for _, n, g, p in o.by_kommun],
                    True,
                ),
            ],
            "recipients": self._chart(
                lang,
                "storsta-mottagare",
                t["top_recipients"],
                [t["granted"]],
                [(n, [a]) for n, _, a in o.recipients],
                False,
            ),
            "own": self._chart(lang, "regionens-andel", t["region_share"], [t["granted"]], own_rows, True),
            "own_share": texts.percent(o.own_total, o.results_total, lang),
        }

    def _results(self, lang: str) -> dict[str, Any]:
        t = texts.texts(lang)
        sections = []
        for b in self.results.breakdowns:
            title = results.dimension_title(self, b.name, lang)
            labelled = results.value_rows(self, b.dim, lang)
            chart = self._chart(
                lang, f"dim-{b.name}", title, [t["granted"]], [(lb, [a]) for lb, _, _, a in labelled], True
            )
            sections.append({"dim": b.dim, "b": b, "title": title, "chart": chart, "rows": labelled})
        return {"title": t["results_title"], "sections": sections, "indicators": self.results.indicators}

    def _accessibility(self, lang: str) -> dict[str, Any]:
        a11y = self.config.accessibility
        if a11y is None:
            raise ConfigError.coded("portal-no-accessibility")
        name = a11y.service_name_en if lang == "en" else a11y.service_name
        return {"title": texts.texts(lang)["a11y_title_of"].format(service=name), "a11y": a11y}

    def _data_pages(self, lang: str, release: Release, base: str) -> Iterator[Page]:
        t = texts.texts(lang)
        context = {"title": t["data_title"], "base": base}
        yield self._page(lang, base + "index.html", "data.html", context, release)
        for table in release.files.values():
            yield self._page(
                lang,
                f"{base}{table.name}/index.html",
                "table.html",
                self._table(release, table, base),
                release,
            )

    def _table(self, release: Release, table: model.TableFiles, base: str) -> dict[str, Any]:
        fields = []
        foreign = {}
        for fk in table.schema.get("foreignKeys", []):
            names = fk.get("fields")
            names = [names] if isinstance(names, str) else names or []
            ref = fk.get("reference", {})
            ref_fields = ref.get("fields")
            ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields or []
            if len(names) == 1 and len(ref_fields) == 1:
                foreign[names[0]] = (str(ref.get("resource", "")), ref_fields[0])
        for f in table.schema.get("fields", []):
            constraints = dict(f.get("constraints") or {})
            enum = constraints.pop("enum", None)
            ref = foreign.get(f["name"])
            codes: list[tuple[str, tuple[str, str]]] = []
            if ref and ref[0] in release.files and release.files[ref[0]].rows <= model.MAX_CODES:
                codes = sorted(release.code_labels(ref[0], ref[1]).items())
            fields.append({"f": f, "constraints": constraints, "enum": enum, "ref": ref, "codes": codes})
        pk = table.schema.get("primaryKey") or []
        return {
            "title": table.title,
            "table": table,
            "fields": fields,
            "primary_key": [pk] if isinstance(pk, str) else pk,
            "base": base,
            "api": self._api(release, table),
        }

    def _api(self, release: Release, table: model.TableFiles) -> dict[str, str] | None:
        """The table's DataStore API name and example queries (templates/datastore_api.html)."""
        from ..ckan.examples import api_examples

        url, name = self.config.ckan.url, str(release.descriptor.get("name", ""))
        return api_examples(url, name, table.name, table.schema) if url and name else None

    def _versions(self, lang: str) -> dict[str, Any]:
        t = texts.texts(lang)
        return {"title": t["versions_title"], "entries": [self._entry(r) for r in reversed(self.releases)]}

    def _version(self, lang: str, release: Release) -> dict[str, Any]:
        t = texts.texts(lang)
        return {"title": t["version_page"].format(version=release.version), "e": self._entry(release)}

    def _entry(self, release: Release) -> dict[str, Any]:
        first, changes = model.diff_summary(release)
        cite = release.json("citation.json") or {}
        quality = release.json("quality.json") or {}
        return {
            "r": release,
            "first": first,
            "changes": changes,
            "changelog": model.changelog_entry(release),
            "cite_sv": str(cite.get("sv", "")),
            "cite_en": str(cite.get("en", "")),
            "quality": quality.get("counts") or {},
            "is_current": release is self.current,
        }


Formatter = Callable[[int], str]
