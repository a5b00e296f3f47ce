"""``oppnadata diff``: what changed between two versions of the package, keyed on each table's primary key.

A *side* is a read-only view of one version: a release folder, a release zip (read in place, never
extracted; an entry that would land outside its folder is refused) or the working tree (``datapackage.json``
with ``schemas/`` and ``datasets/``). Only canonical, non-derived tables are compared: the Excel flavour
holds the same records, and derived tables change whenever their sources do.

:func:`diff` states the facts (records added, corrected, withdrawn, removed; schema and metadata changes).
Which version bump they call for is decided in :mod:`oppnadata.versioning`.
Records are matched with vectorised pandas operations on the key, so 100 000-row tables diff in
well under a second; Python only loops over the records that did change.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import yaml

from .descriptor import DESCRIPTOR_NAME, MAX_DESCRIPTOR_BYTES, _NoAliasLoader, load_package
from .errors import DescriptorError
from .validation import read_table

CANONICAL = "canonical"
STATUS_FIELD = "status"
WITHDRAWN = "aterkallad"
MAX_ENTRY_BYTES = 2 * 1024**3
# Metadata a reader sees but a program does not depend on: changing it is a PATCH. Package-level keys that
# the build derives from the config (contributors, homepage, temporal, ...) are left out on purpose, so a
# release and the working tree it was built from compare equal.
PACKAGE_DESCRIPTIVE = (
    "title", "title_en", "description", "description_en", "keywords", "keywords_en",
    "licenses", "sources", "language", "exempeldata",
)  # fmt: skip
RESOURCE_DESCRIPTIVE = ("title", "title_en", "description", "description_en")
FIELD_DESCRIPTIVE = ("title", "title_en", "description", "description_en", "example")
_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength")
_NUMERIC_TYPES = ("integer", "number")
_DRIVE = re.compile(r"^[A-Za-z]:")
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

Key = tuple[str, ...]


# --- sides -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSource:
    """One canonical table of a side: its resource entry, its schema, and how to read its rows."""

    name: str
    resource: dict[str, Any]
    schema: dict[str, Any]
    load: Callable[[], pd.DataFrame] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Side:
    """A read-only view of one version of the package."""

    label: str
    kind: str  # "release-folder" | "release-zip" | "working-tree"
    descriptor: dict[str, Any] = field(repr=False)
    tables: dict[str, TableSource] = field(repr=False)

    @property
    def name(self) -> str | None:
        return None if self.descriptor.get("name") is None else str(self.descriptor["name"])

    @property
    def version(self) -> str | None:
        return None if self.descriptor.get("version") is None else str(self.descriptor["version"])


def open_side(path: Path | str) -> Side:
    """Open a release folder, a release zip or a working-tree package (``datapackage.json`` or its folder)."""
    path = Path(path)
    if path.suffix.lower() == ".zip" or (path.is_file() and zipfile.is_zipfile(path)):
        return _open_zip(path)
    package = load_package(path)
    resources = package.descriptor["resources"]
    kind = "release-folder" if any("flavour" in r for r in resources) else "working-tree"
    tables: dict[str, TableSource] = {}
    for spec in package.resources.values():
        if not _compared(spec.descriptor):
            continue
        table = _table_name(spec.descriptor, tables, package.descriptor_path)
        load = functools.partial(_read_file, spec.path)
        tables[table] = TableSource(table, spec.descriptor, spec.schema, load)
    return Side(str(path), kind, package.descriptor, tables)


def _compared(resource: dict[str, Any]) -> bool:
    return resource.get("flavour", CANONICAL) == CANONICAL and not resource.get("derived")


def _table_name(resource: dict[str, Any], seen: dict[str, TableSource], where: object) -> str:
    table = str(resource.get("table") or resource["name"])
    if table in seen:
        raise DescriptorError(f"{where}: two canonical resources hold the table {table!r}")
    return table


def _read_file(path: Path) -> pd.DataFrame:
    try:
        return read_table(path)
    except FileNotFoundError as err:
        raise DescriptorError(f"The table {path} does not exist", hint="Check the release folder.") from err
    except UnicodeDecodeError as err:
        raise DescriptorError(f"The table {path} is not UTF-8 text") from err


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry may not be read, or None. Checked on the raw name: zipfile's own cleaning is not
    relied on, so a name that is unsafe anywhere is refused everywhere."""
    name = info.filename
    if "\x00" in name:
        return "contains a NUL byte"
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/") or _DRIVE.match(name):
        return "is an absolute path"
    if ".." in name.split("/"):
        return "climbs out of its folder with '..'"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "is a symbolic link"
    if info.file_size > MAX_ENTRY_BYTES:
        return f"is larger than {MAX_ENTRY_BYTES} bytes"
    return None


