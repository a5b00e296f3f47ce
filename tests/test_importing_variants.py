"""Exports as real ones vary: the same Projektbanken and Nyps content saved every way an export or Excel
saves it (column order, unknown and empty columns, header case and spelling, a title row above the header,
a totals row, BOM / cp1252 / tab / comma, ``sep=;``, decimal comma with dot thousands, ``1 234 567 kr``, comma
thousands, dates as ISO, ``dd.mm.yyyy``, ``yyyymmdd``, Excel serials and datetimes, organisation numbers with
and without dash or 16 prefix, municipalities in every form) must import to the same tables as the plain
export; what cannot be read is a finding, never a traceback. Every export is written here, in ``tmp_path``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from oppnadata.importing.columns import match_headers
from tests.helpers import copy_package
from tests.test_importing import PB_HEADER, pb_rows
from tests.test_importing_exports import imp, nyps_sheets, write_workbook

REPO = Path(__file__).resolve().parent.parent
MAPPINGS = REPO / "mappings"
TABLES = ("beslut", "finansiering", "kommunfordelning", "hallbarhet", "utbetalningar")


def _csv(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


# --- Projektbanken, the content of pb_rows() written every way ---------------------------------------------


def excel_title_totals(path: Path) -> Path:
    """cp1252, ';', a title line and an empty line above the header; headers in other case and spelling,
    shuffled; unknown and empty trailing columns; decimal comma with dot thousands; a totals row."""
    header = ["ÄRENDE-ID", "stödmottagare", "Organisationsnummer", "Beviljat belopp (SEK)", "Total budget",
              "Projektnamn", "Projektbeskrivning", "Projekt starttid", "Projekt sluttid", "Län", "Kommuner",
              "Insatsområde", "Status", "Beslut", "Offentlig finansiär", "Projektledare", "Projektledare telefon",
              "Projektledare e-post"]  # fmt: skip
    order = [5, 0, 2, 1, 3, 4, *range(6, 18)]
    rows = [[r[i] for i in order] + ["2025-02-01", "abc", "", ""] for r in pb_rows(thousands=".")]
    for r in rows:
        r[4] += "" if "," in r[4] else ",00"  # the granted amount with öre too
    text = _csv([["Projektbanken – uttag 2025-03-01"], [], [header[i] for i in order] + ["Senast ändrad",
                 "Okänd kolumn", "", ""], *rows, ["", "Summa", "", "", "730.000,00"], [], ["", "", ""]], ";")  # fmt: skip
    path.write_bytes(text.encode("cp1252"))
    return path


def bom_nbsp_kr_dates(path: Path) -> Path:
    """UTF-8 with BOM; amounts with no-break spaces, kr, SEK and :-; dates in every form; organisation numbers
    with the 16 prefix and without a dash; municipalities as 'X kommun', 'Xs kommun', capitals."""
    rows = pb_rows(thousands="\u00a0", decimals=False)
    rows[0][2:5] = ["165560360793", "450\u00a0000 kr", "1\u00a0200\u00a0000 kr"]
    rows[0][7:9] = ["01.03.2021", "20221231"]
    rows[0][10] = "Åre kommun, Bergs kommun"
    rows[1][7:9] = ["44319", "2021-12-31 00:00:00"]  # an Excel serial: 2021-05-03
    rows[1][10] = "RAGUNDA"
    rows[3][2] = rows[3][2].replace("-", "")
    rows[3][3:5] = ["SEK 80 000", "200 000:-"]
    rows[3][7] = "2022-02-01T00:00:00"
    rows[3][10] = "Strömsunds kommun"
    path.write_bytes(("\ufeff" + _csv([PB_HEADER, *rows], ";")).encode("utf-8"))
    return path


def comma_thousands(path: Path) -> Path:
    """An English-locale Excel: ',' between cells, ',' thousands (1,200,000), so the decimal mark is '.'."""
    path.write_bytes(_csv([PB_HEADER, *pb_rows(thousands=",", decimals=False)], ",").encode("utf-8"))
    return path


def tab_separated(path: Path) -> Path:
    path.write_bytes(_csv([PB_HEADER, *pb_rows()], "\t").encode("utf-8"))
    return path


def sep_line(path: Path) -> Path:
    """Excel's 'sep=;' first line, cp1252, 'Information saknas' for missing values."""
    path.write_bytes(
        ("sep=;\r\n" + _csv([PB_HEADER, *pb_rows(missing="Information saknas")], ";")).encode("cp1252")
    )
    return path


