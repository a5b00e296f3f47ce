"""report.py: findings (masked when made), the report's summary and order, and the three renderers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from oppnadata.messages import CATALOGUE, render
from oppnadata.report import CSV_COLUMNS, Finding, Report, Severity, column_letter, to_csv, to_json, to_text


@pytest.mark.parametrize(
    ("number", "letters"),
    [(1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (28, "AB"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA"),
     (16384, "XFD")],
)  # fmt: skip
def test_column_letter(number: int, letters: str) -> None:
    assert column_letter(number) == letters


def test_column_letter_of_nothing() -> None:
    assert column_letter(0) == ""
    assert Finding(code="x", severity=Severity.ERROR).column_letter is None
    assert Finding(code="x", severity=Severity.ERROR, column=29).column_letter == "AC"


# --- masking: the privacy guarantee lives in Finding itself (POLICY.md P5) ---------------------------------


def test_finding_masks_value_key_and_params() -> None:
    finding = Finding(
        code="personnummer",
        severity=Severity.ERROR,
        field="sammanfattning",
        key="811218-9876",
        value="Kontakt 811218-9876, anna.exempelsson@exempel.se eller 070-123 45 67",
        params={"first": "19811218-9876", "mail": "bo@exempel.se", "phone": "+46 70 123 45 67"},
    )
    assert finding.key == "811218-****"
    assert finding.value == "Kontakt 811218-****, ***@exempel.se eller 070-*** ** **"
    assert finding.params == {"first": "19811218-****", "mail": "***@exempel.se", "phone": "+46 ** *** ** **"}
    rendered = json.dumps(finding.to_dict("sv"), ensure_ascii=False) + json.dumps(finding.to_dict("en"))
    for raw in ("9876", "anna.exempelsson", "bo@", "123 45 67"):
        assert raw not in rendered


def test_finding_masks_a_mistyped_personnummer_too() -> None:
    """A date-shaped number with a wrong check digit is still someone's personal data."""
    assert Finding(code="x", severity=Severity.ERROR, value="811218-9875").value == "811218-****"
    assert Finding(code="x", severity=Severity.ERROR, value="811278-9870").value == "811278-****"


def test_finding_keeps_values_that_are_not_personal() -> None:
    finding = Finding(
        code="x", severity=Severity.ERROR, value="232100-0214", key="20201093", params={"n": "412000"}
    )
    # 232100-0214: month 21 is no date, so an organisation number of group 2 stays readable.
    assert (finding.value, finding.key, finding.params) == ("232100-0214", "20201093", {"n": "412000"})
    assert Finding(code="x", severity=Severity.ERROR, value="RUN/41/2017").value == "RUN/41/2017"
    assert Finding(code="x", severity=Severity.ERROR, value=None).value is None


def test_to_dict_has_every_field() -> None:
    finding = Finding(
        code="orgnr-check-digit", severity=Severity.ERROR, resource="beslut", path="datasets/beslut.csv",
        row=2, field="organisationsnummer", column=9, key="300375", value="596032-4333", check="orgnr",
    )  # fmt: skip
    assert finding.to_dict("en") == {
        "code": "orgnr-check-digit",
        "severity": "error",
        "resource": "beslut",
        "path": "datasets/beslut.csv",
        "row": 2,
        "field": "organisationsnummer",
        "column": "I",
        "key": "300375",
        "value": "596032-4333",
        "rule": None,
        "check": "orgnr",
        "message": "The organisation number 596032-4333 has a wrong check digit.",
        "hint": "Check the number against Bolagsverket or the recipient's decision.",
    }
    assert Finding(code="bom", severity=Severity.ERROR).to_dict()["check"] == "bom"


# --- messages ---------------------------------------------------------------------------------------------------


def test_every_validate_message_has_both_languages_and_hints() -> None:
    for code, message in CATALOGUE.items():
        if code.startswith("import-"):
            continue  # the import command's own notes; its tests own them
        assert message.sv and message.en, code
        assert message.hint_sv and message.hint_en, code
        assert message.sv != message.en, code


def test_render_fills_missing_names_with_a_question_mark() -> None:
    assert render("foreign-key", {"field": "kommunkod"}, "en") == (
        "kommunkod = ? does not exist in ?.",
        "Use a value that exists in ?, or add it there first.",
    )


