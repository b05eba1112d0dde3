"""Judge a value declared under `at:` against what g does at that point (smooth, kink or jump)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy

from derivcheck.engine.kinks.point import PointAnalysis, show
from derivcheck.engine.mathtext import math, number
from derivcheck.engine.numbers.exact_sign import is_real_number, less, sign
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import Check, CheckKind, Counterexample, Verdict


@dataclass(frozen=True)
class DeclaredValue:
    """The value the spec assigns to g' at one point (`at:`)."""

    point: sympy.Expr  # exact
    value: sympy.Expr  # exact (may use parameter symbols)
    line: int | None = None


def check_declared(problem: Problem, found: PointAnalysis | None, declared: DeclaredValue) -> Check:
    """The `at` check of one declared value against what g does at that point."""
    p, v = declared.point, declared.value
    point = number(p)
    base = Check(kind=CheckKind.AT, label=f"g'({point})", verdict=Verdict.UNDECIDED, method=None, message="",
                 claim=math(v), line=declared.line, point=point)
    at = f"{problem.z} = {show(p)}"
    if not is_real_number(v):
        return replace(base, verdict=Verdict.ERROR,
                       message=f"the value declared at {at} is not a real number")
    if found is None:
        return replace(base, message=f"g cannot be analysed at {at}")
    if found.continuous is False:
        return replace(base, verdict=Verdict.REFUTED, method="continuity",
                       message=f"g is not continuous at {at}: no derivative there, nothing can be declared",
                       counterexample=Counterexample(number(p), "no derivative (g is not continuous)",
                                                     number(v)))
    if found.differentiable is None:
        return replace(base, message=found.message)
    if found.differentiable:
        return _check_smooth(base, found, v, at)
    return _check_kink(base, found, v, at)


def _check_smooth(base: Check, found: PointAnalysis, v: sympy.Expr, at: str) -> Check:
    assert found.derivative is not None
    truth = found.derivative
    difference = sign(v - truth)
    base = replace(base, truth=math(truth), method="g' at a smooth point")
    if difference is None:
        return replace(base, method=None,
                       message=f"cannot tell whether {show(v)} equals g' = {show(truth)}")
    if difference == 0:
        limit = " (the limit of g' at a removable singularity)" if found.removable else ""
        return replace(base, verdict=Verdict.PROVED,
                       message=f"g is differentiable at {at} and g' = {show(v)}{limit}")
    return replace(base, verdict=Verdict.REFUTED,
                   message=f"g is differentiable at {at} with g' = {show(truth)}, not {show(v)}",
                   counterexample=Counterexample(number(found.point), show(truth), number(v)))


def _check_kink(base: Check, found: PointAnalysis, v: sympy.Expr, at: str) -> Check:
    left, right = found.left, found.right
    assert left is not None and right is not None
    low, high = (left, right) if less(left, right) else (right, left)
    interval = f"[{show(low)}, {show(high)}]"
    base = replace(base, method=f"subgradient interval {interval}")
    where = (f"g is not differentiable at {at} "
             f"(left derivative {show(left)}, right derivative {show(right)})")
    to_left, to_right = sign(v - left) if left.is_finite else 1, sign(v - right) if right.is_finite else 1
    above, below = less(low, v), less(v, high)
    if to_left == 0 or to_right == 0:
        side = "left" if to_left == 0 else "right"
        return replace(base, verdict=Verdict.PROVED,
                       message=f"{where}; {show(v)} equals the {side} derivative")
    if above and below:
        return replace(base, verdict=Verdict.PROVED,
                       message=f"{where}; {show(v)} is strictly between the one-sided derivatives")
    if above is False or below is False:
        return replace(base, verdict=Verdict.REFUTED,
                       message=f"{where}; {show(v)} is outside {interval}",
                       counterexample=Counterexample(number(found.point), interval, number(v)))
    return replace(base, method=None, message=f"{where}; cannot place {show(v)} against {interval}")
