"""The terminal report leads with one line per spec and gives details only where a claim is not proved."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, SPECS
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.report.terminal import TerminalReporter
from derivcheck.results.checks import Check, CheckKind, Kink, RunResult, SpecResult, Verdict

runner = CliRunner()
BAD = str(EXAMPLES / "bad" / "sigmoid_a_plus.yaml")


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "160"})
    return result.exit_code, result.stdout


def one_liners(out: str) -> list[str]:
    return [line for line in out.splitlines() if re.match(r"(PROVED|REFUTED|UNDECIDED|ERROR) +\S", line)]


def test_several_specs_give_one_line_each_and_the_details_of_what_failed() -> None:
    code, out = invoke("verify", "relu", "sigmoid", BAD, "--no-color")
    assert code == 1
    lines = one_liners(out)
    # the summary (one line per spec), the title of the failing spec's details, and the totals
    assert [line.split()[1] for line in lines[:3]] == ["relu", "sigmoid", "sigmoid_a_plus"]
    assert lines[0].split()[2] == "specs/relu.yaml:5" and "3 proved" in lines[0]
    assert re.search(r"\d+\.\d\d s", lines[0])
    assert lines[3].split()[1] == "sigmoid_a_plus" and lines[-1].startswith("REFUTED  6 proved, 1 refuted")
    assert "counterexample: at z = 0 the true value is 0.25, the claim gives 0.75" in out
    assert "spot checks" in out and out.count("spot checks") == 1  # only the failing spec's
    assert "a·(1 - a)" not in out  # no detail of the proved specs


def test_verbose_shows_every_spec_in_full_and_quiet_only_what_failed() -> None:
    code, out = invoke("verify", "relu", "sigmoid", BAD, "--no-color", "-v")
    assert code == 1 and out.count("spot checks") == 3 and "a·(1 - a)" in out
    code, out = invoke("verify", "relu", "sigmoid", BAD, "--no-color", "--quiet")
    assert code == 1
    assert [line.split()[1] for line in one_liners(out)] == ["sigmoid_a_plus", "6"]  # its details, the totals
    code, out = invoke("verify", "relu", "sigmoid", "-q", "--no-color")
    assert code == 0 and out.strip().splitlines() == [out.strip().splitlines()[-1]]  # only the totals
    assert out.startswith("PROVED  6 proved, 0 refuted, 0 undecided, 0 error — 2 specs")


def test_verbose_and_quiet_together_are_a_usage_error() -> None:
    result = runner.invoke(app, ["verify", "relu", "-v", "-q"])
    assert result.exit_code == 2 and "--verbose and --quiet" in result.output


def test_one_named_spec_keeps_its_full_report() -> None:
    code, out = invoke("verify", "sigmoid", "--no-color")
    assert code == 0
    assert "a·(1 - a)" in out and "spot checks" in out and "exp-rational normal form" in out
    assert out.splitlines()[0].startswith("PROVED  sigmoid  specs/sigmoid.yaml:6  3 proved")


def test_undeclared_kinks_are_named_in_the_summary() -> None:
    code, out = invoke("verify", "binary_step", "hardshrink", "relu", "--no-color")
    assert code == 0
    lines = out.splitlines()
    under = {line.split()[1]: lines[i + 1].strip() for i, line in enumerate(lines[:5]) if line in one_liners(out)}
    assert under["binary_step"] == "undeclared kink at z = 0"  # under its line
    assert under["hardshrink"] == "undeclared kinks at z = -1/2, 1/2"
    assert "undeclared" not in out[out.index("  relu  "):]  # its `at: 0: 0` declares the value


def _result(name: str, *, cached: bool, declared: str | None = None) -> SpecResult:
    check = Check(kind=CheckKind.DERIVATIVE, label="g'(z)", verdict=Verdict.PROVED, method="simplify", message="",
                  seconds=0.25, line=4)
    kink = Kink(point="0", continuous=True, left="0", right="1", differentiable=False, declared=declared,
                message="undefined at z = 0")
    return SpecResult(name=name, file=f"specs/{name}.yaml", checks=(check,), kinks=(kink,), cached=cached)


def test_the_summary_line_says_cached_and_gives_file_line_counts_and_time() -> None:
    run = RunResult(specs=(_result("a", cached=True, declared="0"), _result("b", cached=False)), seconds=1.5)
    out = io.StringIO()
    TerminalReporter(color=False, width=120).render(run, out)
    first, second, third = out.getvalue().splitlines()[:3]
    assert re.fullmatch(r"PROVED  a  specs/a\.yaml:4  1 proved  0\.25 s  cached", first)
    assert re.fullmatch(r"PROVED  b  specs/b\.yaml:4  1 proved  0\.25 s", second)
    assert third == "        undeclared kink at z = 0"
    assert out.getvalue().splitlines()[-1] == "PROVED  2 proved, 0 refuted, 0 undecided, 0 error — 2 specs, " \
                                              "1 cached, 1.50 s"


@pytest.fixture
def cached_project(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    tmp_path = tmp_path_factory.mktemp("project")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DERIVCHECK_NO_CACHE")
    # the signing secret lives outside the project, or the cache is off
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    (tmp_path / "specs").mkdir()
    for name in ("relu", "sigmoid"):
        (tmp_path / "specs" / f"{name}.yaml").write_bytes((SPECS / f"{name}.yaml").read_bytes())
    return tmp_path


def test_a_warm_run_says_which_results_came_from_the_cache(cached_project: Path) -> None:
    cold = runner.invoke(app, ["verify", "--no-color"], env={"COLUMNS": "160"})
    warm = runner.invoke(app, ["verify", "--no-color"], env={"COLUMNS": "160"})
    assert cold.exit_code == warm.exit_code == 0
    assert "cached" not in cold.stdout
    assert [line.endswith("cached") for line in one_liners(warm.stdout)[:2]] == [True, True]
    assert "2 specs, 2 cached" in warm.stdout.splitlines()[-1]
    document = json.loads(runner.invoke(app, ["verify", "--format", "json"]).stdout)
    assert [spec["cached"] for spec in document["specs"]] == [True, True]


def test_an_accepted_value_at_a_jump_shows_its_finding(tmp_path: Path) -> None:
    """A value under `at:` accepted at a jump is a convention: the report says which side it is, under its row."""
    spec = tmp_path / "threshold.yaml"
    spec.write_text("name: threshold\nfunction: Piecewise((0, z <= 1), (z, True))\n"
                    "derivative: Piecewise((0, z <= 1), (1, True))\nat: {1: 0}\n", encoding="utf-8")
    code, out = invoke("verify", str(spec), "--no-color", "--no-cache")
    assert code == 0
    assert "finding: g jumps at z = 1: no derivative; 0 is the left derivative" in out
