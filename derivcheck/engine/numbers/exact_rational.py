"""Exact values of rational functions of z at rational points, and exact truth of conditions built from them.

Piecewise conditions and branch points must be decided exactly, never from rounded numbers; substituting the
point into the sympy expression does that but is slow when repeated at every point and precision.  Most
conditions are rational in z (`z < 0`, `alpha*z > z` with the parameter's value in), and for them Python's
`Fraction` gives the same exact answer quickly.  Anything else returns None and the caller asks sympy.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache

import sympy
from sympy.core.relational import Relational

__all__ = ["RationalFunction", "exact_condition", "rational_function", "rational_point"]

#: f(x) for a Fraction x; raises ZeroDivisionError at a pole.
RationalFunction = Callable[[Fraction], Fraction]
Decider = Callable[[Fraction], bool]

# Integer powers up to this size only: exact arithmetic on z**100000 would be slow (and such a condition is
# better left to sympy, whose guards the caller applies).
_MAX_POWER = 64

_SIGN_TESTS: dict[type[sympy.Basic], Callable[[Fraction, int], bool]] = {
    sympy.StrictLessThan: operator.lt,
    sympy.LessThan: operator.le,
    sympy.StrictGreaterThan: operator.gt,
    sympy.GreaterThan: operator.ge,
    sympy.Equality: operator.eq,
    sympy.Unequality: operator.ne,
}


def rational_point(point: sympy.Expr) -> Fraction | None:
    """The point as a Fraction when it is a sympy Rational, else None."""
    if point.is_Rational:
        return Fraction(int(point.p), int(point.q))
    return None


@lru_cache(maxsize=2048)
def rational_function(expr: sympy.Expr, z: sympy.Symbol) -> RationalFunction | None:
    """`expr` as an exact function of a Fraction, when it is a rational function of z with rational
    coefficients (small integer powers only); None otherwise."""
    if expr == z:
        return lambda x: x
    if expr.is_Rational:
        value = Fraction(int(expr.p), int(expr.q))
        return lambda x: value
    if expr.is_Add or expr.is_Mul:
        parts = [rational_function(arg, z) for arg in expr.args]
        if any(part is None for part in parts):
            return None
        known = [part for part in parts if part is not None]
        if expr.is_Add:
            return lambda x: sum((part(x) for part in known), Fraction(0))
        return lambda x: _product(known, x)
    if expr.is_Pow and expr.exp.is_Integer and abs(int(expr.exp)) <= _MAX_POWER:
        base = rational_function(expr.base, z)
        if base is None:
            return None
        n = int(expr.exp)
        found = base
        return lambda x: found(x) ** n
    return None


def _product(parts: list[RationalFunction], x: Fraction) -> Fraction:
    result = Fraction(1)
    for part in parts:
        result *= part(x)
    return result


@lru_cache(maxsize=2048)
def exact_condition(cond: sympy.Basic, z: sympy.Symbol) -> Decider | None:
    """The truth of a condition at a Fraction, exactly: relationals of rational functions joined by
    And/Or/Not.  None when the condition has another form; ZeroDivisionError at a pole of a side."""
    if cond is sympy.true or cond is sympy.false:
        constant = bool(cond)
        return lambda x: constant
    if isinstance(cond, Relational):
        test = _SIGN_TESTS.get(type(cond))
        difference = rational_function(cond.lhs - cond.rhs, z) if test is not None else None
        if test is None or difference is None:
            return None
        found = difference
        return lambda x: test(found(x), 0)
    if isinstance(cond, (sympy.And, sympy.Or, sympy.Not)):
        parts = [exact_condition(arg, z) for arg in cond.args]
        if any(part is None for part in parts):
            return None
        known = [part for part in parts if part is not None]
        if isinstance(cond, sympy.Not):
            return lambda x: not known[0](x)
        if isinstance(cond, sympy.And):
            return lambda x: all(part(x) for part in known)
        return lambda x: any(part(x) for part in known)
    return None
