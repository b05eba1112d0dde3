"""Output formats: one reporter per format, looked up by name (reporters only read results)."""

from __future__ import annotations

import importlib
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
}


def reporter(name: str, *, color: bool | None = None, width: int | None = None) -> Reporter:
    """The reporter for format `name` (a key of REPORTER_BY_NAME)."""
    module_name, class_name = REPORTER_BY_NAME[name].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    instance: Reporter = cls(color=color, width=width)
    return instance
