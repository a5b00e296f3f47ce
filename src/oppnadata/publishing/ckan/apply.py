"""Apply a plan, under one rule: the catalogue never presents a version whose files disagree with it.

1. Claim the dataset (``package_revise`` with ``match`` on ``metadata_modified``: of two publishes
   started at once, one claims and the other stops cleanly); a new dataset is created private, with
   the claim.
2. Upload new files as new resources marked ``pending`` (the published version's resources are not
   touched).
3. Switch, in one ``package_revise`` matched on the state just read: the dataset's fields and
   ``version``, the "current" markers, the pending resources in place of those they replace, the
   claim removed -- or, when DataStore aliases are still to move to the new tables (``dsload``), kept
   until they have moved and then removed in one more ``package_revise``.

A run that fails anywhere leaves the previous version presented as it was; the next run finds the
pending uploads (by key and sha256), reuses those the release still needs, drops the others in its
switch, and ends consistent. Work that is a switch alone (field changes) needs no claim.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from ...config import PublicationConfig
from ...errors import RefusedError, TargetError
from . import desired
from .claim import ACTIVE, Claim
from .client import CkanClient, CkanRefused
from .datastore import is_datastore
from .desired import CLAIM_EXTRA, KEY, PENDING, SHA256, STATUS, VERSION, Release
from .dsload import DatastoreLoader
from .plan import Outcome, Plan, choose, extras_dict, make_plan
from .report import plan_lines

Progress = Callable[[int], AbstractContextManager[Any]]  # total bytes → a bar with .update(n)


class ConcurrentPublish(RefusedError):
    """Another publish holds the dataset: this one stops, having changed nothing."""

    def __init__(self, reason: str, claim: Claim | None = None) -> None:
        """reason: a ``ckan-concurrent-…`` code of messages/errors_publishing.py; claim: the other run's."""
        if claim is None:
            self._from_catalogue(reason)
        else:
            self._from_catalogue(reason, version=claim.version, started=claim.started, expires=claim.expires)


class _Conflict(Exception):
    """The dataset changed between reading and the first write; nothing was changed: plan again."""


def publish_ckan(
    release: Release,
    config: PublicationConfig,
    client: CkanClient,
    *,
    dry_run: bool = False,
    prune: bool = False,
    echo: Callable[[str], None] = lambda line: None,
    progress: Progress | None = None,
    rows_progress: Progress | None = None,
    datastore: bool = False,
    lang: str = "en",
) -> Outcome:
    """Plan, print the plan through ``echo``, and (unless ``dry_run``) apply it. With ``datastore``
    (the command line's default) every table of the release is also loaded into the catalogue's
    DataStore (``rows_progress``: a bar over the rows sent)."""
    for _attempt in range(3):
        plan = make_plan(release, config, client, prune=prune, datastore=datastore)
        for line in plan_lines(plan, lang):
            echo(line)
        if plan.blocked and plan.claim is not None:
            if dry_run:
                return Outcome(plan, client.stats, applied=False, dry_run=True)
            raise ConcurrentPublish("ckan-concurrent-claim", plan.claim)
        if dry_run or plan.empty:
            return Outcome(plan, client.stats, applied=False, dry_run=dry_run)
        try:
            apply(plan, config, client, progress, rows_progress)
        except _Conflict:
            echo("The dataset changed while this run read it; reading it again.")
            continue
        return Outcome(plan, client.stats, applied=True, dry_run=False)
    raise ConcurrentPublish("ckan-concurrent-read")


