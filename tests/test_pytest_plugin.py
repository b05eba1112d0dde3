"""The pytest plugin through pytest's own pytester: opt-in collection, verdicts as outcomes, xdist."""

from __future__ import annotations

import importlib.util

import pytest

# Loaded here so that pytester's in-process runs find them loaded: it unloads what a run imported, and numpy
# cannot be imported twice in one process.
import derivcheck.run.tasks  # noqa: F401

pytest_plugins = ["pytester"]

# Plugins of this machine that the inner runs do not need: hypothesis would be imported afresh in each run,
# pytest-benchmark warns under xdist.
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark")

PROVED = "name: square\nfunction: z**2\nderivative: 2*z\nsecond_derivative: 2\n"
REFUTED = "# a sign slip\nname: sigmoid_a_plus\nfunction: 1/(1 + exp(-z))\nderivative: a*(1 + a)\n"
SLIPPED_STEP = """name: sigmoid_steps
function: 1/(1 + exp(-z))
derivative: a*(1 - a)
derivation:
  - diff(1/(1 + exp(-z)), z)
  - exp(-z)/(1 + exp(-z))**2
  - exp(-z)/(1 + exp(-z))**3
"""
# g has no value at 0, so the declared g'(0) can be neither proved nor refuted
UNDECIDED = "name: gap\nfunction: Piecewise((z, z < 0), (z**2, z > 0))\n" \
            "derivative: Piecewise((1, z < 0), (2*z, z > 0))\nat:\n  0: 0\n"
UNRELATED = "services:\n  web:\n    image: nginx\nderivative_of: nothing\n"


def test_without_the_switch_nothing_is_collected(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", square=PROVED, refuted=REFUTED)
    result = pytester.runpytest(*QUIET)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result.stdout.no_fnmatch_line("*derivcheck:*")


def test_without_the_switch_the_plugin_imports_nothing_heavy(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", square=PROVED)
    pytester.makepyfile(test_modules="""
        import sys

        def test_heavy_modules_stay_out():
            assert [m for m in ("sympy", "yaml", "derivcheck.spec") if m in sys.modules] == []
    """)
    pytester.runpytest_subprocess(*QUIET).assert_outcomes(passed=1)


def test_each_claim_is_an_item_and_proved_claims_pass(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", square=PROVED)
    result = pytester.runpytest("--derivcheck", "-v", *QUIET)
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*derivcheck: 20 s per claim*", "square.yaml::g'(z) PASSED*",
                                 "square.yaml::g''(z) PASSED*", "square.yaml::kinks PASSED*"])


def test_a_refuted_claim_fails_with_the_counterexample(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", sigmoid_a_plus=REFUTED)
    result = pytester.runpytest("--derivcheck", *QUIET)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "sigmoid_a_plus.yaml:4: g'(z) REFUTED: the claim differs from the true value at z = 0",
        "*counterexample: at z = 0 the true value is 0.25, the claim gives 0.75",
        "FAILED sigmoid_a_plus.yaml::g'(z) - *",
    ])
    result.stdout.no_fnmatch_line("*Traceback*")


def test_a_slipped_derivation_step_fails_with_the_hint(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", steps=SLIPPED_STEP)
    assert "steps.yaml::derivation step 3" in pytester.runpytest("--derivcheck", "--co", "-q", *QUIET).stdout.str()
    result = pytester.runpytest("--derivcheck", "steps.yaml::derivation step 3", *QUIET)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["steps.yaml:7: step 3 REFUTED*", "*hint: step 3 is the odd one out*"])


def test_undecided_fails_and_is_skipped_when_allowed(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", gap=UNDECIDED)
    result = pytester.runpytest("--derivcheck", *QUIET)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*derivcheck: 20 s per claim, undecided claims fail*", "gap.yaml:5: g'(0) UNDECIDED*"])
    strict = pytester.runpytest("--derivcheck", "--derivcheck-strict", *QUIET)  # still accepted: the default
    strict.assert_outcomes(passed=1, failed=1)
    allowed = pytester.runpytest("--derivcheck", "--derivcheck-allow-undecided", "-rs", *QUIET)
    allowed.assert_outcomes(passed=1, skipped=1)
    allowed.stdout.fnmatch_lines(["SKIPPED ?1? gap.yaml:4: g'(0) UNDECIDED: not decided at z = 0*"])


def test_a_spec_that_does_not_load_fails_with_its_location(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", broken="name: broken\nfunction: z\nderivative: 1\nderivatve: 2\n")
    result = pytester.runpytest("--derivcheck", *QUIET)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["spec ERROR: broken.yaml:4:1: unknown key 'derivatve'*"])


def test_unrelated_yaml_is_not_collected_unless_named(pytester: pytest.Pytester) -> None:
    pytester.mkdir("specs")
    (pytester.path / "specs" / "square.yaml").write_text(PROVED, encoding="utf-8")
    (pytester.path / "specs" / "compose.yml").write_text(UNRELATED, encoding="utf-8")
    (pytester.path / "notes.yaml").write_text("derivative: is a key here\n  but: not valid YAML\n", encoding="utf-8")
    result = pytester.runpytest("--derivcheck", "specs", "--collect-only", "-q", *QUIET)
    assert result.ret == pytest.ExitCode.OK
    assert [line for line in result.stdout.lines if "::" in line] == [
        "specs/square.yaml::g'(z)", "specs/square.yaml::g''(z)", "specs/square.yaml::kinks"]
    named = pytester.runpytest("--derivcheck", "specs/compose.yml", *QUIET)
    named.assert_outcomes(failed=1)  # a file named on the command line is checked, and is no spec


def test_the_ini_option_switches_it_on(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nderivcheck = true\nderivcheck_timeout = 30\n")
    pytester.makefile(".yaml", sigmoid_a_plus=REFUTED)
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["derivcheck: 30 s per claim*"])


@pytest.mark.parametrize("seconds", ["-1", "inf", "1e300", "nan"])
def test_a_bad_time_budget_is_a_usage_error(pytester: pytest.Pytester, seconds: str) -> None:
    result = pytester.runpytest("--derivcheck", "--derivcheck-timeout", seconds, *QUIET)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--derivcheck-timeout*is not an allowed time budget*from 0.1 to 86400*"])


def test_plugin_can_be_switched_off(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", square=PROVED)
    result = pytester.runpytest("-p", "no:derivcheck", *QUIET)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


@pytest.mark.skipif(importlib.util.find_spec("xdist") is None, reason="pytest-xdist is not installed")
def test_runs_under_xdist(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", square=PROVED, sigmoid_a_plus=REFUTED)
    result = pytester.runpytest("--derivcheck", "-n", "2", *QUIET)
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(["*counterexample: at z = 0 the true value is 0.25, the claim gives 0.75"])
