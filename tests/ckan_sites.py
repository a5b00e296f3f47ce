"""Publishing test sites: a repository copy that publishes to its own CKAN organisation and dataset.

Shared by tests/test_ckan_publish.py and tests/test_ckan_faults.py (they import ``site_fixture``): every test gets
a uuid-named dataset and organisation, purged afterwards, so tests are independent of each other and
of earlier runs against a long-lived test server.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ckanapi
import pytest
import requests
from click.testing import CliRunner

from oppnadata.cli import main
from oppnadata.config import load_config
from oppnadata.descriptor import load_package
from oppnadata.publishing.ckan import CkanClient, Outcome, Release, publish_ckan
from oppnadata.releasing.packaging import build
from oppnadata.releasing.releases import record_release
from tests.ckan_fixtures import CkanServer

CORRECTED = ("Uppföljning av projektstöd beviljade 2018", "Uppföljning av projektstöd som beviljades 2018")
ONE_CHANGE_UPLOADS = {
    "data/rapporter.csv",
    "data/excel-sv/rapporter.csv",
    "datapackage.json",
    "CHANGELOG.md",
    "dcat/dataset.rdf",
}


@dataclass
class Site:
    """A repository copy that publishes to its own organisation and dataset."""

    repo: Path
    name: str
    org: str
    built: dict[str, tuple[Release, Any]] = field(default_factory=dict)

    @property
    def descriptor(self) -> Path:
        return self.repo / "datapackage.json"

    @property
    def dist(self) -> Path:
        return self.repo / "dist"

    def release_folder(self, version: str) -> Path:
        return self.dist / f"{self.name}-{version}"

    def zip_path(self, version: str) -> Path:
        return self.dist / f"{self.name}-{version}.zip"


@pytest.fixture(name="site")
def site_fixture(repo_copy: Path, ckan: ckanapi.RemoteCKAN) -> Iterator[Site]:
    """Import it as ``site_fixture`` (unused-import noqa) and ask for ``site``."""
    run_id = uuid.uuid4().hex[:10]
    site = Site(repo_copy, f"hgp-test-{run_id}", f"test-org-{run_id}")
    descriptor = json.loads(site.descriptor.read_text(encoding="utf-8"))
    descriptor["name"] = site.name
    site.descriptor.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    config = repo_copy / "publication.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^  organization: .*$", f"  organization: {site.org}", text), "utf-8")
    yield site
    for action, ident in (("dataset_purge", site.name), ("organization_purge", site.org)):
        with contextlib.suppress(ckanapi.NotFound):
            ckan.call_action(action, {"id": ident})


def build_release(site: Site) -> tuple[Release, Any]:
    """Build the site's release (a build is deterministic: the same inputs are built once per test)."""
    inputs = hashlib.sha256()
    for path in sorted([site.descriptor, site.repo / "publication.yaml", *site.repo.glob("datasets/*.csv"),
                        *site.repo.glob("releases/*")]):  # fmt: skip
        inputs.update(path.name.encode() + path.read_bytes())
    key = inputs.hexdigest()
    if key not in site.built:
        package = load_package(site.descriptor)
        config = load_config(site.repo / "publication.yaml")
        result = build(package, config, out=site.dist, releases_dir=site.repo / "releases")
        record_release(result.zip_path, result.sha256, site.repo / "releases")  # only recorded ones publish
        site.built[key] = (Release.from_build(result, site.repo / "releases"), config)
    return site.built[key]


def client_for(server: CkanServer, remote: Any = None) -> CkanClient:
    remote = remote or ckanapi.RemoteCKAN(server.url, apikey=server.token)
    return CkanClient(remote, retries=2, backoff=0.01)


def publish(
    site: Site, server: CkanServer, remote: Any = None, client: CkanClient | None = None, **options: Any
) -> tuple[Outcome, CkanClient, list[str]]:
    """Build (once per content) and publish through the library; returns the outcome, client and plan."""
    release, config = build_release(site)
    client = client or client_for(server, remote)
    lines: list[str] = []
    outcome = publish_ckan(release, config, client, echo=lines.append, **options)
    return outcome, client, lines


def cli(site: Site, server: CkanServer, *args: str, token: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["publish", str(site.descriptor), "--target", "ckan", "--out", str(site.dist),
         "--ckan-url", server.url, "--lang", "en", *args],
        env={"CKAN_API_TOKEN": token if token is not None else server.token, "CKAN_URL": None},
    )  # fmt: skip
    return result.exit_code, result.output


def correct_one_table_and_bump(site: Site, version: str = "1.1.0") -> None:
    path = site.repo / "datasets" / "rapporter.csv"
    text = path.read_text(encoding="utf-8")
    assert CORRECTED[0] in text
    path.write_text(text.replace(CORRECTED[0], CORRECTED[1]), encoding="utf-8")
    set_version(site, version)


def set_version(site: Site, version: str, created: str = "2026-12-15T00:00:00Z") -> None:
    descriptor = json.loads(site.descriptor.read_text(encoding="utf-8"))
    descriptor["version"], descriptor["created"] = version, created
    site.descriptor.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def download(server: CkanServer, url: str) -> bytes:
    answer = requests.get(url, headers={"Authorization": server.token}, timeout=60)
    answer.raise_for_status()
    return answer.content


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def by_key(dataset: dict[str, Any], status: str | None = "current") -> dict[str, dict[str, Any]]:
    return {
        r["oppnadata_key"]: r
        for r in dataset["resources"]
        if r.get("oppnadata_key") and (status is None or r.get("oppnadata_status") == status)
    }


def assert_consistent(ckan: ckanapi.RemoteCKAN, site: Site, version: str | None) -> dict[str, Any]:
    """The dataset presents ``version`` (None: no version yet) and every current file is that version's."""
    dataset = ckan.action.package_show(id=site.name)
    assert (dataset.get("version") or None) == version
    current = by_key(dataset)
    if version is None:
        assert current == {} and dataset["private"] is True
        return dataset
    folder = site.release_folder(version)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for entry in descriptor["resources"]:
        resource = current[f"table:{entry['table']}:{entry['flavour']}"]
        assert "sha256:" + resource["sha256"] == entry["hash"], entry["path"]
    for relpath in ("datapackage.json", "CHANGELOG.md", "dcat/dataset.rdf"):
        assert current[f"file:{relpath}"]["sha256"] == sha256(folder / relpath)
    assert [k for k in current if k.startswith("zip:")] == [f"zip:{version}"]
    assert current[f"zip:{version}"]["sha256"] == sha256(site.zip_path(version))
    return dataset
