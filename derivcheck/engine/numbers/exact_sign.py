"""Exact sign, order and equality of real constants (and of the two real infinities): never from rounded numbers.

A nonzero sign comes from sympy's `evalf(strict=True)`, which certifies every digit it returns; a zero only from
a symbolic zero that the numbers confirm to many digits, since sympy's `simplify` has returned 0 for nonzero
constants (sympy issue 23086).  Anything less is "unknown" (None), never a guess.
"""

from __future__ import annotations

import sympy
from sympy.core.evalf import PrecisionExhausted

__all__ = ["equal", "is_limit_value", "is_real_number", "less", "same_point", "sign"]

# Enough digits that a nonzero constant met in an activation function is told apart from zero.
_DIGITS = 30
# A difference that sympy simplifies to 0 must also be this small numerically (sympy issue 23086).
_ZERO_DIGITS = 60

_INFINITIES = (sympy.S.Infinity, sympy.S.NegativeInfinity)


def is_real_number(x: sympy.Expr) -> bool:
    """True for a finite real constant sympy can vouch for (no nan, zoo, AccumBounds or unevaluated limit)."""
    if not isinstance(x, sympy.Expr) or not x.is_number:
        return False
    if x.has(sympy.S.NaN, sympy.S.ComplexInfinity, sympy.AccumBounds, sympy.Limit, sympy.Piecewise):
        return False
    return x.is_extended_real is True and x.is_finite is True


def is_limit_value(x: sympy.Expr | None) -> bool:
    """A finite real constant or one of the two real infinities."""
    return x is not None and (x in _INFINITIES or is_real_number(x))


def sign(x: sympy.Expr) -> int | None:
    """-1, 0 or 1 for a real constant or a real infinity; None when it cannot be decided exactly."""
    if x is sympy.S.Infinity:
        return 1
    if x is sympy.S.NegativeInfinity:
        return -1
    if not is_real_number(x):
        return None
    if x.is_Rational:
        return int(sympy.sign(x))
    try:
        value = x.evalf(_DIGITS, strict=True)
    except PrecisionExhausted:
        value = None
    # evalf with strict=True certifies every digit it returns, so a nonzero value is a nonzero constant.
    if value is not None and value.is_Float and value != 0:
        return 1 if value > 0 else -1
    # Indistinguishable from zero: a symbolic zero is accepted only if the numbers agree to many digits.
    try:
        simplified = sympy.simplify(x)
    except Exception:  # as above: an unknown answer, not a crash
        return None
    if simplified == 0 and abs(x.evalf(_ZERO_DIGITS + 10)) < sympy.Float(10) ** -_ZERO_DIGITS:
        return 0
    return None


def equal(x: sympy.Expr, y: sympy.Expr) -> bool | None:
    """Whether two limit values (real constants or infinities) are equal; None when undecided."""
    if x in _INFINITIES or y in _INFINITIES:
        return x == y if is_limit_value(x) and is_limit_value(y) else None
    difference = sign(x - y)
    return None if difference is None else difference == 0


def less(x: sympy.Expr, y: sympy.Expr) -> bool | None:
    """Whether x < y for limit values; None when undecided."""
    if x in _INFINITIES or y in _INFINITIES:
        if not (is_limit_value(x) and is_limit_value(y)):
            return None
        return x != y and (x is sympy.S.NegativeInfinity or y is sympy.S.Infinity)
    difference = sign(y - x)
    return None if difference is None else difference > 0


def same_point(x: sympy.Expr, y: sympy.Expr) -> bool:
    """Whether two exact points are one point (1/2 and 2/4, or sqrt(2) written two ways); False when unsure."""
    return x == y or sign(x - y) == 0
