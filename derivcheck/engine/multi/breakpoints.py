"""The breakpoints a per-branch proof along one variable leaves out, for claims of several variables.

A per-branch proof along z shows claimed - truth = 0 on every open piece between breakpoints (which may move
with the other variables, z = y), so both sides have the same one-sided limits at a breakpoint p; the value
at p itself is not covered.  A side that branches at p (Piecewise((5, Eq(z, 0)), (y + 1, True)) for
d(z*y + z)/dz) can make the claim wrong there.  No kink analysis judges such points for several variables, so
here a proof stands only if, at every breakpoint p that may lie in the variable's domain:

- for a derivative along the variable it differentiates by (along another, neither argument holds), the
  claim's value at p equals a one-sided limit of the truth there (if g is differentiable at p, g'(p) is that
  limit, by the mean value theorem), or the truth jumps at p by an amount nonzero for every value of the
  others (a derivative has no jumps, so g is not differentiable there and the claim's value is a convention,
  as for one variable); a truth written with Heaviside (from Max) is judged by its limits, not by a convention
  for Heaviside(0);
- otherwise (an identity, or limits not found), the difference at p has exp-rational normal form 0 for every
  value of the others, under every convention for Heaviside(0).

When which branch holds at p cannot be decided, every branch must pass.  Otherwise the claim is not proved
(UNDECIDED unless a counterexample is found): never PROVED on the open pieces alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import sympy

from derivcheck.engine.kinks.onesided import smooth
from derivcheck.engine.pieces import (
    branch_at,
    branch_choices,
    breakpoints,
    heaviside_conventions,
    pieces,
    to_piecewise,
)
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.normal_form import exp_rational_zero
from derivcheck.engine.prove.symbolic import PER_BRANCH, ProofAttempt

__all__ = ["hold_at_breakpoints"]

_NO_VALUE = (sympy.S.NaN, sympy.S.ComplexInfinity, sympy.S.Infinity, sympy.S.NegativeInfinity)

# A breakpoint and the truth's finite limits there from the left and from the right (None: none found).
_Limits = tuple[sympy.Expr, sympy.Expr | None, sympy.Expr | None]


def hold_at_breakpoints(attempt: ProofAttempt, axis: Problem, truth: sympy.Expr, claimed: sympy.Expr, *,
                        derivative: bool, function: sympy.Expr | None = None) -> ProofAttempt:
    """`attempt`, or a failed one when its per-branch proof along `axis.z` leaves a breakpoint where the claim
    may differ from the truth.  `derivative`: the truth differentiates by `axis.z`; `function`: what the truth
    differentiates (None for an identity)."""
    if not attempt.proved or not (attempt.method or "").startswith(PER_BRANCH):
        return attempt
    z = axis.z
    difference = claimed - truth
    points = breakpoints(difference, z, dict(axis.parameters), for_all=True)
    if points is None:
        return _failed(attempt, "its breakpoints cannot be located for every value of the other variables")
    limits = _limits(truth, claimed, axis) if derivative else []
    for p in points:
        if axis.interval.contains(p) is sympy.false:
            continue  # outside the domain (for every value of the others): no point of the claim
        sides = [s for s in _sides(p, limits) if s is not None]
        if len(sides) == 2 and _nonzero(sides[0] - sides[1]):
            continue  # the function is not differentiable there: the claim's value is a convention
        if function is not None and _on_a_step(function, axis, p) and not _held(difference, [sympy.S.Zero], z, p,
                                                                                   some=True):
            continue  # the function's own Heaviside(0) decides it there: one convention for all sides fits
        subject, targets = (claimed, sides) if sides else (difference, [sympy.S.Zero])
        why = _held(subject, targets, z, p)
        if why:
            return _failed(attempt, why)
    return attempt


def _held(subject: sympy.Expr, targets: Sequence[sympy.Expr], z: sympy.Symbol, p: sympy.Expr, *,
          some: bool = False) -> str:
    """Why `subject` at z = p is not shown equal to one of `targets` under every convention for Heaviside(0), or
    with `some`, under at least one ("" if it is)."""
    failures = [_held_under(value, targets, z, p) for value in heaviside_conventions(subject)]
    failed = [why for why in failures if why]
    return "" if (len(failed) < len(failures) if some else not failed) else failed[0]


def _held_under(value: sympy.Expr, targets: Sequence[sympy.Expr], z: sympy.Symbol, p: sympy.Expr) -> str:
    """Why `value` at z = p is not shown equal to one of `targets` ("" if it is)."""
    chosen = branch_at(value, z, p)
    if chosen is None:
        every = list(branch_choices(to_piecewise(value, z).subs(z, p)))
        if not all(any(exp_rational_zero(v - t, z) for t in targets) for v in every):
            return f"which branch holds at {z} = {p} cannot be decided"
        return ""
    at = chosen.subs(z, p)
    if at.has(sympy.S.NaN, sympy.S.ComplexInfinity):
        return ""  # a side has no value there: no point of the claim
    if not any(exp_rational_zero(at - t, z) for t in targets):
        return f"the two sides are not shown equal at {z} = {p}"
    return ""


def _on_a_step(function: sympy.Expr, axis: Problem, p: sympy.Expr) -> bool:
    """Whether the function branches by Heaviside only and its value at z = p depends on Heaviside(0) (shown at
    the sample values of the others): there sympy's convention, not the function, decides it, and the truth,
    the derivative of the function with Heaviside(0) = c, is the truth with Heaviside(0) = c."""
    steps = function.atoms(sympy.Heaviside)
    if not steps or function.has(sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.sign, sympy.DiracDelta):
        return False
    at = [function.xreplace({h: sympy.Heaviside(h.args[0], c) for h in steps}).subs(axis.z, p)
          for c in (sympy.S.Zero, sympy.S.One)]
    shift = (at[0] - at[1]).xreplace(dict(axis.parameters))
    return bool(shift.is_number and shift.is_zero is False)


def _limits(truth: sympy.Expr, claimed: sympy.Expr, axis: Problem) -> list[_Limits]:
    """The truth's one-sided limits at each breakpoint of either side (and at the domain's finite ends), from
    the formulas on the pieces of both sides at once."""
    z, mark = axis.z, sympy.Dummy("claimed")
    parts = pieces(truth + mark * claimed, z, axis.interval, dict(axis.parameters), for_all=True)
    if parts is None:
        return []
    found: list[_Limits] = [(parts[0].lower, None, _end(parts[0].expr, mark, z, parts[0].lower))]
    found += [(left.upper, _end(left.expr, mark, z, left.upper), _end(right.expr, mark, z, left.upper))
              for left, right in pairwise(parts)]
    found.append((parts[-1].upper, _end(parts[-1].expr, mark, z, parts[-1].upper), None))
    return found


def _end(formula: sympy.Expr, mark: sympy.Dummy, z: sympy.Symbol, p: sympy.Expr) -> sympy.Expr | None:
    """The truth's limit at p from a piece's formula (truth + mark*claimed); None unless finite and smooth."""
    if p.has(*_NO_VALUE):
        return None
    own = formula.xreplace({mark: sympy.S.Zero})
    if not smooth(own, z):
        return None
    value = own.subs(z, p)
    return None if value.has(*_NO_VALUE) else value


def _sides(p: sympy.Expr, limits: Sequence[_Limits]) -> tuple[sympy.Expr | None, sympy.Expr | None]:
    for q, left, right in limits:
        if sympy.simplify(p - q) == 0:
            return left, right
    return None, None


def _nonzero(expr: sympy.Expr) -> bool:
    """Nonzero for every value of its symbols (as their assumptions say)."""
    return sympy.simplify(expr).is_zero is False


def _failed(attempt: ProofAttempt, why: str) -> ProofAttempt:
    return ProofAttempt(False, None, f"{attempt.method}: equal on the open pieces, but {why}")
