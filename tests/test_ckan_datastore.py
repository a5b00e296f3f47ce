"""The release's tables in CKAN's DataStore (issue 17), against the real CKAN 2.12 of the test harness.

Every test publishes a copy of the package under its own dataset (see tests/ckan_sites.py) with the
DataStore on, records the release in the copy's ``releases/`` (as `oppnadata release` does), and reads the
DataStore back through the API: all rows, compared with the release's CSV, field by field.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import ckanapi
import pytest
import requests

from oppnadata import aggregates
from oppnadata.ckan import CkanClient
from oppnadata.ckan.datastore import TYPES, alias_for
from oppnadata.ckan.examples import api_examples
from oppnadata.config import load_config
from oppnadata.errors import TargetError
from oppnadata.releases import record_release
from oppnadata.validation import read_table
from tests.ckan_fixtures import CkanServer
from tests.ckan_sites import (
    CORRECTED,
    Site,
    assert_consistent,
    build_release,
    correct_one_table_and_bump,
    publish,
    set_version,
    site_fixture,  # noqa: F401  (the `site` fixture)
)
from tests.test_ckan_faults import FaultProxy, on, proxy_for  # noqa: F401  (the proxy_for fixture)

pytest_plugins = ["tests.ckan_fixtures"]
REPO = Path(__file__).resolve().parent.parent

GRANTED_SQL = """
WITH s AS (
  SELECT b.arende_id, left(b.beslutsdatum::text, 4)::int AS ar, b.beviljat_belopp AS belopp,
         coalesce(k.kommunkod, b.kommunkod) AS kommunkod, coalesce(k.andel, 1) AS andel
  FROM "{beslut}" b LEFT JOIN "{kommunfordelning}" k ON k.arende_id = b.arende_id AND k.andel > 0
  WHERE b.status <> 'aterkallad'
), q AS (
  SELECT *, abs(belopp) * andel / sum(andel) OVER (PARTITION BY arende_id) AS kvot FROM s
), p AS (
  SELECT *, floor(kvot) AS del, kvot - floor(kvot) AS rest FROM q
), r AS (
  SELECT *, abs(belopp) - sum(del) OVER (PARTITION BY arende_id) AS kvar,
         row_number() OVER (PARTITION BY arende_id ORDER BY rest DESC, kommunkod) AS nr FROM p
)
SELECT ar, kommunkod, sum(sign(belopp) * (del + CASE WHEN nr <= kvar THEN 1 ELSE 0 END)) AS beviljat
FROM r WHERE ar = 2023 AND kommunkod = '2326' GROUP BY ar, kommunkod
"""


class RecordingClient(CkanClient):
    """A CkanClient that keeps every call's action and data (to count what was sent)."""

    def __init__(self, remote: Any, **options: Any) -> None:
        super().__init__(remote, **options)
        self.log: list[tuple[str, dict[str, Any]]] = []

    def call(self, action: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        self.log.append((action, dict(data or {})))
        return super().call(action, data, **kwargs)

    def sent(self, action: str) -> list[dict[str, Any]]:
        return [data for name, data in self.log if name == action]


def recording(server: CkanServer, url: str | None = None) -> RecordingClient:
    return RecordingClient(
        ckanapi.RemoteCKAN(url or server.url, apikey=server.token), retries=2, backoff=0.01
    )


def publish_ds(site: Site, server: CkanServer, client: CkanClient | None = None, **options: Any) -> Any:
    client = client or recording(server)
    return publish(site, server, client=client, datastore=True, **options)


def record(site: Site) -> None:
    """`oppnadata release`: the built version goes into the copy's releases/."""
    release, _ = build_release(site)
    record_release(release.zip_path, release.sha256, site.repo / "releases")


def canonical(site: Site, version: str) -> dict[str, tuple[dict[str, Any], list[list[str]]]]:
    """Every canonical table of a built release: (its schema, its rows as strings)."""
    folder = site.release_folder(version)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for entry in descriptor["resources"]:
        if entry["flavour"] != "canonical":
            continue
        schema = json.loads((folder / entry["schema"]).read_text(encoding="utf-8"))
        with (folder / entry["path"]).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        out[entry["table"]] = (schema, rows)
    return out


def datastore_rows(ckan: ckanapi.RemoteCKAN, table_id: str, schema: dict[str, Any]) -> list[list[str]]:
    """All rows of a DataStore table as CSV text (PostgreSQL's own text of each value), in key order."""
    names = [f["name"] for f in schema["fields"]]
    kinds = {f["name"]: f.get("type", "string") for f in schema["fields"]}
    pk = schema["primaryKey"]
    rows: list[list[str]] = []
    while True:
        answer = ckan.action.datastore_search(
            resource_id=table_id, fields=names, sort=", ".join(pk), limit=32000, offset=len(rows),
            records_format="csv",
        )  # fmt: skip
        page = list(csv.reader(io.StringIO(answer["records"])))
        rows += page
        if len(page) < 32000:
            break
    boolean = {"t": "true", "f": "false"}
    return [
        [boolean.get(v, v) if kinds[n] == "boolean" else v for n, v in zip(names, row, strict=True)]
        for row in rows
    ]


def sorted_rows(rows: list[list[str]], schema: dict[str, Any]) -> list[list[str]]:
    names = [f["name"] for f in schema["fields"]]
    positions = [names.index(k) for k in schema["primaryKey"]]
    kinds = [schema["fields"][i].get("type", "string") for i in positions]

    def key(row: list[str]) -> tuple[Any, ...]:
        return tuple(int(row[i]) if k == "integer" else row[i] for i, k in zip(positions, kinds, strict=True))

    return sorted(rows, key=key)


def slots(ckan: ckanapi.RemoteCKAN, site: Site, table: str) -> dict[str, dict[str, Any]]:
    dataset = ckan.action.package_show(id=site.name)
    found = [r for r in dataset["resources"] if r.get("oppnadata_key") == f"datastore:{table}"]
    return {r["oppnadata_status"]: r for r in found}


def assert_datastore_equals_release(ckan: ckanapi.RemoteCKAN, site: Site, version: str) -> None:
    """Through every alias and in both slots: exactly the rows of the release's CSV, and its version."""
    for table, (schema, rows) in canonical(site, version).items():
        expected = sorted_rows(rows, schema)
        alias = alias_for(site.name, table)
        assert datastore_rows(ckan, alias, schema) == expected, table
        by_status = slots(ckan, site, table)
        assert set(by_status) == {"current", "spare"}, (table, set(by_status))
        assert (
            ckan.action.datastore_search(resource_id=alias, limit=0)["resource_id"]
            == by_status["current"]["id"]
        )
        for status, slot in by_status.items():
            assert slot["oppnadata_version"] == version, (table, status)
            assert datastore_rows(ckan, slot["id"], schema) == expected, (table, status)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
              ) -> Iterator[tuple[Site, Any]]:  # fmt: skip
    """One first publish with the DataStore, shared by the tests that only read it (a first publish
    loads 17 tables twice: the slowest part of these tests)."""
    repo = tmp_path_factory.mktemp("published") / "repo"
    repo.mkdir()
    for name in ("datapackage.json", "publication.yaml"):
        shutil.copy2(REPO / name, repo / name)
    for folder in ("schemas", "datasets"):
        shutil.copytree(REPO / folder, repo / folder)
    run_id = uuid.uuid4().hex[:10]
    site = Site(repo, f"hgp-test-{run_id}", f"test-org-{run_id}")
    descriptor = json.loads(site.descriptor.read_text(encoding="utf-8"))
    descriptor["name"] = site.name
    site.descriptor.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    config = repo / "publication.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^  organization: .*$", f"  organization: {site.org}", text), "utf-8")
    progress: dict[str, list[int]] = {"totals": [], "sent": []}

    class Bar:
        def __enter__(self) -> Bar:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def update(self, n: int) -> None:
            progress["sent"].append(n)

    def rows_progress(total: int) -> Bar:
        progress["totals"].append(total)
        return Bar()

    result = publish_ds(site, ckan_server, rows_progress=rows_progress)
    yield site, (*result, progress)
    for action, ident in (("dataset_purge", site.name), ("organization_purge", site.org)):
        with contextlib.suppress(ckanapi.NotFound):
            ckan.call_action(action, {"id": ident})


