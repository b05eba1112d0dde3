"""The domain as an interval of z with the parameters kept symbolic, where that holds for every parameter value.

A proof "for all alpha > 0" may only use a domain that is the spec's domain for every such alpha: `z > alpha`
is the interval (alpha, oo), never (1, oo) because alpha happens to be 1.  Only what can be read off exactly
is accepted: a conjunction of bounds linear in z whose coefficient of z has a sign fixed by the parameters'
assumptions (`z > alpha`, `alpha*z <= 1`, `-alpha < z < alpha`); anything else gives None, and a proof for
every parameter value may then not rely on the domain at all.
"""

from __future__ import annotations

import sympy
from sympy.logic.boolalg import BooleanTrue

__all__ = ["symbolic_interval"]

# One bound on z: (value, is a lower bound, the end belongs to the set).
_Bound = tuple[sympy.Expr, bool, bool]


def symbolic_interval(condition: sympy.Basic, z: sympy.Symbol) -> sympy.Set | None:
    """The set of z where `condition` holds, for every value the parameters' assumptions allow; or None."""
    if isinstance(condition, BooleanTrue):
        return sympy.S.Reals
    parts = condition.args if isinstance(condition, sympy.And) else (condition,)
    bounds: list[_Bound] = []
    for part in parts:
        bound = _bound(part, z)
        if bound is None:
            return None
        bounds.append(bound)
    lower = _tightest([b for b in bounds if b[1]], larger=True)
    upper = _tightest([b for b in bounds if not b[1]], larger=False)
    if lower is None or upper is None:
        return None
    (start, start_closed), (end, end_closed) = lower, upper
    return sympy.Interval(start, end, left_open=not start_closed, right_open=not end_closed)


def _bound(relation: sympy.Basic, z: sympy.Symbol) -> _Bound | None:
    """`c*z + d > 0` (or >=, <, <=) as a bound on z, when c has a sign for every parameter value."""
    if not isinstance(relation, (sympy.Gt, sympy.Ge, sympy.Lt, sympy.Le)) or z not in relation.free_symbols:
        return None
    # Written as f > 0 or f >= 0.
    f = relation.lhs - relation.rhs if isinstance(relation, (sympy.Gt, sympy.Ge)) else relation.rhs - relation.lhs
    closed = isinstance(relation, (sympy.Ge, sympy.Le))
    try:
        poly = sympy.Poly(f, z)
    except sympy.PolynomialError:
        return None
    if poly.degree() != 1:
        return None
    c, d = poly.all_coeffs()
    if z in c.free_symbols or z in d.free_symbols:
        return None
    if c.is_positive is True:
        return -d / c, True, closed  # z > -d/c
    if c.is_negative is True:
        return -d / c, False, closed  # z < -d/c
    return None  # the direction of the bound would depend on the parameter values


def _tightest(bounds: list[_Bound], *, larger: bool) -> tuple[sympy.Expr, bool] | None:
    """The largest lower (or smallest upper) bound for every parameter value; None when that depends on them."""
    if not bounds:
        return (sympy.S.NegativeInfinity if larger else sympy.S.Infinity), False
    best, _, best_closed = bounds[0]
    for value, _, closed in bounds[1:]:
        gap = value - best if larger else best - value  # > 0: the new bound is tighter
        if gap.is_zero is True:
            best_closed = best_closed and closed
        elif gap.is_extended_positive is True:
            best, best_closed = value, closed
        elif gap.is_extended_negative is not True:
            return None
    return best, best_closed
