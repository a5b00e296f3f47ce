"""Shared fixtures. In CI (CI=true) a skipped, xfailed or xpassed test is a failure (tests/ci_rule.py)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, PACKAGE, REPO, copy_package

__all__ = ["FIXTURES", "PACKAGE", "REPO"]

# tests.ci_rule: in CI (CI=true) a skip, an xfail, an xpass or a module-level skip fails the run.
pytest_plugins = ["tests.ci_rule", "tests.ckan_fixtures", "tests.portal_fixtures"]

# The suite never writes to the user's cache (descriptor.cache_dir): its own folder, removed at the end.
_CACHE = tempfile.mkdtemp(prefix="oppnadata-test-cache-")
os.environ["OPPNADATA_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of the frozen fixture package (descriptor, config, schemas, datasets) to mutate freely.

    The name is historical: it no longer copies the repository's datasets/ (tests test the tool, not
    whatever datasets/ holds); see tests/helpers.py.
    """
    return copy_package(tmp_path / "repo")
