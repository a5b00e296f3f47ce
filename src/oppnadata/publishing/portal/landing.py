"""The pages every identifier resolves to.

- **The version's landing page** is the page of its IRI (``dcat.Iris.version``: ``versioner/<v>/``), the URL its
  citation names (new releases); it carries the citation, identifier, sha256, the files by their download names
  and schema.org ``Dataset`` JSON-LD (Google Dataset Search).
- **The dataset's landing page** is the page of the dataset IRI (``data/``), with the JSON-LD of the dataset.
- **A retracted version** keeps a tombstone at its landing page and at ``releases/<v>/``: reason, date, sha256
  and how it was cited.
- ``releases/<v>/index.html`` lists the unpacked release folder (older releases' citations name that folder).
- **Every other identifier** under ``base_url`` that the feed or a release's citation files name (the catalogue,
  the identifiers frozen into older releases …) gets a page describing it, linking its landing page and its RDF.

What resolves is read from the feed and the citation files themselves, so whatever IRIs :mod:`oppnadata.publishing.dcat`
mints, a folder an IRI names gets an ``index.html``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urldefrag

from rdflib import Graph, Literal, URIRef

from ...config import PublicationConfig
from ...releasing.packaging import download_name
from ...releasing.releases import Retraction
from ..dcat import Iris
from .model import Release
from .pages import Page, Renderer, prefix

SCHEMA_CONTEXT = {"@vocab": "https://schema.org/"}  # inline: a parser needs no network to read it
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
URL = re.compile(r"https?://[^\s\"'<>)\]]+")
CITATION_FILES = ("CITATION.cff", "citation.json", "README.md")

WORDS = {
    "sv": {
        "retracted": "Version {version} är återkallad",
        "retracted_lead": "Den här versionen togs bort {date}. Dess filer går inte längre att hämta.",
        "next": "Nästa version innehåller rättelsen.",
        "reason": "Skäl",
        "sha256": "sha256 för versionens zip-fil",
        "cite_as": "Så citerades versionen",
        "identifier": "Identifierare",
        "landing_page": "Versionens sida (att citera)",
        "files": "Filer",
        "whole": "Hela versionen som zip",
        "folder": "Versionens mapp {version}",
        "resource": "Identifierare {iri}",
        "property": "Egenskap",
        "value": "Värde",
        "described": "Beskrivs i DCAT-flödet",
        "download_as": "Filnamn vid hämtning",
    },
    "en": {
        "retracted": "Version {version} is retracted",
        "retracted_lead": "This version was taken down on {date}. Its files can no longer be downloaded.",
        "next": "The next version carries the correction.",
        "reason": "Reason",
        "sha256": "sha256 of the version's zip file",
        "cite_as": "How the version was cited",
        "identifier": "Identifier",
        "landing_page": "The version's page (to cite)",
        "files": "Files",
        "whole": "The whole version as a zip",
        "folder": "The folder of version {version}",
        "resource": "Identifier {iri}",
        "property": "Property",
        "value": "Value",
        "described": "Described in the DCAT feed",
        "download_as": "File name when downloaded",
    },
}


def iri_path(iri: str, base_url: str, files: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The site path a URL under ``base_url`` resolves to (None: not under it): the file of that name when the
    site has one (``files``), else the ``index.html`` of the folder it names."""
    iri = urldefrag(iri)[0]
    if not iri.startswith(base_url):
        return None
    relative = iri[len(base_url) :].split("?", 1)[0]
    if relative in files or relative.endswith(".html"):
        return relative
    folder = relative.strip("/")
    return f"{folder}/index.html" if folder else "index.html"


