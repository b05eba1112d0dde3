"""The kink analysis: continuity and one-sided derivatives of g at its breakpoints, and the `at:` values."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from functools import cmp_to_key
from typing import Protocol, TypeVar

import sympy

from derivcheck.engine.declared import DeclaredValue, PointAnalysis, check_declared, show
from derivcheck.engine.frameworks import (
    FrameworkValue,
    against_convention,
    annotate,
    at_point,
    undeclared_checks,
)
from derivcheck.engine.mathtext import number
from derivcheck.engine.onesided import (
    NO_VALUE,
    is_limit_value,
    is_real_number,
    less,
    one_sided_limit,
    sign,
    smooth,
    value_at,
)
from derivcheck.engine.pieces import Piece, breakpoints, pieces
from derivcheck.engine.problem import Problem
from derivcheck.engine.singular import undefined_at, zeros_of_denominators
from derivcheck.results import Check, Kink, Verdict

__all__ = ["DeclaredValue", "FrameworkValue", "analyse_kinks"]


class _HasPoint(Protocol):
    @property
    def point(self) -> sympy.Expr: ...


_Located = TypeVar("_Located", bound=_HasPoint)


def analyse_kinks(
    problem: Problem,
    declared: Sequence[DeclaredValue] = (),
    *,
    claimed_derivative: sympy.Expr | None = None,
    frameworks: Sequence[FrameworkValue] = (),
    convention: str | None = None,
) -> tuple[tuple[Kink, ...], tuple[Check, ...]]:
    """One Kink row per candidate point (sorted) and one `at` check per declared value (in the given order).

    Parameters are replaced by their values first: a point like ±lambda is reported as its number.
    `frameworks` are the frameworks' values at kinks (shown on the rows); with `convention`, each declared
    value is also held to that framework's, and its values where the spec declares none are checked too.
    """
    z = problem.z
    g = problem.with_values(problem.g)
    claim = problem.with_values(claimed_derivative) if claimed_derivative is not None else None
    values = [replace(d, point=problem.with_values(d.point), value=problem.with_values(d.value))
              for d in declared]
    parts = pieces(g, z, problem.interval)
    checks: list[Check] = []
    analyses: list[PointAnalysis] = []
    started = time.perf_counter()
    if parts is None:
        if not smooth(g, z):
            checks.append(Check(kind="kink", label="kinks", verdict=Verdict.UNDECIDED, method=None,
                                message=f"cannot locate the points where g may not be differentiable in {z}"))
    else:
        points = _candidates(problem, claim, [*values, *frameworks], parts)
        analyses = [analyse_point(problem, g, parts, p) for p in points]
    per_point = (time.perf_counter() - started) / max(1, len(analyses))
    rows = []
    for found in analyses:
        here = _find(values, found.point)
        message = found.message + _claim_note(problem, claim, found, here is not None)
        row = Kink(point=number(found.point), continuous=found.continuous, left=_text(found.left),
                   right=_text(found.right), differentiable=found.differentiable,
                   declared=number(here.value) if here is not None else None, message=message,
                   removable=found.removable)
        rows.append(annotate(row, at_point(frameworks, found.point), here))
    for d in values:
        started = time.perf_counter()
        check = check_declared(problem, _find(analyses, d.point), d)
        if convention is not None and check.verdict in (Verdict.PROVED, Verdict.UNDECIDED):
            check = against_convention(check, at_point(frameworks, d.point), d, convention, z)
        checks.append(replace(check, seconds=time.perf_counter() - started + per_point))
    if convention is not None:
        checks.extend(replace(c, seconds=per_point)
                      for c in undeclared_checks(problem, analyses, frameworks, values, convention))
    return tuple(rows), tuple(checks)


def _find(items: Sequence[_Located], p: sympy.Expr) -> _Located | None:
    """The first item at the point p (compared exactly, so 1/2 and 2/4 are one point)."""
    return next((item for item in items if item.point == p or sign(item.point - p) == 0), None)


def _candidates(problem: Problem, claim: sympy.Expr | None, declared: Sequence[_HasPoint],
                parts: list[Piece]) -> list[sympy.Expr]:
    """Breakpoints of g and of the claim, zeros of their denominators, and the declared points, inside the
    domain, sorted and distinct."""
    z, interval = problem.z, problem.interval
    found = [part.upper for part in parts[:-1]]  # pieces only split the domain at breakpoints of g inside it
    for part in parts:
        found.extend(zeros_of_denominators(part.expr, z, _open(part)))
    if claim is not None:
        found.extend(breakpoints(claim, z) or [])
        claim_parts = pieces(claim, z, interval)
        if claim_parts is None and smooth(claim, z):
            claim_parts = [Piece(interval.inf, interval.sup, claim)]
        for part in claim_parts or []:
            found.extend(zeros_of_denominators(part.expr, z, _open(part)))
    found.extend(d.point for d in declared)
    inside = [p for p in dict.fromkeys(found)
              if is_real_number(p) and problem.interval.contains(p) is sympy.true]
    ordered = sorted(inside, key=cmp_to_key(lambda x, y: -1 if less(x, y) else (1 if less(y, x) else 0)))
    result: list[sympy.Expr] = []
    for p in ordered:
        if not result or sign(p - result[-1]) != 0:
            result.append(p)
    return result


def _open(part: Piece) -> sympy.Set:
    """The open interval a piece's formula holds on (its ends are breakpoints, candidates anyway)."""
    return sympy.Interval(part.lower, part.upper, left_open=True, right_open=True)


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
    if continuous is not True:
        return PointAnalysis(p, continuous, None, None, False if continuous is False else None, reason)
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
    slopes = [one_sided_limit(sympy.diff(expr, z), z, p, side) for expr, side in sides]
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
                         f"undefined at {at}: left derivative {_text(slope_left) or '(none)'}, "
                         f"right derivative {_text(slope_right) or '(none)'}")


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


def _claim_note(problem: Problem, claim: sympy.Expr | None, found: PointAnalysis, declared: bool) -> str:
    """Where g is not differentiable, say what a Piecewise or Heaviside in the claim gives there (unused)."""
    if claim is None or found.differentiable is not False:
        return ""
    # Only these choose a value at a breakpoint by convention (a branch's `>=`, Heaviside(0), sign(0)).
    chosen = {type(node).__name__ for node in claim.atoms(sympy.Piecewise, sympy.Heaviside, sympy.sign)
              if problem.z in node.free_symbols}
    if not chosen:
        return ""
    name = "Piecewise" if "Piecewise" in chosen else min(chosen)
    given = claim.subs(problem.z, found.point)
    if not is_real_number(given):
        return ""
    use = "the value under at: is checked instead" if declared else "declare it under at:"
    at = f"{problem.z} = {show(found.point)}"
    return f"; the claim's {name} gives {show(given)} at {at}; not used — {use}"


def _text(x: sympy.Expr | None) -> str | None:
    return number(x) if is_limit_value(x) else None
