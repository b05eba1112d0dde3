"""What a written proof shows of a spec's results, shared by the LaTeX and Markdown reporters."""

from __future__ import annotations

import re

from derivcheck.results.checks import Check, CheckKind, RunResult, SpecResult, Verdict

#: Verdicts in the order summaries list them.
VERDICTS = (Verdict.PROVED, Verdict.REFUTED, Verdict.UNDECIDED, Verdict.ERROR)

_PRIMES = {CheckKind.DERIVATIVE: "'", CheckKind.SECOND_DERIVATIVE: "''"}
_PLAIN_NUMBER = re.compile(r"-?[0-9./]+")  # digits, sign, point and slash only: safe to set as math

#: Control sequences a formula must never contain: they read or write files, or redefine things.
#: Formulas come from sympy's printer, so this only matters for result data built by other means.
_FORBIDDEN = re.compile(
    r"\\(input|include|openin|openout|read|write|immediate|catcode|def|edef|gdef|xdef|let|csname|"
    r"expandafter|newcommand|renewcommand|providecommand|usepackage|documentclass|special|directlua|"
    r"shipout|begin\{document|end\{document|makeatletter|url|href|jobname|endinput)(?![a-zA-Z])")


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
    return [c for c in spec.checks if c.kind is not CheckKind.DERIVATION]


def derivation(spec: SpecResult) -> list[Check]:
    """The derivation links, by step."""
    return sorted((c for c in spec.checks if c.kind is CheckKind.DERIVATION), key=lambda c: c.step or 0)


def spot_source(spec: SpecResult) -> Check | None:
    """The check whose spot checks are tabulated: the first derivative claim that has any."""
    return next((c for c in spec.checks if c.evidence and c.kind is CheckKind.DERIVATIVE), None)


def counterexample_words(check: Check) -> tuple[str, str]:
    """How the two values of a counterexample are introduced: truth and claim, the two sides of an identity, or
    the two steps a derivation link joins (`step 2 gives`, `step 3 gives`)."""
    if check.kind is CheckKind.DERIVATION:
        before = "g'" if check.step in (None, 1) else f"step {check.step - 1}"
        return f"{before} gives", f"{'the claim' if check.label == 'claim' else check.label} gives"
    if check.kind is CheckKind.IDENTITY:
        return "the left side is", "the right side is"
    return "the true value is", "the claim gives"


def read_as_shown(check: Check) -> bool:
    """Whether a report adds how derivcheck read a claim: it was not proved, and its text leans on operator
    precedence that is easy to misread (`1/2*z`, `-z^2`), where sympy's form then adds information."""
    return (check.verdict is not Verdict.PROVED and check.written is not None and check.written.ambiguous
            and check.claim is not None)


def counts(run: RunResult) -> list[tuple[Verdict, int]]:
    return [(v, run.count(v)) for v in VERDICTS]


def spec_counts(spec: SpecResult) -> str:
    """`3 proved, 1 refuted` (verdicts that occur)."""
    found = [(v, sum(1 for c in spec.checks if c.verdict is v)) for v in VERDICTS]
    return ", ".join(f"{n} {v.value}" for v, n in found if n) or "no claims"


def derivative_label(check: Check) -> str | None:
    """`'` or `''` when the check claims g' or g'' at the spec's variable (so it can be written as math)."""
    return _PRIMES.get(check.kind)


def at_point(check: Check) -> str | None:
    """The point of a spec's `at:` claim g'(point) = value, when it is a plain number that can be set as math.

    None for any other check, for a point such as sqrt(2) (the label is shown instead), and for a framework's
    value checked where the spec declares none (its label names the framework).
    """
    if check.kind is not CheckKind.AT or check.point is None or check.convention is not None:
        return None
    return check.point if _PLAIN_NUMBER.fullmatch(check.point) else None


def identifier_parts(name: str) -> tuple[str, str | None]:
    """An identifier split like sympy splits symbol names: `alpha_1` -> (`alpha`, `1`), `z2` -> (`z`, `2`)."""
    found = re.fullmatch(r"([A-Za-z]+?)_?(\d+)", name)
    if found:
        return found.group(1), found.group(2)
    base, _, sub = name.partition("_")
    return base, sub or None
