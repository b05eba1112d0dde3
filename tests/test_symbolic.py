"""Exact proofs of claimed derivatives: normal form, per-branch, simplify, and false claims left unproved."""

from __future__ import annotations

import time
from unittest import mock

import pytest
import sympy
from sympy import Interval, Max, Piecewise, Rational, Symbol, exp, log, oo, sqrt, tanh

from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.normal_form import exp_rational_normal_form
from derivcheck.engine.prove.symbolic import NORMAL_FORM, ProofAttempt, difference, prove_zero

z = Symbol("z", real=True)
a = Symbol("a", real=True)
alpha = Symbol("alpha", positive=True)
SIGMOID = 1 / (1 + exp(-z))
PAST = -1.0  # a deadline already gone: no simplify


def problem(g: sympy.Expr, **kwargs: object) -> Problem:
    return Problem(z=kwargs.pop("z", z), a=a, g=g, **kwargs)  # type: ignore[arg-type]


def prove(g: sympy.Expr, claimed: sympy.Expr, **kwargs: object) -> ProofAttempt:
    p = problem(g)
    return prove_zero(p, sympy.diff(g, z), claimed, **kwargs)  # type: ignore[arg-type]


def test_difference_substitutes_output() -> None:
    assert difference(problem(z**2), 2 * z, a + 1) == z**2 + 1 - 2 * z


def test_sigmoid_derivative_by_normal_form() -> None:
    attempt = prove(SIGMOID, a * (1 - a), deadline=PAST)
    assert attempt == ProofAttempt(True, NORMAL_FORM, attempt.detail)


def test_tanh_derivative_in_terms_of_output() -> None:
    attempt = prove(tanh(z), 1 - a**2, deadline=PAST)
    assert attempt.proved and attempt.method == NORMAL_FORM


def test_tanh_identity_from_the_notes() -> None:
    assert exp_rational_normal_form(1 - tanh(z) ** 2 - 4 / (exp(z) + exp(-z)) ** 2, z) == 0


@pytest.mark.parametrize("claimed", [
    a * (1 - a) * (1 - 2 * a),
    exp(-z) * (exp(-z) - 1) / (1 + exp(-z)) ** 3,
    (exp(-2 * z) - exp(-z)) / (1 + exp(-z)) ** 3,
])
def test_sigmoid_second_derivative(claimed: sympy.Expr) -> None:
    attempt = prove_zero(problem(SIGMOID), sympy.diff(SIGMOID, z, 2), claimed, deadline=PAST)
    assert attempt.proved and attempt.method == NORMAL_FORM


def test_false_second_derivative_not_proved() -> None:
    attempt = prove_zero(problem(SIGMOID), sympy.diff(SIGMOID, z, 2), a * (1 - a) * (1 + 2 * a))
    assert not attempt.proved


def test_mish_claim_by_normal_form_without_simplify() -> None:
    g = z * tanh(log(1 + exp(z)))
    w = 4 * (z + 1) + 4 * exp(2 * z) + exp(3 * z) + exp(z) * (4 * z + 6)
    d = 2 * exp(z) + exp(2 * z) + 2
    started = time.monotonic()
    with mock.patch("sympy.simplify", side_effect=AssertionError("simplify was called")):
        attempt = prove(g, exp(z) * w / d**2)
    assert time.monotonic() - started < 1.0
    assert attempt.proved and attempt.method == NORMAL_FORM


@pytest.mark.parametrize("claimed", [a * (1 + a), 1 - a, a * (1 - a) + Rational(1, 10**6)])
def test_false_sigmoid_claims_not_proved(claimed: sympy.Expr) -> None:
    attempt = prove(SIGMOID, claimed)
    assert not attempt.proved
    assert attempt.method is None and attempt.detail


def test_sqrt_of_square_is_not_z_on_the_reals() -> None:
    assert not prove_zero(problem(z), sqrt(z**2), z).proved


def test_sqrt_of_square_is_z_for_positive_z() -> None:
    zp = Symbol("z", positive=True)
    p = Problem(z=zp, a=a, g=zp, interval=Interval.open(0, oo))
    assert prove_zero(p, sqrt(zp**2), zp).proved


def test_relu_per_branch() -> None:
    attempt = prove(Max(0, z), Piecewise((0, z < 0), (1, z > 0)), deadline=PAST)
    assert attempt.proved
    assert attempt.method == "per-branch (exp-rational normal form on each piece)"
    assert "z < 0" in attempt.detail and "z > 0" in attempt.detail


def test_relu_wrong_slope_not_proved() -> None:
    attempt = prove(Max(0, z), Piecewise((0, z < 0), (2, z > 0)))
    assert not attempt.proved
    assert "z > 0" in attempt.detail


