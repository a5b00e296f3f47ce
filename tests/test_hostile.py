"""Hostile input (issue 8): every case runs the real command line in a subprocess, in a copy of the repository.

The table ``CASES`` below *is* the documentation of the corpus: one row per case, named after what the input
does, with the command, the project's exit codes (0 done, 1 refused, 2 could not run) and
the finding code (in the JSON report) or the words the answer must hold. Every case also asserts:

- no traceback, and never the last-resort ``Error: unexpected …`` (that message means the tool crashed);
- no library warning leaking onto the terminal (``RuntimeWarning: …``);
- on failure (exit 1 or 2) **nothing written**: every file under the case's temporary folder — the repository
  copy with ``datasets/``, ``dist/``, ``releases/``, ``site/``, and the folder around it — has the same bytes
  before and after (an empty folder left behind is tolerated, see ``snapshot``).

The small inputs live in ``tests/hostile/`` (named after the defect; derived from the clean package
``tests/fixtures/validate/base/`` and the Projektbanken export ``tests/fixtures/import/``); large ones (a 100 MB
cell, a million rows) are generated in ``tmp_path`` and run against ``validate`` and ``import`` only, each with
a time cap. ``covered_by`` names the in-process tests that already check the exact findings of a similar
input; this file adds the real process, the exit code, the absence of a traceback and of half-written files.

A case whose expected outcome the tool does not meet today is a bug, not a skip: its row says so in ``does``
("fixed bug: …") and the test fails until the fix lands.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, REPO
from .helpers import copy_package

HOSTILE = Path(__file__).resolve().parent / "hostile"
BASE = FIXTURES / "validate" / "base"
MAPPING = REPO / "mappings" / "projektbanken.yaml"
NAME = "hit-gar-pengarna"

# Fictitious identity numbers (dates in 1912, valid check digits): the tool must recognise them.
PNR = "120315-1236"
SAMORDNING = "120375-1233"  # day 15 + 60

# --- the corpus ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str  # what the input does
    does: str  # one line: the input, and the answer expected
    command: str  # oppnadata arguments; {hostile}, {mapping}, {outside}, {url} are filled in
    exit: int  # 0 done (warnings allowed), 1 refused, 2 could not run
    finding: str | None = None  # the code of a blocking finding in the JSON report (validate, import)
    says: str | None = None  # words the output must hold (case-insensitive)
    replace: dict[str, str] = field(default_factory=dict)  # datasets/<table>.csv ← tests/hostile/<file>
    prepare: str | None = None  # a function of PREPARE: builds the input in the repository copy
    check: str | None = None  # a function of CHECKS: an extra assertion on the result
    covered_by: str = ""  # where the exact findings of a similar input are checked in-process
    timeout: int = 120  # seconds; the subprocess is killed after it
    large: bool = False  # generated at test time, validate and import only


V = "validate --format json"
IMP = "import {hostile}/%s --mapping {mapping} --format json"
CY = "tests/fixtures/validate/cases.yaml"  # the named validate fixtures (test_validation.py)

CASES: list[Case] = [
    # --- encodings, BOMs, delimiters, quotes, NUL bytes, empty files: validate never guesses ---------------
    Case("beslut-cp1252", "beslut.csv saved as Windows-1252 → encoding-error", V, 1, "encoding-error",
         replace={"beslut": "beslut-cp1252.csv"}, covered_by=f"{CY} cp1252-only.csv"),
    Case("beslut-utf16-be-without-bom", "UTF-16 big endian, no BOM (every other byte NUL) → blocked",
         V, 1, "nul-byte", replace={"beslut": "beslut-utf16-be-without-bom.csv"},
         covered_by=f"{CY} utf16-le-bom.csv"),
    Case("beslut-utf8-then-cp1252-after-2mb", "valid UTF-8 for 2 MB, then one cp1252 'ö' (mixed encoding) → "
         "encoding-error, found beyond the first sample", V, 1, "encoding-error", prepare="mixed_encoding_late"),
    Case("beslut-utf8-bom", "UTF-8 with a BOM → bom", V, 1, "bom", replace={"beslut": "beslut-utf8-bom.csv"},
         covered_by=f"{CY} bom-only.csv"),
    Case("beslut-semicolon-delimited", "semicolons instead of commas → delimiter", V, 1, "delimiter",
         replace={"beslut": "beslut-semicolon-delimited.csv"}, covered_by=f"{CY} semicolon-only.csv"),
    Case("beslut-quote-never-closes", "a quote opens in a project name and never closes (swallows the rest of "
         "the file) → blocking findings", V, 1, "foreign-key", replace={"beslut": "beslut-quote-never-closes.csv"}),
    Case("beslut-nul-byte-after-64kb", "a NUL byte beyond the first 64 KB sample → nul-byte", V, 1, "nul-byte",
         prepare="nul_byte_late", covered_by=f"{CY} nul-byte.csv (at byte 66)"),
    Case("beslut-empty", "zero bytes → empty-file", V, 1, "empty-file", replace={"beslut": "beslut-empty.csv"},
         covered_by=f"{CY} empty-file.csv"),
    Case("beslut-whitespace-only", "only blanks and line breaks → empty-file", V, 1, "empty-file",
         replace={"beslut": "beslut-whitespace-only.csv"}),
    Case("all-tables-header-only", "fixed bug: every transactional table holds only its header → a "
         "valid, empty package (before the fix in 9ae45ee: 'unexpected TypeError' in domain.financing, stream engine only)", V, 0, prepare="all_header_only"),
    Case("beslut-header-only", "fixed bug: beslut holds only its header, the other tables point at "
         "its cases → foreign-key (before the fix in 9ae45ee: 'unexpected TypeError' in domain.financing, stream engine only)", V, 1, "foreign-key", replace={"beslut": "beslut-header-only.csv"}),
    # --- columns ---------------------------------------------------------------------------------------------
    Case("beslut-without-arende-id-column", "fixed bug: the key column arende_id is missing → missing-label "
         "(before the fix in 9ae45ee: 'unexpected KeyError' from domain._by_case, exit 2)", V, 1, "missing-label",
         replace={"beslut": "beslut-without-arende-id-column.csv"}, covered_by=f"{CY} missing-column-andel.csv"),
    Case("beslut-arende-id-column-twice", "the header says arende_id twice → duplicate-label", V, 1,
         "duplicate-label", replace={"beslut": "beslut-arende-id-column-twice.csv"},
         covered_by=f"{CY} duplicated-column.csv"),
    Case("beslut-first-two-columns-swapped", "arende_id and diarienummer swapped → incorrect-label", V, 1,
         "incorrect-label", replace={"beslut": "beslut-first-two-columns-swapped.csv"},
         covered_by=f"{CY} renamed-column.csv"),
    Case("beslut-extra-column-personnummer", "an extra column 'personnummer' full of identity numbers → "
         "personal-column (P4) and personnummer (P1)", V, 1, "personal-column",
         replace={"beslut": "beslut-extra-column-personnummer.csv"}, check="no_raw_personal_data",
         covered_by=f"{CY} contact-person-column.csv"),
    # --- keys and references ----------------------------------------------------------------------------------
    Case("utbetalningar-duplicate-key", "a payment row repeats (arende_id, ar, typ) → primary-key", V, 1,
         "primary-key", replace={"utbetalningar": "utbetalningar-duplicate-key.csv"},
         covered_by=f"{CY} duplicate-arende-id.csv"),
    Case("utbetalningar-dangling-arende-id", "a payment for case 399999, which beslut lacks → foreign-key",
         V, 1, "foreign-key", replace={"utbetalningar": "utbetalningar-dangling-arende-id.csv"},
         covered_by=f"{CY} dangling-arende-id-in-finansiering.csv"),
    # --- values -------------------------------------------------------------------------------------------
    Case("beslutsdatum-2024-02-30", "a decision dated 2024-02-30 (the date every domain rule reads) → "
         "type-error", V, 1, "type-error", replace={"beslut": "beslut-beslutsdatum-2024-02-30.csv"},
         covered_by=f"{CY} date-2024-02-30.csv (slutdatum)"),
    Case("beviljat-belopp-negative", "a granted amount of −412 000 → constraint-error", V, 1,
         "constraint-error", replace={"beslut": "beslut-negative-amount.csv"}),
    Case("beviljat-belopp-10e30", "fixed bug: a granted amount of 10^30 in an integer field → a blocking finding "
         "(before the fix in 9ae45ee: 'unexpected TypeError' from checks.to_int, exit 2)", V, 1, "constraint-error",
         replace={"beslut": "beslut-amount-10e30.csv"}),
    Case("utbetalning-belopp-10e30", "fixed bug: a payment of 10^30 kr → a blocking finding (before the fix in 9ae45ee: 'unexpected "
         "TypeError' from checks.to_int, exit 2)", V, 1, "constraint-error",
         replace={"utbetalningar": "utbetalningar-amount-10e30.csv"}),
    Case("finansiering-decimal-comma", "an amount written 412000,00 in the canonical flavour → decimal-comma",
         V, 1, "decimal-comma", replace={"finansiering": "finansiering-decimal-comma.csv"},
         covered_by=f"{CY} decimal-comma-amount.csv"),
    Case("kommunfordelning-andel-nan", "a share written NaN → constraint-error", V, 1, "constraint-error",
         replace={"kommunfordelning": "kommunfordelning-andel-nan.csv"}),
    Case("kommunfordelning-andel-infinity", "a share written Infinity → blocking findings", V, 1,
         "municipality-shares", replace={"kommunfordelning": "kommunfordelning-andel-infinity.csv"}),
    # --- personal data (POLICY.md P1, P2) ---------------------------------------------------------------------
    Case("personnummer-in-every-text-column", f"{PNR} in every text cell of the first row of all 14 tables "
         "(the whole value in organisation-number columns) → personnummer on every text column, masked",
         V, 1, "personnummer", prepare="personnummer_everywhere", check="every_text_column_flagged",
         covered_by=f"{CY} personnummer-in-summary.csv and others (one column each)"),
    Case("samordningsnummer-in-every-text-column", f"{SAMORDNING} likewise → samordningsnummer on every text "
         "column, masked", V, 1, "samordningsnummer", prepare="samordningsnummer_everywhere",
         check="every_text_column_flagged", covered_by=f"{CY} samordningsnummer-in-orgnr.csv"),
    Case("personnummer-with-plus-in-summary", "a centenarian's number 120315+1236 in a summary → personnummer",
         V, 1, "personnummer", replace={"beslut": "beslut-personnummer-centenarian-plus.csv"},
         check="no_raw_personal_data"),
    Case("email-and-phone-in-summary", "an e-mail address and 063-14 62 00 in a summary → email and phone",
         V, 1, "email", says='"code": "phone"', replace={"beslut": "beslut-email-and-phone-in-summary.csv"},
         covered_by=f"{CY} email-in-summary.csv, phone-in-projektnamn.csv"),
    Case("phone-international-in-summary", "+46 70 123 45 67 in a summary → phone", V, 1, "phone",
         replace={"beslut": "beslut-phone-international-in-summary.csv"}),
    Case("phone-ten-digits-in-summary", "fixed bug: 0701234567 in a summary → phone (before the fix in 9ae45ee: not found — it "
         "is read as a date-like identity number, then rejected as one, so it passes; exit 0)", V, 1, "phone",
         replace={"beslut": "beslut-phone-ten-digits-in-summary.csv"}),
    Case("phone-with-trunk-zero-in-summary", "fixed bug: '+46 (0)70-123 45 67' in a summary → phone (before the fix in 9ae45ee: "
         "the '(0)' breaks the pattern; exit 0)", V, 1, "phone",
         replace={"beslut": "beslut-phone-with-trunk-zero-in-summary.csv"}),
    # --- formulas, markup, javascript: URLs ---------------------------------------------------------------
    Case("formula-injection-in-text", "cells starting with = + - @ and tab in three text columns → warnings, "
         "built; the Excel flavour prefixes each with ' and the canonical keeps it", "build", 0,
         replace={"beslut": "beslut-formula-injection.csv"}, check="formulas_neutralised",
         covered_by=f"{CY} formula-like-projektnamn.csv; test_packaging (unit)"),
    Case("markup-in-text", "<script>, <img onerror> and a javascript: link in text columns → published, "
         "escaped on every page", "publish", 0, replace={"beslut": "beslut-markup-in-text.csv"},
         check="markup_escaped", covered_by="test_portal.py::test_markup_in_a_project_name_stays_inert"),
    Case("javascript-url-in-rapporter-url", "fixed bug: rapporter.url = javascript:alert(…) → a blocking finding "
         "on url (before the fix in 9ae45ee: format 'uri' accepts any scheme, exit 0; the portal never links it, see "
         "test_javascript_url_never_becomes_a_link)", V, 1, "url-scheme",
         replace={"rapporter": "rapporter-javascript-url.csv"}, check="url_field_flagged"),
    Case("javascript-url-in-publication-links", "a javascript: link in publication.yaml → refused before "
         "anything is built", "publish", 2, says="must be an absolute http(s) URL", prepare="javascript_link"),
    # --- paths that leave the repository --------------------------------------------------------------------
    Case("resource-path-etc-passwd", "a resource path ../../etc/passwd → refused", "build", 2,
         says="outside the package", prepare="path_dotdot",
         covered_by="test_validation.py::test_resource_paths_outside_the_package_are_refused"),
    Case("resource-path-absolute", "a resource path /etc/passwd → refused", V, 2, says="absolute path",
         prepare="path_absolute", covered_by="test_descriptor.py::test_absolute_paths_are_refused"),
    Case("resource-symlink-to-etc-passwd", "datasets/beslut.csv is a symlink to /etc/passwd → refused",
         "publish", 2, says="outside the package", prepare="symlink_out",
         covered_by="test_validation.py::test_symlink_pointing_outside_is_refused"),
    Case("schema-path-outside", "a schema ../outside/schema.yaml beside the repository → refused", V, 2,
         says="outside the package", prepare="schema_outside"),
    Case("schema-billion-laughs", "a YAML schema of nested aliases (10^9 'lol') → refused at once", "build", 2,
         says="aliases are not allowed", prepare="billion_laughs", timeout=30,
         covered_by="test_validation.py::test_yaml_schema_with_billion_laughs_is_refused"),
    Case("schema-python-tag", "a YAML schema with !!python/object/apply:os.system → refused, nothing run", V, 2,
         says="cannot be parsed", prepare="python_tag", check="nothing_executed",
         covered_by="test_descriptor.py::test_yaml_python_tags_are_refused"),
    Case("schema-on-remote-url", "a schema on http://127.0.0.1 (a recording server) → refused, says remote "
         "schemas are not fetched, no request", V, 2, says="not fetched", prepare="remote_schema",
         check="no_request", covered_by="test_validation.py::test_remote_schema_or_table_is_refused_without_a_request"),
    Case("table-on-remote-url", "a table path on http://127.0.0.1 → refused by build, no request", "build", 2,
         says="not fetched", prepare="remote_table", check="no_request"),
    Case("datapackage-deeply-nested", "fixed bug: datapackage.json of 100 000 nested arrays → a clear 'cannot be "
         "parsed' (before the fix in 9ae45ee: 'unexpected RecursionError', exit 2)", V, 2, says="datapackage.json",
         prepare="deep_json"),
    Case("schema-deeply-nested-yaml", "fixed bug: a YAML schema of 100 000 nested lists → a clear message (before the fix in 9ae45ee: "
         "'unexpected RecursionError', exit 2)", V, 2, says="schema", prepare="deep_yaml"),
    Case("datapackage-version-5000-digits", "fixed bug: a version that is a 5000-digit JSON number → a clear message "
         "(before the fix in 9ae45ee: 'unexpected ValueError: Exceeds the limit (4300 digits)', exit 2)", "build", 2,
         says="datapackage.json", prepare="huge_number"),
    # --- release zips: diff, and publish through releases/ ----------------------------------------------------
    Case("diff-zip-slip", "diff of a zip whose entry is <release>/../../evil.txt → refused, nothing extracted",
         "diff {outside}/old.zip datapackage.json", 2, says="climbs out", prepare="zip_slip_dotdot",
         covered_by="test_diffing.py::test_unsafe_zip_entries_are_refused"),
    Case("diff-zip-absolute-entry", "diff of a zip with an absolute entry → refused",
         "diff {outside}/old.zip datapackage.json", 2, says="absolute path", prepare="zip_slip_absolute"),
    Case("diff-zip-symlink-entry", "diff of a zip holding a symbolic link → refused",
         "diff {outside}/old.zip datapackage.json", 2, says="symbolic link", prepare="zip_slip_symlink"),
    Case("diff-not-a-zip", "diff of garbage named .zip → refused", "diff {outside}/old.zip datapackage.json", 2,
         says="not a readable zip", prepare="not_a_zip"),
    Case("publish-older-release-zip-slip", "releases/ holds an earlier version (hash recorded) with a "
         "zip-slip entry → publish refuses, no dist/ or site/", "publish", 2, says="climbs out",
         prepare="release_zip_slip_older"),
    Case("publish-same-release-zip-slip", "releases/ holds this very version with a zip-slip entry → publish "
         "refuses to restore it", "publish", 2, says="climbs out", prepare="release_zip_slip_current"),
    Case("publish-release-symlink-entry", "releases/ holds an earlier version with a symlink entry → refused",
         "publish", 2, says="symbolic link", prepare="release_symlink_older"),
    Case("publish-release-tampered", "fixed bug: an earlier recorded release whose bytes no longer match its .sha256 "
         "→ refused, nothing written (before the fix in 9ae45ee: publish refuses, exit 1, but only after build wrote dist/ with a "
         "changelog and diff.json computed from the tampered zip)", "publish", 1,
         says="does not match its recorded sha256", prepare="release_tampered",
         covered_by="test_packaging.py (a tampered release of the *same* version is refused)"),
    Case("build-release-tampered", "fixed bug: build over a tampered earlier release → refused (before the fix in 9ae45ee: exit 0, the "
         "previous release's hash is never checked, its contents flow into CHANGELOG.md and diff.json)",
         "build", 1, says="does not match its recorded sha256", prepare="release_tampered"),
    # --- import: the command that does read other encodings --------------------------------------------------
    Case("import-utf16-le-bom-tab", "Excel's 'Unicode text': UTF-16 LE, BOM, tabs → detected and imported",
         IMP % "import-utf16-le-bom-tab.csv", 0, check="imported_canonical"),
    Case("import-utf16-be-without-bom", "UTF-16 BE without BOM → detected and imported",
         IMP % "import-utf16-be-without-bom.csv", 0, check="imported_canonical"),
    Case("import-mixed-utf8-and-cp1252", "UTF-8 rows, then one row in cp1252 → cannot run, names the line",
         IMP % "import-mixed-utf8-and-cp1252.csv", 2, says="mixes encodings: it is UTF-8 up to line"),
    Case("import-quote-never-closes", "an unclosed quote swallows the rest of the export → refused",
         IMP % "import-quote-never-closes.csv", 1, "import-missing-required"),
    Case("import-nul-byte", "a NUL byte in a UTF-8 export → cannot run, names --encoding utf-16",
         IMP % "import-nul-byte.csv", 2, says="NUL"),
    Case("import-empty", "an empty export → refused", IMP % "import-empty.csv", 1, "import-missing-column"),
    Case("import-header-only", "an export with only its header → nothing to import (safe result)",
         IMP % "import-header-only.csv", 0, check="datasets_unchanged_but_log"),
    Case("import-duplicate-arende-id", "a case twice in a one-per-case export → import-duplicate-key",
         IMP % "import-duplicate-arende-id.csv", 1, "import-duplicate-key"),
    Case("import-date-2024-02-30", "a start date 2024-02-30 → refused", IMP % "import-date-2024-02-30.csv",
         1, "import-bad-date"),
    Case("import-amount-10e30", "fixed bug: a granted amount of 10^30 → import-bad-number (before the fix in 9ae45ee: 'unexpected "
         "InvalidOperation' from values.parse_integer, exit 2)", IMP % "import-amount-10e30.csv", 1, "import-bad-number"),
    Case("import-negative-amount", "a granted amount of −450 000 → refused", IMP % "import-negative-amount.csv",
         1, "import-financing-grant"),
    Case("import-without-arende-id-column", "the key column is missing (its header says 'Löpnummer', no "
         "alias of arende_id) → refused",
         IMP % "import-without-arende-id-column.csv", 1, "import-missing-column"),
    Case("import-amount-column-twice", "two columns named 'Beviljat belopp SEK' → refused",
         IMP % "import-amount-column-twice.csv", 1, "import-duplicate-column"),
    Case("import-broken-xlsx", "fixed bug: a .xlsx that is not a workbook → a clear 'cannot be opened' (before the fix in 9ae45ee: "
         "'unexpected BadZipFile', reading._read_xlsx does not catch zipfile.BadZipFile)",
         IMP % "import-broken-zip.xlsx", 2, says="cannot be opened"),
    Case("import-personnummer-in-every-text-column", "identity numbers in every free-text cell of a cp1252 "
         "export → removed on the way in, imported, raw value in no file",
         IMP % "import-personnummer-in-every-text-column.csv", 0, check="no_raw_personal_data_written"),
    Case("import-formula-injection", "=HYPERLINK and @SUM in text cells → imported as text (the Excel flavour "
         "neutralises them at build)", IMP % "import-formula-injection.csv", 0, check="imported_canonical"),
    Case("import-mapping-billion-laughs", "a mapping file of nested YAML aliases → refused",
         "import {hostile}/import-header-only.csv --mapping {outside}/mapping.yaml", 2, says="alias",
         prepare="mapping_billion_laughs", timeout=30),
    # --- large inputs, generated at test time (validate and import only) ---------------------------------------
    Case("validate-100mb-cell", "fixed bug: a 100 MB summary cell → refused with a finding (before the fix in 9ae45ee: 'unexpected "
         "ArrowInvalid: straddling object straddles two block boundaries' for any cell over 1 MB, exit 2)", V, 1, "line-too-long",
         prepare="big_cell_table", large=True, timeout=300),
    Case("validate-million-duplicate-keys", "1 000 000 payment rows, all but three a duplicate key → refused, "
         "the text report stays short", "validate", 1, says="999997", prepare="million_rows_table", large=True,
         timeout=300),
    Case("import-100mb-cell", "fixed bug: a 100 MB description cell in an export → refused with a finding within "
         "the cap (before the fix in 9ae45ee: no answer — the e-mail pattern in identifiers.find_emails, run by the import's redaction, "
         "is quadratic on a long run of letters: 40 KB take 2.5 s; or, depending on which modules were imported, "
         "'unexpected Error: field larger than field limit (131072)', exit 2)",
         "import {outside}/big.csv --mapping {mapping}", 1, prepare="big_cell_export", large=True, timeout=120),
    Case("import-million-rows-one-case", "1 000 000 export rows of one case id → refused with "
         "import-duplicate-key, nothing written", "import {outside}/million.csv --mapping {mapping}", 1,
         says="import-duplicate-key", prepare="million_rows_export", large=True, timeout=600),
]  # fmt: skip


# --- running a case ----------------------------------------------------------------------------------------------


def oppnadata_command() -> list[str]:
    """The installed console script beside this interpreter (the package has no ``__main__``)."""
    script = Path(sys.executable).parent / "oppnadata"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from oppnadata.cli import main; main()"]


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def report(self) -> dict[str, Any]:
        data = json.loads(self.stdout)
        return data.get("report", data)

    def findings(self) -> list[dict[str, Any]]:
        return list(self.report()["findings"])


def run_cli(cwd: Path, args: list[str], timeout: int = 120) -> Ran:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(
        [*oppnadata_command(), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def snapshot(root: Path) -> dict[str, str]:
    """Every file and symlink under ``root`` with a hash of its bytes. Empty folders are not listed: the
    build creates ``dist/`` before it validates the history, and an empty folder is not a half-written
    release (noted in the report of issue 8)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "symlink:" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def make_repo(target: Path) -> Path:
    """A copy of the frozen fixture package whose decision tables are the clean base tables."""
    return copy_package(target, tables=BASE)


