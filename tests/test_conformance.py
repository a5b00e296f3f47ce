"""The streaming engine against the frictionless path, finding by finding.

Each case in ``tests/conformance/cases`` is a CSV and its Table Schema, named after what it holds. The
test puts the case in a package (resource ``tabell``, plus the ``koder`` code list when the schema refers
to it), validates it with the engine and the reference (tests/conformance/reference.py), and compares
the findings by (code, row, field); where no
difference is documented, every other attribute too (column, value, key, message parameters).

Deliberate differences live in ``tests/conformance/differences.yaml``, each with its reason; the test
fails when a documented difference disappears or changes, so the file stays true.

The engine runs twice per case: with its default batches, and with tiny blocks and batches (so batch
boundaries fall everywhere, and tables count as big: rules get the projected tables).
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from oppnadata.descriptor import load_package
from oppnadata.report import Finding, Report
from oppnadata.validating.engine import validate_stream
from tests import helpers
from tests.conformance.reference import reference_report

CORPUS = Path(__file__).parent / "conformance" / "cases"
DIFFERENCES = [
    d
    for d in yaml.safe_load((Path(__file__).parent / "conformance" / "differences.yaml").read_text("utf-8"))
    if "case" in d
]
CASES = sorted(p.name.removesuffix(".schema.yaml") for p in CORPUS.glob("*.schema.yaml"))
TINY = {"block_size": 4096, "batch_rows": 2, "compact_from": 0}


def signature(f: Finding) -> str:
    return f"{f.code} row={f.row} field={f.field}"


def full(f: Finding) -> tuple[Any, ...]:
    # An empty value and no value are the same here: on a blank row frictionless gives a primary-key
    # finding the value "" when the row was ",,," and none when it was an empty line, which a parser
    # that yields cells (pyarrow) cannot tell apart.
    value = f.value or None
    return (f.code, str(f.severity), f.resource, f.row, f.field, f.column, f.key, value, f.rule,
            tuple(sorted(f.params.items())))  # fmt: skip


def make_package(case: str, folder: Path) -> Path:
    """A package holding the case as resource ``tabell`` (and ``koder`` when referenced)."""
    schema = yaml.safe_load((CORPUS / f"{case}.schema.yaml").read_text("utf-8"))
    (folder / "datasets").mkdir(parents=True)
    (folder / "schemas").mkdir()
    resources = []
    names = {"tabell": case}
    if any((fk.get("reference") or {}).get("resource") == "koder" for fk in schema.get("foreignKeys", [])):
        names["koder"] = "koder"
    for resource, source in names.items():
        shutil.copy(CORPUS / f"{source}.csv", folder / "datasets" / f"{resource}.csv")
        shutil.copy(CORPUS / f"{source}.schema.yaml", folder / "schemas" / f"{resource}.yaml")
        resources.append(
            {"name": resource, "path": f"datasets/{resource}.csv", "schema": f"schemas/{resource}.yaml"}
        )
    descriptor = {"name": f"conformance-{case}", "resources": resources}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder / "datapackage.json"


def compare(stream: Report, reference: Report) -> tuple[list[str], list[str]]:
    """(signatures only the engine reports, signatures only frictionless reports), sorted."""
    a, b = Counter(map(signature, stream.findings)), Counter(map(signature, reference.findings))
    return sorted((a - b).elements()), sorted((b - a).elements())


def documented(case: str) -> dict[str, Any]:
    return next((d for d in DIFFERENCES if d["case"] == case), {"engine_only": [], "frictionless_only": []})


@pytest.mark.parametrize("case", CASES)
def test_case_matches_frictionless(case: str, tmp_path: Path) -> None:
    package = load_package(make_package(case, tmp_path))
    reference = reference_report(package)
    expected = documented(case)
    for options in ({}, TINY):
        stream = validate_stream(package, **options)
        engine_only, frictionless_only = compare(stream, reference)
        assert engine_only == sorted(expected.get("engine_only") or []), (case, options)
        assert frictionless_only == sorted(expected.get("frictionless_only") or []), (case, options)
        if not engine_only and not frictionless_only:
            assert Counter(map(full, stream.findings)) == Counter(map(full, reference.findings)), case
        assert stream.rows == reference.rows
        assert stream.checks == reference.checks


def test_every_documented_difference_has_a_case_and_a_reason() -> None:
    for entry in DIFFERENCES:
        assert entry["case"] in CASES
        assert len(str(entry.get("reason", "")).strip()) > 20, entry["case"]
        assert entry.get("engine_only") or entry.get("frictionless_only"), entry["case"]


def test_the_corpus_covers_the_table_schema() -> None:
    text = "\n".join((CORPUS / f"{c}.schema.yaml").read_text("utf-8") for c in CASES)
    for word in ("integer", "number", "date", "datetime", "time", "year", "yearmonth", "boolean", "object",
                 "array", "geopoint", "duration", "any", "email", "uri", "uuid", "required", "unique",
                 "enum", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                 "minLength", "maxLength", "primaryKey", "foreignKeys", "missingValues", "decimalChar",
                 "groupChar", "bareNumber", "trueValues"):  # fmt: skip
        assert word in text, word


# --- the repository's own package, clean and with many defects ------------------------------------


def copy_package(target: Path) -> Path:
    return helpers.copy_package(target) / "datapackage.json"


def mutate(path: Path, edits: dict[int, dict[str, str]], *, raw_lines: dict[int, str] | None = None) -> None:
    """Change cells of data rows (1-based after the header) by column name; replace whole lines."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for index, cells in edits.items():
        for column, value in cells.items():
            rows[index][header.index(column)] = value
    out = []
    for i, row in enumerate(rows):
        if raw_lines and i in raw_lines:
            out.append(raw_lines[i])
            continue
        buffer = []
        writer = csv.writer(_Collect(buffer), lineterminator="\n")
        writer.writerow(row)
        out.append(buffer[0].rstrip("\n"))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


