"""The example generator (scripts/generate_example_data.py): reproducible, valid, true to the domain rules.

Every test here runs the generator into a temporary folder, with the code lists of the frozen fixture package
(tests/fixtures/package/), and checks what it wrote: byte for byte against the frozen package, and the
properties the example data promise (plain re-statements of the rules, independent of the validator in src/).
None of them reads datasets/, so they pass whatever datasets/ holds (example or real data).
"""

from __future__ import annotations

import atexit
import csv
import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from stdnum.se import orgnr as se_orgnr
from stdnum.se import personnummer as se_personnummer

from oppnadata.cli import main as cli_main
from oppnadata.validating.domain import EXPECTED_GROUP
from tests.helpers import PACKAGE, REPO, copy_package

GENERATOR = REPO / "scripts" / "generate_example_data.py"
FROZEN = PACKAGE / "datasets"
SCHEMAS = PACKAGE / "schemas"

REGION_ORGNR = "232100-0214"
KOMMUNKODER = {"2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380"}
CODE_LISTS = [
    "kommuner",
    "rattsliga_grunder",
    "stodtyper",
    "strategiomraden",
    "resultatkedjor",
    "indikatorer",
    "mottagarkategorier",
]
DECISION_TABLES = [
    "beslut",
    "finansiering",
    "utbetalningar",
    "kommunfordelning",
    "hallbarhet",
    "uppfoljning",
    "rapporter",
]
RESOURCES = CODE_LISTS + DECISION_TABLES


def _generate(out: Path | None, *args: str, script: Path = GENERATOR) -> subprocess.CompletedProcess[str]:
    """Run the generator; the code lists come from the frozen package unless ``args`` say otherwise."""
    if "--code-lists" not in args and script == GENERATOR:
        args = (*args, "--code-lists", str(FROZEN))
    return subprocess.run(
        [sys.executable, str(script), *args, *(["--out", str(out)] if out else [])],
        capture_output=True,
        text=True,
        check=False,
    )


@cache
def generated() -> Path:
    """The example data as the generator writes it today (once per run, in a temporary folder)."""
    out = Path(tempfile.mkdtemp(prefix="oppnadata-example-"))
    atexit.register(shutil.rmtree, out, True)
    result = _generate(out)
    assert result.returncode == 0, result.stderr
    return out


