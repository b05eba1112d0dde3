"""Explain, check and simplify a derivative, and find its output form: one `Explanation`, sent in stages."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

import sympy

from derivcheck.engine.build import build
from derivcheck.engine.calculus import derivative
from derivcheck.engine.explain.output_form import find_output_form, simplest_key
from derivcheck.engine.explain.steps import Step, explain, piecewise_form
from derivcheck.engine.mathtext import math
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.decide import confirm_equal
from derivcheck.errors import Location, SpecError
from derivcheck.results.checks import Check, CheckKind, Verdict
from derivcheck.results.explanation import ExplainedStep, Explanation
from derivcheck.spec.model import Spec, Text

__all__ = ["derive", "problem_from_text", "simplify_derivative"]

Send = Callable[[Explanation], None]

# sympy.simplify is tried only on derivatives up to this size: beyond it, it can run for minutes.
_SIMPLIFY_MAX_OPS = 80
_SIMPLIFY_CANDIDATES = 3
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def derive(problem: Problem, *, deadline: float, send: Send | None = None, output_form: bool = True) -> Explanation:
    """Steps of g'(z) each checked by the prover, the simplified derivative, and the output form."""
    report = send or (lambda _: None)
    z = problem.z
    tree = explain(problem.g, z)
    numbered = [(number, step) for root_index, root in enumerate(tree, 1) for number, step in
                _numbered(root, str(root_index))]
    explained = Explanation(function=math(problem.g), variable=z.name, output=problem.a.name,
                            parameters=tuple((p.name, sympy.sstr(v)) for p, v in problem.parameters.items()),
                            steps=tuple(_plain(number, step, problem) for number, step in numbered))
    report(explained)
    checked = list(explained.steps)
    for index, (_, step) in enumerate(numbered):
        checked[index] = _verdict(checked[index], _check_step(problem, step, deadline))
        explained = replace(explained, steps=tuple(checked))
        report(explained)
    raw = sympy.Add(*(root.result for root in tree))
    simplified, check = simplify_derivative(problem, raw, deadline=deadline)
    explained = replace(explained, derivative=math(simplified), derivative_check=check)
    report(explained)
    if output_form:
        found = find_output_form(problem, deadline=deadline)
        explained = replace(explained, output_form=None if found.form is None else math(found.form),
                            output_form_check=found.check, output_form_message=found.message)
    return replace(explained, complete=True)


def simplify_derivative(problem: Problem, raw: sympy.Expr, *, deadline: float) -> tuple[sympy.Expr, Check]:
    """The simplest rewriting of `raw` that the prover shows equal to sympy's d/dz g (else `raw` itself)."""
    truth = derivative(problem.g, problem.z, 1)
    known = {type(f) for f in raw.atoms(sympy.Function)}

    def key(form: sympy.Expr) -> tuple[int, tuple[int, bool, int, int]]:
        # A rewriting that brings in new functions (cosh for a sum of exponentials) reads less like g.
        return len({type(f) for f in form.atoms(sympy.Function)} - known), simplest_key(form)

    forms = sorted({raw, *_rewritings(raw, problem.z, deadline)}, key=key)
    check: Check | None = None
    for form in [*forms[:_SIMPLIFY_CANDIDATES], raw]:
        check = confirm_equal(problem, truth, form, kind=CheckKind.DERIVATIVE, label=f"g'({problem.z})",
                              deadline=deadline)
        if check.verdict is Verdict.PROVED or time.monotonic() > deadline:
            return form, check
    assert check is not None
    return raw, check


def _rewritings(expr: sympy.Expr, z: sympy.Symbol, deadline: float) -> list[sympy.Expr]:
    if isinstance(expr, sympy.Piecewise):
        # Per branch, so that a branch is never merged with another by a rewriting; nested ones flattened.
        flat = piecewise_form(expr, z)
        shapes = [expr, flat] if isinstance(flat, sympy.Piecewise) else [expr]
        return [sympy.Piecewise(*((min([value, *_rewritings(value, z, deadline)], key=simplest_key), cond)
                                  for value, cond in shape.args)) for shape in shapes]
    forms: list[sympy.Expr] = []
    for rewrite in (sympy.piecewise_fold, sympy.cancel, sympy.factor, sympy.together):
        try:
            forms.append(rewrite(expr))
        except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError):
            continue
    if time.monotonic() < deadline and sympy.count_ops(expr) <= _SIMPLIFY_MAX_OPS:
        with contextlib.suppress(NotImplementedError, ValueError, TypeError, RecursionError):
            forms.append(sympy.simplify(expr))
    return [f for f in forms if not f.has(sympy.I, sympy.zoo, sympy.nan)]


