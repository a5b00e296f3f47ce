"""Errors come out in the language of `--lang`: one real failure from each stage of the pipeline, run through
the command line on inputs in a temporary folder, in Swedish (`--lang sv`, the default) and English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from oppnadata.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        (
            "sv",
            "Fel: Mappningen trasig.yaml: beslut.arende_id: parse måste vara en av",
            "Åtgärd: Se README.md, 'Importing real data', för mappningsfilens format.",
        ),
        (
            "en",
            "Error: The mapping trasig.yaml: beslut.arende_id: parse must be one of",
            "Hint: See README.md, 'Importing real data', for the mapping file format.",
        ),
    ],
)
def test_import_error_in_both_languages(
    repo_copy: Path, tmp_path: Path, lang: str, message: str, hint: str
) -> None:
    mapping = tmp_path / "trasig.yaml"
    mapping.write_text("mapping: 1\nbeslut:\n  arende_id: {column: A, parse: magic}\n", encoding="utf-8")
    source = tmp_path / "export.csv"
    source.write_text("A\n20210001\n", encoding="utf-8")
    into = str(repo_copy / "datasets")
    code, out = run("import", str(source), "--mapping", str(mapping), "--into", into, "--lang", lang)
    assert code == 2
    assert message in out
    assert "'magic'" in out  # the value the mapping gave
    assert hint in out


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        (
            "sv",
            "Fel: Sökvägen för tabellen 'beslut' (../utanfor.csv) pekar utanför paketets mapp",
            "Åtgärd: Håll varje tabell och schema inne i paketets mapp.",
        ),
        (
            "en",
            "Error: The path of resource 'beslut' (../utanfor.csv) points outside the package folder",
            "Hint: Keep every table and schema inside the package folder.",
        ),
    ],
)
def test_validate_error_in_both_languages(repo_copy: Path, lang: str, message: str, hint: str) -> None:
    descriptor = repo_copy / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    next(r for r in data["resources"] if r["name"] == "beslut")["path"] = "../utanfor.csv"
    descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out = run("validate", str(descriptor), "--lang", lang)
    assert code == 2
    assert message in out
    assert hint in out


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        ("sv", "Fel: En tillbakadragning behöver ett skäl.", 'Åtgärd: Ange det med --reason "…".'),
        ("en", "Error: A retraction needs a reason", 'Hint: Give it with --reason "…".'),
    ],
)
def test_release_error_in_both_languages(repo_copy: Path, lang: str, message: str, hint: str) -> None:
    package = str(repo_copy / "datapackage.json")
    code, out = run("retract", "1.0.0", "--reason", " ", "--package", package, "--lang", lang)
    assert code == 1
    assert message in out
    assert hint in out


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        (
            "sv",
            "Fel: {site} innehåller ingen portal (ingen index.html).",
            "Åtgärd: Kör `oppnadata publish` först (eller ange mappen med --site).",
        ),
        (
            "en",
            "Error: {site} holds no portal (no index.html)",
            "Hint: Run `oppnadata publish` first (or pass the folder with --site).",
        ),
    ],
)
def test_publish_error_in_both_languages(tmp_path: Path, lang: str, message: str, hint: str) -> None:
    site = tmp_path / "tom-portal"
    site.mkdir()
    code, out = run("serve", "--site", str(site), "--port", "0", "--lang", lang)
    assert code == 2
    assert message.format(site=site) in out
    assert hint in out
