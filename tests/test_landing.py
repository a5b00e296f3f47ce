"""Every identifier resolves: each IRI under base_url in the DCAT feed and every URL in CITATION.cff,
citation.json and the citation texts is a page (or file) of the portal; landing pages carry schema.org
Dataset JSON-LD; cffconvert's outputs (the real consumer, in its own virtualenv: it pins jsonschema < 4,
which frictionless cannot use) carry the version and a URL that resolves."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from oppnadata.config import load_config
from oppnadata.releasing.aggregates import derived_schemas
from tests.conftest import REPO
from tests.published import Published, make_published

SDO = Namespace("https://schema.org/")
CFF_VENV = REPO / ".venv-cffconvert"
URL = re.compile(r"https?://[^\s\"'<>)]+")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return make_published(tmp_path_factory.mktemp("landing"))


@pytest.fixture(scope="module")
def base_url(published: Published) -> str:
    return load_config(published.repo / "publication.yaml").base_url


def resolve(site: Path, base_url: str, url: str) -> Path | None:
    """The file of ``site`` a URL under ``base_url`` names: the file itself, or a folder's index.html."""
    url = url.split("#", 1)[0]
    assert url.startswith(base_url), url
    relative = url[len(base_url) :]
    target = site / relative
    if relative and not relative.endswith("/") and target.is_file():
        return target
    index = target / "index.html"
    return index if index.is_file() else None


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rdf: list[str] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate" and a.get("type") == "application/rdf+xml":
            self.rdf.append(str(a.get("href")))
        self._in_jsonld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False


def head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def citation_urls(site: Path) -> dict[str, set[str]]:
    """Every URL in every version's CITATION.cff (url, repository-artifact, identifiers), citation.json and
    README (the citation texts)."""
    found: dict[str, set[str]] = {}
    for folder in sorted((site / "releases").iterdir()):
        if not (folder / "CITATION.cff").is_file():
            continue
        cff = yaml.safe_load((folder / "CITATION.cff").read_text(encoding="utf-8"))
        urls = {cff["url"], cff["repository-artifact"], *(i["value"] for i in cff.get("identifiers", []))}
        for name in ("citation.json", "README.md"):
            urls |= set(URL.findall((folder / name).read_text(encoding="utf-8")))
        found[folder.name] = {u.rstrip(".") for u in urls}
    return found


def test_every_identifier_resolves_to_a_page_of_the_portal(published: Published, base_url: str) -> None:
    site = published.site
    graph = Graph().parse(site / "dcat" / "catalog.rdf", format="xml")
    iris = {
        str(t) for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(base_url)
    }
    cited = citation_urls(site)
    assert set(cited) == {"1.0.0", published.version}
    urls = iris | set().union(*cited.values())
    assert len(iris) > 100
    unresolved, without_rdf = [], []
    for url in sorted(urls):
        target = resolve(site, base_url, url)
        if target is None:
            unresolved.append(url)
        elif target.suffix == ".html" and not head(target).rdf:
            without_rdf.append(url)
    assert unresolved == [], f"{len(unresolved)} of {len(urls)} identifiers lead nowhere"
    assert without_rdf == []
    # the RDF a page links is the feed that describes it
    page = resolve(site, base_url, f"{base_url}versioner/{published.version}/")
    assert page is not None
    # the DCAT-AP-SE feed first (what dataportal.se harvests), then the same feed in DCAT-AP 3.0.1's form
    linked = [(page.parent / href).resolve() for href in head(page).rdf]
    assert linked == [
        (site / "dcat" / "catalog.rdf").resolve(),
        (site / "dcat" / "dcat-ap" / "catalog.rdf").resolve(),
    ]
    print(f"crawl: {len(urls)} identifiers ({len(iris)} IRIs in the feed, "
          f"{len(urls - iris)} more in citations), all resolve under site/")  # fmt: skip


