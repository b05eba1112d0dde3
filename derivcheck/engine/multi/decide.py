"""Decide one claim of several variables with the one-variable rules: REFUTED only on a difference certified at
two precisions, PROVED only on an exact argument that `CONFIRMING_POINTS` agreeing points confirm, ERROR when
the numbers contradict the argument.

The rules are `decide`'s own functions (`confirmation`, `confirmation_verdict`, `certify_difference`,
`find_counterexample`), applied on lines through the domain (see `lines`): every point they use is a point of
the domain in all variables, on every declared constraint.
"""

from __future__ import annotations

import math as _math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import sympy

from derivcheck.engine.mathtext import math
from derivcheck.engine.multi.build import MultiBuilt
from derivcheck.engine.multi.cases import Case, on_edge
from derivcheck.engine.multi.lines import Line, axis_line, point_text, random_lines
from derivcheck.engine.multi.problem import MultiProblem
from derivcheck.engine.multi.prove import Proof, prove_numbers, spans
from derivcheck.engine.multi.subject import SAMPLED_SIZES, Subject, case_of, cases_of, default_points, spot_evidence
from derivcheck.engine.multi.vector import prove_each_size, prove_every_size
from derivcheck.engine.numbers.certify import Agreement, agreement, certify_difference, find_counterexample
from derivcheck.engine.numbers.points import sample_points
from derivcheck.engine.prove.branch_points import branch_points, breakpoints_at_values
from derivcheck.engine.prove.decide import CONFIRMING_POINTS, confirmation, confirmation_verdict
from derivcheck.engine.prove.symbolic import ProofAttempt
from derivcheck.results.checks import Check, Counterexample, SpotCheck, Verdict
from derivcheck.results.scope import Coverage, Scope, Size, scope_note

__all__ = ["decide_multi"]

_SEARCH_LINES = 2
_SEARCH_SAMPLES = 12

Progress = Callable[[Check], None]


def decide_multi(built: MultiBuilt, subject: Subject, *, points: Sequence[Mapping[str, sympy.Expr]] = (),
                 deadline: float, partial: Progress | None = None) -> Check:
    """The verdict on one claim of a spec of several variables."""
    started = time.monotonic()
    problem = built.problem
    base = Check(kind=subject.kind, label=subject.label, verdict=Verdict.UNDECIDED, method=None, message="",
                 claim=math(subject.shown_claim), truth=math(subject.shown_truth), line=subject.line,
                 partial=subject.partial)
    cases = cases_of(problem, subject)
    evidence = spot_evidence(problem, subject, cases, points)

    def refuted(found: Counterexample) -> Check:
        return replace(base, verdict=Verdict.REFUTED, method="certified counterexample", counterexample=found,
                       evidence=evidence, seconds=time.monotonic() - started,
                       message=f"the claim differs from the true value at {found.point}")

    found = _at_spot_points(problem, subject, cases, points, evidence)
    if found is not None:
        return refuted(found)
    undecided = replace(base, evidence=evidence, message="no counterexample found; no proof yet")
    if partial is not None:
        partial(undecided)
    proof = _prove(problem, subject, deadline, exhaustive=False)
    if not proof.attempt.proved:
        found = _search(cases)
        if found is not None:
            return refuted(found)
        proof = _prove(problem, subject, deadline, exhaustive=True)
    if not proof.attempt.proved:
        return replace(undecided, seconds=time.monotonic() - started,
                       message="no proof found and no counterexample: " + proof.attempt.detail)
    confirm = _confirm(problem, subject, cases, proof.scope)
    verdict = confirmation_verdict(confirm)
    note = scope_note(proof.scope)
    method = f"{proof.attempt.method} ({note})" if note else proof.attempt.method
    elapsed = time.monotonic() - started
    if verdict is Verdict.ERROR:
        bad = confirm.disagreeing[0]
        return replace(base, verdict=Verdict.ERROR, method=method, evidence=evidence, counterexample=bad,
                       seconds=elapsed, scope=proof.scope,
                       message=(f"internal inconsistency: {proof.attempt.method} says the two sides are equal, but "
                                f"they differ at {bad.point} ({bad.expected} vs {bad.claimed})"))
    if verdict is Verdict.UNDECIDED:
        return replace(undecided, seconds=elapsed, method=method, scope=proof.scope,
                       message=(f"{proof.attempt.method} closed the claim, but only {len(confirm.agreeing)} of "
                                f"{CONFIRMING_POINTS} points could confirm it numerically"))
    return replace(base, verdict=Verdict.PROVED, method=method, evidence=evidence, seconds=elapsed, scope=proof.scope,
                   message=f"{proof.attempt.detail} Confirmed at {len(confirm.agreeing)} points.".strip())


def _at_spot_points(problem: MultiProblem, subject: Subject, cases: list[Case],
                    points: Sequence[Mapping[str, sympy.Expr]],
                    evidence: tuple[SpotCheck, ...]) -> Counterexample | None:
    """A certified difference at a spot point whose row disagrees (the author's own points first)."""
    if problem.has_vectors or all(row.agree for row in evidence):
        return None
    for point in points or default_points(problem):
        case = case_of(problem, cases, point)
        if case is None or case.boundary:
            continue
        values = {i.symbol: point[i.name] for i in problem.inputs if i.symbol is not None and not i.is_label}
        axis = case.variable if case.variable is not None else (case.coordinates[0][0] if case.coordinates else None)
        if axis is None or on_edge(case, values):
            continue
        line = axis_line(case, values, axis)
        if line is None:
            continue
        found = certify_difference(line.problem, line.truth, line.claimed, sympy.S.Zero)
        if found is not None:
            return _named(found, line, sympy.S.Zero)
    return None


