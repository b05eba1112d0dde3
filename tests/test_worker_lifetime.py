"""Worker processes end with the run however it ends, and each task runs under a CPU-time limit."""

from __future__ import annotations

import math
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from derivcheck.run import worker_limits
from derivcheck.run.worker_limits import CPU_MARGIN, bind_to_parent, cpu_soft_limit, limit_task
from derivcheck.run.workers import run_all

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc")

# A true claim whose proof expands polynomials of degree about 10,000: its worker computes for a minute.
SLOW_SPEC = """\
name: slow
function: (1 + z + z^2)^999*(2 - z^3)^999*(3 + z^5)^999
derivative: (1 + z + z^2)^998*(2 - z^3)^998*(3 + z^5)^998*(999*(1 + 2*z)*(2 - z^3)*(3 + z^5)
  - 2997*z^2*(1 + z + z^2)*(3 + z^5) + 4995*z^4*(1 + z + z^2)*(2 - z^3))
"""

# run_all from a script, in a worker that spins in Python for ten minutes; prctl is hidden from it when asked.
SPIN_SCRIPT = """\
import sys
from derivcheck.run import worker_limits
from derivcheck.run.workers import run_all
if sys.argv[1] == "watchdog":
    worker_limits._set_parent_death_signal = None  # as on a system without prctl
def spin(task, send):
    while True:
        task += 1
run_all([0, 1], spin, timeout=600, jobs=2)
"""


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat from the state on (the command name may hold spaces), or None when gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()
    except OSError:
        return None


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in {"Z", "X"}  # a zombie has ended; only its parent must reap it


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))) is not None and fields[1] == str(pid):
            found.append(int(entry))
    return found


def _cpu_ticks(pid: int) -> int:
    fields = _stat(pid)
    return 0 if fields is None else int(fields[11]) + int(fields[12])  # utime + stime


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _busy_workers(run: subprocess.Popen[bytes]) -> list[int]:
    """The pids of `run`'s children once one of them has computed for a while (its task is under way)."""
    ticks = os.sysconf("SC_CLK_TCK")
    assert _wait_for(lambda: run.poll() is not None or any(_cpu_ticks(c) >= 0.3 * ticks for c in _children(run.pid)),
                     120), "no worker started computing"
    assert run.poll() is None, "the run ended before its workers could be seen"
    return _children(run.pid)