def _numbered(step: Step, number: str) -> list[tuple[str, Step]]:
    found = [(number, step)]
    for index, sub in enumerate(step.substeps, 1):
        found.extend(_numbered(sub, f"{number}.{index}"))
    return found


def _plain(number: str, step: Step, problem: Problem) -> ExplainedStep:
    condition = None if step.condition is None else _condition_text(step.condition, problem)
    domain = None if step.variable == problem.z or step.domain in (None, sympy.S.Reals) else (
        _set_text(step.domain, step.variable))
    return ExplainedStep(number=number, rule=step.rule, variable=step.variable.name, expression=math(step.expr),
                         result=math(step.result), condition=condition, note=step.note, domain=domain)


def _condition_text(condition: sympy.Basic, problem: Problem) -> str:
    """A branch condition as written, and as an interval of z when that reads differently (`z > alpha*z`)."""
    if condition is sympy.true:
        return "otherwise"
    text = str(sympy.sstr(condition))
    z = problem.z
    try:
        plain = condition.xreplace(dict(problem.parameters))
        if plain.free_symbols != {z}:
            return text
        relation = plain.as_set().as_relational(z)
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        return text
    if isinstance(relation, sympy.Rel) and relation.rhs == z:
        relation = relation.reversed  # z > 0 rather than 0 < z
    simpler = str(sympy.sstr(relation))
    if simpler == text:
        return text
    values = ", ".join(f"{p} = {v}" for p, v in problem.parameters.items() if p in condition.free_symbols)
    return f"{text}, i.e. {simpler}" + (f" for {values}" if values else "")


def _set_text(domain: sympy.Set, u: sympy.Symbol) -> str:
    if domain == sympy.S.Reals:
        return f"all real {u}"
    # A symbol of the same name without u's own assumptions: with u positive, `0 < u` would evaluate to True.
    plain = sympy.Symbol(u.name, real=True)
    try:
        relation = domain.as_relational(plain)
    except (NotImplementedError, TypeError):
        return str(sympy.sstr(domain))
    if isinstance(relation, sympy.Rel) and relation.rhs == plain:
        relation = relation.reversed  # u > 0 rather than 0 < u
    return str(sympy.sstr(relation))


def _check_step(problem: Problem, step: Step, deadline: float) -> Check:
    """d/dvariable(expr) == result, decided under the soundness rules (exact proof + numeric confirmation)."""
    if step.variable == problem.z:
        local = replace(problem, g=step.expr)
    else:
        interval = step.domain if step.domain is not None else sympy.S.Reals
        local = Problem(z=step.variable, a=problem.a, g=step.expr, parameters=problem.parameters,
                        domain=interval.as_relational(step.variable), interval=interval)
    truth = derivative(step.expr, step.variable, 1)
    return confirm_equal(local, truth, step.result, kind=CheckKind.STEP, label=f"d/d{step.variable}", deadline=deadline)


def _verdict(step: ExplainedStep, check: Check) -> ExplainedStep:
    return replace(step, verdict=check.verdict, method=check.method, message=check.message)


def problem_from_text(expression: str, *, variable: str = "z", output: str = "a",
                      parameters: Sequence[tuple[str, str]] = (), domain: str | None = None) -> Problem:
    """The Problem of `derive EXPR`, built as a spec's would be (SpecErrors located as EXPR:1:col).

    z is real, with a sign only when `domain` is a half-line; each parameter's symbol has its value's sign.
    """
    names = [variable, output, *(name for name, _ in parameters)]
    for name in names:
        if not _NAME.fullmatch(name):
            raise SpecError(f"{name!r} is not a valid name (letters, digits and _, starting with a letter)")
    if len(set(names)) != len(names):
        raise SpecError(f"the names {', '.join(repr(n) for n in names)} must all differ "
                         "(variable, output name and parameters)")
    spec = Spec(name="EXPR", file="EXPR", function=Text(expression, Location("EXPR", 1, 1)),
                derivative=Text("0", Location("EXPR", 1, 1)), variable=variable, output=output,
                parameters=tuple((name, Text(value, Location(f"--param {name}", 1, 1))) for name, value in parameters),
                domain=None if domain is None else Text(domain, Location("--domain", 1, 1)))
    return build(spec).problem

