"""A proof checker fails closed: UNDECIDED fails every front end unless --allow-undecided lets it pass."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import SPECS
from typer.testing import CliRunner

# Loaded here so that pytester's in-process runs find them loaded: it unloads what a run imported, and numpy
# cannot be imported twice in one process.
import derivcheck.run.tasks  # noqa: F401
from derivcheck.cli.app import app
from derivcheck.cli.policy import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, exit_code, run_exit_code
from derivcheck.engine.prove import decide as decide_module
from derivcheck.engine.prove.symbolic import ProofAttempt
from derivcheck.results.checks import Check, CheckKind, RunResult, SpecResult, Unfinished, Verdict, fails
from derivcheck.run import verify as verify_module

runner = CliRunner()
SIGMOID = str(SPECS / "sigmoid.yaml")


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture
def undecided(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proof strategy closes anything: sigmoid's true claims become UNDECIDED (no counterexample exists)."""
    monkeypatch.setattr(decide_module, "prove_zero",
                        lambda *args, **kwargs: ProofAttempt(False, None, "no strategy closed it"))


def _check(verdict: Verdict, method: str | None = None, unfinished: Unfinished | None = None) -> Check:
    return Check(kind=CheckKind.DERIVATIVE, label="g'(z)", verdict=verdict, method=method, message="m",
                 unfinished=unfinished)


# --- the policy itself --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("verdict", "default", "allowed"), [
    (Verdict.PROVED, False, False),
    (Verdict.UNDECIDED, True, False),
    (Verdict.REFUTED, True, True),
    (Verdict.ERROR, True, True),
])
def test_which_verdicts_fail(verdict: Verdict, default: bool, allowed: bool) -> None:
    assert fails(verdict) is default
    assert fails(verdict, allow_undecided=True) is allowed


def test_exit_codes_of_a_run() -> None:
    def run(*checks: Check) -> RunResult:
        return RunResult(specs=(SpecResult(name="s", file="s.yaml", checks=checks),))

    assert run_exit_code(run(_check(Verdict.PROVED))) == EXIT_OK
    assert run_exit_code(run(_check(Verdict.PROVED), _check(Verdict.UNDECIDED))) == EXIT_FAILED
    assert run_exit_code(run(_check(Verdict.UNDECIDED)), allow_undecided=True) == EXIT_OK
    assert run_exit_code(run(_check(Verdict.REFUTED)), allow_undecided=True) == EXIT_FAILED
    assert run_exit_code(run(_check(Verdict.ERROR, "internal error", Unfinished.CRASH),
                             _check(Verdict.REFUTED))) == EXIT_INTERNAL
    assert exit_code([]) == EXIT_OK


# --- the commands -------------------------------------------------------------------------------------------

@pytest.mark.usefixtures("undecided")
def test_verify_fails_on_undecided_by_default() -> None:
    code, out = invoke("verify", SIGMOID, "--format", "json")
    assert json.loads(out)["summary"]["undecided"] >= 1
    assert json.loads(out)["summary"]["refuted"] == json.loads(out)["summary"]["error"] == 0
    assert code == 1, out
    assert invoke("verify", SIGMOID, "--format", "json", "--strict")[0] == 1
    assert invoke("verify", SIGMOID, "--format", "json", "--allow-undecided")[0] == 0


@pytest.mark.usefixtures("undecided")
def test_latex_fails_on_undecided_by_default(tmp_path: Path) -> None:
    assert invoke("latex", SIGMOID, "-o", str(tmp_path / "a.tex"))[0] == 1
    assert invoke("latex", SIGMOID, "-o", str(tmp_path / "b.tex"), "--allow-undecided")[0] == 0
    assert (tmp_path / "b.tex").read_text(encoding="utf-8").startswith("\\documentclass")


@pytest.mark.usefixtures("undecided")
def test_junit_from_the_command_line_fails_undecided_claims_unless_allowed() -> None:
    code, out = invoke("verify", SIGMOID, "--format", "junit")
    assert code == 1
    cases = ET.fromstring(out).findall("testsuite/testcase")
    undecided = [c[0] for c in cases if len(c) and c[0].get("type") == "undecided"]
    assert undecided and all(e.tag == "failure" for e in undecided)
    assert not [c for c in cases if c.find("skipped") is not None]
    code, out = invoke("verify", SIGMOID, "--format", "junit", "--allow-undecided")
    assert code == 0
    cases = ET.fromstring(out).findall("testsuite/testcase")
    assert [c for c in cases if c.find("skipped") is not None]
    assert not [c for c in cases if c.find("failure") is not None]


@pytest.mark.usefixtures("undecided")
def test_github_from_the_command_line_makes_undecided_an_error_unless_allowed() -> None:
    code, out = invoke("verify", SIGMOID, "--format", "github")
    assert code == 1
    levels = {line.split(" ", 1)[0] for line in out.splitlines() if "UNDECIDED::" in line}
    assert levels == {"::error"}
    code, out = invoke("verify", SIGMOID, "--format", "github", "--allow-undecided")
    assert code == 0
    levels = {line.split(" ", 1)[0] for line in out.splitlines() if "UNDECIDED::" in line}
    assert levels == {"::warning"}


def test_strict_and_allow_undecided_together_are_a_usage_error_before_any_work(
        monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    monkeypatch.setattr(verify_module, "verify_sources", lambda *args, **kwargs: started.append(args))
    for command in ("verify", "latex"):
        code, out = invoke(command, SIGMOID, "--strict", "--allow-undecided")
        assert code == 2, out
        assert "--strict and --allow-undecided contradict each other" in out
    assert started == []


def test_the_help_says_what_strict_and_allow_undecided_do() -> None:
    out = " ".join(invoke("verify", "--help")[1].split())
    assert "--allow-undecided" in out and "--strict" in out and "This is the default" in out


# --- the pytest plugin --------------------------------------------------------------------------------------

pytest_plugins = ["pytester"]
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark")
# g has no value at 0, so the declared g'(0) can be neither proved nor refuted
GAP = ("name: gap\nfunction: Piecewise((z, z < 0), (z**2, z > 0))\n"
       "derivative: Piecewise((1, z < 0), (2*z, z > 0))\nat:\n  0: 0\n")


def test_the_plugin_fails_undecided_claims_unless_the_ini_allows_them(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", gap=GAP)
    pytester.makeini("[pytest]\nderivcheck = true\n")
    pytester.runpytest(*QUIET).assert_outcomes(passed=1, failed=1)
    pytester.makeini("[pytest]\nderivcheck = true\nderivcheck_allow_undecided = true\n")
    allowed = pytester.runpytest(*QUIET)
    allowed.assert_outcomes(passed=1, skipped=1)
    allowed.stdout.fnmatch_lines(["derivcheck: * undecided claims are skipped*"])


def test_the_plugin_refuses_strict_with_allow_undecided(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--derivcheck", "--derivcheck-strict", "--derivcheck-allow-undecided", *QUIET)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*contradict each other*"])

