"""Output formats: one reporter per format, looked up by name in a registry (reporters only read results).

Reporters are imported when used, so `derivcheck --help` and a warm run stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from derivcheck.results.checks import RunResult
    from derivcheck.results.explanation import Explanation, SpecView

__all__ = ["EXPLANATION_REPORTER_BY_NAME", "REPORTER_BY_NAME", "SHOWS_CERTIFICATES", "ExplanationReporter", "Reporter",
           "explanation_reporter", "reporter"]


class Reporter(Protocol):
    """Writes a whole run to a stream.

    Every reporter class takes the keyword arguments the registry passes: `color` (force colour on or off),
    `width` (columns; None: the terminal's), `allow_undecided` (an UNDECIDED claim passes: the CI formats
    show it as skipped or a warning) and `verbosity` (-1 quiet, 0 normal, 1 verbose); a format ignores what
    it has no use for.
    """

    def __init__(self, *, color: bool | None = None, width: int | None = None, allow_undecided: bool = False,
                 verbosity: int = 0) -> None: ...

    def render(self, run: RunResult, stream: TextIO) -> None: ...


class ExplanationReporter(Protocol):
    """Writes what `derive` and `show` found; takes `color` and `width` as a Reporter does."""

    def __init__(self, *, color: bool | None = None, width: int | None = None) -> None: ...

    def explanation(self, explained: Explanation, stream: TextIO) -> None: ...

    def spec(self, view: SpecView, steps: Explanation | None, stream: TextIO) -> None: ...


#: format name -> "module:class" of a run's reporter.
REPORTER_BY_NAME: dict[str, str] = {
    "rich": "derivcheck.report.terminal:TerminalReporter",
    "json": "derivcheck.report.json_report:JsonReporter",
    "latex": "derivcheck.report.latex:LatexReporter",
    "markdown": "derivcheck.report.markdown:MarkdownReporter",
    "junit": "derivcheck.report.junit:JunitReporter",
    "github": "derivcheck.report.github:GithubReporter",
}

#: The formats that print certificates (the others read cached results without decoding them).
SHOWS_CERTIFICATES = frozenset({"json", "latex", "markdown"})

#: format name -> "module:class" of the reporter of `derive` and `show`.
EXPLANATION_REPORTER_BY_NAME: dict[str, str] = {
    "rich": "derivcheck.report.explain_terminal:ExplanationTerminal",
    "json": "derivcheck.report.explain_json:ExplanationJson",
}


def reporter(name: str, *, color: bool | None = None, width: int | None = None, allow_undecided: bool = False,
             verbosity: int = 0) -> Reporter:
    """The reporter for format `name` (a key of REPORTER_BY_NAME)."""
    instance: Reporter = _load(REPORTER_BY_NAME[name])(color=color, width=width, allow_undecided=allow_undecided,
                                                       verbosity=verbosity)
    return instance


def explanation_reporter(name: str, *, color: bool | None = None, width: int | None = None) -> ExplanationReporter:
    """The reporter of `derive` and `show` for format `name` (a key of EXPLANATION_REPORTER_BY_NAME)."""
    instance: ExplanationReporter = _load(EXPLANATION_REPORTER_BY_NAME[name])(color=color, width=width)
    return instance


def _load(where: str) -> type:
    module_name, class_name = where.split(":")
    found: type = getattr(importlib.import_module(module_name), class_name)
    return found