def apply(plan: Plan, config: PublicationConfig, client: CkanClient, progress: Progress | None,
          rows_progress: Progress | None = None) -> None:  # fmt: skip
    claim = Claim.new(plan.wanted.version) if plan.needs_claim else None
    loader: DatastoreLoader | None = None
    if claim is not None:
        ACTIVE.add(claim.id)  # before it is written: no one in this process may take it as stale
    try:
        org = plan.org or _create_organisation(client, config)
        if plan.dataset is None:
            assert claim is not None
            package_id = _create_dataset(plan, client, org["id"], claim)
        else:
            package_id = plan.dataset["id"]
            if claim is not None:
                _take_claim(plan.dataset, client, claim)
        _upload(plan, client, package_id, progress)
        loader = DatastoreLoader(plan.datastore, client, rows_progress) if plan.datastore else None
        if loader is not None:
            loader.before_switch(package_id)
        # aliases move after the switch, under the claim: it is released once they point at the new tables
        later = loader is not None and loader.moves_left
        if plan.needs_switch:
            _switch(plan, client, package_id, claim, loader.markers() if loader else {}, keep_claim=later)
        if loader is not None:
            loader.move_aliases()
        if claim is not None and (later or not plan.needs_switch):
            _release_claim(client, package_id, claim)
    finally:
        if claim is not None:
            ACTIVE.discard(claim.id)


def _create_organisation(client: CkanClient, config: PublicationConfig) -> dict[str, Any]:
    try:
        return dict(client.call("organization_create", desired.organisation(config)))
    except CkanRefused as err:
        if "name" not in err.errors:
            raise
        # created by a concurrent publish a moment ago
        return dict(client.call("organization_show", {"id": config.ckan.organization}))


def _create_dataset(plan: Plan, client: CkanClient, org_id: str, claim: Claim) -> str:
    wanted = plan.wanted
    extras = [{"key": k, "value": v} for k, v in wanted.extras.items()]
    data = {
        "name": wanted.name,
        "owner_org": org_id,
        "private": True,  # public at the switch, when its files are in place
        **wanted.core,
        "extras": [*extras, {"key": CLAIM_EXTRA, "value": claim.dumps()}],
        "tags": [{"name": tag} for tag in wanted.tags],
    }
    try:
        return str(client.call("package_create", data)["id"])
    except CkanRefused as err:
        if "name" in err.errors:  # created by a concurrent publish: plan again, and see its claim
            raise _Conflict from err
        raise


def _take_claim(dataset: dict[str, Any], client: CkanClient, claim: Claim) -> None:
    extras = [{"key": e["key"], "value": e.get("value", "")} for e in dataset.get("extras", [])]
    extras = [e for e in extras if e["key"] != CLAIM_EXTRA] + [{"key": CLAIM_EXTRA, "value": claim.dumps()}]
    try:
        client.call(
            "package_revise",
            {
                "match": {"id": dataset["id"], "metadata_modified": dataset["metadata_modified"]},
                "filter": ["-extras"],
                "update": {"extras": extras},
                "include": ["-*"],
            },
        )
    except CkanRefused as err:
        if err.is_match_conflict:
            raise _Conflict from err
        raise


def _release_claim(client: CkanClient, package_id: str, claim: Claim) -> None:
    """The last write of a publish whose aliases moved after the switch: the claim extra removed."""
    for _attempt in range(3):
        dataset = client.call("package_show", {"id": package_id})
        held = Claim.parse(extras_dict(dataset).get(CLAIM_EXTRA))
        if held is None or held.id != claim.id:
            return  # taken over as stale by another run, which releases it
        extras = [{"key": e["key"], "value": e.get("value", "")} for e in dataset.get("extras", [])]
        try:
            client.call(
                "package_revise",
                {
                    "match": {"id": dataset["id"], "metadata_modified": dataset["metadata_modified"]},
                    "filter": ["-extras"],
                    "update": {"extras": [e for e in extras if e["key"] != CLAIM_EXTRA]},
                    "include": ["-*"],
                },
            )
            return
        except CkanRefused as err:
            if not err.is_match_conflict:
                raise
    raise ConcurrentPublish("ckan-concurrent-release")


