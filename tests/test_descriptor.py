"""descriptor.py: reading a package without leaving its folder or touching the network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from oppnadata.descriptor import load_package, read_structured, safe_local_path
from oppnadata.errors import DescriptorError, OppnadataError

from .conftest import PACKAGE


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "pkg"
    (folder / "datasets").mkdir(parents=True)
    (folder / "datasets" / "beslut.csv").write_text("arende_id\n300375\n", encoding="utf-8")
    return folder


# --- safe_local_path ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    ["datasets/beslut.csv", "./datasets/beslut.csv", "datasets/../datasets/beslut.csv", "datasets//beslut.csv",
     "datasets/not-yet-written.csv", "beslut.csv"],
)  # fmt: skip
def test_paths_inside_the_package(root: Path, ref: str) -> None:
    resolved = safe_local_path(root, ref, what="The path")
    assert resolved == (root / ref).resolve()
    assert resolved.is_relative_to(root.resolve())


@pytest.mark.parametrize(
    "ref",
    [
        "../beslut.csv",
        "../../etc/passwd",
        "datasets/../../outside.csv",
        "datasets/../..",
        "..",
        "./../pkg2/x.csv",
    ],
)
def test_paths_that_climb_out_are_refused(root: Path, ref: str) -> None:
    with pytest.raises(DescriptorError, match="points outside the package folder") as info:
        safe_local_path(root, ref, what="The path of resource 'beslut'")
    assert info.value.hint == "Keep every table and schema inside the package folder."
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    "ref", ["/etc/passwd", "/", "\\\\server\\share\\beslut.csv", "\\beslut.csv", "C:\\data\\beslut.csv",
            "c:/data/beslut.csv", "D:beslut.csv"],
)  # fmt: skip
def test_absolute_paths_are_refused(root: Path, ref: str) -> None:
    with pytest.raises(DescriptorError, match="is an absolute path") as info:
        safe_local_path(root, ref, what="The path")
    assert info.value.hint and "relative to datapackage.json" in info.value.hint


@pytest.mark.parametrize(
    "ref",
    ["http://example.org/beslut.csv", "https://example.org/schemas/beslut.yaml", "HTTPS://EXAMPLE.ORG/x.csv",
     "ftp://example.org/x.csv", "file:///etc/passwd", "s3://bucket/beslut.csv", "git+https://example.org/r.git"],
)  # fmt: skip
def test_remote_references_are_refused(root: Path, ref: str) -> None:
    with pytest.raises(DescriptorError, match="is remote") as info:
        safe_local_path(root, ref, what="The schema of resource 'beslut'")
    assert "not fetched" in info.value.message
    assert info.value.hint == "Copy the file into the package folder and refer to it by a relative path."


@pytest.mark.parametrize("ref", ["", "   ", None, 5, ["datasets/beslut.csv"], {"path": "x"}])
def test_non_paths_are_refused(root: Path, ref: Any) -> None:
    with pytest.raises(DescriptorError, match="must be a relative path"):
        safe_local_path(root, ref, what="The path")


def test_symlink_inside_is_followed(root: Path) -> None:
    (root / "datasets" / "alias.csv").symlink_to("beslut.csv")
    assert (
        safe_local_path(root, "datasets/alias.csv", what="The path")
        == (root / "datasets" / "beslut.csv").resolve()
    )


def test_symlink_pointing_outside_is_refused(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("x\n", encoding="utf-8")
    (root / "datasets" / "leak.csv").symlink_to(secret)
    with pytest.raises(DescriptorError, match="points outside"):
        safe_local_path(root, "datasets/leak.csv", what="The path")


def test_symlinked_folder_pointing_outside_is_refused(root: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "beslut.csv").write_text("x\n", encoding="utf-8")
    (root / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(DescriptorError, match="points outside"):
        safe_local_path(root, "linked/beslut.csv", what="The path")


def test_package_root_reached_through_a_symlink(root: Path, tmp_path: Path) -> None:
    link = tmp_path / "link-to-pkg"
    link.symlink_to(root, target_is_directory=True)
    assert (
        safe_local_path(link, "datasets/beslut.csv", what="The path")
        == (root / "datasets" / "beslut.csv").resolve()
    )


def test_descriptor_error_is_the_tools_own_error() -> None:
    assert issubclass(DescriptorError, OppnadataError)
    err = DescriptorError("The path is bad", hint="Fix it.")
    assert (err.message, err.hint, err.exit_code, str(err)) == (
        "The path is bad",
        "Fix it.",
        2,
        "The path is bad\nFix it.",
    )


# --- read_structured -----------------------------------------------------------------------------------------------


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text("a: &x [1, 2]\nb: *x\n", encoding="utf-8")
    with pytest.raises(DescriptorError, match="aliases are not allowed"):
        read_structured(path, what="The schema")


def test_yaml_python_tags_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text("fields: !!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(DescriptorError, match="cannot be parsed"):
        read_structured(path, what="The schema")


def test_plain_yaml_and_json_are_read(tmp_path: Path) -> None:
    (tmp_path / "s.yml").write_text("fields:\n  - name: arende_id\n", encoding="utf-8")
    (tmp_path / "s.json").write_text('{"fields": [{"name": "arende_id"}]}', encoding="utf-8")
    assert read_structured(tmp_path / "s.yml", what="x") == {"fields": [{"name": "arende_id"}]}
    assert read_structured(tmp_path / "s.json", what="x") == {"fields": [{"name": "arende_id"}]}


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(" " * (5 * 1024 * 1024 + 1), encoding="utf-8")
    with pytest.raises(DescriptorError, match="more than the 5242880"):
        read_structured(path, what="The package descriptor")


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(DescriptorError, match="does not exist"):
        read_structured(tmp_path / "nope.json", what="The package descriptor")
    (tmp_path / "latin1.json").write_bytes('{"name": "å"}'.encode("latin-1"))
    with pytest.raises(DescriptorError, match="is not UTF-8 text"):
        read_structured(tmp_path / "latin1.json", what="The package descriptor")
    with pytest.raises(DescriptorError, match="Cannot read"):
        read_structured(tmp_path, what="The package descriptor")  # a folder


# --- load_package ----------------------------------------------------------------------------------------------------


def test_fixture_package_loads() -> None:
    package = load_package(PACKAGE)
    names = {
        r["name"] for r in json.loads((PACKAGE / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    }
    assert set(package.resources) == names
    beslut = package.resources["beslut"]
    assert beslut.primary_key == ["arende_id"]
    assert beslut.path == (PACKAGE / "datasets" / "beslut.csv").resolve()
    assert beslut.field_names[0] == "arende_id"
    assert package.version and package.name


def _write(tmp_path: Path, resources: list[Any]) -> Path:
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps({"name": "p", "resources": resources}), encoding="utf-8")
    return path


def test_resource_without_schema_is_read_by_its_header(tmp_path: Path) -> None:
    """A resource may omit its schema (frictionless then takes the header's labels as the fields)."""
    spec = load_package(_write(tmp_path, [{"name": "t", "path": "t.csv"}])).resources["t"]
    assert (spec.has_schema, spec.field_names, spec.schema_ref) == (False, [], None)


def test_package_metadata_is_checked_as_frictionless_checks_it(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"name": "t", "path": "t.csv", "schema": {"fields": []}}])
    descriptor = json.loads(path.read_text("utf-8"))
    descriptor["licenses"] = [{"title": "Ingen namngiven licens"}]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DescriptorError, match='package-error: license requires "path" or "name"'):
        load_package(path)


