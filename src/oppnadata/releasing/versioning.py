"""``oppnadata bump``: the version number the data calls for, after the Data Package *version* recipe
(https://datapackage.org/recipes/data-package-version/), made enforceable.

- MAJOR: fields added, removed, renamed, reordered or retyped; a constraint tightened; the primary key
  changed; records physically removed; a table removed; the package renamed.
- MINOR: tables or records added; a constraint loosened.
- PATCH: corrections of existing values (a withdrawal is one: the record stays, its status changes);
  descriptive metadata (titles, descriptions, keywords, ...).

:mod:`oppnadata.releasing.diffing` states what changed; this module decides what that is worth.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from ..config import CONFIG_FILENAME
from ..descriptor import DESCRIPTOR_NAME, read_structured
from ..errors import DescriptorError, RefusedError
from ..fileio import write_atomically
from .diffing import Diff, diff, open_side
from .diffsides import Side
from .releases import parse_version

Bump = Literal["major", "minor", "patch"]
RANK: dict[str | None, int] = {None: 0, "patch": 1, "minor": 2, "major": 3}

# What each kind of schema change is worth; an unknown kind counts as MAJOR (the safe side).
SCHEMA_BUMP: dict[str, Bump] = {
    "field_added": "major",
    "field_removed": "major",
    "field_renamed": "major",
    "fields_reordered": "major",
    "field_retyped": "major",
    "constraint_tightened": "major",
    "primary_key_changed": "major",
    "foreign_key_added": "major",
    "missing_values_changed": "major",
    "constraint_loosened": "minor",
    "foreign_key_removed": "minor",
}

_RECORD_BUMP: tuple[tuple[str, Bump], ...] = (
    ("removed", "major"),
    ("added", "minor"),
    ("corrected", "patch"),
    ("withdrawn", "patch"),
)

_REASONS = {
    "sv": {
        "renamed": "paketet har bytt namn",
        "resources_removed": "tabeller borttagna: {names}",
        "resources_added": "nya tabeller: {names}",
        "removed": "{table}: {count} poster borttagna",
        "added": "{table}: {count} poster tillagda",
        "corrected": "{table}: {count} poster rättade",
        "withdrawn": "{table}: {count} poster återkallade",
        "schema": "{table}: {what}",
        "metadata": "{where}: beskrivande metadata ändrad ({keys})",
        "package": "paketet",
    },
    "en": {
        "renamed": "the package was renamed",
        "resources_removed": "tables removed: {names}",
        "resources_added": "new tables: {names}",
        "removed": "{table}: {count} records removed",
        "added": "{table}: {count} records added",
        "corrected": "{table}: {count} records corrected",
        "withdrawn": "{table}: {count} records withdrawn",
        "schema": "{table}: {what}",
        "metadata": "{where}: descriptive metadata changed ({keys})",
        "package": "the package",
    },
}


def bump_reasons(result: Diff, lang: str = "sv") -> list[tuple[Bump, str]]:
    """Every change that calls for a bump, with the bump it calls for, largest first."""
    from .changelog import describe_schema_change

    text = _REASONS["en" if lang == "en" else "sv"]
    reasons: list[tuple[Bump, str]] = []
    if result.first_release:
        return reasons
    if result.renamed:
        reasons.append(("major", text["renamed"]))
    if result.resources_removed:
        reasons.append(("major", text["resources_removed"].format(names=", ".join(result.resources_removed))))
    if result.resources_added:
        reasons.append(("minor", text["resources_added"].format(names=", ".join(result.resources_added))))
    if result.metadata:
        keys = ", ".join(m.key for m in result.metadata)
        reasons.append(("patch", text["metadata"].format(where=text["package"], keys=keys)))
    for name, table in sorted(result.tables.items()):
        for change in table.schema:
            what = describe_schema_change(change, lang)
            reasons.append(
                (SCHEMA_BUMP.get(change.kind, "major"), text["schema"].format(table=name, what=what))
            )
        for category, bump in _RECORD_BUMP:
            count = len(getattr(table, category))
            if count:
                reasons.append((bump, text[category].format(table=name, count=count)))
        if table.metadata:
            keys = ", ".join(sorted({f"{m.field}.{m.key}" if m.field else m.key for m in table.metadata}))
            reasons.append(("patch", text["metadata"].format(where=name, keys=keys)))
    return sorted(reasons, key=lambda r: -RANK[r[0]])


def required_bump(result: Diff) -> Bump | None:
    """The smallest bump that covers every change in ``result``; None when nothing changed (or when there
    is no earlier release: the version in datapackage.json is then the first)."""
    reasons = bump_reasons(result, "en")
    return reasons[0][0] if reasons else None


def next_version(current: str, bump: Bump | None) -> str:
    major, minor, patch = parse_version(current)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return current


def claimed_bump(old_version: str, new_version: str) -> Bump | None:
    """The bump that going from ``old_version`` to ``new_version`` claims; refuses a version going back."""
    old, new = parse_version(old_version), parse_version(new_version)
    if new < old:
        raise RefusedError.coded("version-backwards", old=old_version, new=new_version)
    if new[0] > old[0]:
        return "major"
    if new[1] > old[1]:
        return "minor"
    if new[2] > old[2]:
        return "patch"
    return None


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    required: Bump | None
    claimed: Bump | None
    old_version: str | None
    new_version: str
    suggested: str  # the smallest version that covers the changes

    @property
    def first_release(self) -> bool:
        return self.old_version is None

    def message(self, lang: str = "sv") -> str:
        sv = lang != "en"
        none = "ingen" if sv else "none"
        req, claim = (self.required or none).upper(), (self.claimed or none).upper()
        if self.first_release:
            return (
                f"Ingen tidigare utgåva: {self.new_version} blir den första versionen."
                if sv
                else f"No earlier release: {self.new_version} will be the first version."
            )
        if self.ok:
            return (
                f"{self.old_version} → {self.new_version} ({claim}) täcker ändringarna (kräver {req})."
                if sv
                else f"{self.old_version} → {self.new_version} ({claim}) covers the changes (needs {req})."
            )
        if sv:
            said = (
                f"anger {self.new_version} ({claim} sedan {self.old_version})"
                if self.claimed
                else f"anger fortfarande {self.new_version}, den släppta versionen"
            )
            return (
                f"datapackage.json {said}, men ändringarna kräver {req}: sätt versionen till "
                f"{self.suggested} eller kör `oppnadata bump`."
            )
        said = (
            f"says {self.new_version} ({claim} since {self.old_version})"
            if self.claimed
            else f"still says {self.new_version}, the released version"
        )
        return (
            f"datapackage.json {said}, but the changes need {req}: set the version to {self.suggested} "
            "or run `oppnadata bump`."
        )


def check(result: Diff, old_version: str | None, new_version: str) -> CheckResult:
    """Does going from ``old_version`` to ``new_version`` claim at least the bump the changes need?
    A larger claim is fine. ``old_version=None``: there is no earlier release."""
    parse_version(new_version)
    if old_version is None:
        return CheckResult(True, None, None, None, new_version, new_version)
    required = required_bump(result)
    claimed = claimed_bump(old_version, new_version)
    ok = RANK[claimed] >= RANK[required]
    return CheckResult(ok, required, claimed, old_version, new_version, next_version(old_version, required))


def latest_release(releases_dir: Path, name: str) -> Path | None:
    """The newest ``<name>-<version>.zip`` in ``releases_dir`` by semver (1.10.0 is newer than 1.9.0)."""
    from .releases import latest_release as latest

    ref = latest(releases_dir, name)
    return ref.path if ref else None


def _descriptor_path(package: Path) -> Path:
    return package / DESCRIPTOR_NAME if package.is_dir() else package


def _with_key(mapping: dict[str, Any], key: str, value: Any, *, after: str) -> dict[str, Any]:
    """``mapping`` with ``key`` set: in its place if present, else right after ``after`` (or at the end)."""
    if key in mapping or after not in mapping:
        return {**mapping, key: value}
    out: dict[str, Any] = {}
    for k, v in mapping.items():
        out[k] = v
        if k == after:
            out[key] = value
    return out


def apply_bump(package: Path, version: str, release_date: Date | str) -> Path:
    """Write ``version`` and ``created`` (the release date, midnight UTC) into the package's
    ``datapackage.json``, keeping every other key and its order; atomic (temp file + rename)."""
    parse_version(version)
    try:
        day = (
            Date.fromisoformat(str(release_date)[:10]) if not isinstance(release_date, Date) else release_date
        )
        if isinstance(day, datetime):
            day = day.date()
    except ValueError as err:
        raise RefusedError.coded("bump-bad-date", date=repr(release_date)) from err
    path = _descriptor_path(package)
    descriptor = read_structured(path, what="The package descriptor")
    if not isinstance(descriptor, dict):
        raise DescriptorError.coded("bump-not-descriptor", path=path)
    updated = _with_key(descriptor, "version", version, after="name")
    updated = _with_key(updated, "created", f"{day.isoformat()}T00:00:00Z", after="version")
    text = json.dumps(updated, indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text)
    return path


@dataclass(frozen=True)
class BumpPlan:
    """What ``oppnadata bump`` found: the last release, the diff, the check, and the version to write."""

    descriptor: Path
    release: Path | None
    diff: Diff
    check: CheckResult
    version: str

    @property
    def current(self) -> str:
        """The version datapackage.json says now."""
        return self.check.new_version

    def render(self, lang: str = "sv", *, verdict: bool = True) -> str:
        """What changed and what it calls for; with ``verdict``, whether the current version covers it."""
        sv = lang != "en"
        lines = []
        if self.release is None:
            lines.append("Ingen tidigare utgåva i releases/." if sv else "No earlier release in releases/.")
        else:
            lines.append(("Jämför med " if sv else "Compared with ") + str(self.release))
            reasons = bump_reasons(self.diff, lang)
            if not reasons:
                lines.append("  Inga ändringar." if sv else "  No changes.")
            lines += [f"  {bump.upper():5}  {text}" for bump, text in reasons]
        if verdict:
            lines.append(self.check.message(lang))
        return "\n".join(lines) + "\n"

    def write(self, release_date: Date | None = None) -> bool:
        """Write the planned version and the release date; False when there is nothing to write.

        Nothing changed since the last release: nothing is written (its release date must stay). The
        version is already right and no date is given: nothing is written, so running ``bump`` twice is
        harmless. Otherwise the date defaults to today: bumping is the moment the release date is decided.
        """
        if self.release is not None and self.check.required is None and self.check.claimed is None:
            return False
        if self.version == self.current and release_date is None:
            return False
        apply_bump(self.descriptor, self.version, release_date or Date.today())
        return True


def plan_bump(package: Path = Path(DESCRIPTOR_NAME), releases_dir: Path | None = None) -> BumpPlan:
    """Compare the working tree with the newest release in ``releases/`` (next to datapackage.json).

    The version to write is the one in datapackage.json when that already covers the changes (a larger
    claim is kept), else the smallest one that does — so running ``bump`` twice bumps once.
    """
    descriptor = _descriptor_path(package)
    new = _with_derived(open_side(descriptor), descriptor.parent / CONFIG_FILENAME)
    current = new.version or "0.0.0"
    parse_version(current)
    release = latest_release(releases_dir or descriptor.parent / "releases", str(new.name))
    old = open_side(release) if release else None
    result = diff(old, new)
    if old is not None and old.version is None:
        raise DescriptorError.coded("bump-release-without-version", release=release)
    outcome = check(result, old.version if old else None, current)
    version = current if outcome.ok else outcome.suggested
    version = _past_retracted(releases_dir or descriptor.parent / "releases", str(new.name), version, outcome)
    return BumpPlan(descriptor, release, result, outcome, version)


def _with_derived(side: Side, config_path: Path) -> Side:
    """The working tree with the derived tables a build of it would hold (names and schemas, from the code and
    ``publication.yaml``), so a new, dropped or reshaped derived table calls for a bump like any other table."""
    if not config_path.is_file():
        return side  # no publication config: nothing can be built, and derived tables are not compared
    from ..config import load_config
    from . import aggregates

    return replace(side, derived=aggregates.derived_schemas(load_config(config_path), side.tables))


def _past_retracted(releases_dir: Path, name: str, version: str, outcome: CheckResult) -> str:
    """A retracted version's number is spent (its tombstone keeps the URL): the next one goes above it."""
    from .releases import list_retractions

    spent = [r.version for r in list_retractions(releases_dir, name)]
    if not spent:
        return version
    top = max(spent, key=parse_version)
    if parse_version(version) > parse_version(top):
        return version
    return next_version(top, outcome.required or "patch")
