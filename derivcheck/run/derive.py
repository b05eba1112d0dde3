"""Run `derive` in a worker process under a time and memory budget, keeping what it found before the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from derivcheck.engine.explain.derive import derive
from derivcheck.engine.problem import Problem
from derivcheck.results.explanation import Explanation
from derivcheck.run.budget import DEFAULT_MEMORY_MB, deadline_for
from derivcheck.run.workers import Ending, run_all

__all__ = ["Explained", "derive_in_worker"]


@dataclass(frozen=True)
class Explained:
    """What an explanation in a worker came to; `explanation` is None when not even its steps came back."""

    explanation: Explanation | None
    stopped: str = ""  # why it ended early, e.g. "time budget of 30 s"; "" when it is complete
    crashed: bool = False  # it ended by an exception inside derivcheck, not by a budget


def derive_in_worker(problem: Problem, *, timeout: float, output_form: bool = True,
                     memory_mb: int = DEFAULT_MEMORY_MB) -> Explained:
    """`derive` in a worker process under a wall-clock budget; a partial explanation is marked as stopped."""

    def work(task: Problem, send: Callable[[object], None]) -> Explanation:
        return derive(task, deadline=deadline_for(timeout), send=send, output_form=output_form)

    (outcome,) = run_all([problem], work, timeout=timeout, jobs=1, memory_mb=memory_mb)
    result = outcome.result if isinstance(outcome.result, Explanation) else None
    if outcome.finished and result is not None:
        return Explained(result)
    if outcome.ending is Ending.TIMEOUT:
        reason = f"time budget of {timeout:g} s"
    elif outcome.ending is Ending.MEMORY:
        reason = f"memory limit of {memory_mb} MiB"
    else:
        reason = outcome.reason.split("\n")[0]
    return Explained(None if result is None else result.stopped_early(reason), reason,
                     crashed=outcome.ending is Ending.CRASH)
