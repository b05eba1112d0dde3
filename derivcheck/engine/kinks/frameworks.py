"""Framework gradients at a spec's kinks: read from the conventions table, compared exactly with `at:` values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import sympy

from derivcheck.engine.kinks.declared import DeclaredValue, check_declared
from derivcheck.engine.kinks.point import PointAnalysis, show
from derivcheck.engine.mathtext import number
from derivcheck.engine.numbers.exact_sign import equal, is_real_number, same_point
from derivcheck.engine.problem import Problem
from derivcheck.errors import Location, SpecError
from derivcheck.lang.parse import Scope, parse_expression
from derivcheck.results.checks import Check, Counterexample, FrameworkGradient, Kink, Verdict
from derivcheck.spec.conventions import conventions_for

_TABLE = Location("derivcheck/spec/conventions.py", 1, 1)


@dataclass(frozen=True)
class FrameworkValue:
    """One framework's g' at one point, exact, with the parameters replaced by the spec's values."""

    framework: str
    point: sympy.Expr
    value: sympy.Expr
    source: str


def framework_values(problem: Problem, scope: Scope, name: str) -> list[FrameworkValue]:
    """The table's known values for the activation `name`, in the spec's parameters (unknown ones left out).

    A spec that lacks a parameter the table uses (a local spec that only shares a catalog name) gets none.
    """
    found: list[FrameworkValue] = []
    for kink in conventions_for(name):
        try:
            point = problem.with_values(parse_expression(kink.point, scope, _TABLE))
            values = {fw: problem.with_values(parse_expression(g.value, scope, _TABLE))
                      for fw, g in kink.by_framework().items() if g.value is not None}
        except SpecError:
            return []
        if not is_real_number(point) or not all(is_real_number(v) for v in values.values()):
            return []
        found.extend(FrameworkValue(fw, point, v, kink.by_framework()[fw].source) for fw, v in values.items())
    return found


def at_point(values: Sequence[FrameworkValue], p: sympy.Expr) -> list[FrameworkValue]:
    return [v for v in values if same_point(v.point, p)]


def annotate(row: Kink, here: Sequence[FrameworkValue], declared: DeclaredValue | None) -> Kink:
    """The kink row with the frameworks' values there and which of them equal the spec's `at:` value."""
    gradients = []
    for v in here:
        matches = None if declared is None or declared.value is None else equal(v.value, declared.value)
        gradients.append(FrameworkGradient(v.framework, number(v.value), v.source, matches))
    return replace(row, frameworks=tuple(gradients),
                   conventions=tuple(g.framework for g in gradients if g.matches))


def against_convention(check: Check, here: Sequence[FrameworkValue], declared: DeclaredValue,
                       framework: str, variable: sympy.Symbol) -> Check:
    """An `at` check judged by one framework too: REFUTED where the framework returns another value."""
    theirs = next((v for v in here if v.framework == framework), None)
    if theirs is None:
        return replace(check, message=f"{check.message}; {framework}'s value here is not known")
    same = False if declared.value is None else equal(theirs.value, declared.value)
    if same is None:
        return replace(check, verdict=Verdict.UNDECIDED, message=(
            f"{check.message}; cannot tell whether {show(declared.value)} equals {framework}'s {show(theirs.value)}"))
    if same:
        return replace(check, message=f"{check.message}; {framework} returns the same ({theirs.source})")
    said = "undefined" if declared.value is None else show(declared.value)
    return replace(check, verdict=Verdict.REFUTED, method=f"{framework} convention",
                   message=(f"{framework} returns {show(theirs.value)} at {variable} = {show(declared.point)}, "
                            f"the spec declares {said} ({theirs.source})"),
                   counterexample=Counterexample(number(declared.point), f"{number(theirs.value)} ({framework})",
                                                 "undefined" if declared.value is None else number(declared.value)))


def undeclared_checks(problem: Problem, analyses: Sequence[PointAnalysis], values: Sequence[FrameworkValue],
                      declared: Sequence[DeclaredValue], framework: str) -> list[Check]:
    """Where the spec declares nothing, the framework's value is checked like a declared one (at a jump, as a
    convention: it must be a one-sided derivative or lie between them)."""
    checks: list[Check] = []
    for found in analyses:
        if any(same_point(d.point, found.point) for d in declared):
            continue
        theirs = next((v for v in at_point(values, found.point) if v.framework == framework), None)
        if theirs is None:
            continue
        check = check_declared(problem, found, DeclaredValue(found.point, theirs.value))
        checks.append(replace(check, label=f"{check.label} [{framework}]", convention=framework,
                              message=f"{framework} returns {show(theirs.value)} ({theirs.source}): {check.message}"))
    return checks
