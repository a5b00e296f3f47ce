"""A repository copy published twice, as a maintainer does it: the frozen 1.0.0 from releases/, then an edit
that `publish` refuses (no bump), then the bump and a publish that records the next version (the new layout).

The next version is derived from the kind of change, not written down: the edit corrects one value (a patch),
and whatever the code alone calls for against releases/1.0.0 is added (a derived table added to the code since
makes it a minor version, 1.1.0); the bump must write exactly that version.

Shared by tests/test_releases.py, tests/test_landing.py and tests/test_releasecheck.py (module-scoped in
each: a build takes a few seconds, and the tests only read what it wrote unless they copy it first).
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from oppnadata.cli import main
from oppnadata.releasing.versioning import RANK, Bump, next_version, plan_bump
from tests.conftest import REPO

NAME = "hit-gar-pengarna"
RELEASED = "1.0.0"  # the version of the repository's releases/ (and of its datapackage.json)
EDITED_CASE_COLUMN = "projektnamn"


@dataclass(frozen=True)
class Published:
    repo: Path
    site: Path
    first: tuple[int, str]  # exit code and output of the first publish (1.0.0 from releases/)
    refused: tuple[int, str]  # … of the publish after an edit without a bump
    site_before_refusal: dict[str, str]
    site_after_refusal: dict[str, str]
    second: tuple[int, str]  # … of the publish after the bump (records `version`)
    bump: Bump  # the kind of change from 1.0.0: the correction's patch, or more if the code calls for more
    version: str  # the version the bump wrote and the second publish recorded (1.0.1 for a patch)

    @property
    def releases(self) -> Path:
        return self.repo / "releases"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def copy_repo(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("datapackage.json", "publication.yaml"):
        shutil.copy2(REPO / name, target / name)
    for folder in ("schemas", "datasets", "releases"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit_one_cell(repo: Path, suffix: str = " (rättad)") -> None:
    path = repo / "datasets" / "beslut.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index(EDITED_CASE_COLUMN)] += suffix
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def publish(repo: Path, *extra: str) -> tuple[int, str]:
    return run("publish", str(repo / "datapackage.json"), "--site", str(repo / "site"),
               "--out", str(repo / "dist"), "--lang", "en", *extra)  # fmt: skip


def next_after(version: str, code: Bump | None) -> tuple[Bump, str]:
    """The bump a correction of one value calls for on top of the code's own (``code``), and the version
    after ``version``."""
    bump: Bump = code if code is not None and RANK[code] > RANK["patch"] else "patch"
    return bump, next_version(version, bump)


def make_published(root: Path) -> Published:
    repo = copy_repo(root / "repo")
    code = plan_bump(repo).check.required  # before the edit: what the code alone calls for (None, or minor…)
    bump, version = next_after(RELEASED, code)
    first = publish(repo)
    before = tree(repo / "site")
    edit_one_cell(repo)
    refused = publish(repo)
    after = tree(repo / "site")
    exit_code, output = run("bump", str(repo / "datapackage.json"), "--date", "2026-12-01", "--lang", "en")
    assert exit_code == 0, output
    assert f"{RELEASED} → {version}" in output, output
    second = publish(repo)
    return Published(repo, repo / "site", first, refused, before, after, second, bump, version)
