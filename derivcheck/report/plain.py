"""Plain-text account of one check (verdict, counterexample, hint), shared by the CI formats and pytest."""

from __future__ import annotations

from derivcheck.report.safe import visible
from derivcheck.report.several import point_words, scope_line
from derivcheck.results.checks import Check, Verdict


def one_line(text: str | None) -> str:
    """User text on a single line, made inert (`safe.visible`) with its line breaks shown as `\\n`."""
    return visible(text or "", newlines=False)


def headline(check: Check) -> str:
    """`g'(z) REFUTED: the claim differs from the true value at z = 0`."""
    return f"{one_line(check.label)} {check.verdict.value.upper()}: {one_line(check.message)}"


def details(check: Check, variable: str = "z") -> list[str]:
    """The evidence behind a verdict, one line each: method, claim and truth, counterexample, hint."""
    lines = []
    if check.method:
        lines.append(f"method: {one_line(check.method)}")
    if check.claim is not None:
        lines.append(f"claim: {one_line(check.claim.text)}")
    if check.truth is not None:
        lines.append(f"true:  {one_line(check.truth.text)}")
    cex = check.counterexample
    if cex is not None and check.verdict is not Verdict.ERROR:
        lines.append(f"counterexample: at {one_line(point_words(cex, variable))} the true value is "
                     f"{one_line(cex.expected)}, the claim gives {one_line(cex.claimed)}")
    scope = scope_line(check)
    if scope is not None:
        lines.append(f"scope: {one_line(scope)}")
    if check.hint:
        lines.append(f"hint: {one_line(check.hint)}")
    return lines


def where(file: str, check: Check) -> str:
    """`specs/sigmoid.yaml:4`, or the file alone when the claim has no line."""
    return f"{one_line(file)}:{check.line}" if check.line else one_line(file)
