"""The expression vocabulary: which names mean which sympy constants and functions (one table, three parts).

Every function name is an allow-list entry with a derivative sympy knows and a value mpmath computes
(`tests/test_vocabulary.py` checks both against mpmath at many points); anything else is refused by name.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from derivcheck.lang.elementary import ACTIVATIONS, ELEMENTARY
from derivcheck.lang.entry import Function
from derivcheck.lang.framework import FRAMEWORK
from derivcheck.lang.special import SPECIAL
from derivcheck.lang.spellings import LOGIC, NUMBERS, RELATIONS

FUNCTIONS: Mapping[str, Function] = {f.name: f for f in ELEMENTARY + SPECIAL + FRAMEWORK + ACTIVATIONS}

CONSTANTS: Mapping[str, sympy.Expr] = {"pi": sympy.pi, "e": sympy.E, "E": sympy.E}

# Forms with their own syntax rather than a plain call: Piecewise((expr, cond), ...) and diff(expr, z).
PIECEWISE = "Piecewise"
DIFF = "diff"

# Forms of specs with vectors only (`indices` declared): sum(expr, k) over k = 1..n, and the Kronecker delta(i, j).
SUM = "sum"
DELTA = "delta"
INDEX_FORMS: tuple[str, ...] = (SUM, DELTA)

FUNCTION_NAMES: tuple[str, ...] = (*(f.name for f in ELEMENTARY + SPECIAL + FRAMEWORK), PIECEWISE, DIFF)
ACTIVATION_NAMES: tuple[str, ...] = tuple(f.name for f in ACTIVATIONS)
CONSTANT_NAMES: tuple[str, ...] = tuple(CONSTANTS)

#: sympy spellings called like functions: relations and logic (conditions) and exact number constructors.
SPELLING_NAMES: frozenset[str] = frozenset(RELATIONS) | frozenset(LOGIC) | NUMBERS

CALLABLE_NAMES: frozenset[str] = frozenset(FUNCTIONS) | {PIECEWISE, DIFF} | SPELLING_NAMES

__all__ = [
    "ACTIVATION_NAMES",
    "CALLABLE_NAMES",
    "CONSTANTS",
    "CONSTANT_NAMES",
    "DELTA",
    "DIFF",
    "FUNCTIONS",
    "FUNCTION_NAMES",
    "INDEX_FORMS",
    "PIECEWISE",
    "SPELLING_NAMES",
    "SUM",
]
