"""The DataStore module's pure parts: types, data dictionary, record changes, API names and examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from oppnadata.errors import RefusedError
from oppnadata.publishing.ckan import datastore as ds
from oppnadata.publishing.ckan.examples import api_examples


def spec(pk: list[str]) -> ds.TableSpec:
    fields = [ds.field_spec({"name": n, "type": t, "title": n.upper(), "title_en": n}) for n, t in
              (("id", "string"), ("year", "integer"), ("share", "number"), ("ok", "boolean"))]  # fmt: skip
    types = {"id": "string", "year": "integer", "share": "number", "ok": "boolean"}
    return ds.TableSpec("t", "p_t", Path("t.csv"), "", "T", "T", fields, pk, types, False)


def test_values_are_typed_as_the_schema_says_and_decimals_stay_exact() -> None:
    assert spec(["id"]).records([["a", "2023", "0.50", "true"], ["b", "", "", "false"]]) == [
        {"id": "a", "year": 2023, "share": "0.50", "ok": True},
        {"id": "b", "year": None, "share": None, "ok": False},
    ]
    with pytest.raises(Exception, match="not a boolean"):
        ds.typed("ja", "boolean")


def test_field_types_and_the_data_dictionary_in_both_languages() -> None:
    field = ds.field_spec({"name": "kommunkod", "type": "string", "title": "Kommunkod", "title_en": "Municipality code",
                           "description": "Fyra siffror.", "description_en": "Four digits."})  # fmt: skip
    assert field == {
        "id": "kommunkod",
        "type": "text",
        "info": {"label": "Kommunkod / Municipality code", "notes": "Fyra siffror.\n\nEnglish: Four digits.",
                 "label_sv": "Kommunkod", "label_en": "Municipality code", "notes_sv": "Fyra siffror.",
                 "notes_en": "Four digits."},
    }  # fmt: skip
    assert [ds.TYPES[t] for t in ("integer", "number", "date", "boolean", "year")] == [
        "int8", "numeric", "date", "bool", "int4"
    ]  # fmt: skip


def test_keyed_changes_list_new_changed_and_removed_records_only() -> None:
    s = spec(["id", "year"])
    old = [["a", "2023", "1", "true"], ["b", "2023", "1", "true"], ["c", "2023", "1", "true"]]
    new = [["a", "2023", "1", "true"], ["b", "2023", "0.5", "true"], ["d", "2024", "1", "false"]]
    changes = ds.keyed_changes(s, old, new)
    assert changes.upsert == [new[1], new[2]] and changes.delete == [("c", "2023")]
    assert list(ds.delete_filters(s, changes.delete)) == [{"id": "c", "year": 2023}]
    assert list(ds.delete_filters(spec(["id"]), [("x",), ("y",)])) == [{"id": ["x", "y"]}]


def test_changes_from_the_release_diff() -> None:
    s = spec(["id"])
    rows = [["a", "2023", "1", "true"], ["b", "2023", "1", "true"], ["c", "2023", "1", "true"]]
    diff = {"tables": {"t": {"primary_key": ["id"], "added": [{"id": "c"}], "removed": [{"id": "z"}],
                             "corrected": [{"key": {"id": "a"}, "changes": []}], "withdrawn": [], "schema": []}}}  # fmt: skip
    changes = ds.changes_from_diff_json(s, diff, rows)
    assert changes is not None and changes.upsert == [rows[0], rows[2]] and changes.delete == [("z",)]
    diff["tables"]["t"]["schema"] = [{"kind": "field_added"}]
    assert ds.changes_from_diff_json(s, diff, rows) is None  # a schema change: recreate instead
    assert ds.changes_from_diff_json(s, {"first_release": True, "tables": {"t": {"added": 3}}}, rows) is None


def test_api_names_and_ready_to_run_examples() -> None:
    assert ds.alias_for("hit-gar-pengarna", "beslut") == "hit_gar_pengarna_beslut"
    with pytest.raises(RefusedError, match="63"):
        ds.alias_for("x" * 60, "beslut")
    schema = {"fields": [{"name": n} for n in ("ar", "stodform", "kommunkod", "beviljat_belopp")]}
    found = api_examples("https://data.example/", "hit-gar-pengarna", "totaler_ar_stodform_kommun", schema)
    assert found["alias"] == "hit_gar_pengarna_totaler_ar_stodform_kommun"
    assert found["search"].startswith(
        "https://data.example/api/3/action/datastore_search?resource_id=hit_gar"
    )
    assert "%22kommunkod%22%3A+%222326%22" in found["search"]
    assert "datastore_search_sql" in found["sql"] and "GROUP BY ar, kommunkod" in found["sql"]
    assert "sql" not in api_examples("https://data.example", "p", "beslut", schema)


def test_the_portal_partial_shows_the_examples() -> None:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("oppnadata", "templates"), autoescape=True, undefined=StrictUndefined
    )
    schema = {"fields": [{"name": n} for n in ("ar", "kommunkod", "beviljat_belopp")]}
    api = api_examples("https://data.example", "hit-gar-pengarna", "totaler_ar_stodform_kommun", schema)
    html = env.get_template("datastore_api.html").render(api=api, en=False)
    assert "Tabellen som API" in html and "<code>hit_gar_pengarna_totaler_ar_stodform_kommun</code>" in html
    assert "datastore_search_sql" in html and "&amp;limit=0" in html
    assert "API-namnet fungerar inte i SQL för en besökare utan konto" in html  # said plainly, before the SQL
    assert "The table as an API" in env.get_template("datastore_api.html").render(api=api, en=True)
    assert env.get_template("datastore_api.html").render(api=None, en=False).strip() == ""
    other = api_examples("https://data.example", "hit-gar-pengarna", "beslut", schema)
    html = env.get_template("datastore_api.html").render(api=other, en=True)
    assert "hit_gar_pengarna_beslut" in html and "--data-urlencode" not in html and "<a " not in html