def test_one_landing_page_per_version_and_one_for_the_dataset(published: Published, base_url: str) -> None:
    site = published.site
    cff = yaml.safe_load((site / "releases" / published.version / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["url"] == f"{base_url}versioner/{published.version}/" == cff["identifiers"][0]["value"]
    for version in ("1.0.0", published.version):
        landing = resolve(site, base_url, f"{base_url}versioner/{version}/")
        assert landing == site / "versioner" / version / "index.html"
        text = landing.read_text(encoding="utf-8")
        assert f'download="beslut-{version}-excel-sv.csv"' in text
        assert f'download="beslut-{version}.csv"' in text
        assert '<script type="application/ld+json">' in text
        # the release folder (what 1.0.0's frozen citation names) is a page that leads to it
        folder = resolve(site, base_url, f"{base_url}releases/{version}/")
        assert folder is not None and f"versioner/{version}/index.html" in folder.read_text(encoding="utf-8")
    frozen = yaml.safe_load((site / "releases" / "1.0.0" / "CITATION.cff").read_text(encoding="utf-8"))
    old_identifier = resolve(site, base_url, frozen["identifiers"][0]["value"])
    assert old_identifier is not None and "versioner/1.0.0/index.html" in old_identifier.read_text("utf-8")
    dataset = resolve(site, base_url, f"{base_url}data/")
    assert dataset is not None and '<script type="application/ld+json">' in dataset.read_text("utf-8")


def _jsonld(page: Path) -> Graph:
    (data,) = head(page).jsonld
    graph = Graph()
    graph.parse(data=data, format="json-ld")
    return graph


@pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)  # rdflib's JSON-LD parser
@pytest.mark.parametrize("which", ["version", "dataset"])
def test_landing_pages_carry_schema_org_dataset_jsonld(
    published: Published, base_url: str, which: str
) -> None:
    site = published.site
    page = (
        site / "versioner" / published.version / "index.html"
        if which == "version"
        else site / "data" / "index.html"
    )
    graph = _jsonld(page)
    # the described dataset has the files (the dataset page's hasPart versions are datasets too)
    (node,) = [s for s in graph.subjects(RDF.type, SDO.Dataset) if (s, SDO.distribution, None) in graph]
    if which == "dataset":
        assert {str(v) for p in graph.objects(node, SDO.hasPart) for v in graph.objects(p, SDO.version)} == {
            "1.0.0",
            published.version,
        }
    for prop in (SDO.name, SDO.description, SDO.version, SDO.license, SDO.creator, SDO.publisher,
                 SDO.identifier, SDO.temporalCoverage, SDO.spatialCoverage, SDO.citation):  # fmt: skip
        assert (node, prop, None) in graph, prop
    assert (node, SDO.version, Literal(published.version)) in graph
    assert (node, SDO.temporalCoverage, Literal("2018-01-01/2025-12-31")) in graph
    downloads = list(graph.objects(node, SDO.distribution))
    # every table (the package's 14 and the derived ones the code makes: 17) × 2 flavours + the zip
    source = json.loads((published.repo / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    derived = derived_schemas(load_config(published.repo / "publication.yaml"), [r["name"] for r in source])
    assert len(downloads) == 2 * (len(source) + len(derived)) + 1
    assert len(source) == 14 and len(derived) >= 3
    formats = set()
    for d in downloads:
        (url,) = graph.objects(d, SDO.contentUrl)
        (fmt,) = graph.objects(d, SDO.encodingFormat)
        formats.add(str(fmt))
        assert resolve(site, base_url, str(url)) is not None, url
    assert formats == {"text/csv", "application/zip"}
    (creator,) = graph.objects(node, SDO.creator)
    assert (creator, SDO.name, Literal("Region Jämtland Härjedalen")) in graph
    citations = [str(c) for c in graph.objects(node, SDO.citation)]
    assert any(f"(version {published.version})" in c for c in citations)


# ------------------------------------------------------------------------------------------- cffconvert


@pytest.fixture(scope="session")
def cffconvert() -> Path:
    """cffconvert 2.0.0 from PyPI in its own virtualenv (kept in .venv-cffconvert/ between runs)."""
    exe = CFF_VENV / "bin" / "cffconvert"
    if not exe.is_file():
        subprocess.run([sys.executable, "-m", "venv", str(CFF_VENV)], check=True)
        subprocess.run([str(CFF_VENV / "bin" / "pip"), "install", "-q", "cffconvert==2.0.0"], check=True)
    return exe


def convert(cffconvert: Path, cff: Path, fmt: str) -> str:
    done = subprocess.run(
        [str(cffconvert), "-f", fmt, "-i", str(cff)], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "apalike", "zenodo"])
def test_cffconvert_outputs_carry_the_version_and_a_url_that_resolves(
    published: Published, base_url: str, cffconvert: Path, fmt: str
) -> None:
    cff = published.site / "releases" / published.version / "CITATION.cff"
    text = convert(cffconvert, cff, fmt)
    assert published.version in text
    if fmt == "zenodo":
        data = json.loads(text)
        assert data["version"] == published.version
        # what cffconvert's Zenodo form cannot say (upload_type) the release's own .zenodo.json says
        ours = json.loads((cff.parent / ".zenodo.json").read_text(encoding="utf-8"))
        assert ours["upload_type"] == "dataset"
        for key in ("title", "version", "publication_date", "creators", "keywords", "license"):
            assert ours[key] == data[key], key
        urls = [i["identifier"] for i in ours["related_identifiers"]]
    else:
        urls = URL.findall(text)
        if fmt == "bibtex":
            assert re.search(r"title = \{[^}]*version " + re.escape(published.version) + r"\}", text), text
    assert urls
    for url in urls:
        url = url.rstrip("}.,")
        assert resolve(published.site, base_url, url) is not None, f"{fmt}: {url}"