def zip_members(archive: zipfile.ZipFile, path: Path) -> tuple[str, dict[str, zipfile.ZipInfo]]:
    """The release folder's name and its files, after refusing every unsafe entry."""
    hint = "A release zip holds one folder <name>-<version>/ with relative paths; rebuild it with `oppnadata build`."
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        problem = _entry_problem(info)
        if problem:
            raise DescriptorError(f"{path}: the zip entry {info.filename!r} {problem}; refused", hint=hint)
        if info.is_dir():
            continue
        name = posixpath.normpath(info.filename)
        if name in members:
            raise DescriptorError(f"{path}: the zip holds {name!r} twice; refused", hint=hint)
        members[name] = info
    tops = {name.split("/", 1)[0] for name in members}
    if len(tops) != 1 or any("/" not in name for name in members):
        raise DescriptorError(f"{path}: the zip's files are not all inside one folder; refused", hint=hint)
    return tops.pop(), members


def _zip_member(members: dict[str, zipfile.ZipInfo], root: str, ref: Any, what: str, path: Path) -> str:
    if not isinstance(ref, str) or not ref.strip() or _REMOTE.match(ref):
        raise DescriptorError(f"{path}: {what} must be a relative path inside the release, got {ref!r}")
    if "\\" in ref or ref.startswith("/") or _DRIVE.match(ref) or ".." in ref.split("/"):
        raise DescriptorError(f"{path}: {what} ({ref}) points outside the release folder; refused")
    name = posixpath.normpath(f"{root}/{ref}")
    if name not in members:
        raise DescriptorError(f"{path}: {what} ({ref}) is not in the zip")
    return name


def _zip_structured(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> Any:
    if info.file_size > MAX_DESCRIPTOR_BYTES:
        raise DescriptorError(f"{path}: {info.filename} is larger than a descriptor may be")
    try:
        text = archive.read(info).decode("utf-8")
        if info.filename.lower().endswith((".yaml", ".yml")):
            return yaml.load(text, Loader=_NoAliasLoader)
        return json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as err:
        raise DescriptorError(f"{path}: {info.filename} cannot be parsed: {err}") from err


def _open_zip(path: Path) -> Side:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as err:
        raise DescriptorError(f"The release {path} does not exist", hint="Check the path.") from err
    except (zipfile.BadZipFile, OSError) as err:
        raise DescriptorError(f"{path} is not a readable zip file: {err}") from err
    with archive:
        root, members = zip_members(archive, path)
        descriptor_name = f"{root}/{DESCRIPTOR_NAME}"
        if descriptor_name not in members:
            raise DescriptorError(f"{path}: no {DESCRIPTOR_NAME} in the folder {root}/ of the zip")
        descriptor = _zip_structured(archive, members[descriptor_name], path)
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise DescriptorError(f"{path}: {descriptor_name} is not a data package descriptor")
        tables: dict[str, TableSource] = {}
        for raw in descriptor["resources"]:
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                raise DescriptorError(f"{path}: {descriptor_name} has a resource without a name")
            if not _compared(raw):
                continue
            table = _table_name(raw, tables, path)
            data = _zip_member(members, root, raw.get("path"), f"the path of resource {raw['name']!r}", path)
            schema = raw.get("schema")
            if not isinstance(schema, dict):
                ref = _zip_member(members, root, schema, f"the schema of resource {raw['name']!r}", path)
                schema = _zip_structured(archive, members[ref], path)
            if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
                raise DescriptorError(f"{path}: the schema of resource {raw['name']!r} has no 'fields' list")
            tables[table] = TableSource(table, raw, schema, functools.partial(_read_zip_table, path, data))
    return Side(str(path), "release-zip", descriptor, tables)


def _read_zip_table(path: Path, member: str) -> pd.DataFrame:
    """Stream one (already vetted) entry through the same reader as a file on disk."""
    with zipfile.ZipFile(path) as archive:
        try:
            return read_table(cast(Path, zipfile.Path(archive, at=member)))
        except UnicodeDecodeError as err:
            raise DescriptorError(f"{path}: {member} is not UTF-8 text") from err


# --- the diff --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RecordChange:
    key: Key
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class SchemaChange:
    """``kind`` is one of field_added, field_removed, field_renamed, fields_reordered, field_retyped,
    constraint_tightened, constraint_loosened, primary_key_changed, foreign_key_added,
    foreign_key_removed, missing_values_changed."""

    kind: str
    field: str | None = None
    old: Any = None
    new: Any = None
    constraint: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class MetadataChange:
    scope: str  # "package" | "resource" | "schema" | "field"
    key: str
    old: Any
    new: Any
    field: str | None = None


@dataclass
class TableDiff:
    table: str
    primary_key: list[str]
    rows_old: int = 0
    rows_new: int = 0
    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)
    corrected: list[RecordChange] = field(default_factory=list)
    withdrawn: list[RecordChange] = field(default_factory=list)
    schema: list[SchemaChange] = field(default_factory=list)
    metadata: list[MetadataChange] = field(default_factory=list)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.added or self.removed or self.corrected or self.withdrawn or self.schema or self.metadata
        )

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "corrected": len(self.corrected),
            "withdrawn": len(self.withdrawn),
            "removed": len(self.removed),
        }


