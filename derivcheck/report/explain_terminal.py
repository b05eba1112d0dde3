"""`derive` and `show` for a terminal: the explained steps, the derivative and output form, a spec in full (rich)."""

from __future__ import annotations

from typing import TextIO

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from derivcheck.report.safe import visible
from derivcheck.report.terminal import console, one_line, user
from derivcheck.results.checks import Check, Verdict
from derivcheck.results.explanation import ExplainedStep, Explanation, Shown, SpecView

__all__ = ["ExplanationTerminal", "explanation_block", "mark", "spec_block"]

_MARKS = {Verdict.PROVED: "✓", Verdict.UNDECIDED: "?", Verdict.REFUTED: "✗", Verdict.ERROR: "!"}


class ExplanationTerminal:
    """Writes an explanation or a spec as rich text, in the run report's theme."""

    def __init__(self, *, color: bool | None = None, width: int | None = None) -> None:
        self.color = color
        self.width = width

    def explanation(self, explained: Explanation, stream: TextIO) -> None:
        console(stream, color=self.color, width=self.width).print(explanation_block(explained))

    def spec(self, view: SpecView, steps: Explanation | None, stream: TextIO) -> None:
        console(stream, color=self.color, width=self.width).print(spec_block(view, steps))


def mark(verdict: Verdict) -> Text:
    """`✓ PROVED`, `? UNDECIDED`, `✗ REFUTED` or `! ERROR`, in the verdict's style."""
    return Text(f"{_MARKS[verdict]} {verdict.value.upper()}", style=f"verdict.{verdict.value}")


def _indent(renderable: RenderableType, level: int = 1) -> Padding:
    return Padding(renderable, (0, 0, 0, 2 * level), expand=False)


def _math(prefix: str, pretty: str, suffix: str = "") -> Text:
    """A multi-line pretty-print with `prefix` (and a muted `suffix`) on its middle line."""
    lines = visible(pretty).split("\n")
    middle = len(lines) // 2
    width = max(len(line) for line in lines)
    pad = " " * len(prefix)
    text = Text(style="math")
    for i, line in enumerate(lines):
        if i:
            text.append("\n")
        text.append((prefix if i == middle else pad) + (line.ljust(width) if suffix else line))
        if suffix and i == middle:
            text.append(suffix, style="muted")
    return text


def _operand(text: str) -> str:
    """`text` in parentheses when it is a sum or difference, so that `d/dz (1 + exp(-z))` reads right."""
    return f"({text})" if " " in text else text


def _steps_table(steps: tuple[ExplainedStep, ...]) -> Table:
    """One row per step: indented number, rule, equation (with how the rule was applied), verdict."""
    table = Table(box=None, show_edge=False, pad_edge=False, expand=False, show_header=False)
    table.add_column("step", no_wrap=True)
    table.add_column("rule", no_wrap=True, style="spec.name")
    table.add_column("equation", overflow="fold")
    table.add_column("verdict", no_wrap=True)
    for step in steps:
        equation = Text.assemble(f"d/d{visible(step.variable)} ", user(_operand(one_line(step.expression.text))),
                                 " = ", user(one_line(step.result.text)))
        details = []
        if step.condition is not None:
            details.append(step.condition if step.condition == "otherwise" else f"on {step.condition}")
        if step.note:
            details.append(step.note)
        if step.domain is not None:
            details.append(f"for {step.domain}")
        if step.verdict is not Verdict.PROVED:
            details.append(step.message)
        if details:
            equation.append_text(Text.assemble("\n", user(one_line("; ".join(details)), "muted")))
        table.add_row(Text("  " * step.depth + step.number), user(step.rule), equation, mark(step.verdict))
    return table


def _verdict_line(check: Check | None) -> Text:
    if check is None:
        return Text("not checked", style="muted")
    tail = check.method if check.verdict is Verdict.PROVED else check.message
    return Text.assemble(mark(check.verdict), "  ", user(tail or "", "muted"))


def explanation_block(explained: Explanation) -> Group:
    """The numbered steps, the simplified derivative and the output form."""
    z, a = explained.variable, explained.output
    parts: list[RenderableType] = [_math(f"g({visible(z)}) = ", explained.function.pretty)]
    if explained.parameters:
        parts.append(user("parameters: " + ", ".join(f"{n} = {v}" for n, v in explained.parameters), "muted"))
    parts += [Text(""), Text("steps (each checked by the prover)", style="bold")]
    parts.append(_steps_table(explained.steps))
    parts += [Text(""), Text("derivative", style="bold")]
    if explained.derivative is not None:
        parts += [_indent(_math(f"g'({visible(z)}) = ", explained.derivative.pretty)),
                  _indent(_verdict_line(explained.derivative_check))]
    else:
        parts.append(_indent(Text("not simplified within the time budget", style="warn")))
    parts += [Text(""), Text(f"output form (in {visible(a)} = g({visible(z)}) alone)", style="bold")]
    if explained.output_form is not None:
        parts += [_indent(_math(f"g'({visible(z)}) = ", explained.output_form.pretty)),
                  _indent(_verdict_line(explained.output_form_check))]
    elif explained.complete:
        parts.append(_indent(user(explained.output_form_message or "no output form found", "warn")))
    else:
        parts.append(_indent(Text("not searched within the time budget", style="warn")))
    if not explained.complete:
        parts += [Text(""), user(f"stopped early: {explained.stopped or 'time budget'}", "warn")]
    return Group(*parts)


def _shown(shown: Shown) -> RenderableType:
    where = f"  (line {shown.line})" if shown.line else ""
    if shown.math is not None:
        return _math(f"{visible(shown.label)} = ", shown.math.pretty, where)
    text = Text.assemble(user(shown.label), ": ", user(shown.source), (where, "muted"))
    if shown.error:
        text.append_text(Text.assemble("\n", ("  cannot be read: ", "verdict.error"), user(shown.error)))
    return text


def spec_block(view: SpecView, steps: Explanation | None = None) -> Group:
    """A spec in full, and its explained derivative when `steps` is given."""
    parts: list[RenderableType] = [Text.assemble(user(view.name, "spec.name"), "  ", user(view.file, "muted"))]
    if view.description:
        parts.append(user(view.description))
    facts = [f"variable {view.variable}", f"output {view.output}"]
    facts += [f"{name} = {value}" for name, value in view.parameters]
    facts.append(f"domain {view.domain}" if view.domain else "domain: all real numbers")
    parts += [user(", ".join(facts), "muted"), Text("")]
    parts += [_shown(view.function), _shown(view.derivative)]
    if view.second_derivative is not None:
        parts.append(_shown(view.second_derivative))
    if view.at:
        parts += [Text(""), Text("declared values (at:)", style="bold"), *(_indent(_shown(s)) for s in view.at)]
    points = "the defaults (0, 10, -10, 100 inside the domain)" if view.points is None else ", ".join(view.points)
    parts += [Text(""), Text.assemble(("spot-check points: ", "bold"), user(points))]
    if view.identities:
        parts += [Text(""), Text("identities", style="bold")]
        for lhs, rhs in view.identities:
            parts += [_indent(_shown(lhs)), _indent(_shown(rhs))]
    if view.derivation:
        parts += [Text(""), Text("derivation (as written)", style="bold")]
        parts += [_indent(Text.assemble((f"{i}. ", "bold"), user(s.source), (f"  (line {s.line})", "muted")))
                  for i, s in enumerate(view.derivation, 1)]
    if steps is not None:
        parts += [Text(""), Text("explained derivative", style="bold underline"), explanation_block(steps)]
    return Group(*parts)
