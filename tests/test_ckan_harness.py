"""The CKAN test harness: a real CKAN 2.12 answers, and the Solr stand-in behind it is honest.

The first half talks to the running harness (`scripts/ckan-test-server up`) through ckanapi,
the way the project's CKAN module will; every run uses fresh uuid names, so it can be re-run
against a long-lived server.  The second half starts scripts/solr_standin.py in-process and
checks the Solr query language it understands, with the query strings CKAN really sends.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import ckanapi
import pytest
import requests

if TYPE_CHECKING:
    from tests.ckan_fixtures import CkanServer

pytest_plugins = ["tests.ckan_fixtures"]  # ckan_server, ckan

REPO = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- real CKAN


@pytest.fixture(scope="module")
def run_id() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture(scope="module")
def organization(ckan: ckanapi.RemoteCKAN, run_id: str) -> Iterator[dict[str, Any]]:
    org = ckan.action.organization_create(name=f"test-org-{run_id}", title=f"Testorganisation {run_id}")
    yield org
    for pkg in ckan.action.package_search(
        fq=f"owner_org:{org['id']}", include_private=True, include_drafts=True, rows=1000
    )["results"]:
        ckan.action.dataset_purge(id=pkg["id"])
    ckan.action.organization_purge(id=org["id"])


@pytest.fixture(scope="module")
def dataset(ckan: ckanapi.RemoteCKAN, organization: dict[str, Any], run_id: str) -> dict[str, Any]:
    return ckan.action.package_create(
        name=f"harness-{run_id}",
        title=f"Beslut om bidrag {run_id}",
        owner_org=organization["id"],
        notes="Provdata för testerna (test data).",
        license_id="cc-zero",
        tags=[{"name": "bidrag"}, {"name": "test"}],
    )


def _download(ckan_server: CkanServer, url: str) -> bytes:
    answer = requests.get(url, headers={"Authorization": ckan_server.token}, timeout=60)
    answer.raise_for_status()
    return answer.content


def test_status_show_answers_ckan_2_12(ckan: ckanapi.RemoteCKAN) -> None:
    status = ckan.action.status_show()
    assert status["ckan_version"].startswith("2.12.")
    assert "activity" in status["extensions"]


def test_uploaded_resource_downloads_byte_for_byte(
    ckan: ckanapi.RemoteCKAN, ckan_server: CkanServer, dataset: dict[str, Any], tmp_path: Path
) -> None:
    # BOM, CRLF, Swedish letters and a stray NUL: anything a server might "fix" on the way
    content = "\ufeffdiarienummer;mottagare;belopp\r\nDNR-1;Göteborgs stad;1 000\r\n".encode() + b"\x00\xff"
    path = tmp_path / "beslut.csv"
    path.write_bytes(content)
    with path.open("rb") as upload:
        resource = ckan.action.resource_create(
            package_id=dataset["id"], name="beslut", format="CSV", upload=upload
        )
    assert resource["url_type"] == "upload"
    assert resource["url"].endswith("/beslut.csv")
    assert _download(ckan_server, resource["url"]) == content


def test_upload_above_ckans_default_10_mb_limit_is_accepted(
    ckan: ckanapi.RemoteCKAN, ckan_server: CkanServer, dataset: dict[str, Any], tmp_path: Path
) -> None:
    content = os.urandom(11 * 1024 * 1024)
    path = tmp_path / "stor.bin"
    path.write_bytes(content)
    with path.open("rb") as upload:
        resource = ckan.action.resource_create(
            package_id=dataset["id"], name="stor", format="BIN", upload=upload
        )
    assert _download(ckan_server, resource["url"]) == content
    ckan.action.resource_delete(id=resource["id"])


def test_package_show_by_name(ckan: ckanapi.RemoteCKAN, dataset: dict[str, Any]) -> None:
    shown = ckan.action.package_show(id=dataset["name"])
    assert shown["id"] == dataset["id"]
    assert shown["organization"]["name"].startswith("test-org-")
    assert sorted(t["name"] for t in shown["tags"]) == ["bidrag", "test"]


def test_package_search_with_fq_finds_the_dataset(
    ckan: ckanapi.RemoteCKAN, dataset: dict[str, Any], organization: dict[str, Any], run_id: str
) -> None:
    by_name = ckan.action.package_search(fq=f"name:{dataset['name']}")
    assert [p["id"] for p in by_name["results"]] == [dataset["id"]]
    assert by_name["results"][0]["title"] == dataset["title"]  # the validated_data_dict comes back

    by_org = ckan.action.package_search(
        fq=f"+organization:{organization['name']} +tags:bidrag", **{"facet.field": ["tags", "license_id"]}
    )
    assert by_org["count"] == 1
    assert {i["name"]: i["count"] for i in by_org["search_facets"]["tags"]["items"]} == {
        "bidrag": 1,
        "test": 1,
    }
    assert by_org["search_facets"]["license_id"]["items"][0]["name"] == "cc-zero"

    free_text = ckan.action.package_search(q=f"bidrag {run_id}")
    assert [p["name"] for p in free_text["results"]] == [dataset["name"]]
    assert ckan.action.package_search(fq=f"name:{dataset['name']} -tags:bidrag")["count"] == 0


def test_package_revise_with_match_changes_one_field(
    ckan: ckanapi.RemoteCKAN, dataset: dict[str, Any]
) -> None:
    before = ckan.action.package_show(id=dataset["id"])
    revised = ckan.action.package_revise(
        match={"id": dataset["id"]}, update={"notes": "Reviderad beskrivning"}
    )
    after = revised["package"]
    assert after["notes"] == "Reviderad beskrivning"
    assert after["title"] == before["title"]
    assert [r["id"] for r in after["resources"]] == [r["id"] for r in before["resources"]]
    assert (
        ckan.action.package_search(fq=f"name:{dataset['name']}")["results"][0]["notes"]
        == "Reviderad beskrivning"
    )
    with pytest.raises(ckanapi.ValidationError):  # the match guards against a lost update
        ckan.action.package_revise(match={"id": dataset["id"], "notes": "stale"}, update={"notes": "never"})


def test_activity_plugin_records_changes(ckan: ckanapi.RemoteCKAN, dataset: dict[str, Any]) -> None:
    activities = ckan.action.package_activity_list(id=dataset["id"])
    assert any(a["activity_type"] == "new package" for a in activities)


def test_private_dataset_is_searchable_only_with_include_private(
    ckan: ckanapi.RemoteCKAN, organization: dict[str, Any], run_id: str
) -> None:
    private = ckan.action.package_create(
        name=f"harness-private-{run_id}", owner_org=organization["id"], private=True
    )
    fq = f"name:{private['name']}"
    assert ckan.action.package_search(fq=fq)["count"] == 0
    assert ckan.action.package_search(fq=fq, include_private=True)["count"] == 1


def test_purge_removes_dataset_from_database_and_index(
    ckan: ckanapi.RemoteCKAN, organization: dict[str, Any], run_id: str
) -> None:
    doomed = ckan.action.package_create(name=f"harness-purge-{run_id}", owner_org=organization["id"])
    ckan.action.dataset_purge(id=doomed["id"])
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id=doomed["name"])
    assert (
        ckan.action.package_search(fq=f"name:{doomed['name']}", include_private=True, include_deleted=True)[
            "count"
        ]
        == 0
    )


def test_env_file_is_private_and_complete(ckan_server: CkanServer) -> None:
    env_file = REPO / ".ckan-test" / "env"
    assert env_file.stat().st_mode & 0o077 == 0
    assert env_file.read_text().splitlines() == [
        f"CKAN_URL={ckan_server.url}",
        f"CKAN_API_TOKEN={ckan_server.token}",
    ]


# ---------------------------------------------------------------------- the Solr stand-in

SCHEMA = """<?xml version="1.0" encoding="UTF-8" ?>
<schema name="ckan-2.12" version="1.6">
<types>
  <fieldType name="string" class="solr.StrField"/>
  <fieldType name="text" class="solr.TextField"/>
  <fieldType name="int" class="solr.IntPointField"/>
  <fieldType name="date" class="solr.DatePointField"/>
