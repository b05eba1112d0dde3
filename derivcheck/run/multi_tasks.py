"""Run one task of a spec of several variables inside a worker process: a claimed derivative, an identity, or
the kinks along each variable."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from derivcheck.engine.multi.build import build_multi
from derivcheck.engine.multi.claims import check_claim, check_identity, check_kinks, definitions, function_math
from derivcheck.errors import SpecError
from derivcheck.results.checks import Check, CheckKind, Verdict
from derivcheck.run.plan import Task, TaskKind, check_kind, task_label, task_line
from derivcheck.spec.multi import MultiSpec

if TYPE_CHECKING:
    from derivcheck.run.tasks import TaskResult


def run_multi_task(spec: MultiSpec, task: Task, deadline: float, partial: Callable[[TaskResult], None]) -> TaskResult:
    """Run `task` of `spec`; spec mistakes come back as ERROR checks, never as exceptions."""
    from derivcheck.run.tasks import TaskResult

    started = time.monotonic()
    try:
        built = build_multi(spec)
        function, named = function_math(built), definitions(built)
    except SpecError as exc:
        return TaskResult(checks=(_error(CheckKind.SPEC, "spec", exc, spec.lines.get("function")),))
    try:
        if task.kind is TaskKind.KINKS:
            rows, checks = check_kinks(built)
            seconds = time.monotonic() - started
            return TaskResult(checks=tuple(c if c.seconds else _timed(c, seconds) for c in checks), kinks=rows,
                              function=function, definitions=named)

        def send(check: Check) -> None:
            partial(TaskResult(checks=(check,), function=function, definitions=named))

        assert task.index is not None
        if task.kind is TaskKind.IDENTITY:
            check = check_identity(built, task.index, deadline=deadline, partial=send)
        else:
            check = check_claim(built, task.index, deadline=deadline, partial=send,
                                second=task.kind is TaskKind.SECOND_DERIVATIVE)
        return TaskResult(checks=(check,), function=function, definitions=named)
    except SpecError as exc:
        error = _error(check_kind(task, spec), task_label(spec, task), exc, task_line(spec, task),
                       time.monotonic() - started)
        return TaskResult(checks=(error,), function=function, definitions=named)


def _timed(check: Check, seconds: float) -> Check:
    from dataclasses import replace

    return replace(check, seconds=seconds)


def _error(kind: CheckKind, label: str, exc: SpecError, line: int | None, seconds: float = 0.0) -> Check:
    return Check(kind=kind, label=label, verdict=Verdict.ERROR, method=None, message=str(exc),
                 line=exc.location.line if exc.location else line, seconds=seconds,
                 column=exc.location.column if exc.location else None)
