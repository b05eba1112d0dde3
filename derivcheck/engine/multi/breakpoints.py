"""The breakpoints a per-branch proof along one variable leaves out, for claims of several variables.

A per-branch proof along z shows claimed - truth = 0 on every open piece between breakpoints (which may move
with the other variables, z = y); both one-sided limits of the difference at a breakpoint p are then 0, so the
claim holds at p exactly when the difference is 0 at p itself.  A side that branches at p
(Piecewise((5, Eq(z, 0)), (y + 1, True)) for d(z*y + z)/dz) can make it nonzero there.  No kink analysis judges
such points for several variables, so here a proof stands only if, at every breakpoint p that may lie in the variable's
domain, either the difference at p has exp-rational normal form 0 for every value of the others (under every
branch that may hold there, when which one does cannot be decided), or (for a derivative) the truth jumps at p
by an amount nonzero for every value of the others: a derivative has no jumps (Darboux), so the function is
not differentiable there and the claim's value is a convention, as for one variable.  A breakpoint of the
truth where it does not jump (Max(z, 0)**2, y*|z - y| at y = 0) is held like any other.  Otherwise the claim
is not proved (UNDECIDED unless a counterexample is found): never PROVED on the open pieces alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import sympy

from derivcheck.engine.pieces import branch_at, breakpoints, has_branches, pieces, to_piecewise
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.normal_form import exp_rational_zero
from derivcheck.engine.prove.symbolic import PER_BRANCH, ProofAttempt

__all__ = ["hold_at_breakpoints"]


def hold_at_breakpoints(attempt: ProofAttempt, axis: Problem, truth: sympy.Expr, claimed: sympy.Expr, *,
                        derivative: bool) -> ProofAttempt:
    """`attempt`, or a failed one when its per-branch proof along `axis.z` leaves a breakpoint where the claim
    may differ from the truth."""
    if not attempt.proved or not (attempt.method or "").startswith(PER_BRANCH):
        return attempt
    z, others = axis.z, dict(axis.parameters)
    difference = claimed - truth
    points = breakpoints(difference, z, others, for_all=True)
    if points is None:
        return _failed(attempt, "its breakpoints cannot be located for every value of the other variables")
    jumps = _jumps(truth, axis) if derivative and has_branches(truth) else []
    for p in points:
        if axis.interval.contains(p) is sympy.false:
            continue  # outside the domain (for every value of the others): no point of the claim
        if any(sympy.simplify(p - q) == 0 for q in jumps):
            continue  # the function is not differentiable there: the claim's value is a convention
        for value in _conventions(difference):
            chosen = branch_at(value, z, p)
            if chosen is None:
                if not all(exp_rational_zero(v, z) for v in _every_branch(to_piecewise(value, z).subs(z, p))):
                    return _failed(attempt, f"which branch holds at {z} = {p} cannot be decided")
                continue
            at = chosen.subs(z, p)
            if at.has(sympy.S.NaN, sympy.S.ComplexInfinity):
                break  # a side has no value there: no point of the claim
            if not exp_rational_zero(at, z):
                return _failed(attempt, f"the two sides are not shown equal at {z} = {p}")
    return attempt


def _jumps(truth: sympy.Expr, axis: Problem) -> list[sympy.Expr]:
    """The breakpoints of the truth along `axis.z` where its one-sided limits differ for every value of the
    others (both finite)."""
    z = axis.z
    parts = pieces(truth, z, axis.interval, dict(axis.parameters), for_all=True)
    if parts is None:
        return []
    found = []
    for left, right in pairwise(parts):
        p = left.upper
        ends = [e.subs(z, p) for e in (left.expr, right.expr)]
        if any(e.has(sympy.S.NaN, sympy.S.ComplexInfinity, sympy.S.Infinity, sympy.S.NegativeInfinity)
               for e in ends):
            continue
        if sympy.simplify(ends[0] - ends[1]).is_zero is False:
            found.append(p)
    return found


def _every_branch(expr: sympy.Expr) -> Iterator[sympy.Expr]:
    """Every Piecewise-free expression obtained by choosing one branch at each Piecewise (a superset)."""
    nested = sorted(expr.atoms(sympy.Piecewise), key=sympy.count_ops)
    if not nested:
        yield expr
        return
    inner = nested[0]  # a Piecewise of minimal size contains no other Piecewise
    for branch, _ in inner.args:
        yield from _every_branch(expr.xreplace({inner: branch}))


def _conventions(expr: sympy.Expr) -> list[sympy.Expr]:
    """expr with each convention for Heaviside(0): the difference must vanish under all of them."""
    steps = list(expr.atoms(sympy.Heaviside))
    if not steps:
        return [expr]
    return [expr.xreplace({h: sympy.Heaviside(h.args[0], h0) for h in steps})
            for h0 in (sympy.S.Zero, sympy.S.Half, sympy.S.One)]


def _failed(attempt: ProofAttempt, why: str) -> ProofAttempt:
    return ProofAttempt(False, None, f"{attempt.method}: equal on the open pieces, but {why}")
