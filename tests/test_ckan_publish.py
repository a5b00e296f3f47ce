"""`oppnadata publish --target ckan` against the real CKAN 2.12 of the test harness.

Every test publishes a copy of the repository's package under its own dataset and organisation
name (uuid), so tests are independent of each other and of earlier runs against a long-lived
server; each purges what it created. Faults are real: the catalogue becomes unreachable (the client
is pointed at a closed loopback port after N requests) and two publishes really race.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ckanapi
import pytest
from click.testing import CliRunner

from oppnadata.cli import main
from oppnadata.errors import TargetError
from oppnadata.publishing.ckan import ConcurrentPublish, Outcome, desired, publish_ckan
from oppnadata.publishing.ckan.desired import tag_name
from tests.ckan_fixtures import CkanServer
from tests.ckan_sites import (
    CORRECTED,
    ONE_CHANGE_UPLOADS,
    Site,
    assert_consistent,
    build_release,
    by_key,
    cli,
    client_for,
    correct_one_table_and_bump,
    download,
    publish,
    set_version,
    site_fixture,  # noqa: F401  (the `site` fixture)
)

# --------------------------------------------------------------------------- first publish


def test_first_publish_creates_organisation_dataset_and_resources(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    totals: list[int] = []
    sent: list[int] = []

    @contextlib.contextmanager
    def progress(total: int) -> Iterator[Any]:
        totals.append(total)

        class Bar:
            def update(self, n: int) -> None:
                sent.append(n)

        yield Bar()

    outcome, client, lines = publish(site, ckan_server, progress=progress)
    release, config = build_release(site)
    descriptor = release.descriptor
    assert outcome.applied
    files = len(descriptor["resources"]) + 3 + 1  # tables ×2 flavours, 3 per-version files, the zip
    assert client.stats.uploads == files == 38
    assert client.stats.calls["resource_create"] == files
    assert client.stats.calls["package_revise"] == 1 and client.stats.calls["package_create"] == 1
    assert totals == [sum(sent)] and len(sent) == files
    assert lines[0].startswith(
        f"Plan: {site.name} 1.0.0 → {ckan_server.url} (the catalogue shows no version)"
    )
    assert any("create   organisation" in line for line in lines)

    org = ckan.action.organization_show(id=site.org)
    assert org["title"] == config.ckan.organization_title
    assert org["description"] == config.ckan.organization_description
    assert {e["key"]: e["value"] for e in org["extras"]}["description_en"] == (
        config.ckan.organization_description_en
    )

    dataset = assert_consistent(ckan, site, "1.0.0")
    assert dataset["private"] is False and dataset["organization"]["name"] == site.org
    assert dataset["title"] == descriptor["title"] and dataset["notes"] == descriptor["description"]
    assert dataset["license_id"] == "cc-zero"
    assert dataset["maintainer_email"] == config.contact.email
    extras = {e["key"]: e["value"] for e in dataset["extras"]}
    assert extras["title_en"] == descriptor["title_en"] and extras["notes_en"] == descriptor["description_en"]
    assert extras["exempeldata"] == "true"
    assert extras["temporal_start"] == descriptor["temporal"]["start"]
    assert extras["temporal_end"] == descriptor["temporal"]["end"]
    assert extras["spatial_uri"] == config.spatial["uri"]
    assert extras["contact_email"] == config.contact.email
    assert "oppnadata_claim" not in extras
    tags = {t["name"] for t in dataset["tags"]}
    assert {"exempeldata", "1-1-medel"} <= tags
    assert tags == {tag_name(k) for k in descriptor["keywords"]}

    # every uploaded file comes back byte for byte
    uploads = [r for r in dataset["resources"] if r.get("url_type") == "upload"]
    assert len(uploads) == files
    folder = site.release_folder("1.0.0")
    local = {f"table:{e['table']}:{e['flavour']}": folder / e["path"] for e in descriptor["resources"]}
    local |= {f"file:{p}": folder / p for p in ("datapackage.json", "CHANGELOG.md", "dcat/dataset.rdf")}
    local["zip:1.0.0"] = site.zip_path("1.0.0")
    for resource in uploads:
        content = download(ckan_server, resource["url"])
        assert content == local[resource["oppnadata_key"]].read_bytes(), resource["oppnadata_key"]
        assert hashlib.sha256(content).hexdigest() == resource["sha256"]
    # download names carry table, version and flavour; names start with table and flavour (CKAN cuts the end)
    assert by_key(dataset)["table:beslut:excel-sv"]["url"].endswith("/beslut-1.0.0-excel-sv.csv")
    assert by_key(dataset)["table:beslut:canonical"]["url"].endswith("/beslut-1.0.0.csv")
    assert by_key(dataset)["table:beslut:canonical"]["name"] == "beslut (CSV) – Beslut om 1:1-medel"
    assert by_key(dataset)["table:beslut:excel-sv"]["name"] == "beslut (Excel-sv) – Beslut om 1:1-medel"
    names = [r["name"] for r in dataset["resources"]]
    assert len({n[:50] for n in names}) == len(names), "two look alike as CKAN shows them (truncate(50))"

    # the links: url only, Swedish name and description, English beside them
    for key in ("analysportal_norr", "projektbanken"):
        link, wanted = by_key(dataset)[f"link:{key}"], config.links[key]
        assert link["url"] == wanted.url and link.get("url_type") in (None, "")
        assert link["name"] == wanted.title and link["description"] == wanted.description
        assert link["description_en"] == wanted.description_en


def test_unchanged_release_makes_zero_uploads_and_no_change(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    publish(site, ckan_server)
    before = ckan.action.package_show(id=site.name)
    outcome, client, lines = publish(site, ckan_server)
    after = ckan.action.package_show(id=site.name)
    assert not outcome.applied
    assert client.stats.uploads == 0 and client.stats.writes == 0
    assert dict(client.stats.calls) == {
        "organization_show": 1,
        "organization_list_for_user": 1,
        "package_show": 1,
    }
    assert after["metadata_modified"] == before["metadata_modified"]
    assert after == before
    assert lines[-1] == "Up to date: nothing to change."


# --------------------------------------------------------------------------- a new version


def test_new_version_with_one_corrected_table_uploads_only_what_changed(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    result = CliRunner().invoke(main, ["release", str(site.descriptor), "--out", str(site.dist)])
    assert result.exit_code == 0, result.output
    assert (site.repo / "releases" / f"{site.name}-1.0.0.zip").is_file()
    publish(site, ckan_server)
    first = ckan.action.package_show(id=site.name)

    correct_one_table_and_bump(site)
    outcome, client, lines = publish(site, ckan_server)
    assert outcome.applied
    uploaded = {w.label for w, _ in outcome.plan.uploads}
    assert uploaded == ONE_CHANGE_UPLOADS | {f"{site.name}-1.1.0.zip"}
    assert client.stats.uploads == 6 == client.stats.calls["resource_create"]
    assert client.stats.calls["package_revise"] == 2  # the claim and the switch
    assert len(outcome.plan.keep) == 32 + 2  # the unchanged tables and the links
    assert any("version (1.0.0 → 1.1.0)" in line for line in lines)

    dataset = assert_consistent(ckan, site, "1.1.0")
    assert not [r for r in dataset["resources"] if r["oppnadata_status"] == "pending"]
    # the unchanged tables are the very same resources
    old, new = by_key(first), by_key(dataset)
    assert old["table:beslut:canonical"]["id"] == new["table:beslut:canonical"]["id"]
    assert old["table:rapporter:canonical"]["id"] != new["table:rapporter:canonical"]["id"]
    assert old["table:rapporter:canonical"]["id"] not in {r["id"] for r in dataset["resources"]}
    # the earlier version stays downloadable, marked as earlier
    earlier = by_key(dataset, "previous")["zip:1.0.0"]
    assert earlier["id"] == old["zip:1.0.0"]["id"]
    assert (
        download(ckan_server, earlier["url"])
        == (site.repo / "releases" / f"{site.name}-1.0.0.zip").read_bytes()
    )
    assert "tidigare" in earlier["name"] and "aktuell" in new["zip:1.1.0"]["name"]
    # the changed cell is what the catalogue now serves
    assert CORRECTED[1] in download(ckan_server, new["table:rapporter:canonical"]["url"]).decode()

    # and once more: nothing to do
    outcome, client, _ = publish(site, ckan_server)
    assert not outcome.applied and client.stats.uploads == 0 and client.stats.writes == 0


def test_a_new_dataset_field_is_one_line_in_the_table_and_others_extras_stay(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a CKAN extra is one DatasetField: the plan shows it, the catalogue holds it once, a later version
    updates it (no "Duplicate key"), and an extra someone else set in CKAN is kept."""
    field = desired.DatasetField("oppnadata_test_extra", True, lambda release, config: f"v{release.version}")
    monkeypatch.setattr(desired, "DATASET_FIELDS", (*desired.DATASET_FIELDS, field))
    outcome, _, _ = publish(site, ckan_server)
    assert outcome.applied
    extras = ckan.action.package_show(id=site.name)["extras"]
    assert [e["value"] for e in extras if e["key"] == field.name] == ["v1.0.0"]
    ckan.action.package_patch(id=site.name, extras=[*extras, {"key": "harvest_source", "value": "elsewhere"}])

    correct_one_table_and_bump(site)
    outcome, _, lines = publish(site, ckan_server)
    assert outcome.applied
    assert (f"extras.{field.name}", "v1.0.0", "v1.1.0") in outcome.plan.field_changes
    assert any(f"extras.{field.name}" in line for line in lines), lines
    extras = assert_consistent(ckan, site, "1.1.0")["extras"]
    assert [e["value"] for e in extras if e["key"] == field.name] == ["v1.1.0"]
    assert [e["value"] for e in extras if e["key"] == "harvest_source"] == ["elsewhere"]
    assert len({e["key"] for e in extras}) == len(extras)


