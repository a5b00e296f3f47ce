"""What `oppnadata validate` loads: nothing its run does not use.

A structural test, not a timing test: a validate of a package without the project's domain tables (no
domain rule applies) runs in a fresh interpreter and reports the modules it loaded. It is the second run
on the package: the first checks the schemas with frictionless-py and remembers that they passed
(descriptor.check_schema), as a maintainer's runs after the first do. The libraries that only other
commands need stay unloaded; each costs a fixed 0.1-0.5 s and tens of MB on every small validation.

pandas too: the rules that read every table run on arrow, and pyarrow's own import of pandas is deferred
(``engine.deferred``). The domain rules still use pandas: on the project's package the deferred import
happens, and the findings are those of a run with pandas loaded from the start.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from oppnadata.report import to_json
from oppnadata.validating.validation import validate
from tests import helpers

PACKAGE = Path(__file__).parent / "conformance" / "packages" / "own-bytes-ok"

PROBE = """
import json, sys
from click.testing import CliRunner
from oppnadata.cli import main
result = CliRunner().invoke(main, ["validate", *sys.argv[1:]])
print(json.dumps({"exit": result.exit_code, "output": result.output,
                  "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""

NOT_FOR_VALIDATE = {
    "frictionless",
    "rdflib",
    "jinja2",
    "openpyxl",
    "pyshacl",
    "ckanapi",
    "playwright",
    "pandas",
}


def test_validate_of_a_foreign_package_loads_no_heavy_library(tmp_path: Path) -> None:
    env = {"PATH": "", "OPPNADATA_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-c", PROBE, str(PACKAGE / "datapackage.json")]
    first = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path, env=env)
    assert json.loads(first.stdout.splitlines()[-1])["exit"] == 0
    run = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path, env=env)
    result = json.loads(run.stdout.splitlines()[-1])
    assert result["exit"] == 0, result["output"]
    loaded = NOT_FOR_VALIDATE & set(result["modules"])
    assert not loaded, f"validate loaded {sorted(loaded)}"


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_deferred_pandas_gives_the_findings_of_a_run_with_pandas(tmp_path: Path) -> None:
    """The project's package, with findings of rules on arrow and on pandas: validate in a fresh
    interpreter (pandas deferred, then imported by the domain rules) reports exactly what this process
    (pandas loaded by the test suite) does."""
    folder = helpers.copy_package(tmp_path / "p")
    table = folder / "datasets" / "beslut.csv"
    rows = _rows(table)
    column = {name: i for i, name in enumerate(rows[0])}
    rows[3][column["sammanfattning"]] = "Ring 070-123 45 67 eller skriv till anna@example.se"
    rows[4][column["projektnamn"]] = "=HYPERLINK(1)"
    rows[5][column["startdatum"]], rows[5][column["slutdatum"]] = "2021-05-01", "2020-01-01"
    rows[6][column["organisationsnummer"]] = "556000-0002"
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    env = {"PATH": "", "OPPNADATA_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-c", PROBE, str(folder / "datapackage.json"), "--format", "json"]
    run = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path, env=env)
    result = json.loads(run.stdout.splitlines()[-1])
    assert "pandas" in result["modules"]
    found = json.loads(result["output"])["findings"]
    expected = json.loads(to_json(validate(folder / "datapackage.json"), "sv"))["findings"]
    codes = {f["code"] for f in found}
    assert {"phone", "email", "formula-like-text", "dates-start-after-end", "orgnr-check-digit"} <= codes
    assert found == expected
