"""Output formats: one reporter per format, looked up by name (reporters only read results)."""

from __future__ import annotations

import importlib
import inspect
from typing import Protocol, TextIO

from derivcheck.results import RunResult


class Reporter(Protocol):
    """Writes a whole run to a stream."""

    def __init__(self, *, color: bool | None = None, width: int | None = None) -> None: ...

    def render(self, run: RunResult, stream: TextIO) -> None: ...


#: format name -> "module:class", imported only when used (so `--help` stays fast).
REPORTER_BY_NAME: dict[str, str] = {
    "rich": "derivcheck.report.terminal:TerminalReporter",
    "json": "derivcheck.report.json_report:JsonReporter",
    "latex": "derivcheck.report.latex:LatexReporter",
    "markdown": "derivcheck.report.markdown:MarkdownReporter",
    "junit": "derivcheck.report.junit:JunitReporter",
    "github": "derivcheck.report.github:GithubReporter",
}


def reporter(name: str, *, color: bool | None = None, width: int | None = None,
             allow_undecided: bool = False) -> Reporter:
    """The reporter for format `name` (a key of REPORTER_BY_NAME).

    `allow_undecided` goes to the reporters whose constructor takes it: the CI formats, where an undecided
    claim is a failure (an error annotation) by default and a skipped test (a warning) under --allow-undecided.
    """
    module_name, class_name = REPORTER_BY_NAME[name].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    takes = "allow_undecided" in inspect.signature(cls).parameters
    extra = {"allow_undecided": allow_undecided} if takes else {}
    instance: Reporter = cls(color=color, width=width, **extra)
    return instance
