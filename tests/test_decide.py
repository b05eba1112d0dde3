"""Soundness rules of a verdict: counterexamples first, a symbolic zero needs numeric confirmation."""

from __future__ import annotations

import time

import pytest
import sympy

from derivcheck.engine.problem import Problem
from derivcheck.engine.prove import decide as decide_module
from derivcheck.engine.prove.decide import decide
from derivcheck.engine.prove.symbolic import ProofAttempt
from derivcheck.results.checks import CheckKind, Verdict

z = sympy.Symbol("z", real=True)
a = sympy.Symbol("a", real=True)
SIGMOID = Problem(z=z, a=a, g=1 / (1 + sympy.exp(-z)))
POINTS = [sympy.Integer(0), sympy.Integer(10), sympy.Integer(-10), sympy.Integer(100)]


def run(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr):  # type: ignore[no-untyped-def]
    return decide(problem, truth, claimed, kind=CheckKind.DERIVATIVE, label="g'(z)", points=POINTS,
                  deadline=time.monotonic() + 30)


def test_a_true_claim_is_proved_with_method_and_evidence() -> None:
    check = run(SIGMOID, sympy.diff(SIGMOID.g, z), a * (1 - a))
    assert check.verdict is Verdict.PROVED
    assert "normal form" in (check.method or "")
    assert [row.point for row in check.evidence] == ["0", "10", "-10", "100"]
    assert all(row.agree for row in check.evidence)


def test_a_false_claim_is_refuted_at_a_certified_point() -> None:
    check = run(SIGMOID, sympy.diff(SIGMOID.g, z), a * (1 + a))
    assert check.verdict is Verdict.REFUTED
    assert check.counterexample is not None and check.counterexample.point == "0"
    assert check.counterexample.expected == "0.25" and check.counterexample.claimed == "0.75"


def test_a_symbolic_zero_the_numbers_contradict_is_an_internal_inconsistency(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A buggy strategy (like sympy issue 23086) must never turn a false claim into PROVED."""
    monkeypatch.setattr(decide_module, "prove_zero",
                        lambda *args, **kwargs: ProofAttempt(True, "buggy simplify", "returned 0"))
    monkeypatch.setattr(decide_module, "find_counterexample", lambda *args, **kwargs: None)
    check = run(SIGMOID, sympy.diff(SIGMOID.g, z), a * (1 + a))
    assert check.verdict is Verdict.ERROR
    assert "internal inconsistency" in check.message


def test_the_sympy_23086_claim_is_refuted_not_proved() -> None:
    problem = Problem(z=z, a=a, g=180 * z * sympy.acos(sympy.Rational(7823207, 7823209)) / sympy.pi)
    check = run(problem, sympy.diff(problem.g, z), sympy.Integer(0))
    assert check.verdict is Verdict.REFUTED


def test_no_proof_and_no_counterexample_is_undecided(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decide_module, "prove_zero",
                        lambda *args, **kwargs: ProofAttempt(False, None, "nothing closed it"))
    check = run(SIGMOID, sympy.diff(SIGMOID.g, z), a * (1 - a))
    assert check.verdict is Verdict.UNDECIDED
    assert "nothing closed it" in check.message
    assert check.evidence  # the spot checks are shown as evidence


def test_an_exact_proof_comes_before_the_broad_search_which_comes_before_simplify(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Order of work: spot points screened, exact normal form, then (no proof) search, then simplify."""
    calls: list[str] = []
    real_prove, real_search = decide_module.prove_zero, decide_module.find_counterexample

    def prove(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("simplify" if kwargs.get("simplify", True) else "exact")
        return real_prove(*args, **kwargs)

    def search(problem, truth, claimed, points):  # type: ignore[no-untyped-def]
        calls.append(f"search {len(points)}")
        return real_search(problem, truth, claimed, points)

    monkeypatch.setattr(decide_module, "prove_zero", prove)
    monkeypatch.setattr(decide_module, "find_counterexample", search)
    assert run(SIGMOID, sympy.diff(SIGMOID.g, z), a * (1 - a)).verdict is Verdict.PROVED
    assert calls == ["search 0", "exact"]  # the spot points agreed: nothing to screen there
    calls.clear()
    trig = Problem(z=z, a=a, g=sympy.sin(z) ** 2)
    check = run(trig, sympy.diff(trig.g, z), sympy.sin(2 * z))
    assert check.verdict is Verdict.PROVED and check.method == "simplify"
    assert calls == ["search 0", "exact", "search 16", "simplify"]


def test_a_claim_wrong_only_away_from_the_spot_points_is_refuted_by_the_search() -> None:
    problem = Problem(z=z, a=a, g=z**3)
    # Right at all four spot points (0, 10, -10, 100) and wrong between them.
    claim = 3 * z**2 + z * (z - 10) * (z + 10) * (z - 100)
    check = run(problem, sympy.diff(problem.g, z), claim)
    assert check.verdict is Verdict.REFUTED
    assert check.counterexample is not None and check.counterexample.point not in {"0", "10", "-10", "100"}