</types>
<fields>
  <field name="index_id" type="string" indexed="true" stored="true" required="true"/>
  <field name="id" type="string" indexed="true" stored="true" required="true"/>
  <field name="site_id" type="string" indexed="true" stored="true" required="true"/>
  <field name="name" type="string" indexed="true" stored="true"/>
  <field name="title" type="text" indexed="true" stored="true"/>
  <field name="state" type="string" indexed="true" stored="true"/>
  <field name="capacity" type="string" indexed="true" stored="true"/>
  <field name="entity_type" type="string" indexed="true" stored="true"/>
  <field name="tags" type="string" indexed="true" stored="true" multiValued="true"/>
  <field name="permission_labels" type="string" indexed="true" stored="false" multiValued="true"/>
  <field name="num_resources" type="int" indexed="true" stored="true"/>
  <field name="metadata_modified" type="date" indexed="true" stored="true"/>
  <field name="title_string" type="string" indexed="true" stored="false"/>
  <field name="text" type="text" indexed="true" stored="false" multiValued="true"/>
  <field name="validated_data_dict" type="string" indexed="false" stored="true"/>
  <field name="_version_" type="string" indexed="true" stored="true"/>
  <dynamicField name="extras_*" type="text" indexed="true" stored="true"/>
  <dynamicField name="*" type="string" indexed="true" stored="false"/>