@dataclass
class Ctx:
    tmp: Path
    repo: Path
    outside: Path
    url: str
    requests: list[str]
    genuine_zip: Path


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 - replaced per server

    def do_GET(self) -> None:  # any request is a failure of the case; answer something plausible
        type(self).requests.append(self.path)
        body = b"fields: [{name: x}]\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def loopback() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that records every request it gets."""
    handler = type("Recorder", (_Recorder,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def genuine_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real release zip of the clean base package (built once)."""
    repo = make_repo(tmp_path_factory.mktemp("genuine") / "repo")
    ran = run_cli(repo, ["build"])
    assert ran.code == 0, ran.output
    return repo / "dist" / f"{NAME}-1.0.0.zip"


def fill(command: str, ctx: Ctx) -> list[str]:
    text = command.format(hostile=HOSTILE, mapping=MAPPING, outside=ctx.outside, url=ctx.url)
    return shlex.split(text)


def assert_clear_answer(ran: Ran) -> None:
    assert "Traceback" not in ran.output, ran.output[-3000:]
    assert "Error: unexpected" not in ran.stderr and "Fel: oväntat" not in ran.stderr, ran.stderr[-2000:]
    assert not re.search(r"\b\w+Warning: ", ran.stderr), ran.stderr[-2000:]


@pytest.mark.parametrize("case", [c for c in CASES if not c.large], ids=lambda c: c.id)
def test_hostile_input(
    case: Case, tmp_path: Path, loopback: tuple[str, list[str]], genuine_zip: Path
) -> None:
    run_case(case, tmp_path, loopback, genuine_zip)


@pytest.mark.parametrize("case", [c for c in CASES if c.large], ids=lambda c: c.id)
def test_large_hostile_input(
    case: Case, tmp_path: Path, loopback: tuple[str, list[str]], genuine_zip: Path
) -> None:
    assert case.command.split()[0] in ("validate", "import"), "large cases run validate and import only"
    run_case(case, tmp_path, loopback, genuine_zip)


def run_case(case: Case, tmp_path: Path, loopback: tuple[str, list[str]], genuine_zip: Path) -> None:
    url, requests = loopback
    ctx = Ctx(tmp_path, make_repo(tmp_path / "repo"), tmp_path / "outside", url, requests, genuine_zip)
    ctx.outside.mkdir()
    for table, name in case.replace.items():
        shutil.copyfile(HOSTILE / name, ctx.repo / "datasets" / f"{table}.csv")
    if case.prepare:
        PREPARE[case.prepare](ctx)
    requests.clear()
    before = snapshot(tmp_path)
    # `says` holds English words: the command runs with --lang en (errors are Swedish by default)
    args = fill(case.command, ctx) + (["--lang", "en"] if case.says else [])
    try:
        ran = run_cli(ctx.repo, args, timeout=case.timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.id}: no answer within {case.timeout} s")
    assert_clear_answer(ran)
    assert ran.code == case.exit, f"exit {ran.code}, expected {case.exit}\n{ran.output[-3000:]}"
    if case.exit != 0:
        changed = changed_files(before, snapshot(tmp_path))
        assert not changed, f"written although the command failed: {changed[:20]}"
    if case.finding:
        findings = ran.findings()
        codes = {f["code"] for f in findings if f["severity"] == "error"}
        if case.exit == 1:
            assert case.finding in codes, sorted({(f["code"], f["severity"]) for f in findings})
        else:
            assert case.finding in {f["code"] for f in findings}, sorted({f["code"] for f in findings})
    if case.says:
        assert case.says.lower() in ran.output.lower(), ran.output[-3000:]
    if case.check:
        CHECKS[case.check](ctx, ran, before)


def test_the_corpus_is_complete() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 40
    used = {name for c in CASES for name in c.replace.values()} | {
        m.group(1) for c in CASES for m in re.finditer(r"\{hostile\}/(\S+)", c.command)
    }
    on_disk = {p.name for p in HOSTILE.iterdir() if p.is_file()}
    assert on_disk - used <= {"schema-billion-laughs.yaml", "schema-python-tag.yaml"}, on_disk - used
    assert used <= on_disk, used - on_disk
    for case in CASES:
        assert case.exit in (0, 1, 2) and case.does
        assert case.prepare is None or case.prepare in PREPARE, case.id
        assert case.check is None or case.check in CHECKS, case.id
        if case.finding:
            assert "--format json" in case.command, f"{case.id}: a finding code is read from the JSON report"
    assert all(p.stat().st_size < 10_000 for p in HOSTILE.iterdir()), (
        "large inputs are generated, never committed"
    )


# --- preparing inputs ----------------------------------------------------------------------------------------


def _descriptor(ctx: Ctx) -> dict[str, Any]:
    return dict(json.loads((ctx.repo / "datapackage.json").read_text(encoding="utf-8")))


def _write_descriptor(ctx: Ctx, descriptor: dict[str, Any]) -> None:
    (ctx.repo / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), "utf-8")


def _set_resource(ctx: Ctx, name: str, key: str, value: str) -> None:
    descriptor = _descriptor(ctx)
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            resource[key] = value
    _write_descriptor(ctx, descriptor)


def _csv_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def mixed_encoding_late(ctx: Ctx) -> None:
    path = ctx.repo / "datasets" / "beslut.csv"
    rows = _csv_rows(path)
    rows[1][12] = "å" * (1024 * 1024)  # 2 MB of valid UTF-8
    _write_rows(path, rows)
    path.write_bytes(
        path.read_bytes() + "300999,RUN/1/2018,PROJ,x,x,2018-01-01,x,Bageri i Östersund\n".encode("cp1252")
    )


def nul_byte_late(ctx: Ctx) -> None:
    path = ctx.repo / "datasets" / "beslut.csv"
    rows = _csv_rows(path)
    rows[1][12] = "a" * 70_000 + "\x00" + "b"
    _write_rows(path, rows)


def all_header_only(ctx: Ctx) -> None:
    for path in (ctx.repo / "datasets").iterdir():
        if (BASE / path.name).exists():
            path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def _text_columns(ctx: Ctx) -> dict[str, list[str]]:
    """table → its string fields, read from the schemas (the columns the privacy gate must scan)."""
    import yaml

    out = {}
    for resource in _descriptor(ctx)["resources"]:
        schema = yaml.safe_load((ctx.repo / resource["schema"]).read_text(encoding="utf-8"))
        out[resource["name"]] = [
            f["name"] for f in schema["fields"] if f.get("type", "string") in ("string", "any")
        ]
    return out


def _plant_everywhere(ctx: Ctx, value: str) -> None:
    for table, columns in _text_columns(ctx).items():
        path = ctx.repo / "datasets" / f"{table}.csv"
        rows = _csv_rows(path)
        header = rows[0]
        for column in columns:
            i = header.index(column)
            if column.endswith("organisationsnummer"):
                rows[1][i] = value  # an ID column: the number is the whole value
            else:
                rows[1][i] = f"{rows[1][i]} {value}".strip()
        _write_rows(path, rows)


def personnummer_everywhere(ctx: Ctx) -> None:
    _plant_everywhere(ctx, PNR)


def samordningsnummer_everywhere(ctx: Ctx) -> None:
    _plant_everywhere(ctx, SAMORDNING)


def javascript_link(ctx: Ctx) -> None:
    path = ctx.repo / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    assert "url: https://www.analysportalnorr.se/" in text
    path.write_text(
        text.replace("url: https://www.analysportalnorr.se/", "url: javascript:alert(1)"), "utf-8"
    )


def path_dotdot(ctx: Ctx) -> None:
    _set_resource(ctx, "beslut", "path", "../../etc/passwd")


def path_absolute(ctx: Ctx) -> None:
    _set_resource(ctx, "beslut", "path", "/etc/passwd")


def symlink_out(ctx: Ctx) -> None:
    path = ctx.repo / "datasets" / "beslut.csv"
    path.unlink()
    path.symlink_to("/etc/passwd")


def schema_outside(ctx: Ctx) -> None:
    shutil.copyfile(ctx.repo / "schemas" / "beslut.yaml", ctx.outside / "schema.yaml")
    _set_resource(ctx, "beslut", "schema", "../outside/schema.yaml")


def billion_laughs(ctx: Ctx) -> None:
    shutil.copyfile(HOSTILE / "schema-billion-laughs.yaml", ctx.repo / "schemas" / "beslut.yaml")


def python_tag(ctx: Ctx) -> None:
    shutil.copyfile(HOSTILE / "schema-python-tag.yaml", ctx.repo / "schemas" / "beslut.yaml")


def remote_schema(ctx: Ctx) -> None:
    _set_resource(ctx, "beslut", "schema", f"{ctx.url}/beslut.yaml")


def remote_table(ctx: Ctx) -> None:
    _set_resource(ctx, "beslut", "path", f"{ctx.url}/beslut.csv")


def deep_json(ctx: Ctx) -> None:
    (ctx.repo / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


def deep_yaml(ctx: Ctx) -> None:
    (ctx.repo / "schemas" / "beslut.yaml").write_text("fields: " + "[" * 100_000 + "]" * 100_000, "utf-8")


def huge_number(ctx: Ctx) -> None:
    path = ctx.repo / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    assert '"version": "1.0.0"' in text
    path.write_text(text.replace('"version": "1.0.0"', '"version": 1' + "0" * 5000), encoding="utf-8")


def _hostile_zip(ctx: Ctx, target: Path, entry: str, *, version: str, symlink: bool = False) -> Path:
    """The genuine release renamed to ``version``, plus one hostile ``entry`` (``{root}`` = its folder)."""
    root = f"{NAME}-{version}"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(ctx.genuine_zip) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            out.writestr(info.filename.replace(f"{NAME}-1.0.0", root, 1), source.read(info))
        bad = zipfile.ZipInfo(entry.format(root=root, tmp=ctx.tmp))
        if symlink:
            bad.create_system = 3
            bad.external_attr = 0o120777 << 16
        out.writestr(bad, "/etc/passwd" if symlink else "pwned\n")
    return target


def _record(zip_path: Path) -> None:
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    zip_path.with_name(zip_path.name + ".sha256").write_text(f"{digest}  {zip_path.name}\n", encoding="utf-8")


def zip_slip_dotdot(ctx: Ctx) -> None:
    _hostile_zip(ctx, ctx.outside / "old.zip", "{root}/../../evil.txt", version="0.9.0")


def zip_slip_absolute(ctx: Ctx) -> None:
    _hostile_zip(ctx, ctx.outside / "old.zip", "{tmp}/evil-absolute.txt", version="0.9.0")


def zip_slip_symlink(ctx: Ctx) -> None:
    _hostile_zip(ctx, ctx.outside / "old.zip", "{root}/data/passwd.csv", version="0.9.0", symlink=True)


def not_a_zip(ctx: Ctx) -> None:
    (ctx.outside / "old.zip").write_bytes(b"PK\x03\x04" + os.urandom(512))


def release_zip_slip_older(ctx: Ctx) -> None:
    releases = ctx.repo / "releases"
    _record(_hostile_zip(ctx, releases / f"{NAME}-0.9.0.zip", "{root}/../../evil.txt", version="0.9.0"))


def release_zip_slip_current(ctx: Ctx) -> None:
    releases = ctx.repo / "releases"
    _record(_hostile_zip(ctx, releases / f"{NAME}-1.0.0.zip", "{root}/../../evil.txt", version="1.0.0"))


def release_symlink_older(ctx: Ctx) -> None:
    releases = ctx.repo / "releases"
    _record(
        _hostile_zip(ctx, releases / f"{NAME}-0.9.0.zip", "{root}/data/x.csv", version="0.9.0", symlink=True)
    )


def release_tampered(ctx: Ctx) -> None:
    releases = ctx.repo / "releases"
    releases.mkdir()
    target = releases / f"{NAME}-0.9.0.zip"
    _hostile_zip(ctx, target, "{root}/extra.txt", version="0.9.0")
    _record(target)
    with zipfile.ZipFile(target, "a") as archive:  # changed after it was recorded
        archive.writestr(f"{NAME}-0.9.0/later.txt", "changed\n")


def mapping_billion_laughs(ctx: Ctx) -> None:
    laughs = (HOSTILE / "schema-billion-laughs.yaml").read_text(encoding="utf-8")
    (ctx.outside / "mapping.yaml").write_text("mapping: 1\nname: laughs\n" + laughs, encoding="utf-8")


def big_cell_table(ctx: Ctx) -> None:
    path = ctx.repo / "datasets" / "beslut.csv"
    rows = _csv_rows(path)
    rows[1][12] = "x" * (100 * 1024 * 1024)
    _write_rows(path, rows)


def million_rows_table(ctx: Ctx) -> None:
    with (ctx.repo / "datasets" / "utbetalningar.csv").open("w", encoding="utf-8") as handle:
        handle.write("arende_id,ar,typ,belopp\n")
        handle.writelines(f"300375,{2018 + i % 3},utbetalning,1\n" for i in range(1_000_000))


def _export_lines() -> list[str]:
    text = (
        (FIXTURES / "import" / "projektbanken-cp1252-semikolon-decimalkomma.csv")
        .read_bytes()
        .decode("cp1252")
    )
    return text.splitlines()


def big_cell_export(ctx: Ctx) -> None:
    header, first, *_ = _export_lines()
    assert "Digitala tjänster för besökare." in first
    row = first.replace("Digitala tjänster för besökare.", "y" * (100 * 1024 * 1024))
    (ctx.outside / "big.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")


def million_rows_export(ctx: Ctx) -> None:
    header = _export_lines()[0]
    with (ctx.outside / "million.csv").open("w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        handle.writelines(
            f"30000000;Exempelbolaget AB;556036-0793;1 000;;Projekt {i};Text;2021-03-01;2022-12-31;"
            "Jämtlands län;Åre;Besöksnäring;Avslutat;Bifall;;;;\n"
            for i in range(1_000_000)
        )


PREPARE: dict[str, Callable[[Ctx], None]] = {
    f.__name__: f
    for f in (
        mixed_encoding_late, nul_byte_late, all_header_only, personnummer_everywhere,
        samordningsnummer_everywhere, javascript_link, path_dotdot, path_absolute, symlink_out, schema_outside,
        billion_laughs, python_tag, remote_schema, remote_table, deep_json, deep_yaml, huge_number,
        zip_slip_dotdot, zip_slip_absolute, zip_slip_symlink, not_a_zip, release_zip_slip_older,
        release_zip_slip_current, release_symlink_older, release_tampered, mapping_billion_laughs,
        big_cell_table, million_rows_table, big_cell_export, million_rows_export,
    )
}  # fmt: skip


# --- extra checks --------------------------------------------------------------------------------------------

PERSONAL_FORMS = [PNR, PNR.replace("-", ""), "19" + PNR.replace("-", ""), PNR.replace("-", "+"), SAMORDNING,
                  SAMORDNING.replace("-", ""), "19" + SAMORDNING.replace("-", "")]  # fmt: skip


def no_raw_personal_data(ctx: Ctx, ran: Ran, before: dict[str, str]) -> None:
    for value in PERSONAL_FORMS:
        assert value not in ran.output, f"{value} in the output"
    # the last four digits never sit next to the date part (e.g. 120315-1236 → 120315-****)
    assert not re.search(r"1203[17]5.?123[36]", ran.output)


def every_text_column_flagged(ctx: Ctx, ran: Ran, before: dict[str, str]) -> None:
    no_raw_personal_data(ctx, ran, before)
    flagged = {
        (f["resource"], f["field"])
        for f in ran.findings()
        if f["code"] in ("personnummer", "samordningsnummer") and f["row"] == 2
    }
    expected = {(table, column) for table, columns in _text_columns(ctx).items() for column in columns}
    missing = sorted(expected - flagged)
    assert not missing, f"text columns where the identity number went unnoticed: {missing}"
    masked = {f["value"] for f in ran.findings() if f["code"] in ("personnummer", "samordningsnummer")}
    assert masked and all("****" in str(v) for v in masked), masked


def formulas_neutralised(ctx: Ctx, ran: Ran, before: dict[str, str]) -> None:
    import csv
    import io

    folder = ctx.repo / "dist" / f"{NAME}-1.0.0" / "data"
    canonical = _csv_rows(folder / "beslut.csv")
    excel_text = (folder / "excel-sv" / "beslut.csv").read_bytes().decode("utf-8-sig")
    excel = list(csv.reader(io.StringIO(excel_text, newline=""), delimiter=";"))
    hostile = _csv_rows(HOSTILE / "beslut-formula-injection.csv")
    dangerous = {v for row in hostile[1:] for v in row if v.startswith(("=", "+", "-", "@", "\t"))}
    dangerous -= {v for v in dangerous if re.fullmatch(r"-?[0-9.]+", v)}
    assert len(dangerous) == 5, dangerous
    canonical_cells = {v for row in canonical for v in row}
    excel_cells = {v for row in excel for v in row}
    for value in dangerous:
        assert value in canonical_cells, f"the canonical flavour must keep {value!r} as it is"
        assert "'" + value in excel_cells, f"{value!r} is not neutralised in the Excel flavour"
        assert value not in excel_cells, value


def markup_escaped(ctx: Ctx, ran: Ran, before: dict[str, str]) -> None:
    site = ctx.repo / "site"
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert pages
    raw = ["<script>alert(", "<img src=x", 'href="javascript:', "<b>fet</b>"]
    for path, html in pages.items():
        for needle in raw:
            assert needle not in html, f"{needle!r} unescaped in {path.relative_to(site)}"
    every = "\n".join(pages.values())
    assert "&lt;script&gt;alert(" in every, "the project name with markup is not shown at all"
    assert "Content-Security-Policy" in every


def url_field_flagged(ctx: Ctx, ran: Ran, before: dict[str, str]) -> None:
    fields = {(f["resource"], f["field"]) for f in ran.findings() if f["severity"] == "error"}
    assert ("rapporter", "url") in fields, fields


def nothing_executed(ctx: Ctx, ran: Ran, before: dict[str, str]) -> None:
    assert not list(ctx.tmp.rglob("PWNED-BY-YAML")) and not Path("PWNED-BY-YAML").exists()


def no_request(ctx: Ctx, ran: Ran, before: dict[str, str]) -> None:
    assert ctx.requests == [], f"the tool fetched {ctx.requests}"


def imported_canonical(ctx: Ctx, ran: Ran, before: dict[str, str]) -> None:
    assert ran.report()["findings"] is not None
    for path in (ctx.repo / "datasets").glob("*.csv"):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data and b"\x00" not in data, path
        data.decode("utf-8")
    validated = run_cli(ctx.repo, ["validate"])
    assert validated.code == 0, validated.output[-2000:]


def datasets_unchanged_but_log(ctx: Ctx, ran: Ran, before: dict[str, str]) -> None:
    assert changed_files(before, snapshot(ctx.tmp)) == ["repo/datasets/import-log.json"]


def no_raw_personal_data_written(ctx: Ctx, ran: Ran, before: dict[str, str]) -> None:
    no_raw_personal_data(ctx, ran, before)
    after = snapshot(ctx.tmp)
    written = [ctx.tmp / rel for rel in changed_files(before, after) if rel in after]
    assert written, "nothing was imported"
    for path in written:
        data = path.read_bytes()
        for value in PERSONAL_FORMS:
            assert value.encode() not in data, f"{value} written to {path}"
    assert "[personuppgift borttagen]" in (ctx.repo / "datasets" / "beslut.csv").read_text(encoding="utf-8")


CHECKS: dict[str, Callable[[Ctx, Ran, dict[str, str]], None]] = {
    f.__name__: f
    for f in (
        no_raw_personal_data, every_text_column_flagged, formulas_neutralised, markup_escaped,
        url_field_flagged, nothing_executed, no_request, imported_canonical, datasets_unchanged_but_log,
        no_raw_personal_data_written,
    )
}  # fmt: skip


# --- personal data through a whole build and publish (issue 8, item 3 for the files the tool writes) ----------


def _plant_personal_data(repo: Path) -> None:
    """An identity number in four places a spreadsheet export could put one."""
    datasets = repo / "datasets"
    beslut = _csv_rows(datasets / "beslut.csv")
    h = beslut[0]
    beslut[1][h.index("sammanfattning")] += f" Ägaren har personnummer {PNR}."
    beslut[2][h.index("projektnamn")] += f" ({SAMORDNING})"
    _write_rows(datasets / "beslut.csv", beslut)
    fin = _csv_rows(datasets / "finansiering.csv")
    fin[2][fin[0].index("finansiar_organisationsnummer")] = PNR.replace("-", "")
    _write_rows(datasets / "finansiering.csv", fin)
    rap = _csv_rows(datasets / "rapporter.csv")
    rap[1][rap[0].index("titel")] += " 19" + PNR.replace("-", "")
    _write_rows(datasets / "rapporter.csv", rap)


def test_personnummer_is_blocked_and_leaks_into_no_output_and_no_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    (tmp_path / "outside").mkdir()
    _plant_personal_data(repo)
    before = snapshot(tmp_path)
    report = tmp_path / "outside" / "report.csv"
    runs = {
        "build": (["build"], 1),
        "publish": (["publish"], 1),
        "release": (["release"], 1),
        "publish --lang en": (["publish", "--lang", "en"], 1),
        "--debug build": (["--debug", "build"], 1),
        "--debug publish": (["--debug", "publish"], 1),
        "validate": (["validate"], 1),
        "validate json en": (["validate", "--format", "json", "--lang", "en"], 1),
        "validate csv": (["validate", "--format", "csv"], 1),
        "validate --output": (["validate", "--format", "csv", "--output", str(report)], 1),
    }
    outputs = {}
    for label, (args, code) in runs.items():
        ran = run_cli(repo, args)
        assert ran.code == code, f"{label}: exit {ran.code}\n{ran.output[-2000:]}"
        if args[0] == "--debug":
            assert "Traceback" in ran.stderr and "BlockingFindings" in ran.stderr, (
                f"{label}: {ran.stderr[-1500:]}"
            )
        else:
            assert_clear_answer(ran)
        outputs[label] = ran.output
    # blocked for the right reason, and shown masked
    assert "120315-****" in outputs["validate"] and "120375-****" in outputs["validate"]
    assert '"code": "personnummer"' in outputs["validate json en"]
    assert '"code": "samordningsnummer"' in outputs["validate json en"]
    for label, text in outputs.items():
        for value in PERSONAL_FORMS:
            assert value not in text, f"{value} in the output of {label}"
        assert not re.search(r"1203[17]5.?123[36]", text), f"an identity number in the output of {label}"
    # nothing built or published; the only new file is the report asked for, and it is masked
    after = snapshot(tmp_path)
    assert changed_files(before, after) == ["outside/report.csv"], changed_files(before, after)
    assert not any(
        (repo / folder).exists() and any((repo / folder).rglob("*")) for folder in ("dist", "site")
    )
    data = report.read_text(encoding="utf-8")
    assert "120315-****" in data
    for value in PERSONAL_FORMS:
        assert value not in data


# --- a javascript: URL in the data never becomes a link ----------------------------------------------------------

_SCRIPT_LINK = re.compile(
    r"""(?ix)
    (?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(?:javascript|vbscript):        # HTML
    | rdf:resource\s*=\s*["']\s*javascript:                                                  # RDF/XML
    | <\s*javascript:                                                                        # Turtle IRI
    | &\#0*106;?\s*&\#0*97;?                                                                 # 'ja' as entities
    """
)


def test_javascript_url_never_becomes_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """rapporter.url = javascript:… through the whole publish. validate refuses it (url-scheme), so publish
    writes nothing; and the writers must not turn it into a link on their own either: with the url-scheme
    finding taken out of the build's validation, the portal and the DCAT are written — and no href, src or
    RDF resource anywhere carries the javascript: URL."""
    from click.testing import CliRunner

    from oppnadata.cli import main
    from oppnadata.releasing import packaging

    repo = make_repo(tmp_path / "repo")
    shutil.copyfile(HOSTILE / "rapporter-javascript-url.csv", repo / "datasets" / "rapporter.csv")
    before = snapshot(tmp_path)
    ran = run_cli(repo, ["publish"])
    assert_clear_answer(ran)
    assert ran.code == 1 and "url-scheme" in ran.output, ran.output[-2000:]
    assert changed_files(before, snapshot(tmp_path)) == []

    real = packaging.validate_package

    def without_url_scheme(*args: Any, **kwargs: Any) -> Any:
        report = real(*args, **kwargs)
        report.findings = [f for f in report.findings if f.code != "url-scheme"]
        return report

    monkeypatch.setattr(packaging, "validate_package", without_url_scheme)
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["publish"])
    assert result.exit_code == 0, result.output[-2000:]
    written = [
        p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".html", ".rdf", ".ttl", ".xml")
    ]
    assert sum(p.suffix == ".html" for p in written) >= 10, "publish wrote no portal"
    assert {".rdf", ".ttl"} <= {p.suffix for p in written}, "publish wrote no DCAT"
    carried = [p for p in (repo / "site").rglob("*.csv") if b"javascript:alert" in p.read_bytes()]
    assert carried, "the URL did not reach the published release: nothing was checked"
    for path in written:
        text = path.read_text(encoding="utf-8")
        match = _SCRIPT_LINK.search(text)
        assert not match, (
            f"{path.relative_to(tmp_path)}: {text[max(0, match.start() - 80) : match.end() + 80]}"
        )
