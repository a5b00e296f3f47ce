"""What a release says about itself: the release ``datapackage.json`` and its resource entries, the keyed
diff and changelog against the previous release, and ``quality.json``. The names of a release's files are
here too (a fixed list: the portal and CKAN rely on it)."""

from __future__ import annotations

import json
import uuid
import zipfile
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..config import PublicationConfig
from ..descriptor import PackageSpec
from ..report import Report
from . import changelog, csvflavours, releases

if TYPE_CHECKING:
    from pathlib import Path

    import pyarrow as pa

# Files of a release, besides the data and schemas (a fixed list: the portal and CKAN rely on it).
DESCRIPTOR = "datapackage.json"
CHANGELOG = "CHANGELOG.md"
DIFF = "diff.json"
CITATION_CFF = "CITATION.cff"
CITATION_JSON = "citation.json"
ZENODO = ".zenodo.json"
QUALITY = "quality.json"
README = "README.md"
DCAT_DIR = "dcat"
# Data Package v2 (https://datapackage.org/): the profiles a release's datapackage.json declares
DATA_PACKAGE_V2 = "https://datapackage.org/profiles/2.0/datapackage.json"
DATA_RESOURCE_V2 = "https://datapackage.org/profiles/2.0/dataresource.json"


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def resource_entry(
    name: str,
    table: str,
    flavour: str,
    path: str,
    schema_path: str,
    meta: dict[str, Any],
    stats: tuple[int, str],
    *,
    derived: bool,
) -> dict[str, Any]:
    excel = flavour == "excel-sv"
    suffix_sv = " (Excel-variant)" if excel else ""
    suffix_en = " (Excel flavour)" if excel else ""
    return {
        "name": name,
        "table": table,
        "flavour": flavour,
        "derived": derived,
        "path": path,
        "$schema": DATA_RESOURCE_V2,
        "type": "table",
        "format": "csv",
        "mediatype": "text/csv",
        # the standard name for both flavours; the Excel-sv file starts with a BOM, which readers skip
        "encoding": "utf-8",
        "dialect": csvflavours.EXCEL_SV_DIALECT if excel else csvflavours.CANONICAL_DIALECT,
        "schema": schema_path,
        "title": str(meta.get("title", table)) + suffix_sv,
        "title_en": str(meta.get("title_en", table)) + suffix_en,
        "description": str(meta.get("description", "")),
        "description_en": str(meta.get("description_en", "")),
        "bytes": stats[0],
        "hash": f"sha256:{stats[1]}",
    }


def _temporal(descriptor: dict[str, Any], tables: dict[str, pa.Table]) -> dict[str, str]:
    if isinstance(descriptor.get("temporal"), dict):
        return {k: str(v) for k, v in descriptor["temporal"].items()}
    beslut = tables.get("beslut")
    if beslut is None or "beslutsdatum" not in beslut.column_names:
        return {}
    dates = [d for d in beslut.column("beslutsdatum").unique().to_pylist() if d]
    if not dates:
        return {}
    return {"start": f"{min(dates)[:4]}-01-01", "end": f"{max(dates)[:4]}-12-31"}


def table_meta(derived: Any) -> dict[str, Any]:
    return {
        "title": derived.title,
        "title_en": derived.title_en,
        "description": derived.description,
        "description_en": derived.description_en,
    }


def release_descriptor(
    descriptor: dict[str, Any],
    config: PublicationConfig,
    resources: list[dict[str, Any]],
    tables: dict[str, pa.Table],
    previous: releases.ReleaseRef | None,
) -> dict[str, Any]:
    keep = {k: v for k, v in descriptor.items() if k not in ("resources", "profile", "$schema")}
    base = config.url()
    dataset_iri = config.url(f"dataset/{descriptor['name']}/{descriptor['version']}")
    contributors = list(descriptor.get("contributors") or [])
    if not any(c.get("role") == "contact" for c in contributors):
        contributors.append({"title": config.contact.name, "email": config.contact.email, "role": "contact"})
    return {
        "$schema": DATA_PACKAGE_V2,
        **keep,
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, dataset_iri)),
        "homepage": base,
        "temporal": _temporal(descriptor, tables),
        "spatial": dict(config.spatial),
        "publisher": {
            "name": config.publisher.name,
            "organisationsnummer": config.publisher.organisationsnummer,
            "uri": config.publisher.uri,
        },
        "contributors": contributors,
        "links": [
            {"name": key, "url": link.url, "title": link.title, "title_en": link.title_en}
            for key, link in sorted(config.links.items())
        ],
        "previous_version": previous.version if previous else None,
        "resources": resources,
    }


def history(
    package: PackageSpec,
    tables: dict[str, pa.Table],
    previous: releases.ReleaseRef | None,
    version: str,
    when: datetime,
) -> tuple[bytes, bytes]:
    """The bytes of diff.json and CHANGELOG.md: the keyed diff against the previous release, and the whole
    history."""
    date = when.date().isoformat()
    if previous is None:
        diff_data: dict[str, Any] = {
            "from": None,
            "to": version,
            "first_release": True,
            "tables": {name: {"added": len(frame)} for name, frame in sorted(tables.items())},
        }
        entry = f"## {version} – {date}\n\nFörsta versionen. / First release.\n\n" + "".join(
            f"- {n}: {t['added']} poster / records\n" for n, t in diff_data["tables"].items()
        )
        earlier = ""
    else:
        from . import diffing, versioning

        # Labels without the build's paths: a release's bytes never depend on where it was built, and no
        # folder of the maintainer's machine is published.
        old = replace(diffing.open_side(previous.path), label=previous.path.name)
        new = replace(
            diffing.open_side(package.descriptor_path, tables=tables),  # read once, in build()
            label=package.descriptor_path.name,
        )
        diff = diffing.diff(old, new)
        diff_data = diff.to_dict()
        entry = changelog.changelog_entry(diff, version, date, bump=versioning.required_bump(diff))
        earlier = previous_changelog(previous.path)
    title = "# Ändringslogg / Changelog\n\n"
    body = earlier.removeprefix(title)
    log = (title + entry.rstrip("\n") + "\n\n" + body).rstrip("\n").encode() + b"\n"
    return json_bytes(diff_data), log


def previous_changelog(zip_path: Path) -> str:
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            if info.filename.endswith(f"/{CHANGELOG}") and info.filename.count("/") == 1:
                return archive.read(info).decode("utf-8")
    return ""


def quality(report: Report, version: str) -> dict[str, Any]:
    return {
        "version": version,
        "valid": report.valid,
        "counts": report.counts(),
        "rows": dict(sorted(report.rows.items())),
        "checks": sorted(set(report.checks)),
        "summary": report.summary(),
    }
