"""The feed as a real harvester reads it: ckanext-dcat's RDFParser (profile euro_dcat_ap_3, the ``ckan dcat
consume`` command in the CKAN that scripts/ckan-test-server runs) parses it, and each dataset it yields is
``package_create``d into that CKAN 2.12, as ckanext-dcat's harvester does (it names the dataset after its title and
puts it in the harvest source's organisation)."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ckanapi
import pytest

from oppnadata.config import PublicationConfig, load_config
from oppnadata.publishing.dcat import Iris, ReleaseRecord, Retraction, catalog_graph, write_graph
from tests import dcat_records
from tests.helpers import PACKAGE

REPO = Path(__file__).resolve().parents[1]
CKAN_STATE = REPO / ".ckan-test"


@pytest.fixture(scope="module")
def config() -> PublicationConfig:
    return load_config(PACKAGE / "publication.yaml")


def consume(feed: Path) -> list[dict[str, Any]]:
    """ckanext-dcat's parser on ``feed``: the CKAN dataset dicts it makes."""
    ckan = CKAN_STATE / "venv" / "bin" / "ckan"
    if not ckan.exists():
        pytest.fail("CKAN with ckanext-dcat is not installed: run scripts/ckan-test-server up", pytrace=False)
    out = subprocess.run(
        [str(ckan), "-c", str(CKAN_STATE / "ckan.ini"), "dcat", "consume", "-p", "euro_dcat_ap_3", str(feed)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout)


def harvest_name(title: str) -> str:
    """What ckanext-harvest's ``_gen_new_name`` makes of a title (CKAN's munge_title_to_name)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", ascii_title.lower())).strip("-")[:80]


@pytest.fixture(scope="module")
def organisation(ckan: ckanapi.RemoteCKAN) -> Iterator[str]:
    name = f"harvest-{uuid.uuid4().hex[:12]}"
    ckan.action.organization_create(name=name, title="DCAT harvest test")
    yield name
    for dataset in ckan.action.package_search(fq=f"organization:{name}", include_private=True)["results"]:
        ckan.action.dataset_purge(id=dataset["id"])
    ckan.action.organization_purge(id=name)


def harvest(ckan: ckanapi.RemoteCKAN, organisation: str, feed: Path) -> list[dict[str, Any]]:
    created = []
    for parsed in consume(feed):
        parsed["name"] = f"{harvest_name(parsed['title'])}-{uuid.uuid4().hex[:6]}"
        parsed["owner_org"] = organisation
        created.append(ckan.action.package_create(**parsed))
    return [ckan.action.package_show(id=d["id"]) for d in created]


@pytest.fixture(scope="module")
def harvested(
    ckan: ckanapi.RemoteCKAN,
    organisation: str,
    config: PublicationConfig,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[dict[str, Any]], list[ReleaseRecord]]:
    records = dcat_records.releases()
    rdf, _ = write_graph(catalog_graph(config, records), tmp_path_factory.mktemp("feed"))
    return harvest(ckan, organisation, rdf), records


def test_one_ckan_dataset_per_package(harvested: tuple[list[dict[str, Any]], list[ReleaseRecord]]) -> None:
    datasets, _ = harvested
    assert len(datasets) == 1


def test_harvested_fields(
    harvested: tuple[list[dict[str, Any]], list[ReleaseRecord]], config: PublicationConfig
) -> None:
    (dataset,), records = harvested
    current = max(records, key=lambda r: r.version)
    assert dataset["version"] == "1.1.0"
    assert dataset["license_id"] == "cc-zero"
    extras = {e["key"]: e["value"] for e in dataset["extras"]}
    assert extras["uri"] == Iris(config).dataset()
    assert extras["contact_email"] == config.contact.email
    assert extras["publisher_uri"] == config.publisher.uri
    expected_tags = {w for key in ("keywords", "keywords_en") for w in current.descriptor[key]}
    assert {t["name"] for t in dataset["tags"]} == expected_tags  # the test keywords have no ':'
    resources = dataset["resources"]
    assert len(resources) == len(current.descriptor["resources"]) + 1  # every file and the zip
    formats = {r["url"].rsplit(".", 1)[-1]: r["format"] for r in resources}
    assert formats == {"csv": "CSV", "json": "JSON", "zip": "ZIP"}
    assert all(r["url"].startswith(config.url("releases/1.1.0")) for r in resources if r["format"] != "ZIP")
    assert all(r["hash"] and "sha1" in r["hash_algorithm"] for r in resources)


def test_keywords_with_a_colon_become_valid_tags(
    ckan: ckanapi.RemoteCKAN, organisation: str, config: PublicationConfig, tmp_path: Path
) -> None:
    """The package's own keyword ``1:1-medel`` (CKAN refuses ':' in a tag) is harvested as ``1.1-medel``."""
    record = dcat_records.record("1.0.0", "2026-11-26T00:00:00Z")
    record.descriptor["keywords"] = ["1:1-medel", "regional utveckling"]
    record.descriptor["keywords_en"] = ["1:1 funds"]
    rdf, _ = write_graph(catalog_graph(config, [record]), tmp_path)
    (dataset,) = harvest(ckan, organisation, rdf)
    assert {t["name"] for t in dataset["tags"]} == {"1.1-medel", "regional utveckling", "1.1 funds"}


def test_retracted_version_is_no_dataset_and_not_current(
    ckan: ckanapi.RemoteCKAN, organisation: str, config: PublicationConfig, tmp_path: Path
) -> None:
    retraction = Retraction("2027-04-02", "personuppgifter publicerades av misstag")
    records = [
        dcat_records.record("1.0.0", "2026-11-26T00:00:00Z"),
        dcat_records.record("1.1.0", "2027-03-01T00:00:00Z", "2026-12-31", "1.0.0", retracted=retraction),
    ]
    rdf, _ = write_graph(catalog_graph(config, records), tmp_path)
    (dataset,) = harvest(ckan, organisation, rdf)
    assert dataset["version"] == "1.0.0"
    assert all("/releases/1.1.0" not in r["url"] for r in dataset["resources"])
