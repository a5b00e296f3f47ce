"""What `oppnadata validate` loads: nothing its run does not use.

A structural test, not a timing test: a validate of a package without the project's domain tables (no
domain rule applies) runs in a fresh interpreter and reports the modules it loaded. It is the second run
on the package: the first checks the schemas with frictionless-py and remembers that they passed
(descriptor.check_schema), as a maintainer's runs after the first do. The libraries that only other
commands need stay unloaded; each costs a fixed 0.1-0.5 s and tens of MB on every small validation.

pandas is not in the list yet: the rules that read every table (privacy: personal identity numbers and
formulas in free text) still run on pandas frames, so a foreign package uses it too (issue 15: those
rules on arrow, then pandas joins the list).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent / "conformance" / "packages" / "own-bytes-ok"

PROBE = """
import json, sys
from click.testing import CliRunner
from oppnadata.cli import main
result = CliRunner().invoke(main, ["validate", sys.argv[1]])
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
