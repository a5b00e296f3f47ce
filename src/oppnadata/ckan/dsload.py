"""Fill CKAN's DataStore from the release, incrementally, switching with the dataset's version.

Every table has two DataStore slots (see ``datastore``). A publish that changes a table:

1. before the switch, brings the slot that is *not* current to the new version: it is marked ``pending``
   and changed record by record (``datastore_upsert`` / ``datastore_delete`` by primary key, from the
   release's ``diff.json`` when the slot holds the previous release, else from the keyed diff of the two
   CSVs); a new table, a schema change or a slot of unknown content is (re)created and loaded in batches;
   the row count is checked;
2. in the dataset's one ``package_revise`` (the switch) that slot becomes ``current`` and the old one
   ``pending``; right after it the alias (the table's stable API name) moves to the new slot;
3. then the old slot is brought to the new version as well and marked ``spare``, ready for the next one.

Readers by resource see rows that match its markers at all times; readers by alias see the previous
version until the switch. A run that stops anywhere leaves the previous version in place (before the
switch) or the new one (after it); the next run reads the slots' markers and finishes: a pending slot's
changes are applied again (they are absolute, so that is safe), one of unknown content is reloaded.
An unchanged table makes no DataStore write.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from ..errors import RefusedError, TargetError
from . import datastore as ds
from .client import CkanClient, CkanNotFound
from .datastore import SCHEMA, SLOT, SPARE, TARGET, Changes, ReleaseIndex, TableSpec
from .desired import KEY, PENDING, SHA256, STATUS, Release

Progress = Callable[[int], AbstractContextManager[Any]]  # total rows → a bar with .update(n)
NO_DATASTORE_HINT = (
    "Enable the `datastore` plugin in the catalogue (see CKAN's DataStore documentation), or publish "
    "without it: --no-datastore."
)


@dataclass
class TableWork:
    spec: TableSpec
    current: dict[str, Any] | None  # the live slot marked current
    other: dict[str, Any] | None  # the other slot (spare or pending), if any
    alias_of: str | None  # the table the alias points at now
    load: bool = False  # the new version must be loaded before the switch
    changes: Changes | None = None  # None with load: (re)create and load every row
    rows: list[list[str]] = field(default_factory=list)
    loaded_id: str = ""  # the slot that holds the new version after the load
    letters: set[str] = field(default_factory=set)  # the slots the table has (a, b)

    @property
    def after_switch(self) -> str:
        """The id of the slot that is current after the switch ("" until it exists)."""
        if self.load:
            return self.loaded_id or (self.other or {}).get("id", "")
        return (self.current or {}).get("id", "")

    def describe(self, lang: str) -> str:
        sv = lang == "sv"
        if not self.load:
            return "oförändrad" if sv else "unchanged"
        if self.changes is None:
            what = "ny tabell" if self.other is None else ("laddas om" if sv else "reloaded")
            if self.other is None and not sv:
                what = "new table"
            return f"{what}, {len(self.rows)} {'rader' if sv else 'rows'}"
        n_up, n_del = len(self.changes.upsert), len(self.changes.delete)
        return f"upsert {n_up}, delete {n_del} ({self.changes.source})"


@dataclass
class DatastorePlan:
    version: str
    tables: list[TableWork]
    index: ReleaseIndex = field(default_factory=ReleaseIndex)
    diff: dict[str, Any] = field(default_factory=dict)

    @property
    def loads(self) -> list[TableWork]:
        return [w for w in self.tables if w.load]

    @property
    def needs_claim(self) -> bool:
        return bool(self.loads)

    def post_work(self, work: TableWork) -> bool:
        if work.load or work.alias_of != work.after_switch:
            return True
        other = work.other
        return other is None or not _holds(other, work.spec) or other.get(STATUS) != SPARE

    @property
    def empty(self) -> bool:
        return not any(self.post_work(w) for w in self.tables)

    def lines(self, lang: str) -> list[str]:
        label = "  datastore" if lang != "sv" else "  datalager"
        out = [
            f"{label} {w.spec.table:<28} → {w.spec.alias}: {w.describe(lang)}" for w in self.tables if w.load
        ]
        fixes = [w for w in self.tables if not w.load and self.post_work(w)]
        if fixes:
            names = ", ".join(w.spec.table for w in fixes)
            out.append(f"{label} {'slutför' if lang == 'sv' else 'finish'} ({names})")
        return out


def _holds(slot: dict[str, Any], spec: TableSpec) -> bool:
    return slot.get(SHA256) == spec.sha256 and slot.get(SCHEMA) == spec.schema_hash and not slot.get(TARGET)


def make_datastore_plan(
    release: Release, dataset: dict[str, Any] | None, client: CkanClient
) -> DatastorePlan:
    """Compare the slots the dataset has with the release's tables (one read call: where the aliases point)."""
    specs = ds.table_specs(release)
    resources = (dataset or {}).get("resources", [])
    aliases: dict[str, str] = {}
    if dataset is not None:
        try:
            answer = client.call(
                "datastore_search",
                {
                    "resource_id": "_table_metadata",
                    "filters": {"name": [s.alias for s in specs]},
                    "limit": 1000,
                },
            )
        except CkanNotFound as err:
            raise RefusedError(
                f"The catalogue {client.url} has no DataStore", hint=NO_DATASTORE_HINT
            ) from err
        aliases = {r["name"]: r["alias_of"] for r in answer.get("records", []) if r.get("alias_of")}
    index = ReleaseIndex.build(release)
    diff = _diff_json(release)
    plan = DatastorePlan(release.version, [], index, diff)
    for spec in specs:
        slots = [r for r in resources if r.get(KEY) == ds.PREFIX + spec.table]
        current = next((r for r in slots if r.get(STATUS) == "current"), None)
        other = next((r for r in slots if r is not current), None)
        work = TableWork(spec, current, other, aliases.get(spec.alias))
        work.letters = {str(r.get(SLOT)) for r in slots if r.get(SLOT)}
        if work.alias_of and work.alias_of not in {r["id"] for r in slots}:
            raise RefusedError(
                f"The DataStore name {spec.alias} belongs to a table outside the dataset {release.name}",
                hint="Remove that alias in the catalogue (datastore_create with aliases: []), or publish "
                "under another dataset name.",
            )
        if current is None or not _holds(current, spec):
            work.load = True
            work.rows = spec.read()
            work.changes = route(other, spec, index, diff, work.rows)
        plan.tables.append(work)
    return plan


