"""The release's tables in CKAN's DataStore (issue 17), against the real CKAN 2.12 of the test harness.

Every test publishes a copy of the package under its own dataset (see tests/ckan_sites.py) with the
DataStore on, records the release in the copy's ``releases/`` (as `oppnadata release` does), and reads the
DataStore back through the API: all rows, compared with the release's CSV, field by field.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import ckanapi
import pytest
import requests

from oppnadata.config import load_config
from oppnadata.errors import TargetError
from oppnadata.publishing.ckan import CkanClient
from oppnadata.publishing.ckan.datastore import TYPES, alias_for
from oppnadata.publishing.ckan.examples import api_examples
from oppnadata.releasing import aggregates
from oppnadata.releasing.releases import record_release
from oppnadata.validating.validation import read_table
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
from tests.helpers import copy_package
from tests.test_ckan_faults import FaultProxy, on, proxy_for  # noqa: F401  (the proxy_for fixture)

pytest_plugins = ["tests.ckan_fixtures"]

RECORD, TITLE = "R2019-01,", 1  # the rapporter record CORRECTED changes, and the column of its title
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


def extras(dataset: dict[str, Any]) -> dict[str, str]:
    return {e["key"]: e["value"] for e in dataset.get("extras", [])}


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


def dictionary_names(fields: list[dict[str, Any]]) -> tuple[str, str]:
    """(sha256, version) that a DataStore table's data dictionary names for its rows (the same in every field)."""
    named = {
        (f["info"]["oppnadata_sha256"], f["info"]["oppnadata_version"]) for f in fields if f["id"] != "_id"
    }
    assert len(named) == 1, named
    return named.pop()


def assert_datastore_equals_release(ckan: ckanapi.RemoteCKAN, site: Site, version: str) -> None:
    """Through every alias and in the current slot: exactly the rows of the release's CSV, its version, and a
    data dictionary naming that CSV; an earlier slot holds exactly the rows of the version it names."""
    for table, (schema, rows) in canonical(site, version).items():
        expected = sorted_rows(rows, schema)
        alias = alias_for(site.name, table)
        assert datastore_rows(ckan, alias, schema) == expected, table
        by_status = slots(ckan, site, table)
        assert set(by_status) in ({"current"}, {"current", "previous"}), (table, set(by_status))
        answer = ckan.action.datastore_search(resource_id=alias, limit=0)
        assert answer["resource_id"] == by_status["current"]["id"]
        sha, loaded = dictionary_names(answer["fields"])
        assert sha == by_status["current"]["sha256"] == csv_sha256(site, version, table), table
        assert canonical(site, loaded)[table][1] == rows, (table, loaded)  # the version named has these rows
        assert by_status["current"]["oppnadata_version"] == version, table
        assert datastore_rows(ckan, by_status["current"]["id"], schema) == expected, table
        if "previous" in by_status:
            earlier = by_status["previous"]
            old_schema, old_rows = canonical(site, earlier["oppnadata_version"])[table]
            assert datastore_rows(ckan, earlier["id"], old_schema) == sorted_rows(old_rows, old_schema), table


def csv_sha256(site: Site, version: str, table: str) -> str:
    return hashlib.sha256((site.release_folder(version) / "data" / f"{table}.csv").read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
              ) -> Iterator[tuple[Site, Any]]:  # fmt: skip
    """One first publish with the DataStore, shared by the tests that only read it (a first publish
    loads 17 tables: the slowest part of these tests)."""
    repo = copy_package(tmp_path_factory.mktemp("published") / "repo")  # the frozen fixture package
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
    # loaded once, each batch counted once; the second slot of a table is made at its first change
    assert progress_totals == [total_rows] and sum(progress_sent) == total_rows
    # one call a table: the dataset is private until its switch, so each table is created with its alias
    creates = client.sent("datastore_create")
    assert len(creates) == 17 and all(c["aliases"] == [alias_for(site.name, c["resource"]["oppnadata_key"][10:])]
                                      for c in creates)  # fmt: skip
    dataset = assert_consistent(ckan, site, "1.0.0")
    assert dataset["private"] is False and "oppnadata_claim" not in extras(dataset)
    assert_datastore_equals_release(ckan, site, "1.0.0")
    assert all(set(slots(ckan, site, t)) == {"current"} for t in tables)

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


