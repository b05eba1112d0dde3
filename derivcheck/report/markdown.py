"""`--format markdown`: the run as Markdown with math, for a pull-request comment or a CI job summary."""

from __future__ import annotations

from typing import TextIO

from derivcheck.report import proof
from derivcheck.report.latex_text import symbol
from derivcheck.report.markdown_text import display, escape, formula, inline, inline_written, number, written_math
from derivcheck.report.proof import safe_formula
from derivcheck.report.proof_text import markdown_proof
from derivcheck.report.several import (
    definition_latex,
    derivative_latex,
    equation_latex,
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

BADGE = {Verdict.PROVED: "✅", Verdict.REFUTED: "❌", Verdict.UNDECIDED: "❔", Verdict.ERROR: "⚠️"}
MARK = {Verdict.PROVED: r"\checkmark", Verdict.REFUTED: r"\times", Verdict.UNDECIDED: "?", Verdict.ERROR: "!"}


class MarkdownReporter:
    """Writes headings, tables and `$$` math blocks (GitHub and GitLab render the math)."""

    def __init__(self, *, color: bool | None = None, width: int | None = None, allow_undecided: bool = False,
                 verbosity: int = 0) -> None:
        del color, width, allow_undecided, verbosity

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
    out.append(f"File: {escape(spec.file)} · verdict {badge(spec.verdict)} ({proof.spec_counts(spec)}) · "
               "expressions as the spec writes them\n")
    function = written_math(spec.function_written, spec.function)
    several = is_several(spec)
    if function is not None:
        line = spec.function_written.line if spec.function_written is not None else None
        tag = f" \\qquad \\text{{(line {line})}}" if line else ""
        if several:  # L(z, y) = ..., with its named intermediates
            named = "".join(f", \\qquad {definition_latex(d)} = {formula(d.math)}" for d in spec.definitions
                            if d.name)
            out.append(display(f"{function_latex(spec)} = {function}{named}{tag}"))
        else:
            out.append(display(f"g({z}) = {function}, \\qquad {a} = g({z}){tag}"))
    else:
        out.append("\n")
    constraints = [d for d in spec.definitions if not d.name]
    if constraints:
        out.append("Constraints: " + ", ".join(inline(d.math) for d in constraints) + "\n\n")
    claims = proof.claims(spec)
    if claims:
        out.append(table(["line", "check", "claim", "verdict", "method"],
                         [[str(c.line or ""), escape(c.label), _claim_math(spec, c), badge(c.verdict), _method(c)]
                          for c in claims]))
        scopes = [(c, scope_line(c)) for c in claims if c.verdict is Verdict.PROVED]
        out += [f"*Scope of {escape(c.label)}:* {escape(text)}  \n" for c, text in scopes if text]
        if any(text for _, text in scopes):
            out.append("\n")
        out += [details(c, spec.variable, message=False) for c in claims
                if c.counterexample or c.hint or proof.read_as_shown(c)]
        out += [markdown_proof(c) for c in claims]
    links = proof.derivation(spec)
    if links:
        out.append(derivation(spec, links))
    for check in spec.checks:
        if check.precision is not None:
            out.append(precision_table(check, check.precision))
    if spec.kinks and several:
        heading = ("Points where an activation may not be differentiable" if is_network(spec) else
                   f"Points where {escape(spec.output)} may not be differentiable, along each variable")
        out.append(f"**{heading}**\n\n")
        out.append(table(["point", "continuous", "left", "right", "finding"],
                         [[escape(kink_point(k)), _yes_no(k.continuous), number(k.left), number(k.right),
                           escape(short_prose(k.message))] for k in spec.kinks]))
    elif spec.kinks:
        out.append("**Points where g may not be differentiable**\n\n")
        out.append(kink_table(spec.kinks, spec.variable))
    source = proof.spot_source(spec)
    if source is not None:
        out.append(spot_table(source.evidence, "point" if several else spec.variable, source.label,
                              several=several))
    return "".join(out)


def _claim_math(spec: SpecResult, check: Check) -> str:
    claim = inline_written(check.written, check.claim)
    equation = equation_latex(check) if is_network(spec) else None
    if equation is not None and safe_formula(equation):  # dZ^{[2]} = m ∂J/∂Z^{[2]} = the claim, as written
        return f"$`{equation}`$"
    if check.partial is not None and claim.startswith("$`"):  # ∂L/∂z = the claim, as written
        return f"$`{derivative_latex(check.partial)} = " + claim[2:]
    if check.kind is CheckKind.IDENTITY and claim:
        return f"{inline_written(check.written_lhs, check.truth)} = {claim}"
    return claim


def _method(check: Check) -> str:
    said = check.method if check.verdict is Verdict.PROVED and check.method else check.message
    return escape(short_prose(said))


def details(check: Check, variable: str, *, title: str | None = None, message: bool = True) -> str:
    """A quoted note: what failed (unless the table said it), how an ambiguous text was read, the
    counterexample and the hint."""
    where = f" (line {check.line})" if check.line else ""
    lines = [f"> {BADGE[check.verdict]} **{title or escape(check.label)}**{where}"
             + (f": {escape(short_prose(check.message))}" if message else "")]
    if proof.read_as_shown(check) and check.claim is not None:
        lines.append(f"> read as {inline(check.claim)}")
    cex = check.counterexample
    if cex is not None and check.verdict is Verdict.REFUTED:
        before, after = proof.counterexample_words(check)
        digits = digits_to_tell_apart(cex.expected, cex.claimed)
        at = escape(cex.point) if cex.at else f"{escape(variable)} = {number(cex.point)}"  # every name, when many
        lines.append(f"> counterexample: at {at} {before} "
                     f"{number(cex.expected, digits)}, {after} {number(cex.claimed, digits)}")
    if check.hint:
        lines.append(f"> 💡 hint: {escape(short_prose(check.hint))}")
    return "  \n".join(lines) + "\n\n"


def derivation(spec: SpecResult, links: list[Check]) -> str:
    """Each line as written, marked, and the counterexample and hint of a line in error right under it: the
    aligned block is closed there and opened again after the note."""
    blocks: list[str] = []
    rows: list[str] = []
    for index, link in enumerate(links):
        lhs = f"g'({symbol(spec.variable)})" if index == 0 else ""
        claim = written_math(link.written, link.claim)
        body = "= " + claim if claim is not None else r"\quad \text{(see the spec)}"
        line = f" (line {link.line})" if link.line else ""
        rows.append(f"{lhs} &{body} && {MARK[link.verdict]} \\quad \\text{{{_label(link.label)}{line}}}")
        if link.verdict is not Verdict.PROVED or link.hint:
            blocks.append(display("\\begin{aligned}\n" + " \\cr\n".join(rows) + "\n\\end{aligned}"))
            blocks.append(details(link, spec.variable).rstrip("\n") + "\n")  # the next block's "$$" leaves a gap
            rows = []
    if rows:
        blocks.append(display("\\begin{aligned}\n" + " \\cr\n".join(rows) + "\n\\end{aligned}"))
    proved = sum(1 for link in links if link.verdict is Verdict.PROVED)
    return (f"**Derivation** ({proved} of {len(links)} links proved; each line is checked against the one "
            f"before)\n{''.join(blocks)}")


def _label(label: str) -> str:
    """A derivation label inside \\text{}: plain words and digits only (labels are `step N` or `claim`)."""
    return "".join(ch for ch in label if ch.isascii() and (ch.isalnum() or ch == " "))


def _yes_no(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


def frameworks(kink: Kink) -> str:
    """`pytorch 0 ✓, jax 1`: each framework's g' there, ticked where it equals the spec's `at:` value."""
    return ", ".join(f"{escape(f.framework)} {number(f.value)}{' ✓' if f.matches else ''}"
                     for f in kink.frameworks) or "—"


def kink_table(kinks: tuple[Kink, ...], variable: str) -> str:
    return table([escape(variable), "continuous", "left g'", "right g'", "declared", "frameworks", "finding"],
                 [[number(k.point), _yes_no(k.continuous), number(k.left), number(k.right), number(k.declared),
                   frameworks(k), escape(short_prose(k.message))] for k in kinks])


def precision_table(check: Check, report: Precision) -> str:
    """The float32/float64 behaviour of a claim (evidence, not proof)."""
    rows = []
    for row in report.dtypes:
        worst = "—" if row.worst_error is None else significant(row.worst_error, 2)
        breakdown = ", ".join(significant(x, POSITION_DIGITS) for x in row.breakdown) or "—"
        lost = "; ".join(escape(r.text) for r in row.ranges) or "none"
        rows.append([escape(row.dtype), worst, escape(row.worst_at or "—"), escape(breakdown), lost])
    note = f" {escape(report.note)}" if report.note else ""
    return (f"**Float precision of {escape(check.label)}** ({escape(report.grid)}; evidence, not proof){note}\n\n"
            + table(["type", "worst rel. error", "at z", "breaks down at z", "ranges lost"], rows))


def _agree(row: SpotCheck) -> str:
    if row.agree:
        return " ✓"
    numeric = short_number(row.truth) is not None and short_number(row.claimed) is not None
    return " ✗" if numeric else ""


def spot_table(rows: tuple[SpotCheck, ...], variable: str, label: str, *, several: bool = False) -> str:
    cells = []
    for r in rows:
        digits = digits_to_tell_apart(r.truth, r.claimed) if not r.agree else DIGITS
        point = escape(r.point) if several else number(r.point)
        cells.append([point, number(r.truth, digits), number(r.claimed, digits) + _agree(r),
                      number(r.finite_difference), number(r.float64) + ("" if r.float64_ok else " ⚠️"),
                      escape(r.note)])
    body = table([escape(variable), "true" if several else "true g'", "claimed", "finite difference", "float64",
                  "note"], cells)
    return (f"<details><summary>Spot checks of {escape(label)} (numeric evidence, not proof)</summary>\n\n"
            f"{body}</details>\n\n")