def _diff_json(release: Release) -> dict[str, Any]:
    try:
        return dict(json.loads((release.folder / "diff.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def route(slot: dict[str, Any] | None, spec: TableSpec, index: ReleaseIndex, diff: dict[str, Any],
          rows: list[list[str]]) -> Changes | None:  # fmt: skip
    """The record changes that bring ``slot`` to ``spec``'s rows, or None: (re)create and load it all."""
    if slot is None or slot.get(SCHEMA) != spec.schema_hash or not slot.get(SHA256):
        return None
    if slot.get(TARGET) not in (None, "", spec.sha256):
        return None  # stopped half-way to another version: its rows are not known
    held = str(slot[SHA256])
    if held == spec.sha256:
        return Changes(source="already equal")
    known = index.files.get(held)
    if known is None:
        return None
    previous = (diff.get("old") or {}).get("version") if isinstance(diff.get("old"), dict) else None
    if previous and known[2] == previous:
        from_diff = ds.changes_from_diff_json(spec, diff, rows)
        if from_diff is not None:
            return from_diff
    old_rows = index.rows(held, [f["id"] for f in spec.fields])
    return None if old_rows is None else ds.keyed_changes(spec, old_rows, rows)


# --------------------------------------------------------------------------------------------- apply


class DatastoreLoader:
    """Runs a DataStore plan's calls through ``client``; ``progress`` shows rows sent."""

    def __init__(self, plan: DatastorePlan, client: CkanClient, progress: Progress | None = None) -> None:
        self.plan = plan
        self.client = client
        self.progress = progress
        self.bar: Any = None

    @staticmethod
    def _rows_total(works: list[TableWork]) -> int:
        return sum(len(w.rows) if w.changes is None else len(w.changes.upsert) + len(w.changes.delete)
                   for w in works)  # fmt: skip

    def before_switch(self, package_id: str) -> None:
        """Load the new version into the slot that is not current (created if need be)."""
        works = self.plan.loads
        if not works:
            return
        context = self.progress(self._rows_total(works)) if self.progress else nullcontext(None)
        with context as self.bar:
            for w in works:
                w.loaded_id = self._bring(w, w.other, w.changes, package_id)
                self._check_count(w, w.loaded_id)

    def markers(self) -> dict[str, dict[str, str]]:
        """The slots' fields as the switch writes them: resource id → fields."""
        out: dict[str, dict[str, str]] = {}
        version = self.plan.version
        for w in self.plan.tables:
            spec = w.spec
            new_id = w.after_switch
            if new_id:
                out[new_id] = ds.slot_markers(spec, version, "current", sha256=spec.sha256)
            other = w.other
            if not w.load and other is not None and _holds(other, spec) and other.get(STATUS) == SPARE:
                out[other["id"]] = ds.slot_markers(spec, version, SPARE, sha256=spec.sha256)  # same rows
            if w.load and w.current is not None:
                old = w.current
                out[old["id"]] = ds.slot_markers(spec, version, PENDING, sha256=str(old.get(SHA256) or ""),
                                                 target=spec.sha256, schema=str(old.get(SCHEMA) or ""))  # fmt: skip
                w.other = {**old, **out[old["id"]]}
        return out

    def after_switch(self, package_id: str) -> None:
        """Point each alias at the current slot, then bring the other slot to the same rows (spare)."""
        for w in self.plan.tables:
            if not self.plan.post_work(w):
                continue
            current_id = w.after_switch
            if w.alias_of != current_id:
                if w.alias_of:
                    self.client.call("datastore_create", {"resource_id": w.alias_of, "aliases": []})
                self.client.call("datastore_create", {"resource_id": current_id, "aliases": [w.spec.alias]})
                w.alias_of = current_id
        todo = []
        for w in self.plan.tables:
            other = w.other  # after markers(): the old current slot when a new version was loaded
            if other is not None and _holds(other, w.spec) and other.get(STATUS) == SPARE:
                continue
            if not w.rows:
                w.rows = w.spec.read()
            todo.append((w, other, route(other, w.spec, self.plan.index, self.plan.diff, w.rows)))
        if not todo:
            return
        total = sum(len(w.rows) if c is None else len(c.upsert) + len(c.delete) for w, _, c in todo)
        context = self.progress(total) if self.progress else nullcontext(None)
        with context as self.bar:
            for w, other, changes in todo:
                slot_id = self._bring(w, other, changes, package_id)
                self._check_count(w, slot_id)
                self.client.call(
                    "resource_patch",
                    {
                        "id": slot_id,
                        **ds.slot_markers(w.spec, self.plan.version, SPARE, sha256=w.spec.sha256),
                    },
                )

    # ------------------------------------------------------------------ helpers

    def _bring(
        self, w: TableWork, slot: dict[str, Any] | None, changes: Changes | None, package_id: str
    ) -> str:
        """Make ``slot`` (or a new slot) hold ``w``'s rows; returns its id."""
        spec, version = w.spec, self.plan.version
        if slot is None:
            letter = "a" if "a" not in w.letters else "b"
            # datastore_active set here spares CKAN's own resource_patch (a dataset update) afterwards
            resource = {"package_id": package_id, SLOT: letter, "datastore_active": True,
                        **ds.slot_markers(spec, version, PENDING, sha256="", target=spec.sha256)}  # fmt: skip
            slot_id = self._create(spec, w.rows, {"resource": resource})
            w.letters.add(letter)
            self.client.call("resource_view_create", {"resource_id": slot_id, "view_type": "datatables_view",
                                                      "title": "Tabell / Table"})  # fmt: skip
            return slot_id
        slot_id = str(slot["id"])
        if changes is None:
            self.client.call("resource_patch", {"id": slot_id, **ds.slot_markers(
                spec, version, PENDING, sha256="", target=spec.sha256)})  # fmt: skip
            with contextlib.suppress(CkanNotFound):  # no table yet
                self.client.call("datastore_delete", {"resource_id": slot_id, "force": True})
            self._create(spec, w.rows, {"resource_id": slot_id})
            return slot_id
        if changes.empty:
            return slot_id
        if slot.get(STATUS) != PENDING or slot.get(TARGET) != spec.sha256:
            self.client.call("resource_patch", {"id": slot_id, **ds.slot_markers(
                spec, version, PENDING, sha256=str(slot.get(SHA256) or ""), target=spec.sha256,
                schema=str(slot.get(SCHEMA) or ""))})  # fmt: skip
        for chunk in ds.batches(changes.upsert):
            self.client.call("datastore_upsert", {"resource_id": slot_id, "records": spec.records(chunk),
                                                  "method": "upsert", "calculate_record_count": False})  # fmt: skip
            self._advance(len(chunk))
        for filters in ds.delete_filters(spec, changes.delete):
            self.client.call("datastore_delete", {"resource_id": slot_id, "filters": filters, "force": True})
            self._advance(len(next(iter(filters.values()))) if len(spec.primary_key) == 1 else 1)
        return slot_id

    def _create(self, spec: TableSpec, rows: list[list[str]], target: dict[str, Any]) -> str:
        chunks = list(ds.batches(rows)) or [[]]
        answer = self.client.call("datastore_create", {
            **target, "fields": spec.fields, "primary_key": spec.primary_key,
            "records": spec.records(chunks[0]), "calculate_record_count": len(chunks) == 1,
        })  # fmt: skip
        slot_id = str(answer["resource_id"])
        self._advance(len(chunks[0]))
        for i, chunk in enumerate(chunks[1:], start=2):
            self.client.call("datastore_upsert", {"resource_id": slot_id, "records": spec.records(chunk),
                                                  "method": "insert",
                                                  "calculate_record_count": i == len(chunks)})  # fmt: skip
            self._advance(len(chunk))
        return slot_id

    def _advance(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def _check_count(self, w: TableWork, slot_id: str) -> None:
        answer = self.client.call(
            "datastore_search", {"resource_id": slot_id, "limit": 0, "include_total": True}
        )
        if int(answer.get("total", -1)) != len(w.rows):
            raise TargetError(
                f"The DataStore table of {w.spec.table} holds {answer.get('total')} rows after the load, "
                f"the release {len(w.rows)}",
                hint="Run the same command again: it reloads the table.",
            )
