"""The two sides of ``oppnadata diff``: read-only views of one version of the package each.

A side is a release folder, a release zip (read in place: its vetted entries are never extracted into
a folder; a table is copied to a temporary file only to be parsed) or the working tree
(``datapackage.json`` with ``schemas/`` and ``datasets/``). Only canonical, non-derived tables are
compared: the Excel flavour holds the same records, and derived tables change whenever their sources do.
An entry of a zip that would land outside its folder is refused.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..descriptor import DESCRIPTOR_NAME, MAX_DESCRIPTOR_BYTES, _NoAliasLoader, load_package
from ..errors import DescriptorError
from .csvflavours import read_canonical

if TYPE_CHECKING:
    import pyarrow as pa

CANONICAL = "canonical"
MAX_ENTRY_BYTES = 2 * 1024**3
_DRIVE = re.compile(r"^[A-Za-z]:")
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class TableSource:
    """One canonical table of a side: its resource entry, its schema, and how to read its rows."""

    name: str
    resource: dict[str, Any]
    schema: dict[str, Any]
    load: Callable[[], pa.Table] = field(repr=False, compare=False)  # its rows: strings, as read_table


@dataclass(frozen=True)
class Side:
    """A read-only view of one version of the package."""

    label: str
    kind: str  # "release-folder" | "release-zip" | "working-tree"
    descriptor: dict[str, Any] = field(repr=False)
    tables: dict[str, TableSource] = field(repr=False)
    # The derived tables (computed at build time, so not compared row by row): table name → Table Schema.
    # None for a working tree: its derived tables exist only once built (``bump`` fills them in from the code).
    derived: dict[str, dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def name(self) -> str | None:
        return None if self.descriptor.get("name") is None else str(self.descriptor["name"])

    @property
    def version(self) -> str | None:
        return None if self.descriptor.get("version") is None else str(self.descriptor["version"])


def open_side(path: Path | str, *, tables: Mapping[str, pa.Table] | None = None) -> Side:
    """Open a release folder, a release zip or a working-tree package (``datapackage.json`` or its folder).
    ``tables`` are a working tree's tables already read (by resource name), so they are not read twice."""
    path = Path(path)
    if path.suffix.lower() == ".zip" or (path.is_file() and zipfile.is_zipfile(path)):
        return _open_zip(path)
    package = load_package(path)
    resources = package.descriptor["resources"]
    kind = "release-folder" if any("flavour" in r for r in resources) else "working-tree"
    sources: dict[str, TableSource] = {}
    derived: dict[str, dict[str, Any]] = {}
    for spec in package.resources.values():
        if _derived(spec.descriptor):
            derived[str(spec.descriptor.get("table") or spec.name)] = spec.schema
        if not _compared(spec.descriptor):
            continue
        table = _table_name(spec.descriptor, sources, package.descriptor_path)
        if tables is not None and spec.name in tables:
            load: Callable[[], pa.Table] = functools.partial(_given, tables[spec.name])
        else:
            load = functools.partial(_read_file, spec.path)
        sources[table] = TableSource(table, spec.descriptor, spec.schema, load)
    return Side(str(path), kind, package.descriptor, sources, derived if kind == "release-folder" else None)


def _given(table: pa.Table) -> pa.Table:
    return table


def _compared(resource: dict[str, Any]) -> bool:
    return resource.get("flavour", CANONICAL) == CANONICAL and not resource.get("derived")


def _derived(resource: dict[str, Any]) -> bool:
    return resource.get("flavour", CANONICAL) == CANONICAL and bool(resource.get("derived"))


def _table_name(resource: dict[str, Any], seen: dict[str, TableSource], where: object) -> str:
    table = str(resource.get("table") or resource["name"])
    if table in seen:
        raise DescriptorError.coded("diff-table-twice", where=where, table=table)
    return table


def _read_file(path: Path) -> pa.Table:
    import pyarrow as pa

    try:
        return read_canonical(path)
    except FileNotFoundError as err:
        raise DescriptorError.coded("diff-table-missing", path=path) from err
    except (UnicodeDecodeError, pa.ArrowInvalid) as err:
        raise DescriptorError.coded("diff-table-unreadable", path=path, error=err) from err


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry may not be read (an error code of messages/errors_releasing.py), or None. Checked on
    the raw name: zipfile's own cleaning is not relied on, so a name that is unsafe anywhere is refused
    everywhere."""
    name = info.filename
    if "\x00" in name:
        return "diff-entry-nul"
    if "\\" in name:
        return "diff-entry-backslash"
    if name.startswith("/") or _DRIVE.match(name):
        return "diff-entry-absolute"
    if ".." in name.split("/"):
        return "diff-entry-climbs"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "diff-entry-symlink"
    if info.file_size > MAX_ENTRY_BYTES:
        return "diff-entry-too-large"
    return None


def zip_members(archive: zipfile.ZipFile, path: Path) -> tuple[str, dict[str, zipfile.ZipInfo]]:
    """The release folder's name and its files, after refusing every unsafe entry."""
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        problem = _entry_problem(info)
        if problem:
            raise DescriptorError.coded(problem, path=path, entry=info.filename, limit=MAX_ENTRY_BYTES)
        if info.is_dir():
            continue
        name = posixpath.normpath(info.filename)
        if name in members:
            raise DescriptorError.coded("diff-entry-twice", path=path, name=name)
        members[name] = info
    tops = {name.split("/", 1)[0] for name in members}
    if len(tops) != 1 or any("/" not in name for name in members):
        raise DescriptorError.coded("diff-zip-not-one-folder", path=path)
    return tops.pop(), members


