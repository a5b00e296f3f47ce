"""``oppnadata import``: fixture exports in each shape and encoding, imported into a copy of the repository.

Every fixture is written by the tests (so the personal values they hold are listed once, in ``PERSONAL``)
with a file name that says what it holds. The identity numbers are computed with stdnum.luhn on dates in
1912 (no living person's number): valid personnummer / samordningsnummer that the tool must recognise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from stdnum import luhn

from oppnadata.cli import main
from oppnadata.importing.reading import detect_delimiter, detect_encoding
from oppnadata.importing.values import ValueProblem, detect_number_format, parse_date
from tests.helpers import copy_package

REPO = Path(__file__).resolve().parent.parent
MAPPINGS = REPO / "mappings"


def _pnr(base: str) -> str:
    return f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


ASSOCIATION_ORGNR = _pnr("802002444")  # an ideell förening (group 8), valid check digit
SOLE_TRADER_PNR = _pnr("121212121")  # 121212-1212
SAMORDNING_PNR = _pnr("121272345")  # day 72 = 12 + 60
TEXT_PNR = _pnr("120202789")
PM_NAME = "Petronella Projektledarsson"
PM_PHONE = "070-123 45 67"
PM_EMAIL = "petronella.pl@fjallbygd-exempel.se"
TEXT_EMAIL = "info.kontakt@snickeri-exempel.se"
TEXT_PHONE = "063-14 62 00"
SOLE_TRADER_NAME = "Kalle Exempelssons Snickeri"
CASE_OFFICER = "Handläggare Hedvigsdotter"
PERSONAL = [
    SOLE_TRADER_PNR, SOLE_TRADER_PNR.replace("-", ""), SAMORDNING_PNR, TEXT_PNR, PM_NAME, PM_PHONE, PM_EMAIL,
    TEXT_EMAIL, TEXT_PHONE, SOLE_TRADER_NAME, CASE_OFFICER, "Petronella", "Kalle",
]  # fmt: skip

PB_HEADER = [
    "Ärende-ID", "Stödmottagare", "Organisation nummer", "Beviljat belopp SEK", "Total budget SEK", "Projektnamn",
    "Projektbeskrivning", "Projekt Starttid", "Projekt Sluttid", "Län", "Kommuner", "Insatsområde", "Status",
    "Beslut", "Offentlig finansiär", "Projektledare", "Projektledare telefon", "Projektledare e-post",
]  # fmt: skip


def pb_rows(thousands: str = " ", decimals: bool = True, missing: str = "UPPGIFT SAKNAS") -> list[list[str]]:
    t = thousands
    dec = ",00" if decimals else ""
    return [
        ["20210001", "Exempelbolaget Fjällbygd AB", "556036-0793", f"450{t}000", f"1{t}200{t}000{dec}",
         "Digital fjällturism", f"Digitala tjänster för besökare. Kontakt: {PM_EMAIL}, {PM_PHONE}.",
         "2021-03-01", "2022-12-31", "Jämtlands län", "Åre, Bergs kommun", "Besöksnäring", "Avslutat", "Bifall",
         f"Region Jämtland Härjedalen = 450{t}000 || Åre kommun = 200{t}000 || Bergs kommun = 100{t}000",
         PM_NAME, PM_PHONE, PM_EMAIL],
        ["20210002", SOLE_TRADER_NAME, SOLE_TRADER_PNR, f"120{t}000", missing, "Snickeri i Ragunda",
         f"Ägaren ({TEXT_PNR}) nås på {TEXT_EMAIL} eller {TEXT_PHONE}.", "2021-05-03", "2021-12-31",
         "Jämtlands län", "Ragunda kommun", "Företagsutveckling", missing, "Bifall", "", PM_NAME, PM_PHONE,
         PM_EMAIL],
        ["20210003", "Avslagna Exempel AB", "556036-0793", f"100{t}000", "", "Avslaget projekt", "",
         "2021-05-01", "2021-12-31", "Jämtlands län", "Östersund", "Innovation", missing, "Avslag", "", "", "",
         ""],
        ["20220004", "Exempelföreningen Byalaget", ASSOCIATION_ORGNR, f"80{t}000{dec}", f"200{t}000", "Byns framtid",
         "Förstudie om service i byn.", "2022-02-01", "2022-10-31", "Jämtlands län", "Strömsund",
         "Kommersiell service", "Pågående", "Bifall",
         f"Region Jämtland Härjedalen = 80{t}000 || Strömsunds kommun = 40{t}000", "", "", ""],
    ]  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, encoding: str, delimiter: str) -> Path:
    def quote(cell: str) -> str:
        return f'"{cell}"' if delimiter in cell or '"' in cell else cell

    text = "\r\n".join(delimiter.join(quote(c) for c in row) for row in [header, *rows]) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_package(tmp_path / "repo")


def run_import(repo: Path, source: Path, mapping: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        [
            "import",
            str(source),
            "--mapping",
            str(MAPPINGS / mapping),
            "--into",
            str(repo / "datasets"),
            *args,
        ],
    )
    return result.exit_code, result.output


def run_validate(repo: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(repo / "datapackage.json")])
    return result.exit_code, result.output


def read(repo: Path, table: str) -> list[dict[str, str]]:
    import csv

    with (repo / "datasets" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_no_personal_data(repo: Path, *outputs: str) -> None:
    blobs = {str(p): p.read_bytes() for p in repo.rglob("*") if p.is_file() and "schemas" not in p.parts}
    blobs.update({f"output {i}": o.encode() for i, o in enumerate(outputs)})
    for where, blob in blobs.items():
        for value in PERSONAL:
            for encoding in ("utf-8", "cp1252"):
                assert value.encode(encoding) not in blob, f"{value!r} leaked into {where}"


def assert_canonical_files(repo: Path) -> None:
    descriptor = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        path = repo / resource["path"]
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), path
        assert b"\r" not in data, path
        data.decode("utf-8")


# --- the two export shapes, end to end -----------------------------------------------------------


def test_projektbanken_cp1252_semicolon_decimal_comma(repo: Path, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "projektbanken-cp1252-semikolon-decimalkomma.csv", PB_HEADER, pb_rows(),
        encoding="cp1252", delimiter=";",
    )  # fmt: skip
    code, out = run_import(repo, source, "projektbanken.yaml", "--replace")
    assert code == 0, out
    assert "Teckenkodning: cp1252" in out
    assert "Avgränsare: semikolon ';'" in out
    assert "Decimaltecken: ','; tusentalsavgränsare: mellanslag" in out
    assert "'UPPGIFT SAKNAS' × 3" in out
    assert "P3 enskilda näringsidkare utan namn och nummer: 1" in out
    assert "P4 personkolumner som aldrig lästes: 3" in out
    assert "P1 personnummer borttagna ur fritext: 1" in out
    assert "P2 e-postadresser borttagna ur fritext: 2" in out
    assert "P2 telefonnummer borttagna ur fritext: 2" in out
    assert "Ärenden: tillagda 3, rättade 0, återkallade 0" in out

    beslut = {r["arende_id"]: r for r in read(repo, "beslut")}
    assert sorted(beslut) == ["20210001", "20210002", "20220004"]  # the Avslag row is not a decision
    first = beslut["20210001"]
    assert (first["beviljat_belopp"], first["stodberattigande_kostnader"]) == ("450000", "1200000")
    assert (first["kommunkod"], first["status"], first["stodform"], first["rattslig_grund"]) == (
        "2321", "avslutad", "PROJ", "2003:596",
    )  # fmt: skip
    assert first["sammanfattning"] == (
        "Digitala tjänster för besökare. Kontakt: [personuppgift borttagen], [personuppgift borttagen]."
    )
    sole = beslut["20210002"]
    assert (sole["stodmottagare"], sole["organisationsnummer"], sole["juridisk_form"]) == (
        "Enskild näringsidkare", "", "enskild_naringsidkare",
    )  # fmt: skip
    assert sole["stodberattigande_kostnader"] == ""  # UPPGIFT SAKNAS → null
    assert sole["status"] == "beviljad"  # Status missing, Beslut = Bifall
    assert beslut["20220004"]["juridisk_form"] == "ideell_forening"

    financing = [r for r in read(repo, "finansiering") if r["arende_id"] == "20210001"]
    assert {(r["finansiar"], r["finansiarstyp"], r["belopp"]) for r in financing} == {
        ("Region Jämtland Härjedalen", "region_1_1", "450000"),
        ("Åre kommun", "kommun", "200000"),
        ("Bergs kommun", "kommun", "100000"),
        ("Exempelbolaget Fjällbygd AB", "egen_insats", "450000"),
    }
    shares = {(r["arende_id"], r["kommunkod"], r["andel"]) for r in read(repo, "kommunfordelning")}
    assert ("20210001", "2321", "0.5") in shares and ("20210001", "2326", "0.5") in shares
    assert read(repo, "uppfoljning") == [] and read(repo, "rapporter") == []  # example rows would dangle

    descriptor = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    assert "exempeldata" not in descriptor
    assert not descriptor["title"].startswith("EXEMPELDATA")
    assert "EXEMPELDATA" not in json.dumps(descriptor, ensure_ascii=False)
    assert descriptor["temporal"] == {"start": "2021-01-01", "end": "2022-12-31"}

    log = json.loads((repo / "datasets" / "import-log.json").read_text(encoding="utf-8"))
    assert log["redactions"] == {
        "P1:personnummer-in-text": 1, "P2:email-in-text": 2, "P2:phone-in-text": 2, "P3:sole-trader": 1,
        "P4:personal-column": 3,
    }  # fmt: skip
    assert log["detected"]["encoding"] == "cp1252" and log["changes"]["added"] == [
        "20210001",
        "20210002",
        "20220004",
    ]

    code, validated = run_validate(repo)
    assert code == 0, validated
    assert "import-log" not in validated
    assert_canonical_files(repo)
    assert_no_personal_data(repo, out, validated)


def test_projektbanken_utf8_bom_nonbreaking_thousands(repo: Path, tmp_path: Path) -> None:
    rows = pb_rows(thousands="\u00a0", missing="Information saknas")
    rows[3][3] = "80\u202f000"  # a narrow no-break space too
    source = write_csv(
        tmp_path / "projektbanken-utf8-bom-hart-mellanslag.csv", PB_HEADER, rows, encoding="utf-8-sig",
        delimiter=",",
    )  # fmt: skip
    code, out = run_import(repo, source, "projektbanken.yaml", "--replace", "--format", "json")
    assert code == 0, out
    payload = json.loads(out)
    assert payload["detected"]["encoding"] == "utf-8-sig"
    assert payload["detected"]["delimiter"] == ","
    assert payload["detected"]["thousands"] == ["\u00a0", "\u202f"]
    assert payload["detected"]["missing_values"] == {"Information saknas": 3}
    beslut = {r["arende_id"]: r for r in read(repo, "beslut")}
    assert beslut["20210001"]["stodberattigande_kostnader"] == "1200000"
    assert beslut["20220004"]["beviljat_belopp"] == "80000"
    assert run_validate(repo)[0] == 0
    assert_canonical_files(repo)
    assert_no_personal_data(repo, out)


NYPS_HEADER = [
    "arende", "diarienr", "beslut_ar", "stodtyp", "stodmottagare", "orgnr", "projektnamn", "beviljat_belopp",
    "stodber_kostnad", "nat_strat_ren", "resultatkedja_ren", "vd_kon_ren", "bransch_avd_2025", "arbetsstalle",
    "startdatum", "slutdatum", "status", "trans_ar", "utbet_belopp", "handlaggare", "kontakt_tel",
]  # fmt: skip


def nyps_rows() -> list[list[object]]:
    strat = "Innovation och förnyelse samt entreprenörskap och företagande i hela landet"
    return [
        ["20230011", "RUN/12/2023", 2023, "FTG", "Exempelverkstaden i Krokom AB", "5560360793", "Ny svetslinje",
         900000, 2250000, strat, "Företagsutveckling och investeringar", "Kvinna", "C", "Krokoms kommun",
         dt.date(2023, 3, 1), dt.date(2024, 6, 30), "Avslutad", 2023, 400000, CASE_OFFICER, TEXT_PHONE],
        ["20230011", "RUN/12/2023", 2023, "FTG", "Exempelverkstaden i Krokom AB", "5560360793", "Ny svetslinje",
         900000, 2250000, strat, "Företagsutveckling och investeringar", "Kvinna", "C", "Krokoms kommun",
         dt.date(2023, 3, 1), dt.date(2024, 6, 30), "Avslutad", 2024, 500000, CASE_OFFICER, TEXT_PHONE],
        ["20240012", "", 2024, "FTG", SOLE_TRADER_NAME, SAMORDNING_PNR, "Konsultcheck för webbhandel", 50000,
         100000, strat, "Innovation och forskningssamverkan", "Man", "G", "Åre", dt.date(2024, 4, 1),
         dt.date(2024, 12, 31), "UPPGIFT SAKNAS", 2024, 25000, CASE_OFFICER, TEXT_PHONE],
        ["20240013", "RUN/30/2024", 2024, "PROJ", "Exempelkommunen Östersund", "212000-0142",
         "Kompetenslyft i besöksnäringen", 600000, 1500000,
         "Kompetensförsörjning och kompetensutveckling i hela landet", "Kompetensförsörjning", "", "",
         "Östersund", dt.date(2024, 5, 1), dt.date(2026, 4, 30), "Pågående", "", "", CASE_OFFICER, ""],
    ]  # fmt: skip


def write_xlsx(path: Path, header: list[str], rows: list[list[object]], sheet: str = "Beslut") -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def test_nyps_xlsx_payments_by_year(repo: Path, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "nyps-extrakt-utbetalningar-per-ar.xlsx", NYPS_HEADER, nyps_rows())
    code, out = run_import(repo, source, "nyps.yaml", "--replace")
    assert code == 0, out
    assert "Flik: Beslut" in out
    beslut = {r["arende_id"]: r for r in read(repo, "beslut")}
    assert sorted(beslut) == ["20230011", "20240012", "20240013"]
    verkstad = beslut["20230011"]
    assert (verkstad["organisationsnummer"], verkstad["juridisk_form"], verkstad["stodform"]) == (
        "556036-0793", "aktiebolag", "FTG",
    )  # fmt: skip
    assert (verkstad["beslutsdatum"], verkstad["rattslig_grund"], verkstad["beslutsniva"]) == (
        "2023-01-01", "2022:1467", "RUN",
    )  # fmt: skip
    assert (verkstad["strategiomrade"], verkstad["resultatkedja"], verkstad["kommunkod"]) == (
        "innovation_foretagande", "foretagsutveckling", "2309",
    )  # fmt: skip
    sole = beslut["20240012"]  # a samordningsnummer as organisation number
    assert (sole["stodmottagare"], sole["organisationsnummer"], sole["juridisk_form"]) == (
        "Enskild näringsidkare", "", "enskild_naringsidkare",
    )  # fmt: skip
    assert sole["status"] == "beviljad"
    assert (beslut["20240013"]["juridisk_form"], beslut["20240013"]["mottagarkategori"]) == (
        "kommun",
        "kommun",
    )
    payments = {(r["arende_id"], r["ar"], r["belopp"]) for r in read(repo, "utbetalningar")}
    assert payments == {
        ("20230011", "2023", "400000"),
        ("20230011", "2024", "500000"),
        ("20240012", "2024", "25000"),
    }
    gender = {r["arende_id"]: r["vd_kon"] for r in read(repo, "hallbarhet")}
    assert gender == {"20230011": "kvinna", "20240012": "man", "20240013": "ej_tillampligt"}
    assert "beslut.beslutsdatum sattes till [beslut_ar] på 3 rad(er)" in out
    assert "kolumnen bransch_avd_2025" not in out  # ignored on purpose, not reported
    assert "Ärenden: tillagda 3" in out
    code, validated = run_validate(repo)
    assert code == 0, validated
    assert_canonical_files(repo)
    assert_no_personal_data(repo, out, validated)


def test_merge_reports_added_changed_withdrawn(repo: Path, tmp_path: Path) -> None:
    first = write_xlsx(tmp_path / "nyps-forsta.xlsx", NYPS_HEADER, nyps_rows())
    assert run_import(repo, first, "nyps.yaml", "--replace")[0] == 0
    rows = nyps_rows()
    rows[3][7] = 650000  # beviljat_belopp changed
    rows[3][16] = "Återkallad"
    rows = [r for r in rows if r[0] != "20240012"]  # not in this export: left untouched
    new = list(rows[0])
    new[0], new[1], new[17], new[18] = "20250014", "RUN/5/2025", 2025, 100000
    new[2] = 2025
    new[14], new[15] = dt.date(2025, 2, 1), dt.date(2025, 12, 31)
    second = write_xlsx(tmp_path / "nyps-andra.xlsx", NYPS_HEADER, [*rows, new])
    code, out = run_import(repo, second, "nyps.yaml")
    assert code == 0, out
    assert "Ärenden: tillagda 1, rättade 0, återkallade 1, oförändrade 1, ej i källan (orörda) 1" in out
    # the keyed diff oppnadata diff shows
    assert "  + tillagda (1): 20250014\n" in out
    assert "      20240013: beviljat_belopp 600000 → 650000; status pagaende → aterkallad" in out
    assert (
        "VARNING [import-withdrawal-without-date] nyps-andra.xlsx [Beslut], rad 4, arende_id 20240013" in out
    )
    beslut = {r["arende_id"]: r for r in read(repo, "beslut")}
    assert set(beslut) == {"20230011", "20240012", "20240013", "20250014"}
    log = json.loads((repo / "datasets" / "import-log.json").read_text(encoding="utf-8"))
    assert log["changes"]["withdrawn"] == ["20240013"]
    assert {"field": "beviljat_belopp", "old": "600000", "new": "650000"} in log["changes"]["changed"][
        "20240013"
    ]
    assert run_validate(repo)[0] == 0
    assert_no_personal_data(repo, out)


def test_default_never_overwrites_an_existing_value(repo: Path, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "nyps.xlsx", NYPS_HEADER, nyps_rows())
    assert run_import(repo, source, "nyps.yaml", "--replace")[0] == 0
    path = repo / "datasets" / "beslut.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2023-01-01,RUN", "2023-02-14,RUN"), encoding="utf-8"
    )
    code, out = run_import(repo, source, "nyps.yaml")
    assert code == 0, out
    assert {r["arende_id"]: r["beslutsdatum"] for r in read(repo, "beslut")}["20230011"] == "2023-02-14"
    assert "Ärenden: tillagda 0, rättade 0, återkallade 0, oförändrade 3" in out
    assert "Inga ändringar." in out
    assert "import-default" not in out  # defaults that would write nothing are not reported


# --- failures: findings with the source position, nothing written ---------------------------------


@pytest.mark.parametrize(
    ("case", "mutate", "code", "row", "column"),
    [
        ("okand-kommun", lambda rows: rows[0].__setitem__(10, "Åre, Storstaden"), "import-unknown-municipality", 2, "K"),
        ("obegripligt-belopp", lambda rows: rows[3].__setitem__(3, "80 000 kr typ"), "import-bad-number", 5, "D"),
        ("dubblett-arende", lambda rows: rows[3].__setitem__(0, "20210001"), "import-duplicate-key", 5, "A"),
        ("ogiltigt-orgnr", lambda rows: rows[3].__setitem__(2, "802002-4443"), "import-bad-orgnr", 5, "C"),
        ("fel-regionbelopp", lambda rows: rows[3].__setitem__(14, "Region Jämtland Härjedalen = 90 000"),
         "import-financing-grant", 5, "O"),
    ],
)  # fmt: skip
def test_failing_import_writes_nothing(
    repo: Path, tmp_path: Path, case: str, mutate: object, code: str, row: int, column: str
) -> None:
    rows = pb_rows()
    mutate(rows)  # type: ignore[operator]
    source = write_csv(
        tmp_path / f"projektbanken-{case}.csv", PB_HEADER, rows, encoding="cp1252", delimiter=";"
    )
    before = digest(repo)
    exit_code, out = run_import(repo, source, "projektbanken.yaml", "--replace", "--format", "json")
    assert exit_code == 1, out
    payload = json.loads(out)
    assert payload["ok"] is False and payload["written"] == []
    errors = [f for f in payload["report"]["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["row"], f["column"], f["path"]) for f in errors] == [
        (code, row, column, source.name)
    ]
    assert digest(repo) == before  # byte-identical, and no staging folder left behind
    assert_no_personal_data(repo, out)


def test_unknown_municipality_message(repo: Path, tmp_path: Path) -> None:
    rows = pb_rows()
    rows[0][10] = "Storstaden"
    source = write_csv(tmp_path / "okand-kommun.csv", PB_HEADER, rows, encoding="utf-8", delimiter=";")
    code, out = run_import(repo, source, "projektbanken.yaml", "--replace")
    assert code == 1
    assert (
        "FEL [import-unknown-municipality] okand-kommun.csv, rad 2, kolumn Kommuner (K), arende_id 20210001"
        in out
    )
    assert "Kommunen Storstaden i Kommuner finns inte i kommuner.csv." in out
    assert "Inget skrevs: rätta felen ovan och kör importen igen." in out
    code, out = run_import(repo, source, "projektbanken.yaml", "--replace", "--lang", "en")
    assert "The municipality Storstaden in Kommuner is not in kommuner.csv." in out
    assert "Nothing was written" in out


def test_staged_result_that_fails_validation_is_refused(repo: Path, tmp_path: Path) -> None:
    rows = pb_rows()
    rows[3][7], rows[3][8] = "2022-12-01", "2022-01-31"  # starts after it ends: validate's rule
    source = write_csv(
        tmp_path / "projektbanken-start-efter-slut.csv", PB_HEADER, rows, encoding="utf-8", delimiter=";"
    )
    before = digest(repo)
    code, out = run_import(repo, source, "projektbanken.yaml", "--replace")
    assert code == 1, out
    assert "FEL [dates-start-after-end] datasets/beslut.csv" in out
    assert "FEL [import-refused]" in out
    assert digest(repo) == before


def test_missing_required_value_without_default(repo: Path, tmp_path: Path) -> None:
    rows = pb_rows()
    rows[0][11] = ""  # Insatsområde → resultatkedja, required and without a default
    source = write_csv(tmp_path / "utan-resultatkedja.csv", PB_HEADER, rows, encoding="utf-8", delimiter=";")
    code, out = run_import(repo, source, "projektbanken.yaml", "--replace", "--format", "json")
    assert code == 1
    errors = [f for f in json.loads(out)["report"]["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["row"], f["column"]) for f in errors] == [("import-missing-required", 2, "L")]


# --- overrides: the user's word wins; a wrong guess names the override -----------------------------


def test_wrong_encoding_override_names_the_right_one(repo: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "cp1252.csv", PB_HEADER, pb_rows(), encoding="cp1252", delimiter=";")
    before = digest(repo)
    result = CliRunner().invoke(
        main, ["import", str(source), "--mapping", str(MAPPINGS / "projektbanken.yaml"), "--into",
               str(repo / "datasets"), "--encoding", "utf-8", "--lang", "en"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "cannot be read as utf-8-sig" in result.output
    assert "Hint: Use --encoding cp1252" in result.output
    assert digest(repo) == before


def test_wrong_delimiter_override_names_the_right_one(repo: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "semikolon.csv", PB_HEADER, pb_rows(), encoding="utf-8", delimiter=";")
    code, out = run_import(repo, source, "projektbanken.yaml", "--delimiter", ",")
    assert code == 1
    assert "försök med --delimiter ';'" in out


def test_mojibake_header_names_the_encoding(repo: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "utf8.csv", PB_HEADER, pb_rows(), encoding="utf-8", delimiter=";")
    code, out = run_import(repo, source, "projektbanken.yaml", "--encoding", "cp1252")
    assert code == 1
    assert "försök med --encoding utf-8" in out


def test_decimal_override(repo: Path, tmp_path: Path) -> None:
    rows = pb_rows(thousands=",", decimals=False)
    rows[0][4] = "1,200,000.00"
    rows[0][14] = rows[0][14].replace(",", "")
    rows[3][14] = rows[3][14].replace(",", "")
    source = write_csv(tmp_path / "decimalpunkt.csv", PB_HEADER, rows, encoding="utf-8", delimiter=";")
    code, out = run_import(repo, source, "projektbanken.yaml", "--replace", "--decimal", ".")
    assert code == 0, out
    assert "Decimaltecken: '.'" in out and "angivet av dig" in out
    assert {r["arende_id"]: r["stodberattigande_kostnader"] for r in read(repo, "beslut")}[
        "20210001"
    ] == "1200000"


def test_bad_mapping_cannot_run(repo: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "trasig.yaml"
    mapping.write_text("mapping: 1\nbeslut:\n  arende_id: {column: A, parse: magic}\n", encoding="utf-8")
    source = write_csv(tmp_path / "a.csv", ["A"], [["20210001"]], encoding="utf-8", delimiter=",")
    result = CliRunner().invoke(
        main,
        ["import", str(source), "--mapping", str(mapping), "--into", str(repo / "datasets"), "--lang", "en"],
    )
    assert result.exit_code == 2
    assert "parse must be one of" in result.output


def test_missing_source_cannot_run(repo: Path, tmp_path: Path) -> None:
    code, out = run_import(repo, tmp_path / "finns-inte.xlsx", "projektbanken.yaml", "--lang", "en")
    assert code == 2
    assert "does not exist" in out


# --- detection, unit by unit -------------------------------------------------------------------------


def test_detect_encoding() -> None:
    assert detect_encoding("Ärende;Stödmottagare\n".encode())[0] == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbf" + "Ärende".encode())[0] == "utf-8-sig"
    sample = "Ärende-ID;Stödmottagare;Kommun\n20210001;Åre Fjällbygd AB;Östersund\n" * 5
    assert detect_encoding(sample.encode("cp1252"))[0] == "cp1252"


def test_detect_delimiter() -> None:
    assert detect_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert detect_delimiter("a,b,c\n1,2,3\n") == ","
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"


@pytest.mark.parametrize(
    ("values", "decimal", "thousands", "parsed"),
    [
        (["1 200 000,50", "450 000"], ",", [" "], "1200000.50"),
        (["1\u00a0200\u00a0000", "12,5"], ",", ["\u00a0"], "1200000"),
        (["1.200.000,00"], ",", ["."], "1200000.00"),
        (["1,200,000.25", "3.5"], ".", [","], "1200000.25"),
        (["450000"], ",", [], "450000"),
    ],
)
def test_number_conventions(values: list[str], decimal: str, thousands: list[str], parsed: str) -> None:
    numbers = detect_number_format(values)
    assert (numbers.decimal, numbers.thousands) == (decimal, thousands)
    assert str(numbers.parse(values[0])) == parsed


def test_dates() -> None:
    assert parse_date("2021-03-01") == "2021-03-01"
    assert parse_date(dt.datetime(2021, 3, 1, 0, 0)) == "2021-03-01"
    assert parse_date("20210301") == "2021-03-01"
    assert parse_date("01.03.2021") == "2021-03-01"
    with pytest.raises(ValueProblem):
        parse_date("1 mars")


# --- the shipped fixture exports (the README's worked example) ---------------------------------------

SHIPPED = Path(__file__).resolve().parent / "fixtures" / "import"


@pytest.mark.parametrize(
    ("name", "mapping", "written"),
    [
        ("projektbanken-cp1252-semikolon-decimalkomma.csv", "projektbanken.yaml", pb_rows()),
        ("nyps-extrakt-utbetalningar-per-ar.xlsx", "nyps.yaml", nyps_rows()),
    ],
)
def test_shipped_fixture_exports(repo: Path, name: str, mapping: str, written: list[list[object]]) -> None:
    source = SHIPPED / name
    if source.suffix == ".csv":  # the shipped file is what the generator above writes, byte for byte
        expected = write_csv(repo.parent / name, PB_HEADER, written, encoding="cp1252", delimiter=";")  # type: ignore[arg-type]
        assert source.read_bytes() == expected.read_bytes()
    code, out = run_import(repo, source, mapping, "--replace")
    assert code == 0, out
    code, validated = run_validate(repo)
    assert code == 0, validated
    assert_no_personal_data(repo, out, validated)