@dataclass
class Diff:
    old: Side | None
    new: Side
    resources_added: list[str] = field(default_factory=list)
    resources_removed: list[str] = field(default_factory=list)
    tables: dict[str, TableDiff] = field(default_factory=dict)
    metadata: list[MetadataChange] = field(default_factory=list)
    renamed: tuple[str, str] | None = None  # the package's own name

    @property
    def first_release(self) -> bool:
        return self.old is None

    @property
    def changed(self) -> bool:
        return bool(
            self.first_release
            or self.resources_added
            or self.resources_removed
            or self.metadata
            or self.renamed
            or any(t.changed for t in self.tables.values())
        )

    def to_dict(self) -> dict[str, Any]:
        def side(s: Side | None) -> dict[str, Any] | None:
            return None if s is None else {"label": s.label, "name": s.name, "version": s.version}

        return {
            "old": side(self.old),
            "new": side(self.new),
            "first_release": self.first_release,
            "package": {
                "renamed": None if not self.renamed else {"old": self.renamed[0], "new": self.renamed[1]},
                "metadata": [_jsonable(m) for m in self.metadata],
            },
            "resources": {"added": self.resources_added, "removed": self.resources_removed},
            "tables": {name: _table_dict(t) for name, t in sorted(self.tables.items())},
        }


def _jsonable(change: MetadataChange | SchemaChange) -> dict[str, Any]:
    return {k: v for k, v in change.__dict__.items() if v is not None}


def _records(keys: list[Key], pk: list[str]) -> list[dict[str, str]]:
    return [dict(zip(pk, key, strict=True)) for key in keys]


def _changes_dict(items: list[RecordChange], pk: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "key": dict(zip(pk, item.key, strict=True)),
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in item.changes],
        }
        for item in items
    ]


def _table_dict(t: TableDiff) -> dict[str, Any]:
    return {
        "primary_key": t.primary_key,
        "rows": {"old": t.rows_old, "new": t.rows_new},
        "counts": t.counts(),
        "added": _records(t.added, t.primary_key),
        "corrected": _changes_dict(t.corrected, t.primary_key),
        "withdrawn": _changes_dict(t.withdrawn, t.primary_key),
        "removed": _records(t.removed, t.primary_key),
        "schema": [_jsonable(c) for c in t.schema],
        "metadata": [_jsonable(m) for m in t.metadata],
        "notes": [{"code": code, **params} for code, params in t.notes],
    }


