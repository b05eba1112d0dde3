"""Specs of several variables in the pytest plug-in and the commands: collected, claim by claim."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

# Loaded here so that pytester's in-process runs find them loaded (numpy cannot be imported twice).
import derivcheck.run.tasks  # noqa: F401
from derivcheck.cli.app import app

pytest_plugins = ["pytester"]

QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark")

LOSS = """\
name: glu
variables:
  u: null
  v: null
function: u*sigmoid(v)
gradient:
  u: sigmoid(v)
  v: u*sigmoid(v)
"""


def test_each_partial_derivative_is_an_item(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", glu=LOSS)
    result = pytester.runpytest("--derivcheck", "-v", *QUIET)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*glu.yaml::∂f/∂u PASSED*", "*glu.yaml::∂f/∂v FAILED*", "*glu.yaml::kinks PASSED*",
                                 "*∂f/∂v REFUTED: the claim differs from the true value at u = *, v = *",
                                 "*counterexample: at u = *, v = * the true value is *"])


def test_show_names_its_limit_for_several_variables() -> None:
    done = CliRunner().invoke(app, ["show", "softmax"])
    assert done.exit_code == 2
    assert "'softmax' is a spec of several variables" in done.output and "derivcheck verify softmax" in done.output
