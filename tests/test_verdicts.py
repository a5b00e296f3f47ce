"""verdicts: a build reuses the verdict `validate` made on exactly the same bytes and tool, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from oppnadata.cli import main
from oppnadata.config import load_config
from oppnadata.descriptor import load_package
from oppnadata.releasing.packaging import build
from oppnadata.validating import verdicts
from oppnadata.validating.validation import validate, validate_package

from .helpers import TESTS, copy_package

HOSTILE = TESTS / "hostile"


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("OPPNADATA_CACHE_DIR", str(folder))
    return folder


def _package(tmp_path: Path, **tables: Path) -> Path:
    return copy_package(tmp_path / "pkg", tables=tables) / "datapackage.json"


def test_a_remembered_verdict_is_the_verdict(tmp_path: Path, cache: Path) -> None:
    """Findings with masked personal data, rows and checks come back exactly as validate made them."""
    descriptor = _package(tmp_path, beslut=HOSTILE / "beslut-email-and-phone-in-summary.csv")
    made = validate(descriptor, remember=True)
    assert made.findings, "the hostile table gave no findings: nothing is compared"
    recalled = verdicts.recall(load_package(descriptor))
    assert recalled is not None
    assert recalled.findings == made.findings
    assert recalled.rows == made.rows and recalled.checks == made.checks
    assert [f.to_dict() for f in recalled.sorted()] == [f.to_dict() for f in made.sorted()]
    assert recalled.valid == made.valid


def test_any_changed_byte_is_a_new_validation(tmp_path: Path, cache: Path) -> None:
    descriptor = _package(tmp_path)
    validate(descriptor, remember=True)
    assert verdicts.recall(load_package(descriptor)) is not None
    root = descriptor.parent

    table = root / "datasets" / "utbetalningar.csv"
    original = table.read_bytes()
    table.write_bytes(original)  # written again, the same bytes: still remembered
    assert verdicts.recall(load_package(descriptor)) is not None
    other = b"1" if original[-2:-1] != b"1" else b"2"
    table.write_bytes(original[:-2] + other + b"\n")  # the last cell's last byte
    assert verdicts.recall(load_package(descriptor)) is None
    table.write_bytes(original)
    assert verdicts.recall(load_package(descriptor)) is not None

    schema_path = root / "schemas" / "utbetalningar.yaml"
    schema_path.write_text(schema_path.read_text(encoding="utf-8") + "\nx-note: ändrad\n", encoding="utf-8")
    assert verdicts.recall(load_package(descriptor)) is None


def test_the_tool_is_part_of_the_key(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    descriptor = _package(tmp_path)
    validate(descriptor, remember=True)
    assert verdicts.recall(load_package(descriptor)) is not None
    real = verdicts._tool_digest
    monkeypatch.setattr(verdicts, "_tool_digest", lambda: real() + "another version of a rule")
    assert verdicts.recall(load_package(descriptor)) is None


def test_only_a_remembering_validation_is_remembered(tmp_path: Path, cache: Path) -> None:
    descriptor = _package(tmp_path)
    validate(descriptor)  # remember is the command's choice
    assert verdicts.recall(load_package(descriptor)) is None
    assert not list(cache.glob("verdicts/*.json"))


def test_a_file_changed_while_validating_is_not_remembered(tmp_path: Path, cache: Path) -> None:
    descriptor = _package(tmp_path)
    package = load_package(descriptor)
    memo = verdicts.Remembering(package)
    report = validate_package(package)
    table = descriptor.parent / "datasets" / "beslut.csv"
    table.write_bytes(table.read_bytes() + b"\n")
    assert memo.store(report) is False
    assert verdicts.recall(load_package(descriptor)) is None


def test_build_reuses_the_verdict_and_writes_the_same_bytes(tmp_path: Path, cache: Path) -> None:
    descriptor = _package(tmp_path)
    package = load_package(descriptor)
    config = load_config(descriptor.parent / "publication.yaml")
    fresh = build(package, config, out=tmp_path / "fresh", releases_dir=tmp_path / "releases")
    assert not fresh.remembered
    validate(descriptor, remember=True)
    reused = build(package, config, out=tmp_path / "reused", releases_dir=tmp_path / "releases")
    assert reused.remembered
    assert reused.sha256 == fresh.sha256
    assert reused.zip_path.read_bytes() == fresh.zip_path.read_bytes()


def test_a_remembered_refusal_still_refuses(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate` then `build` on bad data: the build refuses from the verdict and prints its findings."""
    descriptor = _package(tmp_path, beslut=HOSTILE / "beslut-negative-amount.csv")
    monkeypatch.chdir(descriptor.parent)
    runner = CliRunner()
    checked = runner.invoke(main, ["validate"])
    assert checked.exit_code == 1, checked.output
    assert list(cache.glob("verdicts/*.json"))
    built = runner.invoke(main, ["build", "--lang", "en"])
    assert built.exit_code == 1, built.output
    assert "no release was built" in built.output
    assert not (descriptor.parent / "dist").exists() or not list((descriptor.parent / "dist").glob("*.zip"))


def test_an_unwritable_cache_only_costs_the_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("OPPNADATA_CACHE_DIR", str(blocker))
    descriptor = _package(tmp_path)
    assert validate(descriptor, remember=True).valid
    assert verdicts.recall(load_package(descriptor)) is None
