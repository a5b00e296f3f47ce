"""How many fixture exports import correctly with an unedited draft mapping (issue 16's measure).

For each export in tests/fixtures/import/: draft a mapping (``oppnadata import SOURCE --draft-mapping``),
import with it, unedited, into a fresh copy of the package (``--replace``), and import the reference — the
shipped mapping on the same export, or, for an export whose headers no shipped mapping knows, the same rows
under the known headers — into another copy. A hit: the same exit code and byte-identical decision tables.

    .venv/bin/python scripts/draft_hit_rate.py
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "import"
TABLES = ("beslut", "finansiering", "utbetalningar", "kommunfordelning", "hallbarhet")
# Exports with headers no shipped mapping knows, and the export holding the same rows under known headers.
SAME_ROWS = {"projektbanken-okanda-rubriker.csv": "projektbanken-cp1252-semikolon-decimalkomma.csv"}


def fresh(root: Path, name: str) -> Path:
    target = root / name
    target.mkdir()
    for file in ("datapackage.json", "publication.yaml"):
        shutil.copy2(REPO / file, target / file)
    for folder in ("schemas", "datasets"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def oppnadata(*args: object) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "oppnadata"), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def main() -> int:
    exports = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".csv", ".xlsx"))
    hits = 0
    for source in exports:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            drafted, reference = fresh(root, "draft"), fresh(root, "reference")
            draft = root / "utkast.yaml"
            oppnadata("import", source, "--draft-mapping", draft, "--into", drafted / "datasets")
            a = oppnadata("import", source, "--mapping", draft, "--into", drafted / "datasets", "--replace")
            known = FIXTURES / SAME_ROWS.get(source.name, source.name)
            shipped = (
                REPO / "mappings" / ("nyps.yaml" if source.name.startswith("nyps") else "projektbanken.yaml")
            )
            b = oppnadata(
                "import", known, "--mapping", shipped, "--into", reference / "datasets", "--replace"
            )
            same = a.returncode == b.returncode and all(
                filecmp.cmp(
                    drafted / "datasets" / f"{t}.csv", reference / "datasets" / f"{t}.csv", shallow=False
                )
                for t in TABLES
            )
            hits += same
            print(
                f"{'HIT ' if same else 'MISS'} {source.name}: draft exit {a.returncode}, reference exit {b.returncode}"
            )
    print(f"{hits}/{len(exports)} fixture exports import correctly with an unedited draft")
    return 0


if __name__ == "__main__":
    sys.exit(main())
