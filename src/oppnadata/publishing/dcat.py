"""The DCAT-AP-SE 3.0.1 description of the releases, for dataportal.se to harvest (RDF/XML, plus Turtle).

**Two documents.** The *feed* (``site/dcat/catalog.rdf``, rewritten on every publish) describes the catalogue and
the one catalogued dataset as it stands now; the *version document* (``dcat/dataset.rdf`` inside each release,
frozen with it) describes that version only. Nothing in a frozen document becomes false later: it never says which
version is current, which versions exist after it, or what the catalogue lists.

**IRIs** (every one under ``base_url`` is a page of the portal, or a file it serves; see ``Iris``):

==========================  =====================================================  =========================
what                        IRI                                                    page
==========================  =====================================================  =========================
catalogue                   ``{base}dcat/``                                         ``dcat/index.html``
the dataset (any version)   ``{base}data/``                                         ``data/index.html``
one version                 ``{base}versioner/{version}/``                          ``versioner/{v}/index.html``
a file of a version         ``{base}versioner/{version}/#{resource name}``          the version's page
the version document        ``{base}releases/{version}/dcat/dataset.rdf``           (the file)
a Table Schema              ``{base}releases/{version}/schemas/{table}.json``       (the file)
==========================  =====================================================  =========================

Checksums, periods, the contact point and the bounding box are blank nodes with fixed labels (no identity of their
own, nothing to resolve, and the same bytes on every run).

**Versions, the DCAT 3 way, one dataset in every catalogue.** The catalogue lists one ``dcat:Dataset``: the data,
whatever the version, with the current version's files (a harvester makes one record of it; ckanext-dcat makes one
CKAN dataset), ``dcat:version`` the current one, ``dcat:hasVersion`` → every version and ``dcat:hasCurrentVersion``
→ the newest one not retracted. In the feed a version is only named (title "… version 1.0.0", ``dcat:version``,
identifier, page, ``dcat:isVersionOf``, ``dcat:previousVersion``, ``rdfs:seeAlso`` → its version document), not
typed ``dcat:Dataset``: harvesters take every ``dcat:Dataset`` in a feed for a record of its own (ckanext-dcat's
parser does; dataportal.se hides only ``dcat:inSeries`` members). The version document types it ``dcat:Dataset``
and describes it in full. A ``dcat:DatasetSeries`` is for separately published datasets sharing characteristics (one
file per year), not for a release that supersedes the one before (DCAT 3 § 11). A retracted version keeps its IRI in
the feed, with ``adms:status`` withdrawn and the date and reason.

**DCAT-AP-SE where it differs from DCAT-AP 3.0.1** (README, "DCAT"): ``dct:format`` is the IANA media type as a
literal ("text/csv", DIGG's list) and ``dcat:mediaType`` the IANA IRI (``dcat_ap`` writes the same feed with the EU
file-type IRI, DCAT-AP 3.0.1's form, to ``dcat/dcat-ap/``); the checksum is SHA-1 (the only algorithm
DCAT-AP-SE lists); the contact point is a ``vcard:Organization`` only, and the graph carries the vCard axiom
``vcard:Organization rdfs:subClassOf vcard:Kind`` that DCAT-AP's range check needs.

Byte-determinism: no clock is read (dates come from each release's ``created``); triples are inserted in sorted order
before serialising (see ``serialize``).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from ..config import PublicationConfig
from ..errors import DescriptorError, RefusedError
from ..fileio import sha256_file
from ..releasing import releases
from ..releasing.releases import ReleaseRecord, parse_version
from ..releasing.releases import RetractionNote as Retraction
from .dcatnodes import (
    ADMS,
    CC0,
    DCAT,
    EU,
    FILE_TYPES,
    IANA,
    LANGUAGES,
    Builder,
    Iris,
    dates,
    keyword,
    period,
    texts,
)

__all__ = ["DCAT_AP_DIR", "Iris", "ReleaseRecord", "Retraction", "catalog_graph", "dcat_ap", "keyword",
           "release_graph", "release_records", "serialize", "sha1_of_folder", "sha1_of_zip", "write_feeds",
           "write_graph"]  # fmt: skip

# where the DCAT-AP 3.0.1 form of the feed is written, beside the DCAT-AP-SE feed (``write_feeds``)
DCAT_AP_DIR = "dcat-ap"


def sha1_of_zip(zip_path: Path) -> dict[str, str]:
    """SHA-1 of every file in a release zip (by its path inside the release folder) and of the zip itself."""
    sums = {zip_path.name: _sha1(zip_path.read_bytes())}
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            if not info.is_dir() and "/" in info.filename:
                sums[info.filename.split("/", 1)[1]] = _sha1(archive.read(info))
    return sums


def sha1_of_folder(folder: Path) -> dict[str, str]:
    """SHA-1 of every file in a release folder, by its path relative to the folder."""
    return {
        p.relative_to(folder).as_posix(): _sha1(p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def release_records(releases_dir: Path, name: str, current: Path | None = None) -> list[ReleaseRecord]:
    """DCAT release records for every recorded release and every retracted one (a tombstone, no files).

    ``current`` (a built zip not recorded yet) is only for previews and tests: what is published comes from
    ``releases/``. Each zip's hash is checked against its ``.sha256``: a tampered release is refused.
    """
    zips = {ref.version: ref.path for ref in releases.verify_releases(releases_dir, name)}
    if current is not None:
        version = current.name.removesuffix(".zip").removeprefix(f"{name}-")
        zips.setdefault(version, current)
    records = [
        ReleaseRecord(
            descriptor=releases.read_release_descriptor(path),
            zip_name=path.name,
            zip_bytes=path.stat().st_size,
            zip_sha256=sha256_file(path),
            sha1=sha1_of_zip(path),
        )
        for version, path in zips.items()
    ]
    for gone in releases.list_retractions(releases_dir, name):
        if gone.version not in zips:
            records.append(
                ReleaseRecord(
                    descriptor=gone.descriptor,
                    zip_name=gone.zip_name,
                    zip_bytes=gone.zip_bytes,
                    zip_sha256=gone.sha256,
                    retracted=Retraction(date=gone.date, reason=gone.reason),
                )
            )
    return sorted(records, key=lambda r: parse_version(r.version))


def release_graph(config: PublicationConfig, record: ReleaseRecord) -> Graph:
    """The version document frozen into the release: this version and its files, nothing that can change."""
    _check([record])
    b = Builder(config)
    b.version_dataset(record, b.iri(b.iris.dataset()), full=True)
    return b.g


def catalog_graph(config: PublicationConfig, records: Iterable[ReleaseRecord]) -> Graph:
    """The feed: the catalogue, its one dataset with the current version's files, and every version named."""
    ordered = _ordered(list(records))
    live = [r for r in ordered if r.retracted is None]
    if not live:
        raise DescriptorError.coded("dcat-all-retracted")
    current = live[-1]
    newest = current.descriptor
    b = Builder(config)
    g = b.g
    dataset = b.iri(b.iris.dataset())
    catalog = b.iri(b.iris.catalog())
    example = bool(newest.get("exempeldata"))
    p = config.publisher

    g.add((catalog, RDF.type, DCAT.Catalog))
    b.texts(catalog, DCTERMS.title, (f"Öppna data från {p.name}", f"Open data from {p.name_en}"))
    about = (
        f"{p.name} publicerar här {newest['title']}: en datamängd, varje version med egen sida.",
        f"{p.name_en} publishes {newest['title_en']} here: one dataset, each version with a page of its own.",
    )
    b.texts(catalog, DCTERMS.description, about, example)
    g.add((catalog, DCTERMS.publisher, b.publisher()))
    start = ("Portalens startsida: vart pengarna går, beslut, data och versioner.",
             "The portal's start page: where the money goes, decisions, data and versions.")  # fmt: skip
    g.add((catalog, FOAF.homepage, b.document(config.base_url, ("Portalen", "The portal"), start)))
    g.add((catalog, DCTERMS.license, b.licence(CC0, ("CC0 1.0", "CC0 1.0"))))
    g.add((catalog, DCTERMS.spatial, b.location()))
    g.add((catalog, DCAT.themeTaxonomy, b.scheme(EU + "data-theme", ("Datateman", "Data themes"))))
    for code, label in LANGUAGES.items():
        g.add((catalog, DCTERMS.language, b.eu(f"language/{code}", DCTERMS.LinguisticSystem, label)))
    dates(g, catalog, ordered[0].descriptor, newest)
    g.add((catalog, DCAT.dataset, dataset))

    b.dataset_common(dataset, newest, example, texts(newest, "title"))
    dates(g, dataset, ordered[0].descriptor, newest)
    g.add((dataset, DCTERMS.temporal, b.period(period(live))))
    g.add((dataset, DCAT.version, Literal(current.version)))
    notes = (f"Aktuell version: {current.version}.", f"Current version: {current.version}.")
    b.texts(dataset, ADMS.versionNotes, notes)
    for dist in b.distributions(current, dataset):
        g.add((dataset, DCAT.distribution, dist))
    for record in ordered:
        version = b.version_dataset(record, dataset, full=False)
        g.add((dataset, DCAT.hasVersion, version))
    g.add((dataset, DCAT.hasCurrentVersion, b.iri(b.iris.version(current.version))))
    return g


