"""`--format rich`: the human proof report of a run for a terminal, and the console every rich view uses."""

from __future__ import annotations

import os
from typing import TextIO

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from derivcheck.report.proof import spot_source
from derivcheck.report.safe import visible
from derivcheck.report.several import definition_lines, function_name, is_several, kink_point, point_words, scope_line
from derivcheck.report.terminal_precision import precision_table
from derivcheck.results.checks import Check, Kink, RunResult, SpecResult, Verdict
from derivcheck.results.numbers import TERMINAL_DIGITS, short_number

THEME = Theme({
    "verdict.proved": "bold green",
    "verdict.refuted": "bold red",
    "verdict.undecided": "bold yellow",
    "verdict.error": "bold magenta",
    "spec.name": "bold cyan",
    "muted": "dim",
    "math": "",
    "warn": "yellow",
})


def verdict_text(verdict: Verdict) -> Text:
    return Text(verdict.value.upper(), style=f"verdict.{verdict.value}")


def user(text: str | None, style: str = "") -> Text:
    """User-provided text, never interpreted as markup, made inert by `safe.visible`."""
    return Text(visible(text or ""), style=style)


def console(stream: TextIO, *, color: bool | None = None, width: int | None = None) -> Console:
    """A console on `stream` in the theme, never reading markup or emoji codes in what it prints.

    Colour: forced on or off by `color`, else on for a terminal unless NO_COLOR is set.
    """
    no_color = color is False or (color is None and "NO_COLOR" in os.environ)
    return Console(file=stream, theme=THEME, no_color=no_color, width=width, highlight=False,
                   force_terminal=True if color else None, emoji=False, markup=False)


class TerminalReporter:
    """Renders a run as rich tables: per spec, checks, spot checks and kinks, then a summary."""

    def __init__(self, *, color: bool | None = None, width: int | None = None,
                 allow_undecided: bool = False) -> None:
        del allow_undecided  # verdicts are shown as they are; the exit code says what fails
        self.color = color
        self.width = width

    def render(self, run: RunResult, stream: TextIO) -> None:
        out = console(stream, color=self.color, width=self.width)
        for spec in run.specs:
            out.print(self.spec_block(spec))
            out.print()
        out.print(summary_line(run))

    def spec_block(self, spec: SpecResult) -> Group:
        title = Text.assemble(verdict_text(spec.verdict), "  ", user(spec.name, "spec.name"), "  ",
                              user(spec.file, "muted"))
        parts: list[object] = [title]
        if spec.description:
            parts.append(Padding(user(spec.description, "muted"), (0, 0, 0, 2), expand=False))
        if spec.function is not None:
            prefix = f"{visible(function_name(spec))} = " if is_several(spec) else "g(z) = "
            parts.append(Padding(_math_line(prefix, spec.function.pretty), (0, 0, 0, 2), expand=False))
        for word, line in definition_lines(spec):
            parts.append(Padding(Text.assemble((f"{word} ", "muted"), user(line)), (0, 0, 0, 2), expand=False))
        parts.append(Padding(self.checks_table(spec.checks), (0, 0, 0, 2), expand=False))
        for check in spec.checks:
            scope = scope_line(check)
            if scope is not None and check.verdict is Verdict.PROVED:
                parts.append(Padding(Text.assemble(("scope ", "muted"), user(check.label), ": ", user(scope)),
                                     (0, 0, 0, 2), expand=False))
        for check in spec.checks:
            if check.counterexample is not None and check.verdict is not Verdict.ERROR:
                cex = check.counterexample
                at = cex.point if not cex.at else point_words(cex, spec.variable)
                parts.append(Padding(Text.assemble(
                    ("counterexample ", "verdict.refuted"), user(check.label), ": at ", user(at),
                    " the true value is ", user(cex.expected), ", the claim gives ", user(cex.claimed)),
                    (0, 0, 0, 2), expand=False))
            if check.hint:
                parts.append(Padding(Text.assemble(("hint ", "warn"), user(check.hint)), (0, 0, 0, 2), expand=False))
        shown = spot_source(spec)
        if shown is not None:
            parts.append(Padding(spot_table(shown, several=is_several(spec)), (0, 0, 0, 2), expand=False))
        for check in spec.checks:
            if check.precision is not None:
                parts.append(Padding(precision_table(check, check.precision), (0, 0, 0, 2), expand=False))
        if spec.kinks:
            parts.append(Padding(kink_table(spec), (0, 0, 0, 2), expand=False))
        return Group(*parts)  # type: ignore[arg-type]

    def checks_table(self, checks: tuple[Check, ...]) -> Table:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        for name in ("check", "claim", "verdict", "method", "time"):
            table.add_column(name, justify="right" if name == "time" else "left", overflow="fold")
        for check in checks:
            claim = user(one_line(check.claim.text)) if check.claim else Text("")
            method = user(check.method or "") if check.verdict is Verdict.PROVED else user(check.message)
            table.add_row(user(check.label), claim, verdict_text(check.verdict), method,
                          Text(f"{check.seconds:.2f} s", style="muted"))
        return table