def _upload(plan: Plan, client: CkanClient, package_id: str, progress: Progress | None) -> None:
    todo = [w for w, _ in plan.uploads]
    if not todo:
        return
    bar_context = progress(sum(w.size for w in todo)) if progress else nullcontext(None)
    with bar_context as bar:
        for w in todo:
            assert w.path is not None
            data = {
                "package_id": package_id,
                **w.fields,
                "description": f"(Väntar på publicering av version {plan.wanted.version}.) "
                + w.fields["description"],
                KEY: w.key,
                SHA256: w.sha256,
                VERSION: w.version,
                STATUS: PENDING,
            }
            client.call("resource_create", data, upload=w.path, filename=w.filename)
            if bar is not None:
                bar.update(w.size)


def _switch(plan: Plan, client: CkanClient, package_id: str, claim: Claim | None,
            markers: dict[str, dict[str, str]], *, keep_claim: bool = False) -> None:  # fmt: skip
    for _attempt in range(3):
        if claim is None:
            assert plan.dataset is not None
            dataset = plan.dataset
        else:
            dataset = client.call("package_show", {"id": package_id})
            held = Claim.parse(extras_dict(dataset).get(CLAIM_EXTRA))
            if held is None or held.id != claim.id:
                raise (
                    ConcurrentPublish("ckan-concurrent-claim", held)
                    if held
                    else ConcurrentPublish("ckan-concurrent-claim-removed")
                )
        try:
            client.call(
                "package_revise",
                {
                    "match": {"id": dataset["id"], "metadata_modified": dataset["metadata_modified"]},
                    "filter": ["-resources", "-extras", "-tags"],
                    "update": switch_update(plan, dataset, markers, claim if keep_claim else None),
                    "include": ["-*"],
                },
            )
            return
        except CkanRefused as err:
            if not err.is_match_conflict:
                raise
            if claim is None:
                raise _Conflict from err
    raise ConcurrentPublish("ckan-concurrent-switch")


def switch_update(plan: Plan, dataset: dict[str, Any], markers: dict[str, dict[str, str]] | None = None,
                  claim: Claim | None = None) -> dict[str, Any]:  # fmt: skip
    """The dataset as it is to be published: fields, version, extras, tags and the resource list
    (the DataStore slots kept, with ``markers``: their fields by resource id); ``claim`` stays when given."""
    markers = markers or {}
    wanted = plan.wanted
    resources = list(dataset.get("resources", []))
    pruned = {r["id"] for r in plan.delete}
    wanted_keys = {w.key for w in wanted.resources}
    final: list[dict[str, Any]] = []
    used: set[str] = set()
    for w in wanted.resources:
        if w.is_upload:
            found = choose(resources, w)
            if found is None:
                raise TargetError.coded("ckan-upload-missing", label=w.label)
        else:
            found = next((r for r in resources if r.get(KEY) == w.key and r.get(STATUS) != PENDING), None)
        if found is not None:
            used.add(found["id"])
        final.append({**(found or {}), **w.fields, KEY: w.key})
    for r in resources:
        key = r.get(KEY)
        if r["id"] in used:
            continue
        if is_datastore(r):
            final.append({**r, **markers.get(r["id"], {})})
            continue
        if key and (r.get(STATUS) == PENDING or key in wanted_keys or r["id"] in pruned):
            continue  # staged and unused, superseded by an upload, or pruned
        final.append(r)
    foreign = [
        {"key": e["key"], "value": e.get("value", "")}
        for e in dataset.get("extras", [])
        if e["key"] not in desired.managed_extras() and e["key"] != CLAIM_EXTRA
    ]
    kept = [{"key": CLAIM_EXTRA, "value": claim.dumps()}] if claim is not None else []
    update: dict[str, Any] = {
        **wanted.core,
        "version": wanted.version,
        "extras": [*foreign, *({"key": k, "value": v} for k, v in wanted.extras.items()), *kept],
        "tags": [{"name": tag} for tag in wanted.tags],
        "resources": final,
    }
    if dataset.get("private") and not dataset.get("version"):
        update["private"] = False
    return update
