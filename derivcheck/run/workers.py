"""Run tasks in forked worker processes, each task under a wall-clock budget and a memory limit.

`signal.alarm` cannot interrupt a long computation inside C code and bounds no memory, so tasks run in
worker processes, and a worker whose task overruns its budget is killed (and replaced by a fresh one for
the tasks still waiting).  A worker that finishes a task takes the next: forking a process per task cost
more than many tasks themselves (copying the parent's memory pages, warming sympy's caches again).  A
worker that crashed or ran out of memory is not reused.  Results come back through a pipe; a task may send
partial results first, and the last one received stands when the task is killed.

Workers end with the run however it ends.  When `run_all` returns or raises (Ctrl-C included) it has stopped
every worker itself.  When the parent is killed outright and runs no cleanup, each worker ends too: it is bound
to its parent's life and its task's CPU time is limited (see `derivcheck.run.worker_limits`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
import traceback
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import Enum
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from derivcheck.run.budget import DEFAULT_MEMORY_MB
from derivcheck.run.worker_limits import bind_to_parent, ended_by_cpu_limit, limit_task

T = TypeVar("T")
R = TypeVar("R")

Send = Callable[[Any], None]


class Ending(Enum):
    """How a task ended."""

    FINISHED = "finished"
    TIMEOUT = "timeout"  # its wall-clock budget ran out (or the CPU limit behind it)
    MEMORY = "memory"  # it needed more than its memory limit
    CRASH = "crash"  # it raised an exception: a bug in the task's code
    DIED = "died"  # its worker ended without a word (killed, or a crash inside C code)


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """How one task ended: `result` (the last thing sent), and why it ended when it did not finish."""

    result: R | None
    finished: bool
    reason: str = ""  # in words: "timeout", "memory", "crash: ValueError: ... (traceback)", "died: exit code N"
    seconds: float = 0.0
    ending: Ending = Ending.FINISHED


@dataclass
class _Worker:
    process: Any
    conn: Connection
    index: int | None = None  # the task it runs, None while idle
    group: Hashable = None  # the group of the last task it ran
    started: float = 0.0
    last: Any = None
    finished: bool = False
    eof: bool = False
    reason: str = ""
    ending: Ending | None = None  # set once the task has ended

    def assign(self, index: int) -> None:
        self.index, self.started, self.last, self.finished = index, time.monotonic(), None, False
        self.reason, self.ending = "", None
        self.conn.send(index)


def run_all(
    tasks: Sequence[T],
    work: Callable[[T, Send], R],
    *,
    timeout: float,
    jobs: int = 1,
    memory_mb: int = DEFAULT_MEMORY_MB,
    on_done: Callable[[int], None] | None = None,
    group: Callable[[T], Hashable] | None = None,
) -> list[Outcome[R]]:
    """Run `work(task, send)` for every task, at most `jobs` at once; outcomes in task order.

    `on_done(index)` is called in the parent as each task ends, in the order they end.  Tasks of the same
    `group` (say, the claims of one spec) go to the same worker where the order allows, so that what one
    leaves in the worker's caches serves the next.
    """
    context = multiprocessing.get_context("fork")
    outcomes: list[Outcome[R] | None] = [None] * len(tasks)
    pending = deque(range(len(tasks)))
    workers: list[_Worker] = []
    jobs = max(1, jobs)

    def next_for(worker: _Worker) -> int:
        if group is not None:
            # Its own group first, then one no other worker is on, then whatever comes next.
            busy = {w.group for w in workers if w.index is not None}
            chosen = next((i for i in pending if group(tasks[i]) == worker.group), None)
            if chosen is None:
                chosen = next((i for i in pending if group(tasks[i]) not in busy), None)
            if chosen is not None:
                pending.remove(chosen)
                worker.group = group(tasks[chosen])
                return chosen
        index = pending.popleft()
        worker.group = None if group is None else group(tasks[index])
        return index

    def start() -> _Worker:
        mine, theirs = context.Pipe(duplex=True)
        parent = os.getpid()  # the worker checks, once bound to its parent's life, that this one is still there
        process = context.Process(target=_serve, args=(work, tasks, theirs, parent, timeout, memory_mb),
                                  daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        workers.append(worker)
        return worker

    try:
        while pending or any(w.index is not None for w in workers):
            for worker in [w for w in workers if w.index is None]:
                if pending:
                    worker.assign(next_for(worker))
            while pending and len(workers) < jobs:
                worker = start()
                worker.assign(next_for(worker))
            busy = [w for w in workers if w.index is not None]
            soonest = min(w.started + timeout for w in busy)
            # At most an hour at a time: the selector cannot wait for an unbounded budget (`inf`, `1e300`).
            ready = wait([w.conn for w in busy], timeout=min(max(0.0, soonest - time.monotonic()), 3600.0))
            for worker in busy:
                if worker.conn in ready:
                    _drain(worker)
                expired = time.monotonic() >= worker.started + timeout
                if not (worker.ending or worker.eof or expired):
                    continue
                index = worker.index
                assert index is not None
                if worker.ending is None:
                    if worker.eof:
                        _stop(worker, polite=False)
                        worker.ending, worker.reason = _death(worker.process.exitcode)
                    else:
                        worker.ending, worker.reason = Ending.TIMEOUT, Ending.TIMEOUT.value
                outcomes[index] = Outcome(worker.last, worker.finished, worker.reason,
                                          time.monotonic() - worker.started, worker.ending)
                worker.index = None
                if not worker.finished:  # timed out, crashed or died: never reused
                    _stop(worker, polite=False)
                    workers.remove(worker)
                if on_done is not None:
                    on_done(index)
    finally:
        for worker in workers:
            _stop(worker, polite=worker.index is None)
    return [o for o in outcomes if o is not None]


def _drain(worker: _Worker) -> None:
    try:
        while worker.conn.poll():
            kind, payload = worker.conn.recv()
            if kind == "final":
                worker.last, worker.finished, worker.ending = payload, True, Ending.FINISHED
            elif kind == "partial":
                worker.last = payload
            else:
                worker.ending, worker.reason = payload
    except (EOFError, OSError):
        worker.eof = True


def _stop(worker: _Worker, *, polite: bool) -> None:
    """End a worker: an idle one (`polite`) is asked to exit, a busy or broken one is killed."""
    if polite and worker.process.is_alive():
        try:
            worker.conn.send(None)
            worker.process.join(timeout=1.0)
        except OSError:
            pass
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.conn.close()


def _death(exitcode: int | None) -> tuple[Ending, str]:
    """Why a worker ended without a word: its CPU limit (a budget, so reported as one) or anything else."""
    # The parent kills at the wall-clock budget before the CPU limit is reached, unless the task used
    # several threads or the parent was held up (stopped, starved): either way the budget ran out.
    if ended_by_cpu_limit(exitcode):
        return Ending.TIMEOUT, Ending.TIMEOUT.value
    return Ending.DIED, f"died: exit code {exitcode}"


def _serve(work: Callable[[Any, Send], Any], tasks: Sequence[Any], conn: Connection, parent: int, timeout: float,
           memory_mb: int) -> None:
    """The worker: run the tasks the parent names (by index; the tasks came with the fork) until told to stop."""
    try:
        bind_to_parent(parent)
        while True:
            try:
                index = conn.recv()
            except EOFError:
                break
            if index is None:
                break
            limit_task(timeout, memory_mb)
            try:
                result = work(tasks[index], lambda partial: conn.send(("partial", partial)))
                conn.send(("final", result))
                # What a task leaves behind (caches for the next tasks) is moved out of the garbage
                # collector's reach, or every later collection would walk it again.
                gc.freeze()
            except MemoryError:
                conn.send(("ended", (Ending.MEMORY, Ending.MEMORY.value)))
                break
            except BaseException as exc:  # any failure of the task becomes a reported reason, never a hang
                conn.send(("ended", (Ending.CRASH, f"crash: {type(exc).__name__}: {exc}\n{traceback.format_exc()}")))
                break
    finally:
        conn.close()
        os._exit(0)  # skip atexit handlers and finalizers inherited from the parent
