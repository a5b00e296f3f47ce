"""``oppnadata check``: do ``releases/``, the portal (``site/``) and CKAN agree on every version?

For every version ``releases/`` knows (recorded or retracted) it reads the sha256 each place has:

- ``releases/``: the zip's bytes against its ``.sha256`` (a retracted version: its tombstone, and no zip);
- the portal: ``site/releases/<zip>`` and its ``.sha256``, and every unpacked file against the zip's
  member of that name (a retracted version: only its tombstone page remains);
- CKAN: the zip resource of the version, downloaded and hashed (not only the ``sha256`` field), and the
  ``sha256`` fields of the current version's files against the release's ``datapackage.json``
  (a retracted version: no resource holds its bytes).

A place that shows a version ``releases/`` does not have is a disagreement too.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..fileio import sha256_bytes
from ..releasing import releases

AGREE = "="


@dataclass
class VersionState:
    version: str
    recorded: str  # the sha256 in releases/ (or the tombstone's)
    retracted: bool
    places: dict[str, str] = field(default_factory=dict)  # place → sha256, "gone", "missing", …
    problems: list[str] = field(default_factory=list)


@dataclass
class CheckResult:
    versions: list[VersionState]
    problems: list[str]  # not tied to a recorded version
    places: list[str]

    @property
    def agree(self) -> bool:
        return not self.problems and not any(v.problems for v in self.versions)

    def lines(self) -> list[str]:
        header = f"{'version':9} {'releases/':18}" + "".join(f" {p:18}" for p in self.places)
        out = [header]
        for v in self.versions:
            first = "retracted " + v.recorded[:8] if v.retracted else v.recorded[:16]
            cells = "".join(f" {v.places.get(p, '-')[:18]:18}" for p in self.places)
            out.append(f"{v.version:9} {first:18}{cells}")
        for v in self.versions:
            out += [f"  {v.version}: {p}" for p in v.problems]
        out += [f"  {p}" for p in self.problems]
        total = len(self.problems) + sum(len(v.problems) for v in self.versions)
        where = ", ".join(["releases/", *self.places])
        out.append(
            f"All agree: {len(self.versions)} versions, the same sha256 in {where}."
            if self.agree
            else f"DISAGREE: {total} problems (see above); a published byte must never change."
        )
        return out


def check_publication(
    releases_dir: Path, name: str, *, site: Path | None = None, ckan: Any | None = None
) -> CheckResult:
    """Compare every version in ``releases_dir`` with the portal in ``site`` and the catalogue ``ckan``
    (a :class:`oppnadata.publishing.ckan.CkanClient`); either may be None (not checked)."""
    states: list[VersionState] = []
    problems: list[str] = []
    zips: dict[str, Path] = {}
    for ref in releases.list_releases(releases_dir, name):
        actual = releases.sha256_file(ref.path)
        recorded = ref.recorded_sha256() if ref.sha256_path.is_file() else ""
        state = VersionState(ref.version, recorded or actual, retracted=False)
        if actual != recorded:
            state.problems.append(
                f"releases/{ref.path.name} has sha256 {actual}, its .sha256 says {recorded!r}"
            )
        zips[ref.version] = ref.path
        states.append(state)
    for gone in releases.list_retractions(releases_dir, name):
        state = VersionState(gone.version, gone.sha256, retracted=True)
        if gone.version in zips:
            state.problems.append(f"retracted, but releases/{gone.zip_name} is still there")
        states.append(state)
    states.sort(key=lambda s: releases.parse_version(s.version))
    places = []
    if site is not None:
        places.append("site/")
        problems += _check_site(site, name, states, zips)
    if ckan is not None:
        places.append("CKAN")
        problems += _check_ckan(ckan, name, states, zips)
    return CheckResult(states, problems, places)


def _check_site(site: Path, name: str, states: list[VersionState], zips: dict[str, Path]) -> list[str]:
    known = {s.version for s in states}
    problems = []
    for state in states:
        zip_name = f"{name}-{state.version}.zip"
        served = site / "releases" / zip_name
        folder = site / "releases" / state.version
        if state.retracted:
            left = sorted(
                p.relative_to(folder).as_posix()
                for p in folder.rglob("*")
                if p.is_file() and p.name != "index.html"
            ) if folder.is_dir() else []  # fmt: skip
            state.places["site/"] = "tombstone" if (folder / "index.html").is_file() else "no tombstone"
            if served.exists() or left:
                state.problems.append(
                    f"retracted, but the portal still serves {served.name if served.exists() else left[0]}"
                )
            if not (folder / "index.html").is_file():
                state.problems.append(
                    f"retracted, but the portal has no tombstone at releases/{state.version}/"
                )
            continue
        if not served.is_file():
            state.places["site/"] = "missing"
            state.problems.append(f"the portal lacks releases/{zip_name}")
            continue
        digest = releases.sha256_file(served)
        state.places["site/"] = AGREE if digest == state.recorded else digest
        if digest != state.recorded:
            state.problems.append(f"the portal's releases/{zip_name} has sha256 {digest}")
        sha_file = served.with_name(served.name + ".sha256")
        if not sha_file.is_file() or sha_file.read_text(encoding="utf-8").split()[:1] != [state.recorded]:
            state.problems.append(f"the portal's releases/{zip_name}.sha256 does not say {state.recorded}")
        with zipfile.ZipFile(zips[state.version]) as archive:
            root = f"{name}-{state.version}/"
            for info in archive.infolist():
                if info.is_dir():
                    continue
                target = folder / info.filename.removeprefix(root)
                if not target.is_file() or target.read_bytes() != archive.read(info):
                    state.problems.append(f"the portal's releases/{state.version}/{info.filename.removeprefix(root)} "
                                          "differs from the release zip")  # fmt: skip
                    break
    shown = site / "releases"
    if shown.is_dir():
        for path in sorted(shown.glob(f"{name}-*.zip")):
            version = path.name.removeprefix(f"{name}-").removesuffix(".zip")
            if version not in known:
                problems.append(f"the portal serves {path.name}, which releases/ does not have")
    return problems


def _check_ckan(client: Any, name: str, states: list[VersionState], zips: dict[str, Path]) -> list[str]:
    import requests

    from ..publishing.ckan.client import CkanNotFound
    from ..publishing.ckan.desired import KEY, PENDING, SHA256, STATUS, VERSION

    try:
        dataset = client.call("package_show", {"id": name})
    except CkanNotFound:
        for state in states:
            state.places["CKAN"] = "not published"
        return [f"the catalogue has no dataset {name!r}"]
    resources = [r for r in dataset.get("resources", []) if r.get(STATUS) != PENDING]
    problems = []
    live = str(dataset.get("version") or "")
    for state in states:
        held = [
            r for r in resources if r.get(VERSION) == state.version or r.get(KEY) == f"zip:{state.version}"
        ]
        if state.retracted:
            state.places["CKAN"] = "gone" if not held else "STILL THERE"
            if held:
                state.problems.append(f"retracted, but the catalogue still has {len(held)} of its resources")
            continue
        zip_resource = next((r for r in resources if r.get(KEY) == f"zip:{state.version}"), None)
        if zip_resource is None:
            state.places["CKAN"] = "missing"
            state.problems.append("the catalogue has no zip of this version")
            continue
        response = requests.get(str(zip_resource["url"]), timeout=(10, 300))
        if response.status_code != 200:
            state.places["CKAN"] = f"HTTP {response.status_code}"
            state.problems.append(f"the catalogue's zip answers HTTP {response.status_code}")
            continue
        digest = sha256_bytes(response.content)
        state.places["CKAN"] = AGREE if digest == state.recorded else digest
        if digest != state.recorded or zip_resource.get(SHA256) not in (None, "", digest):
            state.problems.append(f"the catalogue's zip has sha256 {digest}")
        if state.version == live:
            problems += _current_files(resources, zips[state.version], state)
    versions = {s.version for s in states}
    if live and live not in versions:
        problems.append(f"the catalogue shows version {live}, which releases/ does not have")
    for r in resources:
        key = str(r.get(KEY) or "")
        if key.startswith("zip:") and key.removeprefix("zip:") not in versions:
            problems.append(f"the catalogue holds {key}, which releases/ does not have")
    return problems


def _current_files(resources: list[dict[str, Any]], zip_path: Path, state: VersionState) -> list[str]:
    """The current version's files in CKAN carry the sha256 its datapackage.json records."""
    from ..publishing.ckan.desired import SHA256, VERSION

    descriptor = releases.read_release_descriptor(zip_path)
    recorded = {str(r["hash"]).removeprefix("sha256:") for r in descriptor.get("resources", [])}
    for r in resources:
        csv_of_version = r.get(VERSION) == state.version and str(r.get("format", "")).upper() == "CSV"
        if csv_of_version and r.get(SHA256) not in recorded:
            state.problems.append(
                f"the catalogue's {r.get('name')} has sha256 {r.get(SHA256)}, not in the release"
            )
    return []


def to_json(result: CheckResult) -> str:
    return json.dumps(
        {
            "agree": result.agree,
            "versions": [
                {"version": v.version, "releases": v.recorded, "retracted": v.retracted, **v.places,
                 "problems": v.problems}
                for v in result.versions
            ],
            "problems": result.problems,
        },
        ensure_ascii=False,
        indent=2,
    )  # fmt: skip