def test_render_unknown_code_falls_back() -> None:
    assert render("no-such-code", {"detail": "x"}) == ("no-such-code: x", "")


# --- the report -----------------------------------------------------------------------------------------------


def _f(
    code: str, severity: Severity, resource: str | None, row: int | None, column: int | None = None
) -> Finding:
    return Finding(code=code, severity=severity, resource=resource, row=row, column=column, check=code)


def test_sorting_by_severity_then_table_row_column_code() -> None:
    report = Report()
    report.extend(
        [
            _f("sparse", Severity.INFO, "beslut", None),
            _f("b-code", Severity.ERROR, "finansiering", 2, 1),
            _f("z-code", Severity.ERROR, "beslut", 3, 2),
            _f("a-code", Severity.ERROR, "beslut", 3, 2),
            _f("late", Severity.ERROR, "beslut", 3, 1),
            _f("warn", Severity.WARNING, "beslut", 2),
            _f("early", Severity.ERROR, "beslut", 2, 17),
            _f("nowhere", Severity.ERROR, None, None),
        ]
    )
    assert [f.code for f in report.sorted()] == [
        "nowhere", "early", "late", "a-code", "z-code", "b-code", "warn", "sparse",
    ]  # fmt: skip
    assert [f["code"] for f in report.to_dict()["findings"]] == [f.code for f in report.sorted()]


def test_summary_counts_findings_records_and_share() -> None:
    report = Report(rows={"beslut": 4, "finansiering": 10})
    report.extend(
        [
            _f("orgnr", Severity.ERROR, "beslut", 2),
            _f("orgnr", Severity.ERROR, "beslut", 2),
            _f("orgnr", Severity.ERROR, "beslut", 5),
            _f("orgnr", Severity.ERROR, "finansiering", 3),
            _f("sparse", Severity.INFO, "beslut", None),
            _f("orgnr", Severity.WARNING, "beslut", 3),
            _f("missing", Severity.ERROR, "rapporter", None),
        ]
    )
    assert report.summary() == [
        {
            "check": "missing",
            "severity": "error",
            "resource": "rapporter",
            "findings": 1,
            "records": 0,
            "share": 0.0,
        },
        {
            "check": "orgnr",
            "severity": "error",
            "resource": "beslut",
            "findings": 3,
            "records": 2,
            "share": 0.5,
        },
        {
            "check": "orgnr",
            "severity": "error",
            "resource": "finansiering",
            "findings": 1,
            "records": 1,
            "share": 0.1,
        },
        {
            "check": "orgnr",
            "severity": "warning",
            "resource": "beslut",
            "findings": 1,
            "records": 1,
            "share": 0.25,
        },
        {
            "check": "sparse",
            "severity": "info",
            "resource": "beslut",
            "findings": 1,
            "records": 0,
            "share": 0.0,
        },
    ]
    assert report.counts() == {"error": 5, "warning": 1, "info": 1}
    assert report.valid is False


def test_share_is_rounded_to_four_places() -> None:
    report = Report(rows={"beslut": 3})
    report.add(_f("x", Severity.WARNING, "beslut", 2))
    assert report.summary()[0]["share"] == 0.3333
    assert report.valid is True


def test_warnings_and_info_keep_a_report_valid() -> None:
    report = Report()
    report.extend([_f("w", Severity.WARNING, "beslut", 2), _f("i", Severity.INFO, "beslut", None)])
    assert report.valid
    report.add(_f("e", Severity.ERROR, "beslut", 2))
    assert not report.valid


# --- renderers --------------------------------------------------------------------------------------------------


def _sample() -> Report:
    report = Report(rows={"beslut": 5}, checks=["dialect", "orgnr"])
    report.add(
        Finding(
            code="orgnr-check-digit", severity=Severity.ERROR, resource="beslut", path="datasets/beslut.csv",
            row=2, field="organisationsnummer", column=9, key="300375", value="596032-4333", check="orgnr",
        )
    )  # fmt: skip
    report.add(
        Finding(
            code="email", severity=Severity.ERROR, resource="beslut", path="datasets/beslut.csv", row=3,
            field="sammanfattning", column=13, key="300392", value="anna@exempel.se", rule="P2", check="privacy",
        )
    )  # fmt: skip
    return report


