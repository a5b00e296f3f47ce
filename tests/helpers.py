"""What the tests share besides fixtures: where the vendored references and the frozen fixture package are,
and the one helper that copies a package to mutate it.

Tests test the tool: they run on the frozen package in tests/fixtures/package/ (or on what they generate in a
temporary folder), never on whatever datasets/ holds, and never on files outside the repository.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"

# The frozen example package (tests/fixtures/package/README.md): descriptor, config, schemas, all 14 tables.
PACKAGE = FIXTURES / "package"
PACKAGE_PARTS = ("datapackage.json", "publication.yaml", "schemas", "datasets")

# Official specifications the suite checks against, vendored with their licences (tests/reference/README.md).
REFERENCE = TESTS / "reference"
DCAT_AP = REFERENCE / "dcat-ap-3.0.1"
DCAT_AP_SE_BUNDLE = REFERENCE / "dcat-ap-se" / "dcat-ap-se-3.0.1-bundle.json"
DCAT_AP_SE_EXAMPLES = REFERENCE / "dcat-ap-se"


def copy_package(
    target: Path, *, tables: Path | Mapping[str, Path] | None = None, source: Path = PACKAGE
) -> Path:
    """Copy a package (default: the frozen fixture package) into ``target`` and return ``target``.

    ``target`` may exist if it is empty. ``tables`` replaces tables of the copy: a folder whose ``<name>.csv``
    files replace the tables of the same name, or a mapping ``{table name: csv file}``. The copy is the
    package's descriptor, config, schemas and datasets, nothing else (no releases/, dist/ or site/).
    """
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    for part in PACKAGE_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part)
        elif path.is_file():
            shutil.copy2(path, target / part)
    replacements = (
        {p.stem: p for p in sorted(tables.glob("*.csv"))} if isinstance(tables, Path) else dict(tables or {})
    )
    for name, path in replacements.items():
        destination = target / "datasets" / f"{name}.csv"
        if not destination.exists():
            raise FileNotFoundError(f"the package has no table {name!r} to replace with {path}")
        shutil.copy2(path, destination)
    return target
