"""The nodes of the DCAT-AP-SE description: vocabulary terms, agents, distributions, versions (see ``dcat``).

``Builder`` adds them to one graph; every IRI under ``base_url`` is minted through ``Iris``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from ..config import PublicationConfig
from ..errors import DescriptorError
from ..releasing.releases import ReleaseRecord

# rdflib.namespace.DCAT is DCAT 2 (it warns on hasVersion, isVersionOf, hasCurrentVersion, version …)
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
PREFIXES = {"dcat": DCAT, "dcterms": DCTERMS, "foaf": FOAF, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD,
            "adms": ADMS, "spdx": SPDX, "vcard": VCARD, "dcatap": DCATAP, "owl": OWL, "geo": GEO}  # fmt: skip

THEMES = {
    "REGI": ("Regioner och städer", "Regions and cities"),
    "ECON": ("Ekonomi och finans", "Economy and finance"),
    "GOVE": ("Regeringen och den offentliga sektorn", "Government and public sector"),
}
LANGUAGES = {"SWE": ("svenska", "Swedish"), "ENG": ("engelska", "English")}
# descriptor "format" → the IANA media type (dct:format literal for DCAT-AP-SE, dcat:mediaType IRI for DCAT-AP)
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "txt": "text/plain",
    "md": "text/markdown",
    "yaml": "application/yaml",
    "cff": "application/yaml",
    "rdf": "application/rdf+xml",
    "ttl": "text/turtle",
    "html": "text/html",
}
# IANA media type → the EU file-type authority table's code: dct:format as DCAT-AP 3.0.1 writes it (``dcat.dcat_ap``)
FILE_TYPES = {
    "text/csv": "CSV",
    "application/json": "JSON",
    "application/zip": "ZIP",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.apache.parquet": "PARQUET",
    "text/plain": "TXT",
    "application/yaml": "YAML",
    "application/rdf+xml": "RDF_XML",
    "text/turtle": "RDF_TURTLE",
    "text/html": "HTML",
}
EXAMPLE = (
    "OBS: exempeldata – uppgifterna är påhittade och beskriver inga verkliga beslut eller utbetalningar.",
    "NOTE: example data – the records are invented and describe no real decisions or payments.",
)
PAGE = (
    "Sidan på portalen: tabeller, nedladdningar, citering och länk till RDF-beskrivningen.",
    "The page on the portal: tables, downloads, citation and a link to the RDF description.",
)
# A CKAN tag may hold letters, digits, space, '-', '_' and '.' only; the feed's keywords stay within that.
NOT_IN_TAG = re.compile(r"[^\w \-.]")


class Iris:
    """The IRIs the DCAT documents mint under ``base_url`` (the table in the module docstring)."""

    def __init__(self, config: PublicationConfig) -> None:
        self.config = config

    def catalog(self) -> str:
        return self.config.url("dcat/")

    def dataset(self) -> str:
        return self.config.url("data/")

    def version(self, version: str) -> str:
        return self.config.url(f"versioner/{version}/")

    def distribution(self, version: str, name: str) -> str:
        return f"{self.version(version)}#{name}"

    def version_document(self, version: str) -> str:
        return self.config.url(f"releases/{version}/dcat/dataset.rdf")

    @staticmethod
    def page(iri: str) -> str:
        """The HTML page an IRI resolves to (its landing page): the folder's index.html."""
        return iri.split("#", 1)[0] + "index.html"


def keyword(word: str) -> str:
    """A keyword as the feed writes it: valid as a CKAN tag, so ``1:1-medel`` becomes ``1.1-medel``."""
    return re.sub(r"\s+", " ", NOT_IN_TAG.sub(".", word.replace(":", "."))).strip()


@dataclass(frozen=True)
class _File:
    """One published file, as a distribution sees it."""

    name: str
    path: str  # relative to base_url
    format: str
    mediatype: str | None
    size: int | None
    sha1: str | None
    title: tuple[str, str]  # (sv, en)
    description: tuple[str, str]
    schema: str | None = None


