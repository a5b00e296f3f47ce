"""The release's tables as CKAN DataStore tables: field types and data dictionary from the Table Schema,
records from the canonical CSV, the stable API name (alias) and the record changes between two versions.

Only the built release feeds the DataStore: every table is read from ``data/<table>.csv`` of the release
folder after its sha256 is checked against the release's ``datapackage.json`` (so only bytes that passed
validation, privacy gate included, can reach it). Values are sent typed: integers as numbers, decimals as
their exact text (PostgreSQL ``numeric`` keeps ``0.50`` as ``0.50``), booleans as JSON booleans, empty
cells as NULL.

Each table lives in up to two DataStore slots (resources ``datastore:<table>``, slot ``a`` and ``b``): one
is current (the alias points at it), the other holds an earlier version and is brought to the next version
record by record before that version's switch (see ``dsload``; the second slot is made at the first new
version, so a first publish loads every row once). A slot records in its resource what its rows equal:
``sha256`` (of the canonical CSV), ``oppnadata_version`` and ``oppnadata_schema`` (a hash of the fields,
types, data dictionary and primary key); while it is being changed, ``oppnadata_status`` is ``pending`` and
``oppnadata_target`` names the CSV it is being brought to. The table's data dictionary names its rows too
(every field's ``info`` has ``oppnadata_sha256`` and ``oppnadata_version``), so one ``datastore_search``
answer, through the alias or not, says itself which file its rows are: CKAN reads the fields and the rows of
the one table the alias resolves to.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import DescriptorError, RefusedError
from ...fileio import sha256_bytes
from ...releasing import releases
from .desired import KEY, PREVIOUS, SHA256, STATUS, VERSION, Release

PREFIX = "datastore:"
SLOT, TARGET, SCHEMA = "oppnadata_slot", "oppnadata_target", "oppnadata_schema"
BATCH_ROWS = 5000  # records per datastore_create / datastore_upsert call (~2 MB of JSON for beslut)
DELETE_FILTER_OPS = 90  # CKAN allows 100 filter operations per call

# Table Schema type → DataStore (PostgreSQL) type
TYPES = {
    "integer": "int8", "number": "numeric", "date": "date", "string": "text", "boolean": "bool",
    "year": "int4", "datetime": "timestamp", "time": "time", "yearmonth": "text", "duration": "text",
    "geopoint": "text", "object": "json", "array": "json", "any": "text",
}  # fmt: skip
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")


def is_datastore(resource: dict[str, Any]) -> bool:
    return str(resource.get(KEY) or "").startswith(PREFIX)


def alias_for(package: str, table: str) -> str:
    """The table's stable API name: ``hit-gar-pengarna`` + ``beslut`` → ``hit_gar_pengarna_beslut``."""
    alias = re.sub(r"[^a-z0-9_]", "_", f"{package}_{table}".lower())
    if len(alias) > 63:  # PostgreSQL's identifier limit
        raise RefusedError.coded("datastore-name-too-long", alias=alias)
    return alias


@dataclass(frozen=True)
class TableSpec:
    """One canonical table of the release as the DataStore should hold it."""

    table: str
    alias: str
    path: Path
    sha256: str
    title: str
    title_en: str
    fields: list[dict[str, Any]]
    primary_key: list[str]
    types: dict[str, str]  # field → Table Schema type
    derived: bool
    rows: int = 0
    schema_hash: str = ""

    def dictionary(self, version: str) -> list[dict[str, Any]]:
        """The fields as ``datastore_create`` sets them: the data dictionary naming the rows' file."""
        names = {"oppnadata_sha256": self.sha256, "oppnadata_version": version}
        return [{**f, "info": {**f["info"], **names}} for f in self.fields]

    def read(self) -> list[list[str]]:
        return read_rows(self.path, [f["id"] for f in self.fields])

    def records(self, rows: list[list[str]]) -> list[dict[str, Any]]:
        names = [f["id"] for f in self.fields]
        kinds = [self.types[n] for n in names]
        return [
            {name: typed(value, kind) for name, value, kind in zip(names, row, kinds, strict=True)}
            for row in rows
        ]

    def key_of(self, row: list[str]) -> tuple[str, ...]:
        names = [f["id"] for f in self.fields]
        return tuple(row[names.index(k)] for k in self.primary_key)


def typed(value: str, kind: str) -> Any:
    if value == "":
        return None
    if kind in ("integer", "year"):
        return int(value)
    if kind == "boolean":
        if value in TRUE_VALUES:
            return True
        if value in FALSE_VALUES:
            return False
        raise DescriptorError.coded("datastore-bad-boolean", value=repr(value))
    if kind in ("object", "array"):
        return json.loads(value)
    return value  # numbers as their exact text; dates, times and text as written


