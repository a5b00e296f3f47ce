"""The CI rule, as a pytest plugin (registered in tests/conftest.py): in CI (``CI=true``) nothing may be left
out. A skipped test, an xfail, an xpass and a module-level skip (``pytest.skip(allow_module_level=True)``,
``pytest.importorskip`` at module level) are failures and the run exits non-zero — no service may be missing.

pytest counts a test as failed only when its report is failed and carries no ``wasxfail``; a skipped module
is a collection report, not a test report. So the rule clears ``wasxfail`` and looks at both kinds of report.
tests/test_ci_rule.py runs pytest on small generated test files to check each case's exit code.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")


def _reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (path, line, "Skipped: why")
        return f"{longrepr[2]} ({longrepr[0]}:{longrepr[1]})"
    return str(longrepr)


def _fail(report: Any, what: str) -> None:
    reason = getattr(report, "wasxfail", None) or _reason(report)
    if hasattr(report, "wasxfail"):
        del report.wasxfail  # else pytest does not count the failure and exits 0
    report.outcome = "failed"
    report.longrepr = f"In CI {what} is a failure: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if not IN_CI:
        return
    if hasattr(report, "wasxfail"):
        _fail(report, "an xpass" if report.passed else "an xfail")
    elif report.skipped:
        _fail(report, "a skipped test")


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:
        _fail(report, "a module-level skip")