def dcat_ap(graph: Graph) -> Graph:
    """The same description in DCAT-AP 3.0.1's form: ``dct:format`` the EU file-type IRI instead of the MIME literal.

    DCAT-AP-SE 3.0.1 wants ``dct:format`` as the IANA media type literal ("text/csv"); DCAT-AP 3.0.1's shapes want an
    IRI of class ``dct:MediaTypeOrExtent`` (the EU file-type table). One value cannot be both, and DIGG knows it
    (diggsweden/DCAT-AP-SE#105, open: keep the literal, or convert when exporting to data.europa.eu). So the portal
    publishes both forms from one graph: ``dcat/catalog.rdf`` for dataportal.se and ``dcat/dcat-ap/catalog.rdf`` for
    catalogues that check DCAT-AP 3.0.1. Nothing else differs (``dcat:mediaType`` is the IANA IRI in both). A media
    type the EU table lacks keeps its IANA IRI, typed ``dct:MediaTypeOrExtent``.
    """
    converted = Graph(bind_namespaces="core")
    for prefix, ns in graph.namespaces():
        converted.bind(prefix, ns)
    for s, p, o in graph:
        if p == DCTERMS.format and isinstance(o, Literal):
            code = FILE_TYPES.get(str(o))
            o = URIRef(f"{EU}file-type/{code}" if code else IANA + str(o))
            converted.add((o, RDF.type, DCTERMS.MediaTypeOrExtent))
        converted.add((s, p, o))
    return converted


