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

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import PublicationConfig
from ..descriptor import PackageSpec
from ..errors import DescriptorError, RefusedError
from ..fileio import sha256_file
from ..report import Report
from ..validating.validation import validate_package
from . import citation, csvflavours, releases
from .releasemeta import (
    CHANGELOG,
    CITATION_CFF,
    CITATION_JSON,
    DCAT_DIR,
    DESCRIPTOR,
    DIFF,
    QUALITY,
    README,
    ZENODO,
    history,
    json_bytes,
    quality,
    release_descriptor,
    resource_entry,
    table_meta,
)
from .zipwriter import Deflater, write_zip

if TYPE_CHECKING:
    import pyarrow as pa


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
            raise DescriptorError.coded("build-created-not-iso", created=repr(created)) from err
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    raise DescriptorError.coded("build-no-date")


def release_name(descriptor: dict[str, Any]) -> str:
    return f"{descriptor['name']}-{descriptor['version']}"


class _Writer:
    """Writes files into the staging folder, a piece at a time, and remembers their sizes and hashes (sha256
    for the release descriptor, SHA-1 for the DCAT checksums) as it writes them; the deflater reads each file
    back for the zip once it is written."""

    def __init__(self, root: Path, deflater: Deflater | None = None) -> None:
        self.root = root
        self.files: dict[str, tuple[int, str]] = {}
        self.sha1: dict[str, str] = {}
        self.deflater = deflater  # deflates each file for the zip as soon as it is written

    def write(self, relpath: str, data: bytes | Iterable[csvflavours.Chunk]) -> None:
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        sha256, sha1, size = hashlib.sha256(), hashlib.sha1(usedforsecurity=False), 0
        pieces: Iterable[csvflavours.Chunk] = (data,) if isinstance(data, bytes) else data
        with target.open("wb") as handle:
            for piece in pieces:
                handle.write(piece)
                sha256.update(piece)
                sha1.update(piece)
                size += len(memoryview(piece))
        self.files[relpath] = (size, sha256.hexdigest())
        self.sha1[relpath] = sha1.hexdigest()
        if self.deflater is not None:
            self.deflater.add(relpath, target)


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

    restored = _recorded_as_is(package, out, releases_dir)
    if restored is not None:
        return restored
    remembered = verdicts.recall(package)
    report = remembered if remembered is not None else validate_package(package)
    if not report.valid:
        raise BlockingFindings(report)
    releases.verify_releases(releases_dir, str(package.descriptor.get("name", "")))
    descriptor = package.descriptor
    if not descriptor.get("version"):
        raise DescriptorError.coded("build-no-version")
    when = release_date(descriptor)
    name = release_name(descriptor)
    version = str(descriptor["version"])

    gone = releases.retraction_path(releases_dir, descriptor["name"], version)
    if gone.is_file():
        tombstone = releases.Retraction.read(gone)
        raise RefusedError.coded(
            "build-version-retracted", version=version, date=tombstone.date, reason=tombstone.reason
        )
    released = releases_dir / f"{name}.zip"
    if released.is_file():
        restored = _restore_released(package, released, out, report)
        return replace(restored, remembered=remembered is not None)

    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=out))
    deflater = Deflater()  # the zip's members are deflated while the rest is written
    try:
        folder = staging / name
        writer = _Writer(folder, deflater)
        resources: list[dict[str, Any]] = []
        # Each table parsed once (pyarrow, all strings): derived tables, both flavours and the diff use it.
        # Each is written as soon as it is parsed, so the zip's deflate starts while the rest is read.
        tables: dict[str, pa.Table] = {}
        for table, spec in sorted(package.resources.items()):
            tables[table] = csvflavours.read_canonical(spec.path)
            resources += _write_table(writer, table, spec.schema, tables[table], spec.descriptor, False)
        for d in aggregates.derive(tables, config):
            resources += _write_table(writer, d.name, d.schema, d.frame, table_meta(d), True)

        previous = releases.previous_release(releases_dir, descriptor["name"], version)
        described = release_descriptor(descriptor, config, resources, tables, previous)
        diff_bytes, changelog_bytes = history(package, tables, previous, version, when)
        writer.write(DIFF, diff_bytes)
        writer.write(CHANGELOG, changelog_bytes)
        cite = citation.Citation.from_descriptor(described, config, when)
        writer.write(CITATION_CFF, cite.cff().encode("utf-8"))
        writer.write(CITATION_JSON, json_bytes({"sv": cite.text("sv"), "en": cite.text("en")}))
        writer.write(ZENODO, json_bytes(cite.zenodo()))
        writer.write(QUALITY, json_bytes(quality(report, version)))
        writer.write(README, citation.release_readme(described, cite).encode("utf-8"))
        writer.write(DESCRIPTOR, json_bytes(described))
        # the SHA-1 of every file written so far (the DCAT files are not yet), as the writer hashed them
        record = dcat.ReleaseRecord(descriptor=described, zip_name=f"{name}.zip", sha1=dict(writer.sha1))
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