</fields>
<uniqueKey>index_id</uniqueKey>
<copyField source="name" dest="text"/>
<copyField source="title" dest="text"/>
<copyField source="tags" dest="text"/>
<copyField source="extras_*" dest="text"/>
</schema>
"""


def _doc(name: str, title: str, **extra: Any) -> dict[str, Any]:
    doc = {
        "index_id": f"idx-{name}",
        "id": f"id-{name}",
        "site_id": "default",
        "name": name,
        "title": title,
        "title_string": title,
        "state": "active",
        "capacity": "public",
        "entity_type": "package",
        "permission_labels": ["public"],
        "validated_data_dict": json.dumps({"name": name}),
    }
    doc.update(extra)
    return doc


CORPUS = [
    _doc(
        "bidrag-2024",
        "Beviljade bidrag 2024",
        tags=["bidrag", "ekonomi"],
        num_resources=2,
        metadata_modified="2024-03-01T10:00:00.250000Z",
        extras_kommun="Göteborg",
    ),
    _doc(
        "bidrag-2023",
        "Beviljade bidrag 2023",
        tags=["bidrag"],
        num_resources=1,
        metadata_modified="2023-03-01T10:00:00Z",
    ),
    _doc(
        "flooding",
        "Flooding risk areas",
        tags=["water"],
        capacity="private",
        permission_labels=["member-org-1"],
        metadata_modified="2024-01-01T00:00:00Z",
    ),
    _doc("utkast", "Utkast", state="draft"),
    _doc("annan-sajt", "Beviljade bidrag från annan sajt", site_id="other"),
]


@pytest.fixture(scope="module")
def standin() -> ModuleType:
    spec = importlib.util.spec_from_file_location("solr_standin", REPO / "scripts" / "solr_standin.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def solr(standin: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The stand-in on a free loopback port, loaded with CORPUS; yields its core URL."""
    folder = tmp_path_factory.mktemp("solr")
    (folder / "schema.xml").write_text(SCHEMA)
    server = standin.make_server(
        "127.0.0.1", 0, folder / "schema.xml", data_path=folder / "index.json", quiet=True
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/solr/ckan"
    answer = requests.post(f"{url}/update/?commit=true", json=CORPUS, timeout=5)
    assert answer.status_code == 200, answer.text
    yield url
    server.shutdown()
    server.server_close()


def select(solr: str, **params: Any) -> dict[str, Any]:
    params.setdefault("wt", "json")
    answer = requests.get(f"{solr}/select/", params=params, timeout=5)
    assert answer.status_code == 200, answer.text
    return answer.json()


def names(solr: str, q: str, **params: Any) -> list[str]:
    params.setdefault("sort", "name asc")
    return [d["name"] for d in select(solr, q=q, fl="name", rows=100, **params)["response"]["docs"]]


CKAN_FQ = ['+site_id:"default" ', "+state:active", '+permission_labels:("public" OR "member-org-1")']


@pytest.mark.parametrize(
    ("q", "fq", "expected"),
    [
        ("*:*", [], ["annan-sajt", "bidrag-2023", "bidrag-2024", "flooding", "utkast"]),
        ("*:*", CKAN_FQ, ["bidrag-2023", "bidrag-2024", "flooding"]),
        ("*:*", [*CKAN_FQ, "+capacity:public"], ["bidrag-2023", "bidrag-2024"]),
        ("*:*", ['+permission_labels:("member-org-1")'], ["flooding"]),
        (
            "*:*",
            ["+state:(active OR draft)", '+site_id:"default"'],
            ["bidrag-2023", "bidrag-2024", "flooding", "utkast"],
        ),
        (
            'name:"bidrag-2023" OR id:"bidrag-2023"',
            ['+site_id:"default" +entity_type:package'],
            ["bidrag-2023"],
        ),
        ('name:"x" OR id:"id-flooding"', [], ["flooding"]),
        ("tags:bidrag", ["+site_id:default"], ["bidrag-2023", "bidrag-2024"]),
        ("+tags:bidrag -tags:ekonomi", [], ["bidrag-2023"]),
        ("tags:bidrag AND NOT tags:ekonomi", [], ["bidrag-2023"]),
        ("-tags:bidrag", ["+site_id:default"], ["flooding", "utkast"]),
        ("name:bidrag-*", [], ["bidrag-2023", "bidrag-2024"]),
        ("extras_kommun:goteborg", [], ["bidrag-2024"]),
        ("extras_kommun:*", [], ["bidrag-2024"]),
        ("title:(risk OR utkast)", [], ["flooding", "utkast"]),
        ("num_resources:[2 TO *]", [], ["bidrag-2024"]),
        ("metadata_modified:[2024-01-01T00:00:00Z TO NOW]", [], ["bidrag-2024", "flooding"]),
        ("metadata_modified:{2024-01-01T00:00:00Z TO *]", [], ["bidrag-2024"]),
    ],
)
def test_lucene_queries_as_ckan_sends_them(solr: str, q: str, fq: list[str], expected: list[str]) -> None:
    assert names(solr, q, fq=fq) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("bidrag", ["bidrag-2023", "bidrag-2024"]),  # text copyField of name, title, tags
        ("BEVILJADE 2024", ["bidrag-2024"]),  # mm 2<-1: both words must match
        ("flood", ["flooding"]),  # a word start, as stemming would
        ("lood", []),  # but not the middle of a word
        ("göteborg", ["bidrag-2024"]),
        ("goteborg", ["bidrag-2024"]),  # accents fold
        ("beviljade bidrag 2023 saknas", ["bidrag-2023"]),  # 4 words: one may miss
    ],
)
def test_dismax_free_text_like_ckans_search_box(solr: str, q: str, expected: list[str]) -> None:
    params = {
        "defType": "dismax",
        "qf": "name^4 title^4 tags^2 groups^2 text",
        "mm": "2<-1 5<80%",
        "q.op": "AND",
        "tie": "0.1",
        "df": "text",
    }
    assert names(solr, q, fq=['+site_id:"default"'], **params) == expected


