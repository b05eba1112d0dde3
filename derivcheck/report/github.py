"""`--format github`: GitHub Actions workflow commands that annotate the spec line of each failing claim.

One `::error` (or `::warning` for an UNDECIDED claim under --allow-undecided) per claim that is not proved, then a
`::notice` with the counts.  User text is escaped the way the runner decodes it, and line breaks never reach
the output raw, so a hostile spec cannot start a second command of its own.
"""

from __future__ import annotations

from typing import TextIO

from derivcheck.report.plain import details, headline, one_line
from derivcheck.report.safe import controls_visible
from derivcheck.results.checks import Check, RunResult, SpecResult, Verdict, fails


def escape_data(text: str) -> str:
    """The message part of a workflow command: `%`, CR and LF percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file=, title=): also `:` and `,`, which end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: str) -> str:
    """`::level key=value,...::message`, every part escaped."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


class GithubReporter:
    """Writes one annotation per claim that is not proved, and a summary notice."""

    def __init__(self, *, color: bool | None = None, width: int | None = None, allow_undecided: bool = False,
                 verbosity: int = 0) -> None:
        del color, width, verbosity
        self.allow_undecided = allow_undecided

    def render(self, run: RunResult, stream: TextIO) -> None:
        for spec in run.specs:
            for check in spec.checks:
                if check.verdict is not Verdict.PROVED:
                    stream.write(annotation(spec, check, allow_undecided=self.allow_undecided) + "\n")
                elif check.scope is not None and check.scope.limited:
                    stream.write(annotation(spec, check, level="notice") + "\n")  # proved for less than claimed
        counts = ", ".join(f"{run.count(v)} {v.value}" for v in (Verdict.PROVED, Verdict.REFUTED, Verdict.UNDECIDED,
                                                                  Verdict.ERROR))
        stream.write(command("notice", f"{run.verdict.value.upper()}: {counts} in {len(run.specs)} spec file"
                             f"{'' if len(run.specs) == 1 else 's'}", title="derivcheck") + "\n")


def annotation(spec: SpecResult, check: Check, *, allow_undecided: bool = False, level: str | None = None) -> str:
    """The workflow command for one claim, pointing at its line (and column, when the spec error has one)."""
    # the exact path, or the annotation misses its file; `escape_property` keeps its colons from the runner
    where: dict[str, str] = {"file": controls_visible(spec.file, newlines=False)}
    if check.line is not None:
        where["line"] = str(check.line)
        if check.column is not None:
            where["col"] = str(check.column)
    title = f"derivcheck: {one_line(spec.name)} {one_line(check.label)} {check.verdict.value.upper()}"
    message = "\n".join([headline(check), *details(check, spec.variable)])
    if level is None:
        level = "error" if fails(check.verdict, allow_undecided=allow_undecided) else "warning"
    return command(level, message, **where, title=title)

