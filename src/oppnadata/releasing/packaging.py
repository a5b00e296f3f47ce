"""``oppnadata build``: a versioned, citable, reproducible release of the data package.

``dist/<name>-<version>/`` holds the published tables in two CSV flavours, their schemas, the derived
tables, a release ``datapackage.json`` with every file's bytes and sha256, the changelog and keyed diff
against the previous release, ``CITATION.cff``, ``quality.json`` and the DCAT-AP-SE description; beside it
``<name>-<version>.zip`` and its ``.sha256``.

Reproducible: every date comes from the release date in ``datapackage.json`` (``created``) or
``SOURCE_DATE_EPOCH``, never from the clock; files are written in a fixed order and the zip has fixed
timestamps and permissions, so two builds of the same inputs are byte-identical. The release is written
into a staging folder and moved into place at the end: a failed build leaves no half-written release.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
import uuid
import zipfile
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import PublicationConfig
from ..descriptor import PackageSpec
from ..errors import DescriptorError, RefusedError
from ..fileio import sha256_bytes, sha256_file
from ..report import Report
from ..validating.validation import validate_package
from . import changelog, citation, csvflavours, releases

if TYPE_CHECKING:
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


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    zip_path: Path
    sha256: str
    version: str
    report: Report
    previous: str | None
    remembered: bool = False  # the verdict of `validate` on the same bytes was reused (see verdicts)


def download_name(resource: dict[str, Any], version: str) -> str:
    """What a downloaded file is called: table, version and flavour (``beslut-1.0.0-excel-sv.csv``)."""
    table = str(resource.get("table") or resource["name"])
    flavour = str(resource.get("flavour") or "canonical")
    suffix = "" if flavour == "canonical" else f"-{flavour}"
    extension = Path(str(resource.get("path", ""))).suffix or ".csv"
    return f"{table}-{version}{suffix}{extension}"


def release_date(descriptor: dict[str, Any]) -> datetime:
    """The release date: ``created`` in datapackage.json, else SOURCE_DATE_EPOCH; never the clock."""
    created = descriptor.get("created")
    if created:
        try:
            value = datetime.fromisoformat(str(created).replace("Z", "+00:00"))
        except ValueError as err:
            raise DescriptorError(
                f"datapackage.json: 'created' is not an ISO date-time: {created!r}",
                hint="Write it as 2026-11-26T00:00:00Z (or run `oppnadata bump`).",
            ) from err
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    raise DescriptorError(
        "datapackage.json has no release date ('created') and SOURCE_DATE_EPOCH is not set",
        hint="Run `oppnadata bump` to set version and release date, or add 'created'.",
    )


def release_name(descriptor: dict[str, Any]) -> str:
    return f"{descriptor['name']}-{descriptor['version']}"


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


class _Writer:
    """Writes files into the staging folder and remembers their sizes and hashes."""

    def __init__(self, root: Path, deflater: Deflater | None = None) -> None:
        self.root = root
        self.files: dict[str, tuple[int, str]] = {}
        self.deflater = deflater  # deflates each file for the zip as it is written

    def write(self, relpath: str, data: bytes) -> None:
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files[relpath] = (len(data), sha256_bytes(data))
        if self.deflater is not None:
            self.deflater.add(relpath, data)


def _resource_entry(
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


class Deflater:
    """Deflates the release's files in worker threads (zlib releases the GIL) while the build goes on
    writing them; :func:`write_zip` takes the results in its fixed order. At most ``limit`` bytes wait
    to be deflated (a writer that runs ahead waits), so memory stays bounded."""

    def __init__(self, threads: int | None = None, limit: int = 64 << 20) -> None:
        self.workers = max(1, min(threads or os.cpu_count() or 1, 8))
        self.pool = ThreadPoolExecutor(self.workers, thread_name_prefix="deflate")
        self.limit = limit
        self.results: dict[str, Future[tuple[int, int, bytes]]] = {}
        self._waiting: deque[tuple[Future[tuple[int, int, bytes]], int]] = deque()
        self._pending = 0

    def add(self, relpath: str, data: bytes) -> None:
        while self._waiting and (self._waiting[0][0].done() or self._pending > self.limit):
            future, size = self._waiting.popleft()
            future.result()
            self._pending -= size
        future = self.pool.submit(_deflate_bytes, data)
        self.results[relpath] = future
        self._waiting.append((future, len(data)))
        self._pending += len(data)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def write_zip(folder: Path, zip_path: Path, when: datetime, *, deflater: Deflater | None = None) -> None:
    """A deterministic zip of ``folder`` (entries under ``<folder name>/``, sorted, fixed time and mode).

    Members are deflated (level 9) in parallel threads — those ``deflater`` already has from the build,
    the rest read from disk a few files ahead — and written in the fixed order; the bytes are exactly
    those of ``zipfile``'s own ``writestr``."""
    stamp = max(when, datetime(1980, 1, 1, tzinfo=UTC)).timetuple()[:6]
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    own = deflater is None
    pool = Deflater() if deflater is None else deflater
    ready = pool.results
    try:
        names = [path.relative_to(folder).as_posix() for path in files]
        later = iter([(n, p) for n, p in zip(names, files, strict=True) if n not in ready])
        read_ahead: dict[str, Future[tuple[int, int, bytes]]] = {}

        def more(count: int) -> None:
            for name, path in itertools.islice(later, count):
                read_ahead[name] = pool.pool.submit(_deflate_file, path)

        more(pool.workers + 1)
        with zipfile.ZipFile(zip_path, "w") as archive:
            for name, path in zip(names, files, strict=True):
                if name in ready:
                    size, crc, packed = ready.pop(name).result()
                else:
                    size, crc, packed = read_ahead.pop(name).result()
                    more(1)
                info = zipfile.ZipInfo(f"{folder.name}/{name}", stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o100644 << 16
                info.create_system = 3
                if size * 1.05 > zipfile.ZIP64_LIMIT:  # zip64 headers: let zipfile write them
                    archive.writestr(info, path.read_bytes(), compresslevel=9)
                else:
                    _write_deflated(archive, info, size, crc, packed)
    finally:
        if own:
            pool.close()


def _deflate_file(path: Path) -> tuple[int, int, bytes]:
    return _deflate_bytes(path.read_bytes())


def _deflate_bytes(data: bytes) -> tuple[int, int, bytes]:
    """What ``zipfile`` computes for a member: size, CRC-32 and raw deflate at level 9 (the same calls)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return len(data), zlib.crc32(data), compressor.compress(data) + compressor.flush()


def _write_deflated(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int, crc: int, packed: bytes
) -> None:
    """Append an already deflated member as ``ZipFile.writestr`` would (seekable file, no zip64): local
    header with the final CRC and sizes, the data, and the entry for the central directory."""
    info.file_size, info.compress_size, info.CRC = size, len(packed), crc
    info.flag_bits = 0x00
    fp = archive.fp
    assert fp is not None
    fp.seek(archive.start_dir)
    info.header_offset = fp.tell()
    archive._writecheck(info)  # type: ignore[attr-defined]
    archive._didModify = True  # type: ignore[attr-defined]
    fp.write(info.FileHeader(False))
    fp.write(packed)
    archive.start_dir = fp.tell()
    archive.filelist.append(info)
    archive.NameToInfo[info.filename] = info


def build(
    package: PackageSpec,
    config: PublicationConfig,
    *,
    out: Path,
    releases_dir: Path,
) -> BuildResult:
    """Validate, then write the release of ``package``'s version into ``out``. Refuses on blocking findings
    and on a version already released with other content. The validation is the verdict ``validate``
    remembered on exactly these bytes and this tool, when there is one (:mod:`.verdicts`)."""
    from ..publishing import dcat
    from ..validating import verdicts
    from . import aggregates

    remembered = verdicts.recall(package)
    report = remembered if remembered is not None else validate_package(package)
    if not report.valid:
        raise BlockingFindings(report)
    releases.verify_releases(releases_dir, str(package.descriptor.get("name", "")))
    descriptor = package.descriptor
    if not descriptor.get("version"):
        raise DescriptorError("datapackage.json has no 'version'", hint="Run `oppnadata bump`.")
    when = release_date(descriptor)
    name = release_name(descriptor)
    version = str(descriptor["version"])

    gone = releases.retraction_path(releases_dir, descriptor["name"], version)
    if gone.is_file():
        tombstone = releases.Retraction.read(gone)
        raise RefusedError(
            f"Version {version} was retracted on {tombstone.date} ({tombstone.reason}); its number is never "
            "used again",
            hint="Run `oppnadata bump` to give the corrected data the next version, then publish it.",
        )
    released = releases_dir / f"{name}.zip"
    if released.is_file():
        restored = _restore_released(package, released, out, report)
        return replace(restored, remembered=remembered is not None)

    # Each table parsed once (pyarrow, all strings): derived tables, both flavours and the diff use it.
    tables = {n: csvflavours.read_canonical(spec.path) for n, spec in sorted(package.resources.items())}
    derived = aggregates.derive(tables, config)

    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=out))
    deflater = Deflater()  # the zip's members are deflated while the rest is written
    try:
        folder = staging / name
        writer = _Writer(folder, deflater)
        resources: list[dict[str, Any]] = []
        sources = [
            (n, spec.schema, tables[n], spec.descriptor, False)
            for n, spec in sorted(package.resources.items())
        ]
        extra = [(d.name, d.schema, d.frame, _meta(d), True) for d in derived]
        for table, schema, frame, meta, is_derived in sources + extra:
            frame = _schema_columns(frame, schema)
            writer.write(f"schemas/{table}.json", _json_bytes(schema))
            excel_schema = csvflavours.excel_sv_schema(schema)
            writer.write(f"schemas/excel-sv/{table}.json", _json_bytes(excel_schema))
            canonical_path, excel_path = f"data/{table}.csv", f"data/excel-sv/{table}.csv"
            writer.write(canonical_path, csvflavours.write_canonical(frame))
            writer.write(excel_path, csvflavours.write_excel_sv(frame, schema))
            resources.append(
                _resource_entry(table, table, "canonical", canonical_path, f"schemas/{table}.json",
                                meta, writer.files[canonical_path], derived=is_derived)
            )  # fmt: skip
            resources.append(
                _resource_entry(f"{table}-excel-sv", table, "excel-sv", excel_path,
                                f"schemas/excel-sv/{table}.json", meta, writer.files[excel_path],
                                derived=is_derived)
            )  # fmt: skip

        previous = releases.previous_release(releases_dir, descriptor["name"], version)
        release_descriptor = _release_descriptor(descriptor, config, resources, tables, previous)
        _write_history(writer, package, tables, previous, version, when)
        cite = citation.Citation.from_descriptor(release_descriptor, config, when)
        writer.write(CITATION_CFF, cite.cff().encode("utf-8"))
        writer.write(CITATION_JSON, _json_bytes({"sv": cite.text("sv"), "en": cite.text("en")}))
        writer.write(ZENODO, _json_bytes(cite.zenodo()))
        writer.write(QUALITY, _json_bytes(_quality(report, version)))
        writer.write(README, citation.release_readme(release_descriptor, cite).encode("utf-8"))
        writer.write(DESCRIPTOR, _json_bytes(release_descriptor))
        record = dcat.ReleaseRecord(
            descriptor=release_descriptor, zip_name=f"{name}.zip", sha1=dcat.sha1_of_folder(folder)
        )
        graph = dcat.release_graph(config, record)
        dcat.write_graph(graph, folder / DCAT_DIR, stem="dataset")

        zip_tmp = staging / f"{name}.zip"
        write_zip(folder, zip_tmp, when, deflater=deflater)
        digest = sha256_file(zip_tmp)
        (staging / f"{name}.zip.sha256").write_text(f"{digest}  {name}.zip\n", encoding="utf-8")

        # Move into place: the folder, then the zip and its hash (each an atomic rename).
        final = out / name
        if final.exists():
            shutil.rmtree(final)
        os.replace(folder, final)
        os.replace(zip_tmp, out / f"{name}.zip")
        os.replace(staging / f"{name}.zip.sha256", out / f"{name}.zip.sha256")
    finally:
        deflater.close()
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(
        folder=out / name,
        zip_path=out / f"{name}.zip",
        sha256=digest,
        version=version,
        report=report,
        previous=previous.version if previous else None,
        remembered=remembered is not None,
    )


def _schema_columns(frame: Any, schema: dict[str, Any]) -> Any:
    """The table's columns in schema order (an arrow table or a derived pandas frame)."""
    arrow = hasattr(frame, "column_names")
    present = set(frame.column_names if arrow else frame.columns)
    names = [f["name"] for f in schema["fields"] if f["name"] in present]
    return frame.select(names) if arrow else frame[names]


class BlockingFindings(RefusedError):
    """Validation found errors: nothing is built."""

    def __init__(self, report: Report) -> None:
        counts = report.counts()
        super().__init__(
            f"The data has {counts['error']} blocking findings; no release was built",
            hint="Run `oppnadata validate` and fix the errors it lists.",
        )
        self.report = report


def _meta(derived: Any) -> dict[str, Any]:
    return {
        "title": derived.title,
        "title_en": derived.title_en,
        "description": derived.description,
        "description_en": derived.description_en,
    }


def _release_descriptor(
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


def _write_history(
    writer: _Writer,
    package: PackageSpec,
    tables: dict[str, pa.Table],
    previous: releases.ReleaseRef | None,
    version: str,
    when: datetime,
) -> None:
    """diff.json and CHANGELOG.md: the keyed diff against the previous release, and the whole history."""
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
        history = ""
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
        history = _previous_changelog(previous.path)
    writer.write(DIFF, _json_bytes(diff_data))
    title = "# Ändringslogg / Changelog\n\n"
    body = history.removeprefix(title)
    writer.write(CHANGELOG, (title + entry.rstrip("\n") + "\n\n" + body).rstrip("\n").encode() + b"\n")


def _previous_changelog(zip_path: Path) -> str:
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            if info.filename.endswith(f"/{CHANGELOG}") and info.filename.count("/") == 1:
                return archive.read(info).decode("utf-8")
    return ""


def _quality(report: Report, version: str) -> dict[str, Any]:
    return {
        "version": version,
        "valid": report.valid,
        "counts": report.counts(),
        "rows": dict(sorted(report.rows.items())),
        "checks": sorted(set(report.checks)),
        "summary": report.summary(),
    }


def _restore_released(package: PackageSpec, released: Path, out: Path, report: Report) -> BuildResult:
    """The version is released: the release in ``releases/`` is the truth. If the data and schemas still
    match it, ``dist/`` gets exactly its bytes (a newer tool version never silently rewrites a released
    version); if they changed, the build is refused and the maintainer told to bump."""
    from . import diffing

    ref = releases.ReleaseRef(str(package.version), released)
    changes = diffing.diff(diffing.open_side(released), diffing.open_side(package.descriptor_path))
    if changes.changed:
        raise RefusedError(
            f"{released.stem} is already released (releases/{released.name}) and the data or metadata has "
            "changed since; a released version is never rebuilt with other content, so nothing was built or "
            "published",
            hint="Run `oppnadata bump` to give the changed data a new version, then publish (or build) again.",
        )
    folder = releases.extract_release(released, out)
    zip_target = out / released.name
    if not zip_target.is_file() or releases.sha256_file(zip_target) != ref.recorded_sha256():
        tmp = out / f".{released.name}.tmp"
        shutil.copyfile(released, tmp)
        os.replace(tmp, zip_target)
    shutil.copyfile(ref.sha256_path, out / ref.sha256_path.name)
    previous = releases.previous_release(released.parent, package.name, str(package.version))
    return BuildResult(
        folder=folder,
        zip_path=zip_target,
        sha256=ref.recorded_sha256(),
        version=str(package.version),
        report=report,
        previous=previous.version if previous else None,
    )
