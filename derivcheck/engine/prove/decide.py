"""Decide one claim `claimed == truth`: counterexample search, symbolic proof, numeric confirmation."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

import sympy

from derivcheck.engine.mathtext import math
from derivcheck.engine.numbers.certify import NO_VALUE, Agreement, agreement, find_counterexample
from derivcheck.engine.numbers.points import sample_points
from derivcheck.engine.numbers.spot import SPOT_SECONDS, spot_checks
from derivcheck.engine.problem import Problem, sign_condition
from derivcheck.engine.prove.branch_points import branch_points, breakpoints_at_values
from derivcheck.engine.prove.certificate import proof_certificate, refutation_certificate
from derivcheck.engine.prove.symbolic import ProofAttempt, prove_zero
from derivcheck.results.checks import Check, CheckKind, Counterexample, Verdict

#: PROVED needs this many agreeing points in high precision besides the exact argument.
CONFIRMING_POINTS = 8

Partial = Callable[[Check], None]


def decide(
    problem: Problem,
    truth: sympy.Expr,
    claimed: sympy.Expr,
    *,
    kind: CheckKind,
    label: str,
    points: Sequence[sympy.Expr],
    deadline: float,
    line: int | None = None,
    partial: Partial | None = None,
    witness: sympy.Expr | None = None,
    written: sympy.Expr | None = None,
) -> Check:
    """The verdict on `claimed == truth` over the problem's domain (the soundness rules live here).

    `witness` is the function whose finite difference should match `truth` in the spot checks (g for g',
    g' for g''); identities have none.  `written` is the claim as float code computes it (for the float64
    column of the spot checks).
    """
    started = time.monotonic()
    base = Check(kind=kind, label=label, verdict=Verdict.UNDECIDED, method=None, message="",
                 claim=math(claimed), truth=math(truth), line=line)
    if partial is not None:
        # A claim that runs out of its budget still shows what it claimed, and later its spot checks.
        partial(replace(base, message="no counterexample found; no proof yet"))
    until = started + min(SPOT_SECONDS, max(0.0, deadline - started) / 4)
    evidence = spot_checks(problem, truth, claimed, points, witness=witness,
                           finite_difference=witness is not None, until=until, written=written) if points else ()

    def refuted(counterexample: Counterexample) -> Check:
        at = f"{problem.z} = {counterexample.point}"
        message = (f"the claim has no value at {at} (a branch written nan holds there), where the true value is "
                   f"{counterexample.expected}" if counterexample.claimed == NO_VALUE
                   else f"the claim differs from the true value at {at}")
        certificate, shown = refutation_certificate(problem, truth, claimed, counterexample, kind)
        return replace(base, verdict=Verdict.REFUTED, method="certified counterexample", message=message,
                       counterexample=shown, evidence=evidence, seconds=time.monotonic() - started,
                       certificate=certificate)

    # The spec's own points first: a claim wrong there is refuted at a point its author chose.  Where the
    # spot check found the sides equal to 25 digits there is nothing to look for.
    suspects = [p for p, row in zip(points, evidence, strict=True) if not row.agree] if evidence else points
    counterexample = find_counterexample(problem, truth, claimed, suspects)
    if counterexample is not None:
        return refuted(counterexample)
    undecided = replace(base, evidence=evidence, message="no counterexample found; no proof yet")
    if partial is not None:
        partial(undecided)
    avoid = breakpoints_at_values(problem, truth, claimed)
    # An exact proof next (normal form, per branch; parameters kept symbolic): when it succeeds, the
    # confirmation at CONFIRMING_POINTS points below doubles as the counterexample search (a certified
    # difference there is an ERROR).  Everything else, `simplify` above all (it has returned 0 for nonzero
    # expressions, sympy issue 23086), comes after the search, in the order it always had.
    attempt = prove_zero(problem, truth, claimed, deadline=deadline, simplify=False)
    mode = "symbolic"
    if not attempt.proved:
        # A local error hides between breakpoints: look inside every piece of g and both sides, the one the
        # proof could not close first, then at points sampled across the domain.
        unclosed = attempt.unclosed
        first = None if unclosed is None else (problem.with_values(unclosed[0]), problem.with_values(unclosed[1]))
        near = branch_points(problem, (truth, claimed), first=first)
        counterexample = find_counterexample(problem, truth, claimed,
                                             [*near, *sample_points(problem, 16, avoid=avoid)])
        if counterexample is not None:
            return refuted(counterexample)
        attempt, mode, details = exact_proof(problem, truth, claimed, deadline=deadline, tried=("symbolic",))
    if not attempt.proved:
        return replace(undecided, seconds=time.monotonic() - started,
                       message="no proof found and no counterexample: " + "; ".join(d for d in details if d))
    confirm = confirmation(problem, truth, claimed, avoid=avoid)
    verdict = confirmation_verdict(confirm)
    method = f"{attempt.method}{_scope_note(problem, mode)}"
    elapsed = time.monotonic() - started
    if verdict is Verdict.ERROR:
        bad = confirm.disagreeing[0]
        return replace(base, verdict=Verdict.ERROR, method=method, evidence=evidence, counterexample=bad,
                       seconds=elapsed,
                       message=(f"internal inconsistency: {attempt.method} says the two sides are equal, but "
                                f"they differ at {problem.z} = {bad.point} ({bad.expected} vs {bad.claimed})"))
    if verdict is Verdict.UNDECIDED:
        return replace(undecided, seconds=elapsed, method=method,
                       message=(f"{attempt.method} closed the claim, but only {len(confirm.agreeing)} of "
                                f"{CONFIRMING_POINTS} points could confirm it numerically"))
    return replace(base, verdict=Verdict.PROVED, method=method, evidence=evidence, seconds=elapsed,
                   message=f"{attempt.detail} Confirmed at {len(confirm.agreeing)} points.".strip(),
                   certificate=proof_certificate(problem, truth, claimed, attempt, mode, kind=kind))


def confirm_equal(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, *, kind: CheckKind, label: str,
                  deadline: float) -> Check:
    """`decide` for the many small equalities of an explained derivative, which have no spot points.

    Then the exact proof comes first and its numeric confirmation doubles as the counterexample search; only
    without a proof is the search widened (and `simplify` tried).
    """
    return decide(problem, truth, claimed, kind=kind, label=label, points=(), deadline=deadline)


def exact_proof(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, *, deadline: float,
                tried: tuple[str, ...] = ()) -> tuple[ProofAttempt, str, list[str]]:
    """The first proof found with the parameters symbolic, then with their values: (attempt, mode, why not).

    The exact normal form (per branch where needed, on the domain) is tried in both modes before `simplify`
    in either (`tried` names the modes whose exact attempt the caller has made already): it always ends, and
    quickly, while `simplify` can take seconds to fail.  `simplify` is tried only while `deadline` lies ahead.
    """
    modes = ("symbolic", "values") if problem.has_parameters else ("symbolic",)
    details: list[str] = []
    attempt = ProofAttempt(False, None, "no proof tried")
    mode = modes[0]
    for simplify in (False, True):
        for mode in modes:
            if not simplify and mode in tried:
                continue
            attempt = prove_zero(problem, truth, claimed, deadline=deadline, parameters=mode, simplify=simplify)
            if attempt.proved:
                return attempt, mode, details
            if simplify:
                details.append(attempt.detail)
    return attempt, mode, details


def confirmation(problem: Problem, truth: sympy.Expr, claimed: sympy.Expr, *,
                 avoid: Sequence[sympy.Expr] = ()) -> Agreement:
    """The numeric half of PROVED: the sides compared in high precision at fresh points of the domain (none in
    `avoid`) until CONFIRMING_POINTS agree, or one certified difference shows the exact argument wrong."""
    return agreement(problem, truth, claimed, sample_points(problem, 4 * CONFIRMING_POINTS, seed=1, avoid=avoid),
                     need=CONFIRMING_POINTS)


def confirmation_verdict(found: Agreement) -> Verdict:
    """What a confirmation makes of an exact proof: PROVED with CONFIRMING_POINTS agreeing points, ERROR (an
    internal inconsistency) with a certified difference, UNDECIDED with too few points either way."""
    if found.disagreeing:
        return Verdict.ERROR
    return Verdict.PROVED if len(found.agreeing) >= CONFIRMING_POINTS else Verdict.UNDECIDED


def _scope_note(problem: Problem, mode: str) -> str:
    if not problem.has_parameters:
        return ""
    if mode == "symbolic":
        signs = ", ".join(f"{p} {sign_condition(v)}" for p, v in problem.parameters.items())
        return f" (for all {signs})"
    values = ", ".join(f"{p} = {v}" for p, v in problem.parameters.items())
    return f" (for {values} only)"


