"""Fill CKAN's DataStore from the release, incrementally, switching with the dataset's version.

Every table has up to two DataStore slots (see ``datastore``): the current one, which the alias (the
table's stable API name) points at, and one holding an earlier version. A publish that changes a table:

1. before the switch, brings the slot that is *not* current to the new version: it is marked ``pending``
   and changed record by record (``datastore_upsert`` / ``datastore_delete`` by primary key, from the
   release's ``diff.json`` when the slot holds the previous release, else from the keyed diff of the two
   CSVs in ``releases/``), then its data dictionary is set to name the new file and its row count is
   checked; a new table, a schema change or a slot of unknown content is (re)created and loaded in batches.
   A table that has one slot only gets its second one here: the first publish loads every row once;
2. in the dataset's one ``package_revise`` (the switch) that slot becomes ``current`` and the old one
   ``previous`` (its rows are left as they are: nothing writes to a table a reader may still be reading);
3. right after it, still under the publish's claim, each alias moves to the new slot (CKAN has no call that
   moves an alias: ``datastore_create`` refuses an alias another table holds, so it is dropped from the old
   table, then created on the new one), and then the claim is released.

For a dataset nobody can see yet (the first publish makes it public in its switch) the alias is set with the
table, so the DataStore appears in the same step as the dataset. A run that stops anywhere leaves the
previous version in place (before the switch) or the new one (after it); the next run, from the slots'
markers and where the aliases point, finishes: a pending slot's changes are applied again (they are
absolute, so that is safe), one of unknown content is reloaded, an alias left behind is moved. Every
write happens under the claim, so a concurrent publish never loads a table the alias still points at. An
unchanged table makes no DataStore write.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from ...errors import RefusedError, TargetError
from . import datastore as ds
from .client import CkanClient, CkanNotFound
from .datastore import SCHEMA, SLOT, TARGET, Changes, ReleaseIndex, TableSpec
from .desired import CURRENT, KEY, PENDING, PREVIOUS, SHA256, STATUS, VERSION, Release

Progress = Callable[[int], AbstractContextManager[Any]]  # total rows → a bar with .update(n)


@dataclass
class TableWork:
    spec: TableSpec
    current: dict[str, Any] | None  # the live slot marked current
    other: dict[str, Any] | None  # the other slot (previous or pending), if any
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

    @property
    def moves_alias(self) -> bool:
        return self.load or self.alias_of != self.after_switch

    def describe(self, lang: str) -> str:
        sv = lang == "sv"
        if not self.load:
            return "oförändrad" if sv else "unchanged"
        if self.changes is None:
            if self.other is not None:
                what = "laddas om" if sv else "reloaded"
            elif self.current is not None:  # its second slot, made at the first new version
                what = "andra tabellen" if sv else "second table"
            else:
                what = "ny tabell" if sv else "new table"
            return f"{what}, {len(self.rows)} {'rader' if sv else 'rows'}"
        n_up, n_del = len(self.changes.upsert), len(self.changes.delete)
        return f"upsert {n_up}, delete {n_del} ({self.changes.source})"


@dataclass
class DatastorePlan:
    version: str
    tables: list[TableWork]
    index: ReleaseIndex = field(default_factory=ReleaseIndex)
    diff: dict[str, Any] = field(default_factory=dict)
    hidden: bool = False  # nobody but the publisher sees the dataset before the switch (a first publish)

    @property
    def loads(self) -> list[TableWork]:
        return [w for w in self.tables if w.load]

    @property
    def needs_claim(self) -> bool:
        return any(w.moves_alias for w in self.tables)

    @property
    def empty(self) -> bool:
        return not self.needs_claim

    def lines(self, lang: str) -> list[str]:
        label = "  datastore" if lang != "sv" else "  datalager"
        out = [
            f"{label} {w.spec.table:<28} → {w.spec.alias}: {w.describe(lang)}" for w in self.tables if w.load
        ]
        fixes = [w for w in self.tables if not w.load and w.moves_alias]
        if fixes:
            names = ", ".join(w.spec.table for w in fixes)
            out.append(f"{label} {'flytta API-namnet' if lang == 'sv' else 'move the API name'} ({names})")
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
            raise RefusedError.coded("datastore-missing", url=client.url) from err
        aliases = {r["name"]: r["alias_of"] for r in answer.get("records", []) if r.get("alias_of")}
    index = ReleaseIndex.build(release)
    diff = _diff_json(release)
    hidden = dataset is None or (bool(dataset.get("private")) and not dataset.get("version"))
    plan = DatastorePlan(release.version, [], index, diff, hidden)
    for spec in specs:
        slots = [r for r in resources if r.get(KEY) == ds.PREFIX + spec.table]
        current = next((r for r in slots if r.get(STATUS) == CURRENT), None)
        other = next((r for r in slots if r is not current), None)
        work = TableWork(spec, current, other, aliases.get(spec.alias))
        work.letters = {str(r.get(SLOT)) for r in slots if r.get(SLOT)}
        if work.alias_of and work.alias_of not in {r["id"] for r in slots}:
            raise RefusedError.coded("datastore-alias-taken", alias=spec.alias, name=release.name)
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
        """Load the new version into the slot that is not current (created if need be); while the dataset
        is hidden, the aliases are set here too."""
        works = self.plan.loads
        for w in works:  # a run that stopped after its switch left the alias on the table to be loaded
            if w.current is not None and w.other is not None and w.alias_of == w.other["id"]:
                self._point(w, str(w.current["id"]))
        if works:
            context = self.progress(self._rows_total(works)) if self.progress else nullcontext(None)
            with context as self.bar:
                for w in works:
                    w.loaded_id = self._bring(w, w.other, w.changes, package_id)
                    self._check_count(w, w.loaded_id)
        if self.plan.hidden:
            self.move_aliases()

    @property
    def moves_left(self) -> bool:
        """Aliases still to be moved (after the switch)."""
        return any(w.alias_of != w.after_switch for w in self.plan.tables)

    def markers(self) -> dict[str, dict[str, str]]:
        """The slots' fields as the switch writes them: resource id → fields. The new current slot is
        marked current; the old one previous, with what its rows are (they stay as they are)."""
        out: dict[str, dict[str, str]] = {}
        version = self.plan.version
        for w in self.plan.tables:
            spec = w.spec
            new_id = w.after_switch
            if new_id:
                out[new_id] = ds.slot_markers(spec, version, CURRENT, sha256=spec.sha256)
            # the slot that was current; else a slot of an earlier layout (a "spare") named for what it is
            old = w.current if w.load else w.other
            if old is None or (not w.load and old.get(STATUS) in (PENDING, PREVIOUS)):
                continue
            out[old["id"]] = ds.slot_markers(spec, str(old.get(VERSION) or ""), PREVIOUS,
                                             sha256=str(old.get(SHA256) or ""), target=str(old.get(TARGET) or ""),
                                             schema=str(old.get(SCHEMA) or ""))  # fmt: skip
        return out

    def move_aliases(self) -> None:
        """Point each alias at the slot that is current after the switch: two calls when another table
        holds it (CKAN 2.12's ``create_alias`` raises "The alias … already exists" rather than take it over)."""
        for w in self.plan.tables:
            if w.after_switch and w.alias_of != w.after_switch:
                self._point(w, w.after_switch)

    def _point(self, w: TableWork, slot_id: str) -> None:
        if w.alias_of:
            with contextlib.suppress(CkanNotFound):  # its table was dropped: so was the alias
                self.client.call("datastore_create", {"resource_id": w.alias_of, "aliases": []})
            w.alias_of = None
        self.client.call("datastore_create", {"resource_id": slot_id, "aliases": [w.spec.alias]})
        w.alias_of = slot_id

    # ------------------------------------------------------------------ helpers

    def _bring(
        self, w: TableWork, slot: dict[str, Any] | None, changes: Changes | None, package_id: str
    ) -> str:
        """Make ``slot`` (or a new slot) hold ``w``'s rows, its data dictionary naming them; returns its id."""
        spec, version = w.spec, self.plan.version
        if slot is None:
            letter = "a" if "a" not in w.letters else "b"
            # datastore_active set here spares CKAN's own resource_patch (a dataset update) afterwards
            resource = {"package_id": package_id, SLOT: letter, "datastore_active": True,
                        **ds.slot_markers(spec, version, PENDING, sha256="", target=spec.sha256)}  # fmt: skip
            alias = self.plan.hidden and not w.alias_of  # nobody sees it before the switch
            slot_id = self._create(spec, w.rows, {"resource": resource}, alias=alias)
            if alias:
                w.alias_of = slot_id
            w.letters.add(letter)
            self.client.call("resource_view_create", {"resource_id": slot_id, "view_type": "datatables_view",
                                                      "title": "Tabell / Table"})  # fmt: skip
            return slot_id
        slot_id = str(slot["id"])
        if changes is None:
            if w.alias_of == slot_id:  # only while hidden: dropping the table drops its alias
                w.alias_of = None
            self.client.call("resource_patch", {"id": slot_id, **ds.slot_markers(
                spec, version, PENDING, sha256="", target=spec.sha256)})  # fmt: skip
            with contextlib.suppress(CkanNotFound):  # no table yet
                self.client.call("datastore_delete", {"resource_id": slot_id, "force": True})
            self._create(spec, w.rows, {"resource_id": slot_id})
            return slot_id
        if changes.empty and slot.get(STATUS) != PENDING:
            return slot_id  # it holds these rows, its dictionary names them
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
        # the last write of the load: from here on the table's dictionary names the rows it holds
        self.client.call("datastore_create", {"resource_id": slot_id, "fields": spec.dictionary(version)})
        return slot_id

    def _create(self, spec: TableSpec, rows: list[list[str]], target: dict[str, Any], *,
                alias: bool = False) -> str:  # fmt: skip
        chunks = list(ds.batches(rows)) or [[]]
        answer = self.client.call("datastore_create", {
            **target, "fields": spec.dictionary(self.plan.version), "primary_key": spec.primary_key,
            "records": spec.records(chunks[0]), "calculate_record_count": len(chunks) == 1,
            **({"aliases": [spec.alias]} if alias else {}),
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
            raise TargetError.coded(
                "datastore-row-count", table=w.spec.table, found=answer.get("total"), rows=len(w.rows)
            )
