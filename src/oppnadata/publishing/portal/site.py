"""Assembling the static site: every release unpacked at a stable versioned path, the DCAT feed, the pages.

The site is written into a staging folder beside ``site/`` and swapped in at the end, so a failure never leaves
a half-written site. Nothing is read from the clock and everything is iterated in sorted order: publishing the
same releases twice gives a byte-identical ``site/`` (and then the existing one is left alone).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ...config import PublicationConfig
from ...descriptor import PackageSpec
from ...errors import DescriptorError, RefusedError
from ...releasing import releases
from ...releasing.packaging import BuildResult
from .. import dcat
from .landing import Landing
from .model import Release
from .pages import Renderer
from .render import render_pages
from .writer import SiteWriter, staged_files

MARKER = ".oppnadata-site"
MARKER_TEXT = "This folder is written by `oppnadata publish` and replaced as a whole on every publish.\n"
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class SiteSummary:
    site: Path
    versions: tuple[str, ...]
    current: str
    pages: int
    files: int
    changed: bool

    @property
    def index(self) -> Path:
        return self.site.resolve() / "index.html"

    def lines(self, lang: str = "sv") -> list[str]:
        serve = "oppnadata serve" + ("" if self.site == Path("site") else f" --site {self.site}")
        versions = ", ".join(self.versions)
        if lang == "en":
            state = "published" if self.changed else "already up to date (nothing changed)"
            return [
                f"Portal {state} in {self.site}/: {self.pages} pages, {self.files} files; "
                f"versions {versions} (latest {self.current})",
                f"  open it:        {self.index.as_uri()}",
                f"  or serve it:    {serve}   (then http://127.0.0.1:8000/)",
                f"  DCAT feed:      {self.site}/dcat/catalog.rdf",
            ]
        state = "publicerad" if self.changed else "redan aktuell (inget ändrades)"
        return [
            f"Portalen {state} i {self.site}/: {self.pages} sidor, {self.files} filer; "
            f"versioner {versions} (senaste {self.current})",
            f"  öppna den:      {self.index.as_uri()}",
            f"  eller visa den: {serve}   (sedan http://127.0.0.1:8000/)",
            f"  DCAT-flöde:     {self.site}/dcat/catalog.rdf",
        ]


def publish_local(
    package: PackageSpec,
    config: PublicationConfig,
    build_result: BuildResult,
    *,
    releases_dir: Path,
    site: Path,
) -> SiteSummary:
    """Write the static portal for every release recorded in ``releases_dir`` into ``site``.

    Only recorded releases are published (``build_result`` must be one of them, with the same sha256); a
    retracted version keeps a tombstone at its URL and its IRI in the feed, without files."""
    recorded = releases_dir / build_result.zip_path.name
    if not recorded.is_file() or releases.sha256_file(recorded) != build_result.sha256:
        raise RefusedError.coded("portal-not-recorded", version=build_result.version, releases=releases_dir)
    return publish_releases(config, package.name, releases_dir=releases_dir, site=site)


def publish_releases(config: PublicationConfig, name: str, *, releases_dir: Path, site: Path) -> SiteSummary:
    """The portal of exactly what ``releases_dir`` holds: every recorded release and every tombstone."""
    # Every recorded release (hash-checked against its .sha256) and every tombstone, oldest first.
    records = dcat.release_records(releases_dir, name)
    zips = {ref.version: ref.path for ref in releases.list_releases(releases_dir, name)}
    if not zips:
        raise RefusedError.coded("portal-no-release", releases=releases_dir, name=name)
    retractions = releases.list_retractions(releases_dir, name)

    site.parent.mkdir(parents=True, exist_ok=True)
    _check_replaceable(site)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.staging-", dir=site.parent))
    try:
        os.chmod(staging, 0o755)
        models = []
        for record in records:
            if record.retracted is not None:
                continue
            zip_path = zips[record.version]
            target = staging / "releases"
            target.mkdir(exist_ok=True)
            shutil.copyfile(zip_path, target / zip_path.name)
            (target / f"{zip_path.name}.sha256").write_text(
                f"{record.zip_sha256}  {zip_path.name}\n", encoding="utf-8"
            )
            folder = target / record.version
            extract_release(zip_path, zip_path.name.removesuffix(".zip"), folder)
            models.append(
                Release(
                    version=record.version,
                    folder=folder,
                    zip_name=zip_path.name,
                    zip_sha256=str(record.zip_sha256),
                    zip_bytes=int(record.zip_bytes or 0),
                    descriptor=record.descriptor,
                )
            )
        graph = dcat.catalog_graph(config, records)
        dcat.write_feeds(graph, staging / "dcat")
        _copy_static(staging / "static")
        writer = SiteWriter(staging, site if _is_published(site) else None)
        writer.adopt(staged_files(staging))
        renderer = Renderer(config, models)
        landing = Landing(renderer, config, graph, models, retractions)
        replaced = landing.replaces()  # the landing pages: the renderer's pages with citation and JSON-LD
        pages = render_pages(renderer, writer, replaced)
        for page in landing.pages(writer.paths | replaced):
            writer.write(page.path, page.html.encode("utf-8"))
            pages += 1
        writer.write(MARKER, MARKER_TEXT.encode("utf-8"))
        files = len(writer.paths)
        changed = writer.finish()
        if changed:
            _swap(staging, site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return SiteSummary(
        site=site,
        versions=tuple(m.version for m in models),
        current=models[-1].version,
        pages=pages,
        files=files,
        changed=changed,
    )


def extract_release(zip_path: Path, root: str, folder: Path) -> None:
    """Unpack the release folder ``root/`` of ``zip_path`` into ``folder``; refuse any entry that is not a plain
    file inside ``root/`` (absolute paths, ``..``, backslashes, symbolic links, other folders)."""
    try:
        archive = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile as err:
        raise DescriptorError.coded("portal-not-zip", path=zip_path) from err
    with archive:
        members = []
        for info in archive.infolist():
            entry = info.filename
            problem = None
            if "\x00" in entry or "\\" in entry:
                problem = "portal-entry-nul"
            elif entry.startswith("/") or _DRIVE.match(entry):
                problem = "portal-entry-absolute"
            elif ".." in entry.split("/"):
                problem = "portal-entry-climbs"
            elif stat.S_ISLNK(info.external_attr >> 16):
                problem = "portal-entry-symlink"
            elif not entry.startswith(f"{root}/"):
                problem = "portal-entry-outside"
            if problem:
                raise RefusedError.coded(problem, path=zip_path, entry=entry, root=root)
            if not info.is_dir():
                members.append(info)
        base = folder.resolve()
        for info in sorted(members, key=lambda i: i.filename):
            target = folder / info.filename[len(root) + 1 :]
            if not target.resolve().is_relative_to(base):
                raise RefusedError.coded("portal-entry-lands-outside", path=zip_path, entry=info.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))


def _copy_static(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    static = resources.files("oppnadata") / "static"
    for entry in sorted(static.iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.startswith("."):
            (target / entry.name).write_bytes(entry.read_bytes())


def _is_published(site: Path) -> bool:
    return site.is_dir() and (site / MARKER).is_file()


def _check_replaceable(site: Path) -> None:
    """Only a folder this tool wrote (or an empty one) is ever replaced."""
    if site.exists() and not site.is_dir():
        raise RefusedError.coded("portal-site-not-folder", site=site)
    if site.is_dir() and any(site.iterdir()) and not (site / MARKER).is_file():
        raise RefusedError.coded("portal-site-foreign", site=site)


def _swap(staging: Path, site: Path) -> None:
    """Move the finished staging folder into place; the old site is removed only afterwards."""
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
        os.replace(site, old / site.name)
    try:
        os.replace(staging, site)
    except OSError:
        if old is not None:
            os.replace(old / site.name, site)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