def _named(found: Counterexample, line: Line, t: sympy.Expr) -> Counterexample:
    """A counterexample of the line problem (a value of t) as a point in every variable."""
    coordinates = line.coordinates(t)
    return replace(found, point=point_text(coordinates), at=coordinates)


def _search(cases: list[Case]) -> Counterexample | None:
    """Samples and points beside every breakpoint on seeded lines through each case's domain."""
    for number, case in enumerate(cases):
        if case.boundary:
            continue
        for line in random_lines(case, _SEARCH_LINES, seed=number):
            # Samples first (small rationals, 37/29), then beside every breakpoint, where a local error hides.
            candidates = [*sample_points(line.problem, _SEARCH_SAMPLES, seed=number),
                          *branch_points(line.problem, (line.truth, line.claimed))]
            found = find_counterexample(line.problem, line.truth, line.claimed, candidates)
            if found is not None:
                return _named(found, line, _t_of(found.point))
    return None


def _t_of(text: str) -> sympy.Rational:
    """The rational a counterexample of a line problem names (its point is the exact text of t, `-37/29`)."""
    numerator, _, denominator = text.partition("/")
    return sympy.Rational(int(numerator), int(denominator or 1))


def _prove(problem: MultiProblem, subject: Subject, deadline: float, *, exhaustive: bool) -> Proof:
    """The exact argument: for several numbers, `prove_numbers`; for vectors, every n first, then each n."""
    if not problem.has_vectors:
        along = subject.by[-1].input if subject.by else None
        return prove_numbers(problem, subject.truth, subject.claimed, along=along, deadline=deadline,
                             simplify=exhaustive, derivative=subject.derivative)
    assert problem.size is not None
    size = str(problem.size)
    # A domain that mentions a parameter is known at its values only (MultiProblem.domains_at_values).
    modes = (False,) if problem.domains_at_values else (True, False) if problem.parameters else (True,)
    details = []
    for keep in modes:
        attempt, cases, used = prove_every_size(problem, subject.truth, subject.claimed, subject.free,
                                                keep_parameters=keep)
        if attempt.proved:
            coverage = Coverage.EVERY if keep else Coverage.VALUE
            variables, parameters = spans(problem, labels=Coverage.EVERY, parameters=coverage)
            return Proof(attempt, Scope(variables=variables, parameters=parameters, sizes=(Size(size, True),),
                                        constraints=used, cases=cases if len(cases) > 1 else ()))
        details.append(attempt.detail)
    if exhaustive:
        attempt, high = prove_each_size(problem, claimed=subject.claimed,
                                        truth=None if subject.derivative else subject.truth,
                                        free=subject.free, by=subject.by, deadline=deadline)
        if attempt.proved:
            coverage = Coverage.VALUE if problem.domains_at_values else Coverage.EVERY
            variables, parameters = spans(problem, labels=Coverage.EVERY, parameters=coverage)
            return Proof(attempt, Scope(variables=variables, parameters=parameters,
                                        sizes=(Size(size, False, 1, high),),
                                        constraints=tuple(c.text for c in problem.constraints)))
        details.append(attempt.detail)
    variables, parameters = spans(problem, labels=Coverage.EVERY, parameters=Coverage.EVERY)
    return Proof(ProofAttempt(False, None, "; ".join(details)), Scope(variables=variables, parameters=parameters))


def _confirm(problem: MultiProblem, subject: Subject, cases: list[Case], scope: Scope) -> Agreement:
    """decide's numeric half on lines through each case: every case agreeing somewhere, and together at least
    CONFIRMING_POINTS points; one certified difference anywhere contradicts the proof."""
    if problem.has_vectors:
        limit = min(s.high for s in scope.sizes) if any(not s.every for s in scope.sizes) else max(SAMPLED_SIZES)
        cases = [c for c in cases if int(c.fixed[0].value) <= limit] or cases_of(problem, subject, (1,))
    agreeing: list[sympy.Expr] = []
    inconclusive = 0
    need = max(2, _math.ceil(CONFIRMING_POINTS / max(1, len(cases))))
    for number, case in enumerate(cases):
        lines = random_lines(case, 1, seed=100 + number)
        if not lines:
            inconclusive += 1
            continue
        line = lines[0]
        avoid = breakpoints_at_values(line.problem, line.truth, line.claimed)
        if len(cases) == 1:
            found = confirmation(line.problem, line.truth, line.claimed, avoid=avoid)
        else:
            found = agreement(line.problem, line.truth, line.claimed, [], need=need, avoid=avoid, seed=number)
        if found.disagreeing:
            return Agreement(tuple(agreeing), (_named(found.disagreeing[0], line, _t_of(found.disagreeing[0].point)),),
                             inconclusive)
        if len(found.agreeing) < min(need, CONFIRMING_POINTS):
            return Agreement(tuple(agreeing), (), inconclusive + 1)  # a case without enough agreement
        agreeing += found.agreeing
        inconclusive += found.inconclusive
    return Agreement(tuple(agreeing), (), inconclusive)
