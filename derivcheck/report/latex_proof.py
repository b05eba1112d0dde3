"""The argument behind a verdict as LaTeX: prose and displayed lines a student follows, long forms in an appendix."""

from __future__ import annotations

import re

from derivcheck.report.argument import argument
from derivcheck.report.argument_lines import Equation, Formula, Long, Words
from derivcheck.report.latex_text import escape
from derivcheck.report.proof import safe_formula
from derivcheck.results.certificate import Proof
from derivcheck.results.checks import Check, Verdict

__all__ = ["Appendix", "link_reasons", "proof_block"]

_CONFIRMED = re.compile(r"Confirmed at (\d+) points")


class Appendix:
    """The normal forms too long for the page, numbered in the order the proofs refer to them."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, Formula]] = []

    def add(self, title: str, whole: Formula) -> str:
        self.entries.append((title, whole))
        return f"A.{len(self.entries)}"

    def render(self) -> str:
        if not self.entries:
            return ""
        out = ["\\section*{Appendix: long normal forms in full}\n"]
        for index, (title, whole) in enumerate(self.entries, 1):
            out.append(f"\\subsection*{{A.{index}\\quad {escape(title)}}}\n"
                       f"{{\\raggedright\\footnotesize\\ttfamily {escape(whole.text)}\\par}}\n\n")
        return "".join(out)


def _math(formula: Formula) -> str:
    """A formula as math-mode LaTeX; its plain text in typewriter type where the LaTeX is not safe to set."""
    if formula.latex and safe_formula(formula.latex):
        return formula.latex
    return r"\text{\texttt{" + escape(formula.text) + "}}"


#: An inline formula longer than this (in LaTeX characters) is scaled to the line if it would run past it.
_FIT_INLINE = 90


def _inline(formula: Formula) -> str:
    math = f"${_math(formula)}$"
    return f"\\dcfitbox{{{math}}}" if len(formula.latex) > _FIT_INLINE else math


def _words(line: Words) -> str:
    return "".join(escape(part) if isinstance(part, str) else _inline(part) for part in line.parts)


def _equation(line: Equation, title: str, appendix: Appendix) -> str:
    note = escape(line.note)
    if isinstance(line.rhs, Long):
        label = appendix.add(f"{title}, {line.note}", line.rhs.whole)
        rhs = (rf"\frac{{{_math(line.rhs.numerator_lead)} + \dotsb}}{{{_math(line.rhs.denominator_lead)} + "
               r"\dotsb}")
        note += f"; {escape(line.rhs.shape)}, in full in {label}"
    else:
        rhs = _math(line.rhs)
    tag = f" \\tag*{{\\footnotesize {note}}}" if note else ""
    return f"\\dcfit{{{_math(line.lhs)} {line.relation} {rhs}}}{tag}"


def proof_block(check: Check, title: str, appendix: Appendix) -> str:
    """The proof (or the refutation) of `check` step by step; "" when it carries no certificate."""
    lines = argument(check)
    if not lines:
        return ""
    head = "Proof." if check.verdict is Verdict.PROVED else "Why it is false."
    out = [f"\\noindent\\textbf{{{head}}} "]
    displayed: list[str] = []

    def flush() -> None:
        if displayed:
            out.append("\\begin{gather*}\n" + " \\\\\n".join(displayed) + "\n\\end{gather*}\n")
            displayed.clear()

    for line in lines:
        if isinstance(line, Equation):
            displayed.append(_equation(line, title, appendix))
            continue
        flush()
        out.append(_words(line) + "\n\n")
    flush()
    if check.verdict is Verdict.PROVED:
        out[-1] = out[-1].rstrip("\n") + " \\hfill$\\square$\n\n"
        confirmed = _CONFIRMED.search(check.message)
        if confirmed:
            out.append(f"{{\\noindent\\small\\emph{{Remark.}} Numbers agree too: both sides were evaluated in high "
                       f"precision at {confirmed.group(1)} points and agree there. That is evidence, not part "
                       "of the proof.\\par}\n\n")
    if check.recheck is not None:
        out.append(f"{{\\noindent\\small\\emph{{Independent re-check:}} {escape(check.recheck.status.value)} "
                   f"({escape(check.recheck.message)}).\\par}}\n\n")
    return "".join(out)


def link_reasons(links: list[Check]) -> str:
    """Why each proved line of a derivation follows from the one before: the normal form both reduce to (links
    with the same form and substitution named together)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for link in links:
        proof = link.certificate
        if link.verdict is not Verdict.PROVED or not isinstance(proof, Proof) or len(proof.cases) != 1:
            continue
        pieces = proof.cases[0].pieces
        if len(pieces) != 1 or pieces[0].lhs.summary is not None:
            continue
        piece = pieces[0]
        form = _math(Formula(piece.lhs.form.text, piece.lhs.form.latex))
        units = ", ".join(f"${_math(Formula(s.symbol.text, s.symbol.latex))} = "
                          f"{_math(Formula(s.means.text, s.means.latex))}$" for s in piece.symbols)
        groups.setdefault((form, units), []).append(escape(link.label))
    if not groups:
        return ""
    reasons = [f"\\emph{{{', '.join(labels)}}}: both sides reduce to ${form}$" + (f" with {units}" if units else "")
               for (form, units), labels in groups.items()]
    return ("{\\noindent\\small\\textbf{Why each line follows.} Each line, written with the substitution "
            "named, is brought to a rational function in lowest terms; two lines with the same one are equal. "
            + "; ".join(reasons) + ".\\par}\n\n")
