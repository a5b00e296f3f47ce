"""versioning: the bump the Data Package version recipe calls for, the check of a claimed version, writing the
new version and release date, and finding the last release."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from oppnadata.cli import main
from oppnadata.config import CONFIG_FILENAME, load_config
from oppnadata.errors import RefusedError
from oppnadata.releasing import aggregates
from oppnadata.releasing.diffing import diff, open_side
from oppnadata.releasing.versioning import (
    apply_bump,
    bump_reasons,
    check,
    claimed_bump,
    latest_release,
    next_version,
    parse_version,
    plan_bump,
    required_bump,
)
from tests.test_diffing import beslut_ids, edit_descriptor, edit_schema, edit_table, field_of, write_release


def _add_resource(tree: Path) -> None:
    (tree / "datasets" / "nyheter.csv").write_text("id,rubrik\n1,Hej\n", encoding="utf-8")
    (tree / "schemas" / "nyheter.yaml").write_text("fields: [{name: id}, {name: rubrik}]\nprimaryKey: [id]\n")
    resource = {
        "name": "nyheter",
        "path": "datasets/nyheter.csv",
        "profile": "tabular-data-resource",
        "schema": "schemas/nyheter.yaml",
    }
    edit_descriptor(tree, lambda d: d["resources"].append(resource))


def _set_status(tree: Path, status: str) -> None:
    target = beslut_ids(tree, "avslutad", 1)[0]
    edit_table(tree, "beslut", lambda f: f.assign(status=f["status"].where(f["arende_id"] != target, status)))


EDITS: dict[str, tuple[Callable[[Path], None], str | None]] = {
    "nothing": (lambda t: None, None),
    "field added": (
        lambda t: (
            edit_schema(t, "kommuner", lambda s: s["fields"].append({"name": "yta", "type": "number"})),
            edit_table(t, "kommuner", lambda f: f.assign(yta="1.5")),
        ),
        "major",
    ),
    "field retyped": (
        lambda t: edit_schema(t, "utbetalningar", lambda s: field_of(s, "belopp").update(type="number")),
        "major",
    ),
    "enum narrowed": (
        lambda t: edit_schema(t, "beslut", lambda s: field_of(s, "status")["constraints"]["enum"].remove("beviljad")),
        "major",
    ),
    "required added": (
        lambda t: edit_schema(t, "beslut", lambda s: field_of(s, "diarienummer").setdefault("constraints", {}).update(required=True)),
        "major",
    ),
    "record removed": (lambda t: edit_table(t, "utbetalningar", lambda f: f.iloc[1:]), "major"),
    "resource removed": (
        lambda t: edit_descriptor(t, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "rapporter"])),
        "major",
    ),
    "record added": (
        lambda t: edit_table(t, "kommunfordelning", lambda f: pd.concat([f, f.iloc[[0]].assign(kommunkod="2309")])),
        "minor",
    ),
    "enum widened": (
        lambda t: edit_schema(t, "beslut", lambda s: field_of(s, "status")["constraints"]["enum"].append("overklagad")),
        "minor",
    ),
    "new resource": (_add_resource, "minor"),
    "value corrected": (lambda t: _set_status(t, "pagaende"), "patch"),
    "withdrawal": (lambda t: _set_status(t, "aterkallad"), "patch"),
    "description changed": (
        lambda t: edit_schema(t, "beslut", lambda s: field_of(s, "status").update(description_en="Changed.")),
        "patch",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(EDITS))
def test_required_bump_on_prepared_pairs(repo_copy: Path, tmp_path: Path, case: str) -> None:
    release = write_release(repo_copy, tmp_path / "releases")
    edit, expected = EDITS[case]
    edit(repo_copy)
    result = diff(open_side(release), open_side(repo_copy))
    assert required_bump(result) == expected, bump_reasons(result, "en")


def test_the_largest_change_wins(repo_copy: Path, tmp_path: Path) -> None:
    release = write_release(repo_copy, tmp_path / "releases")
    _set_status(repo_copy, "aterkallad")
    _add_resource(repo_copy)
    result = diff(open_side(release), open_side(repo_copy))
    reasons = bump_reasons(result, "en")
    assert required_bump(result) == "minor"
    assert reasons == [("minor", "new tables: nyheter"), ("patch", "beslut: 1 records withdrawn")]


def test_no_earlier_release_needs_no_bump(repo_copy: Path) -> None:
    result = diff(None, open_side(repo_copy))
    assert required_bump(result) is None
    outcome = check(result, None, "1.0.0")
    assert outcome.ok and outcome.first_release and "first version" in outcome.message("en")


@pytest.mark.parametrize(
    ("current", "bump", "expected"),
    [
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
        ("1.9.9", None, "1.9.9"),
    ],
)
def test_next_version(current: str, bump: str | None, expected: str) -> None:
    assert next_version(current, bump) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [("1.2.3", "2.0.0", "major"), ("1.2.3", "1.3.0", "minor"), ("1.2.3", "1.2.4", "patch"), ("1.2.3", "1.2.3", None),
     ("1.9.0", "1.10.0", "minor")],
)  # fmt: skip
def test_claimed_bump(old: str, new: str, expected: str | None) -> None:
    assert claimed_bump(old, new) == expected


@pytest.mark.parametrize(
    "version",
    ["1.2", "v1.2.3", "1.2.3-rc1", "1.2.3+build.5", "01.2.3", "1.02.3", "1.2.03", "00.0.0", "", "1.2.3\n",
     " 1.2.3", "1.2.3 ", "1..3", "1.2.3.4", "-1.2.3", "1.2.-3", "\u0661.\u0662.\u0663", "１.２.３", None, 1, 1.2],
)  # fmt: skip
def test_a_malformed_version_is_refused(version: object) -> None:
    with pytest.raises(RefusedError, match=r"MAJOR\.MINOR\.PATCH"):
        parse_version(version)


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.0.0", (0, 0, 0)), ("1.2.3", (1, 2, 3)), ("10.20.30", (10, 20, 30)), ("0.10.0", (0, 10, 0)),
     ("1.0.100", (1, 0, 100)), ("999999999999.0.0", (999999999999, 0, 0))],
)  # fmt: skip
def test_a_semver_core_is_parsed(version: str, expected: tuple[int, int, int]) -> None:
    assert parse_version(version) == expected


def test_every_stage_orders_and_refuses_versions_alike(tmp_path: Path) -> None:
    """One parser: the release registry, bump, CKAN and the DCAT feed all refuse "01.2.3" and sort 1.10 after 1.9."""
    from oppnadata.errors import DescriptorError
    from oppnadata.publishing import dcat
    from oppnadata.publishing.ckan import desired, plan
    from oppnadata.releasing import releases

    assert releases.parse_version is parse_version is plan.parse_version
    assert desired.releases.parse_version is parse_version
    with pytest.raises(DescriptorError, match=r"'01\.2\.3' is not of the form MAJOR\.MINOR\.PATCH"):
        dcat._version("01.2.3")
    for name in ("pkg-01.2.3.zip", "pkg-1.9.0.zip"):
        (tmp_path / name).write_bytes(b"")
    with pytest.raises(RefusedError, match=r"'01\.2\.3'"):
        releases.list_releases(tmp_path, "pkg")
    (tmp_path / "pkg-01.2.3.zip").unlink()
    (tmp_path / "pkg-1.10.0.zip").write_bytes(b"")
    assert [r.version for r in releases.list_releases(tmp_path, "pkg")] == ["1.9.0", "1.10.0"]


def test_a_version_going_backwards_is_refused() -> None:
    with pytest.raises(RefusedError, match="goes backwards"):
        claimed_bump("1.3.0", "1.2.9")


@pytest.fixture
def minor_change(repo_copy: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    release = write_release(repo_copy, tmp_path / "releases")
    _add_resource(repo_copy)
    return diff(open_side(release), open_side(repo_copy))


def test_check_refuses_a_patch_when_minor_is_needed(minor_change) -> None:  # type: ignore[no-untyped-def]
    outcome = check(minor_change, "1.0.0", "1.0.1")
    assert not outcome.ok
    assert (outcome.required, outcome.claimed, outcome.suggested) == ("minor", "patch", "1.1.0")
    assert "1.1.0" in outcome.message("en") and "1.1.0" in outcome.message("sv")


def test_check_refuses_an_unchanged_version(minor_change) -> None:  # type: ignore[no-untyped-def]
    assert not check(minor_change, "1.0.0", "1.0.0").ok


@pytest.mark.parametrize("claimed", ["1.1.0", "2.0.0"])
def test_check_accepts_the_needed_or_a_larger_bump(minor_change, claimed: str) -> None:  # type: ignore[no-untyped-def]
    assert check(minor_change, "1.0.0", claimed).ok


def test_latest_release_orders_by_semver(tmp_path: Path) -> None:
    assert latest_release(tmp_path / "missing", "pkg") is None
    for name in ("pkg-1.9.0.zip", "pkg-1.10.0.zip", "pkg-1.2.0.zip", "pkg-extra-9.0.0.zip", "pkg-2.0.zip"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "pkg-1.10.0.zip.sha256").write_text("x")
    assert latest_release(tmp_path, "pkg") == tmp_path / "pkg-1.10.0.zip"
    assert latest_release(tmp_path, "other") is None


def test_apply_bump_rewrites_version_and_date_only(repo_copy: Path) -> None:
    path = repo_copy / "datapackage.json"
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    apply_bump(repo_copy, "1.1.0", date(2026, 12, 1))
    after = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ('  "version": "1.0.0",\n', '  "version": "1.1.0",\n'),
        ('  "created": "2026-11-26T00:00:00Z",\n', '  "created": "2026-12-01T00:00:00Z",\n'),
    ]
    assert sorted(p.name for p in repo_copy.iterdir() if p.name.startswith(".")) == []


def test_apply_bump_adds_missing_keys_beside_the_name(tmp_path: Path) -> None:
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps({"name": "p", "title": "Å", "resources": []}), encoding="utf-8")
    apply_bump(path, "1.0.0", "2026-01-02")
    text = path.read_text(encoding="utf-8")
    assert list(json.loads(text)) == ["name", "version", "created", "title", "resources"]
    assert '"title": "Å"' in text and text.endswith("}\n")


def test_apply_bump_is_atomic(repo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = repo_copy / "datapackage.json"
    original = path.read_bytes()

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        apply_bump(repo_copy, "2.0.0", "2027-01-01")
    assert path.read_bytes() == original
    assert [p.name for p in repo_copy.iterdir() if p.name.endswith(".tmp")] == []


def test_plan_bump_finds_the_last_release_and_bumps_once(repo_copy: Path) -> None:
    releases = repo_copy / "releases"
    write_release(repo_copy, releases, version="0.9.0", as_zip=True)
    write_release(repo_copy, releases, as_zip=True)  # 1.0.0, the newest
    _set_status(repo_copy, "aterkallad")
    plan = plan_bump(repo_copy / "datapackage.json")
    assert plan.release == releases / "hit-gar-pengarna-1.0.0.zip"
    assert (plan.check.ok, plan.check.required, plan.version) == (False, "patch", "1.0.1")
    assert "PATCH  beslut: 1 records withdrawn" in plan.render("en")
    assert plan.write(date(2026, 12, 1))
    again = plan_bump(repo_copy)
    assert (again.check.ok, again.version, again.current) == (True, "1.0.1", "1.0.1")
    assert not again.write()  # running bump twice changes nothing, not even the date
    descriptor = json.loads((repo_copy / "datapackage.json").read_text(encoding="utf-8"))
    assert (descriptor["version"], descriptor["created"]) == ("1.0.1", "2026-12-01T00:00:00Z")


def test_bump_writes_nothing_when_nothing_changed(repo_copy: Path) -> None:
    write_release(repo_copy, repo_copy / "releases", as_zip=True)
    original = (repo_copy / "datapackage.json").read_bytes()
    plan = plan_bump(repo_copy)
    assert (plan.check.ok, plan.check.required, plan.version) == (True, None, "1.0.0")
    assert not plan.write(date(2027, 1, 1))  # the released version keeps its release date
    assert (repo_copy / "datapackage.json").read_bytes() == original


def test_plan_bump_without_releases_is_the_first_version(repo_copy: Path) -> None:
    plan = plan_bump(repo_copy)
    assert plan.release is None and plan.check.ok and plan.version == "1.0.0"
    assert plan.render("sv").startswith("Ingen tidigare utgåva i releases/.")


# --- derived tables: built by the code, so a new one is a change the working tree alone does not show -----------


def _code_derived(tree: Path) -> dict[str, dict[str, Any]]:
    return aggregates.derived_schemas(load_config(tree / CONFIG_FILENAME), ["beslut"])


def test_bump_notices_a_derived_table_the_last_release_lacks(repo_copy: Path) -> None:
    derived = _code_derived(repo_copy)
    newest = list(derived)[-1]
    older = {name: schema for name, schema in derived.items() if name != newest}
    write_release(repo_copy, repo_copy / "releases", as_zip=True, derived=older)
    plan = plan_bump(repo_copy)
    assert (plan.check.ok, plan.check.required, plan.version) == (False, "minor", "1.1.0")
    assert f"MINOR  new tables: {newest}" in plan.render("en")
    assert plan.write(date(2026, 12, 1))


def test_bump_notices_a_dropped_or_reshaped_derived_table(repo_copy: Path) -> None:
    derived = _code_derived(repo_copy)
    write_release(
        repo_copy, repo_copy / "releases", as_zip=True, derived={**derived, "gammal_tabell": {"fields": []}}
    )
    plan = plan_bump(repo_copy)
    assert (plan.check.required, plan.version) == ("major", "2.0.0")
    assert "tables removed: gammal_tabell" in plan.render("en")

    totals = "totaler_ar_stodform_kommun"
    fewer = {**derived[totals], "fields": derived[totals]["fields"][:-1]}
    shutil.rmtree(repo_copy / "releases")
    write_release(repo_copy, repo_copy / "releases", as_zip=True, derived={**derived, totals: fewer})
    plan = plan_bump(repo_copy)
    added = derived[totals]["fields"][-1]["name"]
    assert plan.check.required == "major" and plan.diff.tables[totals].schema[0].field == added
    assert f"MAJOR  {totals}: " in plan.render("en")


def test_bump_after_a_real_release_notices_a_new_derived_table(
    repo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trap of issue 12: a derived table added in code after 1.0.0 was released; bump said no bump."""
    result = CliRunner().invoke(
        main, ["release", str(repo_copy / "datapackage.json"), "--out", str(repo_copy / "dist")]
    )
    assert result.exit_code == 0, result.output
    plan = plan_bump(repo_copy)
    assert (plan.check.ok, plan.check.required) == (True, None)  # the code's derived tables are the release's

    spec = replace(aggregates.TOTALS, name="totaler_ar", title="Totaler per år", title_en="Totals by year")
    tables = aggregates._derived_tables()
    monkeypatch.setattr(aggregates, "_derived_tables", lambda: (*tables, (lambda config: spec, tables[0][1])))
    plan = plan_bump(repo_copy)
    assert (plan.check.ok, plan.check.required, plan.version) == (False, "minor", "1.1.0")
    assert "MINOR  new tables: totaler_ar" in plan.render("en")
    assert "MINOR  nya tabeller: totaler_ar" in plan.render("sv")