class Builder:
    """Adds nodes to one graph; every IRI under ``base_url`` is minted through ``Iris``."""

    def __init__(self, config: PublicationConfig) -> None:
        self.config = config
        self.iris = Iris(config)
        self.g = Graph(bind_namespaces="none")
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)

    def iri(self, absolute: str) -> URIRef:
        return URIRef(absolute)

    @staticmethod
    def blank(label: str) -> BNode:
        """A blank node with a fixed label (a valid XML NCName), so the bytes never vary."""
        return BNode("n" + re.sub(r"[^A-Za-z0-9]+", "_", label))

    def texts(
        self, node: URIRef | BNode, prop: URIRef, sv_en: tuple[str, str], example: bool = False
    ) -> None:
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

    def document(self, url: str, title: tuple[str, str], description: tuple[str, str] = PAGE) -> URIRef:
        node = URIRef(url)
        self.g.add((node, RDF.type, FOAF.Document))
        self.texts(node, DCTERMS.title, title)
        self.texts(node, DCTERMS.description, description)
        return node

    def publisher(self) -> URIRef:
        p = self.config.publisher
        node = URIRef(p.uri)
        self.g.add((node, RDF.type, FOAF.Agent))
        self.texts(node, FOAF.name, (p.name, p.name_en))
        if p.description:
            self.texts(node, DCTERMS.description, (p.description, p.description_en or p.description))
        scheme = self.scheme(
            "http://purl.org/adms/publishertype/1.0", ("Utgivartyper (ADMS)", "Publisher types")
        )
        kind = p.type.rstrip("/").rsplit("/", 1)[-1]
        self.g.add((node, DCTERMS.type, self.concept(p.type, None, scheme, (kind, kind))))
        self.g.add(
            (
                node,
                FOAF.homepage,
                self.document(
                    p.homepage, (p.name, p.name_en), ("Utgivarens webbplats.", "The publisher's website.")
                ),
            )
        )
        self.g.add((node, DCTERMS.identifier, Literal(p.organisationsnummer)))
        return node

    def contact(self) -> BNode:
        c = self.config.contact
        node = self.blank("contact")
        self.g.add((node, RDF.type, VCARD.Organization))
        # vCard's own axiom: DCAT-AP's range check wants a vcard:Kind and reads subclasses from the data graph,
        # DCAT-AP-SE wants the contact typed Organization *or* Individual, not also Kind
        self.g.add((VCARD.Organization, RDFS.subClassOf, VCARD.Kind))
        self.texts(node, VCARD.fn, (c.name, c.name_en))
        self.g.add((node, VCARD.hasEmail, URIRef(f"mailto:{c.email}")))
        if c.telephone:
            phone = self.blank("contact-telephone")
            self.g.add((phone, RDF.type, VCARD.Voice))
            self.g.add((phone, VCARD.hasValue, URIRef("tel:" + re.sub(r"[^0-9+]", "", c.telephone))))
            self.g.add((node, VCARD.hasTelephone, phone))
        if c.street_address or c.locality:
            address = self.blank("contact-address")
            self.g.add((address, RDF.type, VCARD.Address))
            for prop, value in (
                (VCARD["street-address"], c.street_address),
                (VCARD["postal-code"], c.postal_code),
                (VCARD.locality, c.locality),
                (VCARD["country-name"], c.country),
            ):
                if value:
                    self.g.add((address, prop, Literal(value)))
            self.g.add((node, VCARD.hasAddress, address))
        return node

    def licence(self, iri: str, title: tuple[str, str]) -> URIRef:
        node = URIRef(iri)
        self.g.add((node, RDF.type, DCTERMS.LicenseDocument))
        self.texts(node, DCTERMS.title, ("CC0 1.0 Universell", "CC0 1.0 Universal") if iri == CC0 else title)
        if (
            iri == CC0
        ):  # the ADMS licence type DCAT-AP recommends; known here only for CC0, which DIGG recommends
            about = (
                "Upphovsrättsligt skydd avstås så långt lagen tillåter: fritt att använda för alla ändamål.",
                "Copyright waived as far as the law allows: free to use for any purpose.",
            )
            self.texts(node, DCTERMS.description, about)
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

    def extent(self) -> BNode | None:
        """The bounding box and centre of the area (``coverage.spatial.bbox`` / ``centroid``), if configured."""
        bbox, centroid = self.config.spatial.get("bbox"), self.config.spatial.get("centroid")
        if not bbox and not centroid:
            return None
        node = self.blank("extent")
        self.g.add((node, RDF.type, DCTERMS.Location))
        if bbox:
            self.g.add((node, DCAT.bbox, Literal(bbox, datatype=GEO.wktLiteral)))
        if centroid:
            self.g.add((node, DCAT.centroid, Literal(centroid, datatype=GEO.wktLiteral)))
        return node

    def period(self, span: tuple[str, str]) -> BNode:
        start, end = span
        node = self.blank(f"period-{start}-{end}")
        self.g.add((node, RDF.type, DCTERMS.PeriodOfTime))
        self.g.add((node, DCAT.startDate, Literal(start, datatype=XSD.date)))
        self.g.add((node, DCAT.endDate, Literal(end, datatype=XSD.date)))
        return node

    def standard(self, iri: str, title: tuple[str, str], description: tuple[str, str]) -> URIRef:
        node = URIRef(iri)
        self.g.add((node, RDF.type, DCTERMS.Standard))
        self.texts(node, DCTERMS.title, title)
        if description[0]:
            self.texts(node, DCTERMS.description, description)
        return node

    def dataset_common(self, node: URIRef, d: dict[str, Any], example: bool, title: tuple[str, str]) -> None:
        g = self.g
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.identifier, Literal(identifier(node))))
        self.texts(node, DCTERMS.title, title)
        self.texts(node, DCTERMS.description, texts(d, "description"), example)
        for key, lang in (("keywords", "sv"), ("keywords_en", "en")):
            for word in sorted({keyword(w) for w in d.get(key, [])} - {""}):
                g.add((node, DCAT.keyword, Literal(word, lang=lang)))
        for code, label in THEMES.items():
            g.add((node, DCAT.theme, self.eu(f"data-theme/{code}", None, label)))
        for code, label in LANGUAGES.items():
            g.add((node, DCTERMS.language, self.eu(f"language/{code}", DCTERMS.LinguisticSystem, label)))
        g.add((node, DCTERMS.spatial, self.location()))
        if (extent := self.extent()) is not None:
            g.add((node, DCTERMS.spatial, extent))
        public = self.eu("access-right/PUBLIC", DCTERMS.RightsStatement, ("Offentlig", "Public"))
        g.add((node, DCTERMS.accessRights, public))
        annual = self.eu("frequency/ANNUAL", DCTERMS.Frequency, ("Årlig", "Annual"))
        g.add((node, DCTERMS.accrualPeriodicity, annual))
        g.add((node, DCAT.landingPage, self.document(Iris.page(str(node)), title)))
        g.add((node, DCTERMS.publisher, self.publisher()))
        g.add((node, DCAT.contactPoint, self.contact()))
        for std in self.config.conforms_to:
            pair = (std.title, std.title_en), (std.description, std.description_en or std.description)
            g.add((node, DCTERMS.conformsTo, self.standard(std.uri, *pair)))

    def version_dataset(self, record: ReleaseRecord, parent: URIRef, *, full: bool) -> URIRef:
        """A version: described in full (its own document), or named only (the feed: not a dcat:Dataset there)."""
        d, g, version = record.descriptor, self.g, record.version
        node = self.iri(self.iris.version(version))
        sv, en = texts(d, "title")
        title = (f"{sv} – version {version}", f"{en} – version {version}")
        if full:
            self.dataset_common(node, d, bool(d.get("exempeldata")), title)
            g.add((node, DCTERMS.temporal, self.period(period([record]))))
            for dist in self.distributions(record, node):
                g.add((node, DCAT.distribution, dist))
        else:
            self.texts(node, DCTERMS.title, title)
            g.add((node, DCTERMS.identifier, Literal(identifier(node))))
            g.add((node, DCAT.landingPage, self.document(Iris.page(str(node)), title)))
            if record.retracted is None:
                g.add((node, RDFS.seeAlso, URIRef(self.iris.version_document(version))))
        dates(g, node, d, d)
        g.add((node, DCAT.isVersionOf, parent))
        g.add((node, DCAT.version, Literal(version)))
        if previous := d.get("previous_version"):
            g.add((node, DCAT.previousVersion, self.iri(self.iris.version(str(previous)))))
        notes = (f"Version {version}, publicerad {date(d)}.", f"Version {version}, published {date(d)}.")
        if record.retracted is not None:
            r = record.retracted
            notes = (
                f"Version {version} drogs tillbaka {r.date}: {r.reason}",
                f"Version {version} was retracted on {r.date}: {r.reason_en or r.reason}",
            )
            withdrawn = self.eu("dataset-status/WITHDRAWN", None, ("Tillbakadragen", "Withdrawn"))
            g.add((node, ADMS.status, withdrawn))
        self.texts(node, ADMS.versionNotes, notes)
        return node

    def distributions(self, record: ReleaseRecord, dataset: URIRef) -> list[URIRef]:
        """The distributions of one version: every file of the release, and the zip."""
        d, version = record.descriptor, record.version
        licence = self.licence(*licence_of(d))
        files = [
            _File(
                str(res["name"]),
                f"releases/{version}/{res['path']}",
                str(res.get("format", "")),
                res.get("mediatype"),
                res.get("bytes"),
                record.sha1.get(str(res["path"])),
                texts(res, "title"),
                texts(res, "description"),
                schema_of(res),
            )
            for res in d.get("resources", [])
        ]
        files.append(
            _File(
                record.zip_name,
                f"releases/{record.zip_name}",
                "zip",
                "application/zip",
                record.zip_bytes,
                record.sha1.get(record.zip_name),
                (f"Hela version {version} som zip-fil", f"All of version {version} as a zip file"),
                (
                    "Alla tabeller i båda CSV-varianterna, scheman, datapackage.json, ändringslogg och citering.",
                    "Every table in both CSV flavours, schemas, datapackage.json, changelog and citation.",
                ),
            )
        )
        return [self.distribution(record, file, licence) for file in files]

    def distribution(self, record: ReleaseRecord, file: _File, licence: URIRef) -> URIRef:
        g, d, version = self.g, record.descriptor, record.version
        node = self.iri(self.iris.distribution(version, file.name))
        media = file.mediatype or MEDIA_TYPES.get(file.format.lower())
        if not media:
            raise DescriptorError.coded(
                "dcat-no-media-type",
                node=node,
                format=repr(file.format),
                known=", ".join(sorted(MEDIA_TYPES)),
            )
        g.add((node, RDF.type, DCAT.Distribution))
        self.texts(node, DCTERMS.title, file.title)
        self.texts(node, DCTERMS.description, file.description)
        url = self.iri(self.config.url(file.path))
        g.add((node, DCAT.accessURL, url))
        g.add((node, DCAT.downloadURL, url))
        g.add((node, DCTERMS.format, Literal(media)))  # DCAT-AP-SE: the IANA media type as a literal
        g.add((URIRef(IANA + media), RDF.type, DCTERMS.MediaType))
        g.add((node, DCAT.mediaType, URIRef(IANA + media)))
        g.add((node, DCTERMS.license, licence))
        # a released file never changes: its planned availability is "stable"
        stable = self.eu("planned-availability/STABLE", None, ("Stabil", "Stable"))
        g.add((node, DCATAP.availability, stable))
        dates(g, node, d, d)
        if file.size is not None:
            g.add((node, DCAT.byteSize, Literal(str(int(file.size)), datatype=XSD.nonNegativeInteger)))
        if file.sha1:
            checksum = self.blank(f"sha1-{version}-{file.name}")
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha1))
            g.add((SPDX.checksumAlgorithm_sha1, RDF.type, SPDX.ChecksumAlgorithm))
            g.add((checksum, SPDX.checksumValue, Literal(file.sha1, datatype=XSD.hexBinary)))
            g.add((node, SPDX.checksum, checksum))
        if file.schema:
            table = Path(file.schema).stem
            std = self.standard(
                self.config.url(f"releases/{version}/{file.schema}"),
                (f"Tabellschema för {table}", f"Table Schema of {table}"),
                (
                    f"Fälten i tabellen {table}: namn, typ, villkor (Frictionless Table Schema).",
                    f"The fields of the table {table}: name, type, constraints (Frictionless Table Schema).",
                ),
            )
            g.add((node, DCTERMS.conformsTo, std))
        return node


