"""Group judged grid points into ranges of z with one behaviour, and say each range in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from derivcheck.engine.precision.judge import ABOVE, BELOW, OK, SUBNORMAL, Label
from derivcheck.results.checks import LostRange
from derivcheck.results.numbers import POSITION_DIGITS, significant

__all__ = ["FLICKER", "Run", "describe", "runs", "severity"]


@dataclass
class Run:
    """Consecutive grid points with the same label; `low` and `high` are its outermost points."""

    label: Label
    low: float
    high: float
    count: int = 1


#: A run of at most this many points between two runs of the same, more severe label is absorbed by them:
#: near a threshold the error flickers with rounding luck, and one range reads better than many.
FLICKER = 3


def severity(label: Label) -> int:
    """every digit lost (the formula's fault) > digits lost > the true value out of range > kept."""
    if label.formula:
        return 3 if label.every_digit else 2
    return 0 if label == OK else 1


def runs(judged: Sequence[tuple[float, Label]]) -> list[Run]:
    """Maximal runs of equal labels over points sorted by z, with flickers absorbed."""
    found: list[Run] = []
    for z, label in judged:
        if found and found[-1].label == label:
            found[-1].high = z
            found[-1].count += 1
            continue
        if (len(found) >= 2 and found[-2].label == label and found[-1].count <= FLICKER
                and severity(found[-1].label) < severity(label)):
            gap = found.pop()
            found[-1].high = z
            found[-1].count += gap.count + 1
            continue
        found.append(Run(label, z, z))
    return found


def describe(run: Run, dtype: str, low: float | None, high: float | None) -> LostRange:
    """The range as data and text; None for an end that reaches the grid's end on an unbounded side."""
    if low is None and high is None:
        where = "all z"
    elif low is None:
        where = f"z ≤ {significant(run.high, POSITION_DIGITS)}"
    elif high is None:
        where = f"z ≥ {significant(run.low, POSITION_DIGITS)}"
    elif low == high:
        where = f"z = {significant(low, POSITION_DIGITS)}"
    else:
        where = f"{significant(low, POSITION_DIGITS)} ≤ z ≤ {significant(high, POSITION_DIGITS)}"
    return LostRange(cause=run.label.cause, low=low, high=high, every_digit=run.label.every_digit,
                     formula=run.label.formula, text=f"{where}: {_what(run.label, dtype)}")


def _what(label: Label, dtype: str) -> str:
    if label.cause == SUBNORMAL:
        return "true value subnormal"
    if label.cause == BELOW:
        return "true value rounds to 0"
    if label.cause == ABOVE:
        return f"true value above the {dtype} range"
    lost = "every digit lost" if label.every_digit else "digits lost"
    return f"{label.cause}, {lost}"