def read_rows(path: Path, names: list[str]) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if header != names:
            raise DescriptorError.coded("datastore-header-mismatch", path=path, header=header, names=names)
        return list(reader)


def field_spec(f: dict[str, Any]) -> dict[str, Any]:
    """A DataStore field: type from the Table Schema, the data dictionary (Swedish, English beside it)."""
    title, title_en = str(f.get("title") or f["name"]), str(f.get("title_en") or "")
    notes, notes_en = str(f.get("description") or ""), str(f.get("description_en") or "")
    info = {
        "label": f"{title} / {title_en}" if title_en else title,
        "notes": f"{notes}\n\nEnglish: {notes_en}" if notes_en else notes,
        "label_sv": title,
        "label_en": title_en,
        "notes_sv": notes,
        "notes_en": notes_en,
    }
    return {"id": f["name"], "type": TYPES.get(str(f.get("type") or "string"), "text"), "info": info}


def table_specs(release: Release) -> list[TableSpec]:
    """Every canonical table of the release (derived ones too), its file checked against its sha256."""
    out = []
    for entry in release.descriptor.get("resources", []):
        if entry.get("flavour", "canonical") != "canonical":
            continue
        table = str(entry["table"])
        path = release.folder / str(entry["path"])
        schema_ref = entry.get("schema")
        try:
            schema = (
                schema_ref
                if isinstance(schema_ref, dict)
                else json.loads((release.folder / str(schema_ref)).read_text(encoding="utf-8"))
            )
        except (OSError, ValueError) as err:
            raise DescriptorError.coded("datastore-no-schema", folder=release.folder, table=table) from err
        digest = releases.sha256_file(path)
        if str(entry.get("hash", "")).removeprefix("sha256:") != digest:
            raise RefusedError.coded("datastore-file-differs", path=path)
        pk = schema.get("primaryKey") or []
        pk = [pk] if isinstance(pk, str) else [str(k) for k in pk]
        fields = [field_spec(f) for f in schema["fields"]]
        schema_hash = sha256_bytes(json.dumps([fields, pk], sort_keys=True).encode())[:16]
        spec = TableSpec(
            table=table,
            alias=alias_for(release.name, table),
            path=path,
            sha256=digest,
            title=str(entry.get("title") or table),
            title_en=str(entry.get("title_en") or ""),
            fields=fields,
            primary_key=pk,
            types={str(f["name"]): str(f.get("type") or "string") for f in schema["fields"]},
            derived=bool(entry.get("derived")),
            schema_hash=schema_hash,
        )
        out.append(spec)
    return out


def batches(items: list[Any], size: int = BATCH_ROWS) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --------------------------------------------------------------------------- what a slot's rows equal


@dataclass
class ReleaseIndex:
    """Every canonical table file the publish can read, by sha256: the new release and ``releases/``."""

    files: dict[str, tuple[Path, str, str]] = field(
        default_factory=dict
    )  # sha → (zip|folder, member, version)

    @classmethod
    def build(cls, release: Release) -> ReleaseIndex:
        index = cls()
        for entry in release.descriptor.get("resources", []):
            sha = str(entry.get("hash", "")).removeprefix("sha256:")
            index.files.setdefault(sha, (release.folder, str(entry["path"]), release.version))
        for earlier in release.earlier:
            try:
                with zipfile.ZipFile(earlier.path) as archive:
                    names = [
                        n for n in archive.namelist() if n.count("/") == 1 and n.endswith("/datapackage.json")
                    ]
                    if not names:
                        continue
                    root = names[0].split("/", 1)[0]
                    descriptor = json.loads(archive.read(names[0]).decode("utf-8"))
            except (OSError, ValueError, zipfile.BadZipFile):
                continue  # not usable for a diff: the slot is then loaded afresh
            for entry in descriptor.get("resources", []):
                sha = str(entry.get("hash", "")).removeprefix("sha256:")
                index.files.setdefault(sha, (earlier.path, f"{root}/{entry['path']}", earlier.version))
        return index

    def rows(self, sha: str, names: list[str]) -> list[list[str]] | None:
        """The rows of the file with ``sha`` (None when unknown or its columns differ)."""
        found = self.files.get(sha)
        if found is None:
            return None
        where, member, _ = found
        try:
            if where.is_dir():
                return read_rows(where / member, names)
            with zipfile.ZipFile(where) as archive:
                data = archive.read(member)
        except (OSError, KeyError, zipfile.BadZipFile, DescriptorError):
            return None
        if sha256_bytes(data) != sha:
            return None
        reader = csv.reader(data.decode("utf-8").splitlines())
        if next(reader, []) != names:
            return None
        return list(reader)