def xlsx_title_totals(path: Path) -> Path:
    """A workbook: a title row and an empty row above the header, numbers and dates as Excel types, empty
    trailing columns, a merged totals row."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Projekt"
    sheet.append(["Beviljade projekt i Jämtlands län"])
    sheet.append([])
    sheet.append([*PB_HEADER, None, None])
    for r in pb_rows(decimals=False):
        cells: list[object] = list(r)
        cells[3] = int(r[3].replace(" ", ""))
        cells[7], cells[8] = dt.datetime.fromisoformat(r[7]), dt.date.fromisoformat(r[8])
        sheet.append([*cells, None, None])
    sheet.append([None] * 5)
    sheet.append(["Totalt", None, None, 750000])
    sheet.merge_cells("A9:C9")
    workbook.save(path)
    return path


def xlsx_numbers(path: Path) -> Path:
    """Case ids and 16-prefixed organisation numbers typed as numbers, dates as dd.mm.yyyy text, a header
    cell with a line break."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([h.replace(" ", "\n", 1) if h.startswith("Beviljat") else h for h in PB_HEADER])
    for r in pb_rows(decimals=False):
        cells: list[object] = list(r)
        cells[0] = int(r[0])
        if r[2].startswith("5"):
            cells[2] = int("16" + r[2].replace("-", ""))
        cells[3] = int(r[3].replace(" ", ""))
        cells[7] = dt.date.fromisoformat(r[7]).strftime("%d.%m.%Y")
        sheet.append(cells)
    workbook.save(path)
    return path


PB_VARIANTS: dict[str, Callable[[Path], Path]] = {
    "pb-excel-cp1252-titel-summa.csv": excel_title_totals,
    "pb-utf8bom-nbsp-kr-datum.csv": bom_nbsp_kr_dates,
    "pb-utf8-komma-tusental-komma.csv": comma_thousands,
    "pb-tabb.txt": tab_separated,
    "pb-sep-rad-information-saknas.csv": sep_line,
    "pb-xlsx-titelrad-summa.xlsx": xlsx_title_totals,
    "pb-xlsx-tal-som-tal.xlsx": xlsx_numbers,
}


def nyps_title_upper_totals(path: Path) -> Path:
    """A Nyps workbook: a title row above trans, every other header in capitals, an unknown column, amounts
    as text in the Swedish way on one row and as numbers on the next, a totals row, the finans sheet's
    name in capitals."""
    sheets = nyps_sheets()
    workbook = Workbook()
    for number, (name, (header, rows)) in enumerate(sheets.items()):
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = name.upper() if name == "finans" else name
        if name == "trans":
            sheet.append(["Uttag ur Nyps 2025-03-01"])
            header = [h.upper() if i % 2 else h for i, h in enumerate(header)] + ["extra_kolumn"]
            rows = [[*r, "x"] for r in rows]
            rows[0][3], rows[0][13] = "900 000,00", "400\u00a0000"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        if name == "trans":
            sheet.append(["Summa", None, None, 950000])
    workbook.save(path)
    return path


# --- the tests ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def baselines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tables the plain exports give (the Projektbanken CSV of test_importing, the Nyps workbook)."""
    root = tmp_path_factory.mktemp("baselines")
    plain = root / "pb.csv"
    plain.write_bytes(_csv([PB_HEADER, *pb_rows()], ";").encode("cp1252"))
    nyps = write_workbook(root / "nyps.xlsx", nyps_sheets())
    out = {}
    for name, source, mapping in (("pb", plain, "projektbanken"), ("nyps", nyps, "nyps")):
        repo = copy_package(root / name)
        code, text = imp(repo, source, "--mapping", MAPPINGS / f"{mapping}.yaml", "--replace")
        assert code == 0, text
        out[name] = repo
    return out


