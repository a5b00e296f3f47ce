"""The CI rule (tests/ci_rule.py) has its own test: pytest runs in a subprocess on one small generated test
file per case, with and without CI=true, and the exit code says whether the run failed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import REPO

CASES = {
    "pass": "def test_ok():\n    assert 1 + 1 == 2\n",
    "skip-call": "import pytest\n\ndef test_x():\n    pytest.skip('no service')\n",
    "skip-mark": "import pytest\n\n@pytest.mark.skip(reason='later')\ndef test_x():\n    pass\n",
    "skipif-mark": "import pytest\n\n@pytest.mark.skipif(True, reason='not here')\ndef test_x():\n    pass\n",
    "skip-in-fixture": textwrap.dedent(
        """\
        import pytest

        @pytest.fixture
        def service():
            pytest.skip("service missing")

        def test_x(service):
            pass
        """
    ),
    "xfail": "import pytest\n\n@pytest.mark.xfail(reason='known bug')\ndef test_x():\n    assert False\n",
    "xfail-call": "import pytest\n\ndef test_x():\n    pytest.xfail('known bug')\n",
    "xpass": "import pytest\n\n@pytest.mark.xfail(reason='known bug')\ndef test_x():\n    assert True\n",
    "module-skip": "import pytest\n\npytest.skip('no service', allow_module_level=True)\n\ndef test_x():\n    pass\n",
    "module-importorskip": "import pytest\n\npytest.importorskip('no_such_module_oppnadata')\n\ndef test_x():\n    pass\n",
}
# Outside CI the rule stays out of the way: pytest's own exit codes (a skipped module leaves no test: 5).
OUTSIDE_CI_EXIT = {"pass": 0, "skip-call": 0, "xfail": 0, "xpass": 0, "module-skip": 5}


def _pytest(tmp_path: Path, case: str, ci: bool) -> subprocess.CompletedProcess[str]:
    folder = tmp_path / case.replace("-", "_")
    folder.mkdir()
    (folder / f"test_{case.replace('-', '_')}.py").write_text(CASES[case], encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # only the rule (hypothesis alone takes seconds to import)
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.ci_rule", "-p", "no:cacheprovider", "-q", "-rA", str(folder)],
        cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_in_ci_anything_left_out_fails_the_run(tmp_path: Path, case: str) -> None:
    result = _pytest(tmp_path, case, ci=True)
    output = result.stdout + result.stderr
    if case == "pass":
        assert result.returncode == 0, output
        assert "1 passed" in output
    else:
        assert result.returncode != 0, output
        assert "In CI" in output and "is a failure" in output, output
        assert " passed" not in output.splitlines()[-1], output


@pytest.mark.parametrize("case", sorted(OUTSIDE_CI_EXIT))
def test_outside_ci_the_rule_changes_nothing(tmp_path: Path, case: str) -> None:
    result = _pytest(tmp_path, case, ci=False)
    output = result.stdout + result.stderr
    assert result.returncode == OUTSIDE_CI_EXIT[case], output
    assert "In CI" not in output


def test_the_suite_runs_under_the_rule(pytestconfig: pytest.Config) -> None:
    """The rule that is tested above is the one this suite runs under."""
    assert pytestconfig.pluginmanager.has_plugin("tests.ci_rule")
