"""The exp-rational normal form with a nonzero parameter in a denominator: exp(z/T) is a power of one unit."""

from __future__ import annotations

import sympy

from derivcheck.engine.prove.normal_form import exp_rational_zero

z = sympy.Symbol("z", real=True)
T = sympy.Symbol("T", positive=True)


def test_powers_of_exp_of_z_over_a_positive_temperature_are_one_unit() -> None:
    # A softmax with temperature differentiates into exp(z/T)**2 beside exp(2*z/T): one unit t = exp(z/T).
    expr = sympy.exp(z / T) * (sympy.exp(z / T) + 1) - sympy.exp(2 * z / T) - sympy.exp(z / T)
    assert exp_rational_zero(sympy.expand(expr, deep=False), z) is True
    assert not exp_rational_zero(sympy.exp(z / T) ** 2 - sympy.exp(3 * z / T), z)
