"""The budgets work runs under, each defined once: time per claim or explanation, memory per task, allowed range.

The commands' option defaults, the pytest plug-in's, `VerifyOptions` and the worker pool all read them here.
"""

from __future__ import annotations

import math
import time

__all__ = ["DEFAULT_MEMORY_MB", "DEFAULT_TIMEOUT", "EXPLAIN_TIMEOUT", "MAX_TIMEOUT", "MIN_TIMEOUT", "TIMEOUT_RANGE",
           "deadline_for", "timeout_problem"]

#: Seconds a claim may take (`verify`, `latex`, the pytest plug-in); past it the claim is UNDECIDED.
DEFAULT_TIMEOUT = 20.0
#: Seconds a whole explanation may take (`derive`, `show --steps`): many small proofs in one worker.
EXPLAIN_TIMEOUT = 30.0
#: Memory (MiB) a task may take beyond what its worker uses when the task starts.
DEFAULT_MEMORY_MB = 2048
#: The share of its budget the engine may use before it stops and returns what it found; the rest is the
#: margin before the worker is killed.
DEADLINE_SHARE = 0.9

#: The time budget a claim may be given, in seconds: at least a tenth of a second, at most one day.
MIN_TIMEOUT, MAX_TIMEOUT = 0.1, 86400.0
#: The allowed range in words, for option help.
TIMEOUT_RANGE = f"{MIN_TIMEOUT:g} to {MAX_TIMEOUT:g}"


def timeout_problem(seconds: float) -> str | None:
    """Why `seconds` cannot be a time budget (not a finite number in range), or None when it can."""
    if math.isfinite(seconds) and MIN_TIMEOUT <= seconds <= MAX_TIMEOUT:
        return None
    return (f"{seconds!r} is not an allowed time budget; give a number of seconds from {MIN_TIMEOUT:g} "
            f"to {MAX_TIMEOUT:g} (one day)")


def deadline_for(timeout: float) -> float:
    """The engine's own deadline (monotonic seconds) for work that starts now under a budget of `timeout`."""
    return time.monotonic() + DEADLINE_SHARE * timeout