def _math_line(prefix: str, pretty: str) -> Text:
    lines = visible(pretty).split("\n")
    if len(lines) == 1:
        return Text(prefix + lines[0], style="math")
    pad = " " * len(prefix)
    middle = len(lines) // 2
    return Text("\n".join((prefix if i == middle else pad) + line for i, line in enumerate(lines)), style="math")


def spot_table(check: Check, *, several: bool = False) -> Table:
    table = Table(title=Text(f"spot checks of {visible(check.label)} (evidence, not proof)", style="muted"),
                  title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    names = ("point", "true", "claimed", "", "finite difference", "float64", "") if several else (
        "z", "true g'", "claimed", "", "finite difference", "float64", "")
    for name in names:
        table.add_column(name, overflow="fold")
    for row in check.evidence:
        mark = (Text("✓", style="verdict.proved") if row.agree else
                Text("✗", style="verdict.refuted") if _numeric(row.truth) and _numeric(row.claimed) else Text(""))
        f64 = user(short(row.float64), "" if row.float64_ok else "warn")
        table.add_row(user(short(row.point)), user(short(row.truth)),
                      user(short(row.claimed)), mark, user(short(row.finite_difference)),
                      f64, user(row.note, "warn"))
    return table


def kink_table(spec: SpecResult) -> Table:
    several = is_several(spec)
    title = (f"points where {spec.output} may not be differentiable, along each variable" if several
             else "points where g may not be differentiable")
    table = Table(title=Text(visible(title), style="muted"), title_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    sides = ("left", "right") if several else ("left g'", "right g'")
    for name in ("point", "continuous", *sides, "declared", "frameworks", "finding"):
        table.add_column(name, overflow="fold")
    for kink in spec.kinks:
        table.add_row(user(kink_point(kink)), _yes_no(kink.continuous), user(kink.left or "—"), user(kink.right or "—"),
                      user(kink.declared or "—"), user(frameworks_text(kink)), user(kink.message))
    return table


def frameworks_text(kink: Kink) -> str:
    """`pytorch 0 ✓, jax 1`: each framework's g' there, ticked where it equals the spec's `at:` value."""
    return ", ".join(f"{f.framework} {f.value}{' ✓' if f.matches else ''}" for f in kink.frameworks) or "—"


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def one_line(text: str) -> str:
    """Plain sympy text made easier to read: `a**2*z` -> `a^2·z`."""
    return text.replace("**", "^").replace("*", "·")


def short(number: str, digits: int = TERMINAL_DIGITS) -> str:
    """A decimal string cut to `digits` significant digits for a table (JSON keeps them all); a zero or a short
    integer stays as written, and text that is no decimal ("undefined", `-411/43`) as it is."""
    shown = short_number(number, digits)
    if shown is None or float(number) == 0 or (number.lstrip("-").isdigit() and len(number) <= digits):
        return number
    return shown.mantissa if shown.exponent is None else f"{shown.mantissa}e{shown.exponent:+03d}"


def _yes_no(value: bool | None) -> Text:
    return Text("?" if value is None else ("yes" if value else "no"))


def summary_line(run: RunResult) -> Text:
    counts = [(v, run.count(v)) for v in (Verdict.PROVED, Verdict.REFUTED, Verdict.UNDECIDED, Verdict.ERROR)]
    text = Text.assemble(verdict_text(run.verdict), "  ")
    text.append(", ".join(f"{n} {v.value}" for v, n in counts))
    text.append(f" — {len(run.specs)} spec{'s' if len(run.specs) != 1 else ''}", style="muted")
    return text
