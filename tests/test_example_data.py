"""The repository's own example data: reproducible, valid, documented and true to the domain rules.

These tests guard the generator (scripts/generate_example_data.py), the schemas in schemas/ and the root
datapackage.json. The domain checks here are deliberately plain re-statements of the rules the example
data promise to follow, independent of the validator in src/.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path

import frictionless
import pytest
import yaml
from click.testing import CliRunner
from stdnum.se import orgnr as se_orgnr
from stdnum.se import personnummer as se_personnummer

from oppnadata.cli import main as cli_main
from oppnadata.domain import EXPECTED_GROUP

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
SCHEMAS = ROOT / "schemas"
GENERATOR = ROOT / "scripts" / "generate_example_data.py"

REGION_ORGNR = "232100-0214"
KOMMUNKODER = {"2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380"}
RESOURCES = [
    "kommuner",
    "rattsliga_grunder",
    "stodtyper",
    "strategiomraden",
    "resultatkedjor",
    "indikatorer",
    "mottagarkategorier",
    "beslut",
    "finansiering",
    "utbetalningar",
    "kommunfordelning",
    "hallbarhet",
    "uppfoljning",
    "rapporter",
]
BILINGUAL = ("title", "description", "title_en", "description_en")


@cache
def descriptor() -> dict:
    return json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


@cache
def table(name: str) -> list[dict[str, str]]:
    with (DATASETS / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def schema(name: str) -> dict:
    return yaml.safe_load((SCHEMAS / f"{name}.yaml").read_text(encoding="utf-8"))


def beslut_by_id() -> dict[str, dict[str, str]]:
    return {b["arende_id"]: b for b in table("beslut")}


# ------------------------------------------------------------------------------ reproducibility


def test_generator_reproduces_committed_datasets_byte_for_byte(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    generated = sorted(p.name for p in tmp_path.glob("*.csv"))
    committed = sorted(p.name for p in DATASETS.glob("*.csv"))
    assert generated == committed == sorted(f"{name}.csv" for name in RESOURCES)
    for name in generated:
        assert (tmp_path / name).read_bytes() == (DATASETS / name).read_bytes(), f"datasets/{name} is stale"


def _generate(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR), *args, "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_generator_scales_to_n_decisions_deterministically_and_validly(tmp_path: Path) -> None:
    """--decisions N: exactly N decisions, same bytes on every run, child tables in the example's
    proportions, and a package the validator passes (the benchmarks rely on all four)."""
    first, second = tmp_path / "a" / "datasets", tmp_path / "b"
    for out in (first, second):
        result = _generate(out, "--decisions", "1500")
        assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in first.glob("*.csv"))
    assert names == sorted(f"{name}.csv" for name in RESOURCES)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    beslut = _rows(first, "beslut")
    assert len(beslut) == 1500 and len({b["arende_id"] for b in beslut}) == 1500
    example = tmp_path / "example"
    assert _generate(example).returncode == 0
    per_decision = {
        name: (len(_rows(first, name)) / 1500, len(_rows(example, name)) / len(_rows(example, "beslut")))
        for name in ("finansiering", "utbetalningar", "kommunfordelning", "hallbarhet", "uppfoljning")
    }
    for name, (scaled, original) in per_decision.items():
        assert abs(scaled - original) <= 0.1 * original, (name, scaled, original)
    stodform = defaultdict(int)
    for b in beslut:
        stodform[b["stodform"]] += 1
    assert 0.30 < stodform["PROJ"] / 1500 < 0.38 and 0.45 < stodform["FTG"] / 1500 < 0.54, stodform
    package = tmp_path / "a"
    for name in ("datapackage.json", "publication.yaml"):
        (package / name).write_bytes((ROOT / name).read_bytes())
    (package / "schemas").mkdir()
    for path in SCHEMAS.glob("*.yaml"):
        (package / "schemas" / path.name).write_bytes(path.read_bytes())
    result = CliRunner().invoke(cli_main, ["validate", str(package / "datapackage.json")])
    assert result.exit_code == 0, result.output
    assert "0 fel, 0 varningar" in result.output


def test_generator_scale_option_refuses_the_repository_datasets() -> None:
    before = {p.name: p.read_bytes() for p in DATASETS.glob("*.csv")}
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--decisions", "10"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and "--out" in result.stderr
    assert {p.name: p.read_bytes() for p in DATASETS.glob("*.csv")} == before
    result = _generate(Path("/nonexistent-never-written"), "--decisions", "0")
    assert result.returncode == 2 and "at least 1" in result.stderr


@pytest.mark.parametrize("name", RESOURCES)
def test_tables_are_utf8_without_bom_comma_lf(name: str) -> None:
    raw = (DATASETS / f"{name}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    raw.decode("utf-8")
    header = raw.split(b"\n", 1)[0].decode("utf-8")
    assert header.split(",") == [f["name"] for f in schema(name)["fields"]]


# ------------------------------------------------------------------------------ package and schemas


def test_datapackage_is_valid_with_frictionless() -> None:
    report = frictionless.Package(str(ROOT / "datapackage.json")).validate()
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])


def test_datapackage_metadata() -> None:
    pkg = descriptor()
    assert pkg["name"] == "hit-gar-pengarna"
    assert pkg["version"] == "1.0.0"
    assert pkg["created"] == "2026-11-26T00:00:00Z"
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
    # Example-data marking, unmistakable in both languages.
    assert pkg["exempeldata"] is True
    assert pkg["title"].startswith("EXEMPELDATA – ")
    assert pkg["title_en"].startswith("EXAMPLE DATA – ")
    assert pkg["description"].startswith("EXEMPELDATA – ") and "INTE" in pkg["description"]
    assert pkg["description_en"].startswith("EXAMPLE DATA – ") and "NOT" in pkg["description_en"]
    # Links to the region, Projektbanken and Analysportal live in the publication config only.
    text = (ROOT / "datapackage.json").read_text(encoding="utf-8").lower()
    for host in ("regionjh", "projektbanken", "analysportal"):
        assert host not in text


def test_every_resource_is_declared_completely() -> None:
    resources = descriptor()["resources"]
    assert [r["name"] for r in resources] == RESOURCES
    for r in resources:
        assert r["path"] == f"datasets/{r['name']}.csv"
        assert r["schema"] == f"schemas/{r['name']}.yaml"
        assert (r["format"], r["mediatype"], r["encoding"]) == ("csv", "text/csv", "utf-8")
        assert r["profile"] == "tabular-data-resource"
        for key in BILINGUAL:
            assert r.get(key), f"resource {r['name']} lacks {key}"


@pytest.mark.parametrize("name", RESOURCES)
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
    for name in RESOURCES:
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


# ------------------------------------------------------------------------------ coverage


def test_at_least_1000_decisions_2018_to_2025() -> None:
    beslut = table("beslut")
    assert len(beslut) >= 1000
    assert {b["beslutsdatum"][:4] for b in beslut} == {str(y) for y in range(2018, 2026)}


def test_all_kommuner_and_all_stodtyper_occur() -> None:
    beslut = table("beslut")
    assert {k["kommunkod"] for k in table("kommuner")} == KOMMUNKODER
    assert {b["kommunkod"] for b in beslut} == KOMMUNKODER
    assert {k["kommunkod"] for k in table("kommunfordelning")} == KOMMUNKODER
    assert {b["stodtyp"] for b in beslut} == {s["kod"] for s in table("stodtyper")}
    assert {b["stodform"] for b in beslut} == {"PROJ", "FTG", "KS"}
    assert {b["status"] for b in beslut} == {"beviljad", "pagaende", "avslutad", "aterkallad"}


def test_sole_traders_are_shown_per_policy() -> None:
    sole = [b for b in table("beslut") if b["juridisk_form"] == "enskild_naringsidkare"]
    assert 5 <= len(sole) <= 60
    for b in sole:
        assert b["stodmottagare"] == "Enskild näringsidkare"
        assert b["organisationsnummer"] == ""
    others = [b for b in table("beslut") if b["juridisk_form"] != "enskild_naringsidkare"]
    assert all(b["stodmottagare"] != "Enskild näringsidkare" and b["organisationsnummer"] for b in others)
    for f in table("finansiering"):
        if f["finansiar"] == "Enskild näringsidkare":
            assert f["finansiar_organisationsnummer"] == ""


def test_decisions_to_the_region_itself_and_to_region_owned_bodies() -> None:
    kategorier = {k["kod"]: k for k in table("mottagarkategorier")}
    assert {k for k, v in kategorier.items() if v["regionens_egen"] == "true"} == {
        "regionen",
        "regionagt_bolag",
    }
    beslut = table("beslut")
    own = [b for b in beslut if b["mottagarkategori"] == "regionen"]
    assert own and all(
        b["organisationsnummer"] == REGION_ORGNR and b["juridisk_form"] == "region" for b in own
    )
    owned = [b for b in beslut if b["mottagarkategori"] == "regionagt_bolag"]
    assert owned and all(b["stodmottagare"].startswith("Exempel") for b in owned)


def test_recipient_names_are_obviously_fictitious() -> None:
    for b in table("beslut"):
        name = b["stodmottagare"]
        assert name.startswith("Exempel") or name in (
            "Region Jämtland Härjedalen",
            "Enskild näringsidkare",
        ), name


# ------------------------------------------------------------------------------ domain rules


def test_organisation_numbers_are_valid_and_never_personal() -> None:
    first_digit = EXPECTED_GROUP
    numbers = [(b["organisationsnummer"], b["juridisk_form"]) for b in table("beslut")]
    numbers += [(f["finansiar_organisationsnummer"], None) for f in table("finansiering")]
    for number, form in numbers:
        if not number:
            continue
        digits = number.replace("-", "")
        assert se_orgnr.is_valid(digits), number
        assert not se_personnummer.is_valid(digits), number
        assert int(digits[2:4]) >= 20, number
        if form:
            assert digits[0] == first_digit[form], (number, form)


def test_financing_adds_up() -> None:
    beslut = beslut_by_id()
    rows = defaultdict(list)
    for f in table("finansiering"):
        rows[f["arende_id"]].append(f)
    assert set(rows) == set(beslut)
    for arende_id, b in beslut.items():
        total = int(b["stodberattigande_kostnader"])
        assert sum(int(f["belopp"]) for f in rows[arende_id]) == total, arende_id
        grant = [int(f["belopp"]) for f in rows[arende_id] if f["finansiarstyp"] == "region_1_1"]
        assert grant == [int(b["beviljat_belopp"])], arende_id
        if b["stodform"] == "PROJ":
            region = sum(
                int(f["belopp"])
                for f in rows[arende_id]
                if f["finansiar_organisationsnummer"] == REGION_ORGNR
            )
            assert 2 * region <= total, arende_id


def test_amounts_and_ceilings() -> None:
    for b in table("beslut"):
        amount = int(b["beviljat_belopp"])
        if b["stodform"] == "PROJ":
            assert 100_000 <= amount <= 5_000_000
            assert b["projekttyp"] in ("forstudie", "genomforandeprojekt")
        elif b["stodform"] == "FTG":
            assert 50_000 <= amount <= 3_000_000
            assert (
                b["foretagsstorlek"] and b["sni_kod"] and b["sni_version"] and b["stodinstrument"] == "bidrag"
            )
        if b["beslutsniva"] == "delegation":
            assert amount < 500_000
        if b["stodtyp"] == "servicebidrag":
            start, end = dt.date.fromisoformat(b["startdatum"]), dt.date.fromisoformat(b["slutdatum"])
            years = end.year - start.year + 1
            assert years <= 3
            ceiling = 300_000 if b["strategisk_butik"] == "true" else 250_000
            assert amount <= ceiling * years
            assert (
                amount / ((end - start).days + 1) * 365.25 <= ceiling
            )  # also when years are counted in days


def test_dates_and_legal_bases() -> None:
    grunder = {g["sfs_nummer"]: g for g in table("rattsliga_grunder")}
    for b in table("beslut"):
        assert b["startdatum"] <= b["slutdatum"]
        g = grunder[b["rattslig_grund"]]
        assert g["giltig_fran"] <= b["beslutsdatum"]
        assert not g["giltig_till"] or b["beslutsdatum"] <= g["giltig_till"]
        assert g["stodform"] == b["stodform"]
        if b["stodform"] == "FTG":
            old = b["beslutsdatum"] < "2023-01-01"
            assert (b["rattslig_grund"] in ("2015:210", "2015:211")) == old
        assert (b["status"] == "aterkallad") == bool(b["aterkallelsedatum"])


def test_payments_never_exceed_the_grant() -> None:
    beslut = beslut_by_id()
    paid: dict[str, int] = defaultdict(int)
    recoveries = 0
    for u in table("utbetalningar"):
        b = beslut[u["arende_id"]]
        assert int(u["ar"]) >= int(b["beslutsdatum"][:4])
        if u["typ"] == "aterkrav":
            assert int(u["belopp"]) < 0
            recoveries += 1
        else:
            assert int(u["belopp"]) > 0
            paid[u["arende_id"]] += int(u["belopp"])
    assert recoveries > 0
    for arende_id, total in paid.items():
        assert total <= int(beslut[arende_id]["beviljat_belopp"]), arende_id


def test_kommun_shares_sum_exactly_to_one() -> None:
    shares: dict[str, Decimal] = defaultdict(Decimal)
    kommuner: dict[str, set[str]] = defaultdict(set)
    for k in table("kommunfordelning"):
        shares[k["arende_id"]] += Decimal(k["andel"])
        kommuner[k["arende_id"]].add(k["kommunkod"])
    beslut = beslut_by_id()
    assert set(shares) == set(beslut)
    for arende_id, total in shares.items():
        assert total == 1, arende_id
        assert beslut[arende_id]["kommunkod"] in kommuner[arende_id]


def test_follow_up_periods_start_after_the_decision() -> None:
    beslut = beslut_by_id()
    konsuppdelad = {i["kod"]: i["konsuppdelad"] == "true" for i in table("indikatorer")}
    for u in table("uppfoljning"):
        b = beslut[u["arende_id"]]
        assert b["beslutsdatum"] <= u["period_start"] <= u["period_slut"] <= b["slutdatum"]
        if u["utfall_kvinnor"] or u["utfall_man"]:
            assert konsuppdelad[u["indikator"]]
            assert Decimal(u["utfall_kvinnor"]) + Decimal(u["utfall_man"]) == Decimal(u["utfall"])


def test_hallbarhet_vd_kon_only_for_business_grants() -> None:
    beslut = beslut_by_id()
    rows = table("hallbarhet")
    assert {h["arende_id"] for h in rows} == set(beslut)
    for h in rows:
        if beslut[h["arende_id"]]["stodform"] != "FTG":
            assert h["vd_kon"] == "ej_tillampligt"


def test_reports_cover_existing_decisions() -> None:
    beslut = beslut_by_id()
    rapporter = table("rapporter")
    assert len(rapporter) >= 3
    for r in rapporter:
        assert not r["utforare"].startswith("Enskild")
        for arende_id in r["arende_ids"].split(";"):
            assert arende_id in beslut


# ------------------------------------------------------------------------------ privacy

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?<![\d-])(?:\+46|0)[ -]?\d{1,3}[ -]?\d{2,3}[ -]?\d{2}[ -]?\d{2}(?![\d-])")
ID_LIKE = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+]?\d{4}(?!\d)")


@pytest.mark.parametrize("name", RESOURCES)
def test_no_personal_data_anywhere(name: str) -> None:
    text_fields = {f["name"] for f in schema(name)["fields"] if f["type"] == "string"}
    for row in table(name):
        for column, value in row.items():
            assert not EMAIL.search(value), f"{name}.{column}: an e-mail address"
            for match in ID_LIKE.finditer(value):
                assert not se_personnummer.is_valid(match.group(0)), (
                    f"{name}.{column}: parses as a personnummer"
                )
            if column in text_fields and not re.fullmatch(r"[0-9;:/-]*|RUN/[0-9]+/[0-9]{4}", value):
                assert not PHONE.search(value), f"{name}.{column}: a phone number"
