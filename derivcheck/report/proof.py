"""What a written proof shows of a spec's results, shared by the LaTeX and Markdown reporters."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from derivcheck.results import Check, RunResult, SpecResult, Verdict

#: Verdicts in the order summaries list them.
VERDICTS = (Verdict.PROVED, Verdict.REFUTED, Verdict.UNDECIDED, Verdict.ERROR)

#: Control sequences a formula must never contain: they read or write files, or redefine things.
#: Formulas come from sympy's printer, so this only matters for result data built by other means.
_FORBIDDEN = re.compile(
    r"\\(input|include|openin|openout|read|write|immediate|catcode|def|edef|gdef|xdef|let|csname|"
    r"expandafter|newcommand|renewcommand|providecommand|usepackage|documentclass|special|directlua|"
    r"shipout|begin\{document|end\{document|makeatletter|url|href|jobname|endinput)(?![a-zA-Z])")


@dataclass(frozen=True)
class Number:
    """A decimal shortened for a table: mantissa digits and a power of ten (None when not needed)."""

    mantissa: str
    exponent: int | None


def short_number(text: str, digits: int = 6) -> Number | None:
    """`text` as a short number (6 significant digits), or None when it is not a plain decimal."""
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text.strip()):
        return None
    value = float(text)
    if not math.isfinite(value):
        return None
    if value == 0:
        return Number("0", None)
    exponent = math.floor(math.log10(abs(value)))
    if -4 <= exponent < digits:
        shown = f"{value:.{max(0, digits - 1 - exponent)}f}"
        shown = shown.rstrip("0").rstrip(".") if "." in shown else shown
        return Number(shown, None)
    mantissa = f"{value / 10 ** exponent:.{digits - 1}f}".rstrip("0").rstrip(".")
    if mantissa in ("10", "-10"):  # rounding carried into the next power
        mantissa, exponent = mantissa[:-1], exponent + 1
    return Number(mantissa, exponent)


def rational(text: str) -> tuple[str, str] | None:
    """`p/q` as (p, q) for exact values printed by sympy, e.g. `1/100`, `-3/2`."""
    found = re.fullmatch(r"(-?\d+)/(\d+)", text.strip())
    return (found.group(1), found.group(2)) if found else None


def safe_formula(latex: str) -> bool:
    """Whether a LaTeX formula can be set as math without reading files or breaking out of math mode."""
    if any(bad in latex for bad in ("%", "$", "#", "^^", "\n", "\r")) or _FORBIDDEN.search(latex):
        return False
    depth = 0
    for index, char in enumerate(latex):
        escaped = index > 0 and latex[index - 1] == "\\" and not latex[:index].endswith("\\\\")
        if char == "{" and not escaped:
            depth += 1
        elif char == "}" and not escaped:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def claims(spec: SpecResult) -> list[Check]:
    """The checks shown as claims: everything but derivation links, in report order."""
    return [c for c in spec.checks if c.kind != "derivation"]


def derivation(spec: SpecResult) -> list[Check]:
    """The derivation links, by step."""
    return sorted((c for c in spec.checks if c.kind == "derivation"), key=lambda c: c.step or 0)


def spot_source(spec: SpecResult) -> Check | None:
    """The check whose spot checks are tabulated: the first derivative claim that has any."""
    return next((c for c in spec.checks if c.evidence and c.kind == "derivative"), None)


def counterexample_words(check: Check) -> tuple[str, str]:
    """How the two values of a counterexample are introduced: truth and claim, or the two lines of a link."""
    if check.kind == "derivation":
        return "the line before gives", "this line gives"
    if check.kind == "identity":
        return "the left side is", "the right side is"
    return "the true value is", "the claim gives"


def counts(run: RunResult) -> list[tuple[Verdict, int]]:
    return [(v, run.count(v)) for v in VERDICTS]


def spec_counts(spec: SpecResult) -> str:
    """`3 proved, 1 refuted` (verdicts that occur)."""
    found = [(v, sum(1 for c in spec.checks if c.verdict is v)) for v in VERDICTS]
    return ", ".join(f"{n} {v.value}" for v, n in found if n) or "no claims"


def derivative_label(spec: SpecResult, check: Check) -> str | None:
    """`'` or `''` when the check claims g' or g'' at the spec's variable (so it can be written as math)."""
    return {"derivative": "'", "second_derivative": "''"}.get(check.kind)


def at_point(label: str) -> tuple[str, str] | None:
    """(primes, point) for labels like `g'(0)` or `g'(-1/2)`, so the point can be set as math."""
    found = re.fullmatch(r"g('{1,2})\((-?[0-9./]+)\)", label)
    return (found.group(1), found.group(2)) if found else None


def identifier_parts(name: str) -> tuple[str, str | None]:
    """An identifier split like sympy splits symbol names: `alpha_1` -> (`alpha`, `1`), `z2` -> (`z`, `2`)."""
    found = re.fullmatch(r"([A-Za-z]+?)_?(\d+)", name)
    if found:
        return found.group(1), found.group(2)
    base, _, sub = name.partition("_")
    return base, sub or None
