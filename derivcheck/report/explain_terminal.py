"""`derive` and `show` for a person: the explained steps, the derivative and output form, a spec as written."""

from __future__ import annotations

from typing import TextIO

from derivcheck.report.columns import Column, table
from derivcheck.report.layout import Styled, cells, paragraph, styled
from derivcheck.report.plain import as_written
from derivcheck.report.safe import visible
from derivcheck.report.screen import layout_width, use_color, write
from derivcheck.report.terminal import mark, token, user
from derivcheck.results.checks import Check, Math, Verdict
from derivcheck.results.explanation import ExplainedStep, Explanation, Shown, SpecView

__all__ = ["ExplanationTerminal", "explanation_lines", "spec_lines"]

_STEPS = (Column(), Column(), Column(wrap=True), Column())


class ExplanationTerminal:
    """Writes an explanation or a spec as laid-out text, in the run report's theme."""

    def __init__(self, *, color: bool | None = None, width: int | None = None) -> None:
        self.color = color
        self.width = width

    def explanation(self, explained: Explanation, stream: TextIO) -> None:
        write(explanation_lines(explained, layout_width(stream, self.width)), stream,
              color=use_color(stream, self.color))

    def spec(self, view: SpecView, steps: Explanation | None, stream: TextIO) -> None:
        write(spec_lines(view, steps, layout_width(stream, self.width)), stream, color=use_color(stream, self.color))


def _heading(text: str) -> Styled:
    return styled((text, "heading"))


def _math(prefix: str, value: Math, width: int | None, indent: int = 0) -> list[Styled]:
    """`prefix` and the value pretty-printed over several lines when that fits `width`, else on one line
    (wrapped at spaces): a drawing wider than the terminal would be cut anywhere."""
    drawing = visible(value.pretty).split("\n")
    room = indent + cells(prefix) + max(cells(line) for line in drawing)
    if width is None or room <= width:
        middle = len(drawing) // 2
        pad = " " * cells(prefix)
        return [styled(" " * indent, (prefix if i == middle else pad) + line) for i, line in enumerate(drawing)]
    return paragraph(styled(prefix, (as_written(value.text), "math")), width, indent=indent, hang=4)


def _operand(text: str) -> str:
    """`text` in parentheses when it is a sum or difference, so that `d/dz (1 + exp(-z))` reads right."""
    return f"({text})" if " " in text else text


def _steps(steps: tuple[ExplainedStep, ...], width: int | None) -> list[Styled]:
    """One row per step (indented number, rule, equation, verdict), and how the rule was applied under it."""
    rows, notes = [], []
    for step in steps:
        equation = styled(f"d/d{visible(step.variable)} ", (_operand(as_written(step.expression.text)), "math"),
                          " = ", (as_written(step.result.text), "math"))
        details = []
        if step.condition is not None:
            details.append(step.condition if step.condition == "otherwise" else f"on {step.condition}")
        if step.note:
            details.append(step.note)
        if step.domain is not None:
            details.append(f"for {step.domain}")
        if step.verdict is not Verdict.PROVED:
            details.append(step.message)
        rows.append([[styled("  " * step.depth + step.number)], [styled(token(step.rule, "spec.name"))],
                     [equation], [styled(mark(step.verdict))]])
        notes.append([styled(user("; ".join(details), "muted"))] if details else [])
    return table(_STEPS, rows, width, indent=0, header=False, notes=notes, note_column=2)


def _verdict(check: Check | None) -> Styled:
    if check is None:
        return styled(("not checked", "muted"))
    tail = check.method if check.verdict is Verdict.PROVED else check.message
    return styled(mark(check.verdict), "  ", user(tail or "", "muted"))


