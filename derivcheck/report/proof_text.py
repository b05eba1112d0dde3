"""The argument behind a verdict as plain text (`derivcheck show NAME --proof`) and as Markdown."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from derivcheck.report.argument import argument
from derivcheck.report.argument_lines import Formula, Long, Words
from derivcheck.report.markdown_text import display, escape, inline
from derivcheck.report.safe import visible
from derivcheck.results.certificate import Proof
from derivcheck.results.checks import Check, Math, SpecResult, Verdict

__all__ = ["markdown_proof", "text_proofs"]

_INDENT = "    "
_WIDTH = 100  # prose is wrapped to this many columns; formulas are never broken
_NOTE = re.compile(r"[A-Za-z0-9 .,;()=+*/<>-]*")  # what a note may hold to be set inside \text{} as it is


def _text(part: str | Formula) -> str:
    """A part of a line: a formula fenced as user text; the report's own words only kept from pairing colons."""
    if isinstance(part, str):
        return visible(part, newlines=False, edges=False)
    return visible(part.text, newlines=False)


def text_proof(check: Check) -> list[str]:
    """The argument of one check as lines of plain text (user text made visible, never interpreted)."""
    out: list[str] = []
    for line in argument(check):
        if isinstance(line, Words):
            out += textwrap.wrap("".join(_text(p) for p in line.parts), _WIDTH, break_long_words=False,
                                 break_on_hyphens=False)
            continue
        note = f"   [{_text(line.note)}]" if line.note else ""
        if isinstance(line.rhs, Long):
            rhs = f"({_text(line.rhs.numerator_lead)} + ...)/({_text(line.rhs.denominator_lead)} + ...)"
            out.append(f"{_INDENT}{_text(line.lhs)} {line.relation} {rhs}{note}")
            out.append(f"{_INDENT}  ({_text(line.rhs.shape)}; in full: {_text(line.rhs.whole)})")
        else:
            out.append(f"{_INDENT}{_text(line.lhs)} {line.relation} {_text(line.rhs)}{note}")
    return out


def text_proofs(spec: SpecResult) -> Iterable[str]:
    """Every decided claim of a spec with its argument, as lines of plain text."""
    yield f"{visible(spec.name, newlines=False)}  ({visible(spec.file, newlines=False)})"
    for check in spec.checks:
        lines = text_proof(check)
        where = f", line {check.line}" if check.line else ""
        yield ""
        yield f"{check.label}{where}: {check.verdict.value.upper()}"
        if not lines:
            yield f"{_INDENT}(no step-by-step argument: {visible(check.message, newlines=False)})"
            continue
        yield from lines
        if check.verdict is Verdict.PROVED and isinstance(check.certificate, Proof):
            yield "Hence proved. (The two sides also agree numerically in high precision: evidence, not proof.)"


def _markdown_part(part: str | Formula) -> str:
    return escape(part) if isinstance(part, str) else inline(Math(text=part.text, pretty="", latex=part.latex))


def markdown_proof(check: Check) -> str:
    """The argument of one check as Markdown: prose with inline math, each displayed line as display math."""
    out: list[str] = []
    for line in argument(check):
        if isinstance(line, Words):
            out.append("".join(_markdown_part(p) for p in line.parts) + "\n\n")
            continue
        lhs = inline(Math(text=line.lhs.text, pretty="", latex=line.lhs.latex))[2:-2]
        if isinstance(line.rhs, Long):
            lead = inline(Math(text="", pretty="", latex=line.rhs.numerator_lead.latex))[2:-2]
            rhs = f"{lead} + \\dotsb \\quad \\text{{({line.rhs.shape})}}"  # our own words, no user text
        else:
            rhs = inline(Math(text=line.rhs.text, pretty="", latex=line.rhs.latex))[2:-2]
        note = f" \\qquad \\text{{{line.note}}}" if line.note and _NOTE.fullmatch(line.note) else ""
        out.append(display(f"{lhs} {line.relation} {rhs}{note}").lstrip("\n"))
    if not out:
        return ""
    head = "Proof" if check.verdict is Verdict.PROVED else "Why it is false"
    return f"<details><summary>{head} of {escape(check.label)}</summary>\n\n" + "".join(out) + "</details>\n\n"
