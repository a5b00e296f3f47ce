"""`oppnadata retract` end to end, CKAN included (the real CKAN 2.12 of the test harness), and `oppnadata
check` comparing releases/, the portal and the catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import ckanapi
import pytest
import requests
from click.testing import CliRunner

from oppnadata.cli import main
from tests.ckan_fixtures import CkanServer
from tests.ckan_sites import (
    Site,
    assert_consistent,
    by_key,
    cli,
    correct_one_table_and_bump,
    site_fixture,  # noqa: F401  (the `site` fixture)
)

REASON = "Personuppgifter publicerades av misstag i rapporter.csv"


def run(server: CkanServer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"CKAN_API_TOKEN": server.token, "CKAN_URL": None})
    return result.exit_code, result.output


def check(site: Site, server: CkanServer, portal: Path) -> tuple[int, str]:
    return run(server, "check", str(site.descriptor), "--site", str(portal), "--ckan-url", server.url)


def test_retract_takes_a_version_out_of_releases_the_portal_and_ckan(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, tmp_path: Path
) -> None:
    portal = tmp_path / "site"
    code, output = cli(site, ckan_server)
    assert code == 0, output
    correct_one_table_and_bump(site)
    code, output = cli(site, ckan_server)
    assert code == 0, output
    assert "Version 1.1.0 recorded in" in output
    code, output = run(
        ckan_server, "publish", str(site.descriptor), "--out", str(site.dist), "--site", str(portal)
    )
    assert code == 0, output
    code, output = check(site, ckan_server, portal)
    assert code == 0, output
    assert "All agree: 2 versions, the same sha256 in releases/, site/, CKAN." in output

    before = ckan.action.package_show(id=site.name)
    held = [r for r in before["resources"] if r.get("oppnadata_version") == "1.1.0"]
    assert {r["oppnadata_key"] for r in held} >= {"zip:1.1.0", "table:rapporter:canonical"}
    zip_url = by_key(before)["zip:1.1.0"]["url"]
    assert requests.get(zip_url, timeout=30).status_code == 200

    code, output = run(ckan_server, "retract", "1.1.0", "--reason", REASON, "--date", "2026-12-20",
                       "--package", str(site.descriptor), "--site", str(portal), "--ckan-url", ckan_server.url,
                       "--lang", "en")  # fmt: skip
    assert code == 0, output
    assert f"CKAN: removed {len(held)} resources of version 1.1.0" in output
    assert "publishing 1.0.0 in its place" in output

    after = assert_consistent(ckan, site, "1.0.0")  # the catalogue shows 1.0.0's files again
    assert not [r for r in after["resources"] if r.get("oppnadata_version") == "1.1.0"]
    assert "zip:1.1.0" not in {r.get("oppnadata_key") for r in after["resources"]}
    extras = {e["key"]: e["value"] for e in after["extras"]}
    assert extras["oppnadata_retracted"] == f"1.1.0 (2026-12-20): {REASON}"
    for url in (zip_url, *(r["url"] for r in held if "/datastore/dump/" not in r["url"])):
        answer = requests.get(url, timeout=30)
        assert answer.status_code == 404, url  # the retracted bytes are no longer served
    for resource in (r for r in held if "/datastore/dump/" in r["url"]):
        # The version's DataStore tables are gone with their resources. CKAN 2.12 answers a dump of a
        # deleted resource with 500 (its auth check raises NotFound), never with the rows.
        assert requests.get(resource["url"], timeout=30).status_code in (404, 500), resource["url"]
        with pytest.raises(ckanapi.NotFound):
            ckan.action.datastore_search(resource_id=resource["id"], limit=1)
    # releases/ and the portal: gone, with a tombstone at the version's URL
    assert not (site.repo / "releases" / f"{site.name}-1.1.0.zip").exists()
    tombstone = json.loads((site.repo / "releases" / f"{site.name}-1.1.0.retracted.json").read_text("utf-8"))
    assert tombstone["reason"] == REASON and tombstone["retracted"] == "2026-12-20"
    page = (portal / "releases" / "1.1.0" / "index.html").read_text(encoding="utf-8")
    assert REASON in page and tombstone["sha256"] in page
    code, output = check(site, ckan_server, portal)
    assert code == 0, output
    assert "gone" in output and "tombstone" in output

    # the next version carries the fix
    code, output = run(ckan_server, "bump", str(site.descriptor), "--date", "2026-12-21", "--lang", "en")
    assert code == 0 and "→ 1.1.1" in output, output
    code, output = cli(site, ckan_server)
    assert code == 0, output
    assert_consistent(ckan, site, "1.1.1")


def test_check_names_a_catalogue_that_serves_other_bytes(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, tmp_path: Path
) -> None:
    code, output = cli(site, ckan_server)
    assert code == 0, output
    dataset = ckan.action.package_show(id=site.name)
    zip_resource = by_key(dataset)["zip:1.0.0"]
    # someone replaces the zip's bytes in the catalogue by hand
    other = tmp_path / f"{site.name}-1.0.0.zip"
    other.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    with other.open("rb") as handle:
        ckan.action.resource_patch(id=zip_resource["id"], upload=handle)
    code, output = run(ckan_server, "check", str(site.descriptor), "--site", str(tmp_path / "none"),
                       "--ckan-url", ckan_server.url)  # fmt: skip
    assert code == 1, output
    assert "1.0.0: the catalogue's zip has sha256" in output and "DISAGREE" in output
