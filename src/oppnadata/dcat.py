"""The DCAT-AP-SE 3.0.1 description of the releases, for dataportal.se to harvest (RDF/XML, plus Turtle).

Shape of the graph (every node an absolute IRI under ``base_url`` or an external vocabulary IRI; no blank node):

- ``{base}dcat/catalog`` — the ``dcat:Catalog``, listing the parent dataset and every version in ``dcat:dataset``.
- ``{base}dataset/{name}`` — the parent ``dcat:Dataset`` ("the data, whatever the version").
- ``{base}dataset/{name}/{version}`` — one ``dcat:Dataset`` per release, with its distributions
  ``{base}dataset/{name}/{version}/distribution/{resource-name}`` (one per published file) and
  ``…/distribution/{zip_name}`` (the release zip); checksums at ``{distribution}/checksum``.
- ``{base}dcat/contact`` (``vcard:Organization``), ``{base}dcat/period/{start}_{end}`` (``dct:PeriodOfTime``),
  ``{base}releases/{version}/{schema}`` (``dct:Standard``: the Table Schema a CSV conforms to).

**Versions.** Releases are modelled as versions of one dataset, the DCAT 3 way: the parent has
``dcat:hasVersion`` → each release and ``dcat:hasCurrentVersion`` → the newest; each release has
``dcat:isVersionOf`` → the parent, ``dcat:version`` (the semver), ``adms:versionNotes`` and
``dcat:previousVersion`` → the release before it. The DCAT-AP-SE 3.0.1 bundle offers both ``dcat:hasVersion`` and
``dcat:inSeries``; a ``dcat:DatasetSeries`` is meant for separately published datasets sharing characteristics
(e.g. one file per year), whereas a release here supersedes the previous one (corrections, added records) — that is a
*version* in DCAT 3 (§ 11, "Versioning" vs "Dataset series").

**Formats.** ``dct:format`` is the EU file-type IRI typed ``dct:MediaTypeOrExtent`` (DCAT-AP 3.0.1 requires an IRI
of that class) and ``dcat:mediaType`` the IANA IRI. Note: the DCAT-AP-SE 3.0.1 bundle's format template offers
*literals* ("text/csv") instead; the IANA media type is therefore also given in ``dcat:mediaType``.

Controlled-vocabulary terms are typed with the class DCAT-AP's ``range.ttl`` expects and carry ``skos:prefLabel``
and ``skos:inScheme`` (as the EU authority tables do), so the graph validates offline.

Byte-determinism: no clock is read (dates come from each release's ``created``); triples are inserted in sorted order
before serialising (see ``serialize``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS, XSD

from .config import PublicationConfig
from .errors import DescriptorError

# rdflib.namespace.DCAT is DCAT 2 (it warns on hasVersion, isVersionOf, hasCurrentVersion, version …)
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
PREFIXES = {"dcat": DCAT, "dcterms": DCTERMS, "foaf": FOAF, "rdf": RDF, "skos": SKOS, "xsd": XSD, "adms": ADMS,
            "spdx": SPDX, "vcard": VCARD, "dcatap": DCATAP}  # fmt: skip

THEMES = {
    "REGI": ("Regioner och städer", "Regions and cities"),
    "ECON": ("Ekonomi och finans", "Economy and finance"),
    "GOVE": ("Regeringen och den offentliga sektorn", "Government and public sector"),
}
LANGUAGES = {"SWE": ("svenska", "Swedish"), "ENG": ("engelska", "English")}
# descriptor "format" → EU file-type code and the default IANA media type
FILE_TYPES = {
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "zip": ("ZIP", "application/zip"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "parquet": ("PARQUET", "application/vnd.apache.parquet"),
    "txt": ("TXT", "text/plain"),
    "md": ("MARKDOWN", "text/markdown"),
    "yaml": ("YAML", "application/yaml"),
    "cff": ("YAML", "application/yaml"),
    "rdf": ("RDF_XML", "application/rdf+xml"),
    "ttl": ("RDF_TURTLE", "text/turtle"),
    "html": ("HTML", "text/html"),
}
EXAMPLE = (
    "OBS: exempeldata – uppgifterna är påhittade och beskriver inga verkliga beslut eller utbetalningar.",
    "NOTE: example data – the records are invented and describe no real decisions or payments.",
)


@dataclass(frozen=True)
class ReleaseRecord:
    """One release as ``oppnadata build`` wrote it: its datapackage.json and its zip.

    ``zip_bytes``/``zip_sha256`` may be None for the description written *into* the release folder (the zip does not
    exist yet); the zip distribution is then listed without size and checksum.
    """

    descriptor: dict[str, Any]
    zip_name: str
    zip_bytes: int | None = None
    zip_sha256: str | None = None

    @property
    def version(self) -> str:
        return str(self.descriptor["version"])


def release_graph(config: PublicationConfig, record: ReleaseRecord) -> Graph:
    """The catalogue as it stands with this release: catalog, parent dataset, this version and its files."""
    return catalog_graph(config, [record])


def catalog_graph(config: PublicationConfig, records: Iterable[ReleaseRecord]) -> Graph:
    """The feed covering every release; the newest is the parent's ``dcat:hasCurrentVersion``."""
    ordered = _ordered(list(records))
    newest = ordered[-1].descriptor
    b = _Builder(config)
    g = b.g
    name = str(newest["name"])
    parent = b.iri(f"dataset/{name}")
    catalog = b.iri("dcat/catalog")

    g.add((catalog, RDF.type, DCAT.Catalog))
    example = any(r.descriptor.get("exempeldata") for r in ordered)
    p = config.publisher
    b.texts(catalog, DCTERMS.title, (f"Öppna data från {p.name}", f"Open data from {p.name_en}"))
    about = (
        f"{p.name} publicerar här {newest['title']}, varje version för sig.",
        f"{p.name_en} publishes {newest['title_en']} here, each version on its own.",
    )
    b.texts(catalog, DCTERMS.description, about, example)
    g.add((catalog, DCTERMS.publisher, b.publisher()))
    g.add((catalog, FOAF.homepage, b.document(config.base_url)))
    g.add((catalog, DCTERMS.license, b.licence(CC0, "CC0 1.0")))
    g.add((catalog, DCTERMS.spatial, b.location()))
    g.add((catalog, DCAT.themeTaxonomy, b.scheme(EU + "data-theme", ("Datateman", "Data themes"))))
    for code, label in LANGUAGES.items():
        g.add((catalog, DCTERMS.language, b.eu(f"language/{code}", DCTERMS.LinguisticSystem, label)))
    _dates(g, catalog, ordered[0].descriptor, newest)

    b.dataset_common(parent, newest, example)
    _dates(g, parent, ordered[0].descriptor, newest)
    g.add((parent, DCTERMS.temporal, b.period(_period(ordered))))
    g.add((catalog, DCAT.dataset, parent))

    previous: URIRef | None = None
    for record in ordered:
        version = b.version_dataset(record, parent)
        g.add((catalog, DCAT.dataset, version))
        g.add((parent, DCAT.hasVersion, version))
        if previous is not None:
            g.add((version, DCAT.previousVersion, previous))
        previous = version
    g.add((parent, DCAT.hasCurrentVersion, previous))  # type: ignore[arg-type]
    return g


