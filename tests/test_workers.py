"""Worker processes: budgets are enforced, partial results survive, crashes are reported."""

from __future__ import annotations

import time
from typing import Any

from derivcheck.workers import run_all


def _square(task: int, send: Any) -> int:
    return task * task


def _sleepy(task: float, send: Any) -> str:
    send("partial evidence")
    time.sleep(task)
    return "finished"


def _spin(task: int, send: Any) -> int:
    while True:  # a computation no alarm could interrupt cleanly
        task += 1


def _hog(task: int, send: Any) -> int:
    blocks = []
    for _ in range(10_000):
        blocks.append(bytearray(64 * 1024 * 1024))
    return len(blocks)


def _crash(task: int, send: Any) -> int:
    raise ValueError("boom")


def test_results_come_back_in_task_order_with_several_jobs() -> None:
    outcomes = run_all([3, 1, 2, 5, 4], _square, timeout=30, jobs=2)
    assert [o.result for o in outcomes] == [9, 1, 4, 25, 16]
    assert all(o.finished for o in outcomes)


def test_a_task_past_its_budget_is_killed_and_keeps_its_partial_result() -> None:
    started = time.monotonic()
    outcomes = run_all([60.0, 0.0], _sleepy, timeout=1.0, jobs=2)
    assert time.monotonic() - started < 30  # far below the 60 s the task wanted
    slow, fast = outcomes
    assert not slow.finished and slow.reason == "timeout" and slow.result == "partial evidence"
    assert fast.finished and fast.result == "finished"


def test_a_busy_loop_is_stopped() -> None:
    (outcome,) = run_all([0], _spin, timeout=0.5)
    assert not outcome.finished and outcome.reason == "timeout"


def test_memory_is_limited() -> None:
    (outcome,) = run_all([0], _hog, timeout=60, memory_mb=256)
    assert not outcome.finished and outcome.reason == "memory"


def test_a_crash_is_reported_not_raised() -> None:
    (outcome,) = run_all([0], _crash, timeout=30)
    assert not outcome.finished
    assert outcome.reason.startswith("crash: ValueError: boom")
