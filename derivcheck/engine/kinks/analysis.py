"""The kink analysis: continuity and one-sided derivatives of g at its breakpoints, and the `at:` values."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from functools import cmp_to_key
from typing import Protocol, TypeVar

import sympy

from derivcheck.engine.kinks.certificate import kink_certificate
from derivcheck.engine.kinks.claim_values import claim_checks
from derivcheck.engine.kinks.declared import UNDEFINED, DeclaredValue, Named, check_declared
from derivcheck.engine.kinks.frameworks import FrameworkValue, against_convention, annotate, at_point, undeclared_checks
from derivcheck.engine.kinks.onesided import smooth, zeros_of_denominators
from derivcheck.engine.kinks.point import PointAnalysis, analyse_point, limit_text, show
from derivcheck.engine.mathtext import number
from derivcheck.engine.numbers.exact_sign import is_real_number, less, same_point
from derivcheck.engine.pieces import Piece, breakpoints, pieces
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import Check, CheckKind, Kink, Verdict

__all__ = ["analyse_kinks"]


class _HasPoint(Protocol):
    @property
    def point(self) -> sympy.Expr: ...


_Located = TypeVar("_Located", bound=_HasPoint)

_STEPS = (sympy.floor, sympy.ceiling)


def analyse_kinks(
    problem: Problem,
    declared: Sequence[DeclaredValue] = (),
    *,
    claimed_derivative: sympy.Expr | None = None,
    frameworks: Sequence[FrameworkValue] = (),
    convention: str | None = None,
    claim_line: int | None = None,
    name: str = "g",
) -> tuple[tuple[Kink, ...], tuple[Check, ...]]:
    """One Kink row per candidate point (sorted) and one `at` check per declared value (in the given order).

    Parameters are replaced by their values first: a point like ±lambda is reported as its number.
    `frameworks` are the frameworks' values at kinks (shown on the rows); with `convention`, each declared
    value is also held to that framework's, and its values where the spec declares none are checked too.
    Where g is differentiable at a breakpoint of the claimed derivative, the claim's own value there is held
    to g' (a check only when it differs or cannot be compared; `claim_line` is the claim's line; `name` is
    what those checks call problem.g: "g'" when the claim is g'').
    """
    z = problem.z
    g = problem.with_values(problem.g)
    claim = problem.with_values(claimed_derivative) if claimed_derivative is not None else None
    values = [replace(d, point=problem.with_values(d.point),
                      value=None if d.value is None else problem.with_values(d.value)) for d in declared]
    parts = _pieces(g, z, problem.interval)
    checks: list[Check] = []
    analyses: list[PointAnalysis] = []
    started = time.perf_counter()
    if parts is None:
        if not smooth(g, z):
            checks.append(Check(kind=CheckKind.KINK, label="kinks", verdict=Verdict.UNDECIDED, method=None,
                                message=f"cannot locate the points where g may not be differentiable in {z}"))
    else:
        points = _candidates(problem, claim, [*values, *frameworks], parts)
        analyses = [analyse_point(problem, g, parts, p) for p in points]
    per_point = (time.perf_counter() - started) / max(1, len(analyses))
    rows = []
    for found in analyses:
        here = _find(values, found.point)
        message = found.message + _claim_note(problem, claim, found, here is not None)
        shown = None if here is None else UNDEFINED if here.value is None else number(here.value)
        row = Kink(point=number(found.point), continuous=found.continuous, left=limit_text(found.left),
                   right=limit_text(found.right), differentiable=found.differentiable, declared=shown,
                   message=message, removable=found.removable, jump=found.jump)
        rows.append(annotate(row, at_point(frameworks, found.point), here))
    rows.extend(_step_families(g, z, values))
    for d in values:
        started = time.perf_counter()
        named = [Named(f.framework, f.value) for f in at_point(frameworks, d.point)]
        analysed = _find(analyses, d.point)
        check = check_declared(problem, analysed, d, named)
        if convention is not None and check.verdict in (Verdict.PROVED, Verdict.UNDECIDED):
            check = against_convention(check, at_point(frameworks, d.point), d, convention, z)
        check = replace(check, certificate=kink_certificate(problem, analysed, d, check))
        checks.append(replace(check, seconds=time.perf_counter() - started + per_point))
    if convention is not None:
        checks.extend(replace(c, seconds=per_point)
                      for c in undeclared_checks(problem, analyses, frameworks, values, convention))
    if claim is not None:
        checks.extend(replace(c, seconds=per_point) for c in claim_checks(problem, claim, analyses, claim_line,
                                                                      name=name))
    return tuple(rows), tuple(checks)


def _pieces(g: sympy.Expr, z: sympy.Symbol, interval: sympy.Set) -> list[Piece] | None:
    """The pieces of g on each interval of the domain, in order (a union such as z != 0 has two)."""
    parts = interval.args if isinstance(interval, sympy.Union) else (interval,)
    found: list[Piece] = []
    for part in parts:
        split = pieces(g, z, part)
        if split is None:
            return None
        found.extend(split)
    return found


def _find(items: Sequence[_Located], p: sympy.Expr) -> _Located | None:
    """The first item at the point p (compared exactly, so 1/2 and 2/4 are one point)."""
    return next((item for item in items if same_point(item.point, p)), None)


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
        claim_parts = _pieces(claim, z, interval)
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
        if not result or not same_point(p, result[-1]):
            result.append(p)
    return result


def _open(part: Piece) -> sympy.Set:
    """The open interval a piece's formula holds on (its ends are breakpoints, candidates anyway)."""
    return sympy.Interval(part.lower, part.upper, left_open=True, right_open=True)


def _step_families(g: sympy.Expr, z: sympy.Symbol, values: Sequence[DeclaredValue]) -> list[Kink]:
    """One row per floor or ceiling in g: it jumps wherever its argument is an integer, infinitely often, so
    the points are named as a family (a declared point among them has its own row)."""
    rows = []
    for step in sorted((s for s in g.atoms(*_STEPS) if z in s.free_symbols), key=sympy.default_sort_key):
        argument = step.args[0]
        where = "k (each integer k)" if argument == z else f"solutions of {argument} = k (each integer k)"
        declared = [number(d.point) for d in values]
        also = f"; declared at {', '.join(declared)}" if declared else ""
        rows.append(Kink(point=where, continuous=False, left=None, right=None, differentiable=False, declared=None,
                         message=f"g jumps at {z} = {where}, where {type(step).__name__}({argument}) steps: no "
                                 f"derivative there{also}", jump=True, family=True))
    return rows


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