def serialize(graph: Graph) -> tuple[bytes, bytes]:
    """RDF/XML and Turtle bytes of ``graph``: the same bytes for the same triples, whatever their insertion order.

    rdflib's Turtle writer sorts by itself; its RDF/XML writers follow the store's order, and the default ``Memory``
    store iterates a set (order varies with PYTHONHASHSEED). ``SimpleMemory`` iterates dicts, so filling it in sorted
    order fixes the output; the plain ``xml`` writer sorts its namespace declarations (``pretty-xml`` does not).
    """
    ordered = Graph(store="SimpleMemory", bind_namespaces="core")
    for prefix, ns in sorted(graph.namespaces()):
        ordered.bind(prefix, ns)
    for triple in sorted(graph, key=lambda t: tuple(term.n3() for term in t)):
        ordered.add(triple)
    rdfxml = ordered.serialize(format="xml", encoding="utf-8")
    turtle = ordered.serialize(format="turtle", encoding="utf-8")
    return rdfxml, turtle


def write_graph(graph: Graph, folder: Path, stem: str = "catalog") -> tuple[Path, Path]:
    """Write ``<stem>.rdf`` (RDF/XML, what dataportal.se harvests) and ``<stem>.ttl``; return both paths."""
    rdfxml, turtle = serialize(graph)
    folder.mkdir(parents=True, exist_ok=True)
    rdf_path, ttl_path = folder / f"{stem}.rdf", folder / f"{stem}.ttl"
    rdf_path.write_bytes(rdfxml)
    ttl_path.write_bytes(turtle)
    return rdf_path, ttl_path


