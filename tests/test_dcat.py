"""The DCAT-AP-SE feed: DIGG's bundle (as dataportal.se's validator reads it), the official DCAT-AP 3.0.1 shapes,
one dataset per catalogue with its versions linked, frozen version documents, IRIs, bytes."""

from __future__ import annotations

import copy
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH

from oppnadata.config import PublicationConfig, load_config
from oppnadata.errors import DescriptorError
from oppnadata.publishing.dcat import (
    Iris,
    ReleaseRecord,
    Retraction,
    catalog_graph,
    dcat_ap,
    keyword,
    release_graph,
    serialize,
    sha1_of_folder,
    sha1_of_zip,
    write_graph,
)
from oppnadata.publishing.dcatnodes import EU
from tests import dcat_records
from tests.digg_validator import Bundle
from tests.digg_validator import validate as digg_validate
from tests.helpers import DCAT_AP, PACKAGE
from tests.helpers import DCAT_AP_SE_BUNDLE as BUNDLE

REPO = Path(__file__).resolve().parents[1]
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # rdflib's DCAT is DCAT 2 and warns on DCAT 3 terms
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

# External IRIs the feed may point to besides base_url: vocabularies, the licence, the publisher and its homepage.
EXTERNAL = (
    "http://publications.europa.eu/resource/authority/",
    "http://www.iana.org/assignments/media-types/",
    "http://creativecommons.org/publicdomain/zero/1.0/",
    "http://purl.org/adms/publishertype/",
    "http://purl.org/adms/licencetype/",
    "http://data.europa.eu/nuts/",
    "http://dataportal.se/organisation/",
    "http://spdx.org/rdf/terms#",
    "http://www.w3.org/2006/vcard/ns#",
    "https://datapackage.org/standard/",
    "https://www.regionjh.se/",
    "mailto:",
    "tel:",
)
# The one remaining conflict between DCAT-AP 3.0.1 and DCAT-AP-SE 3.0.1 (README, "DCAT"): DCAT-AP-SE wants the
# media type literal in dct:format, DCAT-AP 3.0.1's shapes an IRI of class dct:MediaTypeOrExtent.
FORMAT_CONFLICT = {
    "shapes.ttl": (str(DCTERMS.format), str(SH.NodeKindConstraintComponent)),
    "range.ttl": (str(DCTERMS.format), str(SH.ClassConstraintComponent)),
}


@pytest.fixture(scope="module")
def config() -> PublicationConfig:
    return load_config(PACKAGE / "publication.yaml")


@pytest.fixture(scope="module")
def releases() -> list[ReleaseRecord]:
    return dcat_records.releases()


@pytest.fixture(scope="module")
def graphs(config: PublicationConfig, releases: list[ReleaseRecord]) -> dict[str, Graph]:
    return {"release": release_graph(config, releases[1]), "catalogue": catalog_graph(config, releases)}


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return Bundle(BUNDLE)


def _shacl(data: Graph, shapes_file: str) -> tuple[bool, Graph, str]:
    shapes = Graph().parse(DCAT_AP / shapes_file, format="turtle")
    conforms, results, text = validate(data, shacl_graph=shapes, inference="none")
    return bool(conforms), results, str(text)


def _results(results: Graph, severity: URIRef | None = None) -> list[tuple[str, str, str]]:
    """(focus node, path, constraint component) of every top-level result (of ``severity``, default: any)."""
    return sorted(
        (
            str(results.value(r, SH.focusNode)),
            str(results.value(r, SH.resultPath)),
            str(results.value(r, SH.sourceConstraintComponent)),
        )
        for r in results.objects(None, SH.result)
        if severity is None or results.value(r, SH.resultSeverity) == severity
    )


def assert_only_the_format_conflict(graph: Graph, shapes_file: str) -> None:
    """DCAT-AP 3.0.1 ``shapes_file`` reports nothing but the documented dct:format conflict, once per distribution
    (used by the packaging and portal tests on real builds too)."""
    _, results, text = _shacl(graph, shapes_file)
    found = _results(results)
    assert {(path, component) for _, path, component in found} == {FORMAT_CONFLICT[shapes_file]}, text
    assert sorted(focus for focus, _, _ in found) == sorted(map(str, _distributions(graph)))


