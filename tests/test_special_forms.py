"""The normal form relates special functions by exact rewrites, and never takes a false relation for a true one."""

from __future__ import annotations

import pytest
import sympy

from derivcheck.engine.calculus import derivative
from derivcheck.engine.prove.normal_form import exp_rational_zero
from derivcheck.engine.prove.special_forms import rewrite_special

z = sympy.Symbol("z", real=True)
alpha = sympy.Symbol("alpha", positive=True)
beta = sympy.Symbol("beta", positive=True)
K, I_, J, Y = sympy.besselk, sympy.besseli, sympy.besselj, sympy.bessely


@pytest.mark.parametrize(
    ("expr", "label"),
    [
        (derivative(K(1, z), z, 1) - (-K(0, z) - K(1, z) / z), "K1' = -K0 - K1/z (TensorFlow)"),
        (derivative(K(0, z), z, 1) + K(1, z), "K0' = -K1 (K(-1) is K(1))"),
        (derivative(sympy.exp(z) * K(1, z), z, 1)
         - (sympy.exp(z) * K(1, z) * (1 - 1 / z) - sympy.exp(z) * K(0, z)), "k1e'"),
        (derivative(J(1, z), z, 1) - (J(0, z) - J(1, z) / z), "J1' = J0 - J1/z"),
        (derivative(Y(1, z), z, 1) - (Y(0, z) - Y(1, z) / z), "Y1' = Y0 - Y1/z"),
        (derivative(I_(1, z), z, 1) - (I_(0, z) - I_(1, z) / z), "I1' = I0 - I1/z"),
        (J(-3, z) + J(3, z), "J(-3) = -J(3)"),
        (I_(-2, z) - I_(2, z), "I(-2) = I(2)"),
        (K(5, z) - (K(3, z) + 8 / z * K(4, z)), "the K recurrence at n = 4"),
        (derivative(sympy.expint(3, z), z, 1) + sympy.expint(2, z), "E3' = -E2"),
        (sympy.expint(2, z) - (sympy.exp(-z) - z * sympy.expint(1, z)), "E2 in terms of E1"),
        (derivative(sympy.polylog(2, 1 - z), z, 1) - sympy.log(z) / (1 - z), "spence'"),
        (sympy.sinc(z) * z - sympy.sin(z), "sinc"),
        (derivative(sympy.lowergamma(alpha, z) / sympy.gamma(alpha), z, 1)
         - sympy.exp(-z + (alpha - 1) * sympy.log(z) - sympy.loggamma(alpha)), "igamma' (for all alpha > 0)"),
        (derivative(sympy.betainc_regularized(alpha, beta, 0, z), z, 1)
         - sympy.exp((beta - 1) * sympy.log(1 - z) + (alpha - 1) * sympy.log(z)
                     - (sympy.loggamma(alpha) + sympy.loggamma(beta) - sympy.loggamma(alpha + beta))), "betainc'"),
        (z ** (alpha + 1) - z * z**alpha, "w**(s + 1) = w*w**s"),
        (z ** (2 * alpha) - (z**alpha) ** 2, "w**(2s) = (w**s)**2"),
    ],
)
def test_exact_relations_are_proved(expr: sympy.Expr, label: str) -> None:
    assert exp_rational_zero(expr, z), label


@pytest.mark.parametrize(
    ("expr", "label"),
    [
        (K(2, z) - K(0, z), "K2 is not K0"),
        (J(-1, z) - J(1, z), "J(-1) is -J(1), not J(1)"),
        (I_(-1, z) + I_(1, z), "I(-1) is I(1), not -I(1)"),
        (derivative(K(1, z), z, 1) - (-K(0, z) + K(1, z) / z), "a sign slip in K1'"),
        (sympy.expint(2, z) - (sympy.exp(-z) + z * sympy.expint(1, z)), "a sign slip in E2"),
        (z ** (alpha / 2) - sympy.sqrt(z**alpha), "w**(s/2) is not sqrt(w**s) for negative w: no relation made"),
        (sympy.exp(sympy.loggamma(z) / 2) - sympy.sqrt(sympy.gamma(z)), "exp(loggamma/2): no relation made"),
    ],
)
def test_false_or_unproved_relations_are_not_zero(expr: sympy.Expr, label: str) -> None:
    assert not exp_rational_zero(expr, z), label


@pytest.mark.parametrize("order", [-4, -1, 2, 3, 6])
@pytest.mark.parametrize("kind", [K, I_, J, Y])
def test_bessel_reductions_keep_the_value(kind: type[sympy.Function], order: int) -> None:
    rewritten = rewrite_special(kind(order, z))
    assert rewritten.atoms(kind) <= {kind(0, z), kind(1, z)}
    for x in (sympy.Rational(3, 7), sympy.Integer(9)):
        assert abs(sympy.N(rewritten.subs(z, x) - kind(order, x), 40)) < 1e-30


@pytest.mark.parametrize("order", [0, 2, 5])
def test_expint_reductions_keep_the_value(order: int) -> None:
    rewritten = rewrite_special(sympy.expint(order, z))
    for x in (sympy.Rational(1, 3), sympy.Rational(7, 2)):
        assert abs(sympy.N(rewritten.subs(z, x) - sympy.expint(order, x), 40)) < 1e-30