class _File(NamedTuple):
    """One published file, as a distribution sees it."""

    path: str  # relative to base_url
    format: str
    mediatype: str | None
    size: int | None
    sha256: str | None
    title: tuple[str, str]  # (sv, en)
    description: tuple[str, str]


class _Builder:
    """Adds nodes to one graph; every IRI under ``base_url`` is minted here."""

    def __init__(self, config: PublicationConfig) -> None:
        self.config = config
        self.g = Graph(bind_namespaces="none")
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)

    def iri(self, relative: str) -> URIRef:
        return URIRef(self.config.url(relative))

    def texts(self, node: URIRef, prop: URIRef, sv_en: tuple[str, str], example: bool = False) -> None:
        sv, en = sv_en
        if example:
            sv, en = f"{sv} {EXAMPLE[0]}", f"{en} {EXAMPLE[1]}"
        self.g.add((node, prop, Literal(sv, lang="sv")))
        self.g.add((node, prop, Literal(en, lang="en")))

    def concept(self, iri: str, cls: URIRef | None, scheme: URIRef, label: tuple[str, str]) -> URIRef:
        node = URIRef(iri)
        self.g.add((node, RDF.type, SKOS.Concept))
        if cls is not None:
            self.g.add((node, RDF.type, cls))
        self.g.add((node, SKOS.inScheme, scheme))
        self.texts(node, SKOS.prefLabel, label)
        return node

    def scheme(self, iri: str, title: tuple[str, str]) -> URIRef:
        node = URIRef(iri)
        self.g.add((node, RDF.type, SKOS.ConceptScheme))
        self.texts(node, DCTERMS.title, title)
        return node

    def eu(self, term: str, cls: URIRef | None, label: tuple[str, str]) -> URIRef:
        """A term of an EU authority table, e.g. ``frequency/ANNUAL``; its scheme is left untyped."""
        table = term.split("/", 1)[0]
        return self.concept(EU + term, cls, URIRef(EU + table), label)

    def document(self, url: str) -> URIRef:
        node = URIRef(url)
        self.g.add((node, RDF.type, FOAF.Document))
        return node

    def publisher(self) -> URIRef:
        p = self.config.publisher
        node = URIRef(p.uri)
        self.g.add((node, RDF.type, FOAF.Agent))
        self.texts(node, FOAF.name, (p.name, p.name_en))
        scheme = self.scheme(
            "http://purl.org/adms/publishertype/1.0", ("Utgivartyper (ADMS)", "Publisher types")
        )
        kind = p.type.rstrip("/").rsplit("/", 1)[-1]
        self.g.add((node, DCTERMS.type, self.concept(p.type, None, scheme, (kind, kind))))
        self.g.add((node, FOAF.homepage, self.document(p.homepage)))
        self.g.add((node, DCTERMS.identifier, Literal(p.organisationsnummer)))
        return node

    def contact(self) -> URIRef:
        c = self.config.contact
        node = self.iri("dcat/contact")
        self.g.add((node, RDF.type, VCARD.Organization))
        self.g.add((node, RDF.type, VCARD.Kind))  # the class range.ttl checks; no inference there
        self.texts(node, VCARD.fn, (c.name, c.name_en))
        self.g.add((node, VCARD.hasEmail, URIRef(f"mailto:{c.email}")))
        return node

    def licence(self, iri: str, title: str) -> URIRef:
        node = URIRef(iri)
        self.g.add((node, RDF.type, DCTERMS.LicenseDocument))
        self.g.add((node, DCTERMS.title, Literal(title)))
        if (
            iri == CC0
        ):  # the ADMS licence type DCAT-AP recommends; known here only for CC0, which DIGG recommends
            scheme = self.scheme(
                "http://purl.org/adms/licencetype/1.0", ("Licenstyper (ADMS)", "Licence types")
            )
            kind = "http://purl.org/adms/licencetype/PublicDomain"
            self.g.add(
                (node, DCTERMS.type, self.concept(kind, None, scheme, ("Allmän egendom", "Public domain")))
            )
        return node

    def location(self) -> URIRef:
        node = URIRef(self.config.spatial["uri"])
        self.g.add((node, RDF.type, DCTERMS.Location))
        if label := self.config.spatial.get("label"):
            self.g.add((node, SKOS.prefLabel, Literal(label, lang="sv")))
        return node

    def period(self, span: tuple[str, str]) -> URIRef:
        start, end = span
        node = self.iri(f"dcat/period/{start}_{end}")
        self.g.add((node, RDF.type, DCTERMS.PeriodOfTime))
        self.g.add((node, DCAT.startDate, Literal(start, datatype=XSD.date)))
        self.g.add((node, DCAT.endDate, Literal(end, datatype=XSD.date)))
        return node

    def dataset_common(self, node: URIRef, d: dict[str, Any], example: bool) -> None:
        g = self.g
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.identifier, Literal(str(uuid.uuid5(uuid.NAMESPACE_URL, str(node))))))
        self.texts(node, DCTERMS.title, _texts(d, "title"))
        self.texts(node, DCTERMS.description, _texts(d, "description"), example)
        for key, lang in (("keywords", "sv"), ("keywords_en", "en")):
            for word in sorted(set(d.get(key, []))):
                g.add((node, DCAT.keyword, Literal(word, lang=lang)))
        for code, label in THEMES.items():
            g.add((node, DCAT.theme, self.eu(f"data-theme/{code}", None, label)))
        for code, label in LANGUAGES.items():
            g.add((node, DCTERMS.language, self.eu(f"language/{code}", DCTERMS.LinguisticSystem, label)))
        g.add((node, DCTERMS.spatial, self.location()))
        public = self.eu("access-right/PUBLIC", DCTERMS.RightsStatement, ("Offentlig", "Public"))
        g.add((node, DCTERMS.accessRights, public))
        annual = self.eu("frequency/ANNUAL", DCTERMS.Frequency, ("Årlig", "Annual"))
        g.add((node, DCTERMS.accrualPeriodicity, annual))
        g.add((node, DCAT.landingPage, self.document(self.config.base_url)))
        g.add((node, DCTERMS.publisher, self.publisher()))
        g.add((node, DCAT.contactPoint, self.contact()))

    def version_dataset(self, record: ReleaseRecord, parent: URIRef) -> URIRef:
        d, g, version = record.descriptor, self.g, record.version
        node = self.iri(f"dataset/{d['name']}/{version}")
        self.dataset_common(node, d, bool(d.get("exempeldata")))
        _dates(g, node, d, d)
        g.add((node, DCTERMS.temporal, self.period(_period([record]))))
        g.add((node, DCAT.isVersionOf, parent))
        g.add((node, DCAT.version, Literal(version)))
        notes = (f"Version {version}, publicerad {_date(d)}.", f"Version {version}, published {_date(d)}.")
        self.texts(node, ADMS.versionNotes, notes)
        licence = self.licence(*_licence(d))
        files: list[tuple[str, _File, str | None]] = []
        for res in d.get("resources", []):
            file = _File(
                f"releases/{version}/{res['path']}",
                str(res.get("format", "")),
                res.get("mediatype"),
                res.get("bytes"),
                _sha256(res.get("hash")),
                _texts(res, "title"),
                _texts(res, "description"),
            )
            schema = res.get("schema")
            if schema is not None and not isinstance(schema, str):
                raise DescriptorError(
                    f"Resource {res['name']!r}: 'schema' must be the path of its schema file"
                )
            files.append((str(res["name"]), file, schema))
        zipped = _File(
            f"releases/{record.zip_name}",
            "zip",
            "application/zip",
            record.zip_bytes,
            record.zip_sha256,
            (f"Hela version {version} som zip-fil", f"All of version {version} as a zip file"),
            (
                "Alla tabeller i båda CSV-varianterna, scheman, datapackage.json, ändringslogg och citering.",
                "Every table in both CSV flavours, schemas, datapackage.json, changelog and citation.",
            ),
        )
        files.append((record.zip_name, zipped, None))
        for name, file, schema in files:
            dist = self.iri(f"dataset/{d['name']}/{version}/distribution/{name}")
            self.distribution(dist, file, licence, d)
            if schema:
                std = self.iri(f"releases/{version}/{schema}")
                g.add((std, RDF.type, DCTERMS.Standard))
                table = Path(schema).stem
                self.texts(std, DCTERMS.title, (f"Tabellschema för {table}", f"Table Schema of {table}"))
                g.add((dist, DCTERMS.conformsTo, std))
            g.add((node, DCAT.distribution, dist))
        return node

    def distribution(self, node: URIRef, file: _File, licence: URIRef, d: dict[str, Any]) -> None:
        g = self.g
        code, default_type = FILE_TYPES.get(file.format.lower(), ("", ""))
        if not code:
            raise DescriptorError(
                f"{node}: no EU file type known for the format {file.format!r}",
                hint=f"Use one of: {', '.join(sorted(FILE_TYPES))}.",
            )
        g.add((node, RDF.type, DCAT.Distribution))
        self.texts(node, DCTERMS.title, file.title)
        self.texts(node, DCTERMS.description, file.description)
        url = self.iri(file.path)
        g.add((node, DCAT.accessURL, url))
        g.add((node, DCAT.downloadURL, url))
        g.add((node, DCTERMS.format, self.eu(f"file-type/{code}", DCTERMS.MediaTypeOrExtent, (code, code))))
        media = URIRef(IANA + (file.mediatype or default_type))
        g.add((media, RDF.type, DCTERMS.MediaType))
        g.add((node, DCAT.mediaType, media))
        g.add((node, DCTERMS.license, licence))
        # a released file never changes: its planned availability is "stable"
        stable = self.eu("planned-availability/STABLE", None, ("Stabil", "Stable"))
        g.add((node, DCATAP.availability, stable))
        _dates(g, node, d, d)
        if file.size is not None:
            g.add((node, DCAT.byteSize, Literal(str(int(file.size)), datatype=XSD.nonNegativeInteger)))
        if file.sha256:
            checksum = URIRef(f"{node}/checksum")
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
            g.add((checksum, SPDX.checksumValue, Literal(file.sha256, datatype=XSD.hexBinary)))
            g.add((node, SPDX.checksum, checksum))


