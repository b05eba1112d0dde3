"""The exact zero test of rational expressions, and the exp-rational normal form built on it."""

from __future__ import annotations

import random

import pytest
import sympy
from sympy import Rational, exp, sqrt

from derivcheck.engine.prove.normal_form import exp_rational_normal_form, exp_rational_zero
from derivcheck.engine.prove.rational_zero import rational_zero

x, y, t = sympy.symbols("x y t")
z = sympy.Symbol("z", real=True)
alpha = sympy.Symbol("alpha", positive=True)
w = sympy.Symbol("w")  # no assumptions: exp(w) need not be positive


def _random_rational(rng: random.Random, depth: int) -> sympy.Expr:
    if depth == 0:
        return rng.choice([x, y, t, Rational(rng.randint(-3, 3), rng.randint(1, 3))])
    pick = rng.random()
    left, right = _random_rational(rng, depth - 1), _random_rational(rng, depth - 1)
    if pick < 0.4:
        return left + right
    if pick < 0.8:
        return left * right
    return left ** rng.choice([-2, -1, 2, 3])


def test_agrees_with_sympy_cancel_on_random_expressions() -> None:
    rng = random.Random(5)
    checked = 0
    for _ in range(150):
        e = _random_rational(rng, 4)
        f = e - sympy.together(e) if rng.random() < 0.5 else e - sympy.expand(e) + rng.choice([0, 0, x])
        zero = rational_zero(f)
        if zero is None:  # a division by the zero polynomial somewhere
            continue
        assert zero == (sympy.cancel(f) == 0), f
        checked += 1
    assert checked > 100


def test_simple_cases() -> None:
    assert rational_zero(x / (1 + x) + 1 / (1 + x) - 1) is True
    assert rational_zero(x / (1 + x) - 1) is False
    assert rational_zero(sympy.pi * x - x * sympy.pi) is True  # constants are symbols too
    assert rational_zero(sympy.Integer(0)) is True
    assert rational_zero(sympy.sin(x) - sympy.sin(x) + 1) is False


@pytest.mark.parametrize("expr", [sympy.sin(x) + x, sympy.I * x, sympy.Float(0.5) * x,
                                  1 / (x - x + sympy.Symbol("u") * 0)])
def test_not_a_rational_expression(expr: sympy.Expr) -> None:
    assert rational_zero(expr) is None


def test_exponentials_of_real_monomials_share_one_symbol() -> None:
    # soft clipping: exp(alpha*z) and exp(-alpha*(z - 1)) are powers of exp(alpha*z) times exp(alpha).
    left = 1 / (1 + exp(-alpha * z)) - 1 / (1 + exp(-alpha * (z - 1)))
    right = exp(alpha * z) / (1 + exp(alpha * z)) - exp(alpha * (z - 1)) / (1 + exp(alpha * (z - 1)))
    assert exp_rational_zero(left - right, z) is True
    assert exp_rational_zero(exp(-(z**2) / 2) ** 2 - exp(-(z**2)), z) is True


def test_exponentials_are_not_confused() -> None:
    assert exp_rational_zero(exp(z**2) - exp(z) ** 2, z) is False
    assert exp_rational_zero(exp(alpha * z) - exp(2 * z), z) is False
    assert exp_rational_zero(exp(alpha * z) * exp(-z) - exp((alpha - 1) * z), z) is True  # a true one
    # Without a real exponent, exp(w)**(1/2) is not exp(w/2) in general: no shared symbol, no proof.
    assert exp_rational_zero(sqrt(exp(w)) - exp(w / 2), z) is False


def test_powers_of_roots_are_reduced() -> None:
    root = sqrt(z**2 + 1)
    assert exp_rational_zero((z**2 + 1) ** Rational(3, 2) - (z**2 + 1) * root, z) is True
    assert exp_rational_zero((z**2 + 1) ** Rational(-3, 2) - 1 / ((z**2 + 1) * root), z) is True
    # The unreduced form is what cancels here: both are tried.
    assert exp_rational_zero(z / root - z * root / (z**2 + 1), z) is True
    assert exp_rational_zero(root - (z**2 + 1), z) is False
    assert exp_rational_zero(sqrt(z**2) - z, z) is False  # sqrt(z**2) is |z| on the reals


def test_agrees_with_the_normal_form_it_replaces() -> None:
    sigmoid = 1 / (1 + exp(-z))
    for expr in (sympy.diff(sigmoid, z) - sigmoid * (1 - sigmoid), 1 - sympy.tanh(z) ** 2 - 4 / (exp(z) + exp(-z)) ** 2,
                 sympy.erf(z) - sympy.erf(2 * z), sympy.log(exp(z) + 1) - z):
        assert exp_rational_zero(expr, z) == (exp_rational_normal_form(expr, z) == 0)


def test_erfc_is_one_minus_erf() -> None:
    assert exp_rational_zero(1 - sympy.erf(z) - sympy.erfc(z), z) is True
    assert exp_rational_zero(sympy.erfc(-z / sqrt(2)) - 1 - sympy.erf(z / sqrt(2)), z) is True  # erf is odd
    assert exp_rational_zero(sympy.erfc(z) - sympy.erf(z), z) is False