class AliasReader:
    """A visitor reading a table through its alias in a loop (anonymous, as the portal's examples do): each
    answer's rows, the table it came from and the file its data dictionary names."""

    def __init__(self, server: CkanServer, alias: str, schema: dict[str, Any]) -> None:
        self.remote = ckanapi.RemoteCKAN(server.url)
        self.alias, self.schema = alias, schema
        self.answers: list[tuple[float, str, str, list[list[str]]] | tuple[float, str]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        names = [f["name"] for f in self.schema["fields"]]
        while not self.stop.is_set():
            try:
                answer = self.remote.action.datastore_search(
                    resource_id=self.alias, fields=names, sort=", ".join(self.schema["primaryKey"]),
                    limit=1000, records_format="csv",
                )  # fmt: skip
            except ckanapi.NotFound:
                self.answers.append((time.monotonic(), "not found"))
                continue
            sha, _ = dictionary_names(answer["fields"])
            rows = list(csv.reader(io.StringIO(answer["records"])))
            self.answers.append((time.monotonic(), answer["resource_id"], sha, rows))

    def __enter__(self) -> AliasReader:
        self.thread.start()
        time.sleep(0.5)
        return self

    def __exit__(self, *exc: object) -> None:
        time.sleep(0.5)
        self.stop.set()
        self.thread.join(30)

    def files_seen(self, rows_by_sha: dict[str, list[list[str]]]) -> list[str]:
        """The files the answers showed, in order (repeats folded); every answer's rows are exactly the file
        its own data dictionary names."""
        seen: list[str] = []
        for answer in self.answers:
            what = answer[1] if len(answer) == 2 else answer[2]
            if len(answer) == 4:
                assert answer[3] == sorted_rows(rows_by_sha[answer[2]], self.schema), answer[2]
            if not seen or seen[-1] != what:
                seen.append(str(what))
        return seen

    def gap(self) -> float:
        """How long the alias answered "not found" (the seconds between the last old and the first new answer)."""
        missing = [i for i, a in enumerate(self.answers) if len(a) == 2]
        if not missing:
            return 0.0
        return self.answers[missing[-1] + 1][0] - self.answers[missing[0] - 1][0]


def retitle(site: Site, text: str) -> None:
    """One record of rapporter gets the title ``text`` (the record CORRECTED names)."""
    path = site.repo / "datasets" / "rapporter.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [i for i, line in enumerate(lines) if line.startswith(RECORD)]
    assert len(found) == 1
    cells = next(csv.reader([lines[found[0]]]))
    cells[TITLE] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[found[0]] = out.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")


def writes_of(client: RecordingClient) -> dict[str, int]:
    return {
        a: n for a, n in client.stats.calls.items() if not a.endswith(("_show", "_search", "_list_for_user"))
    }


def test_new_versions_second_table_alias_follows_and_schema_change(
    published: tuple[Site, Any], ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    """1.1.0 corrects one record of one table: that table gets its second DataStore table (loaded once, 7
    rows), the switch makes it current, the alias follows, the 1.0.0 table is left as it is (a reader of
    the alias sees 1.0.0, then for a moment no table, then 1.1.0, never a mix). 1.2.0 undoes the
    correction: the 1.0.0 table already holds it, so no row is sent and the alias moves back. 1.2.1
    changes the data dictionary: the table is recreated."""
    site, _ = published
    record(site)
    alias = alias_for(site.name, "rapporter")
    before = slots(ckan, site, "rapporter")
    assert set(before) == {"current"}
    correct_one_table_and_bump(site)
    release, _ = build_release(site)
    diff = json.loads((release.folder / "diff.json").read_text(encoding="utf-8"))
    assert len(diff["tables"]["rapporter"]["corrected"]) == 1 and diff["old"]["version"] == "1.0.0"
    schema, _ = canonical(site, "1.0.0")["rapporter"]
    rows_by_sha = {
        csv_sha256(site, v, "rapporter"): canonical(site, v)["rapporter"][1] for v in ("1.0.0", "1.1.0")
    }

    client = recording(ckan_server)
    with AliasReader(ckan_server, alias, schema) as reader:
        outcome, _, lines = publish_ds(site, ckan_server, client=client)
    assert outcome.applied
    assert [line for line in lines if line.startswith("  datastore ")] == [
        f"  datastore rapporter                    → {alias}: second table, 7 rows"
    ]
    assert reader.files_seen(rows_by_sha) in (
        [csv_sha256(site, "1.0.0", "rapporter"), "not found", csv_sha256(site, "1.1.0", "rapporter")],
        [csv_sha256(site, "1.0.0", "rapporter"), csv_sha256(site, "1.1.0", "rapporter")],
    )
    print(f"alias gap during the move: {reader.gap() * 1000:.0f} ms over {len(reader.answers)} reads")
    after = slots(ckan, site, "rapporter")
    creates = client.sent("datastore_create")
    assert sorted(creates[0]) == sorted(
        ["resource", "fields", "primary_key", "records", "calculate_record_count"]
    )
    assert len(creates[0]["records"]) == 7
    assert [c.get("aliases") for c in creates[1:]] == [[], [alias]]
    assert (
        creates[1]["resource_id"] == before["current"]["id"]
        and creates[2]["resource_id"] == after["current"]["id"]
    )
    assert not client.sent("datastore_upsert") and not client.sent("datastore_delete")
    # package_revise: the claim, the switch (claim kept), the claim released once the alias has moved
    assert writes_of(client) == {"package_revise": 3, "resource_create": 6, "resource_view_create": 1,
                                 "datastore_create": 3}  # fmt: skip
    assert_consistent(ckan, site, "1.1.0")
    assert_datastore_equals_release(ckan, site, "1.1.0")
    assert (
        after["previous"]["id"] == before["current"]["id"]
        and after["previous"]["oppnadata_version"] == "1.0.0"
    )
    assert "oppnadata_claim" not in extras(ckan.action.package_show(id=site.name))
    record(site)

    # 1.2.0: the correction undone; the 1.0.0 table holds exactly these rows: no row is sent
    path = site.repo / "datasets" / "rapporter.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(CORRECTED[1], CORRECTED[0]), encoding="utf-8")
    set_version(site, "1.2.0")
    client = recording(ckan_server)
    outcome, _, lines = publish_ds(site, ckan_server, client=client)
    assert outcome.applied
    assert [line.split(": ", 1)[1] for line in lines if line.startswith("  datastore ")] == [
        "upsert 0, delete 0 (already equal)"
    ]
    assert [(c["resource_id"], c["aliases"]) for c in client.sent("datastore_create")] == [
        (after["current"]["id"], []),
        (before["current"]["id"], [alias]),
    ]
    assert writes_of(client) == {"package_revise": 3, "resource_create": 6, "datastore_create": 2}
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
    assert (
        len(full) == 1 and len(full[0]["records"]) == 7 and full[0]["resource_id"] == after["current"]["id"]
    )
    assert len(client.sent("datastore_delete")) == 1  # the earlier table dropped first
    assert_datastore_equals_release(ckan, site, "1.2.1")
    info = ckan.action.datastore_info(id=alias)
    schema, _ = canonical(site, "1.2.1")["rapporter"]
    title_en = next(f["title_en"] for f in schema["fields"] if f["name"] == "titel")
    assert [f["info"]["label"] for f in info["fields"] if f["id"] == "titel"] == [
        f"Rapportens titel / {title_en}"
    ]
    record(site)


# the writes of a publish that changes one record of one table whose other slot holds an earlier version
STEPS = [
    ("package_revise", 1),  # the claim
    ("resource_patch", 1),  # the slot marked pending
    ("datastore_upsert", 1),  # the record
    ("datastore_create", 1),  # the data dictionary names the new file
    ("package_revise", 2),  # the switch
    ("datastore_create", 2),  # the alias dropped from the old table
    ("datastore_create", 3),  # the alias created on the new one
    ("package_revise", 3),  # the claim released
]


def test_a_fault_at_each_step_is_finished_by_the_rerun(
    published: tuple[Site, Any], ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN,
    proxy_for: Callable[..., FaultProxy],  # noqa: F811
) -> None:  # fmt: skip
    """For each write of an incremental publish, a version whose call never reaches CKAN: the catalogue then
    presents the old version (the fault came before the switch) or the new one (after it), the alias shows
    a whole table whose data dictionary names its rows, and the re-run finishes: every table equal to the
    release, the claim gone, the next publish with nothing to do."""
    site, _ = published
    schema = canonical(site, site_version(site))["rapporter"][0]
    alias = alias_for(site.name, "rapporter")
    for number, (action, nth) in enumerate(STEPS, start=1):
        old = site_version(site)
        new = f"1.{10 + number}.0"
        retitle(site, f"Uppföljning av projektstöd beviljade 2018 (rättelse {number})")
        set_version(site, new, f"2026-12-{number + 16:02d}T00:00:00Z")
        slots_before = slots(ckan, site, "rapporter")
        proxy = proxy_for(on(action, nth, "drop-before"))
        client = recording(ckan_server, proxy.url)
        with pytest.raises(TargetError):
            publish_ds(site, ckan_server, client=client)
        assert (action, "drop-before") in {(a, f) for _, a, f in proxy.log}, (action, nth)
        presented = new if number > STEPS.index(("package_revise", 2)) + 1 else old  # after the switch
        assert_consistent(ckan, site, presented)
        if (action, nth) == ("datastore_create", 3):  # dropped from the old table, not yet on the new one
            with pytest.raises(ckanapi.NotFound):
                ckan.action.datastore_search(resource_id=alias, limit=0)
        else:  # a whole table, its rows the file its data dictionary names: the old one or the new one
            sha, named = dictionary_names(ckan.action.datastore_search(resource_id=alias, limit=0)["fields"])
            assert sha in (csv_sha256(site, old, "rapporter"), csv_sha256(site, new, "rapporter")), (
                action,
                nth,
            )
            rows = sorted_rows(canonical(site, named)["rapporter"][1], schema)
            assert datastore_rows(ckan, alias, schema) == rows, (action, nth)
        if (action, nth) == ("datastore_create", 2):
            # the next run brings a newer version: it moves the alias left behind before it loads that table
            old, new = new, f"{new}.1".replace(".0.1", ".1")
            record(site)
            retitle(site, f"Uppföljning av projektstöd beviljade 2018 (rättelse {number} b)")
            set_version(site, new, f"2026-12-{number + 16:02d}T12:00:00Z")
        client = recording(ckan_server)
        outcome, _, _ = publish_ds(site, ckan_server, client=client)
        assert outcome.applied, (action, nth)
        if (action, nth) == ("datastore_create", 2):
            calls = [
                (a, d.get("resource_id"), d.get("aliases"))
                for a, d in client.log
                if a.startswith("datastore_")
            ]
            moved = calls.index(("datastore_create", slots_before["previous"]["id"], [alias]))
            loads = [i for i, (a, rid, _) in enumerate(calls) if a == "datastore_upsert"]
            assert loads and moved < min(loads), calls  # never a load into the table the alias points at
        dataset = assert_consistent(ckan, site, new)
        assert "oppnadata_claim" not in extras(dataset), (action, nth)
        assert_datastore_equals_release(ckan, site, new)
        again, client, _ = publish_ds(site, ckan_server)
        assert not again.applied and client.stats.writes == 0, (action, nth)
        record(site)


def site_version(site: Site) -> str:
    return str(json.loads(site.descriptor.read_text(encoding="utf-8"))["version"])