def identifier(node: URIRef) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, str(node)))


def schema_of(res: dict[str, Any]) -> str | None:
    schema = res.get("schema")
    if schema is not None and not isinstance(schema, str):
        raise DescriptorError.coded("dcat-schema-not-path", name=repr(res["name"]))
    return schema


def texts(d: dict[str, Any], key: str) -> tuple[str, str]:
    """The Swedish and English text of ``key`` (e.g. title, title_en); the Swedish stands in for a missing English."""
    sv = str(d.get(key) or d.get("name", ""))
    return sv, str(d.get(f"{key}_en") or sv)


def date(d: dict[str, Any]) -> str:
    created = str(d["created"])
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", created):
        raise DescriptorError.coded("dcat-bad-created", created=repr(created))
    return created[:10]


def dates(g: Graph, node: URIRef, first: dict[str, Any], last: dict[str, Any]) -> None:
    g.add((node, DCTERMS.issued, Literal(date(first), datatype=XSD.date)))
    g.add((node, DCTERMS.modified, Literal(date(last), datatype=XSD.date)))


def period(records: Sequence[ReleaseRecord]) -> tuple[str, str]:
    spans = [r.descriptor.get("temporal") or {} for r in records]
    if not all(s.get("start") and s.get("end") for s in spans):
        raise DescriptorError.coded("dcat-no-temporal")
    return min(str(s["start"]) for s in spans), max(str(s["end"]) for s in spans)


def licence_of(d: dict[str, Any]) -> tuple[str, tuple[str, str]]:
    licences = d.get("licenses") or []
    if not licences or not licences[0].get("path"):
        raise DescriptorError.coded("dcat-no-licence")
    first = licences[0]
    title = str(first.get("title") or first.get("name") or first["path"])
    return str(first["path"]), (title, title)
