"""Run one task of a spec (a claim, or the kink analysis) inside a worker process: the engine, called per task."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy

from derivcheck.engine.build import Built, build
from derivcheck.engine.calculus import derivative
from derivcheck.engine.explain.derivation import check_link
from derivcheck.engine.explain.diagnose import Target, diagnose
from derivcheck.engine.explain.rules import with_rules
from derivcheck.engine.kinks.analysis import analyse_kinks
from derivcheck.engine.kinks.breakpoint_values import at_breakpoints
from derivcheck.engine.kinks.declared import DeclaredValue
from derivcheck.engine.kinks.frameworks import framework_values
from derivcheck.engine.mathtext import math
from derivcheck.engine.numbers.points import default_points
from derivcheck.engine.precision.report import with_precision
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.decide import decide
from derivcheck.errors import SpecError
from derivcheck.results.checks import Check, CheckKind, Definition, Kink, Math, Verdict, Written
from derivcheck.run.plan import Task, TaskKind, check_kind, link_step, task_label, task_line
from derivcheck.spec.load import load_spec
from derivcheck.spec.model import Spec
from derivcheck.spec.multi import AnySpec, MultiSpec
from derivcheck.spec.network import NetworkSpec
from derivcheck.spec.sources import catalog


@dataclass(frozen=True)
class TaskResult:
    """What one task found; the parent assembles a spec's results from these."""

    checks: tuple[Check, ...] = ()
    kinks: tuple[Kink, ...] = ()
    function: Math | None = None
    definitions: tuple[Definition, ...] = ()  # a spec of several variables: its intermediates and constraints
    function_written: Written | None = None  # `function:` as written (added by run.verify in the worker)


def run_task(spec: AnySpec, task: Task, deadline: float, partial: Callable[[TaskResult], None], *,
             precision: bool = False, convention: str | None = None) -> TaskResult:
    """Run `task` of `spec`; spec mistakes come back as ERROR checks, never as exceptions.

    `convention` (pytorch | jax | tensorflow) holds the spec's `at:` values to that framework's gradients.
    A spec of several variables has neither `at:` values nor a precision report: both options leave it alone.
    """
    if isinstance(spec, NetworkSpec):
        from derivcheck.run.network_tasks import run_network_task

        return run_network_task(spec, task, deadline, partial)
    if isinstance(spec, MultiSpec):
        from derivcheck.run.multi_tasks import run_multi_task

        return run_multi_task(spec, task, deadline, partial)
    started = time.monotonic()
    try:
        built = build(spec)
    except SpecError as exc:
        return TaskResult(checks=(_error(CheckKind.SPEC, "spec", exc, spec.lines.get("function")),))
    function = math(built.problem.g)
    try:
        if task.kind is TaskKind.KINKS:
            return _kinks(spec, built, function, convention)
        check = _claim(spec, built, task, deadline, partial, function)
        if precision and task.kind in (TaskKind.DERIVATIVE, TaskKind.SECOND_DERIVATIVE):
            order, text = (1, spec.derivative) if task.kind is TaskKind.DERIVATIVE else (2, spec.second_derivative)
            assert text is not None
            check = with_precision(check, built.problem, built.expression(text), order, deadline,
                                   written=built.written(text))
        return TaskResult(checks=(check,), function=function)
    except SpecError as exc:
        return TaskResult(checks=(_error(check_kind(task), task_label(spec, task), exc, task_line(spec, task),
                                         time.monotonic() - started, step=link_step(task)),), function=function)


