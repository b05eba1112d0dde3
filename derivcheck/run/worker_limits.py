"""Bound a worker process: it dies with the process that forked it, and each task runs under CPU and memory limits.

A worker must not outlive its run.  An orderly end (every task done, Ctrl-C, an error) stops the workers from
the parent, but a parent killed outright (`kill -TERM`, `kill -KILL`, the out-of-memory killer) runs no
cleanup, and its workers would go on computing as children of init, past every budget.  So each worker, first
thing after the fork (`bind_to_parent`):

- on Linux asks the kernel to send it SIGKILL when its parent dies (`prctl(PR_SET_PDEATHSIG)`).  The parent
  may have died before the request was made, and then no signal comes; the worker sees that its parent is no
  longer the process that forked it and ends at once;
- elsewhere starts a watchdog thread that polls its parent and ends the worker when the parent changes.  A
  thread cannot run while a long C call holds the interpreter, hence the backstop:

and before each task (`limit_task`) it limits the CPU time the task may use (`RLIMIT_CPU`) to its wall-clock
budget plus a margin.  The parent kills a task at the wall-clock budget, and a task computing in one thread
uses no more CPU time than wall time, so this limit is reached only when the parent is gone.  The kernel then
sends SIGXCPU, whose default action (kept in the worker) ends it; workers write no core files, so that leaves
nothing behind either.  Were the parent still there, it would report such a death as the time budget running
out.  Only the soft limits are set, so the worker raises them again for its next task.
"""

from __future__ import annotations

import math
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable

#: The CPU time a task may use beyond its wall-clock budget: the parent's kill may come late on a loaded machine.
CPU_MARGIN = 5.0
WATCH_INTERVAL = 0.5  # seconds between the watchdog's looks at the parent, where prctl is missing

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _find_prctl() -> Callable[[int], bool] | None:
    """`prctl(PR_SET_PDEATHSIG, sig)` through ctypes, or None where the C library has no prctl."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def set_parent_death_signal(signum: int) -> bool:
        zero = ctypes.c_ulong(0)
        return bool(prctl(ctypes.c_int(_PR_SET_PDEATHSIG), ctypes.c_ulong(signum), zero, zero, zero) == 0)

    return set_parent_death_signal


# Looked up when the parent imports this module, before any fork: loading a library in a child forked from a
# process with threads (a test runner's, say) could wait forever on a lock some other thread held at the fork.
_set_parent_death_signal = _find_prctl()


def bind_to_parent(parent: int) -> None:
    """Make this worker end when `parent` (the pid that forked it, read before the fork) ends; call first thing."""
    # Strictly, the kernel signals when the parent's forking thread ends: `run_all`, in that thread, stops its
    # workers before it returns, so this is the parent's death.
    armed = _set_parent_death_signal is not None and _set_parent_death_signal(signal.SIGKILL)
    if not armed:
        threading.Thread(target=_watch, args=(parent,), name="derivcheck-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed: no signal will come
        os.kill(os.getpid(), signal.SIGKILL)
    # The CPU limit ends the worker only under SIGXCPU's default action: a handler, or "ignore" (which the
    # parent may have inherited), would only get SIGXCPU again each second, up to a hard limit usually absent.
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    _set_soft(resource.RLIMIT_CORE, 0)  # SIGXCPU (or a crash in C code) leaves no core file in the project


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    os.kill(os.getpid(), signal.SIGKILL)


def ended_by_cpu_limit(exitcode: int | None) -> bool:
    """Whether a worker's exit code (as `multiprocessing` gives it) says the CPU limit ended it."""
    return exitcode == -signal.SIGXCPU


def limit_task(timeout: float, memory_mb: int) -> None:
    """Limit the next task to `timeout` (+ margin) of CPU time and `memory_mb` beyond what the process uses now."""
    seconds = max(0.0, timeout)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    _set_soft(resource.RLIMIT_CPU, cpu_soft_limit(time.process_time(), seconds + max(CPU_MARGIN, seconds / 4), hard))
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # not on Linux: the wall-clock budget still applies
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + memory_mb * 1024 * 1024
    _set_soft(resource.RLIMIT_AS, limit if hard == resource.RLIM_INFINITY else min(limit, hard))


def cpu_soft_limit(used: float, seconds: float, hard: int) -> int:
    """The soft RLIMIT_CPU (whole seconds of process CPU time) that allows `seconds` more after `used`.

    Never above the hard limit, which an unprivileged process cannot raise; a budget too large for the kernel
    (`--timeout inf`) leaves only the hard limit.
    """
    total = used + seconds
    if not math.isfinite(total) or total >= 2**62:
        return hard
    limit = math.ceil(total)
    return limit if hard == resource.RLIM_INFINITY else min(limit, hard)


def _set_soft(kind: int, soft: int) -> None:
    """Set a soft limit only, keeping the hard one (so that it can be raised again)."""
    try:
        _, hard = resource.getrlimit(kind)
        resource.setrlimit(kind, (soft, hard))
    except (OSError, ValueError):
        pass  # a platform without this limit: the wall-clock budget and the parent's watch still apply
