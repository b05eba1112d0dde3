"""What one claim of several variables is, and where numbers are taken for it: its cases (sizes, indices and
labels fixed, parameters at their values) and its spot-check rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy

from derivcheck.engine.multi.cases import Case, assignments, index_values, scalar_case, vector_case
from derivcheck.engine.multi.problem import By, MultiProblem
from derivcheck.engine.multi.spot import default_values, spot_rows, vector_point
from derivcheck.results.checks import CheckKind, Partial, SpotCheck

__all__ = ["SAMPLED_SIZES", "Subject", "case_of", "cases_of", "default_points", "instances", "spot_evidence"]

#: Sizes whose instances are sampled for counterexamples and confirmation of a claim proved for every n.
SAMPLED_SIZES = (1, 2, 3, 4)


@dataclass(frozen=True)
class Subject:
    """What one check claims: truth == claimed, for every value of the free indices (and every n)."""

    truth: sympy.Expr
    claimed: sympy.Expr
    free: tuple[sympy.Symbol, ...]
    kind: CheckKind
    label: str
    line: int | None
    shown_claim: sympy.Expr
    shown_truth: sympy.Expr
    by: tuple[By, ...] = ()  # what the truth differentiates by, in turn (none: an identity)
    partial: Partial | None = None

    @property
    def derivative(self) -> bool:
        return bool(self.by)


Instance = tuple[int, dict[sympy.Symbol, sympy.Integer]]  # a size n and the free indices' values


def instances(free: Sequence[sympy.Symbol], sizes: Sequence[int]) -> list[Instance]:
    """Sizes with index values: every value up to n = 2, then four with equal and with different indices
    ((1, 1), (1, 2), (n, n - 1), (n, n) for two)."""
    found = []
    for n in sizes:
        combos = list(index_values(list(free), n))
        if n > 2 and len(combos) > 4:
            combos = [combos[0], combos[1], combos[-2], combos[-1]]
        found += [(n, combo) for combo in combos]
    return found


def cases_of(problem: MultiProblem, subject: Subject, sizes: Sequence[int] = SAMPLED_SIZES) -> list[Case]:
    """The claim with sizes, indices and labels fixed, parameters at their values: where numbers are taken."""
    labelled = assignments(problem.labels)
    if not problem.has_vectors:
        # f: the function differentiated by all but the last variable, whose finite difference along the last
        # one witnesses the truth.
        f = None
        if subject.by:
            f = problem.f
            for b in subject.by[:-1]:
                f = sympy.diff(f, b.symbolic)
        last = subject.by[-1].symbolic if subject.by else None
        return [scalar_case(problem, subject.truth, subject.claimed, assignment=a, variable=last, f=f)
                for a in labelled]
    return [vector_case(problem, n, values, claimed=subject.claimed,
                        truth=None if subject.derivative else subject.truth, by=subject.by, assignment=a)
            for n, values in instances(subject.free, sizes) for a in labelled]


def spot_evidence(problem: MultiProblem, subject: Subject, cases: list[Case],
              points: Sequence[Mapping[str, sympy.Expr]]) -> tuple[SpotCheck, ...]:
    derivative = subject.derivative
    if problem.has_vectors:
        shown = [c for c in cases if int(c.fixed[0].value) == 3][:2] or cases[-1:]  # (1, 1) and (1, 2) at n = 3
        rows: list[SpotCheck] = []
        for row, case in enumerate(shown):
            rows += spot_rows(case, [vector_point(case, row)], finite_difference=derivative)
        return tuple(rows)
    rows = []
    for point in points or default_points(problem):
        found = case_of(problem, cases, point)
        if found is not None:
            values = {i.symbol: point[i.name] for i in problem.inputs if i.symbol is not None and not i.is_label}
            rows += spot_rows(found, [values], finite_difference=derivative)
    return tuple(rows)


def default_points(problem: MultiProblem) -> list[dict[str, sympy.Expr]]:
    """0, 10, -10, 100 for a variable on the whole line; its domain's defaults otherwise; labels in turn."""
    choices = {i.name: list(i.values) if i.is_label else default_values(i.interval) for i in problem.inputs}
    if any(not c for c in choices.values()):
        return []
    count = max(len(c) for c in choices.values())
    return [{name: c[row % len(c)] for name, c in choices.items()} for row in range(count)]


def case_of(problem: MultiProblem, cases: list[Case], point: Mapping[str, sympy.Expr]) -> Case | None:
    """The case whose label values are those of `point`."""
    wanted = {i.name: sympy.sstr(point[i.name]) for i in problem.inputs if i.is_label}
    for case in cases:
        if {c.name: c.value for c in case.fixed} == wanted:
            return case
    return None