def _write_table(
    writer: _Writer, table: str, schema: dict[str, Any], frame: Any, meta: dict[str, Any], derived: bool
) -> list[dict[str, Any]]:
    """Both flavours of one table and their schemas; returns the two resource entries."""
    frame = _schema_columns(frame, schema)
    writer.write(f"schemas/{table}.json", json_bytes(schema))
    writer.write(f"schemas/excel-sv/{table}.json", json_bytes(csvflavours.excel_sv_schema(schema)))
    canonical_path, excel_path = f"data/{table}.csv", f"data/excel-sv/{table}.csv"
    writer.write(canonical_path, csvflavours.canonical_chunks(frame))
    writer.write(excel_path, csvflavours.excel_sv_chunks(frame, schema))
    return [
        resource_entry(table, table, "canonical", canonical_path, f"schemas/{table}.json", meta,
                       writer.files[canonical_path], derived=derived),
        resource_entry(f"{table}-excel-sv", table, "excel-sv", excel_path, f"schemas/excel-sv/{table}.json",
                       meta, writer.files[excel_path], derived=derived),
    ]  # fmt: skip


class BlockingFindings(RefusedError):
    """Validation found errors: nothing is built."""

    def __init__(self, report: Report) -> None:
        self._from_catalogue("build-blocking-findings", errors=report.counts()["error"])
        self.report = report


def _recorded_as_is(package: PackageSpec, out: Path, releases_dir: Path) -> BuildResult | None:
    """The version is recorded and the working tree has exactly its bytes (tables, schemas, metadata): the
    recorded release, restored into ``out`` without validating or comparing a row again (it was validated
    when it was built, and what is published is the recorded zip either way). None in every other case."""
    from . import diffing

    version = package.descriptor.get("version")
    if not version or "name" not in package.descriptor:
        return None
    released = releases_dir / f"{release_name(package.descriptor)}.zip"
    gone = releases.retraction_path(releases_dir, package.descriptor["name"], str(version))
    if gone.is_file() or not released.is_file():
        return None
    releases.verify_releases(releases_dir, str(package.descriptor["name"]))  # a tampered zip is refused
    if not diffing.same_as_recorded(released, package):
        return None
    return _restore_released(package, released, out, Report(), compared=True)


def _restore_released(
    package: PackageSpec, released: Path, out: Path, report: Report, *, compared: bool = False
) -> BuildResult:
    """The version is released: the release in ``releases/`` is the truth. If the data and schemas still
    match it, ``dist/`` gets exactly its bytes (a newer tool version never silently rewrites a released
    version); if they changed, the build is refused and the maintainer told to bump."""
    from . import diffing

    ref = releases.ReleaseRef(str(package.version), released)
    if (
        not compared
        and diffing.diff(diffing.open_side(released), diffing.open_side(package.descriptor_path)).changed
    ):
        raise RefusedError.coded("build-released-changed", release=released.stem, file=released.name)
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
