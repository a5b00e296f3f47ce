"""The DCAT-AP-SE feed: official DCAT-AP 3.0.1 shapes, the DCAT-AP-SE bundle's mandatory properties, IRIs, bytes."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SH

from oppnadata.config import PublicationConfig, load_config
from oppnadata.dcat import ReleaseRecord, catalog_graph, release_graph, serialize, write_graph
from oppnadata.errors import DescriptorError
from tests.helpers import DCAT_AP
from tests.helpers import DCAT_AP_SE_BUNDLE as BUNDLE

REPO = Path(__file__).resolve().parents[1]
RDF_TYPE = str(RDF.type)
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # rdflib's DCAT is DCAT 2 and warns on DCAT 3 terms

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
    "https://www.regionjh.se/",
    "mailto:",
)


def _resource(
    name: str, path: str, table: str, flavour: str, data: bytes, fmt: str = "csv"
) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "flavour": flavour,
        "table": table,
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/json",
        "encoding": "utf-8-sig" if flavour == "excel-sv" else "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "schema": f"schemas/{table}.json",
        "title": f"Tabellen {table} ({flavour})",
        "title_en": f"The table {table} ({flavour})",
        "description": f"Tabellen {table} som CSV.",
        "description_en": f"The table {table} as CSV.",
    }


def _descriptor(version: str, created: str, end: str = "2025-12-31") -> dict[str, Any]:
    resources = []
    for table in ("beslut", "utbetalningar", "kommuner"):
        body = f"{table},{version}\n".encode()
        resources.append(_resource(table, f"data/{table}.csv", table, "canonical", body))
        resources.append(
            _resource(
                f"{table}-excel-sv", f"data/excel-sv/{table}.csv", table, "excel-sv", b"\xef\xbb\xbf" + body
            )
        )
    resources.append(
        _resource("summor", "data/summor.json", "summor", "canonical", b'{"summor": []}', fmt="json")
    )
    return {
        "name": "hit-gar-pengarna",
        "id": "0b0f9c2e-5d1e-4c55-9b0a-3f6c4f1b2a10",
        "version": version,
        "created": created,
        "title": "Hit går pengarna – 1:1-medel i Jämtlands län",
        "title_en": "Where the money goes – 1:1 funds in Jämtland county",
        "description": "Beslut om och utbetalningar av regionala utvecklingsmedel (1:1).",
        "description_en": "Decisions on and payments of regional development funds (1:1).",
        "keywords": ["regional utveckling", "projektstöd", "företagsstöd"],
        "keywords_en": ["regional development", "project grants", "business grants"],
        "licenses": [
            {
                "name": "CC0-1.0",
                "path": "http://creativecommons.org/publicdomain/zero/1.0/",
                "title": "CC0 1.0",
            }
        ],
        "exempeldata": True,
        "temporal": {"start": "2018-01-01", "end": end},
        "resources": resources,
    }


def _record(version: str, created: str, end: str = "2025-12-31") -> ReleaseRecord:
    name = f"hit-gar-pengarna-{version}.zip"
    return ReleaseRecord(
        _descriptor(version, created, end), name, 4096, hashlib.sha256(name.encode()).hexdigest()
    )


@pytest.fixture(scope="module")
def config() -> PublicationConfig:
    return load_config(REPO / "publication.yaml")


@pytest.fixture(scope="module")
def releases() -> list[ReleaseRecord]:
    # given newest first on purpose: the order of the input must not matter
    return [_record("1.1.0", "2027-03-01T00:00:00Z", "2026-12-31"), _record("1.0.0", "2026-11-26T00:00:00Z")]


@pytest.fixture(scope="module")
def graphs(config: PublicationConfig, releases: list[ReleaseRecord]) -> dict[str, Graph]:
    return {"release": release_graph(config, releases[1]), "catalogue": catalog_graph(config, releases)}


def _shacl(data: Graph, shapes_file: str) -> tuple[bool, Graph, str]:
    shapes = Graph().parse(DCAT_AP / shapes_file, format="turtle")
    conforms, results, text = validate(data, shacl_graph=shapes, inference="none")
    return bool(conforms), results, str(text)


def _results(results: Graph, severity: URIRef = SH.Violation) -> list[tuple[str, str, str]]:
    found = []
    for result in results.objects(None, SH.result):  # top-level results only, not their sh:detail
        if results.value(result, SH.resultSeverity) == severity:
            found.append(
                (
                    str(results.value(result, SH.focusNode)),
                    str(results.value(result, SH.resultPath)),
                    str(results.value(result, SH.value)),
                )
            )
    return sorted(found)


@pytest.mark.parametrize("shapes_file", ["shapes.ttl", "range.ttl"])
@pytest.mark.parametrize("which", ["release", "catalogue"])
def test_conforms_to_dcat_ap_3_shapes(graphs: dict[str, Graph], which: str, shapes_file: str) -> None:
    conforms, _, text = _shacl(graphs[which], shapes_file)
    assert conforms, text


def test_shapes_catch_a_broken_graph(graphs: dict[str, Graph]) -> None:
    """The shapes test can fail: drop a distribution's accessURL and untype its licence."""
    broken = copy.deepcopy(graphs["release"])
    dist = next(broken.subjects(RDF.type, DCAT.Distribution))
    broken.remove((dist, DCAT.accessURL, None))
    broken.remove((URIRef("http://creativecommons.org/publicdomain/zero/1.0/"), RDF.type, None))
    assert not _shacl(broken, "shapes.ttl")[0]
    assert not _shacl(broken, "range.ttl")[0]


