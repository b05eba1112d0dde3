"""One task of a spec (a claim, or the kink analysis), run inside a worker process."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import sympy

from derivcheck.engine.build import Built, build
from derivcheck.engine.decide import decide
from derivcheck.engine.kinks import DeclaredValue, analyse_kinks
from derivcheck.engine.mathtext import math
from derivcheck.engine.numeric import default_points
from derivcheck.errors import SpecError
from derivcheck.results import Check, Kink, Math, Verdict
from derivcheck.spec import Spec


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
    keys.append("kinks")
    return keys


def run_task(spec: Spec, key: str, deadline: float, partial: Callable[[TaskResult], None]) -> TaskResult:
    """Run task `key` of `spec`; spec mistakes come back as ERROR checks, never as exceptions."""
    started = time.monotonic()
    try:
        built = build(spec)
    except SpecError as exc:
        return TaskResult(checks=(_error("spec", "spec", exc, spec.lines.get("function")),))
    function = math(built.problem.g)
    try:
        if key == "kinks":
            return _kinks(spec, built, function)
        return TaskResult(checks=(_claim(spec, built, key, deadline, partial, function),), function=function)
    except SpecError as exc:
        kind, label = kind_label(spec, key)
        return TaskResult(checks=(_error(kind, label, exc, _line(spec, key), time.monotonic() - started),),
                          function=function)


def _claim(spec: Spec, built: Built, key: str, deadline: float,
           partial: Callable[[TaskResult], None], function: Math) -> Check:
    problem = built.problem
    kind, label = kind_label(spec, key)
    if kind == "identity":
        identity = spec.identities[int(key.split(":")[1])]
        truth, claimed = built.expression(identity.lhs), built.expression(identity.rhs)
        witness = None
    else:
        order = 2 if kind == "second_derivative" else 1
        text = spec.second_derivative if order == 2 else spec.derivative
        assert text is not None
        truth = sympy.diff(problem.g, problem.z, order)
        claimed = built.expression(text)
        witness = sympy.diff(problem.g, problem.z, order - 1)
    return decide(problem, truth, claimed, kind=kind, label=label, points=_points(spec, built), deadline=deadline,
                  line=_line(spec, key), witness=witness,
                  partial=lambda check: partial(TaskResult(checks=(check,), function=function)))


def _kinks(spec: Spec, built: Built, function: Math) -> TaskResult:
    started = time.monotonic()
    declared = [DeclaredValue(built.point(at.point), built.expression(at.value), at.location.line) for at in spec.at]
    claimed = built.expression(spec.derivative)
    rows, checks = analyse_kinks(built.problem, declared, claimed_derivative=claimed)
    seconds = time.monotonic() - started
    timed = tuple(c if c.seconds else _with_seconds(c, seconds / max(1, len(checks))) for c in checks)
    return TaskResult(checks=timed, kinks=rows, function=function)


def _with_seconds(check: Check, seconds: float) -> Check:
    from dataclasses import replace

    return replace(check, seconds=seconds)


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
    return "at", "kinks"


def _line(spec: Spec, key: str) -> int | None:
    if key.startswith("identity:"):
        return spec.identities[int(key.split(":")[1])].location.line
    return spec.lines.get(key if key != "kinks" else "at")


def _error(kind: str, label: str, exc: SpecError, line: int | None, seconds: float = 0.0) -> Check:
    return Check(kind=kind, label=label, verdict=Verdict.ERROR, method=None, message=str(exc),
                 line=exc.location.line if exc.location else line, seconds=seconds)
