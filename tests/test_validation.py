"""`oppnadata validate` through the CLI: the named fixtures of tests/fixtures/validate/ (see cases.yaml there),
the repository's own package, partial packages, descriptor problems, and the privacy guarantee (POLICY.md P5).
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from click.testing import CliRunner, Result

from oppnadata.cli import main
from oppnadata.descriptor import load_package
from oppnadata.messages import CATALOGUE
from oppnadata.report import CSV_COLUMNS

from .conformance.reference import reference_report
from .conftest import FIXTURES, PACKAGE
from .helpers import copy_package

CASES_DIR = FIXTURES / "validate"
BASE = CASES_DIR / "base"
CASES: list[dict[str, Any]] = yaml.safe_load((CASES_DIR / "cases.yaml").read_text(encoding="utf-8"))
CASE_IDS = [c["fixture"].removesuffix(".csv") for c in CASES]
CASE_KEYS = {"fixture", "replaces", "defect", "exit", "findings", "personal"}
PRIVACY_CASES = [c for c in CASES if "personal" in c]

# Codes a table cannot trigger, or that other tests here cover:
#   file-missing: test_missing_table_file; schema-error: kept for a frictionless failure no test can provoke;
#   check-skipped: test_partial_package (the dialect cases give check-skipped-unreadable);
#   line-too-long: needs a file over 512 KiB, so tests/test_hostile.py makes it;
NOT_FROM_FIXTURES = {"file-missing", "schema-error", "check-skipped", "line-too-long"}
# a release checking itself (oppnadata validate on a release zip or folder): tests/test_releasecheck.py
NOT_FROM_FIXTURES |= {"release-bytes", "release-file-missing", "release-hash", "release-unreadable"}
# descriptor properties (dialect, format, hash, bytes, fieldsMatch, no schema): tests/test_conformance_packages.py
NOT_FROM_FIXTURES |= {
    "byte-count",
    "hash-count",
    "no-schema",
    "not-a-table",
    "unmatched-header",
    "unsupported-property",
}


# --- helpers -------------------------------------------------------------------------------------------------


def make_package(root: Path, table: str | None = None, fixture: str | None = None) -> Path:
    """A copy of the frozen fixture package whose transactional tables are base/, one of them replaced."""
    copy_package(root, tables=BASE)
    if table and fixture:
        shutil.copy2(CASES_DIR / fixture, root / "datasets" / f"{table}.csv")
    return root / "datapackage.json"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def findings_of(result: Result) -> list[dict[str, Any]]:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return list(json.loads(result.stdout)["findings"])


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)


# --- the fixtures --------------------------------------------------------------------------------------------


def test_base_package_is_clean(tmp_path: Path) -> None:
    result = run("validate", make_package(tmp_path / "pkg"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert findings_of(result) == []


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_fixture_gives_its_documented_findings(tmp_path: Path, case: dict[str, Any]) -> None:
    """The command gives exactly these findings, and so does the reference (frictionless-py for the
    Table Schema, the rules on whole tables: tests/conformance/reference.py)."""
    descriptor = make_package(tmp_path / "pkg", case["replaces"], case["fixture"])
    result = run("validate", descriptor, "--format", "json")
    actual = findings_of(result)
    reference = reference_report(load_package(descriptor)).findings
    assert sorted((f["code"], f["row"], f["field"]) for f in actual) == sorted(
        (f.code, f.row, f.field) for f in reference
    )
    expected = case["findings"]
    summary = [(f["code"], f["severity"], f["resource"], f["row"], f["field"]) for f in actual]
    assert len(actual) == len(expected), summary
    for got, want in zip(actual, expected, strict=True):
        for key, value in want.items():
            if key == "message_startswith":
                assert got["message"].startswith(value), (got["message"], value)
            else:
                assert got[key] == value, (key, got, want)
        assert got["hint"] or got["severity"] == "info", got
    assert result.exit_code == case["exit"], result.output


def test_every_fixture_file_is_documented() -> None:
    on_disk = {p.name for p in CASES_DIR.glob("*.csv")}
    assert on_disk == {c["fixture"] for c in CASES}
    assert len(on_disk) >= 30
    for case in CASES:
        # Every key is one the test reads: no list of findings to ignore can creep back in unnoticed.
        assert set(case) <= CASE_KEYS, (case["fixture"], set(case) - CASE_KEYS)
        assert case["replaces"] in {p.stem for p in BASE.glob("*.csv")}, case
        assert case["defect"] and case["defect"] != "TODO"
        assert case["exit"] == (1 if any(f["severity"] == "error" for f in case["findings"]) else 0), case


def test_every_finding_code_has_a_fixture() -> None:
    covered = {f["code"] for c in CASES for f in c["findings"]}
    validate_codes = {code for code in CATALOGUE if not code.startswith("import-")}  # import's own codes
    missing = validate_codes - covered - NOT_FROM_FIXTURES
    assert not missing, f"finding codes without a fixture: {sorted(missing)}"


def test_fixtures_are_small() -> None:
    for path in [*CASES_DIR.glob("*.csv"), *BASE.glob("*.csv")]:
        assert path.stat().st_size < 10_000, path


# --- the repository's own package --------------------------------------------------------------------------


def test_fixture_package_validates() -> None:
    result = run("validate", PACKAGE / "datapackage.json", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert report["counts"]["error"] == 0
    assert [f for f in report["findings"] if f["severity"] == "error"] == []
    assert set(report["rows"]) == {
        r["name"] for r in json.loads((PACKAGE / "datapackage.json").read_text())["resources"]
    }


def test_fixture_package_passes_frictionless(monkeypatch: pytest.MonkeyPatch) -> None:
    import frictionless

    monkeypatch.chdir(PACKAGE)
    report = frictionless.Package("datapackage.json").validate()
    assert report.valid, report.flatten(["type", "note"])[:20]


def test_default_path_is_datapackage_json_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_package(tmp_path / "pkg")
    monkeypatch.chdir(tmp_path / "pkg")
    result = run("validate", "--format", "json")
    assert result.exit_code == 0, result.output
    assert findings_of(result) == []


def test_package_folder_is_accepted_as_path(tmp_path: Path) -> None:
    descriptor = make_package(tmp_path / "pkg")
    result = run("validate", descriptor.parent, "--format", "json")
    assert result.exit_code == 0, result.output


# --- partial packages ------------------------------------------------------------------------------------------


def _keep_resources(descriptor: Path, names: set[str]) -> None:
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"] = [r for r in data["resources"] if r["name"] in names]
    descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_partial_package_reports_skipped_checks_as_info(tmp_path: Path) -> None:
    descriptor = make_package(tmp_path / "pkg")
    _keep_resources(descriptor, {"beslut", "kommuner"})
    result = run("validate", descriptor, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    findings = findings_of(result)
    assert findings, "the skipped checks must be reported"
    assert {f["code"] for f in findings} == {"check-skipped"}
    assert {f["severity"] for f in findings} == {"info"}
    assert {f["resource"] for f in findings} == {"beslut"}
    # Foreign keys to the absent code lists, and every rule that also needs another table.
    foreign = sorted(f["field"] for f in findings if f["check"] == "foreign-key")
    assert foreign == ["mottagarkategori", "rattslig_grund", "resultatkedja", "stodtyp", "strategiomrade"]
    rules = {f["check"] for f in findings if f["check"] != "foreign-key"}
    assert rules == {
        "financing",
        "ceilings",
        "code-list-consistency",
        "payments",
        "followup",
        "hallbarhet",
        "reports",
    }
    for f in findings:
        assert f["message"].startswith("The check "), f
    # The kommunkod foreign key, whose target is present, really ran.
    beslut = tmp_path / "pkg" / "datasets" / "beslut.csv"
    beslut.write_text(beslut.read_text(encoding="utf-8").replace(",2305,", ",2399,"), encoding="utf-8")
    result = run("validate", descriptor, "--format", "json")
    assert result.exit_code == 1
    assert [(f["code"], f["field"], f["value"]) for f in findings_of(result) if f["severity"] == "error"] == [
        ("foreign-key", "kommunkod", "2399")
    ]


@pytest.mark.parametrize(
    "names",
    [{"kommuner"}, {"beslut"}, {"finansiering", "beslut"}, {"uppfoljning"}, {"rapporter"}],
    ids=lambda n: "+".join(sorted(n)),
)
def test_any_subset_of_tables_validates_without_crash(tmp_path: Path, names: set[str]) -> None:
    descriptor = make_package(tmp_path / "pkg")
    _keep_resources(descriptor, names)
    result = run("validate", descriptor, "--format", "json")
    assert result.exit_code == 0, result.output
    assert {f["severity"] for f in findings_of(result)} <= {"info"}


def test_missing_table_file(tmp_path: Path) -> None:
    descriptor = make_package(tmp_path / "pkg")
    (tmp_path / "pkg" / "datasets" / "rapporter.csv").unlink()
    result = run("validate", descriptor, "--format", "json")
    assert result.exit_code == 1
    codes = [(f["code"], f["severity"], f["resource"]) for f in findings_of(result)]
    assert codes == [
        ("file-missing", "error", "rapporter"),
        ("check-skipped-unreadable", "info", "rapporter"),
    ]
    assert (
        findings_of(result)[0]["message"] == "Filen datasets/rapporter.csv för tabellen rapporter finns inte."
    )


def test_invalid_schema_cannot_run(tmp_path: Path) -> None:
    """A schema that is not a valid Table Schema: the tables cannot be checked, exit 2, the table named."""
    descriptor = make_package(tmp_path / "pkg")
    schema = tmp_path / "pkg" / "schemas" / "kommunfordelning.yaml"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace("type: number", "type: decimal"), encoding="utf-8"
    )
    result = run("validate", descriptor, "--format", "json", "--lang", "en")
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert "The schema of resource 'kommunfordelning' is not a valid Table Schema" in result.stderr
    assert 'field type "decimal" is not supported' in result.stderr


# --- descriptor problems: exit 2, a clear message, no traceback ------------------------------------------------


def _set_resource(descriptor: Path, name: str, **changes: Any) -> None:
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    for resource in data["resources"]:
        if resource["name"] == name:
            resource.update(changes)
    descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def assert_cannot_run(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert_no_traceback(result)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def test_missing_descriptor(tmp_path: Path) -> None:
    result = run("validate", tmp_path / "nowhere" / "datapackage.json", "--lang", "en")
    assert_cannot_run(result, "datapackage.json does not exist", "Hint: Check the path.")


def test_folder_without_descriptor(tmp_path: Path) -> None:
    result = run("validate", tmp_path, "--lang", "en")
    assert_cannot_run(result, "does not exist")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{not json", "cannot be parsed"),
        ('{"name": "x"}', "no 'resources' list"),
        ("[]", "no 'resources' list"),
        ('{"resources": [{"path": "datasets/beslut.csv"}]}', "resource #1 has no name"),
    ],
    ids=["not-json", "no-resources", "a-list", "unnamed-resource"],
)
def test_unreadable_descriptor(tmp_path: Path, text: str, fragment: str) -> None:
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text(text, encoding="utf-8")
    assert_cannot_run(run("validate", descriptor, "--lang", "en"), fragment)


def test_descriptor_not_utf8(tmp_path: Path) -> None:
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_bytes('{"name": "å", "resources": []}'.encode("cp1252"))
    assert_cannot_run(run("validate", descriptor, "--lang", "en"), "is not UTF-8 text")


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"path": "../../etc/passwd"}, "points outside the package folder"),
        ({"path": "/etc/passwd"}, "is an absolute path"),
        ({"path": "C:/Windows/win.ini"}, "is an absolute path"),
        ({"schema": "../../schemas/beslut.yaml"}, "points outside the package folder"),
        ({"schema": "/etc/passwd"}, "is an absolute path"),
        ({"path": ""}, "must be a relative path"),
        ({"path": ["datasets/beslut.csv", "../x.csv"]}, "points outside the package folder"),
    ],
    ids=["path-dotdot", "path-absolute", "path-windows-drive", "schema-dotdot", "schema-absolute", "path-empty",
         "path-list-outside"],
)  # fmt: skip
def test_resource_paths_outside_the_package_are_refused(
    tmp_path: Path, changes: dict[str, Any], fragment: str
) -> None:
    descriptor = make_package(tmp_path / "pkg")
    _set_resource(descriptor, "beslut", **changes)
    assert_cannot_run(run("validate", descriptor, "--lang", "en"), "resource 'beslut'", fragment)


def test_a_multipart_path_is_refused_by_name(tmp_path: Path) -> None:
    """A resource made of several files is not read as one of them: the finding names the property."""
    descriptor = make_package(tmp_path / "pkg")
    _set_resource(descriptor, "beslut", path=["datasets/beslut.csv", "datasets/beslut.csv"])
    result = run("validate", descriptor, "--format", "json")
    assert result.exit_code == 1, result.output
    refused = [f for f in findings_of(result) if f["code"] == "unsupported-property"]
    assert [f["resource"] for f in refused] == ["beslut"]
    assert "egenskapen path = " in refused[0]["message"], refused[0]


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = (PACKAGE / "schemas" / "beslut.yaml").read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that records every request it receives."""
    requests: ClassVar[list[str]] = []
    handler = type("Handler", (_CountingHandler,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_local_server_fixture_records_requests(local_server: tuple[str, list[str]]) -> None:
    """The network check below can fail: the server does see a request when one is made."""
    import urllib.request

    url, requests = local_server
    with urllib.request.urlopen(f"{url}/probe") as response:
        assert response.status == 200
    assert requests == ["/probe"]


@pytest.mark.parametrize("key", ["schema", "path"])
def test_remote_schema_or_table_is_refused_without_a_request(
    tmp_path: Path, local_server: tuple[str, list[str]], key: str
) -> None:
    url, requests = local_server
    descriptor = make_package(tmp_path / "pkg")
    _set_resource(descriptor, "beslut", **{key: f"{url}/beslut.{'yaml' if key == 'schema' else 'csv'}"})
    result = run("validate", descriptor, "--lang", "en")
    assert_cannot_run(result, "is remote", "are not fetched", "Hint: Copy the file into the package folder")
    assert requests == []


BILLION_LAUGHS = """\
fields: &a [{name: lol, type: string}]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
j: &j [*i, *i, *i, *i, *i, *i, *i, *i, *i, *i]
"""


@pytest.mark.timeout(20)
def test_yaml_schema_with_billion_laughs_is_refused(tmp_path: Path) -> None:
    descriptor = make_package(tmp_path / "pkg")
    (tmp_path / "pkg" / "schemas" / "beslut.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    result = run("validate", descriptor, "--lang", "en")
    assert_cannot_run(
        result, "The schema of resource 'beslut'", "cannot be parsed", "aliases are not allowed"
    )


@pytest.mark.parametrize("what", ["table", "schema", "folder"])
def test_symlink_pointing_outside_is_refused(tmp_path: Path, what: str) -> None:
    descriptor = make_package(tmp_path / "pkg")
    outside = tmp_path / "outside"
    outside.mkdir()
    pkg = tmp_path / "pkg"
    if what == "table":
        shutil.copy2(pkg / "datasets" / "beslut.csv", outside / "beslut.csv")
        (pkg / "datasets" / "beslut.csv").unlink()
        (pkg / "datasets" / "beslut.csv").symlink_to(outside / "beslut.csv")
    elif what == "schema":
        shutil.copy2(pkg / "schemas" / "beslut.yaml", outside / "beslut.yaml")
        (pkg / "schemas" / "beslut.yaml").unlink()
        (pkg / "schemas" / "beslut.yaml").symlink_to(outside / "beslut.yaml")
    else:
        shutil.move(pkg / "datasets", outside / "datasets")
        (pkg / "datasets").symlink_to(outside / "datasets", target_is_directory=True)
    assert_cannot_run(run("validate", descriptor, "--lang", "en"), "points outside the package folder")


def test_symlink_inside_the_package_is_allowed(tmp_path: Path) -> None:
    descriptor = make_package(tmp_path / "pkg")
    pkg = tmp_path / "pkg"
    (pkg / "datasets" / "beslut.csv").rename(pkg / "datasets" / "beslut-real.csv")
    (pkg / "datasets" / "beslut.csv").symlink_to("beslut-real.csv")
    result = run("validate", descriptor, "--format", "json")
    assert result.exit_code == 0, result.output


def test_oversized_descriptor_is_refused(tmp_path: Path) -> None:
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text('{"resources": [], "pad": "' + "x" * (5 * 1024 * 1024) + '"}', encoding="utf-8")
    assert_cannot_run(run("validate", descriptor, "--lang", "en"), "more than the")


# --- privacy: no output repeats the personal data it found (POLICY.md P5) -----------------------------------


def _forms(raw: str) -> set[str]:
    """The raw value and, for an identity number, its last four digits next to its date part in any form."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) not in (10, 12) or "@" in raw:
        return {raw}
    date6, tail = digits[-10:-4], digits[-4:]
    forms = {raw}
    for date in (date6, "19" + date6, "20" + date6):
        for sep in ("", "-", "+", " "):
            forms.add(f"{date}{sep}{tail}")
    return forms


@pytest.mark.parametrize(
    "case", PRIVACY_CASES, ids=[c["fixture"].removesuffix(".csv") for c in PRIVACY_CASES]
)
def test_no_output_repeats_personal_data(tmp_path: Path, case: dict[str, Any]) -> None:
    descriptor = make_package(tmp_path / "pkg", case["replaces"], case["fixture"])
    raw = [form for value in case["personal"]["raw"] for form in _forms(value)]
    fixture_text = (CASES_DIR / case["fixture"]).read_text(encoding="utf-8")
    for value in case["personal"]["raw"]:
        assert value in fixture_text, f"the fixture must hold {value!r}, or this test proves nothing"
    for lang in ("sv", "en"):
        outputs: dict[str, str] = {}
        text = run("validate", descriptor, "--lang", lang)
        outputs["text"] = text.output
        as_json = run("validate", descriptor, "--lang", lang, "--format", "json")
        outputs["json"] = as_json.output
        report_file = tmp_path / f"report-{lang}.csv"
        as_csv = run("validate", descriptor, "--lang", lang, "--format", "csv", "--output", report_file)
        outputs["csv stderr"] = as_csv.output
        outputs["csv file"] = report_file.read_text(encoding="utf-8")
        for result in (text, as_json, as_csv):
            assert result.exit_code == case["exit"], result.output
        for where, output in outputs.items():
            for form in raw:
                assert form not in output, f"{form!r} appears in the {lang} {where} output"
        for where in ("text", "json", "csv file"):
            for masked in case["personal"]["masked"]:
                assert masked in outputs[where], f"{masked!r} missing from the {lang} {where} output"
        rows = list(csv.DictReader(io.StringIO(outputs["csv file"])))
        assert rows and list(rows[0]) == CSV_COLUMNS
        assert {r["rule"] for r in rows if r["severity"] == "error"} <= {"P1", "P2", "P3", "P4", ""}
