"""`--format markdown`: the run as Markdown with math, for a pull-request comment or a CI job summary."""

from __future__ import annotations

from typing import TextIO

from derivcheck.report import proof
from derivcheck.report.latex_text import symbol
from derivcheck.report.markdown_text import display, escape, formula, inline, number
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

BADGE = {Verdict.PROVED: "✅", Verdict.REFUTED: "❌", Verdict.UNDECIDED: "❔", Verdict.ERROR: "⚠️"}
MARK = {Verdict.PROVED: r"\checkmark", Verdict.REFUTED: r"\times", Verdict.UNDECIDED: "?", Verdict.ERROR: "!"}


class MarkdownReporter:
    """Writes headings, tables and `$$` math blocks (GitHub and GitLab render the math)."""

    def __init__(self, *, color: bool | None = None, width: int | None = None,
                 allow_undecided: bool = False) -> None:
        del color, width, allow_undecided

    def render(self, run: RunResult, stream: TextIO) -> None:
        stream.write(document(run))


def badge(verdict: Verdict) -> str:
    return f"{BADGE[verdict]} **{verdict.value.upper()}**"


def document(run: RunResult) -> str:
    """The whole report as Markdown text."""
    counts = ", ".join(f"{n} {v.value}" for v, n in proof.counts(run))
    plural = "s" if len(run.specs) != 1 else ""
    parts = [f"## derivcheck: {badge(run.verdict)}\n\n{len(run.specs)} spec{plural}; claims: {counts}.\n\n"]
    if len(run.specs) > 1:
        parts.append(table(["spec", "verdict", "claims"],
                           [[escape(s.name), badge(s.verdict), proof.spec_counts(s)] for s in run.specs]))
    parts += [spec_section(spec) for spec in run.specs]
    return "".join(parts).rstrip("\n") + "\n"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n\n"


def spec_section(spec: SpecResult) -> str:
    z, a = symbol(spec.variable), symbol(spec.output)
    out = [f"### {BADGE[spec.verdict]} {escape(spec.name)}\n\n"]
    if spec.description:
        out.append(f"*{escape(spec.description)}*  \n")
    out.append(f"File: {escape(spec.file)} · verdict {badge(spec.verdict)} ({proof.spec_counts(spec)})\n")
    if spec.function is not None and is_several(spec):
        named = "".join(f", \\qquad {definition_latex(d)} = {formula(d.math)}" for d in spec.definitions if d.name)
        out.append(display(f"{function_latex(spec)} = {formula(spec.function)}{named}"))
    elif spec.function is not None:
        out.append(display(f"g({z}) = {formula(spec.function)}, \\qquad {a} = g({z})"))
    else:
        out.append("\n")
    constraints = [d for d in spec.definitions if not d.name]
    if constraints:
        out.append("Constraints: " + ", ".join(inline(d.math) for d in constraints) + "\n\n")
    claims = proof.claims(spec)
    if claims:
        out.append(table(["check", "claim", "verdict", "method"],
                         [[escape(c.label), _claim_math(spec, c), badge(c.verdict), _method(c)] for c in claims]))
        scopes = [(c, scope_line(c)) for c in claims if c.verdict is Verdict.PROVED]
        out += [f"*Scope of {escape(c.label)}:* {escape(text)}  \n" for c, text in scopes if text]
        if any(text for _, text in scopes):
            out.append("\n")
        out += [details(c, spec.variable, message=False) for c in claims if c.counterexample or c.hint]
    links = proof.derivation(spec)
    if links:
        out.append(derivation(spec, links))
    if spec.kinks and is_several(spec):
        out.append(f"**Points where {escape(spec.output)} may not be differentiable, along each variable**\n\n")
        out.append(kink_table(spec.kinks, "point", several=True))
    elif spec.kinks:
        out.append("**Points where g may not be differentiable**\n\n")
        out.append(kink_table(spec.kinks, spec.variable))
    source = proof.spot_source(spec)
    if source is not None:
        several = is_several(spec)
        out.append(spot_table(source.evidence, "point" if several else spec.variable, source.label, several=several))
    return "".join(out)


