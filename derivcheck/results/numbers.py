"""How numbers are written, in results and in every report: one policy, Python's `g` rule at one precision.

- The engine writes a value it computed as a decimal string of up to 17 significant digits
  (`derivcheck.engine.numbers.evaluate.format_number`) and an exact value as sympy's text
  (`derivcheck.engine.mathtext.number`); results carry those strings unchanged, and the JSON report keeps them.
- A float of the precision grid (a position, a range end, an error) is written by `significant`.
- Every other report shows a value of the results with `DIGITS` significant digits, tables and counterexamples
  alike (`short_number`): mantissa and power of ten, which each format spells its own way (`4.53958e-05` as
  plain text, in a terminal and in Markdown; `4.53958 \\times 10^{-5}` in LaTeX).  An exact fraction too long
  to read (`87904967042368842997/50000000000000000000`) is shown by its rounded value, marked as such.  Two
  values shown side by side because they differ (a counterexample, a spot check that disagrees) get as many
  more digits as it takes to tell them apart (`digits_to_tell_apart`).  Text that is no number
  ("undefined", `1/100`) is left to the format.

All of it follows Python's `g` presentation, so a value reads the same wherever it is shown: fixed notation
when the power of ten lies from -4 to one below the digits kept, trailing zeros dropped, correctly rounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

__all__ = ["DIGITS", "LONG_FRACTION", "POSITION_DIGITS", "Number", "digits_to_tell_apart", "plain_number",
           "short_number", "short_prose", "significant"]

#: Significant digits of a value in every report but JSON (which keeps them all).
DIGITS = 6
#: Significant digits of a z position of the precision grid (its range ends are bisected to about that).
POSITION_DIGITS = 4
#: Digits of numerator and denominator together beyond which an exact fraction is shown by its value.
LONG_FRACTION = 14
#: The most digits a decimal of the results carries (what `format_number` writes).
_MOST_DIGITS = 17

_DECIMAL = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_FRACTION = re.compile(r"(-?\d+)/(\d+)")


@dataclass(frozen=True)
class Number:
    """A value shortened for a report: mantissa digits, a power of ten (None when not needed), and whether it
    rounds an exact fraction (then reports mark it as approximate)."""

    mantissa: str
    exponent: int | None
    approximate: bool = False


def significant(x: float, digits: int) -> str:
    """`x` with at most `digits` significant digits, as Python's `g` format writes it (`16.6`, `1e+30`)."""
    return f"{x:.{digits}g}"


def short_number(text: str, digits: int = DIGITS) -> Number | None:
    """`text` cut to `digits` significant digits; None when it is neither a plain finite decimal nor a fraction
    too long to read (a short fraction such as `1/100` is shown as it is).  Rounding is decimal and exact, so
    two values that differ in their 17th digit still differ when shown with 17."""
    stripped = text.strip()
    if _DECIMAL.fullmatch(stripped):
        return _rounded(Decimal(stripped), digits)
    found = _FRACTION.fullmatch(stripped)
    if found and len(found.group(1).lstrip("-")) + len(found.group(2)) > LONG_FRACTION and int(found.group(2)):
        with localcontext() as context:
            context.prec = _MOST_DIGITS + 3
            value = Decimal(int(found.group(1))) / Decimal(int(found.group(2)))
        shown = _rounded(value, digits)
        return Number(shown.mantissa, shown.exponent, approximate=True)
    return None


def _rounded(value: Decimal, digits: int) -> Number:
    if value.is_zero():
        return Number("0", None)
    mantissa, _, power = f"{value:.{digits - 1}e}".partition("e")  # correctly rounded, carries included
    exponent = int(power)
    if -4 <= exponent < digits:
        return Number(_trimmed(f"{value:.{digits - 1 - exponent}f}"), None)
    return Number(_trimmed(mantissa), exponent)


def plain_number(text: str, digits: int = DIGITS) -> str:
    """A value as plain text (terminal, Markdown, CI messages): `0.25`, `4.53958e-05`, `≈ 1.75813`; text that
    is no number, a short fraction and a short integer stay as written."""
    shown = short_number(text, digits)
    if shown is None or (text.strip().lstrip("-").isdigit() and len(text.strip()) <= digits):
        return text
    power = "" if shown.exponent is None else f"e{shown.exponent:+03d}"
    return ("≈ " if shown.approximate else "") + shown.mantissa + power


# A fraction, and the decimal value a sentence may already give after it (`p/q ≈ 1.0507`).
_LONG_FRACTION_IN_TEXT = re.compile(r"(?<![\w.])(-?\d+/\d+)(?![\w.])( ≈ -?[\d.]+(?:e[-+]?\d+)?)?")


def short_prose(text: str) -> str:
    """derivcheck's own sentences (messages, hints, methods) with every exact fraction too long to read shown
    by its value (`≈ 1.75810`), as in the tables; the JSON report keeps the exact text."""
    def shown(found: re.Match[str]) -> str:
        value = plain_number(found.group(1))
        return found.group() if value == found.group(1) else value

    return _LONG_FRACTION_IN_TEXT.sub(shown, text)


def digits_to_tell_apart(first: str, second: str, digits: int = DIGITS) -> int:
    """The fewest significant digits, at least `digits`, at which two different values no longer look alike.

    `digits` when they already differ there, or when they are equal or not both numbers.
    """
    if first.strip() == second.strip() or short_number(first) is None or short_number(second) is None:
        return digits
    for more in range(digits, _MOST_DIGITS + 1):
        if short_number(first, more) != short_number(second, more):
            return more
    return _MOST_DIGITS


def _trimmed(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text
