"""The suite's own guard: each test has a time limit (pytest-timeout), so a runaway worker fails a test instead
of hanging the run, and the limit works under pytest-xdist, which runs the suite in parallel."""

from __future__ import annotations

import tomllib

import pytest
from conftest import ROOT

pytest_plugins = ["pytester"]
SETTINGS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]


def test_every_test_has_a_time_limit(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.hasplugin("timeout"), "pytest-timeout is not installed (pip install -e '.[dev]')"
    assert 0 < float(SETTINGS["timeout"]) <= 600
    assert SETTINGS["timeout_method"] == "signal"  # fails the test inside its xdist worker, which goes on
    assert "-n auto" in SETTINGS["addopts"]


def test_a_hanging_test_fails_at_the_limit_under_xdist(pytester: pytest.Pytester) -> None:
    pytester.makeini(f"[pytest]\ntimeout = 2\ntimeout_method = {SETTINGS['timeout_method']}\n")
    pytester.makepyfile(test_hangs="import time\n\ndef test_hangs():\n    time.sleep(120)\n\n"
                                   "def test_quick():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:benchmark", "-n", "1", timeout=60)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*Timeout*"])
