"""Fixtures for tests that talk to the real CKAN that `scripts/ckan-test-server up` runs.

Register them with ``pytest_plugins = ["tests.ckan_fixtures"]`` (in tests/conftest.py or a
test module).  The server is started outside pytest -- by `make test` (scripts/run-tests) or
by hand -- and its URL and API token are read from ``.ckan-test/env``.  A test that needs
CKAN and finds it down fails with a message saying how to start it; it is never skipped.

Only the harness's own env file is read, never CKAN_URL from the environment: these
tests create and purge organisations and datasets, which must not happen to a real
catalogue by accident.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ckanapi
import pytest
import requests

REPO = Path(__file__).resolve().parent.parent
ENV_FILE = REPO / ".ckan-test" / "env"
START_HINT = "run scripts/ckan-test-server up"
USER_AGENT = "oppnadata-tests"


@dataclass(frozen=True)
class CkanServer:
    """Where the test CKAN answers, and a sysadmin API token for it."""

    url: str
    token: str

    def __repr__(self) -> str:  # keep the token out of test reports
        return f"CkanServer(url={self.url!r}, token=***)"


def read_env_file(path: Path = ENV_FILE) -> dict[str, str]:
    """The KEY=value lines of the harness's env file ({} when there is none)."""
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


@pytest.fixture(scope="session")
def ckan_server() -> CkanServer:
    """The running test CKAN; fails the test when it is not running."""
    env = read_env_file()
    url, token = env.get("CKAN_URL"), env.get("CKAN_API_TOKEN")
    if not url or not token:
        pytest.fail(
            f"The CKAN test server has not been started ({ENV_FILE} is missing): {START_HINT}", pytrace=False
        )
    problem = None
    try:
        requests.get(f"{url}/api/3/action/status_show", timeout=10).raise_for_status()
    except requests.RequestException as err:
        problem = err.__class__.__name__
    if problem:  # failed outside the except block: the message alone, no traceback chain
        pytest.fail(f"The CKAN test server at {url} does not answer ({problem}): {START_HINT}", pytrace=False)
    return CkanServer(url=url, token=token)


@pytest.fixture(scope="session")
def ckan(ckan_server: CkanServer) -> Iterator[ckanapi.RemoteCKAN]:
    """A ckanapi client for the test CKAN, acting as its sysadmin (one for the session, so
    module- and session-scoped fixtures can use it too)."""
    with ckanapi.RemoteCKAN(ckan_server.url, apikey=ckan_server.token, user_agent=USER_AGENT) as client:
        yield client