def _zip_member(members: dict[str, zipfile.ZipInfo], root: str, ref: Any, what: str, path: Path) -> str:
    if not isinstance(ref, str) or not ref.strip() or _REMOTE.match(ref):
        raise DescriptorError.coded("diff-ref-not-relative", path=path, what=what, ref=repr(ref))
    if "\\" in ref or ref.startswith("/") or _DRIVE.match(ref) or ".." in ref.split("/"):
        raise DescriptorError.coded("diff-ref-outside", path=path, what=what, ref=ref)
    name = posixpath.normpath(f"{root}/{ref}")
    if name not in members:
        raise DescriptorError.coded("diff-ref-not-in-zip", path=path, what=what, ref=ref)
    return name


def _zip_structured(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> Any:
    if info.file_size > MAX_DESCRIPTOR_BYTES:
        raise DescriptorError.coded("diff-descriptor-too-large", path=path, member=info.filename)
    try:
        text = archive.read(info).decode("utf-8")
        if info.filename.lower().endswith((".yaml", ".yml")):
            return yaml.load(text, Loader=_NoAliasLoader)
        return json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as err:
        raise DescriptorError.coded(
            "diff-descriptor-unparsable", path=path, member=info.filename, error=err
        ) from err


def _open_zip(path: Path) -> Side:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as err:
        raise DescriptorError.coded("diff-release-missing", path=path) from err
    except (zipfile.BadZipFile, OSError) as err:
        raise DescriptorError.coded("diff-not-zip", path=path, error=err) from err
    with archive:
        root, members = zip_members(archive, path)
        descriptor_name = f"{root}/{DESCRIPTOR_NAME}"
        if descriptor_name not in members:
            raise DescriptorError.coded(
                "diff-no-descriptor", path=path, descriptor=DESCRIPTOR_NAME, root=root
            )
        descriptor = _zip_structured(archive, members[descriptor_name], path)
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise DescriptorError.coded("diff-not-descriptor", path=path, member=descriptor_name)
        tables: dict[str, TableSource] = {}
        derived: dict[str, dict[str, Any]] = {}
        for raw in descriptor["resources"]:
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                raise DescriptorError.coded("diff-resource-without-name", path=path, member=descriptor_name)
            if _derived(raw):
                derived[str(raw.get("table") or raw["name"])] = _zip_schema(archive, members, root, raw, path)
            if not _compared(raw):
                continue
            table = _table_name(raw, tables, path)
            data = _zip_member(members, root, raw.get("path"), f"the path of resource {raw['name']!r}", path)
            schema = _zip_schema(archive, members, root, raw, path)
            tables[table] = TableSource(table, raw, schema, functools.partial(_read_zip_table, path, data))
    return Side(str(path), "release-zip", descriptor, tables, derived)


def _zip_schema(
    archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], root: str, raw: dict[str, Any], path: Path
) -> dict[str, Any]:
    schema = raw.get("schema")
    if not isinstance(schema, dict):
        ref = _zip_member(members, root, schema, f"the schema of resource {raw['name']!r}", path)
        schema = _zip_structured(archive, members[ref], path)
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise DescriptorError.coded("diff-schema-no-fields", path=path, name=raw["name"])
    return schema


def _read_zip_table(path: Path, member: str) -> pa.Table:
    """Copy one (already vetted) entry to a temporary file and read it as a file on disk."""
    import pyarrow as pa

    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory(prefix="oppnadata-diff-") as tmp:
        target = Path(tmp) / "table.csv"
        with archive.open(member) as source, target.open("wb") as sink:
            shutil.copyfileobj(source, sink, 1 << 20)
        try:
            return read_canonical(target)
        except (UnicodeDecodeError, pa.ArrowInvalid) as err:
            raise DescriptorError.coded(
                "diff-member-unreadable", path=path, member=member, error=err
            ) from err
