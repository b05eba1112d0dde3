"""Judge one float result against the true value: kept, digits lost (and why), or beyond the type's range."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import mpmath
import numpy as np
import sympy

__all__ = ["FORMULA_CAUSES", "OK", "FloatType", "Label", "Trace", "judge"]

#: Causes that are the formula's fault; the others say the true value itself is outside the type's range.
FORMULA_CAUSES = ("overflow", "underflow", "cancellation", "rounding")
SUBNORMAL, BELOW, ABOVE = "subnormal", "below range", "above range"


class Label(NamedTuple):
    """What happened at one point: a cause ("ok" when the value was kept) and whether every digit was lost."""

    cause: str
    every_digit: bool = False

    @property
    def formula(self) -> bool:
        return self.cause in FORMULA_CAUSES


OK = Label("ok")


@dataclass(frozen=True)
class FloatType:
    """A numpy float type and the limits the report measures against."""

    name: str
    real: type[np.floating[Any]]
    bits: int  # significand bits, including the implicit one
    largest: float
    tiny: float  # smallest normal number
    smallest: float  # smallest subnormal number
    digits_lost: float  # relative error above which a result "loses digits": sqrt(eps), half the bits gone

    @staticmethod
    def of(real: type[np.floating[Any]]) -> FloatType:
        info = np.finfo(real)
        return FloatType(name=np.dtype(real).name, real=real, bits=int(info.nmant) + 1,
                         largest=float(info.max), tiny=float(info.tiny),
                         smallest=float(info.smallest_subnormal), digits_lost=math.sqrt(float(info.eps)))


class Trace:
    """Watches the operations of one evaluation for overflow, underflow and cancellation (an observer)."""

    def __init__(self, kind: FloatType) -> None:
        self.kind = kind
        self.overflow = False
        self.underflow = False
        self.cancelled_bits = 0.0  # the most significant bits any one addition cancelled

    def __call__(self, node: sympy.Basic, operands: Sequence[Any], result: Any) -> None:
        if not all(np.isfinite(x) for x in operands):
            return  # a consequence of an earlier event, already seen
        if not np.isfinite(result):
            self.overflow = True
        elif node.is_Add:
            largest = max(abs(float(x)) for x in operands)
            if largest > 0:
                lost = math.inf if result == 0 else math.log2(largest / abs(float(result)))
                self.cancelled_bits = max(self.cancelled_bits, lost)
        elif isinstance(node, (sympy.sign, sympy.floor, sympy.ceiling)):
            return  # their exact zeros are no underflow
        elif abs(float(result)) < self.kind.tiny and all(x != 0 for x in operands):
            self.underflow = True


def judge(kind: FloatType, truth: Any, result: Any, trace: Trace) -> tuple[Label, float | None]:
    """The label of a float `result` against the high-precision `truth`, and its relative error when defined.

    A result counts as "every digit lost" when its relative error is 1 or more, or when it is 0, inf or nan
    while the true value is a finite, nonzero normal number.  Where the true value itself lies beyond the
    type's largest number, or below its smallest normal one, that is said instead (no formula can do better),
    unless the formula gives inf/nan or a value far from the tiny truth.
    """
    magnitude = abs(truth)
    if magnitude > kind.largest:
        return Label(ABOVE), None
    if not np.isfinite(result):
        return Label("overflow", True), None
    if truth == 0:
        return OK, None
    value = float(result)
    if magnitude < kind.tiny and abs(value) <= 2 * kind.tiny:
        return Label(BELOW if 2 * magnitude < kind.smallest else SUBNORMAL), None  # smallest/2 is 0 in floats
    with mpmath.workdps(30):
        error = float(abs(mpmath.mpf(value) - truth) / magnitude)
    if error <= kind.digits_lost:
        return OK, error
    return Label(_cause(kind, trace), error >= 1 or value == 0), error


def _cause(kind: FloatType, trace: Trace) -> str:
    if trace.overflow:
        return "overflow"  # an intermediate overflowed (e.g. x/inf gave 0)
    # Losing more than half the bits in one subtraction is what leaves a relative error above sqrt(eps).
    if trace.cancelled_bits >= kind.bits / 2 - 2:
        return "cancellation"
    return "underflow" if trace.underflow else "rounding"