# --------------------------------------------------------------------------- first publish


def test_first_publish_loads_every_table_with_types_and_data_dictionary(
    published: tuple[Site, Any], ckan: ckanapi.RemoteCKAN
) -> None:
    site, (outcome, client, lines, progress) = published
    progress_totals, progress_sent = progress["totals"], progress["sent"]
    assert outcome.applied
    tables = canonical(site, "1.0.0")
    assert len(tables) == 17
    assert sum(line.startswith("  datastore ") for line in lines) == 17
    total_rows = sum(len(rows) for _, rows in tables.values())
    # loaded twice: the current table before the switch, its spare after it; each batch counted once
    assert progress_totals == [total_rows, total_rows] and sum(progress_sent) == 2 * total_rows
    assert client.stats.calls["datastore_create"] == 2 * 17 + 17  # two slots per table, then each alias
    dataset = assert_consistent(ckan, site, "1.0.0")
    assert dataset["private"] is False
    assert_datastore_equals_release(ckan, site, "1.0.0")

    for table, (schema, _) in tables.items():
        info = ckan.action.datastore_info(id=alias_for(site.name, table))
        fields = {f["id"]: f for f in info["fields"]}
        assert list(fields) == [f["name"] for f in schema["fields"]], table
        for f in schema["fields"]:
            column = fields[f["name"]]
            assert column["type"] == TYPES[f.get("type", "string")], (table, f["name"])
            assert column["info"]["label"] == f"{f['title']} / {f['title_en']}"
            assert column["info"]["notes"].startswith(f.get("description", ""))
            assert column["info"]["notes_en"] == f.get("description_en", "")
        unique = [f for f in info["fields"] if f["schema"]["uniquekey"] or f["schema"]["is_index"]]
        assert {f["id"] for f in unique} >= set(schema["primaryKey"]), table

    views = ckan.action.resource_view_list(id=slots(ckan, site, "beslut")["current"]["id"])
    assert [v["view_type"] for v in views] == ["datatables_view"]


