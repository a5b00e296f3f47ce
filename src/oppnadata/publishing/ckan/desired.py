"""What a release should look like in CKAN: the organisation, the dataset's fields and its resources.

Every resource the tool manages carries ``oppnadata_key`` (what it is: ``table:beslut:canonical``,
``file:datapackage.json``, ``zip:1.1.0``, ``link:projektbanken``), ``sha256`` (of the uploaded bytes,
so an unchanged file is never sent again), ``oppnadata_version`` (the release whose bytes it holds) and
``oppnadata_status``: ``pending`` (uploaded, not yet part of the published version), ``current`` or
``previous`` (an earlier release's zip). Names and descriptions are Swedish; English sits beside
them in ``name_en`` / ``description_en`` (datasets: ``title_en`` / ``notes_en`` extras).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...config import PublicationConfig
from ...errors import DescriptorError, RefusedError
from ...releasing import releases
from ...releasing.packaging import download_name

LICENSE_ID = "cc-zero"
CLAIM_EXTRA = "oppnadata_claim"
STATUS, KEY, VERSION, SHA256 = "oppnadata_status", "oppnadata_key", "oppnadata_version", "sha256"
PENDING, CURRENT, PREVIOUS = "pending", "current", "previous"
LINKS = ("analysportal_norr", "projektbanken")  # the link resources, in this order

# The per-version files besides the tables: (path in the release, key, format, name sv, name en)
VERSION_FILES = (
    ("datapackage.json", "JSON", "Datapaketets beskrivning (datapackage.json)",
     "Data package descriptor (datapackage.json)"),
    ("CHANGELOG.md", "Markdown", "Ändringslogg", "Changelog"),
    ("dcat/dataset.rdf", "RDF", "DCAT-AP-SE-beskrivning (RDF/XML)", "DCAT-AP-SE description (RDF/XML)"),
)  # fmt: skip


@dataclass(frozen=True)
class EarlierZip:
    version: str
    path: Path
    sha256: str


@dataclass(frozen=True)
class Release:
    """A built release (``dist/<name>-<version>/`` and its zip) and the earlier zips in ``releases/``."""

    name: str
    version: str
    folder: Path
    zip_path: Path
    sha256: str
    descriptor: dict[str, Any]
    earlier: tuple[EarlierZip, ...] = ()

    @classmethod
    def from_build(cls, result: Any, releases_dir: Path) -> Release:
        """From ``packaging.build``'s result; every earlier recorded zip is checked against its sha256."""
        try:
            descriptor = json.loads((result.folder / "datapackage.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise DescriptorError.coded("ckan-no-descriptor", folder=result.folder) from err
        name, version = str(descriptor["name"]), str(result.version)
        recorded = releases_dir / Path(result.zip_path).name
        if not recorded.is_file() or releases.sha256_file(recorded) != result.sha256:
            raise RefusedError.coded(
                "ckan-not-recorded-bytes", version=version, name=name, releases=releases_dir
            )
        earlier = []
        for ref in releases.list_releases(releases_dir, name):
            if releases.parse_version(ref.version) >= releases.parse_version(version):
                continue
            digest = releases.sha256_file(ref.path)
            if digest != ref.recorded_sha256():
                raise RefusedError.coded("ckan-release-tampered", path=ref.path)
            earlier.append(EarlierZip(ref.version, ref.path, digest))
        return cls(name, version, result.folder, result.zip_path, result.sha256, descriptor, tuple(earlier))

    @classmethod
    def from_recorded(cls, releases_dir: Path, name: str, version: str, workdir: Path) -> Release:
        """A release straight from ``releases/`` (unpacked into ``workdir``): what is published is recorded."""
        ref = next((r for r in releases.verify_releases(releases_dir, name) if r.version == version), None)
        if ref is None:
            raise RefusedError.coded("ckan-not-recorded", version=version, name=name, releases=releases_dir)
        folder = releases.extract_release(ref.path, workdir)

        @dataclass(frozen=True)
        class _Built:
            folder: Path
            zip_path: Path
            sha256: str
            version: str

        return cls.from_build(_Built(folder, ref.path, ref.recorded_sha256(), version), releases_dir)


@dataclass(frozen=True)
class Wanted:
    """One resource as the release wants it: managed ``fields`` and, for a file, what to upload."""

    key: str
    fields: dict[str, str]
    path: Path | None = None  # the file to upload (None: a link resource)
    filename: str = ""  # the name in the download URL
    sha256: str = ""
    size: int = 0
    label: str = ""  # how the plan names it (the path in the release)
    version: str = ""  # the release whose bytes these are

    @property
    def is_upload(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class WantedDataset:
    name: str
    core: dict[str, str]
    extras: dict[str, str]
    tags: list[str]
    version: str
    resources: list[Wanted] = field(default_factory=list)


def tag_name(keyword: str) -> str:
    """A CKAN tag (letters, digits, space, ``-_.``): ``1:1-medel`` → ``1-1-medel``."""
    return re.sub(r"[^\w \-.]", "-", keyword).strip()[:100]


def organisation(config: PublicationConfig) -> dict[str, Any]:
    settings = config.ckan
    return {
        "name": settings.organization,
        "title": settings.organization_title,
        "description": settings.organization_description,
        "extras": [{"key": "description_en", "value": settings.organization_description_en}],
    }


@dataclass(frozen=True)
class DatasetField:
    """One dataset field this tool owns: a CKAN core field or an extra, and how its value follows from the
    release (its ``datapackage.json``) and the publication config. An empty extra is not sent."""

    name: str
    extra: bool
    value: Callable[[Release, PublicationConfig], str]


def _temporal(release: Release) -> dict[str, Any]:
    return release.descriptor.get("temporal") or {}


def _core(name: str, value: Callable[[Release, PublicationConfig], str]) -> DatasetField:
    return DatasetField(name, False, value)


def _extra(name: str, value: Callable[[Release, PublicationConfig], str]) -> DatasetField:
    return DatasetField(name, True, value)


# Every dataset field the tool writes (others' extras are left alone). A new CKAN field is one line here: plan,
# apply and the check of foreign extras all read this table.
DATASET_FIELDS: tuple[DatasetField, ...] = (
    _core("title", lambda r, c: str(r.descriptor.get("title", r.name))),
    _core("notes", lambda r, c: str(r.descriptor.get("description", ""))),
    _core("license_id", lambda r, c: LICENSE_ID),
    _core("url", lambda r, c: str(r.descriptor.get("homepage") or c.url())),
    _core("author", lambda r, c: c.publisher.name),
    _core("maintainer", lambda r, c: c.contact.name),
    _core("maintainer_email", lambda r, c: c.contact.email),
    _extra("title_en", lambda r, c: str(r.descriptor.get("title_en", ""))),
    _extra("notes_en", lambda r, c: str(r.descriptor.get("description_en", ""))),
    _extra("tags_en", lambda r, c: ", ".join(str(k) for k in r.descriptor.get("keywords_en", []))),
    _extra("exempeldata", lambda r, c: "true" if r.descriptor.get("exempeldata") else "false"),
    _extra("identifier", lambda r, c: str(r.descriptor.get("id", ""))),
    _extra("modified", lambda r, c: str(r.descriptor.get("created", ""))),
    _extra("language", lambda r, c: ",".join(str(x) for x in r.descriptor.get("language", []))),
    _extra("temporal_start", lambda r, c: str(_temporal(r).get("start") or c.temporal_start)),
    _extra("temporal_end", lambda r, c: str(_temporal(r).get("end", ""))),
    _extra("spatial_uri", lambda r, c: c.spatial.get("uri", "")),
    _extra("spatial_text", lambda r, c: c.spatial.get("label", "")),
    _extra("spatial_nuts3", lambda r, c: c.spatial.get("nuts3", "")),
    _extra("contact_name", lambda r, c: c.contact.name),
    _extra("contact_email", lambda r, c: c.contact.email),
    _extra("publisher_name", lambda r, c: c.publisher.name),
    _extra("publisher_uri", lambda r, c: c.publisher.uri),
    _extra("publisher_type", lambda r, c: c.publisher.type),
)


def managed_extras() -> tuple[str, ...]:
    """The extras this tool owns, from ``DATASET_FIELDS`` (read at call time: the table is the one source)."""
    return tuple(f.name for f in DATASET_FIELDS if f.extra)


def dataset(release: Release, config: PublicationConfig) -> WantedDataset:
    values = [(f, f.value(release, config)) for f in DATASET_FIELDS]
    tags = sorted(
        {tag_name(str(k)) for k in release.descriptor.get("keywords", []) if len(tag_name(str(k))) >= 2}
    )
    return WantedDataset(
        name=release.name,
        core={f.name: v for f, v in values if not f.extra},
        extras={f.name: v for f, v in values if f.extra and v},
        tags=tags,
        version=release.version,
        resources=resources(release, config),
    )


def resources(release: Release, config: PublicationConfig) -> list[Wanted]:
    """Tables (both flavours), the per-version files, the current zip, earlier zips, then the links."""
    out: list[Wanted] = []
    for entry in release.descriptor.get("resources", []):
        excel = entry.get("flavour") == "excel-sv"
        path = release.folder / str(entry["path"])
        flavour_sv = ("Excel-variant: UTF-8 med BOM, semikolon, decimalkomma." if excel
                      else "Maskinläsbar CSV: UTF-8, komma, decimalpunkt, ISO-datum.")  # fmt: skip
        flavour_en = ("Excel flavour: UTF-8 with BOM, semicolon, decimal comma." if excel
                      else "Machine-readable CSV: UTF-8, comma, decimal point, ISO dates.")  # fmt: skip
        # The name starts with what tells two resources apart (table, flavour): CKAN shortens long names
        # at the end. The download name adds the version whose bytes the file holds.
        label_sv, label_en = ("Excel-sv", "Excel-sv") if excel else ("CSV", "CSV")
        title, title_en = (_without_flavour(str(entry.get(k, entry["name"]))) for k in ("title", "title_en"))
        out.append(
            _file(
                release,
                key=f"table:{entry['table']}:{entry.get('flavour', 'canonical')}",
                path=path,
                filename=download_name(entry, release.version),
                fmt="CSV",
                name=f"{entry['table']} ({label_sv}) – {title}",
                name_en=f"{entry['table']} ({label_en}) – {title_en}",
                description=f"{entry.get('description', '')} {flavour_sv}".strip(),
                description_en=f"{entry.get('description_en', '')} {flavour_en}".strip(),
                recorded=str(entry.get("hash", "")).removeprefix("sha256:"),
            )
        )
    version = release.version
    for relpath, fmt, name, name_en in VERSION_FILES:
        out.append(
            _file(release, key=f"file:{relpath}", path=release.folder / relpath,
                  filename=Path(relpath).name, fmt=fmt, name=name, name_en=name_en,
                  description=f"{name} för version {version}.",
                  description_en=f"{name_en} of version {version}.")
        )  # fmt: skip
    out.append(_zip(release, version, release.zip_path, release.sha256, current=True))
    for earlier in sorted(release.earlier, key=lambda e: releases.parse_version(e.version), reverse=True):
        out.append(_zip(release, earlier.version, earlier.path, earlier.sha256, current=False))
    for key in LINKS:
        link = config.links[key]
        out.append(
            Wanted(
                key=f"link:{key}",
                fields={
                    "name": link.title,
                    "name_en": link.title_en,
                    "description": link.description,
                    "description_en": link.description_en,
                    "url": link.url,
                    "format": "HTML",
                    STATUS: CURRENT,
                },
                label=link.url,
            )
        )
    return out


def _without_flavour(title: str) -> str:
    return title.removesuffix(" (Excel-variant)").removesuffix(" (Excel flavour)")


def _file(release: Release, *, key: str, path: Path, filename: str, fmt: str, name: str, name_en: str,
          description: str, description_en: str, recorded: str = "") -> Wanted:  # fmt: skip
    label = path.relative_to(release.folder).as_posix()
    if not path.is_file():
        raise DescriptorError.coded("ckan-release-lacks", folder=release.folder, label=label)
    digest = releases.sha256_file(path)
    if recorded and recorded != digest:
        raise RefusedError.coded("ckan-built-file-differs", path=release.folder / label)
    return Wanted(
        key=key,
        fields={
            "name": name,
            "name_en": name_en,
            "description": description,
            "description_en": description_en,
            "format": fmt,
            STATUS: CURRENT,
        },
        path=path,
        filename=filename,
        sha256=digest,
        size=path.stat().st_size,
        label=label,
        version=release.version,
    )


def catalogue_zip(version: str) -> Wanted:
    """An earlier release's zip the catalogue has but ``releases/`` does not: kept, marked earlier."""
    fields = _zip_fields(version, current=False)
    return Wanted(key=f"zip:{version}", fields=fields, label=f"zip {version}", version=version)


def _zip(release: Release, version: str, path: Path, sha256: str, *, current: bool) -> Wanted:
    return Wanted(
        key=f"zip:{version}",
        fields=_zip_fields(version, current=current),
        path=path,
        filename=path.name,
        sha256=sha256,
        size=path.stat().st_size,
        label=path.name,
        version=version,
    )


def _zip_fields(version: str, *, current: bool) -> dict[str, str]:
    if current:
        name, name_en = (
            f"Hela version {version} (zip) – aktuell",
            f"The whole version {version} (zip) – current",
        )
        text = f"Alla filer i version {version}, den aktuella versionen. Citera versionsnumret."
        text_en = f"Every file of version {version}, the current version. Cite the version number."
    else:
        name, name_en = f"Version {version} (zip) – tidigare", f"Version {version} (zip) – earlier"
        text = f"Alla filer i den tidigare versionen {version}; finns kvar för citering."
        text_en = f"Every file of the earlier version {version}; kept for citation."
    return {
        "name": name,
        "name_en": name_en,
        "description": text,
        "description_en": text_en,
        "format": "ZIP",
        STATUS: CURRENT if current else PREVIOUS,
    }