def test_sort_paging_and_fields(solr: str) -> None:
    body = select(
        solr,
        q="*:*",
        fq=['+site_id:"default"'],
        sort="metadata_modified desc, name asc",
        start=1,
        rows=2,
        fl="id name metadata_modified permission_labels score",
    )
    assert body["response"]["numFound"] == 4
    assert [d["name"] for d in body["response"]["docs"]] == ["flooding", "bidrag-2023"]
    doc = body["response"]["docs"][0]
    assert "permission_labels" not in doc  # stored="false" fields never come back
    assert doc["metadata_modified"] == "2024-01-01T00:00:00Z" and "score" in doc
    # documents without the sort field sort last both ways (sortMissingLast)
    assert names(solr, "*:*", fq=['+site_id:"default"'], sort="metadata_modified asc")[-1] == "utkast"
    assert (
        select(solr, q="id:id-bidrag-2024", fl="*")["response"]["docs"][0]["metadata_modified"]
        == "2024-03-01T10:00:00.250Z"
    )  # Solr keeps milliseconds


def test_facets_count_the_matching_documents(solr: str) -> None:
    body = select(
        solr,
        q="*:*",
        fq=['+site_id:"default"'],
        rows=0,
        facet="true",
        **{"facet.field": ["tags", "capacity"], "facet.mincount": 1, "facet.limit": 50},
    )
    fields = body["facet_counts"]["facet_fields"]
    assert fields["tags"] == ["bidrag", 2, "ekonomi", 1, "water", 1]
    assert fields["capacity"] == ["public", 3, "private", 1]
    limited = select(solr, q="*:*", rows=0, facet="true", **{"facet.field": "tags", "facet.limit": 1})[
        "facet_counts"
    ]["facet_fields"]
    assert limited == {"tags": ["bidrag", 2]}


def test_long_queries_arrive_as_form_posts(solr: str) -> None:
    labels = " OR ".join(f'"member-{i}"' for i in range(100)) + ' OR "public"'
    answer = requests.post(
        f"{solr}/select/",
        timeout=5,
        data={"q": "*:*", "fq": f"+permission_labels:({labels})", "wt": "json", "rows": 0},
    )
    assert answer.json()["response"]["numFound"] == 4


