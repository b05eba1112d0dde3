"""Decide exactly whether a rational expression in independent symbols is identically zero.

The expression (sums, products and integer powers of symbols and rational numbers) is turned bottom-up into
a numerator and denominator in a polynomial ring over the rationals, never dividing by the zero polynomial;
it is identically zero exactly when the numerator is the zero polynomial.  This is what `sympy.cancel(e) == 0`
decides, without first expanding the whole expression as sympy objects, which took most of its time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy
from sympy.polys.domains import QQ
from sympy.polys.rings import ring

__all__ = ["common_form", "rational_zero"]

Fraction = tuple[Any, Any]  # (numerator, denominator) as polynomial ring elements


def rational_zero(expr: sympy.Expr) -> bool | None:
    """True if `expr` is identically zero as a rational function of its symbols, False if not; None when it
    is not such an expression (a function, a float, the imaginary unit, ...) or divides by zero."""
    # Constants such as pi and E become symbols too: a rational function that is zero with independent
    # symbols is zero whatever is put in for them.
    constants = {c: sympy.Dummy(str(c)) for c in expr.atoms(sympy.NumberSymbol)}
    expr = expr.xreplace(constants)
    symbols = sorted(expr.free_symbols, key=sympy.default_sort_key)
    if not symbols:
        symbols = [sympy.Dummy("x")]
    polys, *gens = ring(symbols, QQ)
    convert = _Converter(polys, dict(zip(symbols, gens, strict=True)))
    try:
        numerator, _ = convert(expr)
    except _NotRational:
        return None
    return bool(numerator == polys.zero)


def common_form(lhs: sympy.Expr, rhs: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """Both sides as reduced rational functions (numerator/denominator without a common factor) when they are
    equal as rational functions of their symbols; None when they differ or are not rational expressions."""
    constants = {c: sympy.Dummy(str(c)) for c in (lhs.atoms(sympy.NumberSymbol) | rhs.atoms(sympy.NumberSymbol))}
    lhs, rhs = lhs.xreplace(constants), rhs.xreplace(constants)
    symbols = sorted(lhs.free_symbols | rhs.free_symbols, key=sympy.default_sort_key) or [sympy.Dummy("x")]
    polys, *gens = ring(symbols, QQ)
    convert = _Converter(polys, dict(zip(symbols, gens, strict=True)))
    try:
        (n1, d1), (n2, d2) = convert(lhs), convert(rhs)
    except _NotRational:
        return None
    if n1 * d2 != n2 * d1:
        return None
    back = {dummy: constant for constant, dummy in constants.items()}
    return _reduced(n1, d1).xreplace(back), _reduced(n2, d2).xreplace(back)


def _reduced(numerator: Any, denominator: Any) -> sympy.Expr:
    """numerator/denominator over their greatest common divisor, the denominator's leading coefficient 1."""
    common = numerator.gcd(denominator)
    numerator, denominator = numerator.exquo(common), denominator.exquo(common)
    lead = denominator.LC
    if lead != 1:
        numerator, denominator = numerator.quo_ground(lead), denominator.quo_ground(lead)
    result: sympy.Expr = _factored(numerator) / _factored(denominator)
    return result


#: Polynomials with more terms than this are left expanded (factoring them costs more than it helps a reader).
_FACTOR_TERMS = 16


def _factored(poly: Any) -> sympy.Expr:
    """A polynomial in factors, as a reader takes it in (u*(u - 1) rather than u**2 - u); the same polynomial."""
    if len(poly.terms()) > _FACTOR_TERMS:
        return poly.as_expr()
    try:
        content, factors = poly.factor_list()
    except (NotImplementedError, ValueError, TypeError):
        return poly.as_expr()
    result: sympy.Expr = sympy.Mul(poly.ring.domain.to_sympy(content),
                                   *(factor.as_expr() ** power for factor, power in factors))
    return result


class _NotRational(Exception):
    pass


class _Converter:
    def __init__(self, polys: Any, gens: dict[sympy.Basic, Any]) -> None:
        self.polys = polys
        self.gens = gens
        self.memo: dict[sympy.Basic, Fraction] = {}

    def __call__(self, expr: sympy.Basic) -> Fraction:
        known = self.memo.get(expr)
        if known is None:
            known = self.memo[expr] = self._convert(expr)
        return known

    def _convert(self, expr: sympy.Basic) -> Fraction:
        one = self.polys.one
        if expr in self.gens:
            return self.gens[expr], one
        if expr.is_Rational:
            return self.polys.ground_new(QQ(int(expr.p), int(expr.q))), one
        if expr.is_Add:
            return _sum([self(arg) for arg in expr.args])
        if expr.is_Mul:
            numerator, denominator = one, one
            for arg in expr.args:
                n, d = self(arg)
                numerator, denominator = numerator * n, denominator * d
            return numerator, denominator
        if expr.is_Pow and expr.exp.is_Integer:
            n, d = self(expr.base)
            power = int(expr.exp)
            if power < 0:
                if not n:
                    raise _NotRational  # division by the zero polynomial
                n, d, power = d, n, -power
            return n**power, d**power
        raise _NotRational


def _sum(terms: Sequence[Fraction]) -> Fraction:
    """The sum over a common denominator: equal denominators are added as they are, others multiplied in
    after their common factor is taken out (derivatives repeat the same denominators in every term)."""
    numerator, denominator = terms[0]
    for n, d in terms[1:]:
        if d == denominator:
            numerator = numerator + n
            continue
        common = denominator.gcd(d)
        left, right = denominator.exquo(common), d.exquo(common)
        numerator = numerator * right + n * left
        denominator = denominator * right
    return numerator, denominator