def diff(old: Side | None, new: Side) -> Diff:
    """Compare two sides. ``old=None`` means there is no earlier release: the new side is the first."""
    result = Diff(old=old, new=new)
    if old is None:
        result.resources_added = sorted(new.tables)
        return result
    result.resources_added = sorted(set(new.tables) - set(old.tables))
    result.resources_removed = sorted(set(old.tables) - set(new.tables))
    if old.name != new.name:
        result.renamed = (str(old.name), str(new.name))
    result.metadata = _metadata("package", old.descriptor, new.descriptor, PACKAGE_DESCRIPTIVE)
    for name in sorted(set(old.tables) & set(new.tables)):
        result.tables[name] = _diff_table(old.tables[name], new.tables[name])
    return result


def _metadata(
    scope: str, old: dict[str, Any], new: dict[str, Any], keys: tuple[str, ...], fieldname: str | None = None
) -> list[MetadataChange]:
    return [
        MetadataChange(scope, key, old.get(key), new.get(key), fieldname)
        for key in keys
        if old.get(key) != new.get(key)
    ]


def _diff_table(old: TableSource, new: TableSource) -> TableDiff:
    changes, renames = _schema_changes(old.schema, new.schema)
    result = TableDiff(table=new.name, primary_key=_pk(new.schema), schema=changes)
    result.metadata = _metadata("resource", old.resource, new.resource, RESOURCE_DESCRIPTIVE)
    result.metadata += _metadata("schema", old.schema, new.schema, RESOURCE_DESCRIPTIVE)
    new_fields = {f["name"]: f for f in new.schema["fields"]}
    for f in old.schema["fields"]:
        target = renames.get(f["name"], f["name"])
        if target in new_fields:
            result.metadata += _metadata("field", f, new_fields[target], FIELD_DESCRIPTIVE, target)
    _diff_records(result, old, new, renames)
    return result


# --- schemas ---------------------------------------------------------------------------------------------


def _pk(schema: dict[str, Any]) -> list[str]:
    pk = schema.get("primaryKey") or []
    return [pk] if isinstance(pk, str) else [str(p) for p in pk]


def _type(f: dict[str, Any]) -> str:
    kind = str(f.get("type") or "string")  # Table Schema's default type is string
    fmt = f.get("format") or "default"
    return kind if fmt == "default" else f"{kind}:{fmt}"


def _schema_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[SchemaChange], dict[str, str]]:
    """The structural changes, and the renamed fields (old name → new name)."""
    old_fields, new_fields = old["fields"], new["fields"]
    old_names = [f["name"] for f in old_fields]
    new_names = [f["name"] for f in new_fields]
    removed = [n for n in old_names if n not in new_names]
    added = [n for n in new_names if n not in old_names]
    renames: dict[str, str] = {}
    for i, f in enumerate(old_fields):  # same position, same type, new name: most likely a rename
        other = new_fields[i] if i < len(new_fields) else None
        if other and f["name"] in removed and other["name"] in added and _type(f) == _type(other):
            renames[f["name"]] = other["name"]
    changes = [
        SchemaChange("field_renamed", after, old=before, new=after, note="heuristic: same position and type")
        for before, after in renames.items()
    ]
    changes += [SchemaChange("field_removed", n, old=_type(old_fields[old_names.index(n)]))
                for n in removed if n not in renames]  # fmt: skip
    changes += [SchemaChange("field_added", n, new=_type(new_fields[new_names.index(n)]))
                for n in added if n not in renames.values()]  # fmt: skip
    kept = {renames.get(n, n) for n in old_names} & set(new_names)
    old_order = [renames.get(n, n) for n in old_names if renames.get(n, n) in kept]
    new_order = [n for n in new_names if n in kept]
    if old_order != new_order:
        changes.append(SchemaChange("fields_reordered", old=old_order, new=new_order))
    by_new = {f["name"]: f for f in new_fields}
    for f in old_fields:
        name = renames.get(f["name"], f["name"])
        if name not in by_new:
            continue
        g = by_new[name]
        if _type(f) != _type(g):
            changes.append(SchemaChange("field_retyped", name, old=_type(f), new=_type(g)))
        changes += _constraint_changes(name, f.get("constraints") or {}, g.get("constraints") or {})
    if _pk(old) != _pk(new):
        changes.append(SchemaChange("primary_key_changed", old=_pk(old), new=_pk(new)))
    old_fks = {json.dumps(fk, sort_keys=True) for fk in old.get("foreignKeys") or []}
    new_fks = {json.dumps(fk, sort_keys=True) for fk in new.get("foreignKeys") or []}
    changes += [SchemaChange("foreign_key_removed", old=json.loads(fk)) for fk in sorted(old_fks - new_fks)]
    changes += [SchemaChange("foreign_key_added", new=json.loads(fk)) for fk in sorted(new_fks - old_fks)]
    old_missing, new_missing = old.get("missingValues", [""]), new.get("missingValues", [""])
    if old_missing != new_missing:
        changes.append(SchemaChange("missing_values_changed", old=old_missing, new=new_missing))
    return changes, renames


