"""Exact proofs of one entry of a backward equation: claim - truth is identically zero.

Three arguments, cheapest first, each sound for the same reason as the exp-rational normal form: every step is an
exact rewrite except replacing a subexpression by a fresh symbol (the same one for equal subexpressions), and a
rational function of independent symbols that cancels to zero stays zero under every substitution.

1. Functions as symbols: every application of a function (tanh(u), exp(-u), log(...), an opaque g(u) and its
   g'(u)) is a symbol; the rest is polynomial arithmetic (`rational_zero`).  The forward pass builds claim and
   truth from the same values, so tanh' = 1 - tanh^2 and sigmoid's exp(-u) meet as the same symbols.
2. The same after `steps.step_form`: relu' written as Heaviside or as a Piecewise on the sign of u is one step
   H(u) off u = 0 (the proof then says nothing on the kinks, and the scope names them).
3. The exp-rational normal form (`prove.normal_form`), for a derivative written another way (sech^2 for
   1 - tanh^2).
"""

from __future__ import annotations

import time

import sympy

from derivcheck.engine.network.functions import formula
from derivcheck.engine.network.steps import step_form
from derivcheck.engine.prove.normal_form import exp_rational_zero
from derivcheck.engine.prove.rational_zero import rational_zero
from derivcheck.engine.prove.symbolic import NORMAL_FORM

__all__ = ["FUNCTIONS_AS_SYMBOLS", "STEPS", "normal_form_proof", "quick_proof"]

FUNCTIONS_AS_SYMBOLS = "functions as symbols"
STEPS = "functions and steps as symbols"


class _Symbols:
    """Every subexpression that is not a sum, product, integer power, symbol or rational number becomes a fresh
    symbol, the same for equal subexpressions; an exponential of a sum is the product of the exponentials of its
    terms, and exp(k * u) for a whole k is E_u**k with E_u a symbol for exp(u) (both exact), so exp(u),
    exp(-u) and exp(2u) of a softmax meet as powers of one symbol."""

    def __init__(self) -> None:
        self.symbols: dict[sympy.Basic, sympy.Dummy] = {}

    def __call__(self, expr: sympy.Basic) -> sympy.Basic:
        if expr.is_Symbol or expr.is_Rational or isinstance(expr, sympy.NumberSymbol):
            return expr
        if isinstance(expr, (sympy.Add, sympy.Mul)):
            return expr.func(*[self(arg) for arg in expr.args])
        if isinstance(expr, sympy.Pow) and expr.exp.is_Integer:
            return self(expr.base) ** expr.exp
        if isinstance(expr, sympy.exp):
            factors = []
            for term in sympy.Add.make_args(expr.args[0]):
                coefficient, core = term.as_coeff_Mul()
                unit = sympy.exp(core) if coefficient.is_Integer else sympy.exp(term)
                power = coefficient if coefficient.is_Integer else sympy.S.One
                # exp(log(w)) is w: sympy rewrites it, and it is taken apart like any expression.
                factors.append((self._symbol(unit) if isinstance(unit, sympy.exp) else self(unit)) ** power)
            return sympy.Mul(*factors)
        return self._symbol(expr)

    def _symbol(self, expr: sympy.Basic) -> sympy.Dummy:
        if expr not in self.symbols:
            self.symbols[expr] = sympy.Dummy(f"u{len(self.symbols)}")
        return self.symbols[expr]


def _rational(expr: sympy.Expr) -> bool:
    return rational_zero(_Symbols()(expr)) is True


def quick_proof(truth: sympy.Expr, claimed: sympy.Expr) -> str | None:
    """Arguments 1 and 2 (polynomial arithmetic only): the method that proves claimed == truth, or None."""
    difference = claimed - truth
    if _rational(difference):
        return FUNCTIONS_AS_SYMBOLS
    stepped = step_form(formula(difference))
    if stepped is not difference and _rational(stepped):
        return STEPS
    return None


def normal_form_proof(truth: sympy.Expr, claimed: sympy.Expr, *, deadline: float) -> str | None:
    """Argument 3, tried after the search for a counterexample (it may take a while): its name, or None."""
    if time.monotonic() >= deadline:
        return None
    if exp_rational_zero(step_form(formula(claimed - truth)), sympy.Dummy("x", real=True)):
        return NORMAL_FORM
    return None
