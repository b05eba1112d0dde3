"""`--format latex`: the run as a LaTeX document (or a fragment) that reads like a page of course notes."""

from __future__ import annotations

from typing import TextIO

from derivcheck.report import proof
from derivcheck.report.latex_text import escape, formula, number, point, symbol
from derivcheck.report.several import (
    definition_latex,
    derivative_latex,
    function_latex,
    is_several,
    kink_point,
    point_words,
    scope_line,
)
from derivcheck.results.checks import Check, CheckKind, Kink, RunResult, SpecResult, SpotCheck, Verdict
from derivcheck.results.numbers import short_number

#: Only packages of Debian's texlive-latex-base and texlive-latex-recommended (what CI installs).
PACKAGES = ("amsmath", "amssymb", "array", "booktabs", "graphicx", "tabularx", "xcolor")

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper,margin=2.3cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{array,booktabs,tabularx}
\usepackage{graphicx,xcolor}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5ex plus 0.2ex}
"""

MACROS = r"""\definecolor{dcproved}{rgb}{0.05,0.45,0.15}
\definecolor{dcrefuted}{rgb}{0.75,0.05,0.05}
\definecolor{dcundecided}{rgb}{0.6,0.4,0.0}
\definecolor{dcerror}{rgb}{0.5,0.0,0.5}
\providecommand{\dcverdict}[1]{\textcolor{dc#1}{\textsc{#1}}}
\providecommand{\dcmark}[1]{\textcolor{dc#1}{\csname dcmark#1\endcsname}}
\providecommand{\dcmarkproved}{$\checkmark$}
\providecommand{\dcmarkrefuted}{$\times$}
\providecommand{\dcmarkundecided}{?}
\providecommand{\dcmarkerror}{!}
\providecommand{\dcfit}[1]{\resizebox{\ifdim\width>\dimexpr\linewidth-9em\relax\dimexpr\linewidth-9em\relax
  \else\width\fi}{!}{$\displaystyle #1$}}
"""


class LatexReporter:
    """Writes a standalone LaTeX document, or with `fragment=True` only its body (for \\input)."""

    def __init__(self, *, color: bool | None = None, width: int | None = None, allow_undecided: bool = False,
                 fragment: bool = False) -> None:
        del color, width, allow_undecided  # a document has neither colour nor width, and shows every verdict
        self.fragment = fragment

    def render(self, run: RunResult, stream: TextIO) -> None:
        stream.write(document(run, fragment=self.fragment))


def document(run: RunResult, *, fragment: bool = False) -> str:
    """The whole document (or fragment) as text."""
    parts: list[str] = []
    if fragment:
        parts += ["% derivcheck proofs: needs \\usepackage{" + ",".join(PACKAGES) + "}\n", MACROS]
    else:
        parts += [PREAMBLE, MACROS, "\\begin{document}\n\n",
                  "\\begin{center}\n{\\LARGE Derivative proofs}\\\\[0.8ex]\n"
                  "{\\small checked by derivcheck: exact proofs, certified counterexamples, numeric evidence}\n"
                  "\\end{center}\n\n"]
    parts.append(summary(run))
    parts += [spec_section(spec) for spec in run.specs]
    if not fragment:
        parts.append("\\end{document}\n")
    return "".join(parts)


def summary(run: RunResult) -> str:
    counts = ", ".join(f"{n} {v.value}" for v, n in proof.counts(run))
    text = (f"\\textbf{{Overall:}} \\dcverdict{{{run.verdict.value}}} --- {len(run.specs)} "
            f"spec{'s' if len(run.specs) != 1 else ''}; claims: {counts}.\n\n")
    if len(run.specs) < 2:
        return text
    rows = "".join(f"{escape(s.name)} & \\dcverdict{{{s.verdict.value}}} & {proof.spec_counts(s)} \\\\\n"
                   for s in run.specs)
    return (text + "\\begin{center}\n\\begin{tabular}{@{}llr@{}}\n\\toprule\nspec & verdict & claims \\\\\n"
            f"\\midrule\n{rows}\\bottomrule\n\\end{{tabular}}\n\\end{{center}}\n\n")


def spec_section(spec: SpecResult) -> str:
    z, a = symbol(spec.variable), symbol(spec.output)
    out = [f"\\section{{{escape(spec.name)}}}\n"]
    if spec.description:
        out.append(f"\\emph{{{escape(spec.description)}}}\n\n")
    out.append(f"Spec file \\texttt{{{escape(spec.file)}}}; verdict \\dcverdict{{{spec.verdict.value}}} "
               f"({proof.spec_counts(spec)}).\n\n")
    if spec.function is not None and is_several(spec):
        out.append(several_definition(spec))
    elif spec.function is not None:
        out.append("\\subsection*{Definition}\n\\begin{equation*}\n"
                   f"\\dcfit{{g({z}) = {formula(spec.function)}, \\qquad {a} = g({z}).}}\n\\end{{equation*}}\n\n")
    claims = proof.claims(spec)
    if claims:
        out.append("\\subsection*{Claims}\n")
        out += [claim_block(spec, check) for check in claims]
    links = proof.derivation(spec)
    if links:
        out.append(derivation_block(spec, links))
    if spec.kinks:
        out.append(kink_table(spec.kinks, z, several=spec.output if is_several(spec) else None))
    source = proof.spot_source(spec)
    if source is not None:
        out.append(spot_table(source.evidence, z, several=is_several(spec)))
    return "".join(out)


def several_definition(spec: SpecResult) -> str:
    """The function of several variables, its named intermediates and its constraints, as displayed math."""
    assert spec.function is not None
    lines = [f"{function_latex(spec)} &= {formula(spec.function)}"]
    lines += [f"{definition_latex(d)} &= {formula(d.math)}" for d in spec.definitions if d.name]
    lines += [f"&\\text{{with }} {formula(d.math)}" for d in spec.definitions if not d.name]
    return ("\\subsection*{Definition}\n\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}\n\n")


def claim_lhs(spec: SpecResult, check: Check) -> str | None:
    """The left-hand side of a claim as math, when the check has one."""
    if check.partial is not None:
        return derivative_latex(check.partial)
    primes = proof.derivative_label(check)
    if primes is not None:
        return f"g{primes}({symbol(spec.variable)})"
    point = proof.at_point(check)
    if point is not None:
        return f"g'({point})"
    if check.kind is CheckKind.IDENTITY and check.truth is not None:
        return formula(check.truth)
    return None


def claim_block(spec: SpecResult, check: Check) -> str:
    tag = f"\\tag*{{\\dcverdict{{{check.verdict.value}}}}}"
    lhs = claim_lhs(spec, check)
    if check.claim is not None and lhs is not None:
        head = f"\\begin{{equation*}}\n\\dcfit{{{lhs} = {formula(check.claim)}}} {tag}\n\\end{{equation*}}\n"
    else:
        head = f"\\textbf{{{escape(check.label)}}} \\hfill \\dcverdict{{{check.verdict.value}}}\n\n"
    return head + details(check, symbol(spec.variable))


def details(check: Check, z: str, *, prefix: str = "") -> str:
    """The small print under a claim: method and message, counterexample and hint."""
    lines: list[str] = []
    if check.verdict is Verdict.PROVED and check.method:
        lines.append(f"{prefix}\\emph{{Method:}} {escape(check.method)}. {escape(check.message)}")
    else:
        lines.append(prefix + escape(check.message))
    scope = scope_line(check)
    if scope is not None and check.verdict is Verdict.PROVED:
        lines.append(f"\\emph{{Scope:}} {escape(scope)}.")
    cex = check.counterexample
    if cex is not None and check.verdict is Verdict.REFUTED:
        before, after = proof.counterexample_words(check)
        at = f"\\texttt{{{escape(point_words(cex, z))}}}" if cex.at else point(z, cex.point)
        lines.append(f"\\textbf{{Counterexample:}} at {at} {before} "
                     f"{number(cex.expected)}, {after} {number(cex.claimed)}.")
    if check.hint:
        lines.append(f"\\textbf{{Hint:}} {escape(check.hint)}")
    return "{\\small\\raggedright " + " \\\\\n".join(lines) + "\\par}\n\n"


def derivation_block(spec: SpecResult, links: list[Check]) -> str:
    rows: list[str] = []
    for index, link in enumerate(links):
        lhs = f"g'({symbol(spec.variable)})" if index == 0 else ""
        body = f"= \\dcfit{{{formula(link.claim)}}}" if link.claim is not None else r"\quad \text{(not checked)}"
        rows.append(f"{lhs} &{body} \\tag*{{\\dcmark{{{link.verdict.value}}} {escape(link.label)}}}")
    notes = "".join(details(link, symbol(spec.variable), prefix=f"\\textbf{{{escape(link.label).capitalize()}:}} ")
                    for link in links if link.verdict is not Verdict.PROVED or link.hint)
    proved = sum(1 for link in links if link.verdict is Verdict.PROVED)
    return ("\\subsection*{Derivation}\n"
            f"Each line is checked against the one before ({proved} of {len(links)} links proved).\n"
            "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n" + notes)


def _table(title: str, spec_cols: str, header: list[str], rows: list[list[str]]) -> str:
    """A full-width table whose last (X) column takes the room the others leave."""
    body = "".join(" & ".join(row) + " \\\\\n" for row in rows)
    return (f"\\subsection*{{{title}}}\n{{\\small\n\\begin{{tabularx}}{{\\linewidth}}{{{spec_cols}}}\n"
            f"\\toprule\n{' & '.join(header)} \\\\\n\\midrule\n{body}\\bottomrule\n\\end{{tabularx}}\\par}}\n\n")


def _yes_no(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


def kink_table(kinks: tuple[Kink, ...], z: str, *, several: str | None = None) -> str:
    """The kink rows; `several` is the output's name for a function of several variables (points along each)."""
    rows = [[number(k.point) if k.along is None else escape(kink_point(k)), _yes_no(k.continuous), number(k.left),
             number(k.right), number(k.declared), escape(k.message)] for k in kinks]
    if several is not None:
        return _table(f"Points where ${symbol(several)}$ may not be differentiable, along each variable",
                      "@{}lllll>{\\raggedright\\arraybackslash}X@{}",
                      ["point", "continuous", "left", "right", "declared", "finding"], rows)
    return _table("Points where $g$ may not be differentiable",
                  "@{}lllll>{\\raggedright\\arraybackslash}X@{}",
                  [f"${z}$", "continuous", "left $g'$", "right $g'$", "declared", "finding"], rows)


def _agree(row: SpotCheck) -> str:
    if row.agree:
        return "\\dcmark{proved}"
    numeric = short_number(row.truth) is not None and short_number(row.claimed) is not None
    return "\\dcmark{refuted}" if numeric else ""


def spot_table(rows: tuple[SpotCheck, ...], z: str, *, several: bool = False) -> str:
    if several:
        cells = [[escape(r.point), number(r.truth), number(r.claimed) + " " + _agree(r), number(r.finite_difference),
                  number(r.float64) if r.float64_ok else f"\\textcolor{{dcundecided}}{{{number(r.float64)}}}"]
                 for r in rows]
        return _table("Spot checks (numeric evidence, not proof)", "@{}>{\\raggedright\\arraybackslash}Xllll@{}",
                      ["point", "true", "claimed", "finite difference", "float64"], cells)
    cells = [[number(r.point), number(r.truth), number(r.claimed) + " " + _agree(r), number(r.finite_difference),
              number(r.float64) if r.float64_ok else f"\\textcolor{{dcundecided}}{{{number(r.float64)}}}",
              escape(r.note)] for r in rows]
    return _table("Spot checks of $g'$ (numeric evidence, not proof)",
                  "@{}rllll>{\\raggedright\\arraybackslash}X@{}",
                  [f"${z}$", "true $g'$", "claimed", "finite difference", "float64", "note"], cells)