def test_text_rendering_sv() -> None:
    assert to_text(_sample(), "sv").splitlines() == [
        "FEL [orgnr-check-digit] datasets/beslut.csv, rad 2, kolumn organisationsnummer (I), arende_id 300375",
        "  Organisationsnumret 596032-4333 har fel kontrollsiffra.",
        "  → Kontrollera numret mot Bolagsverket eller mottagarens beslut.",
        "FEL [email] datasets/beslut.csv, rad 3, kolumn sammanfattning (M), arende_id 300392",
        "  sammanfattning innehåller en e-postadress (***@exempel.se).",
        "  → E-postadresser publiceras inte i tabellerna (regel P2). Ta bort adressen; kontaktvägen är den "
        "funktionsadress som står i publication.yaml.",
        "",
        "Sammanfattning per kontroll:",
        "  fel      orgnr                        beslut                  1 fynd,      1 poster (20.0 %)",
        "  fel      privacy                      beslut                  1 fynd,      1 poster (20.0 %)",
        "OGILTIG: fel som blockerar publicering — 2 fel, 0 varningar, 0 info; 1 tabell, 5 rader kontrollerade.",
    ]


def test_text_rendering_en() -> None:
    lines = to_text(_sample(), "en").splitlines()
    assert (
        lines[0]
        == "ERROR [orgnr-check-digit] datasets/beslut.csv, row 2, column organisationsnummer (I), arende_id 300375"
    )
    assert lines[1] == "  The organisation number 596032-4333 has a wrong check digit."
    assert lines[7] == "Summary per check:"
    assert (
        lines[-1]
        == "INVALID: errors block publication — 2 errors, 0 warnings, 0 info; 1 table, 5 rows checked."
    )


def test_text_rendering_of_an_empty_report() -> None:
    assert (
        to_text(Report(), "sv") == "GILTIG — 0 fel, 0 varningar, 0 info; 0 tabeller, 0 rader kontrollerade.\n"
    )
    assert to_text(Report(), "en") == "VALID — 0 errors, 0 warnings, 0 info; 0 tables, 0 rows checked.\n"


def test_text_rendering_is_limited() -> None:
    report = Report(rows={"beslut": 300})
    report.extend(_f("x", Severity.WARNING, "beslut", row) for row in range(2, 302))
    lines = to_text(report, "sv", limit=10).splitlines()
    assert sum(line.startswith("VARNING [x]") for line in lines) == 10
    assert "… och 290 fynd till (använd --format json eller csv för alla)" in lines
    assert "… and 290 more findings (use --format json or csv for all)" in to_text(report, "en", limit=10)
    assert (
        sum(line.startswith("WARNING [x]") for line in to_text(report, "en", limit=None).splitlines()) == 300
    )


def test_json_rendering() -> None:
    data = json.loads(to_json(_sample(), "en"))
    assert list(data) == ["valid", "counts", "rows", "checks", "summary", "findings"]
    assert data["valid"] is False
    assert data["checks"] == ["dialect", "orgnr"]
    assert [f["value"] for f in data["findings"]] == ["596032-4333", "***@exempel.se"]
    assert "sammanfattning innehåller" in to_json(_sample(), "sv")  # ensure_ascii=False: å stays å


def test_csv_rendering() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(_sample(), "sv"))))
    assert CSV_COLUMNS == [
        "severity", "code", "resource", "path", "row", "column", "field", "key", "value", "rule", "message", "hint",
    ]  # fmt: skip
    assert [list(r) for r in rows] == [CSV_COLUMNS, CSV_COLUMNS]
    assert rows[1] == {
        "severity": "error",
        "code": "email",
        "resource": "beslut",
        "path": "datasets/beslut.csv",
        "row": "3",
        "column": "M",
        "field": "sammanfattning",
        "key": "300392",
        "value": "***@exempel.se",
        "rule": "P2",
        "message": "sammanfattning innehåller en e-postadress (***@exempel.se).",
        "hint": "E-postadresser publiceras inte i tabellerna (regel P2). Ta bort adressen; kontaktvägen är den "
        "funktionsadress som står i publication.yaml.",
    }
    assert to_csv(Report()) == ",".join(CSV_COLUMNS) + "\n"