class Landing:
    """Renders landing pages, tombstones and identifier pages through the portal's renderer (same layout)."""

    def __init__(
        self,
        renderer: Renderer,
        config: PublicationConfig,
        graph: Graph,
        releases: list[Release],
        retractions: list[Retraction],
    ) -> None:
        self.renderer = renderer
        self.config = config
        self.graph = graph
        self.releases = releases
        self.retractions = retractions
        self.iris = Iris(config)
        self.files: set[str] = set()

    # -------------------------------------------------------------------------------------------- pages

    def replaces(self) -> set[str]:
        """The renderer's pages this module writes instead (they get the landing content and JSON-LD)."""
        slugs = {self.slug(self.iris.dataset())} | {
            self.slug(self.iris.version(r.version)) for r in self.releases
        }
        return {prefix(lang) + s for lang in ("sv", "en") for s in slugs}

    def pages(self, files: set[str]) -> Iterator[Page]:
        """Every page; ``files`` are the site's paths written so far (pages and the files that resolve IRIs)."""
        self.files = set(files)
        done = {self.slug(self.iris.dataset())}
        for release in self.releases:
            done |= {self.slug(self.iris.version(release.version)), f"releases/{release.version}/index.html"}
        for gone in self.retractions:
            done |= {self.slug(self.iris.version(gone.version)), f"releases/{gone.version}/index.html"}
        for lang in ("sv", "en"):
            yield self._dataset(lang)
            for release in self.releases:
                yield self._version(lang, release)
                yield self._folder(lang, release)
            for gone in self.retractions:
                for slug in sorted(
                    {self.slug(self.iris.version(gone.version)), f"releases/{gone.version}/index.html"}
                ):
                    yield self._tombstone(lang, gone, slug)
            seen = set(done)
            for url, version in self.identifiers():
                target = self._page_of(url)
                if target is None or target in seen or target in files:
                    continue
                seen.add(target)
                yield self._identifier(lang, url, target, version)

    def identifiers(self) -> list[tuple[str, str | None]]:
        """Every URL under ``base_url`` in the feed (subjects and objects) and in each release's citation files,
        with the version whose files name it (None: the feed)."""
        found: dict[str, str | None] = {}
        for triple in self.graph:
            for term in triple:
                if isinstance(term, URIRef) and str(term).startswith(self.config.base_url):
                    found.setdefault(urldefrag(str(term))[0], None)
        for release in self.releases:
            for name in CITATION_FILES:
                for url in URL.findall(release.text(name)):
                    url = url.rstrip(".,;")
                    if url.startswith(self.config.base_url):
                        found.setdefault(urldefrag(url)[0], release.version)
        return sorted(found.items())

    def slug(self, iri: str) -> str:
        return str(iri_path(iri, self.config.base_url))

    # ------------------------------------------------------------------------------------------ renderers

    def _dataset(self, lang: str) -> Page:
        current = self.releases[-1]
        context = {
            "title": _data_title(lang),
            "base": "data/",
            "jsonld": _json(dataset_jsonld(self.config, self.iris, self.releases)),
        }
        return self.renderer._page(
            lang, self.slug(self.iris.dataset()), "data_landing.html", context, current
        )

    def _version(self, lang: str, release: Release) -> Page:
        context = {
            **self.renderer._version(lang, release),
            "w": WORDS[lang],
            "identifier": self.iris.version(release.version),
            "files": self._files(lang, release),
            "jsonld": _json(version_jsonld(self.config, self.iris, release)),
        }
        return self.renderer._page(
            lang, self.slug(self.iris.version(release.version)), "version.html", context, release
        )

    def _folder(self, lang: str, release: Release) -> Page:
        w = WORDS[lang]
        context = {
            "title": w["folder"].format(version=release.version),
            "w": w,
            "r": release,
            "files": self._files(lang, release),
            "landing": self.slug(self.iris.version(release.version)),
            "catalog": self.slug(self.iris.catalog()),
            # the identifiers this version's citation files name that have a page of their own (older ones)
            "cited": sorted(
                {
                    (url, str(self._page_of(url)))
                    for url, version in self.identifiers()
                    if version == release.version
                    and self._page_of(url) not in self.files
                    and str(self._page_of(url)).endswith("index.html")
                    and self._page_of(url) != f"releases/{release.version}/index.html"
                }
            ),
        }
        return self.renderer._page(
            lang, f"releases/{release.version}/index.html", "release_folder.html", context, release
        )

    def _tombstone(self, lang: str, gone: Retraction, slug: str) -> Page:
        w = WORDS[lang]
        context = {
            "title": w["retracted"].format(version=gone.version),
            "w": w,
            "gone": gone,
            "identifier": self.iris.version(gone.version),
        }
        return self.renderer._page(lang, slug, "tombstone.html", context)

    def _identifier(self, lang: str, url: str, slug: str, version: str | None) -> Page:
        """A page for an identifier: what the feed says about it, and the landing page it belongs to."""
        w = WORDS[lang]
        rows = self._rows(URIRef(url), lang)
        if version is None:  # a feed IRI inside a version's folder belongs to that version
            version = next(
                (r.version for r in self.releases if url.startswith(self.iris.version(r.version))), None
            )
        landing = self.slug(self.iris.version(version)) if version else self.slug(self.iris.dataset())
        context = {
            "title": w["resource"].format(iri=url),
            "w": w,
            "iri": url,
            "rows": rows,
            "landing": landing,
        }
        return self.renderer._page(lang, slug, "resource.html", context)

    # ------------------------------------------------------------------------------------------- helpers

    def _files(self, lang: str, release: Release) -> list[dict[str, Any]]:
        title = "title_en" if lang == "en" else "title"
        return [
            {
                "name": download_name(res, release.version),
                "path": f"releases/{release.version}/{res['path']}",
                "id": str(res["name"]),
                "title": str(res.get(title, res["name"])),
                "bytes": res.get("bytes"),
                "hash": res.get("hash"),
            }
            for res in release.descriptor.get("resources", [])
        ]

    def _page_of(self, iri: str) -> str | None:
        return iri_path(iri, self.config.base_url, self.files)

    def _rows(self, node: URIRef, lang: str) -> list[dict[str, Any]]:
        """What the feed says about ``node``, and what it says about other nodes in terms of it (``^``)."""
        rows = []
        for _s, prop, value in sorted(self.graph.triples((node, None, None))):
            if isinstance(value, Literal) and value.language not in (None, lang):
                continue
            rows.append(self._row(self._short(prop), value))
        for subject, prop, _o in sorted(self.graph.triples((None, None, node))):
            rows.append(self._row(f"^{self._short(prop)}", subject))
        return rows

    def _row(self, prop: str, value: Any) -> dict[str, Any]:
        target = self._page_of(str(value)) if isinstance(value, URIRef) else None
        return {
            "prop": prop,
            "value": str(value),
            "target": target,
            "is_page": bool(target and target.endswith(".html")),  # pages exist in both languages
        }

    def _short(self, prop: Any) -> str:
        try:
            return str(self.graph.namespace_manager.normalizeUri(prop))
        except Exception:  # an IRI without a bound prefix
            return str(prop)


