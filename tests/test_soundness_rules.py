"""The rules behind PROVED, as behaviour: a wrong symbolic zero is never a zero nor a proof, and an exact argument
needs CONFIRMING_POINTS agreeing points; the rules hold for a claim's verdict and for a hint's sameness alike.

(Certification at two precisions, the other half of the funnel, is tested in tests/test_search_soundness.py.)
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import sympy
from sympy.core.evalf import PrecisionExhausted

from derivcheck.engine.explain.sameness import Comparer
from derivcheck.engine.kinks.declared import DeclaredValue, check_declared
from derivcheck.engine.kinks.point import PointAnalysis
from derivcheck.engine.numbers import certify as certify_module
from derivcheck.engine.numbers.evaluate import AGREE_DIGITS
from derivcheck.engine.numbers.exact_sign import same_point, sign
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove import decide as decide_module
from derivcheck.engine.prove.decide import CONFIRMING_POINTS, decide
from derivcheck.engine.prove.symbolic import ProofAttempt
from derivcheck.results.checks import CheckKind, Verdict

z = sympy.Symbol("z", real=True)
a = sympy.Symbol("a", real=True)
SIGMOID = Problem(z=z, a=a, g=1 / (1 + sympy.exp(-z)))
TRUTH = sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2
NEAR_SQRT2 = sympy.Rational(14142, 10000)  # sqrt(2) to four decimals: 1.4e-5 away, plain to see in numbers


def run(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr) -> Any:
    return decide(problem, truth, claimed, kind=CheckKind.DERIVATIVE, label="g'(z)",
                  points=[sympy.Integer(0), sympy.Integer(1)], deadline=time.monotonic() + 60)


@pytest.fixture
def wrong_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    """Strict evaluation gives up and `simplify` says 0 for anything: a wrong prover (cf. sympy issue 23086)."""
    real = sympy.Expr.evalf

    def uncertain(self: sympy.Expr, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("strict"):
            raise PrecisionExhausted("no certain digits (simulated)")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(sympy.Expr, "evalf", uncertain)
    monkeypatch.setattr(sympy, "simplify", lambda expr, *args, **kwargs: sympy.S.Zero)


# --- a symbolic zero needs the numbers ---------------------------------------------------------------------

@pytest.mark.usefixtures("wrong_zero")
def test_a_wrong_symbolic_zero_the_numbers_contradict_is_no_zero() -> None:
    assert sign(sympy.sqrt(2) - NEAR_SQRT2) is None  # unknown, never 0
    assert not same_point(sympy.sqrt(2), NEAR_SQRT2)
    # The guard is numeric, not a refusal: a true zero that sympy cannot certify is still a zero.
    assert sign(sympy.sin(sympy.pi / 7) ** 2 + sympy.cos(sympy.pi / 7) ** 2 - 1) == 0


@pytest.mark.usefixtures("wrong_zero")
def test_a_declared_value_a_wrong_zero_would_accept_is_not_proved() -> None:
    """`at:` g'(0) = 1.4142 where g' = sqrt(2): a wrong zero of the difference must not prove it."""
    problem = Problem(z=z, a=a, g=sympy.sqrt(2) * z)
    found = PointAnalysis(sympy.Integer(0), True, sympy.sqrt(2), sympy.sqrt(2), True, "differentiable",
                          derivative=sympy.sqrt(2))
    check = check_declared(problem, found, DeclaredValue(sympy.Integer(0), NEAR_SQRT2))
    assert check.verdict is Verdict.UNDECIDED, check.message


def test_a_symbolic_proof_the_numbers_contradict_is_an_internal_inconsistency(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A wrong prover and no counterexample search: the confirmation alone stands between it and PROVED."""
    monkeypatch.setattr(decide_module, "prove_zero", lambda *args, **kwargs: ProofAttempt(True, "wrong", "0"))
    monkeypatch.setattr(decide_module, "find_counterexample", lambda *args, **kwargs: None)
    check = run(SIGMOID, TRUTH, a * (1 + a))
    assert check.verdict is Verdict.ERROR and check.message.startswith("internal inconsistency")
    assert check.counterexample is not None  # the point the numbers contradict it at


def test_a_wrong_proof_never_makes_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sameness (behind every hint) decides with decide's own rules: a wrong prover yields no false "same"."""
    monkeypatch.setattr(decide_module, "prove_zero", lambda *args, **kwargs: ProofAttempt(True, "wrong", "0"))
    compare = Comparer(SIGMOID, time.monotonic() + 60)
    monkeypatch.setattr(compare, "screen", lambda left, right: True)  # let the cheap screen through too
    assert not compare.same(a * (1 + a), TRUTH)
    assert compare.same(a * (1 - a), TRUTH)


# --- PROVED needs CONFIRMING_POINTS agreeing points -----------------------------------------------------------

def only_some_points_evaluate(monkeypatch: pytest.MonkeyPatch, allowed: int) -> None:
    """The confirming evaluation has a value at the first `allowed` points it is asked about, at no others."""
    real = certify_module.evaluate
    seen: list[sympy.Expr] = []

    def evaluate(expr: sympy.Expr, problem: Problem, point: sympy.Expr, dps: int, **kwargs: Any) -> Any:
        if dps == AGREE_DIGITS:
            if point not in seen:
                seen.append(point)
            if seen.index(point) >= allowed:
                return None
        return real(expr, problem, point, dps, **kwargs)

    monkeypatch.setattr(certify_module, "evaluate", evaluate)


@pytest.mark.parametrize(("agreeing", "verdict"), [
    (CONFIRMING_POINTS - 1, Verdict.UNDECIDED),
    (CONFIRMING_POINTS, Verdict.PROVED),
])
def test_an_exact_proof_needs_every_confirming_point(
    monkeypatch: pytest.MonkeyPatch, agreeing: int, verdict: Verdict,
) -> None:
    assert CONFIRMING_POINTS == 8  # the rule the documentation states
    only_some_points_evaluate(monkeypatch, agreeing)
    check = run(SIGMOID, TRUTH, a * (1 - a))
    assert check.verdict is verdict, check.message
    if verdict is Verdict.UNDECIDED:
        assert f"only {agreeing} of {CONFIRMING_POINTS} points could confirm it" in check.message


@pytest.mark.parametrize(("agreeing", "same"), [(CONFIRMING_POINTS - 1, False), (CONFIRMING_POINTS, True)])
def test_a_hint_needs_every_confirming_point_too(monkeypatch: pytest.MonkeyPatch, agreeing: int, same: bool) -> None:
    only_some_points_evaluate(monkeypatch, agreeing)
    assert Comparer(SIGMOID, time.monotonic() + 60).same(a * (1 - a), TRUTH) is same