@dataclass
class Changes:
    """The records to upsert (whole rows of the new version) and the keys to delete."""

    upsert: list[list[str]] = field(default_factory=list)
    delete: list[tuple[str, ...]] = field(default_factory=list)
    source: str = ""  # "diff.json" or "keyed diff of the CSVs"

    @property
    def empty(self) -> bool:
        return not self.upsert and not self.delete


def changes_from_diff_json(
    spec: TableSpec, diff: dict[str, Any], new_rows: list[list[str]]
) -> Changes | None:
    """The release's keyed diff for ``spec`` (None when it has none for this table or its schema changed)."""
    table = diff.get("tables", {}).get(spec.table)
    if diff.get("first_release") or not isinstance(table, dict) or table.get("schema"):
        return None
    if "added" not in table or not isinstance(table["added"], list):
        return None
    if list(table.get("primary_key") or []) != spec.primary_key:
        return None
    wanted = {
        tuple(str(item[k]) for k in spec.primary_key)
        for item in [
            *table["added"],
            *(c["key"] for c in table.get("corrected", [])),
            *(c["key"] for c in table.get("withdrawn", [])),
        ]
    }
    rows = [row for row in new_rows if spec.key_of(row) in wanted]
    removed = [tuple(str(item[k]) for k in spec.primary_key) for item in table.get("removed", [])]
    return Changes(rows, removed, "diff.json")


def keyed_changes(spec: TableSpec, old_rows: list[list[str]], new_rows: list[list[str]]) -> Changes:
    """The keyed diff of two versions of a table: new or changed rows, and keys no longer there."""
    old = {spec.key_of(row): row for row in old_rows}
    new_keys = set()
    upsert = []
    for row in new_rows:
        key = spec.key_of(row)
        new_keys.add(key)
        if old.get(key) != row:
            upsert.append(row)
    delete = sorted(k for k in old if k not in new_keys)
    return Changes(upsert, delete, "keyed diff of the CSVs")


def delete_filters(spec: TableSpec, keys: list[tuple[str, ...]]) -> Iterator[dict[str, Any]]:
    """``datastore_delete`` filters for ``keys``: one ``IN`` list for a one-field key, else one call per
    record (CKAN's delete takes a dict of filters, an AND)."""
    if len(spec.primary_key) == 1:
        name = spec.primary_key[0]
        for chunk in batches(keys, 1000):
            yield {name: [typed(k[0], spec.types[name]) for k in chunk]}
        return
    for key in keys:
        yield {
            name: typed(value, spec.types[name]) for name, value in zip(spec.primary_key, key, strict=True)
        }


def slot_markers(spec: TableSpec, version: str, status: str, *, sha256: str, target: str = "",
                 schema: str | None = None) -> dict[str, str]:  # fmt: skip
    """The resource fields of a slot in ``status`` (current, previous or pending): what its rows equal
    (``sha256``, ``schema``) and, while pending, the file it is being brought to (``target``)."""
    if status == "current":
        name = f"{spec.title} – sökbar tabell (DataStore)"
        name_en = f"{spec.title_en} – queryable table (DataStore)"
        text = (f"Version {version} av tabellen som sökbar tabell i CKAN:s DataStore. API-namn: {spec.alias} "
                f"(datastore_search, datastore_search_sql). Raderna är exakt filen data/{spec.table}.csv i "
                f"version {version}.")  # fmt: skip
        text_en = (f"Version {version} of the table as a queryable table in CKAN's DataStore. API name: "
                   f"{spec.alias}. The rows are exactly the file data/{spec.table}.csv of version {version}.")  # fmt: skip
    elif status == PREVIOUS:
        name = f"{spec.title} – tidigare version {version} (DataStore)"
        name_en = f"{spec.title_en} – earlier version {version} (DataStore)"
        text = (f"Raderna är exakt filen data/{spec.table}.csv i version {version}. Nästa version laddas in i "
                f"den här tabellen innan den blir aktuell. Använd API-namnet {spec.alias}, som alltid pekar "
                f"på den aktuella versionen.")  # fmt: skip
        text_en = (f"The rows are exactly the file data/{spec.table}.csv of version {version}. The next "
                   f"version is loaded into this table before it becomes current. Use the API name "
                   f"{spec.alias}, which always points at the current version.")  # fmt: skip
    else:
        name = f"{spec.title} – laddas (DataStore, version {version}, ej publicerad)"
        name_en = f"{spec.title_en} – loading (DataStore, version {version}, not published)"
        text = f"Tabellen laddas med version {version}; använd API-namnet {spec.alias}."
        text_en = f"The table is being loaded with version {version}; use the API name {spec.alias}."
    return {
        "name": name, "name_en": name_en, "description": text, "description_en": text_en,
        KEY: PREFIX + spec.table, STATUS: status, VERSION: version, SHA256: sha256, TARGET: target,
        SCHEMA: spec.schema_hash if schema is None else schema,
    }  # fmt: skip
