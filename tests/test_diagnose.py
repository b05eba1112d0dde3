"""Mistake diagnosis: each kind of hint on a mutated claim, and no hint where no mistake is recognisable."""

from __future__ import annotations

import time

import pytest
import sympy
from conftest import EXAMPLES
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.engine.build import build
from derivcheck.engine.explain.diagnose import Target, diagnose
from derivcheck.engine.explain.sameness import Comparer, identify
from derivcheck.run.tasks import builtin_activations
from derivcheck.spec.load import load_spec_text


def hint(function: str, claim: str, *, order: int = 1, extra: str = "", seconds: float = 30.0) -> str | None:
    """The hint for `claim` as the order-th derivative of `function` (decided in this process)."""
    spec = load_spec_text(f"name: t\n{extra}function: {function}\nderivative: {claim}\n", "t.yaml")
    built = build(spec)
    problem = built.problem
    truth = sympy.diff(problem.g, problem.z, order)
    target = Target(truth, "g" + "'" * order + "(z)", order)
    return diagnose(problem, built.expression(spec.derivative), target, deadline=time.monotonic() + seconds,
                    others=builtin_activations)


@pytest.mark.parametrize(("function", "claim", "expected"), [
    ("sigmoid(z)", "-a*(1 - a)", "sign flipped: the claim is -g'(z)"),
    ("sigmoid(2*z)", "a*(1 - a)",
     "missing chain-rule factor 2 (the derivative of 2*z): the claim times it is g'(z)"),
    ("sigmoid(2*z)", "4*a*(1 - a)",
     "extra chain-rule factor 2 (the derivative of 2*z): the claim divided by it is g'(z)"),
    ("1/(1 + exp(-z))", "-a^2",
     "missing chain-rule factor -exp(-z) (the derivative of 1 + exp(-z)): the claim times it is g'(z)"),
    ("sigmoid(z)", "z*(1 - z)", "a and z confused: with a in place of z, the claim would equal g'(z)"),
    ("tanh(z)", "1 - z^2", "a and z confused: with a in place of z, the claim would equal g'(z)"),
    ("tanh(z)", "3*(1 - a^2)", "off by a constant factor: the claim is 3 times g'(z)"),
    ("exp(z)", "pi*a/2", "off by a constant factor: the claim is pi/2 times g'(z)"),
    ("tanh(z)", "1/2 - a^2", "off by an additive constant: the claim is g'(z) - 1/2"),
    ("sigmoid(z)", "a", "the function itself instead of its derivative: the claim equals g(z), not g'(z)"),
    ("sigmoid(z)", "softplus(z)",
     "an integral instead of the derivative: the derivative of the claim is g(z) itself"),
    ("10^z", "2.302585092994046*10^z",
     "2.302585092994046 only approximates log(10): with the exact constant, the claim would equal g'(z)"),
    ("erf(z/sqrt(2))", "0.7978845608028654*exp(-z^2/2)",
     "0.7978845608028654 only approximates sqrt(2/pi): with the exact constant, the claim would equal g'(z)"),
    ("sigmoid(z)", "1 - a^2",
     "the derivative of another activation: the claim is tanh'(z) (with a = tanh(z))"),
    ("tanh(z)", "a*(1 - a)",
     "the derivative of another activation: the claim is sigmoid'(z) (with a = sigmoid(z))"),
])
def test_each_kind_of_mistake_is_named(function: str, claim: str, expected: str) -> None:
    assert hint(function, claim) == expected


def test_second_derivatives_are_diagnosed_against_g_double_prime() -> None:
    assert hint("tanh(z)", "1 - a^2", order=2) == (
        "the first derivative instead of the second: the claim equals g'(z)")
    assert hint("tanh(z)", "2*a*(1 - a^2)", order=2) == "sign flipped: the claim is -g''(z)"


def test_parameters_are_kept_in_hints() -> None:
    claim = "Piecewise((-alpha, z < 0), (-1, z > 0))"
    assert hint("max(alpha*z, z)", claim, extra="parameters:\n  alpha: 0.01\n") == (
        "sign flipped: the claim is -g'(z)")


@pytest.mark.parametrize(("function", "claim"), [
    ("sigmoid(z)", "a*(1 - a) + z^3"),  # nothing recognisable
    ("sigmoid(z)", "a*(1 - a)"),  # not even wrong: no transformation is needed
    ("tanh(z)", "-(1 - a^2) + 10^(-14)*exp(-z^2)"),  # -g'(z) to 14 digits, yet not -g'(z)
    ("tanh(z)", "-2*a"),  # g'' with the factor (1 - a^2) lost: not a chain-rule factor of tanh(z)
    ("exp(-z^2/2)", "-0.7071067811865476*z*exp(-z^2/2)"),  # 1/sqrt(2) here would not be right either
])
def test_no_hint_without_a_recognisable_mistake(function: str, claim: str) -> None:
    assert hint(function, claim) is None


def test_no_hint_after_the_deadline() -> None:
    assert hint("sigmoid(z)", "-a*(1 - a)", seconds=-1.0) is None


def test_constants_are_identified_exactly_or_not_at_all() -> None:
    assert identify(sympy.Float(0.75, 30)) == sympy.Rational(3, 4)
    assert identify(sympy.N(3 * sympy.pi / 2, 30)) == 3 * sympy.pi / 2
    assert identify(sympy.N(2 / sympy.log(10), 30)) == 2 / sympy.log(10)
    assert identify(sympy.N(sympy.sqrt(7) * sympy.E, 30)) is None
    assert identify(0) is None


def test_the_comparer_needs_an_exact_zero_not_just_close_numbers() -> None:
    spec = load_spec_text("name: t\nfunction: tanh(z)\nderivative: 1 - a^2\n", "t.yaml")
    problem = build(spec).problem
    compare = Comparer(problem, time.monotonic() + 30)
    z, a = problem.z, problem.a
    close = 1 - a**2 + sympy.Rational(1, 10**14) * sympy.exp(-z**2)
    assert compare.screen(close, 1 - a**2)
    assert not compare.same(close, 1 - a**2)
    assert compare.same(1 - a**2, sympy.diff(problem.g, z))


def test_the_hint_is_in_the_terminal_report_and_in_json() -> None:
    path = str(EXAMPLES / "bad" / "sigmoid_scaled_missing_factor.yaml")
    runner = CliRunner()
    rich = runner.invoke(app, ["verify", path, "--no-color"], env={"COLUMNS": "200"})
    assert rich.exit_code == 1
    assert "hint: missing chain-rule factor 2 (the derivative of 2*z)" in rich.output
    data = runner.invoke(app, ["verify", path, "--format", "json"])
    assert '"hint": "missing chain-rule factor 2 (the derivative of 2*z): the claim times it is g\'(z)"' in data.output
