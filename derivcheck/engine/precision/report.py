"""The float precision report: a claim in float32 and float64 over a wide grid, against the exact value."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, replace
from typing import Any

import mpmath
import numpy as np
import sympy

from derivcheck.engine.calculus import derivative
from derivcheck.engine.numbers.evaluate import relative_gap
from derivcheck.engine.numbers.float64 import Unsupported, float_value
from derivcheck.engine.numbers.mpbasics import Lost, Undefined
from derivcheck.engine.numbers.mpcompile import mp_value
from derivcheck.engine.numbers.mpscreen import on_boundary
from derivcheck.engine.precision.grid import extent, grid, representable
from derivcheck.engine.precision.judge import OK, FloatType, Label, Trace, judge
from derivcheck.engine.precision.ranges import Run, describe, runs, severity
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import Check, DtypePrecision, LostRange, Precision, Verdict
from derivcheck.results.numbers import POSITION_DIGITS, significant

__all__ = ["TYPES", "precision_report", "with_precision"]

TYPES = (FloatType.of(np.float32), FloatType.of(np.float64))
#: Digits of the high-precision truth (two evaluations must agree; uncertain points are skipped).
TRUTH_DIGITS = 20
_TRUTH_PRECISIONS = (30, 120, 600)
# At most this long per claim, whatever the task's deadline: the report is evidence, not part of a verdict.
_BUDGET = 10.0
# Boundaries between ranges that are bisected per type (the rest keep the grid's resolution).
_MAX_REFINED = 16


@dataclass(frozen=True)
class Sample:
    """One point: its true value and, per type, the judgement of the float result."""

    z: float
    judged: dict[str, tuple[Label, float | None]]


class _Probe:
    """Evaluates the claim at single points: truth in high precision, then each float type as code would."""

    def __init__(self, problem: Problem, claimed: sympy.Expr, truth: sympy.Expr | None,
                 written: sympy.Expr | None = None) -> None:
        self.problem = problem
        self.claimed = claimed if written is None else written  # what the float types evaluate
        self.z = problem.z
        self.exact_claim = problem.with_values(claimed)
        self.exact_truth = None if truth is None else problem.with_values(truth)
        self.parameters = {symbol: float(value) for symbol, value in problem.parameters.items()}

    def floats(self, z: float, kind: FloatType) -> tuple[Any, Trace]:
        """The claim in `kind` at z, with `a` first computed from g in `kind`; raises Unsupported."""
        trace = Trace(kind)
        env = {**self.parameters, self.problem.z: z}
        if self.problem.a in self.claimed.free_symbols:
            env[self.problem.a] = float(float_value(self.problem.g_float, env, kind.real, trace))
        return float_value(self.claimed, env, kind.real, trace), trace

    def sample(self, z: float) -> Sample | None:
        """The point judged in each type; None where the claim is undefined or its true value uncertain."""
        point = sympy.Rational(z)  # exact: z is a float32 number, the very input the float code receives
        try:
            truth = self._exact(self.exact_claim, point)
            fallback = self.exact_truth
            if truth is None and fallback is not None and not on_boundary(fallback, self.z, point):
                truth = self._exact(fallback, point)  # g' where the claim's own form cancels
        except Undefined:
            return None
        if truth is None:
            return None
        judged = {}
        for kind in TYPES:
            result, trace = self.floats(z, kind)
            judged[kind.name] = judge(kind, truth, result, trace)
        return Sample(z, judged)

    def _exact(self, expr: sympy.Expr, point: sympy.Expr) -> Any | None:
        """The value when two mpmath precisions agree to TRUTH_DIGITS; None if even the highest cannot.

        A formula that cancels k digits needs k more: the precision rises in steps (a claim such as
        1 - tanh(z)^2 cancels 2z/ln(10) digits).  No adaptive fallback beyond that: a few uncertain points
        are skipped rather than slow the whole grid down.
        """
        for digits in _TRUTH_PRECISIONS:
            try:
                low = mp_value(expr, self.z, point, digits)
                high = mp_value(expr, self.z, point, digits + 40)
            except Lost:
                continue
            if relative_gap(low, high) <= mpmath.mpf(10) ** -TRUTH_DIGITS:
                return high
        return None


def precision_report(problem: Problem, claimed: sympy.Expr, *, truth: sympy.Expr | None = None,
                     deadline: float | None = None, written: sympy.Expr | None = None) -> Precision:
    """How `claimed` fares in float32 and float64 over the grid.

    `truth`, if given, stands in where the claim's own exact value cannot be pinned down: pass it only for a
    proved claim.  `written` is the claim as float code computes it (framework calls such as log1p kept).
    """
    started = time.monotonic()
    stop = started + _BUDGET if deadline is None else min(deadline, started + _BUDGET)
    probe = _Probe(problem, claimed, truth, written)
    points = grid(problem.interval)
    text = sympy.sstr(claimed)
    if not points:
        return Precision(text, extent(points), (), note="the domain has no interval to sample")
    try:
        probe.floats(points[len(points) // 2], TYPES[0])
    except Unsupported as error:
        return Precision(text, extent(points), (), note=f"not evaluated: {error} has no numpy float mapping")
    samples: list[Sample] = []
    note = ""
    try:
        for z in points:
            if time.monotonic() > stop:
                note = f"stopped at the time budget after {len(samples)} points"
                break
            found = probe.sample(z)
            if found is not None:
                samples.append(found)
        low_open = bool(problem.interval.inf == -sympy.oo)
        high_open = bool(problem.interval.sup == sympy.oo)
        dtypes = tuple(_dtype(kind, samples, probe, stop, low_open, high_open) for kind in TYPES)
    except Unsupported as error:  # in a branch of a Piecewise the first point did not take
        return Precision(text, extent(points), (), note=f"not evaluated: {error} has no numpy float mapping")
    return Precision(text, extent(points), dtypes, seconds=time.monotonic() - started, note=note)


def _dtype(kind: FloatType, samples: list[Sample], probe: _Probe, stop: float,
           low_open: bool, high_open: bool) -> DtypePrecision:
    judged = [(s.z, *s.judged[kind.name]) for s in samples]
    errors = [(error, z) for z, _, error in judged if error is not None]
    worst = max(errors, key=lambda e: (e[0], -abs(e[1])), default=None)  # the first from 0 among ties
    found = runs([(z, label) for z, label, _ in judged])
    refined = 0
    for before, after in itertools.pairwise(found):
        if refined < _MAX_REFINED and time.monotonic() < stop:
            refined += 1
            before.high, after.low = _bisect(kind, probe, before, after, stop)
    ranges: list[LostRange] = []
    breakdown: list[float] = []
    for i, run in enumerate(found):
        if run.label == OK:
            continue
        first, last = i == 0 and low_open, i == len(found) - 1 and high_open
        ranges.append(describe(run, kind.name, None if first else run.low, None if last else run.high))
        if severity(run.label) == 3:
            # Where the formula still gave something (a neighbour kept some digits), it breaks down.
            neighbours = [(found[i - 1], run.low)] if i > 0 else []
            neighbours += [(found[i + 1], run.high)] if i + 1 < len(found) else []
            breakdown += [z for other, z in neighbours if severity(other.label) in (0, 2)]
    return DtypePrecision(dtype=kind.name, worst_error=None if worst is None else worst[0],
                          worst_at=None if worst is None else significant(worst[1], POSITION_DIGITS),
                          breakdown=tuple(sorted(breakdown)),
                          ranges=tuple(ranges), compared=len(judged))


def _bisect(kind: FloatType, probe: _Probe, before: Run, after: Run, stop: float) -> tuple[float, float]:
    """Narrow the boundary between the last point of `before` and the first of `after` to ~0.01 (or 1e-4
    relative): where the more severe of the two behaviours begins (or ends).  Returns the new ends; an end
    that met a third behaviour on the way keeps its grid value."""
    low, high = before.high, after.low
    low_label, high_label = before.label, after.label
    severe_after = severity(after.label) >= severity(before.label)
    target = after.label if severe_after else before.label
    while high - low > max(0.01, 1e-4 * max(abs(low), abs(high))) and time.monotonic() < stop:
        middle = representable((low + high) / 2)
        if middle in (low, high):
            break
        found = probe.sample(middle)
        if found is None:
            break  # the truth is uncertain here: keep the resolution reached so far
        label = found.judged[kind.name][0]
        if (label == target) == severe_after:
            high, high_label = middle, label
        else:
            low, low_label = middle, label
    new_low = low if low_label == before.label else before.high
    return new_low, (high if high_label == after.label else after.low)


def with_precision(check: Check, problem: Problem, claimed: sympy.Expr, order: int, deadline: float,
                   written: sympy.Expr | None = None) -> Check:
    """`check` with the precision report of its claim (a derivative of `order`), unless it was refuted or
    in error (then the formula is wrong, and how it rounds does not matter)."""
    if check.verdict not in (Verdict.PROVED, Verdict.UNDECIDED):
        return check
    truth = derivative(problem.g, problem.z, order) if check.verdict is Verdict.PROVED else None
    try:
        report = precision_report(problem, claimed, truth=truth, deadline=deadline, written=written)
    except (ArithmeticError, ValueError, TypeError) as error:
        # The report is evidence next to a verdict; a formula it cannot evaluate must not cost the verdict.
        note = f"not evaluated: {type(error).__name__}: {error}"
        report = Precision(sympy.sstr(claimed), "", (), note=note)
    return replace(check, precision=report)
