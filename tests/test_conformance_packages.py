"""The default engine against frictionless-py on packages nobody here wrote the data for.

``tests/conformance/packages`` holds data packages from frictionless-py's own fixtures (``fl-*``, vendored
with its MIT licence) and packages written from frictionless-py's documented behaviour, one per
descriptor property (``own-*``: dialect, fieldsMatch, format, hash, bytes, v2 missingValues, no schema,
string formats, package metadata, primary keys on blank rows). frictionless-py validates each package as
it stands; the engine must give the same findings, or a refusal that names the property. Every
remaining difference is listed in ``tests/conformance/differences.yaml`` (section ``packages``) with its
reason: the test fails on an unlisted difference and on a listed one that no longer occurs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from oppnadata.cli import main
from tests.conformance.oracle import PACKAGES, compare, corpus, engine

DIFFERENCES = yaml.safe_load((Path(__file__).parent / "conformance" / "differences.yaml").read_text("utf-8"))
LISTED = {d["package"]: d for d in DIFFERENCES if "package" in d}
NAMES = corpus()


# Tiny blocks and batches: batch boundaries fall everywhere (rows skipped before a header row too).
TINY = {"block_size": 4096, "batch_rows": 2, "compact_from": 0}


@pytest.mark.parametrize("name", NAMES)
def test_package_matches_frictionless(name: str) -> None:
    listed = LISTED.get(name, {})
    for options in ({}, TINY):
        engine_only, frictionless_only = compare(PACKAGES / name, **options)
        assert not any(s.startswith("crash:") for s in engine_only), engine_only
        assert engine_only == sorted(listed.get("engine_only") or []), (name, options)
        assert frictionless_only == sorted(listed.get("frictionless_only") or []), (name, options)


def test_every_listed_difference_has_a_package_and_a_reason() -> None:
    for name, entry in LISTED.items():
        assert name in NAMES, name
        assert len(str(entry.get("reason", "")).strip()) > 20, name
        assert entry.get("engine_only") or entry.get("frictionless_only"), name


def test_every_refusal_names_the_property() -> None:
    """An unsupported property is never silent: the finding says which one and what it declared."""
    from oppnadata.descriptor import load_package
    from oppnadata.validating.engine import validate_stream

    seen = 0
    for name in NAMES:
        if not any("unsupported-property" in s for s in engine(PACKAGES / name)):
            continue
        report = validate_stream(load_package(PACKAGES / name), rules=[])
        for f in report.findings:
            if f.code == "unsupported-property":
                seen += 1
                sv, en = f.texts("sv"), f.texts("en")
                assert (
                    f.params["property"] and f.params["property"] in sv[0] and f.params["property"] in en[0]
                )
    assert seen >= 10


def test_the_corpus_covers_the_descriptor_properties() -> None:
    text = "\n".join((PACKAGES / n / "datapackage.json").read_text("utf-8") for n in NAMES)
    for word in ("delimiter", "quoteChar", '"header"', "headerRows", "commentChar", "skipInitialSpace",
                 "doubleQuote", "fieldsMatch", '"format": "json"', '"format": "jsonl"', '"data"', "compression",
                 '"hash"', "md5:", "sha256:", '"bytes"', '"label"', "wkt", "licenses", "primaryKey",
                 "datapackage.org/profiles/2.0", '"t.tsv"', '.pdf"', '"path": [', '"type": "table"'):  # fmt: skip
        assert word in text, word
    assert any(not (PACKAGES / n / "datapackage.json").read_text("utf-8").count('"schema"') for n in NAMES)


@pytest.mark.parametrize(("name", "code"), [("own-noschema-valid", 0), ("own-v2-missingvalues-objects", 1),
                                            ("own-hash-sha256-ok", 0), ("own-hash-sha256-bad", 1),
                                            ("own-package-bad-name", 2), ("own-string-format-wkt", 1)])  # fmt: skip
def test_exit_codes(name: str, code: int) -> None:
    """A valid package without schemas exits 0; a v2 package is read; a bad descriptor is exit 2."""
    result = CliRunner().invoke(main, ["validate", str(PACKAGES / name)])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