def test_inline_schema_is_accepted(tmp_path: Path) -> None:
    path = _write(
        tmp_path, [{"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "a"}], "primaryKey": "a"}}]
    )
    spec = load_package(path).resources["t"]
    assert (spec.schema_ref, spec.field_names, spec.primary_key) == (None, ["a"], ["a"])


@pytest.mark.parametrize(
    ("resources", "fragment"),
    [
        ([{"path": "t.csv", "schema": {"fields": []}}], "resource #1 has no name"),
        (["t"], "resource #1 has no name"),
        (
            [{"name": "t", "path": "t.csv", "schema": {"fields": []}}] * 2,
            "the resource name 't' is used twice",
        ),
        ([{"name": "t", "path": "t.csv", "schema": {"primaryKey": "a"}}], "has no 'fields' list"),
        (
            [{"name": "t", "path": "t.csv", "schema": {"fields": [{"type": "string"}]}}],
            "a field without a name",
        ),
        ([{"name": "t", "path": "t.csv", "schema": "missing.yaml"}], "does not exist"),
        ([{"name": "t", "path": None, "schema": {"fields": []}}], "must be a relative path"),
        (
            [{"name": "Ett T", "path": "t.csv", "schema": {"fields": []}}],
            "resource-error: 'Ett T' does not match",
        ),
    ],
    ids=[
        "no-name",
        "not-an-object",
        "twice",
        "no-fields",
        "unnamed-field",
        "schema-missing",
        "no-path",
        "resource-name-not-a-slug",
    ],
)
def test_bad_resources(tmp_path: Path, resources: list[Any], fragment: str) -> None:
    with pytest.raises(DescriptorError, match=fragment):
        load_package(_write(tmp_path, resources))


# --- the schema check is remembered, never its failures ----------------------------------------------------------


def _schema_package(folder: Path, schema: dict[str, Any]) -> Path:
    (folder / "datasets").mkdir(parents=True, exist_ok=True)
    (folder / "datasets" / "t.csv").write_text("id\n1\n", encoding="utf-8")
    (folder / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    descriptor = {
        "name": "p",
        "resources": [{"name": "t", "path": "datasets/t.csv", "schema": "schema.json"}],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def test_a_schema_frictionless_accepted_is_not_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import frictionless

    monkeypatch.setenv("OPPNADATA_CACHE_DIR", str(tmp_path / "cache"))
    package = _schema_package(tmp_path / "pkg", {"fields": [{"name": "id", "type": "integer"}]})
    calls: list[object] = []
    original = frictionless.Schema.validate_descriptor

    def counted(descriptor: Any) -> Any:
        calls.append(descriptor)
        return original(descriptor)

    monkeypatch.setattr(frictionless.Schema, "validate_descriptor", counted)
    load_package(package)
    assert len(calls) == 1 and len(list((tmp_path / "cache" / "schema-checks").iterdir())) == 1
    load_package(package)
    assert len(calls) == 1  # remembered
    _schema_package(tmp_path / "pkg", {"fields": [{"name": "id", "type": "string"}]})
    load_package(package)
    assert len(calls) == 2  # another schema is another check


def test_a_refused_schema_is_refused_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPPNADATA_CACHE_DIR", str(tmp_path / "cache"))
    package = _schema_package(tmp_path / "pkg", {"fields": [{"name": "id", "type": "no-such-type"}]})
    for _ in range(2):
        with pytest.raises(DescriptorError, match="not a valid Table Schema"):
            load_package(package)
    assert not (tmp_path / "cache" / "schema-checks").exists()


def test_an_unwritable_cache_only_costs_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("OPPNADATA_CACHE_DIR", str(blocker))
    package = _schema_package(tmp_path / "pkg", {"fields": [{"name": "id", "type": "integer"}]})
    assert load_package(package).resources["t"].field_names == ["id"]