def _same_tables(repo: Path, baseline: Path) -> None:
    for table in TABLES:
        ours = (repo / "datasets" / f"{table}.csv").read_bytes()
        assert ours == (baseline / "datasets" / f"{table}.csv").read_bytes(), table


@pytest.mark.parametrize("name", sorted(PB_VARIANTS))
def test_projektbanken_export_saved_every_way_imports_the_same(
    baselines: dict[str, Path], tmp_path: Path, name: str
) -> None:
    source = PB_VARIANTS[name](tmp_path / name)
    repo = copy_package(tmp_path / "repo")
    code, out = imp(repo, source, "--mapping", MAPPINGS / "projektbanken.yaml", "--replace", "--lang", "en")
    assert code == 0, out
    assert "Traceback" not in out
    _same_tables(repo, baselines["pb"])
    if "summa" in name:
        assert "WARNING [import-totals-row]" in out  # the totals row is said, not imported
    if "titel" in name:
        assert "Header row: 3 (found below title or empty rows)" in out


def test_nyps_workbook_with_title_capitals_and_totals_imports_the_same(
    baselines: dict[str, Path], tmp_path: Path
) -> None:
    source = nyps_title_upper_totals(tmp_path / "nyps-titel-versaler-summa.xlsx")
    repo = copy_package(tmp_path / "repo")
    code, out = imp(repo, source, "--mapping", MAPPINGS / "nyps.yaml", "--replace", "--lang", "en")
    assert code == 0, out
    assert (
        "WARNING [import-totals-row] nyps-titel-versaler-summa.xlsx [trans], row 6, column arende (A)" in out
    )
    _same_tables(repo, baselines["nyps"])


def test_headers_match_in_any_case_and_spelling() -> None:
    found = match_headers(["arende", "BESLUT_AR", "Utbet Belopp", "ÄRENDE-ID"], ["beslut_ar", "utbet_belopp",
                          "arende", "Ärende-ID"])  # fmt: skip
    assert found == {"beslut_ar": "BESLUT_AR", "utbet_belopp": "Utbet Belopp", "Ärende-ID": "ÄRENDE-ID"}


@pytest.mark.parametrize(
    ("name", "content", "exit_code", "expected"),
    [
        ("tom.csv", b"", 1, "import-missing-column"),
        ("gammal.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, 2, "saved again as .xlsx"),
        ("trasig.xlsx", b"PK\x03\x04garbage", 2, "cannot be opened"),
    ],
)
def test_unreadable_export_is_said_not_a_traceback(
    tmp_path: Path, name: str, content: bytes, exit_code: int, expected: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    repo = copy_package(tmp_path / "repo")
    code, out = imp(repo, source, "--mapping", MAPPINGS / "projektbanken.yaml", "--lang", "en")
    assert code == exit_code, out
    assert expected in out and "Traceback" not in out


def test_row_without_case_id_is_a_warning_at_its_row(baselines: dict[str, Path], tmp_path: Path) -> None:
    rows = pb_rows()
    rows.insert(1, ["", "Exempel AB", "556036-0793", "1 000", "", "Utan ärende-id", *[""] * 12])
    source = tmp_path / "utan-id.csv"
    source.write_bytes(_csv([PB_HEADER, *rows], ";").encode("utf-8"))
    repo = copy_package(tmp_path / "repo")
    code, out = imp(
        repo, source, "--mapping", MAPPINGS / "projektbanken.yaml", "--replace", "--format", "json"
    )
    assert code == 0
    found = [f for f in json.loads(out)["report"]["findings"] if f["code"] == "import-row-without-key"]
    assert [(f["row"], f["column"], f["severity"]) for f in found] == [(3, "A", "warning")]
    _same_tables(repo, baselines["pb"])