def _compare(a: Any, b: Any) -> int:
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        x, y = str(a), str(b)  # type: ignore[assignment]  # ISO dates order as text
    return (x > y) - (x < y)


def _tightened(key: str, a: Any, b: Any) -> bool | None:
    """True when the constraint rejects more values than before, False when fewer, None if no change."""
    if a is None or b is None:
        return a is None  # added: tighter; dropped: looser
    if key in ("required", "unique"):
        return bool(b) and not bool(a)
    if key == "enum":
        old, new = set(map(str, a)), set(map(str, b))
        if old == new:
            return None
        return not old <= new  # any value no longer allowed makes it tighter
    if key in _LOWER_BOUNDS:
        return _compare(b, a) > 0
    if key in _UPPER_BOUNDS:
        return _compare(b, a) < 0
    return True  # a changed pattern (or anything else) cannot be proven looser


def _constraint_changes(name: str, old: dict[str, Any], new: dict[str, Any]) -> list[SchemaChange]:
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b or (key in ("required", "unique") and bool(a) == bool(b)):
            continue
        tighter = _tightened(key, a, b)
        if tighter is None:
            continue
        kind = "constraint_tightened" if tighter else "constraint_loosened"
        out.append(SchemaChange(kind, name, old=a, new=b, constraint=key))
    return out


# --- records ---------------------------------------------------------------------------------------------


def _diff_records(result: TableDiff, old: TableSource, new: TableSource, renames: dict[str, str]) -> None:
    o = old.load().rename(columns=renames)
    n = new.load()
    result.rows_old, result.rows_new = len(o), len(n)
    new_names = [f["name"] for f in new.schema["fields"]]
    common = [c for c in new_names if c in o.columns and c in n.columns]
    key = result.primary_key
    old_key = [renames.get(k, k) for k in _pk(old.schema)]
    if key != old_key and all(k in o.columns and k in n.columns for k in key):
        result.notes.append(("key-changed", {"matched_on": key}))
    if not key and not old_key:
        key = common  # no key at all: whole rows are the records
        result.primary_key = key
        result.notes.append(("no-primary-key", {}))
    if not key or not all(k in o.columns and k in n.columns for k in key):
        result.notes.append(("key-missing", {"key": key}))
        return
    for frame, which in ((o, "old"), (n, "new")):
        duplicates = int(frame.duplicated(key).sum())
        if duplicates:
            result.notes.append(("duplicate-keys", {"side": which, "count": duplicates}))
    o = o.drop_duplicates(key)
    n = n.drop_duplicates(key)
    values = [c for c in common if c not in key]
    oi = o.set_index(key)[values]
    ni = n.set_index(key)[values]
    result.added = _keys(ni.index.difference(oi.index).sort_values())
    result.removed = _keys(oi.index.difference(ni.index).sort_values())
    both = oi.index.intersection(ni.index).sort_values()
    if not values or len(both) == 0:
        return
    ov = oi.reindex(both).to_numpy(dtype=object)
    nv = ni.reindex(both).to_numpy(dtype=object)
    mask = ov != nv
    types = {f["name"]: f.get("type") for f in old.schema["fields"]}
    types = {renames.get(k, k): v for k, v in types.items()}
    new_types = {f["name"]: f.get("type") for f in new.schema["fields"]}
    for j, column in enumerate(values):
        rows = np.flatnonzero(mask[:, j])
        if len(rows) and (types.get(column) in _NUMERIC_TYPES or new_types.get(column) in _NUMERIC_TYPES):
            # 412000 and 412000.0 are the same amount: compare numbers as numbers
            a = pd.to_numeric(pd.Series(ov[rows, j]), errors="coerce").to_numpy()
            b = pd.to_numeric(pd.Series(nv[rows, j]), errors="coerce").to_numpy()
            mask[rows[a == b], j] = False
    changed = mask.any(axis=1)
    withdrawn = np.zeros(len(both), dtype=bool)
    if STATUS_FIELD in values:
        s = values.index(STATUS_FIELD)
        withdrawn = changed & (nv[:, s] == WITHDRAWN) & (ov[:, s] != WITHDRAWN)
    keys = _keys(both)
    for row in np.flatnonzero(changed):
        cells = tuple(
            FieldChange(values[j], str(ov[row, j]), str(nv[row, j])) for j in np.flatnonzero(mask[row])
        )
        target = result.withdrawn if withdrawn[row] else result.corrected
        target.append(RecordChange(keys[row], cells))


