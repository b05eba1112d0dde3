"""How numbers are written, in results and in every report: one policy, Python's `g` rule at a chosen precision.

- The engine writes a value it computed as a decimal string of up to 17 significant digits
  (`derivcheck.engine.numbers.evaluate.format_number`) and an exact value as sympy's text
  (`derivcheck.engine.mathtext.number`); results carry those strings unchanged.
- A float of the precision grid (a position, a range end, an error) is written by `significant`.
- A report shortens a decimal string of the results with `short_number`: mantissa and power of ten, which each
  format writes its own way (`4.539580774e-05` in a terminal, `4.53958e-5` in Markdown,
  `4.53958 \\times 10^{-5}` in LaTeX).  Text that is no plain decimal ("undefined", `1/100`) is left to the format.

Both follow Python's `g` presentation, so a value reads the same wherever it is shown: fixed notation when the
power of ten lies from -4 to one below the digits kept, trailing zeros dropped, correctly rounded.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["DOCUMENT_DIGITS", "POSITION_DIGITS", "TERMINAL_DIGITS", "Number", "short_number", "significant"]

#: Significant digits of a value in a terminal table (JSON keeps every digit).
TERMINAL_DIGITS = 10
#: Significant digits of a value in a Markdown or LaTeX table.
DOCUMENT_DIGITS = 6
#: Significant digits of a z position of the precision grid (its range ends are bisected to about that).
POSITION_DIGITS = 4

_DECIMAL = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


@dataclass(frozen=True)
class Number:
    """A decimal shortened for a table: mantissa digits and a power of ten (None when not needed)."""

    mantissa: str
    exponent: int | None


def significant(x: float, digits: int) -> str:
    """`x` with at most `digits` significant digits, as Python's `g` format writes it (`16.6`, `1e+30`)."""
    return f"{x:.{digits}g}"


def short_number(text: str, digits: int = DOCUMENT_DIGITS) -> Number | None:
    """`text` cut to `digits` significant digits, or None when it is not a plain finite decimal."""
    if not _DECIMAL.fullmatch(text.strip()):
        return None
    value = float(text)
    if not math.isfinite(value):
        return None
    if value == 0:
        return Number("0", None)
    mantissa, _, power = f"{value:.{digits - 1}e}".partition("e")  # correctly rounded, carries included
    exponent = int(power)
    if -4 <= exponent < digits:
        return Number(_trimmed(f"{value:.{digits - 1 - exponent}f}"), None)
    return Number(_trimmed(mantissa), exponent)


def _trimmed(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text
