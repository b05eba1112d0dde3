"""Prepare the parent for forking workers: import what they would import lazily, freeze the heap.

Workers are forked, so whatever the parent has imported they get for free; `simplify` alone imports
`sympy.physics.units` (and through it combinatorics and tensors) on first use, about 0.1 s that each
worker would pay again.  And the parent's objects are moved out of the garbage collector's reach
(`gc.freeze`), so a worker's collections never walk them and never copy their memory pages: measured on
the catalog, this halves the workers' CPU time.  Neither changes any result.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress

#: Found by running the engine over the catalog and the examples and listing the modules it imported late.
LAZY_MODULES: tuple[str, ...] = (
    "sympy.physics.units",
    "sympy.assumptions.wrapper",
    "sympy.sets.handlers.issubset",
    "sympy.sets.setexpr",
)


@contextmanager
def ready_to_fork() -> Iterator[None]:
    """Import LAZY_MODULES and freeze the heap while workers are forked; unfreeze afterwards.

    Unfreezing lets the collector reclaim, later, any garbage that was frozen with the rest (a long-lived
    process such as a test session verifies many times).
    """
    for name in LAZY_MODULES:
        with suppress(ImportError):  # a sympy version without it: this is only about speed
            importlib.import_module(name)
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