def assert_conforms(graph: Graph, shapes_file: str) -> None:
    """DCAT-AP 3.0.1 ``shapes_file`` reports nothing at all on ``graph`` (the feed in DCAT-AP's form)."""
    conforms, results, text = _shacl(graph, shapes_file)
    assert conforms and not _results(results), text


def _distributions(g: Graph) -> set[URIRef]:
    return {d for d in g.subjects(RDF.type, DCAT.Distribution) if isinstance(d, URIRef)}


# --- DCAT-AP 3.0.1 shapes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("shapes_file", ["shapes.ttl", "range.ttl"])
@pytest.mark.parametrize("which", ["release", "catalogue"])
def test_dcat_ap_3_shapes_report_only_the_format_conflict(
    graphs: dict[str, Graph], which: str, shapes_file: str
) -> None:
    """Every result is the documented dct:format conflict, one per distribution; nothing else."""
    assert_only_the_format_conflict(graphs[which], shapes_file)


@pytest.mark.parametrize("shapes_file", ["shapes.ttl", "range.ttl"])
@pytest.mark.parametrize("which", ["release", "catalogue"])
def test_the_dcat_ap_form_passes_the_dcat_ap_3_shapes(
    graphs: dict[str, Graph], which: str, shapes_file: str
) -> None:
    """The same graph in DCAT-AP 3.0.1's form (``dcat.dcat_ap``: dct:format the EU file-type IRI): 0 results."""
    g = dcat_ap(graphs[which])
    formats = set(g.objects(None, DCTERMS.format))
    assert formats == {URIRef(EU + f"file-type/{code}") for code in ("CSV", "JSON", "ZIP")}
    assert_conforms(g, shapes_file)


def test_the_dcat_ap_form_differs_only_in_the_format(graphs: dict[str, Graph]) -> None:
    """Everything but dct:format (and the file types' class) is the DCAT-AP-SE feed's, triple for triple."""
    se = graphs["catalogue"]
    ap = dcat_ap(se)
    assert len(set(se.objects(None, DCTERMS.format))) == 3
    assert all(isinstance(o, Literal) for o in se.objects(None, DCTERMS.format))
    assert set(se.subject_objects(DCTERMS.format)).isdisjoint(set(ap.subject_objects(DCTERMS.format)))
    assert {s for s, _ in se.subject_objects(DCTERMS.format)} == {
        s for s, _ in ap.subject_objects(DCTERMS.format)
    }

    def rest(g: Graph) -> set:
        return {t for t in g if t[1] != DCTERMS.format and t[2] != DCTERMS.MediaTypeOrExtent}

    assert rest(se) == rest(ap)


def test_a_media_type_the_eu_table_lacks_keeps_its_iana_iri() -> None:
    g = Graph()
    dist = URIRef("https://example.org/d")
    g.add((dist, DCTERMS.format, Literal("text/markdown")))
    (fmt,) = dcat_ap(g).objects(dist, DCTERMS.format)
    assert fmt == URIRef("http://www.iana.org/assignments/media-types/text/markdown")
    assert (fmt, RDF.type, DCTERMS.MediaTypeOrExtent) in dcat_ap(g)


def test_shapes_catch_a_broken_graph(graphs: dict[str, Graph]) -> None:
    """The shapes test can fail: drop a distribution's accessURL and untype its licence."""
    broken = copy.deepcopy(graphs["release"])
    dist = next(broken.subjects(RDF.type, DCAT.Distribution))
    broken.remove((dist, DCAT.accessURL, None))
    broken.remove((URIRef("http://creativecommons.org/publicdomain/zero/1.0/"), RDF.type, None))
    paths = {path for _, path, _ in _results(_shacl(broken, "shapes.ttl")[1])}
    assert str(DCAT.accessURL) in paths
    paths = {path for _, path, _ in _results(_shacl(broken, "range.ttl")[1])}
    assert str(DCTERMS.license) in paths