# Known defects of the (DCAT-AP 2.1.1-era) mdr-vocabularies shapes, not of the feed:
# the checksum-algorithm pattern expects https://spdx.org/rdf/terms… although SPDX (and DCAT-AP 3) use http://.
KNOWN_MDR_VIOLATIONS = {"http://spdx.org/rdf/terms#algorithm"}


def test_controlled_vocabularies_offline(graphs: dict[str, Graph]) -> None:
    """mdr-vocabularies.shape.ttl works offline because the feed carries skos:inScheme for each EU term."""
    _, results, text = _shacl(graphs["catalogue"], "mdr-vocabularies.shape.ttl")
    violations = _results(results)
    assert {path for _, path, _ in violations} <= KNOWN_MDR_VIOLATIONS, text
    # one per distribution checksum; nothing else
    checksums = len(set(graphs["catalogue"].subjects(RDF.type, URIRef("http://spdx.org/rdf/terms#Checksum"))))
    assert len(violations) == checksums


# --- the DCAT-AP-SE bundle ------------------------------------------------------------------------------------
# How the bundle (RDForms templates) ties templates to classes: a template of type "group" whose
# "constraints" give rdf:type (one IRI or a list, possibly as a prefixed name) is the template for nodes of that
# class (dcat:Catalog, dcat:Dataset, dcat:Distribution, foaf:Agent for publishers, vcard:Organization/Individual/Kind
# for contact points, spdx:Checksum, dct:PeriodOfTime, dct:LicenseDocument …). Its "items" are the properties: either
# a template id (a string), or an inline template. A template may "extends" another (the cardinality of the extending
# template wins). An item with min ≥ 1 and a "property" is mandatory. An item without "property" is a group whose
# "items" are alternatives ("styles": ["disjoint"], e.g. dcterms:format); min ≥ 1 then means one of its properties
# must be present. Items with "deps" apply only when the dependency holds (the HVD category only for high-value
# datasets), so they are skipped.

PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "adms": "http://www.w3.org/ns/adms#",
    "spdx": "http://spdx.org/rdf/terms#",
    "schema": "http://schema.org/",
    "odrs": "http://schema.theodi.org/odrs#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "locn": "http://www.w3.org/ns/locn#",
}


def _expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and not local.startswith("//") else name


