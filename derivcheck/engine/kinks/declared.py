"""Judge a value declared under `at:` against what g does at that point (smooth, kink or jump).

The rules (DESIGN: points where g is not differentiable):
- where g is differentiable, the value must equal g';
- at a kink (g continuous, one-sided derivatives differ), it must lie between the one-sided derivatives (a
  subgradient);
- at a jump there is no derivative; a value equal to a one-sided derivative (the derivative of the branch on
  that side, which is what a framework returns there) or between them is accepted as a convention, any other
  value is refuted with both one-sided values shown;
- at any other discontinuity (a pole, or a single point whose value is off its limits) nothing can be
  declared;
- `undefined` declares that g' has no value there: accepted at a jump, at a kink or where g itself has no
  value, refuted where g is differentiable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import sympy

from derivcheck.engine.kinks.point import PointAnalysis, show
from derivcheck.engine.mathtext import math, number
from derivcheck.engine.numbers.exact_sign import equal, is_real_number, less, sign
from derivcheck.engine.problem import Problem
from derivcheck.lang.spellings import NO_DERIVATIVE
from derivcheck.results.checks import Check, CheckKind, Counterexample, Verdict

#: What `at:` says of a point where g' has no value.
UNDEFINED = NO_DERIVATIVE


@dataclass(frozen=True)
class DeclaredValue:
    """The value the spec assigns to g' at one point (`at:`); None: `undefined`, no value."""

    point: sympy.Expr  # exact
    value: sympy.Expr | None  # exact (may use parameter symbols); None for `undefined`
    line: int | None = None


@dataclass(frozen=True)
class Named:
    """A framework's value at the point, to name the frameworks whose convention a declared value is."""

    framework: str
    value: sympy.Expr


_NAMES = {"pytorch": "PyTorch", "jax": "JAX", "tensorflow": "TensorFlow"}


def check_declared(problem: Problem, found: PointAnalysis | None, declared: DeclaredValue,
                   frameworks: Sequence[Named] = ()) -> Check:
    """The `at` check of one declared value against what g does at that point."""
    p, v = declared.point, declared.value
    point = number(p)
    base = Check(kind=CheckKind.AT, label=f"g'({point})", verdict=Verdict.UNDECIDED, method=None, message="",
                 claim=None if v is None else math(v), line=declared.line, point=point)
    at = f"{problem.z} = {show(p)}"
    if v is not None and not is_real_number(v):
        return replace(base, verdict=Verdict.ERROR,
                       message=f"the value declared at {at} is not a real number")
    if found is None:
        return replace(base, message=f"g cannot be analysed at {at}")
    if v is None:
        return _check_undefined(base, found, at)
    if found.continuous is False and found.jump:
        return _check_jump(base, found, v, at, frameworks)
    if found.continuous is False:
        return replace(base, verdict=Verdict.REFUTED, method="continuity",
                       message=f"g is not continuous at {at}: no derivative there, nothing can be declared",
                       counterexample=Counterexample(number(p), "no derivative (g is not continuous)", number(v)))
    if found.differentiable is None:
        return replace(base, message=found.message)
    if found.differentiable:
        return _check_smooth(base, found, v, at)
    return _check_kink(base, found, v, at)


def _check_undefined(base: Check, found: PointAnalysis, at: str) -> Check:
    base = replace(base, method="no derivative")
    if found.continuous is False:
        return replace(base, verdict=Verdict.PROVED, message=f"g jumps at {at}: no derivative, as declared")
    if found.differentiable is False:
        return replace(base, verdict=Verdict.PROVED,
                       message=f"g is not differentiable at {at} ({_sides(found)}): no derivative, as declared")
    if found.differentiable and found.removable and found.message.find("has no value") >= 0:
        return replace(base, verdict=Verdict.PROVED,
                       message=f"g has no value at {at} (0/0 in its formula): no derivative, as declared")
    if found.differentiable and found.derivative is not None:
        truth = found.derivative
        return replace(base, verdict=Verdict.REFUTED, method="g' at a smooth point", truth=math(truth),
                       message=f"g is differentiable at {at} with g' = {show(truth)}: g' is not undefined there",
                       counterexample=Counterexample(number(found.point), show(truth), NO_DERIVATIVE))
    return replace(base, method=None, message=found.message)


