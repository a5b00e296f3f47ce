"""Writing the site's files: into a staging folder, skipping what the published site already holds.

A publish renders every page, but a page whose bytes the current site already has is not written again: it is
noted as *kept*. Only when something changed (a page differs, a file is new or gone) does the staging folder get
the kept files too — as hard links to the current site's files, so no byte is copied — and is swapped in as a
whole (:func:`oppnadata.publishing.portal.site.publish_releases`). Publishing the same releases again therefore writes
nothing and leaves the site alone, and a failure at any point leaves the old site as it was.

Pages are rendered by two processes at once (one per language, :mod:`oppnadata.publishing.portal.render`), each with its own
writer; their paths and kept files are merged in the parent.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path


class SiteWriter:
    """Writes files under ``staging``; compares each with the same path in ``old`` (the current site, or None)."""

    def __init__(self, staging: Path, old: Path | None) -> None:
        self.staging = staging
        self.old = old
        self.paths: set[str] = set()  # every file of the new site, relative, with "/"
        self.kept: list[str] = []  # files whose bytes the old site has (not in staging yet)
        self.changed = False  # a file was written that the old site does not hold with these bytes
        self._dirs: set[str] = {""}
        self._root = os.fspath(staging)

    def write(self, relpath: str, data: bytes) -> None:
        self.paths.add(relpath)
        if self.old is not None and _holds(self.old / relpath, data):
            self.kept.append(relpath)
            return
        self.changed = True
        directory, _, _ = relpath.rpartition("/")
        if directory not in self._dirs:
            try:  # one page, one folder: mostly a new folder in a known one
                os.mkdir(f"{self._root}/{directory}")
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(f"{self._root}/{directory}", exist_ok=True)
            self._dirs.add(directory)
        with open(f"{self._root}/{relpath}", "wb") as handle:
            handle.write(data)

    def adopt(self, relpaths: Iterable[str]) -> None:
        """Files already written into staging by other means (the unpacked releases, the feed, static files)."""
        for relpath in relpaths:
            self.paths.add(relpath)
            if self.old is None or not _same_file(self.staging / relpath, self.old / relpath):
                self.changed = True

    def merge(self, paths: Iterable[str], kept: Iterable[str], changed: bool) -> None:
        """Take in what a worker process wrote into the same staging folder."""
        self.paths.update(paths)
        self.kept.extend(kept)
        self.changed = self.changed or changed

    def finish(self) -> bool:
        """True when the staging folder is the new site (hard links to the kept files added); False when the
        old site already is exactly the new one (same files, same bytes) and nothing needs to move."""
        if self.old is not None and not self.changed and _listing(self.old) == self.paths:
            return False
        assert self.old is not None or not self.kept
        for relpath in self.kept:
            target = self.staging / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.old / relpath, target)  # type: ignore[operator]
            except OSError:  # another file system, or no hard links: copy
                shutil.copyfile(self.old / relpath, target)  # type: ignore[operator]
        return True


def _holds(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with open(a, "rb") as first, open(b, "rb") as second:
            while True:
                x, y = first.read(1 << 20), second.read(1 << 20)
                if x != y:
                    return False
                if not x:
                    return True
    except OSError:
        return False


def _listing(root: Path) -> set[str]:
    found: set[str] = set()
    for folder, _dirs, files in os.walk(root):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        base = "" if rel == "." else rel + "/"
        found.update(base + name for name in files)
    return found


def staged_files(root: Path) -> list[str]:
    """Every file under ``root`` (relative, with "/"), in sorted order."""
    return sorted(_listing(root))
