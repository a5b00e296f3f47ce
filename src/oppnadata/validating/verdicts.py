"""A validation verdict remembered by exactly what it was given, so ``build`` (and ``publish``, which
builds) need not validate again the bytes ``validate`` has just checked.

The key is one sha256 over everything the default validation depends on:

- the tool: every file of the installed ``oppnadata`` package (code, code lists, name lists), the Python
  version and every installed distribution's name and version (frictionless, pyarrow, python-stdnum, …);
- the package: the descriptor's path and bytes, and for every resource its name, path, resolved schema
  and the sha256 of its data file.

A verdict is reused only under that key: a changed byte anywhere — a cell, a schema, a line of the tool —
gives another key and a fresh validation. Only the default validation is remembered (the streaming
engine with every rule); a verdict is stored only when no data file changed while it was made.
The verdicts live in the cache folder (:func:`descriptor.cache_dir`); a missing or unwritable cache
only costs the validation.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import threading
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..descriptor import PackageSpec, cache_dir
from ..errors import OppnadataError
from ..report import Finding, Report, Severity

KEEP = 16  # verdicts kept in the cache (the newest)
_FORMAT = 1  # the stored layout; part of the key


def _tool_digest() -> str:
    """The sha256 of the tool: its package files, Python and the installed distributions."""
    digest = hashlib.sha256(f"verdict {_FORMAT}\n{sys.version}\n{sys.implementation.cache_tag}\n".encode())
    root = Path(__file__).resolve().parents[1]  # the whole oppnadata package, not only validating/
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for entry in sorted(_distributions()):
        digest.update(f"{entry}\n".encode())
    return digest.hexdigest()


def _distributions() -> set[str]:
    """Every installed distribution's metadata folder name (``pyarrow-18.1.0.dist-info``) on sys.path."""
    found: set[str] = set()
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        found.update(n for n in names if n.endswith((".dist-info", ".egg-info")))
    return found


def _stats(package: PackageSpec) -> list[tuple[int, int]]:
    """Size and mtime of every data file; (-1, -1) for one that is missing (validate reports it, and no
    verdict is stored: the key cannot be computed)."""
    stats = []
    for s in package.resources.values():
        try:
            stat = os.stat(s.path)
        except OSError:
            stats.append((-1, -1))
            continue
        stats.append((stat.st_size, stat.st_mtime_ns))
    return stats


def key(package: PackageSpec) -> str:
    """The verdict's key (see the module docstring): reads every data file once."""
    digest = hashlib.sha256(_tool_digest().encode())
    digest.update(f"{package.descriptor_path}\n".encode())
    digest.update(hashlib.sha256(package.descriptor_path.read_bytes()).digest())
    for name, spec in sorted(package.resources.items()):
        schema = json.dumps(spec.schema, sort_keys=True, ensure_ascii=False, default=str)
        digest.update(f"{name}\n{spec.relpath}\n{spec.path}\n{schema}\n".encode())
        with spec.path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


def _path(verdict_key: str) -> Path:
    return cache_dir() / "verdicts" / f"{verdict_key}.json"


def recall(package: PackageSpec) -> Report | None:
    """The remembered verdict on exactly these bytes and this tool, or None."""
    try:
        path = _path(key(package))
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        report = Report(
            findings=[_finding(f) for f in stored["findings"]],
            rows={str(k): int(v) for k, v in stored["rows"].items()},
            checks=[str(c) for c in stored["checks"]],
        )
    except (KeyError, TypeError, ValueError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # the newest are the ones kept
    return report


def _finding(stored: dict[str, Any]) -> Finding:
    # The stored values were masked when the finding was first made: set them as they are (masking
    # them a second time must not be able to change them).
    finding = object.__new__(Finding)
    for f in fields(Finding):
        value = stored.get(f.name)
        if f.name == "severity":
            value = Severity(str(value))
        elif f.name == "params":
            value = {str(k): str(v) for k, v in (value or {}).items()}
        object.__setattr__(finding, f.name, value)
    return finding


class Remembering:
    """Computes the key beside a validation (in a thread: hashing releases the GIL) and stores the
    verdict under it, if no data file changed in the meantime::

        memo = Remembering(package)
        report = validate_package(package)
        memo.store(report)
    """

    def __init__(self, package: PackageSpec) -> None:
        self.package = package
        self.before = _stats(package)
        self._key: str | None = None
        self._thread = threading.Thread(target=self._compute, name="verdict-key", daemon=True)
        self._thread.start()

    def _compute(self) -> None:
        try:
            self._key = key(self.package)
        except OSError:
            self._key = None

    def store(self, report: Report) -> bool:
        self._thread.join()
        try:
            if self._key is None or _stats(self.package) != self.before:
                return False
            _write(_path(self._key), report)
        except OSError:
            return False
        return True


def _write(path: Path, report: Report) -> None:
    from ..fileio import write_atomically

    data = {
        "findings": [{f.name: _plain(getattr(x, f.name)) for f in fields(Finding)} for x in report.findings],
        "rows": report.rows,
        "checks": report.checks,
    }
    try:
        write_atomically(path, json.dumps(data, ensure_ascii=False))
    except OppnadataError as err:  # an unwritable cache folder
        raise OSError(str(err)) from err
    _prune(path.parent)


def _plain(value: Any) -> Any:
    if isinstance(value, Severity):
        return str(value)
    if isinstance(value, dict) or hasattr(value, "items"):
        return dict(value)
    return value


def _prune(folder: Path) -> None:
    stored = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in stored[KEEP:]:
        old.unlink(missing_ok=True)