def _check_jump(base: Check, found: PointAnalysis, v: sympy.Expr, at: str, frameworks: Sequence[Named]) -> Check:
    """A value at a jump: a convention when it is a one-sided derivative or between them."""
    jump = f"g jumps at {at}: no derivative"
    slopes = [(side, s) for side, s in (("left", found.left), ("right", found.right)) if s is not None]
    if not slopes:
        return replace(base, message=f"{jump}; its one-sided derivatives cannot be found to judge {show(v)}")
    named = _named(v, frameworks)
    finite = [(side, s) for side, s in slopes if s.is_finite]
    same = [(side, equal(v, s)) for side, s in finite]
    matches = [side for side, is_same in same if is_same]
    if matches:
        return replace(base, verdict=Verdict.PROVED, method="convention at a jump",
                       message=f"{jump}; {show(v)} is {_which(matches)}{named}")
    if any(is_same is None for _, is_same in same):
        return replace(base, message=f"{jump}; cannot tell whether {show(v)} equals a one-sided derivative "
                                     f"({_sides(found)})")
    if len(slopes) == 2:
        (_, first), (_, second) = slopes
        order = less(first, second)
        low, high = (first, second) if order else (second, first)
        above, below = less(low, v), less(v, high)
        if order is None or above is None or below is None:
            return replace(base, message=f"{jump}; cannot place {show(v)} against {_sides(found)}")
        if above and below:
            return replace(base, verdict=Verdict.PROVED, method="convention at a jump",
                           message=f"{jump}; {show(v)} lies between the one-sided derivatives ({_sides(found)})"
                                   f"{named}")
        allowed = f"[{show(low)}, {show(high)}]"
    else:
        allowed = show(slopes[0][1])  # one side only (an end of the domain): its derivative is the one value
    return replace(base, verdict=Verdict.REFUTED, method="convention at a jump",
                   message=(f"{jump}; a value declared there must be a one-sided derivative or lie between them "
                            f"({_sides(found)}), not {show(v)}"),
                   counterexample=Counterexample(number(found.point), f"{allowed} (one-sided derivatives at a jump)",
                                                 number(v)))


def _which(sides: list[str]) -> str:
    return "both the left and the right derivative" if len(sides) == 2 else f"the {sides[0]} derivative"


def _sides(found: PointAnalysis) -> str:
    parts = [f"{side} derivative {show(s)}" for side, s in (("left", found.left), ("right", found.right))
             if s is not None]
    return ", ".join(parts) or "no one-sided derivative found"


def _named(v: sympy.Expr, frameworks: Sequence[Named]) -> str:
    """' (PyTorch's value)' for the frameworks whose value here equals v."""
    names = [_NAMES.get(f.framework, f.framework) for f in frameworks if equal(f.value, v)]
    if not names:
        return ""
    return f" ({' and '.join(names)}'s value)" if len(names) <= 2 else f" ({', '.join(names)}' value)"


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
    if left is None or right is None:
        return _check_end(base, found, v, at)
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


def _check_end(base: Check, found: PointAnalysis, v: sympy.Expr, at: str) -> Check:
    """A value at an end of the domain where g is continuous but not differentiable: its one one-sided
    derivative is infinite (a finite one would make g differentiable there), so no number equals it."""
    side, slope = ("left", found.left) if found.right is None else ("right", found.right)
    if slope is None or slope.is_finite is not False:
        return replace(base, method=None, message=f"{found.message}; cannot judge {show(v)} there")
    return replace(base, verdict=Verdict.REFUTED, method="one-sided derivative at an end of the domain",
                   message=f"g's {side} derivative at {at} is {show(slope)}, at an end of the domain: it has no "
                           f"finite value, not {show(v)}",
                   counterexample=Counterexample(number(found.point), show(slope), number(v)))