def _bundle_mandatory() -> dict[str, list[tuple[str, set[str]]]]:
    """Class IRI → [(template id, the properties of which one must be present)] for every mandatory item."""
    templates = json.loads(BUNDLE.read_text(encoding="utf-8"))["templates"]
    by_id = {t["id"]: t for t in templates if "id" in t}

    def resolve(item: Any) -> dict[str, Any]:
        t = by_id[item] if isinstance(item, str) else item
        if "extends" in t:
            return {**resolve(t["extends"]), **{k: v for k, v in t.items() if k != "extends"}}
        return dict(t)

    def properties(t: dict[str, Any]) -> set[str]:
        if "property" in t:
            return {_expand(t["property"])}
        return set().union(*(properties(resolve(i)) for i in t.get("items", [])))

    mandatory: dict[str, list[tuple[str, set[str]]]] = {}
    for t in templates:
        types = (t.get("constraints") or {}).get(RDF_TYPE) or (t.get("constraints") or {}).get("rdf:type")
        if t.get("type") != "group" or not types:
            continue
        for cls in [types] if isinstance(types, str) else types:
            for raw in t.get("items", []):
                item = resolve(raw)
                if item.get("deps") or item.get("cardinality", {}).get("min", 0) < 1:
                    continue
                mandatory.setdefault(_expand(cls), []).append((item.get("id", "?"), properties(item)))
    return mandatory


def test_bundle_is_read_as_documented() -> None:
    """Guard the reading of the bundle itself, so the next test cannot pass vacuously."""
    mandatory = _bundle_mandatory()
    assert {str(DCTERMS.title)} in [p for _, p in mandatory[str(DCAT.Dataset)]]
    assert {str(DCAT.accessURL)} in [p for _, p in mandatory[str(DCAT.Distribution)]]
    assert any(str(DCTERMS.format) in p for _, p in mandatory[str(DCAT.Distribution)])
    assert {str(DCTERMS.license)} in [p for _, p in mandatory[str(DCAT.Catalog)]]
    assert {"http://www.w3.org/2006/vcard/ns#hasEmail"} in [
        p for _, p in mandatory["http://www.w3.org/2006/vcard/ns#Organization"]
    ]
    assert {"http://xmlns.com/foaf/0.1/name"} in [p for _, p in mandatory["http://xmlns.com/foaf/0.1/Agent"]]


@pytest.mark.parametrize("which", ["release", "catalogue"])
def test_bundle_mandatory_properties_present(graphs: dict[str, Graph], which: str) -> None:
    graph = graphs[which]
    mandatory = _bundle_mandatory()
    used = {str(o) for o in graph.objects(None, RDF.type)}
    for cls in (DCAT.Catalog, DCAT.Dataset, DCAT.Distribution):
        assert str(cls) in used
    checked, missing = 0, []
    for cls, rules in mandatory.items():
        for node in graph.subjects(RDF.type, URIRef(cls)):
            for template, props in rules:
                checked += 1
                if not any((node, URIRef(p), None) in graph for p in props):
                    missing.append(f"{node} ({cls}) lacks {' or '.join(sorted(props))} [{template}]")
    assert checked > 50
    assert not missing, "\n".join(missing)


# --- IRIs, bytes ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["release", "catalogue"])
def test_no_blank_nodes(graphs: dict[str, Graph], which: str) -> None:
    blanks = [t for t in graphs[which] if any(isinstance(term, BNode) for term in t)]
    assert not blanks


def test_blank_node_test_can_fail(graphs: dict[str, Graph]) -> None:
    g = copy.deepcopy(graphs["release"])
    g.add((BNode(), RDF.type, DCAT.Dataset))
    assert any(isinstance(term, BNode) for t in g for term in t)


@pytest.mark.parametrize("which", ["release", "catalogue"])
def test_iris_absolute_and_under_base_url(
    graphs: dict[str, Graph], config: PublicationConfig, which: str
) -> None:
    """Every node IRI is absolute and minted under base_url, unless it is an external vocabulary term.

    Predicates and classes (objects of rdf:type) are vocabulary terms by definition and only checked for being
    absolute.
    """
    outside = []
    for s, p, o in graphs[which]:
        for term in (s, p, o):
            if isinstance(term, URIRef):
                parsed = urlparse(str(term))
                assert parsed.scheme in ("http", "https", "mailto"), term
                assert parsed.netloc or parsed.scheme == "mailto", term
        for term in (s, o):
            if term is o and p == RDF.type:
                continue
            if isinstance(term, URIRef) and not str(term).startswith((config.base_url, *EXTERNAL)):
                outside.append(str(term))
    assert not outside, f"not under {config.base_url} nor an external vocabulary: {sorted(set(outside))}"


