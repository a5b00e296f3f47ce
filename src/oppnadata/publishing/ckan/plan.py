"""Plan: read the live catalogue (three read calls, no writes) and compare it with the release.

The plan says what the apply step will do: create the organisation or dataset, change dataset fields,
upload files (only those whose sha256 differs from what the resource records), reuse uploads an
interrupted run left pending, update resource fields, delete (only with ``--prune``, listed first),
and keep the rest. It also refuses what must never be published: an older version than the catalogue
shows, or the same version with other bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...config import PublicationConfig
from ...errors import RefusedError
from ...releasing.releases import parse_version
from . import desired
from .claim import Claim
from .client import CallStats, CkanClient, CkanNotFound, CkanRefused
from .datastore import is_datastore
from .desired import CLAIM_EXTRA, KEY, PENDING, SHA256, STATUS, Release, Wanted, WantedDataset
from .dsload import DatastorePlan, make_datastore_plan


@dataclass
class Plan:
    release: Release
    wanted: WantedDataset
    url: str
    org: dict[str, Any] | None  # None: to be created
    dataset: dict[str, Any] | None  # the live dataset (None: to be created)
    org_name: str = ""
    prune: bool = False
    field_changes: list[tuple[str, str, str]] = field(default_factory=list)
    uploads: list[tuple[Wanted, dict[str, Any] | None]] = field(default_factory=list)  # (file, replaces)
    reuse: list[tuple[Wanted, dict[str, Any]]] = field(default_factory=list)
    updates: list[tuple[Wanted, dict[str, Any], list[str]]] = field(default_factory=list)
    links_new: list[Wanted] = field(default_factory=list)
    keep: list[tuple[Wanted, dict[str, Any]]] = field(default_factory=list)
    staged_unused: list[dict[str, Any]] = field(default_factory=list)  # pending, not used: removed
    delete: list[dict[str, Any]] = field(default_factory=list)  # with --prune
    orphans: list[dict[str, Any]] = field(default_factory=list)  # not in the release, left alone
    claim: Claim | None = None  # a live claim by another publish
    datastore: DatastorePlan | None = None  # None: the DataStore is left as it is

    @property
    def live_version(self) -> str | None:
        return (self.dataset or {}).get("version") or None

    @property
    def make_public(self) -> bool:
        """A dataset this tool created stays private until its first switch."""
        return self.dataset is not None and bool(self.dataset.get("private")) and not self.live_version

    @property
    def blocked(self) -> bool:
        return self.claim is not None and not self.claim.is_stale()

    @property
    def needs_switch(self) -> bool:
        return bool(
            self.dataset is None or self.field_changes or self.uploads or self.reuse or self.updates
            or self.links_new or self.delete or self.staged_unused or self.make_public
            or (self.datastore is not None and self.datastore.loads)
        )  # fmt: skip

    @property
    def stale_claim(self) -> bool:
        """A claim left by a publish that stopped: the next publish takes it over, and removes it."""
        return self.claim is not None and self.claim.is_stale()

    @property
    def needs_claim(self) -> bool:
        """Work of several calls (creating, uploading, the DataStore) runs under a claim; a lone switch
        does not."""
        loads = self.datastore is not None and self.datastore.needs_claim
        return self.org is None or self.dataset is None or bool(self.uploads) or loads or self.stale_claim

    @property
    def empty(self) -> bool:
        return (
            self.org is not None
            and not self.needs_switch
            and not self.stale_claim
            and (self.datastore is None or self.datastore.empty)
        )

    @property
    def upload_bytes(self) -> int:
        return sum(w.size for w, _ in self.uploads)


@dataclass
class Outcome:
    """What ``publish_ckan`` did with its plan (``report.outcome_lines`` says it in words)."""

    plan: Plan
    stats: CallStats
    applied: bool
    dry_run: bool


def read_live(client: CkanClient, config: PublicationConfig, name: str) -> tuple[Any, Any]:
    """The organisation and the dataset as the catalogue has them (None when missing)."""
    org_name = config.ckan.organization
    try:
        org = client.call("organization_show", {"id": org_name, "include_datasets": False})
    except CkanNotFound:
        org = None
    if org is not None:
        mine = client.call("organization_list_for_user", {"permission": "create_dataset"})
        if org_name not in {o.get("name") for o in mine}:
            raise CkanRefused.coded("ckan-not-permitted", org=org_name)
    try:
        dataset = client.call("package_show", {"id": name})
    except CkanNotFound:
        dataset = None
    if dataset is not None and dataset.get("state") == "deleted":
        raise RefusedError.coded("ckan-dataset-deleted", name=name)
    if dataset is not None and org is not None and dataset.get("owner_org") not in (org["id"], None):
        raise RefusedError.coded("ckan-other-organisation", name=name, org=org_name)
    return org, dataset


def make_plan(
    release: Release, config: PublicationConfig, client: CkanClient, *, prune: bool = False,
    datastore: bool = False,
) -> Plan:  # fmt: skip
    wanted = desired.dataset(release, config)
    org, dataset = read_live(client, config, wanted.name)
    plan = Plan(release, wanted, client.url, org, dataset, org_name=config.ckan.organization, prune=prune)
    if dataset is None:
        plan.uploads = [(w, None) for w in wanted.resources if w.is_upload]
        plan.links_new = [w for w in wanted.resources if not w.is_upload]
    else:
        _compare(plan, dataset)
    if datastore:  # after the refusals: a refused release reads no table
        plan.datastore = make_datastore_plan(release, dataset, client)
    return plan


def _compare(plan: Plan, dataset: dict[str, Any]) -> None:
    wanted = plan.wanted
    extras = extras_dict(dataset)
    plan.claim = Claim.parse(extras.get(CLAIM_EXTRA))
    check_versions(plan)
    plan.field_changes = field_changes(wanted, dataset, extras)
    _keep_catalogue_zips(wanted, dataset.get("resources", []))
    compare_resources(plan, dataset.get("resources", []))


def _keep_catalogue_zips(wanted: WantedDataset, resources: list[dict[str, Any]]) -> None:
    """Earlier zips only the catalogue has stay, marked earlier (a cited version never disappears)."""
    keys = {w.key for w in wanted.resources}
    at = max(i for i, w in enumerate(wanted.resources) if w.key.startswith("zip:")) + 1
    for r in resources:
        key = str(r.get(KEY) or "")
        version = key.removeprefix("zip:")
        if (
            key.startswith("zip:")
            and key not in keys
            and r.get(STATUS) != PENDING
            and version != wanted.version
        ):
            wanted.resources.insert(at, desired.catalogue_zip(version))
            keys.add(key)


def extras_dict(dataset: dict[str, Any]) -> dict[str, str]:
    return {e["key"]: str(e.get("value", "")) for e in dataset.get("extras", []) if "key" in e}


def field_changes(wanted: WantedDataset, dataset: dict[str, Any], extras: dict[str, str]) -> list[tuple[str, str, str]]:  # fmt: skip
    changes = []
    for name, value in [*wanted.core.items(), ("version", wanted.version)]:
        old = str(dataset.get(name) or "")
        if old != value:
            changes.append((name, old, value))
    for name in desired.managed_extras():
        old, new = extras.get(name, ""), wanted.extras.get(name, "")
        if old != new:
            changes.append((f"extras.{name}", old, new))
    old_tags = sorted(t["name"] for t in dataset.get("tags", []))
    if old_tags != wanted.tags:
        changes.append(("tags", ", ".join(old_tags), ", ".join(wanted.tags)))
    return changes


def check_versions(plan: Plan) -> None:
    """An older version than the catalogue shows, or the same version with other bytes, is refused."""
    release, live = plan.release, plan.live_version
    if live is None:
        return
    try:
        live_semver = parse_version(live)
    except RefusedError as err:
        raise RefusedError.coded("ckan-live-version-malformed", live=repr(live)) from err
    if live_semver > parse_version(release.version):
        raise RefusedError.coded("ckan-older-version", live=live, name=release.name, version=release.version)
    resources = plan.dataset.get("resources", []) if plan.dataset else []
    zips = {w.key: w for w in plan.wanted.resources if w.key.startswith("zip:")}
    for r in resources:
        if r.get(STATUS) == PENDING:
            continue
        w = zips.get(str(r.get(KEY)))
        if w is None or not r.get(SHA256) or r[SHA256] == w.sha256:
            continue
        if w.version == release.version:
            raise RefusedError.coded("ckan-version-other-content", version=release.version, name=release.name)
        raise RefusedError.coded("ckan-release-file-differs", file=w.filename, version=w.version)


def choose(resources: list[dict[str, Any]], w: Wanted) -> dict[str, Any] | None:
    """The live resource that already holds ``w``'s bytes (a current one before a pending one)."""
    same = [
        r for r in resources
        if r.get(KEY) == w.key and r.get(SHA256) == w.sha256 and r.get("url_type") == "upload"
        and str(r.get("size") or w.size) == str(w.size)
    ]  # fmt: skip
    same.sort(key=lambda r: r.get(STATUS) == PENDING)
    return same[0] if same else None