def _keys(index: pd.Index) -> list[Key]:
    if isinstance(index, pd.MultiIndex):
        return [tuple(str(v) for v in item) for item in index]
    return [(str(item),) for item in index]


# --- rendering -------------------------------------------------------------------------------------------

_TEXT: dict[str, dict[str, str]] = {
    "sv": {
        "first": "Ingen tidigare utgåva: {version} är den första versionen ({count} tabeller).",
        "title": "Ändringar {old} → {new}",
        "nothing": "Inga ändringar.",
        "resources_added": "Nya tabeller",
        "resources_removed": "Borttagna tabeller",
        "renamed": "Paketet har bytt namn: {old} → {new}",
        "package": "Paketets metadata",
        "table": "{table} (nyckel {key}; {old} → {new} rader)",
        "added": "tillagda",
        "corrected": "rättade",
        "withdrawn": "återkallade",
        "removed": "borttagna (fysiskt)",
        "schema": "schema",
        "metadata": "metadata",
        "unchanged": "Oförändrade tabeller",
        "more": "… och {count} till",
        "empty": "(tom)",
        "since": "Ändringar sedan {old}",
        "records": "poster",
        "schema_md": "Schema",
        "package_md": "Paketet",
        "field_added": "fält tillagt: {field} ({new})",
        "field_removed": "fält borttaget: {field} ({old})",
        "field_renamed": "fält omdöpt: {old} → {new} (antaget: samma plats och typ)",
        "fields_reordered": "fältordningen ändrad: {new}",
        "field_retyped": "fälttyp ändrad: {field} {old} → {new}",
        "constraint_tightened": "villkor skärpt: {field} {constraint} {change}",
        "constraint_loosened": "villkor lättat: {field} {constraint} {change}",
        "primary_key_changed": "primärnyckel ändrad: {old} → {new}",
        "foreign_key_added": "referens tillagd: {new}",
        "foreign_key_removed": "referens borttagen: {old}",
        "missing_values_changed": "värden för saknade uppgifter ändrade: {old} → {new}",
        "key-changed": "primärnyckeln är ändrad; posterna matchas på {matched_on}",
        "no-primary-key": "tabellen saknar primärnyckel; hela rader jämförs",
        "key-missing": "nyckeln {key} saknas i data; posterna jämfördes inte",
        "duplicate-keys": "{count} dubblerade nycklar i {side} version hoppades över",
    },
    "en": {
        "first": "No earlier release: {version} is the first version ({count} tables).",
        "title": "Changes {old} → {new}",
        "nothing": "No changes.",
        "resources_added": "New tables",
        "resources_removed": "Removed tables",
        "renamed": "The package was renamed: {old} → {new}",
        "package": "Package metadata",
        "table": "{table} (key {key}; {old} → {new} rows)",
        "added": "added",
        "corrected": "corrected",
        "withdrawn": "withdrawn",
        "removed": "removed (physically)",
        "schema": "schema",
        "metadata": "metadata",
        "unchanged": "Unchanged tables",
        "more": "… and {count} more",
        "empty": "(empty)",
        "since": "Changes since {old}",
        "records": "records",
        "schema_md": "Schema",
        "package_md": "Package",
        "field_added": "field added: {field} ({new})",
        "field_removed": "field removed: {field} ({old})",
        "field_renamed": "field renamed: {old} → {new} (assumed: same position and type)",
        "fields_reordered": "field order changed: {new}",
        "field_retyped": "field type changed: {field} {old} → {new}",
        "constraint_tightened": "constraint tightened: {field} {constraint} {change}",
        "constraint_loosened": "constraint loosened: {field} {constraint} {change}",
        "primary_key_changed": "primary key changed: {old} → {new}",
        "foreign_key_added": "reference added: {new}",
        "foreign_key_removed": "reference removed: {old}",
        "missing_values_changed": "missing-value markers changed: {old} → {new}",
        "key-changed": "the primary key changed; records are matched on {matched_on}",
        "no-primary-key": "the table has no primary key; whole rows are compared",
        "key-missing": "the key {key} is missing from the data; records were not compared",
        "duplicate-keys": "{count} duplicated keys in the {side} version were skipped",
    },
}