def _claim_math(spec: SpecResult, check: Check) -> str:
    if check.claim is None:
        return ""
    if check.partial is not None:
        return "$`" + derivative_latex(check.partial) + " = " + formula(check.claim) + "`$"
    if check.kind is CheckKind.IDENTITY and check.truth is not None:
        return "$`" + formula(check.truth) + " = " + formula(check.claim) + "`$"
    return inline(check.claim)


def _method(check: Check) -> str:
    return escape(check.method) if check.verdict is Verdict.PROVED and check.method else escape(check.message)


def details(check: Check, variable: str, *, title: str | None = None, message: bool = True) -> str:
    """A quoted note: what failed (unless the table said it), the counterexample and the hint."""
    lines = [f"> {BADGE[check.verdict]} **{title or escape(check.label)}**"
             + (f": {escape(check.message)}" if message else "")]
    cex = check.counterexample
    if cex is not None and check.verdict is Verdict.REFUTED:
        before, after = proof.counterexample_words(check)
        at = escape(point_words(cex, variable)) if cex.at else f"{escape(variable)} = {number(cex.point)}"
        lines.append(f"> counterexample: at {at} {before} {number(cex.expected)}, {after} {number(cex.claimed)}")
    if check.hint:
        lines.append(f"> 💡 hint: {escape(check.hint)}")
    return "  \n".join(lines) + "\n\n"


def derivation(spec: SpecResult, links: list[Check]) -> str:
    rows = []
    for index, link in enumerate(links):
        lhs = f"g'({symbol(spec.variable)})" if index == 0 else ""
        body = "= " + formula(link.claim) if link.claim is not None else r"\quad \text{(not checked)}"
        rows.append(f"{lhs} &{body} && {MARK[link.verdict]} \\quad \\text{{{_label(link.label)}}}")
    proved = sum(1 for link in links if link.verdict is Verdict.PROVED)
    block = "\\begin{aligned}\n" + " \\cr\n".join(rows) + "\n\\end{aligned}"
    notes = "".join(details(link, spec.variable)
                    for link in links if link.verdict is not Verdict.PROVED or link.hint)
    return (f"**Derivation** ({proved} of {len(links)} links proved; each line is checked against the one "
            f"before)\n{display(block)}{notes}")


def _label(label: str) -> str:
    """A derivation label inside \\text{}: plain words and digits only (labels are `step N` or `claim`)."""
    return "".join(ch for ch in label if ch.isascii() and (ch.isalnum() or ch == " "))


def _yes_no(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


def kink_table(kinks: tuple[Kink, ...], variable: str, *, several: bool = False) -> str:
    sides = ["left", "right"] if several else ["left g'", "right g'"]
    return table([escape(variable), "continuous", *sides, "declared", "finding"],
                 [[number(k.point) if k.along is None else escape(kink_point(k)), _yes_no(k.continuous),
                   number(k.left), number(k.right), number(k.declared), escape(k.message)] for k in kinks])


def _agree(row: SpotCheck) -> str:
    if row.agree:
        return " ✓"
    numeric = short_number(row.truth) is not None and short_number(row.claimed) is not None
    return " ✗" if numeric else ""


def spot_table(rows: tuple[SpotCheck, ...], variable: str, label: str, *, several: bool = False) -> str:
    body = table([escape(variable), "true" if several else "true g'", "claimed", "finite difference", "float64",
                  "note"],
                 [[number(r.point), number(r.truth), number(r.claimed) + _agree(r), number(r.finite_difference),
                   number(r.float64) + ("" if r.float64_ok else " ⚠️"), escape(r.note)] for r in rows])
    return (f"<details><summary>Spot checks of {escape(label)} (numeric evidence, not proof)</summary>\n\n"
            f"{body}</details>\n\n")