def test_contact_is_a_kind_through_the_vcard_axiom(graphs: dict[str, Graph]) -> None:
    """range.ttl wants a vcard:Kind; the contact is only a vcard:Organization, with vCard's subclass axiom."""
    g = copy.deepcopy(graphs["catalogue"])
    contact = next(g.objects(None, DCAT.contactPoint))
    assert set(g.objects(contact, RDF.type)) == {VCARD.Organization}
    g.remove((VCARD.Organization, RDFS.subClassOf, VCARD.Kind))
    paths = {path for _, path, _ in _results(_shacl(g, "range.ttl")[1])}
    assert str(DCAT.contactPoint) in paths


# Known defects of the (DCAT-AP 2.1.1-era) mdr-vocabularies shapes, not of the feed: the checksum-algorithm pattern
# expects https://spdx.org/rdf/terms… although SPDX (and DCAT-AP 3) use http://; and dct:format, the conflict above.
KNOWN_MDR_VIOLATIONS = {str(SPDX.algorithm), str(DCTERMS.format)}


def test_controlled_vocabularies_offline(graphs: dict[str, Graph]) -> None:
    """mdr-vocabularies.shape.ttl works offline because the feed carries skos:inScheme for each EU term."""
    _, results, text = _shacl(graphs["catalogue"], "mdr-vocabularies.shape.ttl")
    violations = _results(results, SH.Violation)
    assert {path for _, path, _ in violations} <= KNOWN_MDR_VIOLATIONS, text
    checksums = set(graphs["catalogue"].subjects(RDF.type, SPDX.Checksum))
    assert sum(1 for _, path, _ in violations if path == str(SPDX.algorithm)) == len(checksums)
    focus = {f for f, path, _ in violations if path == str(DCTERMS.format)}
    assert focus == set(map(str, _distributions(graphs["catalogue"])))


# --- DCAT-AP-SE: DIGG's bundle, as dataportal.se's validator applies it ----------------------------------------
def test_bundle_feed_has_no_errors(graphs: dict[str, Graph], bundle: Bundle) -> None:
    report = digg_validate(graphs["catalogue"], bundle)
    assert report.error_count == 0, report.summary()
    # the one recommended property left out: org:classification offers only "regulated to take fees", not the case
    assert {w.path for w in report.warnings} == {
        "org:classification (https://www.w3.org/ns/org#classification)"
    }


def test_bundle_version_document_has_no_errors(graphs: dict[str, Graph], bundle: Bundle) -> None:
    """A version document is no catalogue (it is not harvested): only the missing catalogue is reported."""
    report = digg_validate(graphs["release"], bundle)
    assert not report.errors, report.summary()
    assert report.missing_types == ["dcat:Catalog"]