def explanation_lines(explained: Explanation, width: int | None) -> list[Styled]:
    """The numbered steps, the simplified derivative and the output form."""
    z, a = visible(explained.variable), visible(explained.output)
    lines = _math(f"g({z}) = ", explained.function, width)
    if explained.parameters:
        lines += paragraph(styled(user("parameters: " + ", ".join(f"{n} = {v}" for n, v in explained.parameters),
                                       "muted")), width)
    lines += [Styled(), _heading("steps (each checked by the prover)"), *_steps(explained.steps, width)]
    lines += [Styled(), _heading("derivative")]
    if explained.derivative is not None:
        lines += _math(f"g'({z}) = ", explained.derivative, width, indent=2)
        lines += paragraph(_verdict(explained.derivative_check), width, indent=2, hang=2)
    else:
        lines.append(styled("  ", ("not simplified within the time budget", "warn")))
    lines += [Styled(), _heading(f"output form (in {a} = g({z}) alone)")]
    if explained.output_form is not None:
        lines += _math(f"g'({z}) = ", explained.output_form, width, indent=2)
        lines += paragraph(_verdict(explained.output_form_check), width, indent=2, hang=2)
    elif explained.complete:
        lines += paragraph(styled(user(explained.output_form_message or "no output form found", "warn")), width,
                           indent=2, hang=2)
    else:
        lines.append(styled("  ", ("not searched within the time budget", "warn")))
    if not explained.complete:
        lines += [Styled(), *paragraph(styled(user(f"stopped early: {explained.stopped or 'time budget'}", "warn")),
                                       width, hang=2)]
    return lines


def _shown(shown: Shown, width: int | None, indent: int = 0) -> list[Styled]:
    """An expression of the spec as written, with its line (and why it cannot be read, if it cannot)."""
    where = (f"  (line {shown.line})", "muted") if shown.line else ("", "")
    lines = paragraph(styled(user(shown.label), " = ", (as_written(shown.source), "math"), where), width,
                      indent=indent, hang=4)
    if shown.error:
        lines += paragraph(styled(("cannot be read: ", "verdict.error"), user(shown.error)), width,
                           indent=indent + 2, hang=2)
    return lines


def spec_lines(view: SpecView, steps: Explanation | None, width: int | None) -> list[Styled]:
    """A spec in full, as written, and its explained derivative when `steps` is given."""
    lines = [styled(user(view.name, "spec.name"), "  ", user(view.file, "muted"))]
    if view.description:
        lines += paragraph(styled(user(view.description)), width, hang=2)
    facts = [f"variable {view.variable}", f"output {view.output}"]
    facts += [f"{name} = {value}" for name, value in view.parameters]
    facts.append(f"domain {view.domain}" if view.domain else "domain: all real numbers")
    lines += [*paragraph(styled(user(", ".join(facts), "muted")), width, hang=2), Styled()]
    lines += _shown(view.function, width) + _shown(view.derivative, width)
    if view.second_derivative is not None:
        lines += _shown(view.second_derivative, width)
    if view.at:
        lines += [Styled(), _heading("declared values (at:)")]
        for shown in view.at:
            lines += _shown(shown, width, indent=2)
    points = "the defaults (0, 10, -10, 100 inside the domain)" if view.points is None else ", ".join(view.points)
    lines += [Styled(), *paragraph(styled(("spot-check points: ", "heading"), user(points)), width, hang=2)]
    if view.identities:
        lines += [Styled(), _heading("identities")]
        for number, (lhs, rhs) in enumerate(view.identities, 1):
            line = f"  (line {lhs.line})" if lhs.line else ""
            lines += paragraph(styled(f"identity {number}: ", (as_written(lhs.source), "math"), " = ",
                                      (as_written(rhs.source), "math"), (line, "muted")), width, indent=2, hang=4)
            for side in (lhs, rhs):
                if side.error:
                    lines += paragraph(styled(("cannot be read: ", "verdict.error"), user(side.error)), width,
                                       indent=4, hang=2)
    if view.derivation:
        lines += [Styled(), _heading("derivation (as written)")]
        for number, step in enumerate(view.derivation, 1):
            line = f"  (line {step.line})" if step.line else ""
            lines += paragraph(styled((f"{number}. ", "heading"), (as_written(step.source), "math"), (line, "muted")),
                               width, indent=2, hang=5)
    if steps is not None:
        lines += [Styled(), styled(("explained derivative", "heading")), *explanation_lines(steps, width)]
    return lines
