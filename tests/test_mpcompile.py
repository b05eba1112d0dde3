"""The compiled mpmath evaluator and exact rational conditions: same values and guards as a tree walk."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
import sympy

from derivcheck.engine.numbers import evaluate as evaluate_module
from derivcheck.engine.numbers.evaluate import evaluate, format_number
from derivcheck.engine.numbers.exact_rational import exact_condition, rational_function
from derivcheck.engine.numbers.mpbasics import Lost, OutOfRange, Undefined
from derivcheck.engine.numbers.mpcompile import compiled, mp_value
from derivcheck.engine.problem import Problem

z = sympy.Symbol("z", real=True)
a = sympy.Symbol("a", real=True)
SIGMOID = 1 / (1 + sympy.exp(-z))
POINTS = [sympy.Rational(-411, 43), sympy.Rational(-1, 3), sympy.Integer(0), sympy.Rational(37, 29),
          sympy.Integer(10)]

EXPRESSIONS = [
    SIGMOID * (1 - SIGMOID),
    sympy.diff(z * sympy.tanh(sympy.log(1 + sympy.exp(z))), z, 2),
    z / 2 * (1 + sympy.erf(z / sympy.sqrt(2))),
    sympy.sqrt(z**2 + 4) / 2 + sympy.atan(z) * sympy.pi,
    (z**3 - 2 * z) / (z**2 + 1) ** 2 + sympy.cos(3 * z) * sympy.exp(-(z**2) / 2),
    sympy.Max(z / 100, z) + sympy.Abs(z - sympy.Rational(1, 3)) + sympy.Heaviside(z) + sympy.sign(z - 1),
    sympy.Piecewise((z**2, z < -1), (sympy.sin(z), z <= 2), (sympy.log(z), True)),
]


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=range(len(EXPRESSIONS)))
def test_compiled_values_match_sympy_evalf(expr: sympy.Expr) -> None:
    for point in POINTS:
        exact = expr.xreplace({z: point}).evalf(60)
        value = mp_value(expr, z, point, 50)
        with mpmath.workdps(60):
            assert abs(value - mpmath.mpf(exact._mpf_ if exact.is_Float else int(exact))) <= (
                mpmath.mpf(10) ** -45 * max(1, abs(value))), (expr, point)


def test_compiled_form_is_reused_and_precision_follows_the_call() -> None:
    assert compiled(SIGMOID, z) is compiled(SIGMOID, z)
    low, high = mp_value(sympy.pi * z, z, sympy.Integer(1), 20), mp_value(sympy.pi * z, z, sympy.Integer(1), 80)
    with mpmath.workdps(100):
        assert abs(high - mpmath.pi) < mpmath.mpf(10) ** -75
        assert mpmath.mpf(10) ** -30 < abs(low - mpmath.pi) < mpmath.mpf(10) ** -15


@pytest.mark.parametrize(
    ("expr", "point", "error"),
    [
        (sympy.log(z), -1, Undefined),
        (1 / z, 0, Undefined),
        (sympy.sqrt(z), -2, Undefined),
        (sympy.exp(sympy.exp(sympy.exp(z))), 20, OutOfRange),
        (z * 0 + a, 1, Undefined),  # a free symbol has no value
        (sympy.Piecewise((1, z < 0), (2, z > 0)), 0, Undefined),  # no branch applies
        (1 - SIGMOID, 1000, Lost),  # every significant digit cancels at 30 digits
    ],
)
def test_guards_raise_as_before(expr: sympy.Expr, point: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        mp_value(expr, z, sympy.Integer(point), 30)


def test_a_shared_subexpression_is_computed_once_per_evaluation() -> None:
    calls = []
    original = mpmath.exp

    def counting(x: object) -> object:
        calls.append(x)
        return original(x)

    expr = SIGMOID * (1 - SIGMOID) * (1 + SIGMOID)
    form = compiled(expr, z)
    mpmath_exp, mpmath.exp = mpmath.exp, counting
    try:
        form.value(sympy.Rational(1, 3), 30)
    finally:
        mpmath.exp = mpmath_exp
    assert len(calls) == 1


def test_irrational_points_are_evaluated_like_expressions() -> None:
    value = mp_value(z**2, z, sympy.sqrt(2), 40)
    assert abs(value - 2) < mpmath.mpf(10) ** -35


def test_rational_functions_and_conditions_are_exact() -> None:
    f = rational_function((z**2 - 1) / (z - 3) + sympy.Rational(1, 7), z)
    assert f is not None and f(Fraction(1, 2)) == Fraction(-3, 4) / Fraction(-5, 2) + Fraction(1, 7)
    assert rational_function(sympy.exp(z), z) is None
    assert rational_function(z**1000, z) is None  # left to sympy, whose size guards apply
    inside = exact_condition(sympy.And(z > -1, z <= sympy.Rational(1, 3)), z)
    assert inside is not None
    assert inside(Fraction(1, 3)) and not inside(Fraction(1, 3) + Fraction(1, 10**40)) and not inside(Fraction(-1))
    assert exact_condition(sympy.Or(z < 0, sympy.Eq(z, 2)), z) is not None
    assert exact_condition(sympy.exp(z) > 2, z) is None


def test_conditions_outside_the_fast_path_are_still_exact() -> None:
    problem = Problem(z=z, a=a, g=z)
    # exp(z) > 1 is not rational in z: sympy decides it on the exact point, as before.
    step = sympy.Piecewise((0, sympy.exp(z) - 1 <= 0), (1, True))
    assert evaluate(step, problem, sympy.Integer(0), 30) == 0
    assert evaluate(step, problem, sympy.Rational(1, 10**40), 30) == 1


def test_cancellation_is_resolved_by_rising_precision_not_by_evalf(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_evalf(*args: object) -> None:
        raise AssertionError("evalf should not be needed")

    monkeypatch.setattr(evaluate_module, "strict_evalf", no_evalf)
    # 1 - sigmoid(100) cancels 43 digits; a third, higher precision recovers the value.
    value = evaluate(a * (1 - a), Problem(z=z, a=a, g=SIGMOID), sympy.Integer(100), 40)
    with mpmath.workdps(80):
        truth = mpmath.exp(-100) / (1 + mpmath.exp(-100)) ** 2
        assert value is not None and abs(value - truth) < truth * mpmath.mpf(10) ** -35
    # Where even the highest precision cancels away, a sampled point has no value (and no slow evalf either).
    assert evaluate(a * (1 - a), Problem(z=z, a=a, g=SIGMOID), sympy.Integer(5000), 20, patient=False) is None


def test_a_spot_point_past_every_precision_still_gets_its_value_from_evalf() -> None:
    gelu = Problem(z=z, a=a, g=z / 2 * (1 + sympy.erf(z / sympy.sqrt(2))))
    truth = sympy.diff(gelu.g, z)  # (1 + erf(z/sqrt(2)))/2 + ...: 1 + erf(-28.28...) cancels 346 digits
    assert evaluate(truth, gelu, sympy.Integer(-40), 20, patient=False) is None
    value = evaluate(truth, gelu, sympy.Integer(-40), 20)
    assert value is not None and format_number(value).startswith("-5.84942510981229")
