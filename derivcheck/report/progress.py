"""The progress bar of a run: checks done of all, time taken and time left, on an interactive stderr only."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any, TextIO

#: Fewer tasks than this finish before a bar would be worth drawing.
MIN_TASKS = 9


class TerminalProgress:
    """A transient rich progress bar on `stream` (default stderr), drawn only when it is an interactive terminal.

    It is the `derivcheck.run.verify.ProgressSink` the commands hand to a run.

    CI logs, pipes and files get nothing (no carriage returns, no escape codes), and so does `TERM=dumb`.
    Use as a context manager so the bar is gone before the report is written.
    """

    def __init__(self, stream: TextIO | None = None, *, min_tasks: int = MIN_TASKS) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._min_tasks = min_tasks
        self._bar: Any = None
        self._task: Any = None

    @property
    def enabled(self) -> bool:
        """Whether a bar may be drawn at all on this stream."""
        isatty = getattr(self._stream, "isatty", None)
        return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb" and "CI" not in os.environ

    def start(self, total: int) -> None:
        if total < self._min_tasks or not self.enabled or self._bar is not None:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(file=self._stream, stderr=self._stream is sys.stderr)
        # Each task checks a claim (or the kinks of a spec): the bar counts them, with the time they took so far
        # and an estimate of the time left.
        self._bar = Progress(TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TextColumn("checks"),
                             TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                             console=console, transient=True)
        self._task = self._bar.add_task("verifying", total=total)
        self._bar.start()

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
