"""diffing: sides (folder, zip, working tree), the keyed record diff, schema and metadata changes, rendering.

Each test prepares a pair of sides: a release written from an untouched copy of the repository's package,
and the copy after one deliberate edit. The diff must report exactly that edit.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from oppnadata.config import CONFIG_FILENAME, load_config
from oppnadata.descriptor import load_package
from oppnadata.errors import DescriptorError
from oppnadata.releasing.aggregates import derived_schemas
from oppnadata.releasing.changelog import changelog_entry, render_text
from oppnadata.releasing.diffing import (
    Diff,
    FieldChange,
    RecordChange,
    SchemaChange,
    diff,
    open_side,
)
from oppnadata.validating.validation import read_table

# --- helpers: a release folder or zip written from a working tree, and edits to a working tree -----------


def write_release(
    tree: Path,
    out: Path,
    *,
    version: str | None = None,
    as_zip: bool = False,
    derived: dict[str, dict[str, Any]] | None = None,
) -> Path:
    """A release in the layout `oppnadata build` writes: canonical tables in data/, JSON schemas, an
    Excel-sv twin of every table (deliberately garbage: it must never be compared) and the derived tables
    (``derived``: name → schema, by default those the code derives)."""
    package = load_package(tree)
    descriptor = {k: v for k, v in package.descriptor.items() if k not in ("resources", "profile")}
    descriptor["version"] = version = version or str(descriptor["version"])
    root = f"{package.name}-{version}"
    files: dict[str, bytes] = {}
    resources: list[dict[str, Any]] = []
    for name, spec in package.resources.items():
        data = spec.path.read_bytes()
        files[f"data/{name}.csv"] = data
        files[f"schemas/{name}.json"] = json.dumps(spec.schema, ensure_ascii=False, indent=2).encode()
        files[f"data/excel-sv/{name}.csv"] = "\ufeffnot;the;same\n1;2;3\n".encode()
        meta = {k: spec.descriptor[k] for k in ("title", "title_en", "description", "description_en")}
        for flavour, path in (("canonical", f"data/{name}.csv"), ("excel-sv", f"data/excel-sv/{name}.csv")):
            resources.append(
                {
                    "name": name if flavour == "canonical" else f"{name}-excel-sv",
                    "table": name,
                    "flavour": flavour,
                    "derived": False,
                    "path": path,
                    "schema": f"schemas/{name}.json",
                    **meta,
                    "bytes": len(files[path]),
                    "hash": "sha256:" + hashlib.sha256(files[path]).hexdigest(),
                }
            )
    # the derived tables a build of this tree holds (their schemas from the code; rows deliberately not the
    # real ones: a derived table is compared by its schema only)
    config = load_config(tree / CONFIG_FILENAME)
    for name, schema in (
        derived if derived is not None else derived_schemas(config, package.resources)
    ).items():
        header = ",".join(f["name"] for f in schema["fields"])
        files[f"data/{name}.csv"] = (
            f"{header}\n{len(read_table(package.resources['beslut'].path))}\n".encode()
        )
        files[f"schemas/{name}.json"] = json.dumps(schema, ensure_ascii=False).encode()
        resources.append(
            {"name": name, "table": name, "flavour": "canonical", "derived": True,
             "path": f"data/{name}.csv", "schema": f"schemas/{name}.json"}
        )  # fmt: skip
    files["datapackage.json"] = json.dumps({**descriptor, "resources": resources}, indent=2).encode()
    out.mkdir(parents=True, exist_ok=True)
    if as_zip:
        target = out / f"{root}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for relpath in sorted(files):
                archive.writestr(f"{root}/{relpath}", files[relpath])
        return target
    for relpath, data in files.items():
        (out / root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (out / root / relpath).write_bytes(data)
    return out / root


def edit_table(tree: Path, table: str, change: Callable[[pd.DataFrame], pd.DataFrame]) -> None:
    path = tree / "datasets" / f"{table}.csv"
    change(read_table(path)).to_csv(path, index=False, lineterminator="\n")


def edit_schema(tree: Path, table: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = tree / "schemas" / f"{table}.yaml"
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(schema)
    path.write_text(yaml.safe_dump(schema, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_descriptor(tree: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = tree / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def field_of(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in schema["fields"] if f["name"] == name)


@pytest.fixture
def before(repo_copy: Path, tmp_path: Path) -> Path:
    """The release (a folder) of the untouched package; edit ``repo_copy`` afterwards to make the new side."""
    return write_release(repo_copy, tmp_path / "releases")


def changes_of(old: Path, new: Path) -> Diff:
    return diff(open_side(old), open_side(new))


def beslut_ids(tree: Path, status: str, count: int) -> list[str]:
    frame = read_table(tree / "datasets" / "beslut.csv")
    return list(frame.loc[frame["status"] == status, "arende_id"].iloc[:count])


# --- sides -----------------------------------------------------------------------------------------------


def test_a_release_and_the_tree_it_was_built_from_are_equal(repo_copy: Path, before: Path) -> None:
    result = changes_of(before, repo_copy)
    assert not result.changed, render_text(result, "en")
    assert set(result.tables) == set(load_package(repo_copy).resources)  # not the derived tables


def test_open_side_reads_folder_zip_and_working_tree(repo_copy: Path, tmp_path: Path) -> None:
    folder = write_release(repo_copy, tmp_path / "f")
    archive = write_release(repo_copy, tmp_path / "z", as_zip=True)
    kinds = {open_side(p).kind for p in (folder, archive, repo_copy, repo_copy / "datapackage.json")}
    assert kinds == {"release-folder", "release-zip", "working-tree"}
    side = open_side(archive)
    assert side.version == "1.0.0" and "beslut-excel-sv" not in side.tables
    assert side.derived is not None and "totaler_ar_stodform_kommun" in side.derived
    assert not set(side.derived) & set(side.tables)
    assert open_side(repo_copy).derived is None  # a working tree's derived tables exist only once built
    assert len(side.tables["beslut"].load()) == len(read_table(repo_copy / "datasets" / "beslut.csv"))


def test_zip_and_folder_of_the_same_release_give_identical_diffs(repo_copy: Path, tmp_path: Path) -> None:
    folder = write_release(repo_copy, tmp_path / "f")
    archive = write_release(repo_copy, tmp_path / "z", as_zip=True)
    corrected = beslut_ids(repo_copy, "avslutad", 1)[0]
    edit_table(
        repo_copy,
        "beslut",
        lambda f: f.assign(projektnamn=f["projektnamn"].where(f["arende_id"] != corrected, "Nytt namn")),
    )
    edit_table(repo_copy, "utbetalningar", lambda f: f.iloc[1:])
    from_folder = changes_of(folder, repo_copy).to_dict()
    from_zip = changes_of(archive, repo_copy).to_dict()
    for result in (from_folder, from_zip):
        result.pop("old")
    assert from_folder == from_zip
    assert from_zip["tables"]["beslut"]["counts"]["corrected"] == 1


def _evil_zip(path: Path, name: str, *, symlink: bool = False) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("pkg-1.0.0/datapackage.json", '{"name": "pkg", "version": "1.0.0", "resources": []}')
        info = zipfile.ZipInfo(name)
        if symlink:
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd" if symlink else "x")
    return path


@pytest.mark.parametrize(
    ("entry", "symlink", "reason"),
    [
        ("pkg-1.0.0/../evil", False, "'..'"),
        ("../evil", False, "'..'"),
        ("/abs", False, "absolute"),
        ("C:/windows/evil", False, "absolute"),
        ("pkg-1.0.0\\..\\evil", False, "backslash"),
        ("pkg-1.0.0/data/link.csv", True, "symbolic link"),
        ("elsewhere/file.csv", False, "not all inside one folder"),
    ],
)
def test_unsafe_zip_entries_are_refused(tmp_path: Path, entry: str, symlink: bool, reason: str) -> None:
    archive = _evil_zip(tmp_path / "pkg-1.0.0.zip", entry, symlink=symlink)
    with pytest.raises(DescriptorError, match=reason):
        open_side(archive)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg-1.0.0.zip"]  # nothing was extracted


def test_a_descriptor_path_leaving_the_release_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "pkg-1.0.0.zip"
    resource = {"name": "t", "path": "../outside.csv", "schema": {"fields": []}}
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("pkg-1.0.0/datapackage.json", json.dumps({"name": "pkg", "resources": [resource]}))
    with pytest.raises(DescriptorError, match="outside the release"):
        open_side(archive)


def test_a_missing_or_broken_release_cannot_be_opened(tmp_path: Path) -> None:
    with pytest.raises(DescriptorError, match="does not exist"):
        open_side(tmp_path / "nope-1.0.0.zip")
    (tmp_path / "broken-1.0.0.zip").write_bytes(b"PK not really")
    with pytest.raises(DescriptorError, match="not a readable zip"):
        open_side(tmp_path / "broken-1.0.0.zip")


# --- records ---------------------------------------------------------------------------------------------


def test_records_added_corrected_withdrawn_and_removed(repo_copy: Path, before: Path) -> None:
    corrected, withdrawn, removed = beslut_ids(repo_copy, "avslutad", 3)

    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        at = frame.index[frame["arende_id"] == corrected][0]
        old_amount = frame.at[at, "beviljat_belopp"]
        frame.at[at, "beviljat_belopp"] = "123456"
        frame.attrs["old_amount"] = old_amount
        at = frame.index[frame["arende_id"] == withdrawn][0]
        frame.at[at, "status"] = "aterkallad"
        frame.at[at, "aterkallelsedatum"] = "2025-06-30"
        new = frame.iloc[[0]].assign(arende_id="29999999")
        return pd.concat([frame[frame["arende_id"] != removed], new], ignore_index=True)

    old_amount = (
        read_table(repo_copy / "datasets" / "beslut.csv")
        .set_index("arende_id")
        .at[corrected, "beviljat_belopp"]
    )
    edit_table(repo_copy, "beslut", edit)
    result = changes_of(before, repo_copy)
    beslut = result.tables["beslut"]
    assert beslut.added == [("29999999",)]
    assert beslut.removed == [(removed,)]
    assert beslut.corrected == [
        RecordChange((corrected,), (FieldChange("beviljat_belopp", old_amount, "123456"),))
    ]
    assert beslut.withdrawn == [
        RecordChange(
            (withdrawn,),
            (
                FieldChange("status", "avslutad", "aterkallad"),
                FieldChange("aterkallelsedatum", "", "2025-06-30"),
            ),
        )
    ]
    assert beslut.schema == [] and beslut.metadata == []
    assert [name for name, t in result.tables.items() if t.changed] == ["beslut"]
    assert (beslut.rows_old, beslut.rows_new) == (beslut.rows_new, beslut.rows_old)


def test_composite_keys_and_numbers_compared_as_numbers(repo_copy: Path, before: Path) -> None:
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.at[0, "belopp"] = frame.at[0, "belopp"] + ".0"  # same amount, other spelling
        frame.at[1, "belopp"] = "1"
        return frame

    first = read_table(repo_copy / "datasets" / "utbetalningar.csv").iloc[1]
    edit_table(repo_copy, "utbetalningar", edit)
    table = changes_of(before, repo_copy).tables["utbetalningar"]
    assert table.primary_key == ["arende_id", "ar", "typ"]
    key = (first["arende_id"], first["ar"], first["typ"])
    assert table.corrected == [RecordChange(key, (FieldChange("belopp", first["belopp"], "1"),))]


def test_a_table_without_primary_key_compares_whole_rows(repo_copy: Path, before: Path) -> None:
    edit_schema(repo_copy, "kommuner", lambda s: s.pop("primaryKey"))
    release = write_release(repo_copy, repo_copy.parent / "nokey")
    edit_table(
        repo_copy,
        "kommuner",
        lambda f: f.assign(kommunnamn=f["kommunnamn"].replace("Ragunda", "Ragunda kommun")),
    )
    table = changes_of(release, repo_copy).tables["kommuner"]
    assert ("no-primary-key", {}) in table.notes
    assert len(table.added) == len(table.removed) == 1 and table.corrected == []


def test_a_hundred_thousand_rows_diff_exactly(tmp_path: Path) -> None:
    def package(folder: Path, frame: pd.DataFrame) -> Path:
        (folder / "datasets").mkdir(parents=True)
        frame.to_csv(folder / "datasets" / "stor.csv", index=False)
        schema = {
            "primaryKey": ["id", "ar"],
            "fields": [{"name": c, "type": "integer" if c == "belopp" else "string"} for c in frame.columns],
        }
        resource = {"name": "stor", "path": "datasets/stor.csv", "schema": schema}
        (folder / "datapackage.json").write_text(
            json.dumps({"name": "p", "version": "1.0.0", "resources": [resource]})
        )
        return folder

    n = 100_000
    frame = pd.DataFrame({"id": [f"{i:08d}" for i in range(n)], "ar": "2025", "belopp": [str(i) for i in range(n)],
                          "status": "avslutad", "text": "x" * 40})  # fmt: skip
    old = package(tmp_path / "old", frame)
    edited = frame.copy()
    edited.loc[::10_000, "belopp"] = "-1"
    edited.loc[5::20_000, "status"] = "aterkallad"
    new = package(tmp_path / "new", edited.iloc[:-3])
    table = changes_of(old, new).tables["stor"]  # its speed is measured by scripts/benchmark, not here
    assert (len(table.corrected), len(table.withdrawn), len(table.removed)) == (10, 5, 3)


# --- schemas and metadata --------------------------------------------------------------------------------

SCHEMA_CASES: dict[str, tuple[Callable[[Path], None], list[SchemaChange]]] = {
    "field added": (
        lambda t: (
            edit_schema(t, "kommuner", lambda s: s["fields"].append({"name": "yta_km2", "type": "number"})),
            edit_table(t, "kommuner", lambda f: f.assign(yta_km2="100.5")),
        ),
        [SchemaChange("field_added", "yta_km2", new="number")],
    ),
    "field removed": (
        lambda t: (
            edit_schema(t, "kommuner", lambda s: s["fields"].pop()),
            edit_table(t, "kommuner", lambda f: f.drop(columns=["territoriell_typ"])),
        ),
        [SchemaChange("field_removed", "territoriell_typ", old="string")],
    ),
    "field renamed": (
        lambda t: (
            edit_schema(t, "kommuner", lambda s: field_of(s, "kommunnamn").update(name="namn")),
            edit_table(t, "kommuner", lambda f: f.rename(columns={"kommunnamn": "namn"})),
        ),
        [SchemaChange("field_renamed", "namn", old="kommunnamn", new="namn", note="heuristic: same position and type")],
    ),
    "fields reordered": (
        lambda t: (
            edit_schema(t, "strategiomraden", lambda s: s["fields"].reverse()),
            edit_table(t, "strategiomraden", lambda f: f[list(reversed(f.columns))]),
        ),
        [SchemaChange("fields_reordered", old=["kod", "benamning", "benamning_en"], new=["benamning_en", "benamning", "kod"])],
    ),
    "field retyped": (
        lambda t: edit_schema(t, "utbetalningar", lambda s: field_of(s, "belopp").update(type="number")),
        [SchemaChange("field_retyped", "belopp", old="integer", new="number")],
    ),
    "enum narrowed": (
        lambda t: edit_schema(t, "beslut", lambda s: field_of(s, "status")["constraints"]["enum"].remove("beviljad")),
        [SchemaChange("constraint_tightened", "status", old=["beviljad", "pagaende", "avslutad", "aterkallad"],
                      new=["pagaende", "avslutad", "aterkallad"], constraint="enum")],
    ),
    "enum widened": (
        lambda t: edit_schema(t, "beslut", lambda s: field_of(s, "status")["constraints"]["enum"].append("overklagad")),
        [SchemaChange("constraint_loosened", "status", old=["beviljad", "pagaende", "avslutad", "aterkallad"],
                      new=["beviljad", "pagaende", "avslutad", "aterkallad", "overklagad"], constraint="enum")],
    ),
    "required dropped": (
        lambda t: edit_schema(t, "beslut", lambda s: field_of(s, "status")["constraints"].pop("required")),
        [SchemaChange("constraint_loosened", "status", old=True, new=None, constraint="required")],
    ),
    "pattern changed": (
        lambda t: edit_schema(t, "beslut", lambda s: field_of(s, "arende_id")["constraints"].update(pattern="^[0-9]{8}$")),
        [SchemaChange("constraint_tightened", "arende_id", old="^([0-9]{6}|[0-9]{8})$", new="^[0-9]{8}$", constraint="pattern")],
    ),
    "primary key changed": (
        lambda t: edit_schema(t, "kommuner", lambda s: s.update(primaryKey=["kommunkod", "lanskod"])),
        [SchemaChange("primary_key_changed", old=["kommunkod"], new=["kommunkod", "lanskod"])],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(SCHEMA_CASES))
def test_schema_changes_are_reported_exactly(repo_copy: Path, before: Path, case: str) -> None:
    edit, expected = SCHEMA_CASES[case]
    edit(repo_copy)
    result = changes_of(before, repo_copy)
    changed = {name: t.schema for name, t in result.tables.items() if t.schema}
    assert list(changed.values()) == [expected]
    if case != "primary key changed":  # the table's records are matched as before: none changed
        assert all(not (t.added or t.removed or t.corrected) for t in result.tables.values())


def test_minimum_raised_is_tightened_and_lowered_is_loosened(repo_copy: Path, tmp_path: Path) -> None:
    minimum = lambda value: lambda s: field_of(s, "beviljat_belopp")["constraints"].update(minimum=value)  # noqa: E731
    edit_schema(repo_copy, "beslut", minimum(0))
    low = write_release(repo_copy, tmp_path / "low")
    edit_schema(repo_copy, "beslut", minimum(1))
    [change] = changes_of(low, repo_copy).tables["beslut"].schema
    assert (change.kind, change.constraint, change.old, change.new) == (
        "constraint_tightened",
        "minimum",
        0,
        1,
    )
    [change] = diff(open_side(repo_copy), open_side(low)).tables["beslut"].schema
    assert change.kind == "constraint_loosened"


def test_resources_added_and_removed(repo_copy: Path, before: Path) -> None:
    def descriptor(d: dict[str, Any]) -> None:
        d["resources"] = [r for r in d["resources"] if r["name"] != "rapporter"]
        d["resources"].append(
            {
                "name": "nyheter",
                "path": "datasets/nyheter.csv",
                "profile": "tabular-data-resource",
                "schema": "schemas/nyheter.yaml",
            }
        )

    (repo_copy / "datasets" / "nyheter.csv").write_text("id,rubrik\n1,Hej\n", encoding="utf-8")
    (repo_copy / "schemas" / "nyheter.yaml").write_text(
        "fields: [{name: id}, {name: rubrik}]\nprimaryKey: [id]\n"
    )
    edit_descriptor(repo_copy, descriptor)
    result = changes_of(before, repo_copy)
    assert (result.resources_added, result.resources_removed) == (["nyheter"], ["rapporter"])
    assert "rapporter" not in result.tables and "nyheter" not in result.tables


def test_descriptive_metadata_changes(repo_copy: Path, before: Path) -> None:
    edit_descriptor(repo_copy, lambda d: d.update(title_en="Where the money goes"))
    edit_descriptor(repo_copy, lambda d: d["resources"][0].update(description="Ny beskrivning."))
    edit_schema(repo_copy, "beslut", lambda s: field_of(s, "status").update(title="Beslutsstatus"))
    result = changes_of(before, repo_copy)
    assert [(m.scope, m.key, m.new) for m in result.metadata] == [
        ("package", "title_en", "Where the money goes")
    ]
    assert [(m.scope, m.key, m.new) for m in result.tables["kommuner"].metadata] == [
        ("resource", "description", "Ny beskrivning.")
    ]
    assert [(m.scope, m.field, m.key, m.old, m.new) for m in result.tables["beslut"].metadata] == [
        ("field", "status", "title", "Status", "Beslutsstatus")
    ]
    assert all(not t.schema for t in result.tables.values())


# --- output ----------------------------------------------------------------------------------------------


@pytest.fixture
def mixed(repo_copy: Path, before: Path) -> Diff:
    corrected, withdrawn = beslut_ids(repo_copy, "avslutad", 2)

    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.loc[frame["arende_id"] == corrected, "projektnamn"] = "Rättat namn"
        frame.loc[frame["arende_id"] == withdrawn, "status"] = "aterkallad"
        extra = frame.iloc[:15].assign(arende_id=[f"2999{i:04d}" for i in range(15)])
        return pd.concat([frame, extra], ignore_index=True)

    edit_table(repo_copy, "beslut", edit)
    edit_schema(
        repo_copy, "beslut", lambda s: field_of(s, "status")["constraints"]["enum"].append("overklagad")
    )
    return changes_of(before, repo_copy)


def test_to_dict_is_json_ready_and_stable(mixed: Diff) -> None:
    data = mixed.to_dict()
    assert json.dumps(data, ensure_ascii=False, sort_keys=False) == json.dumps(
        mixed.to_dict(), ensure_ascii=False
    )
    beslut = data["tables"]["beslut"]
    assert beslut["counts"] == {"added": 15, "corrected": 1, "withdrawn": 1, "removed": 0}
    assert beslut["added"][0] == {"arende_id": "29990000"}
    assert beslut["withdrawn"][0]["changes"] == [{"field": "status", "old": "avslutad", "new": "aterkallad"}]
    assert beslut["schema"][0]["kind"] == "constraint_loosened"
    assert list(data["tables"]) == sorted(data["tables"])
    assert data["old"]["version"] == data["new"]["version"] == "1.0.0" and data["first_release"] is False


def test_render_text_in_swedish_and_english(mixed: Diff) -> None:
    sv = render_text(mixed, "sv", limit=10)
    en = render_text(mixed, "en", limit=10)
    assert "tillagda (15): 29990000" in sv and "… och 5 till" in sv
    assert "added (15): 29990000" in en and "… and 5 more" in en
    assert "återkallade (1)" in sv and "status avslutad → aterkallad" in sv
    assert "villkor lättat: status enum" in sv and "constraint loosened: status enum" in en
    assert "Oförändrade tabeller (13)" in sv


def test_changelog_entry(mixed: Diff) -> None:
    entry = changelog_entry(mixed, "1.1.0", "2026-12-01", "both", limit=3, bump="minor")
    assert entry.startswith("## 1.1.0 – 2026-12-01\n\n### Svenska\n\nÄndringar sedan 1.0.0 (MINOR).")
    assert "### English" in entry
    assert "- **beslut**: 15 tillagda, 1 rättade, 1 återkallade" in entry
    assert "  - Tillagda: `29990000`, `29990001`, `29990002`, … och 12 till" in entry
    assert "  - Added: `29990000`" in entry
    assert "  - Rättade: `" in entry and "` (projektnamn)" in entry
    assert changelog_entry(mixed, "1.1.0", "2026-12-01", "en").count("##") == 1


def test_first_release(repo_copy: Path) -> None:
    result = diff(None, open_side(repo_copy))
    assert result.first_release and result.changed and len(result.resources_added) == 14
    assert render_text(result, "en") == "No earlier release: 1.0.0 is the first version (14 tables).\n"
    assert result.to_dict()["old"] is None
    assert "Första" not in changelog_entry(result, "1.0.0", "2026-01-01", "en")


def test_side_labels_never_leak_into_equality(repo_copy: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(repo_copy, copy)
    assert not changes_of(repo_copy, copy).changed