def _end(run: subprocess.Popen[bytes], pids: list[int]) -> list[int]:
    """Wait up to a few seconds for the pids to end; kill (and return) those still running, and the run."""
    _wait_for(lambda: not any(_alive(p) for p in pids), 5.0)
    left = [p for p in pids if _alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    if run.poll() is None:
        run.kill()
    run.wait(timeout=30)
    return left


def _verify_slow_spec(tmp_path: Path) -> subprocess.Popen[bytes]:
    spec = tmp_path / "slow.yaml"
    spec.write_text(SLOW_SPEC, encoding="utf-8")
    # In a session of its own, so that a signal to its group never reaches the test runner.
    return subprocess.Popen([sys.executable, "-m", "derivcheck", "verify", str(spec), "--timeout", "60",
                             "--no-cache", "-j", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_killing_the_run_alone_ends_its_workers(tmp_path: Path, signum: int) -> None:
    run = _verify_slow_spec(tmp_path)
    workers = _busy_workers(run)
    os.kill(run.pid, signum)  # the parent only: it runs no cleanup, its workers get no signal from us
    run.wait(timeout=30)
    assert _end(run, workers) == []


@pytest.mark.parametrize("whom", ["group", "parent"])
def test_ctrl_c_still_ends_the_run_and_its_workers(tmp_path: Path, whom: str) -> None:
    run = _verify_slow_spec(tmp_path)
    workers = _busy_workers(run)
    if whom == "group":
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole foreground group
    else:
        os.kill(run.pid, signal.SIGINT)
    assert run.wait(timeout=30) != 0
    assert _end(run, workers) == []


@pytest.mark.parametrize("mode", ["prctl", "watchdog"])
def test_run_all_workers_end_when_their_parent_is_killed(mode: str) -> None:
    run = subprocess.Popen([sys.executable, "-c", SPIN_SCRIPT, mode], start_new_session=True)
    workers = _busy_workers(run)
    assert len(workers) == 2
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    assert _end(run, workers) == []


def test_a_worker_whose_parent_died_before_it_was_bound_ends_at_once(tmp_path: Path) -> None:
    # The parent exits right after the fork; the child binds itself only later, when no parent-death signal
    # can come any more, and must notice that its parent is gone.
    script = ("import os, time\nfrom derivcheck.run.worker_limits import bind_to_parent\nparent = os.getpid()\n"
              "child = os.fork()\nif child == 0:\n    time.sleep(1.0)\n    bind_to_parent(parent)\n"
              "    time.sleep(60)\n    os._exit(0)\nprint(child, flush=True)\nos._exit(0)\n")
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, start_new_session=True) as run:
        assert run.stdout is not None
        child = int(run.stdout.readline())
    assert _wait_for(lambda: not _alive(child), 20), "the orphan went on running"


def _spin_forever() -> None:
    bind_to_parent(os.getppid())  # as a worker does: SIGXCPU's default action, no core file
    limit_task(0.5, 2048)
    n = 0
    while True:
        n += 1


def test_the_cpu_limit_ends_a_task_that_computes_past_its_budget(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    monkeypatch.setattr(worker_limits, "CPU_MARGIN", 0.0)  # a budget of 0.5 s: one second of CPU time
    monkeypatch.chdir(tmp_path)
    process = multiprocessing.get_context("fork").Process(target=_spin_forever)
    process.start()
    process.join(timeout=20)
    if process.is_alive():
        process.kill()
        process.join()
    assert process.exitcode == -signal.SIGXCPU
    assert list(tmp_path.iterdir()) == []  # no core file


def _cpu_limits(task: float, send: Any) -> tuple[float, int, int]:
    used = time.process_time()
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    while time.process_time() < used + task:  # use some CPU time before the next task
        pass
    return used, soft, hard


def test_each_task_gets_its_own_cpu_allowance_and_the_hard_limit_is_kept() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    outcomes = run_all([0.6, 0.6, 0.0], _cpu_limits, timeout=30, jobs=1)
    assert all(o.finished for o in outcomes)
    allowance = 30 + max(CPU_MARGIN, 30 / 4)
    for outcome in outcomes:
        assert outcome.result is not None
        used, soft, kept = outcome.result
        assert kept == hard
        assert used + allowance - 0.1 <= soft <= used + allowance + 1  # set just before this task started
    assert outcomes[2].result is not None and outcomes[0].result is not None
    assert outcomes[2].result[1] > outcomes[0].result[1]  # raised again after the CPU time the first two used


def test_an_unbounded_budget_leaves_only_the_hard_cpu_limit() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    for timeout in (math.inf, 1e300):
        (outcome,) = run_all([0.0], _cpu_limits, timeout=timeout)
        assert outcome.finished and outcome.result is not None
        assert outcome.result[1:] == (hard, hard)


def _ran_out_of_cpu(task: int, send: Any) -> str:
    send("partial evidence")
    os.kill(os.getpid(), signal.SIGXCPU)  # what the kernel sends at the CPU limit
    time.sleep(30)
    return "finished"


def test_a_worker_ended_by_its_cpu_limit_is_reported_as_out_of_time() -> None:
    previous = signal.signal(signal.SIGXCPU, signal.SIG_IGN)  # a worker must not inherit "ignore"
    try:
        (outcome,) = run_all([0], _ran_out_of_cpu, timeout=60)
    finally:
        signal.signal(signal.SIGXCPU, previous)
    assert not outcome.finished and outcome.reason == "timeout" and outcome.result == "partial evidence"
    assert outcome.seconds < 30


def test_the_cpu_limit_is_whole_seconds_below_the_hard_limit() -> None:
    infinity = resource.RLIM_INFINITY
    assert cpu_soft_limit(0.2, 25.0, infinity) == 26
    assert cpu_soft_limit(3.0, 25.0, infinity) == 28
    assert cpu_soft_limit(3.0, 25.0, 20) == 20  # an unprivileged process cannot raise the hard limit
    assert cpu_soft_limit(0.0, math.inf, infinity) == infinity  # --timeout inf: no limit beyond the hard one
    assert cpu_soft_limit(0.0, 1e300, 100) == 100
    assert cpu_soft_limit(0.0, math.nan, infinity) == infinity
