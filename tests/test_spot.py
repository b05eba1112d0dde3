"""Unit tests of the spot-check table and the float64 evaluator behind it."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from derivcheck.engine.numbers.evaluate import format_number
from derivcheck.engine.numbers.float64 import Unsupported, float64_value
from derivcheck.engine.numbers.points import default_points
from derivcheck.engine.numbers.spot import central_difference, spot_checks
from derivcheck.engine.problem import Problem

z = sympy.Symbol("z", real=True)
a = sympy.Symbol("a", real=True)
SIGMOID = 1 / (1 + sympy.exp(-z))


def sigmoid_rows(claim: sympy.Expr) -> dict[str, object]:
    problem = Problem(z=z, a=a, g=SIGMOID)
    rows = spot_checks(problem, sympy.diff(SIGMOID, z), claim, default_points(problem))
    return {row.point: row for row in rows}


def test_sigmoid_output_form_loses_the_value_in_float64_at_100() -> None:
    rows = sigmoid_rows(a * (1 - a))
    assert list(rows) == ["0", "10", "-10", "100"]
    far = rows["100"]
    assert far.truth == far.claimed == "3.720075976020836e-44"
    assert far.agree
    assert far.finite_difference == far.truth  # the independent witness agrees with the truth
    assert far.float64 == "0"
    assert not far.float64_ok
    assert far.note == "float64 gives 0.0; true value 3.7e-44"


def test_sigmoid_rows_that_keep_their_value() -> None:
    rows = sigmoid_rows(a * (1 - a))
    zero = rows["0"]
    assert (zero.truth, zero.claimed, zero.finite_difference, zero.float64) == ("0.25",) * 4
    assert zero.agree and zero.float64_ok and zero.note == ""
    ten = rows["10"]
    assert ten.truth == ten.finite_difference == "4.5395807735951671e-5"
    assert ten.float64_ok and ten.float64 != ten.truth  # float64 rounding, well inside the tolerance


def test_the_exp_form_keeps_the_value_in_float64() -> None:
    far = sigmoid_rows(sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2)["100"]
    assert far.float64_ok
    assert float(far.float64) == pytest.approx(3.720075976020836e-44, rel=1e-12)


def test_a_wrong_claim_disagrees() -> None:
    zero = sigmoid_rows(a * (1 + a))["0"]
    assert zero.truth == "0.25" and zero.claimed == "0.75"
    assert not zero.agree
    assert zero.float64_ok  # float64 computes the (wrong) claim faithfully
    assert "differs" in zero.note


def test_tanh_at_100() -> None:
    problem = Problem(z=z, a=a, g=sympy.tanh(z))
    (row,) = spot_checks(problem, sympy.diff(problem.g, z), 1 - a**2, [sympy.Integer(100)])
    assert row.agree and not row.float64_ok
    assert row.truth.endswith("e-87")
    assert row.note.startswith("float64 gives 0.0; true value 5.5e-87")


def test_relu_at_the_kink() -> None:
    problem = Problem(z=z, a=a, g=sympy.Max(0, z))
    claim = sympy.Piecewise((0, z < 0), (1, z > 0))
    rows = spot_checks(problem, sympy.diff(problem.g, z), claim, [sympy.Integer(0), sympy.Integer(-10)])
    kink, left = rows
    assert kink.truth == "branch point"  # never sympy's Heaviside(0) = 1/2
    assert kink.claimed == "undefined"
    assert kink.finite_difference == "0.5"
    assert "branch point" in kink.note
    assert left.truth == left.claimed == left.float64 == "0" and left.agree and left.float64_ok


def test_parameters_take_their_values() -> None:
    alpha = sympy.Symbol("alpha", positive=True)
    problem = Problem(z=z, a=a, g=sympy.Max(alpha * z, z), parameters={alpha: sympy.Rational(1, 100)})
    claim = sympy.Piecewise((alpha, z < 0), (1, True))
    (row,) = spot_checks(problem, sympy.diff(problem.g, z), claim, [sympy.Integer(-10)])
    assert row.truth == row.claimed == row.float64 == row.finite_difference == "0.01"


def test_unsupported_float64_operation_is_not_applicable() -> None:
    problem = Problem(z=z, a=a, g=sympy.besselj(0, z))
    (row,) = spot_checks(problem, sympy.diff(problem.g, z), -sympy.besselj(1, z), [sympy.Integer(2)])
    assert row.agree
    assert row.float64 == "n/a"
    assert "besselj" in row.note


def test_values_too_large_to_evaluate() -> None:
    g = sympy.exp(sympy.exp(sympy.exp(sympy.exp(z))))
    problem = Problem(z=z, a=a, g=g)
    (row,) = spot_checks(problem, sympy.diff(g, z), sympy.diff(g, z), [sympy.Integer(100)])
    assert row.truth == row.claimed == "too large"
    assert not row.agree


def test_central_difference_is_accurate() -> None:
    problem = Problem(z=z, a=a, g=sympy.sin(z))
    value = central_difference(problem, sympy.Rational(1, 3))
    assert value is not None
    assert format_number(value) == format_number(sympy.cos(sympy.Rational(1, 3)).evalf(30))


# --- float64 evaluator ------------------------------------------------------------------------------------


def test_float64_follows_the_expression_as_written() -> None:
    env = {z: 100.0}
    assert float64_value(SIGMOID, env) == 1.0
    assert float64_value(a * (1 - a), {a: 1.0}) == 0.0
    assert float64_value(sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2, env) == pytest.approx(math.exp(-100))


def test_float64_overflow_and_domain_errors_are_ieee() -> None:
    assert float64_value(sympy.exp(z), {z: 1000.0}) == np.inf
    assert np.isnan(float64_value(sympy.log(z), {z: -1.0}))
    assert float64_value(1 / z, {z: 0.0}) == np.inf
    assert np.isnan(float64_value(sympy.gamma(z), {z: -1.0}))


def test_float64_branches() -> None:
    step = sympy.Piecewise((0, z < 0), (1, True))
    assert float64_value(step, {z: -1e-300}) == 0.0
    assert float64_value(step, {z: 0.0}) == 1.0
    assert float64_value(sympy.Heaviside(z), {z: 0.0}) == 0.5
    assert float64_value(sympy.Max(0, z, z / 2), {z: 3.0}) == 3.0
    assert float64_value(sympy.Abs(z) + sympy.sign(z), {z: -2.0}) == 1.0
    both = sympy.Piecewise((1, (z > 0) & (z < 1)), (2, True))
    assert float64_value(both, {z: 0.5}) == 1.0
    assert float64_value(sympy.erf(z), {z: 1.0}) == pytest.approx(math.erf(1.0))


def test_float64_unsupported() -> None:
    with pytest.raises(Unsupported, match="besselj"):
        float64_value(sympy.besselj(0, z), {z: 1.0})


def test_second_derivative_rows_difference_the_first_derivative() -> None:
    problem = Problem(z=z, a=a, g=SIGMOID)
    first = sympy.diff(SIGMOID, z)
    second = sympy.diff(SIGMOID, z, 2)
    (row,) = spot_checks(problem, second, a * (1 - a) * (1 - 2 * a), [sympy.Integer(10)], witness=first)
    assert row.agree
    assert row.finite_difference == row.truth == "-4.5391685990113196e-5"


def test_identity_rows_have_no_finite_difference() -> None:
    problem = Problem(z=z, a=a, g=sympy.tanh(z))
    lhs, rhs = 1 - sympy.tanh(z) ** 2, 4 / (sympy.exp(z) + sympy.exp(-z)) ** 2
    (row,) = spot_checks(problem, lhs, rhs, [sympy.Integer(1)], finite_difference=False)
    assert row.agree and row.finite_difference == "n/a"