def test_relu_value_at_kink_does_not_matter() -> None:
    # >= vs > and Heaviside(0) = 1/2 only differ at the breakpoint, which the kink analysis owns.
    assert prove(Max(0, z), Piecewise((0, z <= 0), (1, True)), deadline=PAST).proved


def test_leaky_relu_by_values() -> None:
    g = Max(alpha * z, z)
    p = problem(g, parameters={alpha: Rational(1, 100)})
    claimed = Piecewise((alpha, z < 0), (1, z > 0))
    values = prove_zero(p, sympy.diff(g, z), claimed, parameters="values")
    assert values.proved and values.method is not None and values.method.startswith("per-branch")
    # For every alpha > 0 the claim is false (alpha > 1 swaps the branches), so it must not be proved.
    assert not prove_zero(p, sympy.diff(g, z), claimed, parameters="symbolic").proved


def test_leaky_relu_symbolic_with_valid_claim_for_all_alpha() -> None:
    g = Max(alpha * z, z)
    p = problem(g, parameters={alpha: Rational(1, 100)})
    claimed = alpha * sympy.Heaviside((alpha - 1) * z) + sympy.Heaviside((1 - alpha) * z)
    assert prove_zero(p, sympy.diff(g, z), claimed).proved


def test_softshrink_per_branch_with_symbolic_breakpoints() -> None:
    lam = Symbol("lambda", positive=True)
    g = Piecewise((z - lam, z > lam), (z + lam, z < -lam), (0, True))
    p = problem(g, parameters={lam: Rational(1, 2)})
    claimed = Piecewise((1, sympy.Abs(z) > lam), (0, True))
    attempt = prove_zero(p, sympy.diff(g, z), claimed, deadline=PAST)
    assert attempt.proved
    assert "z < -lambda" in attempt.detail and "z > lambda" in attempt.detail
    wrong = Piecewise((1, z > lam), (0, True))
    assert not prove_zero(p, sympy.diff(g, z), wrong).proved


def test_abs_second_derivative_is_zero_off_the_kink() -> None:
    p = problem(sympy.Abs(z))
    attempt = prove_zero(p, sympy.diff(sympy.Abs(z), z, 2), sympy.S.Zero, deadline=PAST)
    assert attempt.proved and "per-branch" in str(attempt.method)


def test_log_derivative_on_positive_half_line() -> None:
    zp = Symbol("z", positive=True)
    p = Problem(z=zp, a=a, g=log(zp), interval=Interval.open(0, oo))
    assert prove_zero(p, sympy.diff(log(zp), zp), 1 / zp, deadline=PAST).proved


def test_atanh_derivative() -> None:
    p = Problem(z=z, a=a, g=sympy.atanh(z), interval=Interval.open(-1, 1))
    assert prove_zero(p, sympy.diff(sympy.atanh(z), z), 1 / (1 - z**2), deadline=PAST).proved


def test_simplify_used_for_trig_when_time_allows() -> None:
    p = problem(sympy.sin(z))
    truth = sympy.diff(sympy.sin(z) ** 2, z)
    assert not prove_zero(p, truth, sympy.sin(2 * z), deadline=PAST).proved
    attempt = prove_zero(p, truth, sympy.sin(2 * z))
    assert attempt.proved and attempt.method == "simplify"


def test_simplify_failure_is_reported_not_proved() -> None:
    p = problem(sympy.sin(z))
    with mock.patch("sympy.simplify", side_effect=RecursionError):
        attempt = prove_zero(p, sympy.cos(z), sympy.cos(z) + sympy.sin(z) ** 2 + sympy.cos(z) ** 2 - 1)
    assert not attempt.proved
    assert "RecursionError" in attempt.detail


def test_bad_parameters_mode_rejected() -> None:
    with pytest.raises(ValueError, match="parameters"):
        prove_zero(problem(z), sympy.S.One, sympy.S.One, parameters="numbers")


def test_normal_form_handles_fractional_exponentials() -> None:
    assert exp_rational_normal_form(sqrt(exp(z)) * exp(z / 3) - exp(5 * z / 6), z) == 0
    root = sqrt(exp(2 * z) + 1)
    assert exp_rational_normal_form(root**3 - (exp(2 * z) + 1) * sqrt(1 + exp(2 * z)), z) == 0


def test_normal_form_abstraction_is_not_fooled() -> None:
    # Opaque symbols are shared only by equal subexpressions: erf(z) and erf(2z) stay apart.
    assert exp_rational_normal_form(sympy.erf(z) - sympy.erf(2 * z), z) != 0
    assert exp_rational_normal_form(log(exp(z) + 1) - z, z) != 0