class _Collect:
    def __init__(self, buffer: list[str]) -> None:
        self.buffer = buffer

    def write(self, text: str) -> None:
        self.buffer.append(text)


def test_repository_package_same_findings() -> None:
    package = load_package(helpers.PACKAGE / "datapackage.json")
    reference = reference_report(package)
    for options in ({}, TINY):
        stream = validate_stream(package, **options)
        assert Counter(map(full, stream.findings)) == Counter(map(full, reference.findings))
        assert stream.rows == reference.rows


def test_mutated_package_same_findings(tmp_path: Path) -> None:
    package_path = copy_package(tmp_path)
    data = tmp_path / "datasets"
    with (data / "beslut.csv").open(encoding="utf-8", newline="") as handle:
        first_ids = [row[0] for _, row in zip(range(6), csv.reader(handle), strict=False)]
    mutate(
        data / "beslut.csv",
        {
            3: {"beviljat_belopp": "12x", "stodform": "XYZ"},
            5: {"beslutsdatum": "2024-02-30", "kommunkod": "9999"},
            7: {"stodmottagare": "", "organisationsnummer": "556036-0794"},
            9: {"arende_id": first_ids[2]},
            11: {"stodtyp": "okand", "rattslig_grund": "1999:1"},
            13: {"stodberattigande_kostnader": "1234,5", "beviljat_belopp": "-5"},
            15: {"sammanfattning": "Kontakt 811218-9876 eller anna@example.org, 070-123 45 67"},
            17: {"startdatum": "2025-01-01", "slutdatum": "2020-01-01", "projektnamn": "=HYPERLINK(1)"},
            19: {"juridisk_form": "enskild_naringsidkare"},
            21: {"beviljat_belopp": "999999999"},
        },
        raw_lines={25: "", 27: ",,,", 29: "1,2,3", 31: 'x,"a\nb",' + ",".join(["x"] * 30)},
    )
    mutate(
        data / "finansiering.csv",
        {
            2: {"belopp": "1"},
            4: {"arende_id": "123"},
            6: {"finansiarstyp": "region_1_1", "belopp": "9999999"},
        },
    )
    mutate(data / "utbetalningar.csv", {2: {"belopp": "99999999"}, 3: {"ar": "1999"}, 4: {"arende_id": "1"}})
    mutate(data / "kommunfordelning.csv", {2: {"andel": "0.9"}, 3: {"andel": "1,5"}})
    mutate(data / "uppfoljning.csv", {2: {"period_start": "2001-01-01"}, 3: {"utfall": "-1"}})
    mutate(data / "hallbarhet.csv", {2: {"vd_kon": "kvinna"}, 3: {"arende_id": "00000000"}})
    mutate(data / "rapporter.csv", {1: {"arende_ids": "11111111;22222222"}, 2: {"url": "inte en url"}})
    mutate(data / "kommuner.csv", {1: {"kommunkod": "2303"}, 2: {"kommunkod": "2303"}})
    package = load_package(package_path)
    reference = reference_report(package)
    assert len(reference.findings) > 40
    for options in ({}, TINY):
        stream = validate_stream(package, **options)
        assert sorted(map(signature, stream.findings)) == sorted(map(signature, reference.findings))
        assert Counter(map(full, stream.findings)) == Counter(map(full, reference.findings))


# --- the engine's shortcut for the free-text privacy rule --------------------------------------------

PERSONAL_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789 -+()@._åäöAbc\u00a0\u2009\t\n")), max_size=40
) | st.from_regex(r"[a-z ]{0,5}(\+46|0046|0)[ \-]?\(?[0-9]{1,3}\)?([ \-]?[0-9]{2,4}){2,4}[a-z ]{0,5}")


@settings(max_examples=1500, deadline=None)
@given(PERSONAL_TEXT | st.from_regex(r"[a-zå ]{0,5}(19|20)?[0-9]{6}[-+ ]?[0-9]{4}[a-z ]{0,5}"))
def test_free_text_prefilter_never_hides_personal_data(text: str) -> None:
    """A cell the engine blanks for privacy-free-text is one in which no detector finds anything."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from oppnadata import identifiers
    from oppnadata.validating.privacy import FREE_TEXT_CANDIDATE

    found = (
        identifiers.find_personal_ids(text) or identifiers.find_emails(text) or identifiers.find_phones(text)
    )
    candidate = pc.match_substring_regex(pa.array([text]), FREE_TEXT_CANDIDATE)[0].as_py()
    assert candidate or not found, text


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=12))
def test_formula_prefilter_is_the_rules_own_test(text: str) -> None:
    """The engine hands formula-like-text exactly the cells the rule itself would flag."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from oppnadata.validating.domain import FORMULA_CANDIDATE, FORMULA_START

    candidate = pc.match_substring_regex(pa.array([text]), FORMULA_CANDIDATE)[0].as_py()
    assert candidate == text.startswith(FORMULA_START), repr(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", None]), max_size=30),
       st.lists(st.sampled_from(["a", "b", "x", "y", "z"]), max_size=30, unique=True))  # fmt: skip
def test_foreign_key_lookup_equals_is_in_whichever_side_is_hashed(
    values: list[str | None], keys: list[str]
) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    from oppnadata.validating.engine.tablecheck import _member

    found = _member(pa.array(values, pa.string()), pa.array(keys, pa.string()), pa, pc)
    assert (
        found.to_pylist()
        == pc.is_in(pa.array(values, pa.string()), value_set=pa.array(keys, pa.string())).to_pylist()
    )