def _ordered(records: Sequence[ReleaseRecord]) -> list[ReleaseRecord]:
    if not records:
        raise DescriptorError("No release to describe", hint="Build a release first: oppnadata build")
    for r in records:
        for key in ("name", "version", "created", "title", "title_en", "description", "description_en"):
            if not r.descriptor.get(key):
                raise DescriptorError(f"The release {r.zip_name} has no '{key}' in its datapackage.json")
    names = {r.descriptor["name"] for r in records}
    if len(names) != 1:
        raise DescriptorError(f"The releases describe different datasets: {', '.join(sorted(names))}")
    ordered = sorted(records, key=lambda r: _semver(r.version))
    versions = [r.version for r in ordered]
    if len(set(versions)) != len(versions):
        raise DescriptorError(f"A version occurs twice among the releases: {', '.join(versions)}")
    return ordered


def _semver(version: str) -> tuple[int, int, int, str]:
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)(.*)", version)
    if not match:
        raise DescriptorError(f"The version {version!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch, rest = match.groups()
    return int(major), int(minor), int(patch), rest


def _texts(d: dict[str, Any], key: str) -> tuple[str, str]:
    """The Swedish and English text of ``key`` (e.g. title, title_en); the Swedish stands in for a missing English."""
    sv = str(d.get(key) or d.get("name", ""))
    return sv, str(d.get(f"{key}_en") or sv)


def _date(d: dict[str, Any]) -> str:
    created = str(d["created"])
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", created):
        raise DescriptorError(f"'created' must be an ISO 8601 date or timestamp, got {created!r}")
    return created[:10]


def _dates(g: Graph, node: URIRef, first: dict[str, Any], last: dict[str, Any]) -> None:
    g.add((node, DCTERMS.issued, Literal(_date(first), datatype=XSD.date)))
    g.add((node, DCTERMS.modified, Literal(_date(last), datatype=XSD.date)))


def _period(records: Sequence[ReleaseRecord]) -> tuple[str, str]:
    spans = [r.descriptor.get("temporal") or {} for r in records]
    if not all(s.get("start") and s.get("end") for s in spans):
        raise DescriptorError(
            "Every release needs 'temporal': {'start': …, 'end': …} in its datapackage.json"
        )
    return min(str(s["start"]) for s in spans), max(str(s["end"]) for s in spans)


def _licence(d: dict[str, Any]) -> tuple[str, str]:
    licences = d.get("licenses") or []
    if not licences or not licences[0].get("path"):
        raise DescriptorError("The release's datapackage.json has no licence with a 'path' (the licence URI)")
    first = licences[0]
    return str(first["path"]), str(first.get("title") or first.get("name") or first["path"])


def _sha256(value: Any) -> str | None:
    if not value:
        return None
    algorithm, _, digest = str(value).rpartition(":")
    if algorithm not in ("", "sha256") or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise DescriptorError(f"Expected a hash 'sha256:<64 hex digits>', got {value!r}")
    return digest
