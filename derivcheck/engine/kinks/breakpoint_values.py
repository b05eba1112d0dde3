"""The breakpoints a per-branch proof leaves out, for claims other than g': identities and second derivatives.

A per-branch proof shows claimed - truth = 0 on every open piece between breakpoints; at a breakpoint p both
one-sided limits of the difference are then 0, so the claim holds at p exactly when the difference is 0 at p
itself, and a side that branches at p (Piecewise((1, Eq(z, 0)), (z, True)), sign(z)**2) can make it nonzero
there.  For g' the kink analysis of g judges such points (`claim_values`).  Here:

- an identity lhs = rhs: at every breakpoint in the domain where both sides have a value, the values must be
  equal.  A side with no value there (0/0, a pole, a non-real value) makes p no point of the identity, and a
  value that depends on Heaviside(0) is a convention that decides nothing.  A right side written nan there
  where the left side has a value is a counterexample, as for a derivative.
- a second derivative: where g' is differentiable at such a point, the claim's value must equal g'' there,
  which is `claim_checks` on the kink analysis of g' (where g' is not differentiable, g'' has no value and the
  claim's is a convention, as for g').

A value that cannot be computed exactly leaves the claim UNDECIDED, never PROVED.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy

from derivcheck.engine.calculus import derivative
from derivcheck.engine.kinks.analysis import analyse_kinks
from derivcheck.engine.mathtext import number
from derivcheck.engine.numbers.certify import NO_VALUE
from derivcheck.engine.numbers.exact_sign import is_real_number, sign
from derivcheck.engine.pieces import branch_at, breakpoints, has_branches, heaviside_conventions
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import Check, Counterexample, Verdict

__all__ = ["at_breakpoints"]

_PER_BRANCH = "per-branch"


@dataclass(frozen=True)
class _Value:
    """A side's exact value at a point; `none` when it has no value there (or only a convention gives one)."""

    value: sympy.Expr | None = None
    none: bool = False
    unknown: str = ""


def at_breakpoints(check: Check, problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, *,
                   second_derivative: bool = False) -> Check:
    """`check` (a PROVED identity or second derivative) with its verdict held to the breakpoints its per-branch
    proof left out: REFUTED at a point where the claim certainly differs, UNDECIDED where that cannot be told."""
    if check.verdict is not Verdict.PROVED or not (check.method or "").startswith(_PER_BRANCH):
        return check
    if second_derivative:
        g1 = derivative(problem.g, problem.z, 1)
        _, found = analyse_kinks(replace(problem, g=g1), claimed_derivative=claimed, claim_line=check.line,
                                 name="g'")
        if not found and has_branches(problem.with_values(g1)) and not _located(problem, g1):
            return _undecided(check, "the points where g' may not be differentiable cannot be located")
        for verdict in (Verdict.REFUTED, Verdict.UNDECIDED):
            bad = next((c for c in found if c.verdict is verdict and c.label.endswith("[claim]")), None)
            if bad is not None:
                return replace(check, verdict=verdict, method=bad.method if verdict is Verdict.REFUTED else None,
                               message=bad.message, counterexample=bad.counterexample)
        return check
    return _identity(check, problem, truth, claimed)


def _located(problem: Problem, expr: sympy.Expr) -> bool:
    return breakpoints(problem.with_values(expr), problem.z) is not None


def _identity(check: Check, problem: Problem, truth: sympy.Expr, claimed: sympy.Expr) -> Check:
    z = problem.z
    lhs, rhs = problem.with_values(truth), problem.with_values(claimed)
    points = breakpoints(rhs - lhs, z)
    if points is None:
        return _undecided(check, "the breakpoints of the two sides cannot be located")
    for p in points:
        if not is_real_number(p) or problem.interval.contains(p) is not sympy.true:
            continue
        left, right = _value(lhs, z, p), _value(rhs, z, p)
        at = f"{z} = {number(p)}"
        if left.unknown or right.unknown:
            return _undecided(check, f"the value of a side at the breakpoint {at} cannot be computed exactly "
                                     f"({left.unknown or right.unknown})")
        chosen = branch_at(rhs, z, p)
        if left.value is not None and chosen is not None and chosen.has(sympy.nan):
            return _refuted(check, p, left.value, NO_VALUE,
                            f"the right side has no value at {at} (its branch there is nan), but the left side "
                            f"is {number(left.value)}")
        if left.value is None or right.value is None:
            continue
        difference = sign(right.value - left.value)
        if difference == 0:
            continue
        if difference is None:
            return _undecided(check, f"cannot tell whether the two sides are equal at the breakpoint {at}")
        return _refuted(check, p, left.value, number(right.value),
                        f"the two sides differ at the breakpoint {at}: {number(left.value)} and "
                        f"{number(right.value)} (equal on either side of it)")
    return check


def _value(expr: sympy.Expr, z: sympy.Symbol, p: sympy.Expr) -> _Value:
    """expr at z = p exactly, with every convention for Heaviside(0) (one that matters gives no value)."""
    variants = heaviside_conventions(expr, z)
    values = []
    for variant in variants:
        try:
            value = variant.subs(z, p)
        except (TypeError, ValueError) as error:
            return _Value(unknown=f"{type(error).__name__}")
        if value.has(sympy.S.NaN, sympy.S.ComplexInfinity) or value.is_finite is False \
                or value.is_extended_real is False:
            return _Value(none=True)  # no finite real value: no point of the identity
        if not is_real_number(value):
            return _Value(unknown=f"{value} is not a number derivcheck can compare exactly")
        values.append(value)
    if any(sign(v - values[0]) != 0 for v in values[1:]):
        return _Value(none=True)  # only the choice of Heaviside(0) gives it a value
    return _Value(values[0])


def _undecided(check: Check, why: str) -> Check:
    return replace(check, verdict=Verdict.UNDECIDED, method=None,
                   message=f"{check.method} closed the claim on the open pieces, but {why}")


def _refuted(check: Check, p: sympy.Expr, expected: sympy.Expr, claimed: str, message: str) -> Check:
    return replace(check, verdict=Verdict.REFUTED, method="the claim at a breakpoint", message=message,
                   counterexample=Counterexample(number(p), number(expected), claimed))
