"""The repository's own package files — whatever datasets/ holds, example data or the region's real data.

This is the only module that looks at the repository's datapackage.json, schemas/ and datasets/ (every other
test runs on the frozen fixture package or on data it generates). What is checked here holds in both cases:
before and after ``oppnadata import --replace``.
"""

from __future__ import annotations

import json
import re
from functools import cache

import frictionless
import pytest
import yaml

from tests.helpers import REPO

DESCRIPTOR = REPO / "datapackage.json"
SCHEMAS = REPO / "schemas"
BILINGUAL = ("title", "description", "title_en", "description_en")
EXAMPLE = ("EXEMPELDATA – ", "EXAMPLE DATA – ")


@cache
def descriptor() -> dict:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


def resource_names() -> list[str]:
    return [r["name"] for r in json.loads(DESCRIPTOR.read_text(encoding="utf-8"))["resources"]]


@cache
def schema(name: str) -> dict:
    return yaml.safe_load((SCHEMAS / f"{name}.yaml").read_text(encoding="utf-8"))


def test_the_repository_package_is_a_valid_data_package() -> None:
    """THE test on what datasets/ holds: the root datapackage.json and all its tables against the Data
    Package standard (frictionless-py), and the descriptor's metadata that must hold for example and real
    data alike."""
    report = frictionless.Package(str(DESCRIPTOR)).validate()
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])[:20]

    pkg = descriptor()
    assert pkg["name"] == "hit-gar-pengarna"
    assert re.fullmatch(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)", pkg["version"])
    assert pkg["licenses"] == [
        {
            "name": "CC0-1.0",
            "path": "http://creativecommons.org/publicdomain/zero/1.0/",
            "title": "Creative Commons Zero v1.0 Universal",
        }
    ]
    assert pkg["language"] == ["sv", "en"]
    assert pkg["keywords"] and pkg["keywords_en"]
    assert any(
        c.get("role") == "publisher" and "Region Jämtland Härjedalen" in c["title"]
        for c in pkg["contributors"]
    )
    assert pkg["sources"]
    # POLICY P6: example data are marked unmistakably in both languages — and real data are not.
    marked = pkg.get("exempeldata") is True
    for key, prefix in (("title", EXAMPLE[0]), ("title_en", EXAMPLE[1])):
        assert pkg[key].startswith(prefix) == marked, (key, pkg[key])
    if marked:
        assert pkg["description"].startswith(EXAMPLE[0]) and "INTE" in pkg["description"]
        assert pkg["description_en"].startswith(EXAMPLE[1]) and "NOT" in pkg["description_en"]
    else:
        assert not re.match("EXEMPELDATA|EXAMPLE DATA", pkg["description"] + pkg["description_en"])
    # Links to the region, Projektbanken and Analysportal live in the publication config only.
    urls = re.findall(r"https?://[^\s\"]+", DESCRIPTOR.read_text(encoding="utf-8").lower())
    assert not [u for u in urls if any(h in u for h in ("regionjh", "projektbanken", "analysportal"))]

    for r in pkg["resources"]:
        assert r["path"] == f"datasets/{r['name']}.csv"
        assert r["schema"] == f"schemas/{r['name']}.yaml"
        assert (r["format"], r["mediatype"], r["encoding"]) == ("csv", "text/csv", "utf-8")
        assert r["profile"] == "tabular-data-resource"
        for key in BILINGUAL:
            assert r.get(key), f"resource {r['name']} lacks {key}"


@pytest.mark.parametrize("name", resource_names())
def test_every_schema_and_field_is_documented_in_swedish_and_english(name: str) -> None:
    s = schema(name)
    for key in BILINGUAL:
        assert isinstance(s.get(key), str) and s[key].strip(), f"schema {name} lacks {key}"
    assert s["missingValues"] == [""]
    assert s["primaryKey"]
    for f in s["fields"]:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", f["name"]), f"{name}.{f['name']} is not ASCII snake_case"
        for key in BILINGUAL:
            assert isinstance(f.get(key), str) and f[key].strip(), f"{name}.{f['name']} lacks {key}"


def test_amounts_are_integers_and_dates_are_dates() -> None:
    for name in resource_names():
        for f in schema(name)["fields"]:
            if f["name"] in (
                "beviljat_belopp",
                "stodberattigande_kostnader",
                "belopp",
                "tak_belopp_per_ar",
                "tak_belopp_strategisk",
            ):
                assert f["type"] == "integer", f"{name}.{f['name']}"
            if "datum" in f["name"] or f["name"] in (
                "period_start",
                "period_slut",
                "giltig_fran",
                "giltig_till",
            ):
                assert f["type"] == "date", f"{name}.{f['name']}"


def test_the_code_lists_name_their_sources() -> None:
    """The code lists are maintained reference data: datasets/KODLISTOR.md names the source of each."""
    text = (REPO / "datasets" / "KODLISTOR.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z_]+)\.csv` \|.*$", text, re.M)}
    assert set(rows) == {
        "kommuner", "rattsliga_grunder", "stodtyper", "strategiomraden", "resultatkedjor", "indikatorer",
        "mottagarkategorier",
    }  # fmt: skip
    for name, row in rows.items():
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 4 and all(cells[:3]), name
        assert name in resource_names()
