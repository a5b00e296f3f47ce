"""Real exports in, as they come: Projektbanken views the project has not seen before (another encoding,
renamed headers, missing optional columns, municipalities and amounts written every way), a Nyps workbook
with its ``trans`` / ``adresser`` / ``finans`` sheets, a routine month imported as an update (bump says
MINOR), a payments-only update, the package's own tables back from Excel, and drafted mappings.

The exports are written by :func:`write_fixtures` (``python -m tests.test_importing_exports`` writes them
into tests/fixtures/import/, where they are committed; a test checks they are what it writes).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from openpyxl import Workbook

from oppnadata.cli import main
from oppnadata.releasing.csvflavours import write_excel_sv
from oppnadata.releasing.diffing import diff, open_side
from oppnadata.releasing.versioning import bump_reasons, required_bump
from tests.test_importing import (
    ASSOCIATION_ORGNR,
    CASE_OFFICER,
    PB_HEADER,
    PERSONAL,
    SAMORDNING_PNR,
    digest,
    pb_rows,
    write_csv,
)  # fmt: skip

REPO = Path(__file__).resolve().parent.parent
MAPPINGS = REPO / "mappings"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
CONTACT_PHONE = "0640-123 45"
PERSONAL_HERE = [*PERSONAL, CONTACT_PHONE, "Hedvig Kontaktsson", "Storgatan 1"]

# --- the exports -------------------------------------------------------------------------------------

# Projektbanken's "Sök projekt" view, saved from Excel: UTF-8 with BOM, semicolons, other header names
# (Organisationsnummer, Beviljat belopp, Kommun), no Insatsområde, no Status, no budget; amounts with
# "kr", municipalities as "Östersund kommun", "Härjedalens kommun", "Berg"; dates dd.mm.yyyy, yyyymmdd,
# an Excel serial.
VIEW_HEADER = [
    "Ärende ID", "Stödmottagare", "Organisationsnummer", "Beviljat belopp", "Projektnamn", "Projektbeskrivning",
    "Projektstart", "Projektslut", "Kommun", "Beslut", "Kontaktperson", "Telefon",
]  # fmt: skip


def view_rows() -> list[list[str]]:
    return [
        ["20210001", "Exempelbolaget Fjällbygd AB", "556036-0793", "475 000 kr", "Digital fjällturism",
         "Digitala tjänster för besökare.", "01.03.2021", "20221231", "Åre kommun, Bergs kommun", "Bifall",
         "Hedvig Kontaktsson", CONTACT_PHONE],
        ["20220004", "Exempelföreningen Byalaget", ASSOCIATION_ORGNR, "SEK 80\u00a0000", "Byns framtid",
         "Förstudie om service i byn.", "44593", "2022-10-31", "Strömsund", "Bifall", "", ""],
    ]  # fmt: skip


# A routine month in Projektbanken's full export: 5 new decisions, 2 corrected amounts, 1 withdrawal.
def routine_rows() -> list[list[str]]:
    rows = pb_rows()
    del rows[2]  # the rejected application is not in this month's export
    rows[0][3] = "460 000"  # corrected amount (and the region's share in the financing text with it)
    rows[0][14] = "Region Jämtland Härjedalen = 460 000 || Åre kommun = 200 000 || Bergs kommun = 100 000"
    rows[1][3] = "125 000"  # corrected amount
    rows[2][12] = "Återkallat"  # withdrawn
    names = ["Fjällsjö Exempel AB", "Exempelbygdens Handel AB", "Exempelföreningen Ljusnan",
             "Exempelkommunen Krokom", "Exempelbolaget Storsjö AB"]  # fmt: skip
    places = ["Östersund kommun", "Härjedalens kommun", "Berg", "Krokoms kommun", "Bräcke"]
    for i, (name, place) in enumerate(zip(names, places, strict=True)):
        orgnr = (
            ASSOCIATION_ORGNR
            if "förening" in name
            else ("212000-0142" if "kommun" in name else "556036-0793")
        )
        rows.append(
            [f"2025{i + 10:04d}", name, orgnr, f"{(i + 1) * 50} 000", f"{(i + 1) * 200} 000",
             f"Projekt {i + 1}", "Ett nytt projekt.", f"2025-0{i + 1}-01", "2026-12-31", "Jämtlands län", place,
             "Innovation", "Pågående", "Bifall", "", "", "", ""]
        )  # fmt: skip
    return rows


# Headers no shipped mapping knows by name (a view the project has not seen): the draft must find them.
RENAMED_HEADER = [
    "Ärendenr", "Sökande", "Org nr", "Beviljade medel (kr)", "Total budget (kr)", "Projekt",
    "Beskrivning av projektet", "Start", "Slut", "Län", "Kommuner i projektet", "Insatsområden",
    "Projektets status", "Beslut", "Offentlig medfinansiering", "Projektledare", "Projektledare telefon",
    "Projektledare e-post",
]  # fmt: skip
ROUTINE_HEADER = [*PB_HEADER[:13], "Återkallelsedatum", *PB_HEADER[13:]]


def routine_with_dates() -> list[list[str]]:
    rows = routine_rows()
    for row in rows:
        row.insert(13, "2025-03-15" if row[12] == "Återkallat" else "")
    return rows


STRAT = "Innovation och förnyelse samt entreprenörskap och företagande i hela landet"
TRANS_HEADER = ["arende", "beslut_ar", "stodtyp", "beviljat_belopp", "stodber_kostnad", "projektnamn",
                "nat_strat_ren", "resultatkedja_ren", "vd_kon_ren", "startdatum", "slutdatum", "status",
                "trans_ar", "utbet_belopp", "handlaggare"]  # fmt: skip
ADRESSER_HEADER = ["arende", "sokande", "orgnr", "arbetsstalle", "adress", "kontakt_tel"]
# Nyps' finans sheet: one row per financier and case (the region's 1:1 grant, co-financiers, the
# recipient's own part), organisation numbers with and without the 16 prefix.
FINANS_HEADER = ["arende", "finansiar", "finansiar_orgnr", "finansiartyp", "belopp"]


def nyps_sheets() -> dict[str, tuple[list[str], list[list[object]]]]:
    trans = [
        ["20230011", 2023, "FTG", 900000, 2250000, "Ny svetslinje", STRAT, "Företagsutveckling och investeringar",
         "Kvinna", dt.date(2023, 3, 1), dt.date(2024, 6, 30), "Avslutad", 2023, 400000, CASE_OFFICER],
        ["20230011", 2023, "FTG", 900000, 2250000, "Ny svetslinje", STRAT, "Företagsutveckling och investeringar",
         "Kvinna", dt.date(2023, 3, 1), dt.date(2024, 6, 30), "Avslutad", 2024, 500000, CASE_OFFICER],
        ["20240012", 2024, "FTG", 50000, 125000, "Konsultcheck för webbhandel", STRAT,
         "Innovation och forskningssamverkan", "Man", dt.date(2024, 4, 1), dt.date(2024, 12, 31), "Beviljad",
         2024, 25000, CASE_OFFICER],
    ]  # fmt: skip
    adresser = [
        ["20230011", "Exempelverkstaden i Krokom AB", "556036-0793", "Krokoms kommun", "Storgatan 1", CONTACT_PHONE],
        ["20240012", "Kalle Exempelssons Firma", SAMORDNING_PNR, "Åre", "Storgatan 1", ""],
    ]  # fmt: skip
    finans = [
        ["20230011", "Region Jämtland Härjedalen", "232100-0214", "Regionala tillväxtmedel", 900000],
        ["20230011", "Krokoms kommun", "162120002452", "Kommun", 100000],
        ["20230011", "Exempelbanken Norr AB", "5560360793", "Privat", 250000],
        ["20230011", "Egen insats", "", "Egen insats", 1000000],
        ["20240012", "Region Jämtland Härjedalen", "232100-0214", "Regionala tillväxtmedel", 50000],
    ]  # fmt: skip
    return {
        "trans": (TRANS_HEADER, trans),
        "adresser": (ADRESSER_HEADER, adresser),
        "finans": (FINANS_HEADER, finans),
    }


def write_workbook(path: Path, sheets: dict[str, tuple[list[str], list[list[object]]]]) -> Path:
    workbook = Workbook()
    first = True
    for name, (header, rows) in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet()
        assert sheet is not None
        sheet.title = name
        first = False
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def payments_only() -> dict[str, tuple[list[str], list[list[object]]]]:
    header = ["arende", "trans_ar", "utbet_belopp", "trans_typ"]
    return {"trans": (header, [["20230011", 2024, 450000, "UTB"], ["20230011", 2025, 50000, "UTB"],
                               ["20240012", 2025, 25000, "UTB"]])}  # fmt: skip


def write_fixtures(folder: Path) -> dict[str, Path]:
    """Every export of this module, as files (CSV bytes are exact; workbooks are built by openpyxl)."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "view": write_csv(folder / "projektbanken-vy-utf8-bom-utan-insatsomrade.csv", VIEW_HEADER, view_rows(),
                          encoding="utf-8-sig", delimiter=";"),
        "routine": write_csv(folder / "projektbanken-manad-nya-rattade-aterkallad.csv", ROUTINE_HEADER,
                             routine_with_dates(), encoding="cp1252", delimiter=";"),
        "nyps": write_workbook(folder / "nyps-trans-adresser-finans.xlsx", nyps_sheets()),
        "payments": write_workbook(folder / "nyps-trans-endast-utbetalningar.xlsx", payments_only()),
        "renamed": write_csv(folder / "projektbanken-okanda-rubriker.csv", RENAMED_HEADER, pb_rows(),
                             encoding="utf-8", delimiter=";"),
    }  # fmt: skip


