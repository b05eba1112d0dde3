"""Rendering expressions for results: the three forms are exactly what sympy's own printers give."""

from __future__ import annotations

import pytest
import sympy

from derivcheck.engine.mathtext import math

z = sympy.Symbol("z", real=True)
a = sympy.Symbol("a", real=True)

EXPRESSIONS = [
    a * (1 - a),
    sympy.diff(z * sympy.tanh(sympy.log(1 + sympy.exp(z))), z, 2),
    sympy.Piecewise((1, z > 0), (z**2 - z + 1, True)),
    -2 * z / (z**2 + 1) ** 2 + sympy.sqrt(z**2 + 4) / 2,
    sympy.Max(z / 100, z) - sympy.Heaviside(z) + sympy.erf(z / sympy.sqrt(2)),
]


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=range(len(EXPRESSIONS)))
def test_math_matches_sympy_printers(expr: sympy.Expr) -> None:
    shown = math(expr)
    assert shown.text == sympy.sstr(expr)
    assert shown.pretty == sympy.pretty(expr, use_unicode=True, wrap_line=False)
    assert shown.latex == sympy.latex(expr)


def test_derivatives_are_written_as_the_spec_language_writes_them() -> None:
    assert math(sympy.Derivative(z**2 + 1, z)).text == "diff(z**2 + 1, z)"
