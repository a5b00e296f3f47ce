"""What the tests share besides fixtures: where the vendored references and the frozen fixture package are,
and the one helper that copies a package to mutate it.

Tests test the tool: they run on the frozen package in tests/fixtures/package/ (or on what they generate in a
temporary folder), never on whatever datasets/ holds, and never on files outside the repository.
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"

# Official specifications the suite checks against, vendored with their licences (tests/reference/README.md).
REFERENCE = TESTS / "reference"
DCAT_AP = REFERENCE / "dcat-ap-3.0.1"
DCAT_AP_SE_BUNDLE = REFERENCE / "dcat-ap-se" / "dcat-ap-se-3.0.1-bundle.json"
DCAT_AP_SE_EXAMPLES = REFERENCE / "dcat-ap-se"
