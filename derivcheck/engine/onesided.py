"""Exact one-sided limits at a point, and exact sign and equality of the real constants they give."""

from __future__ import annotations

import sympy
from sympy.core.evalf import PrecisionExhausted

# Enough digits that a nonzero constant met in an activation function is told apart from zero.
_DIGITS = 30
# A difference that sympy simplifies to 0 must also be this small numerically (sympy issue 23086).
_ZERO_DIGITS = 60

_INFINITIES = (sympy.S.Infinity, sympy.S.NegativeInfinity)
#: Why `value_at` found no value: the formula is 0/0 (or alike) there, as sin(z)/z is at 0.
NO_VALUE = "the formula for g has no value there (a removable point?)"
_NONSMOOTH = (sympy.Piecewise, sympy.Heaviside, sympy.sign, sympy.Abs, sympy.Max, sympy.Min, sympy.floor,
              sympy.ceiling, sympy.frac, sympy.Mod, sympy.DiracDelta, sympy.re, sympy.im, sympy.arg)


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


def smooth(expr: sympy.Expr, z: sympy.Symbol) -> bool:
    """No function in z whose value at a point may differ from its limits there (Heaviside(0), sign(0))."""
    return not any(z in node.free_symbols for node in expr.atoms(*_NONSMOOTH))


def one_sided_limit(expr: sympy.Expr, z: sympy.Symbol, p: sympy.Expr, side: str) -> sympy.Expr | None:
    """The limit of `expr` as z -> p from `side` ("-" or "+"); None when it does not exist or is not found."""
    if z not in expr.free_symbols:
        return expr if is_limit_value(expr) else None
    if expr.has(sympy.Piecewise):
        return None  # a Piecewise may be evaluated at p itself inside sympy.limit; pieces never hold one
    if smooth(expr, z):
        # A finite real value of elementary functions at p is their limit there: they are continuous
        # wherever they are defined and real.
        value = expr.subs(z, p)
        if is_real_number(value):
            return value
    try:
        value = sympy.limit(expr, z, p, side)
    except Exception:  # sympy's limit raises many exception types on hard input; the limit is then unknown
        return None
    return value if is_limit_value(value) else None


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


def value_at(expr: sympy.Expr, z: sympy.Symbol, p: sympy.Expr) -> sympy.Expr | str:
    """expr at z = p exactly, or why it has no such value; Heaviside(0) may not decide it."""
    steps = [h for h in expr.atoms(sympy.Heaviside) if z in h.free_symbols]
    variants = [expr]
    if steps:
        # sympy's Heaviside(0) = 1/2 is a convention: the value counts only if every convention gives it.
        variants = [expr.xreplace({h: sympy.Heaviside(h.args[0], h0) for h in steps})
                    for h0 in (sympy.S.Zero, sympy.S.Half, sympy.S.One)]
    values: list[sympy.Expr] = []
    for variant in variants:
        try:
            value = variant.subs(z, p)
        except (TypeError, ValueError):
            return "g cannot be evaluated there"
        if value.has(sympy.S.NaN):
            return NO_VALUE
        if not is_real_number(value):
            return "g has no finite real value there that can be computed exactly"
        values.append(value)
    if any(sign(value - values[0]) != 0 for value in values[1:]):
        return "the value of g there depends on the value chosen for Heaviside(0)"
    return values[0]