def _t(lang: str, name: str, **params: Any) -> str:
    return _TEXT["en" if lang == "en" else "sv"][name].format(**params)


def _show(value: Any, lang: str) -> str:
    if value is None or value == "":
        return _t(lang, "empty")
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def describe_schema_change(change: SchemaChange, lang: str = "sv") -> str:
    old, new = _show(change.old, lang), _show(change.new, lang)
    if change.kind == "fields_reordered":
        new = ", ".join(change.new)
    delta = f"{old} → {new}"
    if change.constraint == "enum" and isinstance(change.old, list) and isinstance(change.new, list):
        delta = " ".join(
            [f"+{v}" for v in change.new if v not in change.old]
            + [f"−{v}" for v in change.old if v not in change.new]
        )
    return _t(
        lang, change.kind, field=change.field, old=old, new=new, constraint=change.constraint, change=delta
    )


def _key_text(key: Key) -> str:
    return "/".join(key)


def _listing(items: list[str], limit: int, lang: str, sep: str = ", ") -> str:
    shown = sep.join(items[:limit])
    return shown if len(items) <= limit else f"{shown}{sep}{_t(lang, 'more', count=len(items) - limit)}"


def render_text(result: Diff, lang: str = "sv", *, limit: int = 20) -> str:
    """The diff for a terminal: per changed table, what was added, corrected, withdrawn and removed."""
    if result.old is None:
        return _t(lang, "first", version=result.new.version, count=len(result.resources_added)) + "\n"
    lines = [
        _t(lang, "title", old=f"{result.old.name} {result.old.version}", new=f"{result.new.name} {result.new.version}"),
        f"  {result.old.label}",
        f"  {result.new.label}",
        "",
    ]  # fmt: skip
    if not result.changed:
        return "\n".join([*lines, _t(lang, "nothing")]) + "\n"
    if result.renamed:
        lines.append(_t(lang, "renamed", old=result.renamed[0], new=result.renamed[1]))
    for name in ("resources_added", "resources_removed"):
        if getattr(result, name):
            lines.append(f"{_t(lang, name)}: {', '.join(getattr(result, name))}")
    if result.metadata:
        lines.append(f"{_t(lang, 'package')}:")
        lines += [f"    {m.key}: {_show(m.old, lang)} → {_show(m.new, lang)}" for m in result.metadata]
    unchanged = []
    for name, t in sorted(result.tables.items()):
        if not t.changed:
            unchanged.append(name)
            continue
        if lines[-1]:
            lines.append("")
        lines.append(
            _t(lang, "table", table=name, key="+".join(t.primary_key), old=t.rows_old, new=t.rows_new)
        )
        lines += [f"  ! {_t(lang, code, **params)}" for code, params in t.notes]
        for sign, category in (("+", "added"), ("-", "removed")):
            keys = getattr(t, category)
            if keys:
                shown = _listing([_key_text(k) for k in keys], limit, lang)
                lines.append(f"  {sign} {_t(lang, category)} ({len(keys)}): {shown}")
        for sign, category in (("~", "corrected"), ("×", "withdrawn")):
            items: list[RecordChange] = getattr(t, category)
            if not items:
                continue
            lines.append(f"  {sign} {_t(lang, category)} ({len(items)}):")
            for item in items[:limit]:
                cells = "; ".join(
                    f"{c.field} {_show(c.old, lang)} → {_show(c.new, lang)}" for c in item.changes
                )
                lines.append(f"      {_key_text(item.key)}: {cells}")
            if len(items) > limit:
                lines.append(f"      {_t(lang, 'more', count=len(items) - limit)}")
        if t.schema:
            lines.append(f"  {_t(lang, 'schema')}:")
            lines += [f"      {describe_schema_change(c, lang)}" for c in t.schema]
        if t.metadata:
            lines.append(f"  {_t(lang, 'metadata')}:")
            for m in t.metadata:
                where = f"{m.field}." if m.field else ""
                lines.append(f"      {where}{m.key}: {_show(m.old, lang)} → {_show(m.new, lang)}")
    if unchanged:
        lines += ["", f"{_t(lang, 'unchanged')} ({len(unchanged)}): {', '.join(unchanged)}"]
    return "\n".join(lines) + "\n"