def test_iri_scheme(graphs: dict[str, Graph], config: PublicationConfig) -> None:
    g, base = graphs["catalogue"], config.base_url
    catalog = URIRef(f"{base}dcat/catalog")
    parent = URIRef(f"{base}dataset/hit-gar-pengarna")
    v100, v110 = (URIRef(f"{base}dataset/hit-gar-pengarna/{v}") for v in ("1.0.0", "1.1.0"))
    assert set(g.objects(catalog, DCAT.dataset)) == {parent, v100, v110}
    assert set(g.objects(parent, DCAT.hasVersion)) == {v100, v110}
    assert g.value(parent, DCAT.hasCurrentVersion) == v110
    assert g.value(v110, DCAT.previousVersion) == v100
    assert g.value(v110, DCAT.isVersionOf) == parent
    assert g.value(v110, DCAT.version) == Literal("1.1.0")
    dist = URIRef(f"{base}dataset/hit-gar-pengarna/1.0.0/distribution/beslut-excel-sv")
    assert g.value(dist, DCAT.downloadURL) == URIRef(f"{base}releases/1.0.0/data/excel-sv/beslut.csv")
    assert g.value(dist, DCTERMS.conformsTo) == URIRef(f"{base}releases/1.0.0/schemas/beslut.json")
    assert g.value(dist, DCTERMS.format) == URIRef(
        "http://publications.europa.eu/resource/authority/file-type/CSV"
    )
    zipped = URIRef(f"{base}dataset/hit-gar-pengarna/1.1.0/distribution/hit-gar-pengarna-1.1.0.zip")
    assert g.value(zipped, DCAT.downloadURL) == URIRef(f"{base}releases/hit-gar-pengarna-1.1.0.zip")
    # each dataset its own stable identifier; the parent's period spans both releases
    ids = [g.value(n, DCTERMS.identifier) for n in (parent, v100, v110)]
    assert len(set(ids)) == 3
    assert g.value(parent, DCTERMS.temporal) == URIRef(f"{base}dcat/period/2018-01-01_2026-12-31")


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


def test_bytes_independent_of_hash_seed(tmp_path: Path) -> None:
    """rdflib's RDF/XML writer follows store order and uses sets: check across interpreter hash seeds."""
    script = (
        "import sys, hashlib; sys.path.insert(0, sys.argv[1]); import test_dcat as t; "
        "from oppnadata.dcat import serialize, catalog_graph; from oppnadata.config import load_config; "
        "c = load_config(t.REPO / 'publication.yaml'); "
        "x, y = serialize(catalog_graph(c, [t._record('1.0.0', '2026-11-26T00:00:00Z'), "
        "t._record('1.1.0', '2027-03-01T00:00:00Z', '2026-12-31')])); "
        "print(hashlib.sha256(x).hexdigest(), hashlib.sha256(y).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script, str(Path(__file__).parent)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout)
    assert len(digests) == 1


def test_rdfxml_round_trips(graphs: dict[str, Graph]) -> None:
    rdfxml, turtle = serialize(graphs["catalogue"])
    assert isomorphic(Graph().parse(data=rdfxml, format="xml"), graphs["catalogue"])
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), graphs["catalogue"])


def test_release_without_zip_checksum(config: PublicationConfig) -> None:
    """The description written into the release folder, before the zip exists."""
    record = ReleaseRecord(_descriptor("1.0.0", "2026-11-26T00:00:00Z"), "hit-gar-pengarna-1.0.0.zip")
    assert _shacl(release_graph(config, record), "shapes.ttl")[0]


def test_refuses_bad_input(config: PublicationConfig) -> None:
    record = _record("1.0.0", "2026-11-26T00:00:00Z")
    with pytest.raises(DescriptorError, match="twice"):
        catalog_graph(config, [record, record])
    with pytest.raises(DescriptorError, match="No release"):
        catalog_graph(config, [])
    bad = copy.deepcopy(record.descriptor)
    bad["resources"][0]["hash"] = "md5:abc"
    with pytest.raises(DescriptorError, match="sha256"):
        release_graph(config, ReleaseRecord(bad, record.zip_name))