def _data_title(lang: str) -> str:
    from . import texts

    return str(texts.texts(lang)["data_title"])


def _json(data: dict[str, Any]) -> str:
    # "</" never appears inside the script element: escaped as JSON allows
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).replace("</", "<\\/")


# ---------------------------------------------------------------------------------------- schema.org


def _organisation(config: PublicationConfig) -> dict[str, Any]:
    p = config.publisher
    return {"@type": "Organization", "@id": p.uri, "name": p.name, "url": p.homepage}


def _distribution(config: PublicationConfig, release: Release) -> list[dict[str, Any]]:
    out = [
        {
            "@type": "DataDownload",
            "name": download_name(res, release.version),
            "contentUrl": config.url(f"releases/{release.version}/{res['path']}"),
            "encodingFormat": str(res.get("mediatype") or "text/csv"),
            "contentSize": f"{res.get('bytes')} B",
            "sha256": str(res.get("hash", "")).removeprefix("sha256:"),
        }
        for res in release.descriptor.get("resources", [])
    ]
    out.append(
        {
            "@type": "DataDownload",
            "name": release.zip_name,
            "contentUrl": config.url(f"releases/{release.zip_name}"),
            "encodingFormat": "application/zip",
            "contentSize": f"{release.zip_bytes} B",
            "sha256": release.zip_sha256,
        }
    )
    return out


def _common(config: PublicationConfig, release: Release) -> dict[str, Any]:
    d = release.descriptor
    temporal = d.get("temporal") or {}
    spatial = config.spatial
    licences = d.get("licenses") or [{}]
    cite = release.json("citation.json") or {}
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "Dataset",
        "description": str(d.get("description", "")),
        "license": str(licences[0].get("path") or CC0),
        "creator": _organisation(config),
        "publisher": _organisation(config),
        "inLanguage": ["sv", "en"],
        "isAccessibleForFree": True,
        "keywords": [str(k) for k in d.get("keywords", [])],
        "temporalCoverage": f"{temporal.get('start', '')}/{temporal.get('end', '')}",
        "spatialCoverage": {
            "@type": "Place",
            "name": str(spatial.get("label", "")),
            "sameAs": str(spatial.get("uri", "")),
        },
        "citation": [str(cite[k]) for k in ("sv", "en") if cite.get(k)],
        "distribution": _distribution(config, release),
    }


def version_jsonld(config: PublicationConfig, iris: Iris, release: Release) -> dict[str, Any]:
    """schema.org ``Dataset`` for one version: what Google Dataset Search reads."""
    d = release.descriptor
    iri = iris.version(release.version)
    return {
        **_common(config, release),
        "@id": iri,
        "name": f"{d.get('title', d['name'])} (version {release.version})",
        "alternateName": f"{d.get('title_en', d['name'])} (version {release.version})",
        "version": release.version,
        "url": iri,
        "identifier": [iri, str(d.get("id", ""))],
        "datePublished": release.date,
        "isPartOf": {"@id": iris.dataset()},
    }


def dataset_jsonld(config: PublicationConfig, iris: Iris, releases: list[Release]) -> dict[str, Any]:
    """schema.org ``Dataset`` for the dataset as a whole: the current version's files, every version a part."""
    current = releases[-1]
    d = current.descriptor
    return {
        **_common(config, current),
        "@id": iris.dataset(),
        "name": str(d.get("title", d["name"])),
        "alternateName": str(d.get("title_en", d["name"])),
        "version": current.version,
        "url": iris.dataset(),
        "identifier": iris.dataset(),
        "datePublished": releases[0].date,
        "dateModified": current.date,
        "hasPart": [
            {
                "@type": "Dataset",
                "@id": iris.version(r.version),
                "version": r.version,
                "url": iris.version(r.version),
            }
            for r in releases
        ],
    }