def _changelog_body(result: Diff, lang: str, limit: int, bump: str | None) -> list[str]:
    if result.old is None:
        return [_t(lang, "first", version=result.new.version, count=len(result.resources_added))]
    since = _t(lang, "since", old=result.old.version)
    lines = [since + (f" ({bump.upper()})." if bump else ".")]
    if not result.changed:
        return [*lines, "", _t(lang, "nothing")]
    lines.append("")
    package = []
    if result.renamed:
        package.append(_t(lang, "renamed", old=result.renamed[0], new=result.renamed[1]))
    for name in ("resources_added", "resources_removed"):
        if getattr(result, name):
            package.append(f"{_t(lang, name)}: {', '.join(f'`{n}`' for n in getattr(result, name))}")
    package += [f"{_t(lang, 'package')}: `{m.key}`" for m in result.metadata]
    if package:
        lines.append(f"- **{_t(lang, 'package_md')}**")
        lines += [f"  - {p}" for p in package]
    for name, t in sorted(result.tables.items()):
        if not t.changed:
            continue
        counts = ", ".join(f"{n} {_t(lang, c)}" for c, n in t.counts().items() if n)
        lines.append(f"- **{name}**" + (f": {counts}" if counts else ""))
        for category in ("added", "corrected", "withdrawn", "removed"):
            found: list[Any] = getattr(t, category)
            if not found:
                continue
            keys = [
                f"`{_key_text(k)}`"
                if isinstance(k, tuple)
                else f"`{_key_text(k.key)}` ({', '.join(c.field for c in k.changes)})"
                for k in found
            ]
            text = _listing(keys, limit, lang)
            lines.append(f"  - {_t(lang, category).capitalize()}: {text}")
        lines += [f"  - {_t(lang, 'schema_md')}: {describe_schema_change(c, lang)}" for c in t.schema]
        fields = sorted({f"`{m.field}.{m.key}`" if m.field else f"`{m.key}`" for m in t.metadata})
        if fields:
            lines.append(f"  - {_t(lang, 'metadata').capitalize()}: {', '.join(fields)}")
    return lines


def changelog_entry(
    result: Diff,
    version: str,
    date: Date | str,
    lang: str = "both",
    *,
    limit: int = 10,
    bump: str | None = None,
) -> str:
    """A Markdown section for CHANGELOG.md: ``lang`` ``sv``, ``en`` or ``both`` (Swedish, English beneath)."""
    lines = [f"## {version} – {date}", ""]
    if lang == "both":
        lines += ["### Svenska", "", *_changelog_body(result, "sv", limit, bump), ""]
        lines += ["### English", "", *_changelog_body(result, "en", limit, bump)]
    else:
        lines += _changelog_body(result, lang, limit, bump)
    return "\n".join(lines) + "\n"