@cache
def table(name: str) -> list[dict[str, str]]:
    with (generated() / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def schema(name: str) -> dict:
    return yaml.safe_load((SCHEMAS / f"{name}.yaml").read_text(encoding="utf-8"))


def beslut_by_id() -> dict[str, dict[str, str]]:
    return {b["arende_id"]: b for b in table("beslut")}


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _generator_tree(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in repository: the generator script in scripts/ and the frozen code lists in datasets/, so
    that the generator's default output folder (its own ../datasets) is a temporary one."""
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / GENERATOR.name
    shutil.copy2(GENERATOR, script)
    datasets = tmp_path / "datasets"
    datasets.mkdir()
    for name in CODE_LISTS:
        shutil.copy2(FROZEN / f"{name}.csv", datasets / f"{name}.csv")
    return script, datasets


# ------------------------------------------------------------------------------ reproducibility


def test_generator_reproduces_the_frozen_example_package_byte_for_byte() -> None:
    """Into another folder the generator writes the seven decision tables and copies the seven code lists:
    exactly the frozen fixture package's fourteen tables."""
    out = generated()
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.csv" for name in RESOURCES)
    assert sorted(p.name for p in FROZEN.glob("*.csv")) == sorted(f"{name}.csv" for name in RESOURCES)
    for name in RESOURCES:
        assert (out / f"{name}.csv").read_bytes() == (FROZEN / f"{name}.csv").read_bytes(), name


def test_by_default_the_generator_writes_only_the_decision_tables_and_keeps_the_code_lists(
    tmp_path: Path,
) -> None:
    script, datasets = _generator_tree(tmp_path)
    (datasets / "KODLISTOR.md").write_text("källor\n", encoding="utf-8")
    before = _hashes(datasets)
    result = _generate(None, script=script)
    assert result.returncode == 0, result.stderr
    assert sorted(Path(line).name for line in result.stdout.split()) == sorted(
        f"{name}.csv" for name in DECISION_TABLES
    )
    after = _hashes(datasets)
    assert {k: v for k, v in after.items() if k in before} == before  # code lists and their notes untouched
    for name in DECISION_TABLES:
        assert (datasets / f"{name}.csv").read_bytes() == (FROZEN / f"{name}.csv").read_bytes(), name


def test_the_generator_reads_the_code_lists_it_is_given(tmp_path: Path) -> None:
    """A maintained code list changes what the generator writes; a missing one or a missing column is a
    clear error (exit 2) and nothing is written."""
    codes = tmp_path / "codes"
    codes.mkdir()
    for name in CODE_LISTS:
        shutil.copy2(FROZEN / f"{name}.csv", codes / f"{name}.csv")
    path = codes / "kommuner.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",Berg,", ",Bergs,"), encoding="utf-8")
    result = _generate(tmp_path / "out", "--code-lists", str(codes))
    assert result.returncode == 0, result.stderr
    names = " ".join(b["projektnamn"] for b in _rows(tmp_path / "out", "beslut"))
    assert " Bergs" in names and (tmp_path / "out" / "kommuner.csv").read_bytes() == path.read_bytes()

    path.write_text(path.read_text(encoding="utf-8").replace("territoriell_typ", "typ"), encoding="utf-8")
    result = _generate(tmp_path / "bad", "--code-lists", str(codes))
    assert result.returncode == 2 and "kommuner.csv" in result.stderr and "territoriell_typ" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "bad").exists()
    path.unlink()
    result = _generate(tmp_path / "bad", "--code-lists", str(codes))
    assert result.returncode == 2 and "kommuner" in result.stderr and "missing" in result.stderr


def test_generator_scales_to_n_decisions_deterministically_and_validly(tmp_path: Path) -> None:
    """--decisions N: exactly N decisions, same bytes on every run, child tables in the example's
    proportions, and a package the validator passes (the benchmarks rely on all four)."""
    package = copy_package(tmp_path / "a")
    first, second = package / "datasets", tmp_path / "b"
    shutil.rmtree(first)
    for out in (first, second):
        result = _generate(out, "--decisions", "1500")
        assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in first.glob("*.csv"))
    assert names == sorted(f"{name}.csv" for name in RESOURCES)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    beslut = _rows(first, "beslut")
    assert len(beslut) == 1500 and len({b["arende_id"] for b in beslut}) == 1500
    per_decision = {
        name: (len(_rows(first, name)) / 1500, len(table(name)) / len(table("beslut")))
        for name in ("finansiering", "utbetalningar", "kommunfordelning", "hallbarhet", "uppfoljning")
    }
    for name, (scaled, original) in per_decision.items():
        assert abs(scaled - original) <= 0.1 * original, (name, scaled, original)
    stodform: dict[str, int] = defaultdict(int)
    for b in beslut:
        stodform[b["stodform"]] += 1
    assert 0.30 < stodform["PROJ"] / 1500 < 0.38 and 0.45 < stodform["FTG"] / 1500 < 0.54, stodform
    result = CliRunner().invoke(cli_main, ["validate", str(package / "datapackage.json")])
    assert result.exit_code == 0, result.output
    assert "0 fel, 0 varningar" in result.output


def test_generator_scale_option_refuses_the_default_datasets_folder(tmp_path: Path) -> None:
    script, datasets = _generator_tree(tmp_path)
    before = _hashes(datasets)
    result = _generate(None, "--decisions", "10", script=script)
    assert result.returncode == 2 and "--out" in result.stderr
    result = _generate(datasets, "--decisions", "10", script=script)
    assert result.returncode == 2 and "--out" in result.stderr
    assert _hashes(datasets) == before
    result = _generate(tmp_path / "never", "--decisions", "0")
    assert result.returncode == 2 and "at least 1" in result.stderr and not (tmp_path / "never").exists()


@pytest.mark.parametrize("name", RESOURCES)
def test_tables_are_utf8_without_bom_comma_lf(name: str) -> None:
    raw = (generated() / f"{name}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    raw.decode("utf-8")
    header = raw.split(b"\n", 1)[0].decode("utf-8")
    assert header.split(",") == [f["name"] for f in schema(name)["fields"]]


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
