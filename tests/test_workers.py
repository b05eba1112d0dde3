"""Worker processes: budgets are enforced, partial results survive, crashes are reported."""

from __future__ import annotations

import time
from typing import Any

from derivcheck.run.workers import run_all


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


def _pid(task: int, send: Any) -> int:
    import os

    return os.getpid()


def _spin_or_pid(task: int, send: Any) -> int:
    if task < 0:
        _spin(task, send)
    return _pid(task, send)


def test_a_worker_takes_task_after_task() -> None:
    outcomes = run_all(list(range(6)), _pid, timeout=30, jobs=1)
    assert len({o.result for o in outcomes}) == 1


def test_a_worker_past_its_budget_is_replaced_and_the_rest_still_run() -> None:
    outcomes = run_all([1, -1, 2, 3], _spin_or_pid, timeout=1.0, jobs=1)
    first, stuck, *rest = outcomes
    assert stuck.reason == "timeout" and not stuck.finished
    assert all(o.finished for o in rest) and first.result not in {o.result for o in rest}


def test_a_crashed_worker_is_not_reused() -> None:
    outcomes = run_all([0, 0], _crash, timeout=30, jobs=1)
    assert [o.reason.split(":")[0] for o in outcomes] == ["crash", "crash"]


def test_each_task_gets_its_own_memory_allowance() -> None:
    # Four tasks in one worker, each allowed 256 MiB: the first three use 64 MiB (freed after), the last hogs.
    outcomes = run_all([0, 0, 0, 1], _block_or_hog, timeout=60, jobs=1, memory_mb=256)
    assert [o.finished for o in outcomes] == [True, True, True, False]
    assert outcomes[-1].reason == "memory"


def _block_or_hog(task: int, send: Any) -> int:
    if task:
        return _hog(task, send)
    return len(bytearray(64 * 1024 * 1024))


def _nap_pid(task: int, send: Any) -> int:
    time.sleep(0.3)  # equal lengths: neither worker runs out of its own group's tasks first
    return _pid(task, send)


def test_tasks_of_a_group_stay_with_one_worker() -> None:
    tasks = [10, 11, 12, 20, 21, 22]  # two groups, by tens
    outcomes = run_all(tasks, _nap_pid, timeout=30, jobs=2, group=lambda task: task // 10)
    pids = [o.result for o in outcomes]
    assert pids[0] == pids[1] == pids[2] and pids[3] == pids[4] == pids[5] and pids[0] != pids[3]