# --- helpers -------------------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def imp(repo: Path, source: Path, *args: str) -> tuple[int, str]:
    return run("import", source, "--into", repo / "datasets", *args)


def read(repo: Path, table: str) -> list[dict[str, str]]:
    with (repo / "datasets" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def no_personal_data(repo: Path, *outputs: str) -> None:
    blobs = {str(p): p.read_bytes() for p in (repo / "datasets").rglob("*") if p.is_file()}
    blobs.update({f"output {i}": o.encode() for i, o in enumerate(outputs)})
    for where, blob in blobs.items():
        for value in PERSONAL_HERE:
            assert value.encode("utf-8") not in blob, f"{value!r} leaked into {where}"


@pytest.fixture
def exports(tmp_path: Path) -> dict[str, Path]:
    return write_fixtures(tmp_path / "exports")


@pytest.fixture
def baseline(repo_copy: Path, tmp_path: Path) -> Path:
    """A package whose decisions are the README's Projektbanken export (imported with --replace)."""
    source = write_csv(tmp_path / "pb.csv", PB_HEADER, pb_rows(), encoding="cp1252", delimiter=";")
    code, out = imp(repo_copy, source, "--mapping", MAPPINGS / "projektbanken.yaml", "--replace")
    assert code == 0, out
    return repo_copy


def test_committed_fixtures_are_what_this_module_writes(tmp_path: Path) -> None:
    for name, path in write_fixtures(tmp_path).items():
        committed = FIXTURES / path.name
        assert committed.is_file(), f"run python -m tests.test_importing_exports ({name})"
        if path.suffix == ".csv":
            assert committed.read_bytes() == path.read_bytes(), name
        else:
            for sheet, (header, rows) in {"nyps": nyps_sheets(), "payments": payments_only()}[name].items():
                frame = pd.read_excel(committed, sheet_name=sheet, dtype=object)
                assert list(frame.columns) == header and len(frame) == len(rows)


# --- a Projektbanken view with other headers and without optional columns ---------------------------------


def test_other_view_updates_existing_cases_and_keeps_what_it_lacks(
    baseline: Path, exports: dict[str, Path]
) -> None:
    before = {r["arende_id"]: r for r in read(baseline, "beslut")}
    code, out = imp(baseline, exports["view"], "--mapping", MAPPINGS / "projektbanken.yaml", "--lang", "en")
    assert code == 0, out
    assert "Encoding: utf-8-sig (known from the BOM)" in out
    assert "import-missing-column" not in out  # no optional column refuses the import
    assert "WARNING [import-absent-field]" in out
    after = {r["arende_id"]: r for r in read(baseline, "beslut")}
    first = after["20210001"]
    assert first["beviljat_belopp"] == "475000"  # "475 000 kr"
    assert (first["startdatum"], first["slutdatum"]) == ("2021-03-01", "2022-12-31")  # dd.mm.yyyy, yyyymmdd
    # what the view lacks keeps its stored value: resultatkedja, status, the budget
    for name in ("resultatkedja", "status", "stodberattigande_kostnader", "beslutsdatum"):
        assert first[name] == before["20210001"][name], name
    assert after["20220004"]["beviljat_belopp"] == "80000"  # "SEK 80 000" with a no-break space
    assert after["20220004"]["startdatum"] == "2022-02-01"  # the Excel serial 44593
    assert "; beviljat_belopp 450000 → 475000\n" in out
    grant = [
        r
        for r in read(baseline, "finansiering")
        if r["arende_id"] == "20210001" and r["finansiarstyp"] == "region_1_1"
    ]
    assert grant[0]["belopp"] == "475000"  # the 1:1 row is the grant: it follows
    assert "20210001/2321" not in out  # the same municipalities: their shares are kept
    no_personal_data(baseline, out)
    assert run("validate", baseline / "datapackage.json")[0] == 0


def test_other_view_new_case_without_required_value_is_an_error_at_its_row(
    baseline: Path, exports: dict[str, Path], tmp_path: Path
) -> None:
    rows = view_rows()
    rows[1][0] = "20250099"  # a new case: the view has no Insatsområde, which a new decision needs
    source = write_csv(tmp_path / "ny.csv", VIEW_HEADER, rows, encoding="utf-8-sig", delimiter=";")
    before = digest(baseline / "datasets")
    code, out = imp(baseline, source, "--mapping", MAPPINGS / "projektbanken.yaml", "--format", "json")
    assert code == 1
    errors = [f for f in json.loads(out)["report"]["findings"] if f["severity"] == "error"]
    assert {(f["code"], f["row"], f["key"]) for f in errors} == {("import-missing-required", 3, "20250099")}
    assert digest(baseline / "datasets") == before


@pytest.mark.parametrize(
    "written", ["Bergs kommun", "Berg", "BERG", "berg kommun", "Bergs Kommun", "2326", "Berg kommun"]
)
def test_municipality_in_every_form(baseline: Path, tmp_path: Path, written: str) -> None:
    rows = view_rows()[:1]
    rows[0][8] = written
    source = write_csv(tmp_path / "kommun.csv", VIEW_HEADER, rows, encoding="utf-8", delimiter=";")
    code, out = imp(baseline, source, "--mapping", MAPPINGS / "projektbanken.yaml")
    assert code == 0, out
    assert {r["arende_id"]: r["kommunkod"] for r in read(baseline, "beslut")}["20210001"] == "2326"


# --- a routine month as an update: bump says MINOR -------------------------------------------------------


def test_routine_month_is_minor_and_keeps_what_the_export_does_not_carry(
    baseline: Path, exports: dict[str, Path], tmp_path: Path
) -> None:
    # What a maintainer added by hand after the first import: a co-financier's organisation number and a
    # private co-financier (the recipient's own part shrinks by as much).
    fin = read(baseline, "finansiering")
    for row in fin:
        if row["arende_id"] == "20210001" and row["finansiar"] == "Åre kommun":
            row["finansiar_organisationsnummer"] = "212000-2452"
        if row["arende_id"] == "20210001" and row["finansiarstyp"] == "egen_insats":
            row["belopp"] = str(int(row["belopp"]) - 50000)
    fin.append({"arende_id": "20210001", "finansiar": "Exempelbanken Norr AB", "finansiar_organisationsnummer": "",
                "finansiarstyp": "privat", "belopp": "50000"})  # fmt: skip
    with (baseline / "datasets" / "finansiering.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(fin[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(fin)
    assert run("validate", baseline / "datapackage.json")[0] == 0
    snapshot = tmp_path / "before"
    shutil.copytree(baseline, snapshot)

    code, out = imp(baseline, exports["routine"], "--mapping", MAPPINGS / "projektbanken.yaml")
    assert code == 0, out
    assert "Ärenden: tillagda 5, rättade 2, återkallade 1, oförändrade 0, ej i källan (orörda) 0" in out
    assert "  + tillagda (5): 20250010, 20250011, 20250012, 20250013, 20250014" in out
    assert "      20210002: beviljat_belopp 120000 → 125000" in out
    assert "20220004: status pagaende → aterkallad; aterkallelsedatum (tom) → 2025-03-15" in out
    assert "borttagna (fysiskt)" not in out

    result = diff(open_side(snapshot / "datapackage.json"), open_side(baseline / "datapackage.json"))
    assert required_bump(result) == "minor", bump_reasons(result)
    kept = {
        (r["finansiar"], r["finansiarstyp"]): r
        for r in read(baseline, "finansiering")
        if r["arende_id"] == "20210001"
    }
    assert kept[("Åre kommun", "kommun")]["finansiar_organisationsnummer"] == "212000-2452"
    assert kept[("Exempelbanken Norr AB", "privat")]["belopp"] == "50000"
    assert kept[("Region Jämtland Härjedalen", "region_1_1")]["belopp"] == "460000"
    assert kept[("Exempelbolaget Fjällbygd AB", "egen_insats")]["belopp"] == str(
        1200000 - 460000 - 300000 - 50000
    )
    shares = [r for r in read(baseline, "kommunfordelning") if r["arende_id"] == "20250011"]
    assert [r["kommunkod"] for r in shares] == ["2361"]  # "Härjedalens kommun"
    assert run("validate", baseline / "datapackage.json")[0] == 0
    no_personal_data(baseline, out)


def test_withdrawal_without_date_warns(baseline: Path, tmp_path: Path) -> None:
    rows = routine_rows()[:3]
    source = write_csv(tmp_path / "utan-datum.csv", PB_HEADER, rows, encoding="cp1252", delimiter=";")
    code, out = imp(baseline, source, "--mapping", MAPPINGS / "projektbanken.yaml", "--lang", "en")
    assert code == 0, out
    assert "WARNING [import-withdrawal-without-date] utan-datum.csv, row 4, arende_id 20220004" in out


# --- Nyps: three sheets joined by case id, then a payments-only update -------------------------------------


def test_nyps_workbook_joins_its_sheets_by_case_id(repo_copy: Path, exports: dict[str, Path]) -> None:
    code, out = imp(repo_copy, exports["nyps"], "--mapping", MAPPINGS / "nyps.yaml", "--replace")
    assert code == 0, out
    assert "Flik: trans + adresser (efter ärende-id)" in out
    beslut = {r["arende_id"]: r for r in read(repo_copy, "beslut")}
    assert beslut["20230011"]["stodmottagare"] == "Exempelverkstaden i Krokom AB"  # from adresser
    assert beslut["20230011"]["kommunkod"] == "2309"
    assert (beslut["20240012"]["stodmottagare"], beslut["20240012"]["organisationsnummer"]) == (
        "Enskild näringsidkare", "",
    )  # fmt: skip
    payments = {(r["arende_id"], r["ar"], r["belopp"]) for r in read(repo_copy, "utbetalningar")}
    assert payments == {
        ("20230011", "2023", "400000"),
        ("20230011", "2024", "500000"),
        ("20240012", "2024", "25000"),
    }
    no_personal_data(repo_copy, out)


def test_nyps_finding_in_a_joined_sheet_names_that_sheet(repo_copy: Path, tmp_path: Path) -> None:
    sheets = nyps_sheets()
    sheets["adresser"][1][1][3] = "Storstaden"
    source = write_workbook(tmp_path / "nyps-okand-kommun.xlsx", sheets)
    code, out = imp(repo_copy, source, "--mapping", MAPPINGS / "nyps.yaml", "--replace", "--format", "json")
    assert code == 1
    errors = [f for f in json.loads(out)["report"]["findings"] if f["severity"] == "error"]
    assert {(f["code"], f["path"], f["row"], f["column"]) for f in errors} == {
        ("import-unknown-municipality", "nyps-okand-kommun.xlsx [adresser]", 3, "D")
    }


def test_payments_only_update_touches_nothing_else(repo_copy: Path, exports: dict[str, Path]) -> None:
    assert imp(repo_copy, exports["nyps"], "--mapping", MAPPINGS / "nyps.yaml", "--replace")[0] == 0
    others = {
        p.name: p.read_bytes()
        for p in (repo_copy / "datasets").glob("*.csv")
        if p.name != "utbetalningar.csv"
    }
    code, out = imp(repo_copy, exports["payments"], "--mapping", MAPPINGS / "nyps.yaml")
    assert code == 0, out
    assert "Skrev: datasets/utbetalningar.csv, datasets/import-log.json" in out
    assert "  + tillagda (2): 20230011/2025/utbetalning, 20240012/2025/utbetalning" in out
    assert "      20230011/2024/utbetalning: belopp 500000 → 450000" in out
    assert {
        p.name: p.read_bytes()
        for p in (repo_copy / "datasets").glob("*.csv")
        if p.name != "utbetalningar.csv"
    } == others
    payments = {(r["arende_id"], r["ar"], r["belopp"]) for r in read(repo_copy, "utbetalningar")}
    assert ("20230011", "2023", "400000") in payments  # an earlier year the extract does not carry stays


def test_nyps_finans_sheet_gives_one_financing_row_per_financier(
    repo_copy: Path, exports: dict[str, Path]
) -> None:
    code, out = imp(repo_copy, exports["nyps"], "--mapping", MAPPINGS / "nyps.yaml", "--replace")
    assert code == 0, out
    assert "Flik: trans + adresser (efter ärende-id); finans (en rad per finansiär)" in out
    fin = {(r["arende_id"], r["finansiarstyp"]): r for r in read(repo_copy, "finansiering")}
    assert set(fin) == {("20230011", "region_1_1"), ("20230011", "kommun"), ("20230011", "privat"),
                        ("20230011", "egen_insats"), ("20240012", "region_1_1"), ("20240012", "egen_insats")}  # fmt: skip
    assert fin[("20230011", "kommun")]["finansiar_organisationsnummer"] == "212000-2452"  # 16-prefixed
    assert fin[("20230011", "privat")]["finansiar_organisationsnummer"] == "556036-0793"  # without a dash
    # the recipient's own part is the recipient's (the sheet says "Egen insats")
    assert fin[("20230011", "egen_insats")]["finansiar"] == "Exempelverkstaden i Krokom AB"
    assert fin[("20230011", "region_1_1")]["belopp"] == "900000"
    # no finans rows for the sole trader's own part: what the budget leaves, under the P3 name
    assert (fin[("20240012", "egen_insats")]["finansiar"], fin[("20240012", "egen_insats")]["belopp"]) == (
        "Enskild näringsidkare", "75000",
    )  # fmt: skip
    assert run("validate", repo_copy / "datapackage.json")[0] == 0
    no_personal_data(repo_copy, out)


def test_nyps_finans_update_merges_financier_by_financier(
    repo_copy: Path, exports: dict[str, Path], tmp_path: Path
) -> None:
    assert imp(repo_copy, exports["nyps"], "--mapping", MAPPINGS / "nyps.yaml", "--replace")[0] == 0
    snapshot = tmp_path / "before"
    shutil.copytree(repo_copy, snapshot)
    sheets = nyps_sheets()
    # next month: the municipality gives more (its number not in this extract), the bank row is not in it
    sheets["finans"] = (
        FINANS_HEADER,
        [["20230011", "Region Jämtland Härjedalen", "", "Regionala tillväxtmedel", 900000],
         ["20230011", "KROKOMS KOMMUN", "", "Kommun", 150000],
         ["20230011", "Egen insats", "", "Egen insats", 950000]],
    )  # fmt: skip
    source = write_workbook(tmp_path / "nyps-nasta-manad.xlsx", sheets)
    code, out = imp(repo_copy, source, "--mapping", MAPPINGS / "nyps.yaml")
    assert code == 0, out
    assert "      20230011/Krokoms kommun/kommun: belopp 100000 → 150000" in out
    assert "borttagna" not in out
    fin = {(r["arende_id"], r["finansiarstyp"]): r for r in read(repo_copy, "finansiering")}
    kommun = fin[("20230011", "kommun")]
    assert (kommun["finansiar"], kommun["finansiar_organisationsnummer"], kommun["belopp"]) == (
        "Krokoms kommun", "212000-2452", "150000",
    )  # the stored spelling and number stay  # fmt: skip
    assert fin[("20230011", "privat")]["belopp"] == "250000"  # a financier the sheet does not list stays
    assert fin[("20230011", "egen_insats")]["belopp"] == str(2250000 - 900000 - 150000 - 250000)
    result = diff(open_side(snapshot / "datapackage.json"), open_side(repo_copy / "datapackage.json"))
    assert required_bump(result) == "patch", bump_reasons(result)
    assert run("validate", repo_copy / "datapackage.json")[0] == 0


@pytest.mark.parametrize(
    ("cell", "code", "column"),
    [(4, "import-bad-number", "E"), (3, "import-unknown-code", "D"), (2, "import-bad-orgnr", "C")],
)
def test_nyps_finans_problem_is_a_finding_at_its_sheet_row_and_column(
    repo_copy: Path, tmp_path: Path, cell: int, code: str, column: str
) -> None:
    sheets = nyps_sheets()
    sheets["finans"][1][1][cell] = {4: "100 000 kronor ca", 3: "Lån", 2: "212000-2453"}[cell]
    source = write_workbook(tmp_path / "nyps-fel-i-finans.xlsx", sheets)
    before = digest(repo_copy / "datasets")
    code_, out = imp(repo_copy, source, "--mapping", MAPPINGS / "nyps.yaml", "--replace", "--format", "json")
    assert code_ == 1
    errors = [f for f in json.loads(out)["report"]["findings"] if f["severity"] == "error"]
    assert {(f["code"], f["path"], f["row"], f["column"], f["key"]) for f in errors} == {
        (code, "nyps-fel-i-finans.xlsx [finans]", 3, column, "20230011")
    }
    assert all(f["hint"] for f in errors)
    assert digest(repo_copy / "datasets") == before


def test_nyps_finans_case_not_in_trans_is_a_warning(repo_copy: Path, tmp_path: Path) -> None:
    sheets = nyps_sheets()
    sheets["finans"][1].append(["20249999", "Krokoms kommun", "", "Kommun", 1000])
    sheets["finans"][1].append(["Summa", "", "", "", 2301000])
    source = write_workbook(tmp_path / "nyps-okant-arende.xlsx", sheets)
    code, out = imp(repo_copy, source, "--mapping", MAPPINGS / "nyps.yaml", "--replace", "--lang", "en")
    assert code == 0, out
    assert (
        "WARNING [import-financier-unknown-case] nyps-okant-arende.xlsx [finans], row 7, column arende (A)"
        in out
    )
    assert "WARNING [import-totals-row] nyps-okant-arende.xlsx [finans], row 8" in out
    assert "20249999" not in {r["arende_id"] for r in read(repo_copy, "finansiering")}


# --- the package's own tables back from Excel ------------------------------------------------------------


def test_own_tables_come_back_from_excel(repo_copy: Path) -> None:
    originals = {}
    for name in ("beslut", "kommunfordelning"):
        path = repo_copy / "datasets" / f"{name}.csv"
        originals[name] = path.read_bytes()
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        schema = yaml.safe_load((repo_copy / "schemas" / f"{name}.yaml").read_text(encoding="utf-8"))
        path.write_bytes(write_excel_sv(frame, schema))
    code, out = run("validate", repo_copy / "datapackage.json", "--format", "json")
    assert code == 1
    found = {(f["code"], f["path"]) for f in json.loads(out)["findings"] if f["check"] == "dialect"}
    assert {c for c, p in found if p == "datasets/kommunfordelning.csv"} == {
        "bom",
        "delimiter",
        "excel-cell",
        "decimal-comma",
    }
    hints = {f["hint"] for f in json.loads(out)["findings"] if f["path"] == "datasets/beslut.csv"}
    assert all("`oppnadata import datasets/beslut.csv`" in h for h in hints)
    code, out = run("import", repo_copy / "datasets" / "beslut.csv", repo_copy / "datasets" / "kommunfordelning.csv",
                    "--into", repo_copy / "datasets")  # fmt: skip
    assert code == 0, out
    for name, data in originals.items():
        assert (repo_copy / "datasets" / f"{name}.csv").read_bytes() == data, name
    assert run("validate", repo_copy / "datapackage.json")[0] == 0


def test_not_an_own_table_without_mapping_cannot_run(repo_copy: Path, exports: dict[str, Path]) -> None:
    code, out = imp(repo_copy, exports["view"])
    assert code == 2
    assert "--draft-mapping" in out


# --- hints -----------------------------------------------------------------------------------------------


def test_missing_case_id_column_names_no_empty_override(repo_copy: Path, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "utan-id.csv", ["Namn", "Belopp"], [["A", "1"]], encoding="utf-8", delimiter=","
    )
    code, out = imp(repo_copy, source, "--mapping", MAPPINGS / "projektbanken.yaml")
    assert code == 1
    assert "försök med -" not in out and "import-missing-column" in out


def test_result_finding_points_at_the_source_row(repo_copy: Path, tmp_path: Path) -> None:
    rows = pb_rows()
    rows[3][7], rows[3][8] = "2022-12-01", "2022-01-31"  # starts after it ends: validate's rule
    source = write_csv(tmp_path / "start-efter-slut.csv", PB_HEADER, rows, encoding="utf-8", delimiter=";")
    code, out = imp(repo_copy, source, "--mapping", MAPPINGS / "projektbanken.yaml", "--replace")
    assert code == 1
    assert "datasets/beslut.csv (i resultatet, från start-efter-slut.csv rad 5" in out


# --- drafted mappings --------------------------------------------------------------------------------------


def test_draft_finds_headers_no_mapping_knows(
    repo_copy: Path, exports: dict[str, Path], tmp_path: Path
) -> None:
    draft = tmp_path / "utkast.yaml"
    code, out = imp(repo_copy, exports["renamed"], "--draft-mapping", draft)
    assert code == 0, out
    text = draft.read_text(encoding="utf-8")
    assert 'beviljat_belopp: {column: "Beviljade medel (kr)", parse: integer}  # OSÄKER' in text
    assert "(utgår från projektbanken.yaml)" in out
    code, out = imp(repo_copy, exports["renamed"], "--mapping", draft, "--replace")
    assert code == 0, out
    with_shipped = tmp_path / "shipped"
    shutil.copytree(REPO / "schemas", with_shipped / "schemas")
    shutil.copytree(repo_copy / "datasets", with_shipped / "datasets")
    for name in ("datapackage.json", "publication.yaml"):
        shutil.copy2(repo_copy / name, with_shipped / name)
    source = FIXTURES / "projektbanken-cp1252-semikolon-decimalkomma.csv"  # the same rows, known headers
    assert imp(with_shipped, source, "--mapping", MAPPINGS / "projektbanken.yaml", "--replace")[0] == 0
    for table in ("beslut", "finansiering", "kommunfordelning", "hallbarhet"):
        assert read(repo_copy, table) == read(with_shipped, table), table
    no_personal_data(repo_copy, out)


@pytest.mark.parametrize("which", ["shipped-projektbanken", "view", "nyps"])
def test_unedited_draft_imports_like_the_shipped_mapping(
    repo_copy: Path, exports: dict[str, Path], tmp_path: Path, which: str
) -> None:
    source = {"shipped-projektbanken": FIXTURES / "projektbanken-cp1252-semikolon-decimalkomma.csv",
              "view": exports["view"], "nyps": exports["nyps"]}[which]  # fmt: skip
    shipped = MAPPINGS / ("nyps.yaml" if which == "nyps" else "projektbanken.yaml")
    draft = tmp_path / "utkast.yaml"
    code, out = imp(repo_copy, source, "--draft-mapping", draft)
    assert code == 0, out
    assert "Placerade:" in out and draft.read_text(encoding="utf-8").startswith("# UTKAST")
    with_shipped = tmp_path / "shipped"
    shutil.copytree(repo_copy, with_shipped)
    code_draft, out_draft = imp(repo_copy, source, "--mapping", draft, "--replace")
    code_shipped, out_shipped = imp(with_shipped, source, "--mapping", shipped, "--replace")
    assert code_draft == code_shipped, (out_draft, out_shipped)
    if which == "view":
        assert code_draft == 1  # new cases without Insatsområde: both refuse them, at the same rows
        return
    for table in ("beslut", "finansiering", "utbetalningar", "kommunfordelning", "hallbarhet"):
        assert read(repo_copy, table) == read(with_shipped, table), table
    no_personal_data(repo_copy, out, out_draft)


if __name__ == "__main__":
    for path in write_fixtures(FIXTURES).values():
        print(path)
