"""The claimed derivative's own value at the points where g is differentiable but the claim branches.

The proof of a claim covers the open pieces between breakpoints; a claim can still say something else at a
breakpoint itself: Piecewise((5, Eq(z, 0)), (cos(z), True)) for sin, or a branch written nan (no value) at a
point where g' has one.  Where the kink analysis finds g differentiable at such a point, the claim's value
there must equal g' (its limit, at a removable singularity).  Where g is not differentiable the claim's value
is a convention and is only noted (the `at:` value is what is checked there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sympy

from derivcheck.engine.kinks.onesided import value_at
from derivcheck.engine.kinks.point import PointAnalysis, show
from derivcheck.engine.mathtext import math, number
from derivcheck.engine.numbers.certify import NO_VALUE
from derivcheck.engine.numbers.exact_sign import is_real_number, sign
from derivcheck.engine.pieces import branch_at
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import Check, CheckKind, Counterexample, Verdict

__all__ = ["claim_checks"]

_BRANCHING = (sympy.Piecewise, sympy.Heaviside, sympy.sign, sympy.Abs, sympy.Max, sympy.Min)


def claim_checks(problem: Problem, claim: sympy.Expr, analyses: Sequence[PointAnalysis],
                 line: int | None, *, name: str = "g") -> list[Check]:
    """A REFUTED (or UNDECIDED) check for each such point where the claim's value is not g'.

    `name` is what problem.g is called in messages: "g'" when `claim` is a second derivative (the analyses are
    then those of g', and the claim is held to g'' where g' is differentiable)."""
    z = problem.z
    if not any(z in node.free_symbols for node in claim.atoms(*_BRANCHING)):
        return []  # a claim without branches has no value of its own at a point
    checks = []
    for found in analyses:
        if found.differentiable is not True or found.derivative is None:
            continue
        check = _at_point(problem, claim, found, line, name)
        if check is not None:
            checks.append(check)
    return checks


def _at_point(problem: Problem, claim: sympy.Expr, found: PointAnalysis, line: int | None,
              g: str = "g") -> Check | None:
    z, p, truth = problem.z, found.point, found.derivative
    assert truth is not None
    at = f"{z} = {show(p)}"
    d = f"{g}'"
    base = Check(kind=CheckKind.AT, label=f"{d}({number(p)}) [claim]", verdict=Verdict.UNDECIDED,
                 method="the claim at a smooth point", message="", truth=math(truth), line=line, point=number(p))
    branch = branch_at(claim, z, p)
    if branch is None:
        return _undecided(base, f"{g} is differentiable at {at} with {d} = {show(truth)}, but which branch of the "
                                "claim holds there cannot be decided")
    if branch.has(sympy.nan):
        return _refuted(base, found, NO_VALUE, f"the claim has no value at {at} (its branch there is nan), but {g} "
                                                  f"is differentiable there with {d} = {show(truth)}")
    given = value_at(claim, z, p)
    if isinstance(given, str) or not is_real_number(given):
        return None  # the claim's formula has no value there (0/0, as g' itself often has): nothing is said
    difference = sign(given - truth)
    if difference == 0:
        return None
    if difference is None:
        return _undecided(base, f"cannot tell whether the claim's {show(given)} at {at} equals {d} = {show(truth)}")
    return _refuted(base, found, number(given),
                    f"the claim gives {show(given)} at {at}, where {g} is differentiable with {d} = {show(truth)}",
                    claimed=given)


def _undecided(base: Check, message: str) -> Check:
    return replace(base, method=None, message=message)


def _refuted(base: Check, found: PointAnalysis, shown: str, message: str, claimed: sympy.Expr | None = None) -> Check:
    assert found.derivative is not None
    return replace(base, verdict=Verdict.REFUTED, message=message, claim=None if claimed is None else math(claimed),
                   counterexample=Counterexample(number(found.point), show(found.derivative), shown))
