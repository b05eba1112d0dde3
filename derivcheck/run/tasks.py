"""One task of a spec (a claim, or the kink analysis), run inside a worker process."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy

from derivcheck.engine.build import Built, build, derivative
from derivcheck.engine.explain.derivation import check_link, link_keys, link_label, link_line, link_number
from derivcheck.engine.explain.diagnose import Target, diagnose
from derivcheck.engine.kinks.analysis import analyse_kinks
from derivcheck.engine.kinks.declared import DeclaredValue
from derivcheck.engine.kinks.frameworks import framework_values
from derivcheck.engine.mathtext import math
from derivcheck.engine.numbers.points import default_points
from derivcheck.engine.precision.report import with_precision
from derivcheck.engine.problem import Problem
from derivcheck.engine.prove.decide import decide
from derivcheck.errors import SpecError
from derivcheck.results import Check, Kink, Math, Verdict
from derivcheck.spec.load import load_spec
from derivcheck.spec.model import Spec
from derivcheck.spec.sources import catalog


@dataclass(frozen=True)
class TaskResult:
    """What one task found; the parent assembles a spec's results from these."""

    checks: tuple[Check, ...] = ()
    kinks: tuple[Kink, ...] = ()
    function: Math | None = None


def plan(spec: Spec) -> list[str]:
    """The tasks of a spec, in report order (no sympy needed)."""
    keys = ["derivative"]
    if spec.second_derivative is not None:
        keys.append("second_derivative")
    keys += [f"identity:{i}" for i in range(len(spec.identities))]
    keys += link_keys(spec)
    keys.append("kinks")
    return keys


def run_task(spec: Spec, key: str, deadline: float, partial: Callable[[TaskResult], None], *,
             precision: bool = False, convention: str | None = None) -> TaskResult:
    """Run task `key` of `spec`; spec mistakes come back as ERROR checks, never as exceptions.

    `convention` (pytorch | jax | tensorflow) holds the spec's `at:` values to that framework's gradients.
    """
    started = time.monotonic()
    try:
        built = build(spec)
    except SpecError as exc:
        return TaskResult(checks=(_error("spec", "spec", exc, spec.lines.get("function")),))
    function = math(built.problem.g)
    try:
        if key == "kinks":
            return _kinks(spec, built, function, convention)
        check = _claim(spec, built, key, deadline, partial, function)
        if precision and key in ("derivative", "second_derivative"):
            order, text = (1, spec.derivative) if key == "derivative" else (2, spec.second_derivative)
            assert text is not None
            check = with_precision(check, built.problem, built.expression(text), order, deadline)
        return TaskResult(checks=(check,), function=function)
    except SpecError as exc:
        kind, label = kind_label(spec, key)
        return TaskResult(checks=(_error(kind, label, exc, _line(spec, key), time.monotonic() - started,
                                         step=link_number(key)),), function=function)


def _claim(spec: Spec, built: Built, key: str, deadline: float,
           partial: Callable[[TaskResult], None], function: Math) -> Check:
    problem = built.problem
    kind, label = kind_label(spec, key)
    n = link_number(key)
    if n is not None:
        return check_link(spec, built, n, points=_points(spec, built), deadline=deadline, others=builtin_activations,
                          partial=lambda check: partial(TaskResult(checks=(check,), function=function)))
    if kind == "identity":
        identity = spec.identities[int(key.split(":")[1])]
        # Either side may use the output name; the left one is the reference, so it stands for g(z) there too.
        truth, claimed = problem.with_output(built.expression(identity.lhs)), built.expression(identity.rhs)
        witness = None
    else:
        order = 2 if kind == "second_derivative" else 1
        text = spec.second_derivative if order == 2 else spec.derivative
        assert text is not None
        truth = derivative(problem.g, problem.z, order)
        claimed = built.expression(text)
        witness = derivative(problem.g, problem.z, order - 1)
    check = decide(problem, truth, claimed, kind=kind, label=label, points=_points(spec, built), deadline=deadline,
                   line=_line(spec, key), witness=witness,
                   partial=lambda check: partial(TaskResult(checks=(check,), function=function)))
    if check.verdict is Verdict.REFUTED and kind != "identity":
        name = f"g{chr(39) * order}({problem.z})"
        hint = diagnose(problem, claimed, Target(truth, name, order), deadline=deadline, others=builtin_activations)
        return replace(check, hint=hint)
    return check


def _kinks(spec: Spec, built: Built, function: Math, convention: str | None = None) -> TaskResult:
    started = time.monotonic()
    declared = [DeclaredValue(built.point(at.point), built.expression(at.value), at.location.line) for at in spec.at]
    claimed = built.expression(spec.derivative)
    frameworks = framework_values(built.problem, built.scope, spec.name)
    rows, checks = analyse_kinks(built.problem, declared, claimed_derivative=claimed, frameworks=frameworks,
                                 convention=convention)
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
            if spec.domain is None:
                found.append((spec.name, build(spec).problem))
        except SpecError:
            continue
    return tuple(found)


def _points(spec: Spec, built: Built) -> list[sympy.Expr]:
    if spec.points is None:
        return list(default_points(built.problem))
    return [built.point(p) for p in spec.points]


def kind_label(spec: Spec, key: str) -> tuple[str, str]:
    z = spec.variable
    if key == "derivative":
        return "derivative", f"g'({z})"
    if key == "second_derivative":
        return "second_derivative", f"g''({z})"
    if key.startswith("identity:"):
        return "identity", f"identity {int(key.split(':')[1]) + 1}"
    n = link_number(key)
    if n is not None:
        return "derivation", link_label(spec, n)
    return "at", "kinks"


def _line(spec: Spec, key: str) -> int | None:
    if key.startswith("identity:"):
        return spec.identities[int(key.split(":")[1])].location.line
    n = link_number(key)
    if n is not None:
        return link_line(spec, n)
    return spec.lines.get(key if key != "kinks" else "at")


def _error(kind: str, label: str, exc: SpecError, line: int | None, seconds: float = 0.0,
           step: int | None = None) -> Check:
    return Check(kind=kind, label=label, verdict=Verdict.ERROR, method=None, message=str(exc),
                 line=exc.location.line if exc.location else line, seconds=seconds, step=step)
