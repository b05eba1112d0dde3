"""Run tasks in forked worker processes, each under a wall-clock budget and a memory limit.

`signal.alarm` cannot interrupt a long computation inside C code and bounds no memory, so every task runs in
its own process that is killed when its budget is spent.  Results come back through a pipe; a task may send
partial results first, and the last one received stands when the task is killed.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Send = Callable[[Any], None]


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """How one task ended: `result` (the last thing sent), and why it ended when it did not finish."""

    result: R | None
    finished: bool
    reason: str = ""  # "timeout", "memory", "crash: ...", "died: signal N"
    seconds: float = 0.0


@dataclass
class _Running:
    index: int
    process: Any
    conn: Connection
    started: float
    last: Any = None
    finished: bool = False
    eof: bool = False
    reason: str = ""


def run_all(
    tasks: Sequence[T],
    work: Callable[[T, Send], R],
    *,
    timeout: float,
    jobs: int = 1,
    memory_mb: int = 2048,
    on_done: Callable[[int], None] | None = None,
) -> list[Outcome[R]]:
    """Run `work(task, send)` for every task, at most `jobs` at once; outcomes in task order.

    `on_done(index)` is called in the parent as each task ends, in the order they end.
    """
    context = multiprocessing.get_context("fork")
    outcomes: list[Outcome[R] | None] = [None] * len(tasks)
    pending = list(range(len(tasks)))
    running: list[_Running] = []
    jobs = max(1, jobs)
    while pending or running:
        while pending and len(running) < jobs:
            index = pending.pop(0)
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(work, tasks[index], sender, memory_mb), daemon=True)
            process.start()
            sender.close()
            running.append(_Running(index, process, receiver, time.monotonic()))
        now = time.monotonic()
        soonest = min(r.started + timeout for r in running)
        ready = wait([r.conn for r in running], timeout=max(0.0, soonest - now))
        for run in list(running):
            if run.conn in ready:
                _drain(run)
            done = run.finished or run.eof
            expired = time.monotonic() >= run.started + timeout
            if done or expired:
                if not run.finished and not done:
                    run.reason = "timeout"
                elif not run.finished and not run.reason:
                    run.reason = f"died: exit code {run.process.exitcode}"
                _stop(run)
                outcomes[run.index] = Outcome(run.last, run.finished, run.reason, time.monotonic() - run.started)
                running.remove(run)
                if on_done is not None:
                    on_done(run.index)
    return [o for o in outcomes if o is not None]


def _drain(run: _Running) -> None:
    try:
        while run.conn.poll():
            kind, payload = run.conn.recv()
            if kind == "final":
                run.last, run.finished = payload, True
            elif kind == "partial":
                run.last = payload
            else:
                run.reason = payload
    except (EOFError, OSError):
        run.eof = True


def _stop(run: _Running) -> None:
    if run.process.is_alive():
        run.process.kill()
    run.process.join()
    run.conn.close()


def _child(work: Callable[[Any, Send], Any], task: Any, conn: Connection, memory_mb: int) -> None:
    _limit_memory(memory_mb)
    try:
        result = work(task, lambda partial: conn.send(("partial", partial)))
        conn.send(("final", result))
    except MemoryError:
        conn.send(("reason", "memory"))
    except BaseException as exc:  # any failure of the task becomes a reported reason, never a hang
        conn.send(("reason", f"crash: {type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        conn.close()
        os._exit(0)  # skip atexit handlers and finalizers inherited from the parent


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at what the process uses now plus `memory_mb`."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = used + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass  # not on Linux: the wall-clock budget still applies
