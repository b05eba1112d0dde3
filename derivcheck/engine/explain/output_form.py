"""The output form: g'(z) written in the output a = g(z) alone, found by inverting g and then proved.

A candidate comes from solving a = g(z) for z (directly, or for t = exp(z/L) when g is rational in exp) and
substituting the solution into g'(z); for a piecewise g, branch by branch.  Only a candidate the prover
PROVES equal to g' (with a replaced by g) is ever returned: an inverse valid on the wrong branch is refuted
or left undecided, and then the next candidate is tried.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from math import lcm

import sympy

from derivcheck.engine.calculus import derivative
from derivcheck.engine.explain.steps import piecewise_form, tidy_conditions
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.decide import confirm_equal
from derivcheck.results.checks import Check, CheckKind, Verdict

__all__ = ["OutputForm", "find_output_form", "output_form", "simplest_key"]

# Elementary functions an output form may use; LambertW and special functions make no useful backward pass.
_ALLOWED = (sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.sinh, sympy.cosh, sympy.tanh,
            sympy.asin, sympy.acos, sympy.atan, sympy.asinh, sympy.acosh, sympy.atanh)
_MAX_OPS = 30
_MAX_CANDIDATES = 6


@dataclass(frozen=True)
class OutputForm:
    """The proved output form (or None) with the check that proved it, or why none was found."""

    form: sympy.Expr | None
    check: Check | None
    message: str


def output_form(problem: Problem, *, deadline: float) -> sympy.Expr | None:
    """g'(z) in terms of a = g(z) alone, proved equal to g'; None when none is found in time."""
    return find_output_form(problem, deadline=deadline).form


def find_output_form(problem: Problem, *, deadline: float) -> OutputForm:
    """Search, branch by branch, then prove the whole form against g'(z)."""
    end = deadline
    z, g = problem.z, problem.g
    shape = piecewise_form(g, z)
    branches = shape.args if isinstance(shape, sympy.Piecewise) else ((shape, sympy.true),)
    options: list[list[sympy.Expr]] = []
    for value, _ in branches:
        found = _candidates(value, z, problem.a, end)
        if not found:
            where = " on every branch" if len(branches) > 1 else ""
            return OutputForm(None, None, f"no output form found: solving a = g(z) for z{where} gives no "
                              "elementary formula")
        options.append(found)
    truth = derivative(g, z, 1)
    last: Check | None = None
    for choice in _choices(options):
        if time.monotonic() > end:
            break
        form = choice[0] if len(branches) == 1 else tidy_conditions(sympy.Piecewise(
            *((f, cond) for f, (_, cond) in zip(choice, branches, strict=True))), z)
        check = confirm_equal(problem, truth, form, kind=CheckKind.OUTPUT_FORM, label=f"g'({z}) in {problem.a}",
                              deadline=end)
        if check.verdict is Verdict.PROVED:
            return OutputForm(form, check, "")
        last = check
    return OutputForm(None, last, "no output form found: no candidate could be proved equal to g'")


def _choices(options: list[list[sympy.Expr]]) -> Iterator[list[sympy.Expr]]:
    """The best candidate of every branch first, then each branch's next ones in turn (not all products)."""
    best = [found[0] for found in options]
    yield best
    for index, found in enumerate(options):
        for other in found[1:]:
            yield [*best[:index], other, *best[index + 1:]]


def _candidates(value: sympy.Expr, z: sympy.Symbol, a: sympy.Symbol, end: float) -> list[sympy.Expr]:
    """Formulas in a for d/dz value, simplest first (unproved)."""
    slope = derivative(value, z, 1)
    if z not in slope.free_symbols:
        return [slope]
    found: list[sympy.Expr] = []
    for raw in [*_by_inverse(value, slope, z, a), *_by_exp_substitution(value, slope, z, a)]:
        if time.monotonic() > end:
            break
        for form in _tidy(raw, end):
            if _acceptable(form, z) and form not in found:
                found.append(form)
    found.sort(key=simplest_key)
    return found[:_MAX_CANDIDATES]


def _by_inverse(value: sympy.Expr, slope: sympy.Expr, z: sympy.Symbol, a: sympy.Symbol) -> list[sympy.Expr]:
    try:
        solutions = sympy.solve(sympy.Eq(a, value), z, dict=False)
    except (NotImplementedError, ValueError, TypeError, sympy.PolynomialError):
        return []
    return [slope.xreplace({z: s}) for s in solutions if isinstance(s, sympy.Expr) and z not in s.free_symbols]


def _by_exp_substitution(value: sympy.Expr, slope: sympy.Expr, z: sympy.Symbol,
                         a: sympy.Symbol) -> list[sympy.Expr]:
    """When g is rational in exp(k*z): solve a = g for t = exp(z/L), then substitute into g'."""
    t = sympy.Dummy("t", positive=True)
    try:
        in_exp = value.rewrite(sympy.exp), slope.rewrite(sympy.exp)
        rates = {e.args[0] / z for side in in_exp for e in side.atoms(sympy.exp)}
        if not rates or not all(r.is_Rational for r in rates):
            return []
        period = lcm(*[r.q for r in rates])
        swap = {sympy.exp(r * z): t ** (r * period) for r in rates}
        value_t, slope_t = (side.xreplace(swap) for side in in_exp)
        if z in value_t.free_symbols or z in slope_t.free_symbols:
            return []
        solutions = sympy.solve(sympy.Eq(a, value_t), t, dict=False)
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError, sympy.PolynomialError):
        return []
    return [slope_t.xreplace({t: s}) for s in solutions if isinstance(s, sympy.Expr) and t not in s.free_symbols]


def _tidy(expr: sympy.Expr, end: float) -> list[sympy.Expr]:
    """A few equivalent rewritings of a candidate; simplify only while time is left."""
    forms = []
    for rewrite in (sympy.cancel, sympy.factor, sympy.expand):
        try:
            forms.append(rewrite(expr))
        except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError):
            continue
    if time.monotonic() < end:
        try:
            simple = sympy.simplify(expr)
            forms += [simple, sympy.factor_terms(simple)]
        except (NotImplementedError, ValueError, TypeError, RecursionError):
            pass
    return forms


def _acceptable(form: sympy.Expr, z: sympy.Symbol) -> bool:
    if z in form.free_symbols or sympy.count_ops(form) > _MAX_OPS or form.has(sympy.I, sympy.zoo, sympy.nan):
        return False
    return all(isinstance(f, _ALLOWED) for f in form.atoms(sympy.Function))


def simplest_key(form: sympy.Expr) -> tuple[int, bool, int, int]:
    """Fewest operations first; then no leading minus (a*(1 - a) before -a**2 + a), fewer minus signs."""
    text = sympy.sstr(form)
    return sympy.count_ops(form), text.startswith("-"), text.count("-"), len(text)
