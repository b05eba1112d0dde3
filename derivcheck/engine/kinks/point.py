"""What g does at one candidate point: continuity, one-sided derivatives, and a removable singularity filled in."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy

from derivcheck.engine.calculus import derivative
from derivcheck.engine.kinks.onesided import NO_VALUE, one_sided_limit, undefined_at, value_at
from derivcheck.engine.mathtext import number
from derivcheck.engine.numbers.exact_sign import is_limit_value, is_real_number, less, sign
from derivcheck.engine.pieces import Piece
from derivcheck.engine.problem import Problem

__all__ = ["PointAnalysis", "analyse_point", "limit_text", "show"]


@dataclass(frozen=True)
class PointAnalysis:
    """What g does at one point: limits, value, one-sided derivatives and the verdicts drawn from them."""

    point: sympy.Expr
    continuous: bool | None
    left: sympy.Expr | None  # one-sided derivatives (None: no such side, or unknown); at a jump, the one-sided
    right: sympy.Expr | None  # limits of g' (the derivative of the branch on that side)
    differentiable: bool | None
    message: str
    derivative: sympy.Expr | None = None  # g'(p) where differentiable
    removable: bool = False  # the formula is 0/0 at p: g is analysed with its limit filled in
    jump: bool = False  # not continuous because the one-sided limits of g are finite and differ


def _sides(parts: list[Piece], p: sympy.Expr) -> tuple[sympy.Expr | None, sympy.Expr | None, bool]:
    """The piece expressions just left and right of p (None: p ends the domain) and whether they are known."""
    left = right = None
    for part in parts:
        below, above = less(part.lower, p), less(p, part.upper)
        if below is None or above is None:
            return None, None, False
        if below and (above or part.upper == p):
            left = part.expr
        if above and (below or part.lower == p):
            right = part.expr
    return left, right, True


def analyse_point(problem: Problem, g: sympy.Expr, parts: list[Piece], p: sympy.Expr) -> PointAnalysis:
    """Continuity and one-sided derivatives of g at p, from the pieces on either side only."""
    z, at = problem.z, f"{problem.z} = {show(p)}"
    left, right, known = _sides(parts, p)
    if not known or (left is None and right is None):
        return PointAnalysis(p, None, None, None, None,
                             f"not decided at {at}: the pieces of g around it are unknown")
    sides = [(expr, side) for expr, side in ((left, "-"), (right, "+")) if expr is not None]
    limits = [one_sided_limit(expr, z, p, side) for expr, side in sides]
    value = value_at(g, z, p)
    limit = _removable(limits, [expr for expr, _ in sides], z, p)
    undefined = limit is not None and value == NO_VALUE
    if undefined:
        value = limit  # g(p) is 0/0 but both sides tend to one finite limit: analyse g with it filled in
    continuous, reason = _continuity(limits, value, p, at)
    if continuous is False:
        # No derivative; a framework still returns the derivative of the branch it evaluates: the one-sided
        # limits of g' on either side, which a value declared here is held to (as a convention).
        slopes = [one_sided_limit(derivative(expr, z, 1), z, p, side) for expr, side in sides]
        jump = len(limits) == 2 and all(x is not None and x.is_finite for x in limits) and "jump" in reason
        return PointAnalysis(p, False, slopes[0] if left is not None else None,
                             slopes[-1] if right is not None else None, False, reason, jump=jump)
    if continuous is not True:
        return PointAnalysis(p, continuous, None, None, None, reason)
    found = _derivatives(z, sides, left, right, p, at)
    if limit is None:
        return found
    filled = "g has no value there; filled with its limit" if undefined else f"filled by g({show(p)}) ="
    return replace(found, removable=True,
                   message=f"removable singularity at {at}, {filled} {show(limit)}: {found.message}")


def _removable(limits: list[sympy.Expr | None], exprs: list[sympy.Expr], z: sympy.Symbol,
               p: sympy.Expr) -> sympy.Expr | None:
    """The common finite limit when the formula on both sides of p is 0/0 at p (a removable point)."""
    if len(limits) != 2 or not all(x is not None and is_real_number(x) for x in limits):
        return None
    left, right = limits
    assert left is not None and right is not None
    if sign(left - right) != 0 or not all(undefined_at(expr, z, p) for expr in exprs):
        return None
    return left


def _derivatives(z: sympy.Symbol, sides: list[tuple[sympy.Expr, str]], left: sympy.Expr | None,
                 right: sympy.Expr | None, p: sympy.Expr, at: str) -> PointAnalysis:
    """One-sided derivatives at p of a g known to be continuous there."""
    # g is continuous at p and differentiable beside it, so by the mean value theorem each one-sided
    # derivative is the one-sided limit of the piece's derivative whenever that limit exists.
    slopes = [one_sided_limit(derivative(expr, z, 1), z, p, side) for expr, side in sides]
    slope_left = slopes[0] if left is not None else None
    slope_right = slopes[-1] if right is not None else None
    finite = [s for s in slopes if s is not None and s.is_finite]
    if len(finite) < len(slopes):
        if any(s is None for s in slopes):
            return PointAnalysis(p, True, slope_left, slope_right, None,
                                 f"not decided at {at}: a one-sided derivative cannot be found")
    elif len(finite) == 1 or sign(finite[0] - finite[1]) == 0:
        one_side = "" if len(finite) == 2 else ", one-sided: end of the domain"
        return PointAnalysis(p, True, slope_left, slope_right, True,
                             f"differentiable at {at} (g' = {show(finite[0])}{one_side})",
                             derivative=finite[0])
    elif sign(finite[0] - finite[1]) is None:
        return PointAnalysis(p, True, slope_left, slope_right, None,
                             f"not decided at {at}: cannot tell whether the one-sided derivatives are equal")
    return PointAnalysis(p, True, slope_left, slope_right, False,
                         f"undefined at {at}: left derivative {limit_text(slope_left) or '(none)'}, "
                         f"right derivative {limit_text(slope_right) or '(none)'}")


def _continuity(limits: list[sympy.Expr | None], value: sympy.Expr | str, p: sympy.Expr,
                at: str) -> tuple[bool | None, str]:
    """Whether the one-sided limits and g(p) all agree, and the message when they do not (or may not)."""
    known = [limit for limit in limits if limit is not None]
    if len(known) < len(limits):
        return None, f"not decided at {at}: a one-sided limit of g cannot be found"
    ends = " to ".join(show(limit) for limit in known)
    if len(known) == 2 and all(limit.is_finite for limit in known):
        jump = sign(known[0] - known[1])
        if jump is None:
            return None, f"not decided at {at}: cannot tell whether the one-sided limits of g are equal"
        if jump != 0:
            return False, f"not continuous at {at} (jump from {ends}): no derivative"
    elif not all(limit.is_finite for limit in known):
        how = f"jump from {ends}" if len(known) == 2 else f"g tends to {ends}"
        return False, f"not continuous at {at} ({how}): no derivative"
    if isinstance(value, str):
        return None, f"not decided at {at}: {value}"
    difference = sign(value - known[0])
    if difference is None:
        return None, f"not decided at {at}: cannot compare g({show(p)}) with its limits"
    if difference != 0:
        return False, (f"not continuous at {at} (limit {show(known[0])}, "
                       f"but g({show(p)}) = {show(value)}): no derivative")
    return True, ""


def show(x: sympy.Expr) -> str:
    """Exact text, with a decimal beside it when the exact form is long."""
    text = number(x)
    if len(text) <= 24 or not is_real_number(x):
        return text
    return f"{text} ≈ {sympy.N(x, 12)}"


def limit_text(x: sympy.Expr | None) -> str | None:
    return number(x) if is_limit_value(x) else None
