"""`--format latex`: the run as a LaTeX document (or a fragment) that reads like a page of course notes."""

from __future__ import annotations

from typing import TextIO

from derivcheck.report import proof
from derivcheck.report.latex_proof import Appendix, link_reasons, proof_block
from derivcheck.report.latex_text import escape, formula, number, number_math, point, symbol
from derivcheck.report.latex_text import written as latex_written
from derivcheck.report.several import (
    definition_latex,
    derivative_latex,
    function_latex,
    is_network,
    is_several,
    kink_point,
    scope_line,
)
from derivcheck.results.checks import Check, CheckKind, Kink, Precision, RunResult, SpecResult, SpotCheck, Verdict
from derivcheck.results.numbers import (
    DIGITS,
    POSITION_DIGITS,
    digits_to_tell_apart,
    short_number,
    short_prose,
    significant,
)

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
\providecommand{\dcfitbox}[1]{\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{#1}}
"""


class LatexReporter:
    """Writes a standalone LaTeX document, or with `fragment=True` only its body (for \\input)."""

    def __init__(self, *, color: bool | None = None, width: int | None = None, allow_undecided: bool = False,
                 verbosity: int = 0, fragment: bool = False) -> None:
        del color, width, allow_undecided, verbosity  # a document has neither colour nor width, and shows every verdict
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
    appendix = Appendix()
    parts += [spec_section(spec, appendix) for spec in run.specs]
    parts.append(appendix.render())
    if not fragment:
        parts.append("\\end{document}\n")
    return "".join(parts)


def summary(run: RunResult) -> str:
    counts = ", ".join(f"{n} {v.value}" for v, n in proof.counts(run))
    text = (f"\\noindent\\textbf{{Overall:}} \\dcverdict{{{run.verdict.value}}} --- {len(run.specs)} "
            f"spec{'s' if len(run.specs) != 1 else ''}; claims: {counts}.\n\n")
    if len(run.specs) < 2:
        return text
    rows = [f"{escape(s.name)} & \\dcverdict{{{s.verdict.value}}} & {proof.spec_counts(s)} \\\\\n" for s in run.specs]
    # A table never breaks across pages: a long run gets several, one after the other.
    for start in range(0, len(rows), _SUMMARY_ROWS):
        text += ("\\begin{center}\n\\dcfitbox{\\begin{tabular}{@{}llr@{}}\n\\toprule\nspec & verdict & claims "
                 f"\\\\\n\\midrule\n{''.join(rows[start:start + _SUMMARY_ROWS])}\\bottomrule\n\\end{{tabular}}}}\n"
                 "\\end{center}\n\n")
    return text


#: Rows of one summary table (what fits a page with room to spare).
_SUMMARY_ROWS = 30


def spec_section(spec: SpecResult, appendix: Appendix) -> str:
    z, a = symbol(spec.variable), symbol(spec.output)
    out = [f"\\section{{{escape(spec.name)}}}\n"]
    if spec.description:
        out.append(f"{{\\noindent\\raggedright\\emph{{{escape(spec.description)}}}\\par}}\n\n")
    out.append(f"\\noindent{_path(spec.file)}\\\\\nVerdict \\dcverdict{{{spec.verdict.value}}} "
               f"({proof.spec_counts(spec)}). Expressions are shown as the spec writes them, each with its line.\n\n")
    function = latex_written(spec.function_written, spec.function)
    if function is not None and is_several(spec):
        out.append(several_definition(spec, function))
    elif function is not None:
        line = spec.function_written.line if spec.function_written is not None else None
        tag = f" \\tag*{{\\small line {line}}}" if line else ""
        out.append("\\subsection*{Definition}\n\\begin{equation*}\n"
                   f"\\dcfit{{g({z}) = {function}, \\qquad {a} = g({z}).}}{tag}\n\\end{{equation*}}\n\n")
    claims = proof.claims(spec)
    if claims:
        out.append("\\subsection*{Claims}\n")
        out += [claim_block(spec, check, appendix) for check in claims]
    links = proof.derivation(spec)
    if links:
        out.append(derivation_block(spec, links))
    for check in spec.checks:
        if check.precision is not None:
            out.append(precision_table(check, check.precision, z))
    if spec.kinks and is_network(spec):
        out.append(several_kink_table(spec, "Points where an activation may not be differentiable"))
    elif spec.kinks and is_several(spec):
        out.append(several_kink_table(spec))
    elif spec.kinks:
        out.append(kink_table(spec.kinks, z))
    source = proof.spot_source(spec)
    if source is not None and is_several(spec):
        out.append(several_spot_table(source.evidence))
    elif source is not None:
        out.append(spot_table(source.evidence, z))
    return "".join(out)


def several_definition(spec: SpecResult, function: str) -> str:
    """The function of several variables as written, its named intermediates and its constraints."""
    line = spec.function_written.line if spec.function_written is not None else None
    lines = [f"{function_latex(spec)} &= {function}" + (f" \\tag*{{\\small line {line}}}" if line else "")]
    lines += [f"{definition_latex(d)} &= {formula(d.math)}" for d in spec.definitions if d.name]
    lines += [f"&\\text{{with }} {formula(d.math)}" for d in spec.definitions if not d.name]
    return "\\subsection*{Definition}\n\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}\n\n"


def several_kink_table(spec: SpecResult, title: str | None = None) -> str:
    rows = [[escape(kink_point(k)), _yes_no(k.continuous), number(k.left), number(k.right),
             escape(short_prose(k.message))] for k in spec.kinks]
    return _table(title or f"Points where ${symbol(spec.output)}$ may not be differentiable, along each variable",
                  f"@{{}}llll{_WRAPPED}@{{}}", ["point", "cont.", "left", "right", "finding"], rows)


def several_spot_table(rows: tuple[SpotCheck, ...]) -> str:
    """Spot checks at points of several variables: the point in words, then the numbers."""
    cells = []
    for r in rows:
        digits = digits_to_tell_apart(r.truth, r.claimed) if not r.agree else DIGITS
        cells.append([escape(r.point), number(r.truth, digits), number(r.claimed, digits) + " " + _agree(r),
                      number(r.finite_difference),
                      number(r.float64) if r.float64_ok else f"\\textcolor{{dcundecided}}{{{number(r.float64)}}}"])
    return _table("Spot checks (numeric evidence, not proof)", f"@{{}}{_WRAPPED}llll@{{}}",
                  ["point", "true", "claimed", "finite difference", "float64"], cells)


def _path(file: str) -> str:
    """A file name in typewriter type, whole: in a smaller size when it is long, never broken across lines."""
    size = "\\small" if len(file) <= 60 else "\\footnotesize" if len(file) <= 70 else "\\scriptsize"
    return f"{{{size}\\texttt{{{escape(file)}}}}}"


def claim_lhs(spec: SpecResult, check: Check) -> str | None:
    """The left-hand side of a claim as math, when the check has one."""
    if check.partial is not None and is_network(spec) and check.written_lhs:
        return latex_written(check.written_lhs)  # dZ^{[2]} = m \partial J / \partial Z^{[2]}
    if check.partial is not None:
        return derivative_latex(check.partial)
    primes = proof.derivative_label(check)
    if primes is not None:
        return f"g{primes}({symbol(spec.variable)})"
    point = proof.at_point(check)
    if point is not None:
        return f"g'({point})"
    if check.kind is CheckKind.IDENTITY:
        return latex_written(check.written_lhs, check.truth)
    return None


def claim_block(spec: SpecResult, check: Check, appendix: Appendix) -> str:
    line = f"line {check.line}, " if check.line else ""
    tag = f"\\tag*{{\\small {line}\\dcverdict{{{check.verdict.value}}}}}"
    lhs = claim_lhs(spec, check)
    claim = latex_written(check.written, check.claim)
    if claim is not None and lhs is not None:
        head = f"\\begin{{equation*}}\n\\dcfit{{{lhs} = {claim}}} {tag}\n\\end{{equation*}}\n"
    else:
        head = (f"\\noindent\\textbf{{{escape(check.label)}}} \\hfill {line.replace(', ', ' ')}"
                f"\\dcverdict{{{check.verdict.value}}}\n\n")
    argued = proof_block(check, f"{spec.name}, {check.label}", appendix)
    return head + details(check, symbol(spec.variable), argued=bool(argued)) + argued


def details(check: Check, z: str, *, prefix: str = "", within: bool = False, argued: bool = False) -> str:
    """The small print under a claim: method and message, how an ambiguous text was read, counterexample, hint
    (`argued`: a proof follows, which says the rest)."""
    lines: list[str] = []
    if check.verdict is Verdict.PROVED and check.method and argued:
        lines.append(f"{prefix}\\emph{{Method:}} {escape(short_prose(check.method))}.")
    elif check.verdict is Verdict.PROVED and check.method:
        lines.append(f"{prefix}\\emph{{Method:}} {escape(short_prose(check.method))}. "
                     f"{escape(short_prose(check.message))}")
    else:
        lines.append(prefix + escape(short_prose(check.message)))
    if proof.read_as_shown(check) and check.claim is not None:
        lines.append(f"\\emph{{Read as}} ${formula(check.claim)}$.")
    scope = scope_line(check)
    if scope is not None and check.verdict is Verdict.PROVED:
        lines.append(f"\\emph{{Scope:}} {escape(scope)}.")
    cex = check.counterexample
    if cex is not None and check.verdict is Verdict.REFUTED:
        before, after = proof.counterexample_words(check)
        digits = digits_to_tell_apart(cex.expected, cex.claimed)
        at = f"\\texttt{{{escape(cex.point)}}}" if cex.at else point(z, cex.point)  # every name, when many
        lines.append(f"\\textbf{{Counterexample:}} at {at} {before} "
                     f"{number(cex.expected, digits)}, {after} {number(cex.claimed, digits)}.")
    if check.hint:
        lines.append(f"\\textbf{{Hint:}} {escape(short_prose(check.hint))}")
    if within:  # inside an alignment (\\intertext), where a paragraph may not end
        return "\\small\\raggedright " + " \\\\\n".join(lines)
    return "{\\noindent\\small\\raggedright " + " \\\\\n".join(lines) + "\\par}\n\n"


def derivation_block(spec: SpecResult, links: list[Check]) -> str:
    """Each line as written, marked, with the counterexample and hint of a line in error right under it."""
    z = symbol(spec.variable)
    rows = ""
    line_open = False  # a row waits for its line end
    notes_after = ""
    for index, link in enumerate(links):
        lhs = f"g'({z})" if index == 0 else ""
        claim = latex_written(link.written, link.claim)
        where = f", line {link.line}" if link.line else ""
        text = f"= \\dcfit{{{claim}}}" if claim is not None else r"\quad \text{(not checked)}"
        rows += (" \\\\\n" if line_open else "") + (
            f"{lhs} &{text} \\tag*{{\\dcmark{{{link.verdict.value}}} {escape(link.label)}{where}}}")
        line_open = True
        if link.verdict is not Verdict.PROVED or link.hint:
            prefix = f"\\textbf{{{escape(link.label).capitalize()}:}} "
            if index + 1 < len(links):  # right under its line, inside the alignment
                rows += (" \\\\\n\\intertext{" + details(link, z, prefix=prefix, within=True)
                         + _correction(spec, link) + "}\n")
                line_open = False
            else:
                notes_after = details(link, z, prefix=prefix)
    proved = sum(1 for link in links if link.verdict is Verdict.PROVED)
    return ("\\subsection*{Derivation}\n"
            f"\\noindent Each line is checked against the one before ({proved} of {len(links)} links proved).\n"
            "\\begin{align*}\n" + rows.rstrip("\n") + "\n\\end{align*}\n" + notes_after + link_reasons(links))


def _correction(spec: SpecResult, link: Check) -> str:
    """Under a refuted line: a proved identity that starts from the same line as the link (the line the
    derivation meant), as a correction."""
    if link.verdict is not Verdict.REFUTED or link.written_lhs is None:
        return ""
    start = " ".join(link.written_lhs.text.split())
    for check in spec.checks:
        if (check.kind is CheckKind.IDENTITY and check.verdict is Verdict.PROVED and check.written_lhs is not None
                and " ".join(check.written_lhs.text.split()) == start):
            corrected = latex_written(check.written, check.claim)
            where = f", line {check.line}" if check.line else ""
            return (f" \\\\\n\\textbf{{Corrected line:}} $\\dcfit{{{corrected}}}$ \\dcmark{{proved}} "
                    f"({escape(check.label)}{where}, proved above under Claims)")
    return ""


def _table(title: str, spec_cols: str, header: list[str], rows: list[list[str]]) -> str:
    """A full-width table whose X columns take the room the others leave."""
    body = "".join(" & ".join(row) + " \\\\\n" for row in rows)
    return (f"\\subsection*{{{title}}}\n{{\\small\n\\begin{{tabularx}}{{\\linewidth}}{{{spec_cols}}}\n"
            f"\\toprule\n{' & '.join(header)} \\\\\n\\midrule\n{body}\\bottomrule\n\\end{{tabularx}}\\par}}\n\n")


def _yes_no(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


_WRAPPED = ">{\\raggedright\\arraybackslash}X"


def frameworks(kink: Kink) -> str:
    """Each framework's g' at the kink, ticked where it equals the spec's `at:` value."""
    return ", ".join(f"{escape(f.framework)} {number(f.value)}" + (" \\dcmark{proved}" if f.matches else "")
                     for f in kink.frameworks) or "---"


def kink_table(kinks: tuple[Kink, ...], z: str) -> str:
    rows = [[number(k.point), _yes_no(k.continuous), number(k.left), number(k.right), number(k.declared),
             frameworks(k), escape(short_prose(k.message))] for k in kinks]
    return _table("Points where $g$ may not be differentiable", f"@{{}}lllll{_WRAPPED}{_WRAPPED}@{{}}",
                  [f"${z}$", "cont.", "left $g'$", "right $g'$", "declared", "frameworks", "finding"], rows)


def precision_table(check: Check, report: Precision, z: str) -> str:
    """The float32/float64 behaviour of a claim (evidence, not proof)."""
    rows = []
    for row in report.dtypes:
        worst = "---" if row.worst_error is None else f"${number_math(significant(row.worst_error, 2)) or '?'}$"
        breakdown = ", ".join(f"${z} = {number_math(significant(x, POSITION_DIGITS)) or '?'}$" for x in row.breakdown)
        lost = " \\newline ".join(escape(r.text) for r in row.ranges) or "none"
        rows.append([escape(row.dtype), worst, escape(row.worst_at or "---"), breakdown or "---", lost])
    note = f"{escape(report.grid)}" + (f"; {escape(report.note)}" if report.note else "")
    table = _table(f"Float precision of {escape(check.label)} (evidence, not proof)",
                   f"@{{}}lll>{{\\raggedright\\arraybackslash}}p{{0.17\\linewidth}}{_WRAPPED}@{{}}",
                   ["type", "worst rel.\\ error", f"at ${z}$", "breaks down at", "ranges lost"], rows)
    return table + f"{{\\noindent\\small Grid: {note}.\\par}}\n\n"


def _agree(row: SpotCheck) -> str:
    if row.agree:
        return "\\dcmark{proved}"
    numeric = short_number(row.truth) is not None and short_number(row.claimed) is not None
    return "\\dcmark{refuted}" if numeric else ""


def spot_table(rows: tuple[SpotCheck, ...], z: str) -> str:
    """The spot checks as a table of numbers (scaled down when their digits make it wider than the page), each
    row's note under the table: a note column would be too narrow for its words on a page."""
    cells, notes = [], []
    for r in rows:
        digits = digits_to_tell_apart(r.truth, r.claimed) if not r.agree else DIGITS
        cells.append([number(r.point), number(r.truth, digits), number(r.claimed, digits) + " " + _agree(r),
                      number(r.finite_difference),
                      number(r.float64) if r.float64_ok else f"\\textcolor{{dcundecided}}{{{number(r.float64)}}}"])
        if r.note:
            notes.append(f"\\emph{{At {point(z, r.point)}:}} {escape(r.note)}")
    body = "".join(" & ".join(row) + " \\\\\n" for row in cells)
    text = (f"\\subsection*{{Spot checks of $g'$ (numeric evidence, not proof)}}\n{{\\small\n"
            f"\\dcfitbox{{\\begin{{tabular}}{{@{{}}rllll@{{}}}}\n\\toprule\n${z}$ & true $g'$ & claimed & "
            f"finite difference & float64 \\\\\n\\midrule\n{body}\\bottomrule\n\\end{{tabular}}}}\\par}}\n")
    if notes:
        text += "{\\noindent\\small\\raggedright " + " \\\\\n".join(notes) + "\\par}\n"
    return text + "\n"