def test_unchanged_publish_makes_no_datastore_write(
    published: tuple[Site, Any], ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    site, _ = published
    before = ckan.action.package_show(id=site.name)
    outcome, client, lines = publish_ds(site, ckan_server)
    assert not outcome.applied and client.stats.writes == 0 and lines[-1] == "Up to date: nothing to change."
    assert dict(client.stats.calls) == {
        "organization_show": 1,
        "organization_list_for_user": 1,
        "package_show": 1,
        "datastore_search": 1,  # where the aliases point (_table_metadata)
    }
    assert ckan.action.package_show(id=site.name)["metadata_modified"] == before["metadata_modified"]


# --------------------------------------------------------------------------- a new version


# --------------------------------------------------------------------------- the question of the issue


def test_sql_answers_granted_to_berg_in_2023_as_the_portal_computes_it(
    published: tuple[Site, Any], ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    site, _ = published
    tables = {path.stem: read_table(path) for path in sorted((site.repo / "datasets").glob("*.csv"))}
    derived = aggregates.derive(tables, load_config(site.repo / "publication.yaml"))
    totals = next(d.frame for d in derived if d.name == "totaler_ar_stodform_kommun")
    expected = sum(
        int(v) for v in totals[(totals["ar"] == "2023") & (totals["kommunkod"] == "2326")]["beviljat_belopp"]
    )
    shared = tables["kommunfordelning"]
    shared_in_berg = shared[(shared["kommunkod"] == "2326") & shared["andel"].map(lambda a: Fraction(a) < 1)]
    assert expected > 0 and len(shared_in_berg) > 0  # the figure depends on the split

    names = {t: alias_for(site.name, t) for t in ("beslut", "kommunfordelning", "totaler_ar_stodform_kommun")}
    answer = ckan.action.datastore_search_sql(sql=GRANTED_SQL.format(**names))["records"]
    assert [int(r["beviljat"]) for r in answer] == [expected]

    totals_sql = (f'SELECT sum(beviljat_belopp) AS beviljat FROM "{names["totaler_ar_stodform_kommun"]}" '
                  "WHERE ar = 2023 AND kommunkod = '2326'")  # fmt: skip
    assert int(ckan.action.datastore_search_sql(sql=totals_sql)["records"][0]["beviljat"]) == expected

    # a visitor without an account: datastore_search takes the alias; CKAN 2.12's datastore_search_sql
    # checks every name in the query as a resource, so SQL names the current table by its resource id
    anonymous = ckanapi.RemoteCKAN(ckan_server.url)
    found = anonymous.action.datastore_search(
        resource_id=names["totaler_ar_stodform_kommun"], filters={"ar": 2023, "kommunkod": "2326"}, limit=100
    )
    assert sum(int(r["beviljat_belopp"]) for r in found["records"]) == expected
    with pytest.raises(ckanapi.NotFound):
        anonymous.action.datastore_search_sql(sql=totals_sql)
    by_id = totals_sql.replace(names["totaler_ar_stodform_kommun"], found["resource_id"])
    assert int(anonymous.action.datastore_search_sql(sql=by_id)["records"][0]["beviljat"]) == expected

    # the portal's ready-to-run examples, run as printed (the shell's two steps done here)
    totals_schema = canonical(site, "1.0.0")["totaler_ar_stodform_kommun"][0]
    api = api_examples(ckan_server.url, site.name, "totaler_ar_stodform_kommun", totals_schema)
    answer = requests.get(api["search"], timeout=30).json()
    assert answer["success"] and answer["result"]["records"]
    assert {(r["kommunkod"], r["stodform"], r["ar"]) for r in answer["result"]["records"]} == {
        ("2326", "PROJ", 2023)
    }
    first, second = api["sql"].split("\n")
    rid = requests.get(first.split("'")[1], timeout=30).json()["result"]["resource_id"]
    sql = second.split('"sql=', 1)[1].rsplit('"', 1)[0].replace('\\"', '"').replace("$RID", rid)
    grouped = requests.get(
        f"{ckan_server.url}/api/3/action/datastore_search_sql", params={"sql": sql}, timeout=30
    ).json()
    berg = [r for r in grouped["result"]["records"] if r["ar"] == 2023 and r["kommunkod"] == "2326"]
    assert [int(r["beviljat"]) for r in berg] == [expected]


# --------------------------------------------------------------------------- faults


def test_the_cli_plans_the_datastore_and_no_datastore_leaves_it_out(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    from tests.ckan_sites import cli

    code, output = cli(site, ckan_server, "--dry-run")
    assert code == 0, output
    assert output.count("  datastore ") == 17 and "beslut" in output and "new table, 1148 rows" in output
    code, output = cli(site, ckan_server, "--dry-run", "--no-datastore")
    assert code == 0, output
    assert "  datastore " not in output


# --------------------------------------------------------------------------- new versions (last: they change the
# module's dataset)


def test_new_versions_correction_fault_and_schema_change(
    published: tuple[Site, Any], ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN,
    proxy_for: Callable[..., FaultProxy],  # noqa: F811
) -> None:  # fmt: skip
    """1.1.0 corrects one record of one table: exactly that record is upserted (into the table that
    becomes current, then into the spare) and the alias follows. 1.2.0 is interrupted between the load
    and the switch: the previous version stays whole, and the re-run finishes without reloading.
    1.2.1 changes the data dictionary: the table is recreated."""
    site, _ = published
    record(site)
    alias = alias_for(site.name, "rapporter")
    before = slots(ckan, site, "rapporter")
    correct_one_table_and_bump(site)
    release, _ = build_release(site)
    diff = json.loads((release.folder / "diff.json").read_text(encoding="utf-8"))
    corrected = [c["key"]["rapport_id"] for c in diff["tables"]["rapporter"]["corrected"]]
    assert len(corrected) == 1 and diff["old"]["version"] == "1.0.0"

    client = recording(ckan_server)
    outcome, _, lines = publish_ds(site, ckan_server, client=client)
    assert outcome.applied
    assert [line for line in lines if line.startswith("  datastore ")] == [
        f"  datastore rapporter                    → {alias}: upsert 1, delete 0 (diff.json)"
    ]
    upserts = client.sent("datastore_upsert")
    assert [(u["resource_id"], [r["rapport_id"] for r in u["records"]]) for u in upserts] == [
        (before["spare"]["id"], corrected),
        (before["current"]["id"], corrected),
    ]
    assert not client.sent("datastore_delete")
    creates = client.sent("datastore_create")
    assert [c["aliases"] for c in creates] == [[], [alias]] and not any("records" in c for c in creates)
    writes = {
        a: n for a, n in client.stats.calls.items() if not a.endswith(("_show", "_search", "_list_for_user"))
    }
    # resource_patch: the spare marked pending before its load, the old current marked spare after its
    assert writes == {"package_revise": 2, "resource_create": 6, "resource_patch": 2, "datastore_upsert": 2,
                      "datastore_create": 2}  # fmt: skip
    assert_consistent(ckan, site, "1.1.0")
    assert_datastore_equals_release(ckan, site, "1.1.0")
    after = slots(ckan, site, "rapporter")
    assert after["current"]["id"] == before["spare"]["id"]  # the alias followed the new version
    assert ckan.action.datastore_search(resource_id=alias, limit=0)["resource_id"] == after["current"]["id"]
    record(site)

    # 1.2.0: the correction undone; the switch never reaches CKAN
    path = site.repo / "datasets" / "rapporter.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(CORRECTED[1], CORRECTED[0]), encoding="utf-8")
    set_version(site, "1.2.0")
    proxy = proxy_for(on("package_revise", 2, "drop-before"))
    with pytest.raises(TargetError):
        publish_ds(site, ckan_server, client=recording(ckan_server, proxy.url))
    assert_consistent(ckan, site, "1.1.0")
    schema, rows = canonical(site, "1.1.0")["rapporter"]
    assert datastore_rows(ckan, alias, schema) == sorted_rows(rows, schema)
    assert slots(ckan, site, "rapporter")["current"]["oppnadata_version"] == "1.1.0"
    assert slots(ckan, site, "rapporter")["pending"]["oppnadata_version"] == "1.2.0"
    client = recording(ckan_server)
    outcome, _, _ = publish_ds(site, ckan_server, client=client)
    assert outcome.applied
    assert not [c for c in client.sent("datastore_create") if "records" in c]  # finished, not reloaded
    assert_consistent(ckan, site, "1.2.0")
    assert_datastore_equals_release(ckan, site, "1.2.0")
    again, client, _ = publish_ds(site, ckan_server)
    assert not again.applied and client.stats.writes == 0
    record(site)

    # 1.2.1: a field's title changes: the data dictionary differs, so the table is recreated
    schema_path = site.repo / "schemas" / "rapporter.yaml"
    text = schema_path.read_text(encoding="utf-8")
    assert "title: Titel\n" in text
    schema_path.write_text(text.replace("title: Titel\n", "title: Rapportens titel\n", 1), encoding="utf-8")
    set_version(site, "1.2.1", "2026-12-16T00:00:00Z")
    client = recording(ckan_server)
    outcome, _, lines = publish_ds(site, ckan_server, client=client)
    assert outcome.applied
    assert [line.split(": ", 1)[1] for line in lines if line.startswith("  datastore ")] == [
        "reloaded, 7 rows"
    ]
    full = [c for c in client.sent("datastore_create") if "fields" in c]
    assert len(full) == 2 and all(len(c["records"]) == 7 for c in full)
    assert len(client.sent("datastore_delete")) == 2  # each old table dropped first
    assert_datastore_equals_release(ckan, site, "1.2.1")
    info = ckan.action.datastore_info(id=alias)
    schema, _ = canonical(site, "1.2.1")["rapporter"]
    title_en = next(f["title_en"] for f in schema["fields"] if f["name"] == "titel")
    assert [f["info"]["label"] for f in info["fields"] if f["id"] == "titel"] == [
        f"Rapportens titel / {title_en}"
    ]
