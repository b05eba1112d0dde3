"""Fast mpmath screens at one exact point (never certified): a visible difference, a branch boundary."""

from __future__ import annotations

from functools import lru_cache

import mpmath
import sympy
from sympy.core.relational import Relational

from derivcheck.engine.numbers.exact_rational import rational_function, rational_point
from derivcheck.engine.numbers.mpbasics import EXACT, Lost, Undefined
from derivcheck.engine.numbers.mpcompile import mp_value
from derivcheck.engine.pieces import branch_at

__all__ = ["on_boundary", "visible"]

# `visible` evaluates at these precisions in turn; two in a row must agree to this relative tolerance.
_RISING_DIGITS = (30, 60, 120, 240)
_RISING_TOLERANCE = mpmath.mpf("1e-6")


def visible(expr: sympy.Basic, z: sympy.Symbol, point: sympy.Expr) -> bool:
    """Whether `expr` has a nonzero value at `point` that two precisions in a row agree on (a screen only).

    A cancellation too deep for a precision raises Lost there and the next one is tried; rounding noise
    changes from one precision to the next and is never confirmed.
    """
    previous = None
    for dps in _RISING_DIGITS:
        try:
            value = mp_value(expr, z, point, dps)
        except Lost:
            previous = None
            continue
        except Undefined:
            return False
        if previous is not None and value != 0 and abs(value - previous) <= _RISING_TOLERANCE * abs(value):
            return True
        previous = value
    return False


def on_boundary(expr: sympy.Basic, z: sympy.Symbol, point: sympy.Expr) -> bool:
    """Whether the point sits on a branch boundary of `expr` (a Piecewise condition, Heaviside or sign at 0).

    There the value comes from a convention (sympy's Heaviside(0) = 1/2, `<` versus `<=`), not from g, so it
    cannot refute anything.  Unknown counts as on the boundary.  A Piecewise condition whose two sides are
    equal on a whole stretch around the point (Min(z, 1) <= 1 for every z > 1) is no boundary there: the same
    branch holds just left of the point, at it and just right of it, so no convention chooses its value.
    """
    for edge, kind in _edges(expr, z):
        if kind == _INTEGER:
            # floor, ceiling and frac step wherever their argument is an integer, not only where it is 0.
            if edge.xreplace({z: point}).is_integer is not False:
                return True
            continue
        zero = _zero_at(edge, z, point)
        if zero is False:
            continue
        if kind == _CONVENTION or zero is None or _branch_changes(expr, z, point):
            return True
    return False


# How far beside a point its branches are compared (a branch that changes closer than this counts as a change).
_BESIDE = sympy.Rational(1, 10**12)


def _branch_changes(expr: sympy.Basic, z: sympy.Symbol, point: sympy.Expr) -> bool:
    """Whether the branch of `expr` chosen at the point differs from the one just left or right of it."""
    chosen = [branch_at(expr, z, x) for x in (point - _BESIDE, point, point + _BESIDE)]
    return any(c is None for c in chosen) or not chosen[0] == chosen[1] == chosen[2]


# What makes a point a boundary of an edge: its zero, where a function's convention decides (Heaviside(0),
# sign(0)); its zero, where a written condition decides; or any integer value (floor, ceiling, frac).
_CONVENTION, _WRITTEN, _INTEGER = "convention", "written", "integer"
_STEPS = (sympy.floor, sympy.ceiling, sympy.frac)


@lru_cache(maxsize=1024)
def _edges(expr: sympy.Basic, z: sympy.Symbol) -> tuple[tuple[sympy.Expr, str], ...]:
    """The expressions whose zeros (or integer values) are branch boundaries of `expr`, in the order of a
    preorder walk, each with what makes a point a boundary of it."""
    found: list[tuple[sympy.Expr, str]] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, _STEPS):
            found.append((node.args[0], _INTEGER))
        elif isinstance(node, EXACT):
            found.append((node.args[0], _CONVENTION))
        elif isinstance(node, sympy.Piecewise):
            for _, cond in node.args:
                found.extend((r.lhs - r.rhs, _WRITTEN) for r in cond.atoms(Relational))
    return tuple(found)


def _zero_at(expr: sympy.Expr, z: sympy.Symbol, point: sympy.Expr) -> bool | None:
    exact = rational_function(expr, z)
    x = rational_point(point)
    if exact is not None and x is not None:
        try:
            return exact(x) == 0
        except ZeroDivisionError:
            return None
    try:
        # A result that kept its significant bits is reliably nonzero; an exact 0 without cancellation comes
        # from exact zeros.  This also guards sympy's exact test against astronomically large values.
        return bool(mp_value(expr, z, point, 30) == 0)
    except Undefined:
        return None
    except Lost:
        zero: bool | None = expr.xreplace({z: point}).is_zero  # tiny next to its terms: decide exactly
        return zero