def compare_resources(plan: Plan, resources: list[dict[str, Any]]) -> None:
    wanted_keys = {w.key for w in plan.wanted.resources}
    used: set[str] = set()
    for w in plan.wanted.resources:
        same_key = [r for r in resources if r.get(KEY) == w.key]
        current = next((r for r in same_key if r.get(STATUS) != PENDING), None)
        if w.is_upload:
            chosen = choose(resources, w)
            if chosen is None:
                plan.uploads.append((w, current))
                continue
            used.add(chosen["id"])
            if chosen.get(STATUS) == PENDING:
                plan.reuse.append((w, chosen))
                continue
        elif current is None:
            plan.links_new.append(w)
            continue
        else:
            chosen = current
            used.add(chosen["id"])
        changed = [k for k, v in w.fields.items() if str(chosen.get(k) or "") != v]
        if changed:
            plan.updates.append((w, chosen, changed))
        else:
            plan.keep.append((w, chosen))
    for r in resources:
        if is_datastore(r):
            continue  # the DataStore slots: planned in dsload
        if r["id"] in used or not r.get(KEY):
            if not r.get(KEY):
                plan.orphans.append(r)  # not managed by this tool: never touched
            continue
        if r.get(STATUS) == PENDING:
            plan.staged_unused.append(r)
        elif r.get(KEY) in wanted_keys:
            continue  # superseded by an upload: replaced in the switch
        elif plan.prune and not str(r.get(KEY)).startswith("zip:"):
            plan.delete.append(r)
        else:
            plan.orphans.append(r)
