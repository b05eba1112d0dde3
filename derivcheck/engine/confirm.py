"""Decide many small equalities quickly: exact proof first, then numeric confirmation (decide's rules).

`decide` searches for a counterexample before it tries a proof, which is right for a user's claim but slow
for the dozens of true equalities of an explained derivative (a high-precision search at |z| up to 100 is
costly for erf).  Here the order is reversed; the verdicts follow the same rules: PROVED needs an exact
argument *and* agreement at CONFIRMING_POINTS points, a certified disagreement with a proof is an ERROR, and
without a proof a certified counterexample REFUTES, else the claim is UNDECIDED.
"""

from __future__ import annotations

import time
from dataclasses import replace

import sympy

from derivcheck.engine.decide import CONFIRMING_POINTS
from derivcheck.engine.mathtext import math
from derivcheck.engine.numeric import agreement, find_counterexample, sample_points
from derivcheck.engine.pieces import breakpoints
from derivcheck.engine.problem import Problem
from derivcheck.engine.symbolic import prove_zero
from derivcheck.results import Check, Verdict

__all__ = ["confirm_equal"]


def confirm_equal(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, *, kind: str, label: str,
                  deadline: float) -> Check:
    """The verdict on claimed == truth over the problem's domain, proof first."""
    started = time.monotonic()
    avoid = _avoid(problem, truth, claimed)
    base = Check(kind=kind, label=label, verdict=Verdict.UNDECIDED, method=None, message="",
                 claim=math(claimed), truth=math(truth))
    modes = ("symbolic", "values") if problem.has_parameters else ("symbolic",)
    details: list[str] = []
    for mode in modes:
        attempt = prove_zero(problem, truth, claimed, deadline=deadline, parameters=mode)
        if attempt.proved:
            break
        details.append(attempt.detail)
    else:
        found = find_counterexample(problem, truth, claimed, sample_points(problem, 16, avoid=avoid))
        seconds = time.monotonic() - started
        if found is not None:
            return replace(base, verdict=Verdict.REFUTED, method="certified counterexample", counterexample=found,
                           seconds=seconds, message=f"the two sides differ at {problem.z} = {found.point}")
        return replace(base, seconds=seconds,
                       message="no proof found and no counterexample: " + "; ".join(d for d in details if d))
    method = f"{attempt.method}{_scope(problem, mode)}"
    points = sample_points(problem, 4 * CONFIRMING_POINTS, seed=1, avoid=avoid)
    confirm = agreement(problem, truth, claimed, points, need=CONFIRMING_POINTS, avoid=avoid)
    seconds = time.monotonic() - started
    if confirm.disagreeing:
        bad = confirm.disagreeing[0]
        return replace(base, verdict=Verdict.ERROR, method=method, counterexample=bad, seconds=seconds,
                       message=(f"internal inconsistency: {attempt.method} says the two sides are equal, "
                                f"but they differ at {problem.z} = {bad.point}"))
    if len(confirm.agreeing) < CONFIRMING_POINTS:
        return replace(base, method=method, seconds=seconds,
                       message=(f"{attempt.method} closed it, but only {len(confirm.agreeing)} of "
                                f"{CONFIRMING_POINTS} points could confirm it numerically"))
    return replace(base, verdict=Verdict.PROVED, method=method, seconds=seconds,
                   message=f"{attempt.detail} Confirmed at {len(confirm.agreeing)} points.".strip())


def _scope(problem: Problem, mode: str) -> str:
    """Which parameter values the proof covers: every value of the same sign, or only the given ones."""
    if not problem.has_parameters:
        return ""
    if mode == "values":
        return " (for " + ", ".join(f"{p} = {v}" for p, v in problem.parameters.items()) + " only)"
    signs = [f"{p} {'> 0' if v.is_positive else '< 0' if v.is_negative else '= 0'}"
             for p, v in problem.parameters.items()]
    return " (for all " + ", ".join(signs) + ")"


def _avoid(problem: Problem, *exprs: sympy.Expr) -> list[sympy.Expr]:
    """Breakpoints of g and of both sides: sample points there would only be inconclusive."""
    points: list[sympy.Expr] = []
    for expr in (problem.g, *exprs):
        found = breakpoints(problem.with_output(expr), problem.z, problem.parameters)
        points.extend(p.xreplace(dict(problem.parameters)) for p in found or ())
    return points
