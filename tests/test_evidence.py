"""Spot checks that never lie: hard values computed or marked "not computed (why)", never "undefined"; branch
points of the formula where g is differentiable agree; float64 follows the claim as written; a claim past
its budget keeps its text and its evidence."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from conftest import SPECS, run_files

from derivcheck.engine.prove import decide as decide_module
from derivcheck.results.checks import Check, CheckKind, RunResult, SpotCheck, Unfinished, Verdict
from derivcheck.run.verify import VerifyOptions, verify_sources
from derivcheck.spec.sources import SpecSource

CORPUS = Path(__file__).resolve().parent / "corpus"

LOCAL: dict[str, str] = {
    "pole": "function: 1/z\nderivative: -1/z**2\npoints: [0, 2]",
    "step": "function: Piecewise((0, z < 0), (1, True))\nderivative: 0\nat: {0: 0}",
    "relu": "function: Max(z, 0)\nderivative: Piecewise((0, z < 0), (1, z > 0))\nat: {0: 0}",
    "log1p_written": "function: log(1 + exp(z))\nderivative: 1/(1 + exp(-z))\npoints: [-100, 0]\n"
                     "identities:\n  - lhs: log(1 + exp(z))\n    rhs: log1p(exp(z))",
}


@pytest.fixture(scope="module")
def evidence_run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    folder = tmp_path_factory.mktemp("evidence")
    paths = [SPECS / "tanhexp.yaml", SPECS / "gelu_tanh.yaml", CORPUS / "pytorch-elu.yaml",
             CORPUS / "tf-softsign.yaml", CORPUS / "jax-gelu.yaml"]
    for name, body in LOCAL.items():
        path = folder / f"{name}.yaml"
        path.write_text(f"name: {name}\n{body}\n", encoding="utf-8")
        paths.append(path)
    return run_files(*paths)


def rows(run: RunResult, name: str, kind: CheckKind = CheckKind.DERIVATIVE) -> dict[str, SpotCheck]:
    (spec,) = [s for s in run.specs if s.name == name]
    (check,) = [c for c in spec.checks if c.kind is kind]
    return {row.point: row for row in check.evidence}


@pytest.mark.parametrize(("name", "point"), [("tanhexp", "10"), ("gelu_tanh", "100"), ("jax-gelu", "100")])
def test_hard_values_are_computed(evidence_run: RunResult, name: str, point: str) -> None:
    # tanh of a large argument cancels thousands of digits in 1 - tanh(x)**2: once shown as "undefined".
    row = rows(evidence_run, name)[point]
    assert (row.truth, row.claimed, row.finite_difference) == ("1", "1", "1")
    assert row.agree


def test_values_out_of_reach_say_why(evidence_run: RunResult) -> None:
    far = rows(evidence_run, "tanhexp")["100"]  # tanh(exp(100)): 10**43 digits cancel
    assert far.truth.startswith("not computed (") and far.claimed.startswith("not computed (")
    assert not far.agree
    second = rows(evidence_run, "tanhexp", CheckKind.SECOND_DERIVATIVE)["10"]
    assert second.truth == second.claimed == "-4.404197278044888e-19122"


def test_undefined_means_no_value(evidence_run: RunResult) -> None:
    at_pole = rows(evidence_run, "pole")["0"]
    assert at_pole.truth == at_pole.claimed == "undefined"


@pytest.mark.parametrize("name", ["pytorch-elu", "tf-softsign"])
def test_a_branch_point_of_the_formula_where_g_is_differentiable_agrees(evidence_run: RunResult, name: str) -> None:
    zero = rows(evidence_run, name)["0"]
    assert (zero.truth, zero.claimed, zero.agree) == ("1", "1", True)
    assert "branch point of the formula; both sides give this value" in zero.note


def test_a_kink_stays_a_branch_point(evidence_run: RunResult) -> None:
    zero = rows(evidence_run, "relu")["0"]
    assert zero.truth == "branch point" and not zero.agree
    assert "kink of g: left g' 0, right g' 1" in zero.note


def test_no_finite_difference_across_a_jump(evidence_run: RunResult) -> None:
    zero = rows(evidence_run, "step")["0"]
    assert zero.finite_difference == "n/a"  # it was 5e+19, the jump divided by 2h
    assert "g jumps" in zero.note


def test_float64_computes_framework_routines_as_written(evidence_run: RunResult) -> None:
    # log1p(exp(-100)) is 3.7e-44 in float64; log(1 + exp(-100)) would be 0.0.
    far = rows(evidence_run, "log1p_written", CheckKind.IDENTITY)["-100"]
    assert far.float64 == "3.720075976020836e-44" and far.float64_ok


def _one_claim(spec: Path, timeout: float) -> Check:
    run = verify_sources([SpecSource(spec, spec.name)], VerifyOptions(timeout=timeout, jobs=1))
    (check,) = [c for c in run.specs[0].checks if c.kind is CheckKind.DERIVATIVE]
    return check


def test_a_claim_past_its_budget_keeps_its_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(60)

    monkeypatch.setattr(decide_module, "spot_checks", slow)  # the forked worker inherits the patch
    spec = tmp_path / "slow.yaml"
    spec.write_text("name: slow\nfunction: tanh(z)\nderivative: 1 - a**2\n", encoding="utf-8")
    check = _one_claim(spec, timeout=2)
    assert (check.verdict, check.unfinished) == (Verdict.UNDECIDED, Unfinished.TIME)
    assert check.claim is not None and check.claim.text == "1 - a**2"
    assert check.truth is not None


def test_a_claim_past_its_budget_keeps_its_spot_checks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(60)

    monkeypatch.setattr(decide_module, "prove_zero", slow)
    spec = tmp_path / "slow.yaml"
    spec.write_text("name: slow\nfunction: tanh(z)\nderivative: 1 - a**2\n", encoding="utf-8")
    check = _one_claim(spec, timeout=4)
    assert (check.verdict, check.unfinished) == (Verdict.UNDECIDED, Unfinished.TIME)
    assert check.claim is not None and [row.point for row in check.evidence] == ["0", "10", "-10", "100"]
