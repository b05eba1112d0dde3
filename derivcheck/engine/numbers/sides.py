"""g' at a breakpoint of its formula, for the spot-check table: the formulas on either side, evaluated there.

At z = 0, ELU's g' is written Piecewise((exp(z), z <= 0), (1, True)): a branch point of the formula, though
g is differentiable there with g'(0) = 1.  The branches just left and right of the point (chosen exactly, at
points closer than any other breakpoint) are continuous formulas; their values at the point are g's and g''s
one-sided limits.  When g's agree with g(p) and g''s agree with each other, that is g'(p) (the mean value
theorem); otherwise the point is a kink or a jump and has no g'.  Evidence only, like every spot check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mpmath
import sympy

from derivcheck.engine.numbers.evaluate import AGREE_TOLERANCE, evaluate, relative_gap, substituted
from derivcheck.engine.numbers.exact_sign import less, same_point
from derivcheck.engine.pieces import branch_at, breakpoints
from derivcheck.engine.problem import Problem

__all__ = ["BranchPoint", "at_branch_point"]

# How close to the point the sides are looked at: 10**-3, 10**-6, ... until no other breakpoint is that close.
_GAPS = tuple(sympy.Rational(1, 10**k) for k in range(3, 40, 3))


@dataclass(frozen=True)
class BranchPoint:
    """What g does at a branch point of g's formula: g'(p) when g is differentiable there, else why not."""

    derivative: Any | None  # an mpf
    jump: bool = False  # g's one-sided limits (or its value) differ: no derivative, no finite difference
    left: Any | None = None  # the one-sided limits of g' (at a kink)
    right: Any | None = None


def at_branch_point(problem: Problem, truth: sympy.Expr, point: sympy.Expr, dps: int, *,
                    of: sympy.Expr | None = None) -> BranchPoint:
    """g'(point) from both sides of the branch point, or the kink or jump that leaves g' without a value
    (`truth` is the derivative of `of`, default g: pass g' with g'')."""
    function = problem.g if of is None else of
    g = substituted(function, problem)
    slope = substituted(truth, problem)
    values = _sides(problem, g, point, dps)
    here = evaluate(function, problem, point, dps)
    if values is None or here is None:
        return BranchPoint(None)
    if not (_close(values[0], values[1]) and _close(values[0], here)):
        return BranchPoint(None, jump=True)
    slopes = _sides(problem, slope, point, dps)
    if slopes is None:
        return BranchPoint(None)
    if _close(*slopes):
        return BranchPoint(slopes[1])
    return BranchPoint(None, left=slopes[0], right=slopes[1])


def _close(x: Any, y: Any) -> bool:
    return bool(relative_gap(x, y) <= AGREE_TOLERANCE or (x == 0 and y == 0))


def _sides(problem: Problem, expr: sympy.Expr, point: sympy.Expr, dps: int) -> tuple[Any, Any] | None:
    """The values at the point of the formulas that hold just left and just right of it."""
    z = problem.z
    found = breakpoints(expr, z)
    if found is None:
        return None
    others = [b for b in found if not same_point(b, point)]
    gap = next((h for h in _GAPS if not any(less(point - h, b) is not False and less(b, point + h) is not False
                                             for b in others)), None)
    if gap is None:
        return None
    values = []
    for side in (point - gap, point + gap):
        formula = branch_at(expr, z, side)
        if formula is None:
            return None
        with mpmath.workdps(dps):
            value = evaluate(formula, problem, point, dps)
        if value is None:
            return None
        values.append(value)
    return values[0], values[1]
