"""``releases/``: the repository's record of every released version (zip + ``.sha256``), the source of truth.

A clean clone knows every earlier release from here; ``dist/`` and ``site/`` are rebuilt from it.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DescriptorError, RefusedError
from ..fileio import sha256_file

# A released version: SemVer 2.0's version core (https://semver.org/#backusnaur-form-grammar-for-valid-semver-versions),
# ASCII digits, no leading zeros. A data release carries no pre-release or build part: the version is cited, and
# ``1.2.0-rc1`` or ``1.2.0+build`` would sort (or, for build metadata, not sort) against the published ``1.2.0``.
_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


def parse_version(version: object) -> tuple[int, int, int]:
    """``(major, minor, patch)`` of a released version; the one parser of versions (sorting, bumps, CKAN, DCAT)."""
    match = _VERSION.fullmatch(version) if isinstance(version, str) else None
    if not match:
        raise RefusedError.coded("version-malformed", version=repr(version))
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


@dataclass(frozen=True)
class RetractionNote:
    """Why and when a release was taken down (``oppnadata retract``), as the DCAT feed says it."""

    date: str  # ISO 8601 date
    reason: str
    reason_en: str = ""


@dataclass(frozen=True)
class ReleaseRecord:
    """One release as ``oppnadata build`` wrote it: its datapackage.json and its zip.

    ``zip_bytes``/``zip_sha256`` may be None for the description written *into* the release folder (the zip does not
    exist yet); the zip distribution is then listed without size and checksum. ``sha1`` maps a file's path in the
    release (``data/beslut.csv``; the zip by its name) to its SHA-1, the checksum DCAT-AP-SE knows (``sha1_of_zip``,
    ``sha1_of_folder``); a file without one is listed without checksum. A retracted release needs only the name,
    version, created and titles in ``descriptor``.
    """

    descriptor: dict[str, Any]
    zip_name: str
    zip_bytes: int | None = None
    zip_sha256: str | None = None
    sha1: Mapping[str, str] = field(default_factory=dict)
    retracted: RetractionNote | None = None

    @property
    def version(self) -> str:
        return str(self.descriptor["version"])


@dataclass(frozen=True)
class ReleaseRef:
    version: str
    path: Path  # the zip

    @property
    def sha256_path(self) -> Path:
        return self.path.with_name(self.path.name + ".sha256")

    def recorded_sha256(self) -> str:
        return self.sha256_path.read_text(encoding="utf-8").split()[0]


RETRACTED_SUFFIX = ".retracted.json"


@dataclass(frozen=True)
class Retraction:
    """A tombstone: a version taken down (``oppnadata retract``). Its files are gone; what stays is why, when,
    the sha256 the version had, how it was cited and its metadata (no data)."""

    version: str
    reason: str
    date: str  # ISO date of the retraction
    zip_name: str
    zip_bytes: int
    sha256: str
    citation: dict[str, str]  # sv / en, as the release's citation.json had them
    descriptor: dict[str, Any]  # the release's datapackage.json (metadata only: the files are gone)

    def to_json(self) -> str:
        data = {
            "version": self.version,
            "retracted": self.date,
            "reason": self.reason,
            "zip_name": self.zip_name,
            "zip_bytes": self.zip_bytes,
            "sha256": self.sha256,
            "citation": self.citation,
            "descriptor": self.descriptor,
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def read(cls, path: Path) -> Retraction:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                version=str(data["version"]),
                reason=str(data["reason"]),
                date=str(data["retracted"]),
                zip_name=str(data["zip_name"]),
                zip_bytes=int(data["zip_bytes"]),
                sha256=str(data["sha256"]),
                citation={str(k): str(v) for k, v in dict(data["citation"]).items()},
                descriptor=dict(data["descriptor"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise DescriptorError.coded("release-tombstone-unreadable", path=path) from err


def list_retractions(releases_dir: Path, name: str) -> list[Retraction]:
    """Every retracted version of package ``name``, oldest first."""
    if not releases_dir.is_dir():
        return []
    found = [
        Retraction.read(path)
        for path in releases_dir.glob(f"{glob_escape(name)}-*{RETRACTED_SUFFIX}")
        if re.fullmatch(rf"{re.escape(name)}-[0-9]+\.[0-9]+\.[0-9]+{re.escape(RETRACTED_SUFFIX)}", path.name)
    ]
    return sorted(found, key=lambda r: parse_version(r.version))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def retraction_path(releases_dir: Path, name: str, version: str) -> Path:
    return releases_dir / f"{name}-{version}{RETRACTED_SUFFIX}"


def retract(
    releases_dir: Path, name: str, version: str, *, reason: str, date: str
) -> tuple[Retraction, bool]:
    """Take ``version`` down: write its tombstone, then remove its zip and ``.sha256`` from ``releases_dir``.
    Returns (the tombstone, newly retracted). Retracting a retracted version again changes nothing."""
    tombstone = retraction_path(releases_dir, name, version)
    if tombstone.is_file():
        return Retraction.read(tombstone), False
    if not reason.strip():
        raise RefusedError.coded("release-retract-no-reason")
    refs = {ref.version: ref for ref in verify_releases(releases_dir, name)}
    ref = refs.get(version)
    if ref is None:
        known = ", ".join(refs) or "—"
        raise RefusedError.coded(
            "release-version-unknown", version=version, name=name, releases=releases_dir, known=known
        )
    descriptor = read_release_descriptor(ref.path)
    citation: dict[str, str] = {}
    with zipfile.ZipFile(ref.path) as archive:
        member = f"{ref.path.name.removesuffix('.zip')}/citation.json"
        if member in archive.namelist():
            citation = {str(k): str(v) for k, v in json.loads(archive.read(member)).items()}
    record = Retraction(
        version=version,
        reason=reason.strip(),
        date=date,
        zip_name=ref.path.name,
        zip_bytes=ref.path.stat().st_size,
        sha256=ref.recorded_sha256(),
        citation=citation,
        descriptor=descriptor,
    )
    from ..fileio import write_atomically

    write_atomically(tombstone, record.to_json())
    ref.path.unlink()
    ref.sha256_path.unlink(missing_ok=True)
    return record, True


def list_releases(releases_dir: Path, name: str) -> list[ReleaseRef]:
    """Every released version of package ``name``, oldest first (by semver, not by file name)."""
    if not releases_dir.is_dir():
        return []
    found = []
    pattern = re.compile(rf"{re.escape(name)}-([0-9]+\.[0-9]+\.[0-9]+)\.zip")
    for path in releases_dir.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_file():
            found.append(ReleaseRef(match.group(1), path))
    return sorted(found, key=lambda r: parse_version(r.version))


def verify_releases(releases_dir: Path, name: str) -> list[ReleaseRef]:
    """Every recorded release, each checked against its ``.sha256``: a tampered release is refused."""
    refs = list_releases(releases_dir, name)
    for ref in refs:
        if not ref.sha256_path.is_file() or sha256_file(ref.path) != ref.recorded_sha256():
            raise RefusedError.coded("release-sha256-mismatch", path=ref.path)
    return refs


def previous_release(releases_dir: Path, name: str, version: str) -> ReleaseRef | None:
    """The newest release older than ``version`` (None: this is the first)."""
    older = [
        r for r in list_releases(releases_dir, name) if parse_version(r.version) < parse_version(version)
    ]
    return older[-1] if older else None


def latest_release(releases_dir: Path, name: str) -> ReleaseRef | None:
    releases = list_releases(releases_dir, name)
    return releases[-1] if releases else None


def record_release(zip_path: Path, sha256: str, releases_dir: Path) -> tuple[Path, bool]:
    """Copy a built zip and its hash into ``releases/``. Returns (path, newly recorded).

    Recording the same bytes again is a no-op; other bytes under a released version are refused.
    """
    releases_dir.mkdir(parents=True, exist_ok=True)
    target = releases_dir / zip_path.name
    sha_target = target.with_name(target.name + ".sha256")
    if sha_target.exists():
        recorded = sha_target.read_text(encoding="utf-8").split()[0]
        if recorded != sha256:
            raise RefusedError.coded("release-other-content", file=zip_path.name)
        return target, False
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(zip_path, tmp)
    tmp.replace(target)
    sha_target.write_text(f"{sha256}  {zip_path.name}\n", encoding="utf-8")
    return target, True


def read_release_descriptor(zip_path: Path) -> dict[str, Any]:
    """The ``datapackage.json`` inside a release zip (read by its exact member name; nothing is extracted)."""
    member = f"{zip_path.name.removesuffix('.zip')}/datapackage.json"
    try:
        with zipfile.ZipFile(zip_path) as archive:
            data = json.loads(archive.read(member).decode("utf-8"))
    except (KeyError, zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DescriptorError.coded("release-unreadable-zip", path=zip_path, member=member) from err
    if not isinstance(data, dict):
        raise DescriptorError.coded("release-descriptor-not-object", path=zip_path, member=member)
    return data


def extract_release(zip_path: Path, out: Path) -> Path:
    """Unpack a recorded release into ``out/<name>-<version>/`` (through a staging folder), refusing any
    entry that would land outside it. Returns the folder."""
    import os
    import tempfile

    from .diffsides import zip_members

    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{zip_path.stem}.", dir=out))
    try:
        with zipfile.ZipFile(zip_path) as archive:
            root, members = zip_members(archive, zip_path)
            for name, info in sorted(members.items()):
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(info))
        final = out / root
        if final.exists():
            shutil.rmtree(final)
        os.replace(staging / root, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final
