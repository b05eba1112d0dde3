"""Run one task of a network spec inside a worker process: a backward equation at every size, or the kinks of its
activations."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from derivcheck.engine.network.claims import check_equation, check_kinks, cost_math, forward_definitions
from derivcheck.errors import SpecError
from derivcheck.results.checks import Check, CheckKind, Verdict
from derivcheck.run.plan import Task, TaskKind, check_kind, task_label, task_line
from derivcheck.spec.network import NetworkSpec

if TYPE_CHECKING:
    from derivcheck.run.tasks import TaskResult


def run_network_task(spec: NetworkSpec, task: Task, deadline: float,
                     partial: Callable[[TaskResult], None]) -> TaskResult:
    """Run `task` of `spec`; spec mistakes (a shape that does not fit, an unknown name) come back as ERROR checks
    at their file, line and column, never as exceptions."""
    from derivcheck.run.tasks import TaskResult

    started = time.monotonic()
    try:
        function, named = cost_math(spec), forward_definitions(spec)
    except SpecError as exc:
        return TaskResult(checks=(_error(CheckKind.SPEC, "spec", exc, spec.lines.get("forward")),))
    try:
        if task.kind is TaskKind.KINKS:
            rows, checks = check_kinks(spec)
            seconds = time.monotonic() - started
            timed = tuple(c if c.seconds else replace(c, seconds=seconds / max(1, len(checks))) for c in checks)
            return TaskResult(checks=timed, kinks=rows, function=function, definitions=named)

        def send(check: Check) -> None:
            partial(TaskResult(checks=(check,), function=function, definitions=named))

        assert task.index is not None
        check = check_equation(spec, task.index, deadline=deadline, partial=send)
        return TaskResult(checks=(check,), function=function, definitions=named)
    except SpecError as exc:
        error = _error(check_kind(task, spec), task_label(spec, task), exc, task_line(spec, task),
                       time.monotonic() - started)
        return TaskResult(checks=(error,), function=function, definitions=named)


def _error(kind: CheckKind, label: str, exc: SpecError, line: int | None, seconds: float = 0.0) -> Check:
    return Check(kind=kind, label=label, verdict=Verdict.ERROR, method=None, message=str(exc),
                 line=exc.location.line if exc.location else line, seconds=seconds,
                 column=exc.location.column if exc.location else None)
