"""Every report writes claims of several variables as ∂L/∂z and ∂a_i/∂z_j, shows the constraints used, and says
what each verdict covers: a proof for n = 1..6 never reads as one for all n."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, SPECS, run_files

from derivcheck.report import reporter
from derivcheck.results.checks import RunResult

FIXED_SIZES = """\
name: relu_of_sum
variables:
  z: {size: n}
function: max(0, sum(z[k], k))
gradient:
  z[j]: Piecewise((1, sum(z[k], k) > 0), (0, True))
"""
ONLY_SOME_SIZES = "for n = 1..6 only, not for all n"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    fixed = tmp_path_factory.mktemp("specs") / "relu_of_sum.yaml"
    fixed.write_text(FIXED_SIZES, encoding="utf-8")
    return run_files(SPECS / "losses" / "softmax_cross_entropy.yaml", SPECS / "vector" / "softmax.yaml",
                     SPECS / "losses" / "hinge.yaml", EXAMPLES / "bad" / "softmax_delta_dropped.yaml", fixed,
                     SPECS / "sigmoid.yaml")


def _render(run: RunResult, name: str) -> str:
    stream = io.StringIO()
    reporter(name, color=False, width=200, verbosity=1).render(run, stream)  # every spec in full
    return stream.getvalue()


def test_json_adds_the_fields_of_several_variables_and_nothing_to_one_variable(run: RunResult) -> None:
    specs = {s["name"]: s for s in json.loads(_render(run, "json"))["specs"]}
    cross = specs["softmax_cross_entropy"]
    assert cross["variables"] == ["z", "y"]
    assert cross["definitions"] == [{"name": "a", "expression": "exp(z[i])/sum(exp(z[k]), k)"},
                                    {"name": "", "expression": "sum(y[k], k) = 1"}]
    gradient = cross["checks"][0]
    assert gradient["partial"] == {"output": "L", "output_index": None, "variable": "z", "variable_index": "i"}
    assert gradient["scope"]["sizes"] == [{"name": "n", "every": True, "low": 1, "high": 1}]
    assert gradient["scope"]["constraints"] == ["sum(y[k], k) = 1"]
    assert gradient["scope"]["text"].startswith("for all n;")
    jacobian = specs["softmax"]["checks"][0]
    assert jacobian["partial"] == {"output": "a", "output_index": "i", "variable": "z", "variable_index": "j"}
    assert jacobian["scope"]["cases"] == ["i = j", "i != j"]
    refuted = specs["softmax_delta_dropped"]["checks"][0]["counterexample"]
    assert [c["name"] for c in refuted["at"]] == ["n", "i", "j", "z"]
    assert specs["hinge"]["kinks"][0]["along"] == "z" and specs["hinge"]["kinks"][0]["fixed"] == "y = -1"
    fixed = specs["relu_of_sum"]["checks"][0]
    assert fixed["scope"]["sizes"] == [{"name": "n", "every": False, "low": 1, "high": 6}]
    assert ONLY_SOME_SIZES in fixed["scope"]["text"] and ONLY_SOME_SIZES in fixed["method"]
    one = specs["sigmoid"]
    assert not {"variables", "definitions"} & set(one)
    assert not any({"partial", "scope"} & set(check) for check in one["checks"])


def test_the_terminal_report_writes_the_function_its_definitions_and_each_scope(run: RunResult) -> None:
    text = _render(run, "rich")
    assert "L(z, y) = " in text and "a_i(z) = " in text
    assert "where a[i] = exp(z[i])/sum(exp(z[k]), k)" in text and "with sum(y[k], k) = 1" in text  # as written
    assert "scope: for all n; every real z; cases i = j, i != j" in text
    assert f"scope: {ONLY_SOME_SIZES}" in text
    assert "counterexample: at n = 1, i = 1, j = 1, z = (" in text
    assert "z = -1 (y = -1)" in text  # a kink of the hinge, along z, for the label y = -1


def test_markdown_writes_partial_derivatives_and_scopes(run: RunResult) -> None:
    text = _render(run, "markdown")
    assert r"$`\frac{\partial a_{i}}{\partial z_{j}} = " in text
    assert r"\frac{\partial^2 L}{\partial z_{i} \partial z_{j}}" in text
    assert r"Constraints: $`\sum_{k=1}^{n} y_{k} = 1`$" in text
    assert f"*Scope of ∂f/∂z\\_j:* {ONLY_SOME_SIZES}" in text
    assert "counterexample: at n = 1, i = 1, j = 1, z = (" in text


def test_the_ci_formats_give_the_point_in_every_variable_and_the_scope(run: RunResult) -> None:
    for name in ("junit", "github"):
        text = _render(run, name)
        assert "at n = 1, i = 1, j = 1, z = (" in text and "at z = n = " not in text, name
    assert ONLY_SOME_SIZES in _render(run, "junit")


def test_latex_typesets_the_claims_and_compiles(run: RunResult, tmp_path: Path) -> None:
    text = _render(run, "latex")
    assert r"\frac{\partial L}{\partial z_{i}} = a_{i} - y_{i}" in text  # the claim as written
    assert r"a_{i} &= \frac{e^{z_{i}}}{\sum_{k=1}^{n} e^{z_{k}}}" in text
    assert r"&\text{with } \sum_{k=1}^{n} y_{k} = 1" in text
    assert ONLY_SOME_SIZES in text
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    (tmp_path / "proofs.tex").write_text(text, encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "proofs.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-2000:]


def test_the_one_line_summary_of_a_proof_for_some_sizes_says_so(run: RunResult) -> None:
    stream = io.StringIO()
    reporter("rich", color=False, width=200).render(run, stream)  # proved specs get one line each
    line = next(line for line in stream.getvalue().splitlines() if "relu_of_sum" in line)
    following = stream.getvalue().splitlines()[stream.getvalue().splitlines().index(line) + 1]
    assert f"∂f/∂z_j: each n = 1..6: per-branch (exp-rational normal form on each piece) ({ONLY_SOME_SIZES})" in (
        following)
    line = next(line for line in stream.getvalue().splitlines() if "PROVED" in line and " softmax " in line)
    following = stream.getvalue().splitlines()[stream.getvalue().splitlines().index(line) + 1]
    assert "∂a_i/∂z_j: sums as symbols + exp-rational normal form (for all n)" in following
