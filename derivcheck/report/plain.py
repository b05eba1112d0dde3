"""Plain-text account of one check (verdict, claim as written, counterexample, hint), shared by the terminal
report, the CI formats and pytest."""

from __future__ import annotations

from derivcheck.report.proof import counterexample_words, read_as_shown
from derivcheck.report.safe import visible
from derivcheck.report.several import scope_line
from derivcheck.results.checks import Check, CheckKind, Verdict, Written
from derivcheck.results.numbers import digits_to_tell_apart, plain_number, short_prose

__all__ = ["as_written", "claim_text", "counterexample_text", "details", "headline", "one_line", "read_as",
           "true_value", "where"]


def one_line(text: str | None) -> str:
    """User text on a single line, made inert (`safe.visible`) with its line breaks shown as `\\n`."""
    return visible(text or "", newlines=False)


def as_written(text: str | None, *, matrix: bool = False) -> str:
    """An expression's source text on one line, with `^` for `**` and `·` for `*`, nothing re-ordered or
    evaluated; runs of white space (a YAML block scalar's line breaks) become one space.  A `matrix` text (of a
    network spec, where `*` is entry-wise and `@` the product, as in numpy) keeps its operators."""
    shown = visible(text or "")
    if not matrix:
        shown = shown.replace("**", "^").replace("*", "·")
    return " ".join(shown.split())


def claim_text(check: Check, *, matrix: bool = False) -> str:
    """The claim as the spec writes it (`lhs = rhs` for an identity); sympy's text only for a claim that has
    no source, such as the value a framework's gradient gives at a kink."""
    if check.written is not None:
        if check.kind is CheckKind.IDENTITY and check.written_lhs is not None:
            return f"{as_written(check.written_lhs.text)} = {as_written(check.written.text)}"
        return as_written(check.written.text, matrix=matrix)
    return as_written(check.claim.text, matrix=matrix) if check.claim is not None else ""


def read_as(check: Check) -> str | None:
    """How derivcheck read a claim whose text leans on easily misread precedence (`1/2*z`), for a check that
    did not prove it; None where sympy's form would add nothing."""
    written: Written | None = check.written
    if not read_as_shown(check) or written is None or check.claim is None:
        return None
    read = as_written(check.claim.text)
    return None if read.replace(" ", "") == as_written(written.text).replace(" ", "") else read


def true_value(check: Check) -> str | None:
    """The derivative a refuted or undecided derivative claim should equal, in sympy's form (it has no text in
    the spec to show instead); None for any other check."""
    if check.verdict is Verdict.PROVED or check.truth is None:
        return None
    if check.kind not in (CheckKind.DERIVATIVE, CheckKind.SECOND_DERIVATIVE):
        return None
    return as_written(check.truth.text)


def counterexample_text(check: Check, variable: str = "z") -> str | None:
    """`at z = 0 the true value is 0.25, the claim gives 0.75`, with the report's number policy (as many more
    digits as it takes to show that the two values differ)."""
    cex = check.counterexample
    if cex is None or check.verdict is Verdict.ERROR:
        return None
    digits = digits_to_tell_apart(cex.expected, cex.claimed)
    before, after = counterexample_words(check)
    # A point of several variables names every one of them (`z = 0, y = 1`), and n and the indices of vectors.
    at = one_line(cex.point) if cex.at else f"{one_line(variable)} = {one_line(plain_number(cex.point))}"
    return (f"at {at} {before} "
            f"{one_line(plain_number(cex.expected, digits))}, {after} {one_line(plain_number(cex.claimed, digits))}")


def headline(check: Check) -> str:
    """`g'(z) REFUTED: the claim differs from the true value at z = 0`."""
    return f"{one_line(check.label)} {check.verdict.value.upper()}: {one_line(short_prose(check.message))}"


def details(check: Check, variable: str = "z") -> list[str]:
    """The evidence behind a verdict, one line each: method, claim as written (and as read), counterexample,
    hint."""
    lines = []
    if check.method:
        lines.append(f"method: {one_line(short_prose(check.method))}")
    claim = claim_text(check)
    if claim:
        lines.append(f"claim: {claim}")
    read = read_as(check)
    if read is not None:
        lines.append(f"read as: {read}")
    truth = true_value(check)
    if truth is not None:
        lines.append(f"true:  {truth}")
    counterexample = counterexample_text(check, variable)
    if counterexample is not None:
        lines.append(f"counterexample: {counterexample}")
    if check.hint:
        lines.append(f"hint: {one_line(short_prose(check.hint))}")
    scope = scope_line(check)
    if scope is not None:
        lines.append(f"scope: {one_line(scope)}")
    return lines


def where(file: str, check: Check) -> str:
    """`specs/sigmoid.yaml:4` (`:4:7` for a spec error with a column), or the file alone when there is no line."""
    if not check.line:
        return one_line(file)
    column = f":{check.column}" if check.column else ""
    return f"{one_line(file)}:{check.line}{column}"