def test_bundle_reports_the_dcat_ap_way(graphs: dict[str, Graph], bundle: Bundle) -> None:
    """The checker finds what DIGG's validator found in the old feed: format IRIs, sha256, a contact typed twice."""
    g = copy.deepcopy(graphs["catalogue"])
    for dist, fmt in list(g.subject_objects(DCTERMS.format)):
        g.remove((dist, DCTERMS.format, fmt))
        g.add(
            (dist, DCTERMS.format, URIRef("http://publications.europa.eu/resource/authority/file-type/CSV"))
        )
    for checksum in list(g.subjects(RDF.type, SPDX.Checksum)):
        g.set((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    contact = next(g.objects(None, DCAT.contactPoint))
    g.add((contact, RDF.type, VCARD.Kind))
    distributions = len(_distributions(g))
    report = digg_validate(g, bundle)
    assert report.summary() == {
        ("? (http://spdx.org/rdf/terms#algorithm)", "value"): distributions,
        ("dcat:format-group_common_choices (dcterms:format)", "value"): distributions,
        (
            "vc:kindIndOrOrg (rdf:type)",
            "many",
        ): 2,  # the contact is checked once as Organization, once as Kind
        ("vc:kindIndOrOrg (rdf:type)", "value"): 2,
    }


def test_bundle_reports_missing_mandatory_properties(graphs: dict[str, Graph], bundle: Bundle) -> None:
    g = copy.deepcopy(graphs["catalogue"])
    dist = sorted(_distributions(g))[0]
    g.remove((dist, DCAT.accessURL, None))
    g.remove((dist, DCTERMS.format, None))
    dataset = URIRef(Iris(load_config(PACKAGE / "publication.yaml")).dataset())
    g.remove((dataset, DCTERMS.publisher, None))
    report = digg_validate(g, bundle)
    assert report.summary() == {
        ("dcat:accessURL_di (dcat:accessURL)", "min"): 1,
        ("dcat:dcterms:publisher_da (dcterms:publisher)", "min"): 1,
        ("dcat:format-group_di", "min"): 1,
    }


def test_recommended_properties_present(graphs: dict[str, Graph], config: PublicationConfig) -> None:
    g = graphs["catalogue"]
    dataset = URIRef(Iris(config).dataset())
    assert URIRef("https://datapackage.org/standard/data-package/") in set(
        g.objects(dataset, DCTERMS.conformsTo)
    )
    publisher = URIRef(config.publisher.uri)
    assert {d.language for d in g.objects(publisher, DCTERMS.description)} == {"sv", "en"}
    contact = g.value(dataset, DCAT.contactPoint)
    phone = g.value(contact, VCARD.hasTelephone)
    assert g.value(phone, VCARD.hasValue) == URIRef("tel:+4663147500")
    address = g.value(contact, VCARD.hasAddress)
    assert g.value(address, VCARD.locality) == Literal("Östersund")


# --- one dataset, versions linked ------------------------------------------------------------------------------
def test_feed_catalogues_one_dataset_with_the_current_files(
    graphs: dict[str, Graph], config: PublicationConfig
) -> None:
    g, iris = graphs["catalogue"], Iris(config)
    dataset = URIRef(iris.dataset())
    v100, v110 = (URIRef(iris.version(v)) for v in ("1.0.0", "1.1.0"))
    assert set(g.subjects(RDF.type, DCAT.Dataset)) == {dataset}
    assert set(g.objects(URIRef(iris.catalog()), DCAT.dataset)) == {dataset}
    assert g.value(dataset, DCAT.version) == Literal(
        "1.1.0"
    )  # ckanext-dcat's euro_dcat_ap_3 reads dcat:version
    assert g.value(dataset, OWL.versionInfo) is None  # deprecated in DCAT-AP-SE
    assert set(g.objects(dataset, DCAT.hasVersion)) == {v100, v110}
    assert g.value(dataset, DCAT.hasCurrentVersion) == v110
    files = set(g.objects(dataset, DCAT.distribution))
    assert files and all(str(f).startswith(str(v110) + "#") for f in files)
    zipped = URIRef(iris.distribution("1.1.0", "hit-gar-pengarna-1.1.0.zip"))
    assert g.value(zipped, DCAT.downloadURL) == URIRef(config.url("releases/hit-gar-pengarna-1.1.0.zip"))
    # each version named, linked and with a title and identifier of its own
    assert g.value(v110, DCAT.previousVersion) == v100 and g.value(v100, DCAT.previousVersion) is None
    titles = {g.value(v, DCTERMS.title) for v in (dataset, v100, v110)}
    assert len(titles) == 3 and "version 1.0.0" in str(g.value(v100, DCTERMS.title))
    ids = {g.value(n, DCTERMS.identifier) for n in (dataset, v100, v110)}
    assert len(ids) == 3 and None not in ids
    for v, version in ((v100, "1.0.0"), (v110, "1.1.0")):
        assert g.value(v, DCAT.isVersionOf) == dataset
        assert g.value(v, DCAT.version) == Literal(version)
        assert g.value(v, RDFS.seeAlso) == URIRef(config.url(f"releases/{version}/dcat/dataset.rdf"))
        assert g.value(v, DCAT.landingPage) == URIRef(Iris.page(str(v)))


def test_version_document_says_nothing_a_later_release_makes_false(
    graphs: dict[str, Graph], config: PublicationConfig
) -> None:
    g, iris = graphs["release"], Iris(config)
    v100 = URIRef(iris.version("1.0.0"))
    assert set(g.subjects(RDF.type, DCAT.Dataset)) == {v100}
    assert not set(g.subjects(RDF.type, DCAT.Catalog))
    for prop in (DCAT.hasCurrentVersion, DCAT.hasVersion, DCAT.dataset):
        assert not set(g.subject_objects(prop)), prop
    assert not set(g.predicate_objects(URIRef(iris.dataset()))), "statements about the dataset (any version)"
    assert g.value(v100, DCAT.isVersionOf) == URIRef(iris.dataset())
    dist = URIRef(iris.distribution("1.0.0", "beslut-excel-sv"))
    assert g.value(dist, DCAT.downloadURL) == URIRef(config.url("releases/1.0.0/data/excel-sv/beslut.csv"))
    assert g.value(dist, DCTERMS.conformsTo) == URIRef(config.url("releases/1.0.0/schemas/beslut.json"))
    assert g.value(dist, DCTERMS.format) == Literal("text/csv")
    assert g.value(dist, DCAT.mediaType) == URIRef("http://www.iana.org/assignments/media-types/text/csv")


def test_retracted_version_keeps_its_iri_with_a_withdrawn_status(config: PublicationConfig) -> None:
    retraction = Retraction(
        "2027-04-02", "personuppgifter publicerades av misstag", "personal data by mistake"
    )
    records = [
        dcat_records.record("1.0.0", "2026-11-26T00:00:00Z"),
        dcat_records.record("1.1.0", "2027-03-01T00:00:00Z", "2026-12-31", "1.0.0", retracted=retraction),
    ]
    g, iris = catalog_graph(config, records), Iris(config)
    dataset, v100, v110 = URIRef(iris.dataset()), URIRef(iris.version("1.0.0")), URIRef(iris.version("1.1.0"))
    assert set(g.subjects(RDF.type, DCAT.Dataset)) == {dataset}
    assert set(g.objects(dataset, DCAT.hasVersion)) == {v100, v110}
    assert g.value(dataset, DCAT.hasCurrentVersion) == v100
    assert g.value(dataset, DCAT.version) == Literal("1.0.0")
    assert g.value(v110, ADMS.status) == URIRef(
        "http://publications.europa.eu/resource/authority/dataset-status/WITHDRAWN"
    )
    notes = {n.language: str(n) for n in g.objects(v110, ADMS.versionNotes)}
    assert "2027-04-02" in notes["sv"] and "personuppgifter" in notes["sv"] and "by mistake" in notes["en"]
    assert g.value(v110, RDFS.seeAlso) is None  # its version document is gone with its files
    assert not any(str(d).startswith(str(v110)) for d in _distributions(g))
    with pytest.raises(DescriptorError, match="retracted"):
        catalog_graph(config, [dcat_records.record("1.0.0", "2026-11-26T00:00:00Z", retracted=retraction)])


# --- IRIs, keywords, checksums ---------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["release", "catalogue"])
def test_iris_under_base_url_are_portal_pages_or_files(
    graphs: dict[str, Graph], config: PublicationConfig, which: str
) -> None:
    """Every IRI under base_url is a documented page (a folder with index.html, maybe a fragment of it), a page
    itself, or a file under releases/; anything else must be an external vocabulary term."""
    base = re.escape(config.base_url)
    page = re.compile(base + r"(|dcat/|data/|versioner/\d+\.\d+\.\d+/)(index\.html)?(#[\w.\-]+)?")
    released = re.compile(base + r"releases/[\w.\-/]+\.(csv|json|md|cff|rdf|ttl|zip)")
    outside, bad = [], []
    for s, p, o in graphs[which]:
        for term in (s, o):
            if not isinstance(term, URIRef) or (term is o and p == RDF.type):
                continue
            text = str(term)
            if text.startswith(config.base_url):
                if not (page.fullmatch(text) or released.fullmatch(text)):
                    bad.append(text)
            elif not text.startswith(EXTERNAL):
                outside.append(text)
    assert not bad, sorted(set(bad))
    assert not outside, sorted(set(outside))


def test_keywords_are_valid_ckan_tags(graphs: dict[str, Graph]) -> None:
    words = [str(k) for k in graphs["catalogue"].objects(None, DCAT.keyword)]
    assert words and all(re.fullmatch(r"[\w \-.]{2,100}", w) for w in words), words
    assert keyword("1:1-medel") == "1.1-medel"
    assert keyword("1:1 funds") == "1.1 funds"


def test_checksums_are_sha1_of_the_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "hit-gar-pengarna-1.0.0"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "beslut.csv").write_bytes(b"arende_id\n1\n")
    archive = tmp_path / "hit-gar-pengarna-1.0.0.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(folder / "data" / "beslut.csv", "hit-gar-pengarna-1.0.0/data/beslut.csv")
    expected = hashlib.sha1(b"arende_id\n1\n").hexdigest()
    assert sha1_of_folder(folder) == {"data/beslut.csv": expected}
    assert sha1_of_zip(archive)["data/beslut.csv"] == expected
    assert sha1_of_zip(archive)[archive.name] == hashlib.sha1(archive.read_bytes()).hexdigest()


def test_checksum_in_the_feed(graphs: dict[str, Graph], config: PublicationConfig) -> None:
    g = graphs["catalogue"]
    dist = URIRef(Iris(config).distribution("1.1.0", "beslut"))
    checksum = g.value(dist, SPDX.checksum)
    assert isinstance(checksum, BNode)
    assert g.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha1
    assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.sha1(b"data/beslut.csv").hexdigest()


# --- bytes ------------------------------------------------------------------------------------------------------
def test_example_data_stated_in_both_languages(graphs: dict[str, Graph]) -> None:
    g = graphs["catalogue"]
    for node in [*g.subjects(RDF.type, DCAT.Catalog), *g.subjects(RDF.type, DCAT.Dataset)]:
        texts = {d.language: str(d) for d in g.objects(node, DCTERMS.description)}
        assert "exempeldata" in texts["sv"] and "example data" in texts["en"], node


def test_serialisations_byte_identical(
    config: PublicationConfig, releases: list[ReleaseRecord], tmp_path: Path
) -> None:
    first = write_graph(catalog_graph(config, releases), tmp_path / "a")
    second = write_graph(catalog_graph(config, list(reversed(releases))), tmp_path / "b", stem="catalog")
    assert [p.name for p in first] == ["catalog.rdf", "catalog.ttl"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_bytes_independent_of_hash_seed() -> None:
    """rdflib's RDF/XML writer follows store order and uses sets: check across interpreter hash seeds."""
    script = (
        "import sys, hashlib; sys.path.insert(0, sys.argv[1]); from tests import dcat_records as t; "
        "from oppnadata.publishing.dcat import serialize, catalog_graph; from oppnadata.config import load_config; "
        "c = load_config(__import__('pathlib').Path(sys.argv[1]) / 'tests/fixtures/package/publication.yaml'); "
        "x, y = serialize(catalog_graph(c, t.releases())); "
        "print(hashlib.sha256(x).hexdigest(), hashlib.sha256(y).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script, str(REPO)], env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout)
    assert len(digests) == 1


def test_rdfxml_round_trips(graphs: dict[str, Graph]) -> None:
    rdfxml, turtle = serialize(graphs["catalogue"])
    assert isomorphic(Graph().parse(data=rdfxml, format="xml"), graphs["catalogue"])
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), graphs["catalogue"])


def test_release_without_zip_checksum(config: PublicationConfig) -> None:
    """The description written into the release folder, before the zip exists."""
    record = ReleaseRecord(
        dcat_records.descriptor("1.0.0", "2026-11-26T00:00:00Z"), "hit-gar-pengarna-1.0.0.zip"
    )
    graph = release_graph(config, record)
    assert not set(graph.subjects(RDF.type, SPDX.Checksum))
    assert {path for _, path, _ in _results(_shacl(graph, "shapes.ttl")[1])} == {str(DCTERMS.format)}


def test_refuses_bad_input(config: PublicationConfig) -> None:
    record = dcat_records.record("1.0.0", "2026-11-26T00:00:00Z")
    with pytest.raises(DescriptorError, match="twice"):
        catalog_graph(config, [record, record])
    with pytest.raises(DescriptorError, match="No release"):
        catalog_graph(config, [])
    bad = copy.deepcopy(record.descriptor)
    bad["resources"][0]["hash"] = "md5:abc"
    with pytest.raises(DescriptorError, match="sha256"):
        release_graph(config, ReleaseRecord(bad, record.zip_name))
    unknown = copy.deepcopy(record.descriptor)
    unknown["resources"][0].update(format="odt", mediatype=None)
    with pytest.raises(DescriptorError, match="media type"):
        release_graph(config, ReleaseRecord(unknown, record.zip_name))