def test_xml_updates_add_delete_and_commit(solr: str) -> None:
    xml = (
        '<add><doc><field name="index_id">x1</field><field name="id">x1</field>'
        '<field name="site_id">default</field><field name="name">xml-doc</field>'
        '<field name="tags">a</field><field name="tags">b</field></doc></add>'
    )
    headers = {"Content-type": "text/xml; charset=utf-8"}
    assert requests.post(f"{solr}/update/?commit=true", data=xml, headers=headers, timeout=5).ok
    assert select(solr, q="name:xml-doc", fl="tags")["response"]["docs"] == [{"tags": ["a", "b"]}]
    assert requests.post(
        f"{solr}/update/", data="<delete><id>x1</id></delete>", headers=headers, timeout=5
    ).ok
    assert requests.post(f"{solr}/update/", data="<commit />", headers=headers, timeout=5).ok
    assert select(solr, q="name:xml-doc")["response"]["numFound"] == 0


def test_delete_by_query_as_ckan_purges(solr: str, standin: ModuleType, tmp_path: Path) -> None:
    doc = _doc("doomed", "Doomed")
    assert requests.post(f"{solr}/update/", json=[doc], timeout=5).ok
    # PackageSearchIndex.delete_package, verbatim
    query = '+entity_type:package AND +(id:"doomed" OR name:"doomed") AND +site_id:"default"'
    delete = f"<delete><query>{query}</query></delete>"
    assert requests.post(
        f"{solr}/update/?commit=true", data=delete, headers={"Content-type": "text/xml"}, timeout=5
    ).ok
    assert select(solr, q="name:doomed")["response"]["numFound"] == 0
    assert select(solr, q="*:*")["response"]["numFound"] == len(CORPUS)


@pytest.mark.parametrize(
    ("docs", "message"),
    [
        ([{"id": "no-key", "site_id": "default"}], "missing mandatory uniqueKey field: index_id"),
        ([{"index_id": "k", "site_id": "default"}], "missing required field: id"),
        ([_doc("two-names", "T", state=["active", "draft"])], "multiple values encountered"),
        ([_doc("bad-date", "T", metadata_modified="yesterday")], "Invalid Date String"),
        ([_doc("atomic", "T", notes={"set": "x"})], "does not support atomic updates"),
    ],
)
def test_updates_solr_would_refuse_are_refused(solr: str, docs: list[Any], message: str) -> None:
    answer = requests.post(f"{solr}/update/", json=docs, timeout=5)
    assert answer.status_code == 400
    assert message in answer.json()["error"]["msg"]


def test_bad_sort_gets_the_message_ckan_recognises(solr: str) -> None:
    answer = requests.get(f"{solr}/select/", params={"q": "*:*", "sort": "name sideways"}, timeout=5)
    assert answer.status_code == 400
    assert "Can't determine a Sort Order" in answer.json()["error"]["msg"]


def test_ping_and_schema_for_ckans_version_check(solr: str) -> None:
    assert requests.get(f"{solr}/admin/ping/", params={"wt": "json"}, timeout=5).json()["status"] == "OK"
    for url in (f"{solr}/schema?wt=schema.xml", f"{solr}/admin/file/?file=schema.xml"):
        answer = requests.get(url, timeout=5)
        assert answer.status_code == 200 and '<schema name="ckan-2.12"' in answer.text


def test_index_survives_a_restart(standin: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "schema.xml").write_text(SCHEMA)
    first = standin.Index(standin.Schema(SCHEMA), tmp_path / "index.json")
    first.add([_doc("kept", "Kept")])
    second = standin.Index(standin.Schema(SCHEMA), tmp_path / "index.json")
    assert second.select({"q": ["name:kept"], "fl": ["id"]})["response"]["docs"] == [{"id": "id-kept"}]


@pytest.mark.parametrize(
    ("spec", "count", "expected"),
    [
        ("2<-1 5<80%", 1, 1),
        ("2<-1 5<80%", 2, 2),
        ("2<-1 5<80%", 3, 2),
        ("2<-1 5<80%", 5, 4),
        ("2<-1 5<80%", 6, 4),
        ("100%", 3, 3),
        ("-25%", 5, 4),
        ("1", 3, 1),
        ("-1", 3, 2),
    ],
)
def test_min_should_match_follows_solr(standin: ModuleType, spec: str, count: int, expected: int) -> None:
    assert standin.min_should_match(spec, count) == expected


def test_local_params_are_refused_not_ignored(solr: str) -> None:
    answer = requests.get(f"{solr}/select/", params={"q": "{!knn f=vector}[1,2]"}, timeout=5)
    assert answer.status_code == 400