def write_feeds(graph: Graph, folder: Path) -> tuple[Path, Path]:
    """The feed in both forms: DCAT-AP-SE (``catalog.rdf``/``.ttl`` in ``folder``, what dataportal.se harvests) and
    DCAT-AP 3.0.1 (the same in ``folder/dcat-ap``, see ``dcat_ap``); returns the DCAT-AP-SE paths."""
    write_graph(dcat_ap(graph), folder / DCAT_AP_DIR)
    return write_graph(graph, folder)


def serialize(graph: Graph) -> tuple[bytes, bytes]:
    """RDF/XML and Turtle bytes of ``graph``: the same bytes for the same triples, whatever their insertion order.

    rdflib's Turtle writer sorts by itself; its RDF/XML writers follow the store's order, and the default ``Memory``
    store iterates a set (order varies with PYTHONHASHSEED). ``SimpleMemory`` iterates dicts, so filling it in sorted
    order fixes the output; the plain ``xml`` writer sorts its namespace declarations (``pretty-xml`` does not).
    Blank nodes carry fixed labels (``_Builder.blank``), so they serialise the same way every time.
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


def _check(records: Sequence[ReleaseRecord]) -> None:
    for r in records:
        keys = ["name", "version", "created", "title", "title_en"]
        if r.retracted is None:
            keys += ["description", "description_en"]
        for key in keys:
            if not r.descriptor.get(key):
                raise DescriptorError.coded("dcat-release-lacks-key", file=r.zip_name, key=key)
        _sha256(r.zip_sha256)
        for res in r.descriptor.get("resources", []):
            _sha256(res.get("hash"))


def _ordered(records: Sequence[ReleaseRecord]) -> list[ReleaseRecord]:
    if not records:
        raise DescriptorError.coded("dcat-no-release")
    _check(records)
    names = {r.descriptor["name"] for r in records}
    if len(names) != 1:
        raise DescriptorError.coded("dcat-different-datasets", names=", ".join(sorted(names)))
    ordered = sorted(records, key=lambda r: _version(r.version))
    versions = [r.version for r in ordered]
    if len(set(versions)) != len(versions):
        raise DescriptorError.coded("dcat-version-twice", versions=", ".join(versions))
    return ordered


def _version(version: str) -> tuple[int, int, int]:
    try:
        return parse_version(version)
    except RefusedError as err:
        raise DescriptorError.coded("version-malformed", version=repr(version)) from err


def _sha256(value: Any) -> str | None:
    if not value:
        return None
    algorithm, _, digest = str(value).rpartition(":")
    if algorithm not in ("", "sha256") or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise DescriptorError.coded("dcat-bad-hash", value=repr(value))
    return digest
