"""``oppnadata diff``: what changed between two versions of the package, keyed on each table's primary key.

:func:`diff` compares two sides (:mod:`oppnadata.releasing.diffsides`: a release folder, a release zip or the working
tree) and states the facts: records added, corrected, withdrawn, removed; schema and metadata changes.
Which version bump they call for is decided in :mod:`oppnadata.releasing.versioning`; the text and the changelog
entry are written by :mod:`oppnadata.releasing.changelog` (both importable from here too).
Tables are read by pyarrow and records matched by an arrow join on the key, compared column by column
with arrow kernels; Python only loops over the records that did change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..codes import STATUS_FIELD, WITHDRAWN
from ..fileio import sha256_file
from .diffsides import CANONICAL, MAX_ENTRY_BYTES, Side, TableSource, open_side, zip_members

if TYPE_CHECKING:
    from pathlib import Path

    import pyarrow as pa

    from ..descriptor import PackageSpec

__all__ = [
    "CANONICAL", "MAX_ENTRY_BYTES", "Diff", "FieldChange", "MetadataChange", "RecordChange", "SchemaChange",
    "Side", "TableDiff", "TableSource", "diff", "open_side",
    "zip_members",
]  # fmt: skip

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

Key = tuple[str, ...]


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
    _diff_derived(result, old, new)
    return result


def same_as_recorded(release: Path, package: PackageSpec) -> bool:
    """True when :func:`diff` of the recorded ``release`` zip and the working tree ``package`` can find no
    change, decided without reading a row: the same name, the same package, resource, schema and field
    metadata (the schemas equal as a whole), the same tables, and every table's file with exactly the bytes the
    release recorded (its sha256; both sides are read the same way, as canonical CSV). False means only that
    the rows must be compared (:func:`diff` decides)."""
    old, new = open_side(release), open_side(package.descriptor_path)
    if old.name != new.name or set(old.tables) != set(new.tables):
        return False
    if _metadata("package", old.descriptor, new.descriptor, PACKAGE_DESCRIPTIVE):
        return False
    paths = {str(s.descriptor.get("table") or s.name): s.path for s in package.resources.values()}
    for name, table in new.tables.items():
        before = old.tables[name]
        if before.schema != table.schema or _metadata(
            "resource", before.resource, table.resource, RESOURCE_DESCRIPTIVE
        ):
            return False
        try:
            digest = sha256_file(paths[name])
        except (KeyError, OSError):
            return False
        if before.resource.get("hash") != f"sha256:{digest}":
            return False
    return True


def _diff_derived(result: Diff, old: Side, new: Side) -> None:
    """Derived tables follow from the others row by row, so only their coming, going and schemas count."""
    if old.derived is None or new.derived is None:
        return
    result.resources_added = sorted({*result.resources_added, *(set(new.derived) - set(old.derived))})
    result.resources_removed = sorted({*result.resources_removed, *(set(old.derived) - set(new.derived))})
    for name in sorted(set(old.derived) & set(new.derived)):
        changes, _ = _schema_changes(old.derived[name], new.derived[name])
        if changes:
            result.tables[name] = TableDiff(table=name, primary_key=_pk(new.derived[name]), schema=changes)


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
    """Match the records on the key (an arrow join) and compare the matched ones column by column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    o, n = old.load(), new.load()
    o = o.rename_columns([renames.get(c, c) for c in o.column_names])
    result.rows_old, result.rows_new = o.num_rows, n.num_rows
    new_names = [f["name"] for f in new.schema["fields"]]
    common = [c for c in new_names if c in o.column_names and c in n.column_names]
    key = result.primary_key
    old_key = [renames.get(k, k) for k in _pk(old.schema)]
    if key != old_key and all(k in o.column_names and k in n.column_names for k in key):
        result.notes.append(("key-changed", {"matched_on": key}))
    if not key and not old_key:
        key = common  # no key at all: whole rows are the records
        result.primary_key = key
        result.notes.append(("no-primary-key", {}))
    if not key or not all(k in o.column_names and k in n.column_names for k in key):
        result.notes.append(("key-missing", {"key": key}))
        return
    o, o_duplicates = _first_of_each_key(o, key)
    n, n_duplicates = _first_of_each_key(n, key)
    for duplicates, which in ((o_duplicates, "old"), (n_duplicates, "new")):
        if duplicates:
            result.notes.append(("duplicate-keys", {"side": which, "count": duplicates}))
    values = [c for c in common if c not in key]
    joined = (
        o.select(key)
        .append_column("__old", _positions(o.num_rows))
        .join(n.select(key).append_column("__new", _positions(n.num_rows)), key, join_type="full outer",
              use_threads=False)
        .sort_by([(k, "ascending") for k in key])
    )  # fmt: skip
    in_old, in_new = pc.is_valid(joined.column("__old")), pc.is_valid(joined.column("__new"))
    result.added = _keys(joined.filter(pc.invert(in_old)), key)
    result.removed = _keys(joined.filter(pc.invert(in_new)), key)
    both = joined.filter(pc.and_(in_old, in_new))
    if not values or both.num_rows == 0:
        return
    old_rows, new_rows = both.column("__old"), both.column("__new")
    types = {renames.get(f["name"], f["name"]): f.get("type") for f in old.schema["fields"]}
    new_types = {f["name"]: f.get("type") for f in new.schema["fields"]}
    masks, old_cells, new_cells = [], [], []
    for column in values:
        a, b = o.column(column).take(old_rows), n.column(column).take(new_rows)
        mask = np.asarray(pc.not_equal(a, b).to_numpy(zero_copy_only=False), dtype=bool)
        rows = np.flatnonzero(mask)
        if len(rows) and (types.get(column) in _NUMERIC_TYPES or new_types.get(column) in _NUMERIC_TYPES):
            # 412000 and 412000.0 are the same amount: compare numbers as numbers
            picked = pa.array(rows)
            x = pd.to_numeric(pd.Series(a.take(picked).to_pylist(), dtype=object), errors="coerce").to_numpy()
            y = pd.to_numeric(pd.Series(b.take(picked).to_pylist(), dtype=object), errors="coerce").to_numpy()
            mask[rows[x == y]] = False
        masks.append(mask)
        old_cells.append(a)
        new_cells.append(b)
    grid = np.column_stack(masks)
    changed = np.flatnonzero(grid.any(axis=1))
    if not len(changed):
        return
    picked = pa.array(changed)
    keys = _keys(both.take(picked), key)
    olds = [cells.take(picked).to_pylist() for cells in old_cells]
    news = [cells.take(picked).to_pylist() for cells in new_cells]
    status = values.index(STATUS_FIELD) if STATUS_FIELD in values else None
    for i, row in enumerate(changed):
        cells = tuple(
            FieldChange(values[j], str(olds[j][i]), str(news[j][i])) for j in np.flatnonzero(grid[row])
        )
        withdrawn = status is not None and news[status][i] == WITHDRAWN and olds[status][i] != WITHDRAWN
        target = result.withdrawn if withdrawn else result.corrected
        target.append(RecordChange(keys[i], cells))


def _positions(count: int) -> pa.Array:
    import pyarrow as pa

    return pa.array(np.arange(count, dtype=np.int64))


def _first_of_each_key(table: pa.Table, key: list[str]) -> tuple[pa.Table, int]:
    """The table with only the first record of each key (as pandas' drop_duplicates), and how many
    records were dropped."""
    import pyarrow as pa

    numbered = table.select(key).append_column("__row", _positions(table.num_rows))
    first = numbered.group_by(key, use_threads=False).aggregate([("__row", "min")]).column("__row_min")
    dropped = table.num_rows - len(first)
    if not dropped:
        return table, 0
    return table.take(pa.array(np.sort(first.to_numpy()))), dropped


def _keys(table: pa.Table, key: list[str]) -> list[Key]:
    columns = [table.column(k).to_pylist() for k in key]
    return [tuple(str(v) for v in item) for item in zip(*columns, strict=True)]