def test_dry_run_changes_nothing(site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN) -> None:
    code, output = cli(site, ckan_server, "--dry-run")
    assert code == 0, output
    assert "create   organisation" in output and "Dry run: nothing was changed." in output
    with pytest.raises(ckanapi.NotFound):
        ckan.action.organization_show(id=site.org)
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id=site.name)

    publish(site, ckan_server)
    before = ckan.action.package_show(id=site.name)
    correct_one_table_and_bump(site)
    code, output = cli(site, ckan_server, "--dry-run")
    assert code == 0, output
    assert output.count("  upload   ") == 6 and "0 writes" in output
    assert ckan.action.package_show(id=site.name) == before


# --------------------------------------------------------------------------- refusals


def test_an_older_version_is_refused(site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN) -> None:
    set_version(site, "1.1.0")
    publish(site, ckan_server)
    before = ckan.action.package_show(id=site.name)
    set_version(site, "1.0.0")
    code, output = cli(site, ckan_server)
    assert code == 1, output
    assert "The catalogue shows version 1.1.0" in output and "older version 1.0.0 is refused" in output
    assert ckan.action.package_show(id=site.name) == before


def test_the_same_version_with_other_bytes_is_refused(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    publish(site, ckan_server)
    before = ckan.action.package_show(id=site.name)
    path = site.repo / "datasets" / "rapporter.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(*CORRECTED), encoding="utf-8")
    code, output = cli(site, ckan_server)
    assert code == 1, output
    # refused before the catalogue is asked: 1.0.0 is recorded in releases/ with other bytes (issue 13)
    assert "already released" in output and "nothing was built or published" in output
    assert "oppnadata bump" in output
    assert ckan.action.package_show(id=site.name) == before


# --------------------------------------------------------------------------- faults


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CutAfter(ckanapi.RemoteCKAN):  # type: ignore[misc]
    """A client whose catalogue becomes unreachable after ``n`` requests (connection refused)."""

    def __init__(self, server: CkanServer, n: int) -> None:
        super().__init__(server.url, apikey=server.token)
        self.left = n
        self.dead = f"http://127.0.0.1:{closed_port()}"

    def call_action(self, *args: Any, **kwargs: Any) -> Any:
        if self.left <= 0:
            self.address = self.dead
        self.left -= 1
        return super().call_action(*args, **kwargs)


@pytest.mark.parametrize(
    ("cut_after", "reused"),
    [
        (4, 0),  # just after the claim: nothing uploaded yet
        (6, 2),  # in the middle of the uploads
        (11, 6),  # every upload done, the switch never arrives
    ],
)
def test_catalogue_unreachable_mid_publish_then_rerun_completes(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, cut_after: int, reused: int
) -> None:
    publish(site, ckan_server)
    correct_one_table_and_bump(site)
    remote = CutAfter(ckan_server, cut_after)
    with pytest.raises(TargetError, match="Cannot reach the CKAN catalogue"):
        publish(site, ckan_server, remote=remote)
    assert remote.left < 0
    dataset = assert_consistent(ckan, site, "1.0.0")  # still the previous version, consistently
    pending = [r for r in dataset["resources"] if r.get("oppnadata_status") == "pending"]
    assert len(pending) == reused
    assert "oppnadata_claim" in {e["key"] for e in dataset["extras"]}

    outcome, client, lines = publish(site, ckan_server)
    assert outcome.applied
    assert len(outcome.plan.reuse) == reused and client.stats.uploads == 6 - reused
    assert any("an interrupted publish left a claim" in line for line in lines)
    dataset = assert_consistent(ckan, site, "1.1.0")
    assert not [r for r in dataset["resources"] if r.get("oppnadata_status") == "pending"]
    assert "oppnadata_claim" not in {e["key"] for e in dataset["extras"]}


def test_catalogue_unreachable_during_the_first_publish_then_rerun_completes(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    with pytest.raises(TargetError):
        publish(site, ckan_server, remote=CutAfter(ckan_server, 10))
    assert_consistent(ckan, site, None)  # created private, presenting no version
    outcome, client, _ = publish(site, ckan_server)
    assert outcome.applied and len(outcome.plan.reuse) == 10 - 4 and client.stats.uploads == 38 - 6
    assert_consistent(ckan, site, "1.0.0")


def test_a_wrong_token_exits_1_and_never_shows_the_token(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, tmp_path: Path
) -> None:
    wrong = "wrong-" + uuid.uuid4().hex
    code, output = cli(site, ckan_server, token=wrong)  # a new organisation: creating it is refused
    assert code == 1, output
    assert "refused organization_create" in output and "API token" in output
    assert wrong not in output

    publish(site, ckan_server)
    before = ckan.action.package_show(id=site.name)
    correct_one_table_and_bump(site)
    token_file = tmp_path / "token"
    token_file.write_text(wrong + "\n")
    code, output = cli(site, ckan_server, "--token-file", str(token_file), token="")
    assert code == 1, output
    assert f"may not publish datasets in the organisation '{site.org}'" in output
    assert wrong not in output
    assert ckan.action.package_show(id=site.name) == before

    # the real token: absent from the output of a whole publish and from every file it wrote
    code, output = cli(site, ckan_server)
    assert code == 0, output
    assert ckan_server.token not in output
    for path in site.repo.rglob("*"):
        if path.is_file():
            assert ckan_server.token.encode() not in path.read_bytes(), path


class RaceAtFirstWrite(ckanapi.RemoteCKAN):  # type: ignore[misc]
    """Both publishes read the catalogue, then send their first write at the same moment."""

    def __init__(self, server: CkanServer, barrier: threading.Barrier) -> None:
        super().__init__(server.url, apikey=server.token)
        self.barrier: threading.Barrier | None = barrier

    def call_action(self, action: str, *args: Any, **kwargs: Any) -> Any:
        if self.barrier is not None and not action.endswith(("_show", "_list_for_user")):
            barrier, self.barrier = self.barrier, None
            barrier.wait(timeout=60)
        return super().call_action(action, *args, **kwargs)


@pytest.mark.parametrize("first_publish", [True, False], ids=["new-dataset", "new-version"])
def test_two_concurrent_publishes_one_completes_one_stops_cleanly(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, first_publish: bool
) -> None:
    if not first_publish:
        publish(site, ckan_server)
        correct_one_table_and_bump(site)
    release, config = build_release(site)
    barrier = threading.Barrier(2)
    results: dict[int, Any] = {}

    def run(index: int) -> None:
        client = client_for(ckan_server, RaceAtFirstWrite(ckan_server, barrier))
        try:
            results[index] = publish_ckan(release, config, client)
        except Exception as err:
            results[index] = err

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    done = [r for r in results.values() if isinstance(r, Outcome)]
    stopped = [r for r in results.values() if isinstance(r, ConcurrentPublish)]
    assert len(done) == 1 and len(stopped) == 1, results
    assert done[0].applied
    assert "Another publish of this dataset is under way" in str(stopped[0])
    assert stopped[0].exit_code == 1
    dataset = assert_consistent(ckan, site, "1.1.0" if not first_publish else "1.0.0")
    uploads = [r for r in dataset["resources"] if r.get("url_type") == "upload"]
    assert len(uploads) == len({r["oppnadata_key"] for r in uploads})  # nothing uploaded twice


def test_prune_deletes_only_when_asked_and_lists_it_first(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    publish(site, ckan_server)
    dataset = ckan.action.package_show(id=site.name)
    ckan.action.resource_create(package_id=dataset["id"], name="Manuellt tillagd", url="https://example.org/")
    ckan.action.resource_create(
        package_id=dataset["id"], name="Gammal tabell", url="https://example.org/gammal.csv",
        oppnadata_key="table:gammal:canonical", oppnadata_status="current",
    )  # fmt: skip
    outcome, client, lines = publish(site, ckan_server)
    assert not outcome.applied and client.stats.writes == 0
    assert any(line.startswith("  leave    2 resource(s)") for line in lines)

    outcome, client, lines = publish(site, ckan_server, prune=True)
    assert outcome.applied and client.stats.uploads == 0 and client.stats.writes == 1
    assert lines[1].startswith("  delete   Gammal tabell [table:gammal:canonical]")
    names = [r["name"] for r in ckan.action.package_show(id=site.name)["resources"]]
    assert "Gammal tabell" not in names and "Manuellt tillagd" in names  # unmanaged: never touched


def test_token_file_and_url_are_required(site: Site, ckan_server: CkanServer) -> None:
    code, output = cli(site, ckan_server, token="")
    assert code == 2 and "No CKAN API token" in output
    shutil.rmtree(site.dist, ignore_errors=True)
    result = CliRunner().invoke(
        main, ["publish", str(site.descriptor), "--target", "ckan", "--out", str(site.dist), "--lang", "en"],
        env={"CKAN_URL": None, "CKAN_API_TOKEN": "x"},
    )  # fmt: skip
    assert result.exit_code == 2 and "No CKAN address given" in result.output


def test_two_publish_commands_at_once_one_completes_the_other_stops_or_finds_it_done(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    """The same race through the real command line, as two processes (the timing is the OS's)."""
    oppnadata = Path(sys.executable).with_name("oppnadata")
    command = [str(oppnadata), "publish", str(site.descriptor), "--target", "ckan", "--lang", "en",
               "--ckan-url", ckan_server.url]  # fmt: skip
    env = {**os.environ, "CKAN_API_TOKEN": ckan_server.token}
    env.pop("CKAN_URL", None)
    runs = [
        subprocess.Popen([*command, "--out", str(site.repo / f"dist-{i}")], env=env, cwd=site.repo,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for i in range(2)
    ]  # fmt: skip
    outs = [run.communicate(timeout=300)[0] for run in runs]
    results = sorted((run.returncode, out) for run, out in zip(runs, outs, strict=True))
    outputs = "\n".join(output for _, output in results)
    assert ckan_server.token not in outputs
    codes = [code for code, _ in results]
    assert codes in ([0, 0], [0, 1]), outputs
    if codes == [0, 1]:
        assert "Another publish of this dataset is under way" in results[1][1]
    else:  # the second started after the first had finished
        assert "Up to date: nothing to change." in outputs
    assert outputs.count("Published ") == 1
    dataset = ckan.action.package_show(id=site.name)
    assert dataset["version"] == "1.0.0" and not dataset["private"]
    uploads = [r for r in dataset["resources"] if r.get("url_type") == "upload"]
    assert len(uploads) == len({r["oppnadata_key"] for r in uploads}) == 38
