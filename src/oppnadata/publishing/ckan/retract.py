"""Taking a retracted version out of CKAN (``oppnadata retract … --ckan-url``).

Every resource that holds the version's bytes (its zip, and its tables and files when it was the current
version) leaves the dataset in one ``package_revise`` matched on the state just read; the dataset keeps a
note of the retraction in the extra ``oppnadata_retracted``. When the retracted version was the one the
catalogue showed, the newest release left in ``releases/`` is published in its place (its files uploaded
again); the next version, carrying the fix, is published as usual.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...config import PublicationConfig
from ...releasing import releases
from .apply import publish_ckan
from .client import CkanClient, CkanNotFound
from .desired import KEY, VERSION, Release
from .report import outcome_lines

RETRACTED_EXTRA = "oppnadata_retracted"


def retract_ckan(
    client: CkanClient,
    config: PublicationConfig,
    name: str,
    retraction: releases.Retraction,
    releases_dir: Path,
    *,
    echo: Callable[[str], None] = lambda line: None,
    lang: str = "en",
) -> int:
    """Remove ``retraction``'s version from the catalogue; returns the number of resources removed."""
    version = retraction.version
    try:
        dataset = client.call("package_show", {"id": name})
    except CkanNotFound:
        echo(f"CKAN: the catalogue has no dataset {name!r}; nothing to take down.")
        return 0
    resources = list(dataset.get("resources", []))
    gone = [r for r in resources if r.get(VERSION) == version or r.get(KEY) == f"zip:{version}"]
    datastore = any(r.get("datastore_active") for r in resources)  # the republish below keeps it so
    # A version's DataStore tables go with it: dropping a resource from the dataset leaves its table (and
    # the retracted rows) in the DataStore. Each drop touches the dataset, so it is read again after.
    tables = [r for r in gone if r.get("datastore_active")]
    for resource in tables:
        with contextlib.suppress(CkanNotFound):  # already gone: a re-run after a fault
            client.call("datastore_delete", {"resource_id": resource["id"], "force": True})
    if tables:
        dataset = client.call("package_show", {"id": name})
        resources = list(dataset.get("resources", []))
        gone = [r for r in resources if r.get(VERSION) == version or r.get(KEY) == f"zip:{version}"]
    extras = [e for e in dataset.get("extras", []) if e.get("key") != RETRACTED_EXTRA]
    notes = [n for n in _extra(dataset, RETRACTED_EXTRA).split("\n") if n and not n.startswith(f"{version} ")]
    notes.append(f"{version} ({retraction.date}): {retraction.reason}")
    update: dict[str, Any] = {
        "resources": [r for r in resources if r not in gone],
        "extras": [*extras, {"key": RETRACTED_EXTRA, "value": "\n".join(sorted(notes))}],
    }
    was_current = str(dataset.get("version") or "") == version
    remaining = releases.latest_release(releases_dir, name)
    if was_current:
        update["version"] = remaining.version if remaining else ""
    client.call(
        "package_revise",
        {
            "match": {"id": dataset["id"], "metadata_modified": dataset["metadata_modified"]},
            "filter": ["-resources", "-extras"],
            "update": update,
            "include": ["-*"],
        },
    )
    echo(f"CKAN: removed {len(gone)} resources of version {version} from {client.url}/dataset/{name}.")
    if was_current and remaining is not None:
        echo(f"CKAN: version {version} was the current one; publishing {remaining.version} in its place.")
        with tempfile.TemporaryDirectory(prefix="oppnadata-retract-") as tmp:
            release = Release.from_recorded(releases_dir, name, remaining.version, Path(tmp))
            outcome = publish_ckan(release, config, client, echo=echo, lang=lang, datastore=datastore)
            for line in outcome_lines(outcome, lang):
                echo(line)
    return len(gone)


def _extra(dataset: dict[str, Any], key: str) -> str:
    return next((str(e.get("value", "")) for e in dataset.get("extras", []) if e.get("key") == key), "")