def _claim(spec: Spec, built: Built, task: Task, deadline: float,
           partial: Callable[[TaskResult], None], function: Math) -> Check:
    problem = built.problem
    kind, label, line = check_kind(task), task_label(spec, task), task_line(spec, task)
    n = link_step(task)
    if n is not None:
        return check_link(spec, built, n, label=label, line=line, points=_points(spec, built), deadline=deadline,
                          others=builtin_activations,
                          partial=lambda check: partial(TaskResult(checks=(check,), function=function)))
    if task.kind is TaskKind.IDENTITY:
        assert task.index is not None
        identity = spec.identities[task.index]
        # Either side may use the output name; the left one is the reference, so it stands for g(z) there too.
        truth, claimed = problem.with_output(built.expression(identity.lhs)), built.expression(identity.rhs)
        written = built.written(identity.rhs)
        witness = None
    else:
        order = 2 if task.kind is TaskKind.SECOND_DERIVATIVE else 1
        text = spec.second_derivative if order == 2 else spec.derivative
        assert text is not None
        truth = derivative(problem.g, problem.z, order)
        claimed = built.expression(text)
        written = built.written(text)
        witness = derivative(problem.g, problem.z, order - 1)
    check = decide(problem, truth, claimed, kind=kind, label=label, points=_points(spec, built), deadline=deadline,
                   line=line, witness=witness, written=written,
                   partial=lambda check: partial(TaskResult(checks=(check,), function=function)))
    if task.kind in (TaskKind.IDENTITY, TaskKind.SECOND_DERIVATIVE):
        # A per-branch proof leaves the breakpoints out; g' has the kink analysis, these are judged here.
        judged = at_breakpoints(check, problem, truth, claimed,
                                second_derivative=task.kind is TaskKind.SECOND_DERIVATIVE)
        # A proof's certificate stands only under the verdict it proves.
        check = judged if judged.verdict is check.verdict else replace(judged, certificate=None)
    if check.verdict is Verdict.REFUTED and task.kind is not TaskKind.IDENTITY:
        name = f"g{chr(39) * order}({problem.z})"
        hint = diagnose(problem, claimed, Target(truth, name, order), deadline=deadline, others=builtin_activations)
        return replace(check, hint=hint)
    # g' by rules is what a proof of g' shows first (a proof of g'' or of an identity starts from its sides).
    return with_rules(check, problem) if check.verdict is Verdict.PROVED and task.kind is TaskKind.DERIVATIVE else check


def _kinks(spec: Spec, built: Built, function: Math, convention: str | None = None) -> TaskResult:
    started = time.monotonic()
    declared = [DeclaredValue(built.point(at.point), built.declared_value(at.value), at.location.line)
                for at in spec.at]
    claimed = built.expression(spec.derivative)
    frameworks = framework_values(built.problem, built.scope, spec.name)
    rows, checks = analyse_kinks(built.problem, declared, claimed_derivative=claimed, frameworks=frameworks,
                                 convention=convention, claim_line=spec.lines.get("derivative"))
    seconds = time.monotonic() - started
    timed = tuple(c if c.seconds else replace(c, seconds=seconds / max(1, len(checks))) for c in checks)
    return TaskResult(checks=timed, kinks=rows, function=function)



@functools.cache
def builtin_activations() -> tuple[tuple[str, Problem], ...]:
    """The built-in catalog's activations as problems (read once per process; a spec that does not load, or that
    has a domain, is left out): what a refuted claim is compared with when looking for a borrowed derivative."""
    found: list[tuple[str, Problem]] = []
    for _, path in sorted(catalog().items()):
        try:
            spec = load_spec(path)
            if isinstance(spec, Spec) and spec.domain is None:
                found.append((spec.name, build(spec).problem))
        except SpecError:
            continue
    return tuple(found)


def _points(spec: Spec, built: Built) -> list[sympy.Expr]:
    if spec.points is None:
        return list(default_points(built.problem))
    return [built.point(p) for p in spec.points]


def _error(kind: CheckKind, label: str, exc: SpecError, line: int | None, seconds: float = 0.0,
           step: int | None = None) -> Check:
    return Check(kind=kind, label=label, verdict=Verdict.ERROR, method=None, message=str(exc),
                 line=exc.location.line if exc.location else line, seconds=seconds, step=step,
                 column=exc.location.column if exc.location else None)
