"""Decide one claim `claimed == truth`: counterexample search, symbolic proof, numeric confirmation."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

import sympy

from derivcheck.engine.mathtext import math
from derivcheck.engine.numeric import agreement, find_counterexample, sample_points
from derivcheck.engine.pieces import breakpoints
from derivcheck.engine.problem import Problem
from derivcheck.engine.spot import spot_checks
from derivcheck.engine.symbolic import prove_zero
from derivcheck.results import Check, Verdict

#: PROVED needs this many agreeing points in high precision besides the exact argument.
CONFIRMING_POINTS = 8

Partial = Callable[[Check], None]


def decide(
    problem: Problem,
    truth: sympy.Expr,
    claimed: sympy.Expr,
    *,
    kind: str,
    label: str,
    points: Sequence[sympy.Expr],
    deadline: float,
    line: int | None = None,
    partial: Partial | None = None,
    witness: sympy.Expr | None = None,
) -> Check:
    """The verdict on `claimed == truth` over the problem's domain (the soundness rules live here).

    `witness` is the function whose finite difference should match `truth` in the spot checks (g for g',
    g' for g''); identities have none.
    """
    started = time.monotonic()
    base = Check(kind=kind, label=label, verdict=Verdict.UNDECIDED, method=None, message="",
                 claim=math(claimed), truth=math(truth), line=line)
    evidence = spot_checks(problem, truth, claimed, points, witness=witness,
                           finite_difference=witness is not None) if points else ()
    avoid = _breakpoints(problem, truth, claimed)
    search = [*points, *sample_points(problem, 16, avoid=avoid)]
    counterexample = find_counterexample(problem, truth, claimed, search)
    if counterexample is not None:
        return replace(base, verdict=Verdict.REFUTED, method="certified counterexample",
                       message=f"the claim differs from the true value at {problem.z} = {counterexample.point}",
                       counterexample=counterexample, evidence=evidence, seconds=time.monotonic() - started)
    undecided = replace(base, evidence=evidence, message="no counterexample found; no proof yet")
    if partial is not None:
        partial(undecided)
    modes = ("symbolic", "values") if problem.has_parameters else ("symbolic",)
    details: list[str] = []
    for mode in modes:
        attempt = prove_zero(problem, truth, claimed, deadline=deadline, parameters=mode)
        if attempt.proved:
            break
        details.append(attempt.detail)
    else:
        return replace(undecided, seconds=time.monotonic() - started,
                       message="no proof found and no counterexample: " + "; ".join(d for d in details if d))
    confirm = agreement(problem, truth, claimed, sample_points(problem, 4 * CONFIRMING_POINTS, seed=1, avoid=avoid),
                        need=CONFIRMING_POINTS)
    method = f"{attempt.method}{_scope_note(problem, mode)}"
    elapsed = time.monotonic() - started
    if confirm.disagreeing:
        bad = confirm.disagreeing[0]
        return replace(base, verdict=Verdict.ERROR, method=method, evidence=evidence, counterexample=bad,
                       seconds=elapsed,
                       message=(f"internal inconsistency: {attempt.method} says the two sides are equal, but "
                                f"they differ at {problem.z} = {bad.point} ({bad.expected} vs {bad.claimed})"))
    if len(confirm.agreeing) < CONFIRMING_POINTS:
        return replace(undecided, seconds=elapsed, method=method,
                       message=(f"{attempt.method} closed the claim, but only {len(confirm.agreeing)} of "
                                f"{CONFIRMING_POINTS} points could confirm it numerically"))
    return replace(base, verdict=Verdict.PROVED, method=method, evidence=evidence, seconds=elapsed,
                   message=f"{attempt.detail} Confirmed at {len(confirm.agreeing)} points.".strip())


def _scope_note(problem: Problem, mode: str) -> str:
    if not problem.has_parameters:
        return ""
    if mode == "symbolic":
        signs = ", ".join(f"{p} {_sign(v)}" for p, v in problem.parameters.items())
        return f" (for all {signs})"
    values = ", ".join(f"{p} = {v}" for p, v in problem.parameters.items())
    return f" (for {values} only)"


def _sign(value: sympy.Expr) -> str:
    if value.is_positive:
        return "> 0"
    if value.is_negative:
        return "< 0"
    return "= 0" if value.is_zero else "real"


def _breakpoints(problem: Problem, *exprs: sympy.Expr) -> list[sympy.Expr]:
    points: list[sympy.Expr] = []
    for expr in (problem.g, *exprs):
        found = breakpoints(problem.with_output(expr), problem.z, problem.parameters)
        points.extend(p.xreplace(dict(problem.parameters)) for p in found or ())
    return points
