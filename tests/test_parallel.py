"""Parallel runs: the report does not depend on the number of workers; progress hears of every task."""

from __future__ import annotations

import io
import json
import time
from typing import Any

from conftest import EXAMPLES, SPECS
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.report.progress import TerminalProgress
from derivcheck.run.workers import run_all

# Proved, refuted (with counterexamples), a kink, and a spec the loader rejects: every kind of row.
TARGETS = [str(SPECS / "relu.yaml"), str(SPECS / "sigmoid.yaml"), str(EXAMPLES / "bad" / "sigmoid_a_plus.yaml"),
           str(EXAMPLES / "bad" / "leaky_relu_wrong_slope.yaml"),
           str(EXAMPLES / "bad" / "loader" / "missing_name.yaml")]


def _without_seconds(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_seconds(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_without_seconds(v) for v in value]
    return value


def _report(jobs: int) -> dict[str, Any]:
    done = CliRunner().invoke(app, ["verify", *TARGETS, "--format", "json", "--no-cache", "-j", str(jobs)])
    assert done.exit_code == 1, done.output  # the refuted specs fail the run
    document: dict[str, Any] = json.loads(done.output)
    return document


def test_two_jobs_give_the_same_report_as_one() -> None:
    one, two = _report(1), _report(2)
    assert _without_seconds(two) == _without_seconds(one)
    assert [s["file"].rsplit("/", 1)[-1] for s in one["specs"]] == [t.rsplit("/", 1)[-1] for t in TARGETS]
    assert one["summary"]["refuted"] >= 2 and one["summary"]["error"] == 1


def _nap(task: float, send: Any) -> float:
    time.sleep(task)
    return task


def test_outcomes_keep_task_order_and_every_end_is_reported() -> None:
    ended: list[int] = []
    outcomes = run_all([0.6, 0.0, 0.3, 0.0], _nap, timeout=30, jobs=4, on_done=ended.append)
    assert [o.result for o in outcomes] == [0.6, 0.0, 0.3, 0.0]
    assert sorted(ended) == [0, 1, 2, 3]
    assert ended[-1] == 0  # the slowest ended last, and was still reported first in the outcomes


def test_no_progress_bar_off_a_terminal() -> None:
    stream = io.StringIO()
    with TerminalProgress(stream, min_tasks=1) as progress:
        progress.start(50)
        for _ in range(50):
            progress.advance()
    assert stream.getvalue() == ""


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_transient_bar_only_for_many_tasks(monkeypatch: Any) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    few = _Tty()
    with TerminalProgress(few) as progress:
        progress.start(3)
        progress.advance()
    assert few.getvalue() == ""
    many = _Tty()
    with TerminalProgress(many) as progress:
        progress.start(20)
        for _ in range(20):
            progress.advance()
    assert "20/20" in many.getvalue()
    monkeypatch.setenv("CI", "true")  # CI logs are no place for a bar, even on a pseudo-terminal
    ci = _Tty()
    with TerminalProgress(ci) as progress:
        progress.start(20)
    assert ci.getvalue() == ""


def test_the_command_writes_nothing_but_the_report_when_not_on_a_terminal() -> None:
    targets = [str(SPECS / f"{name}.yaml") for name in ("relu", "sigmoid", "leaky_relu")]  # 10 tasks: a bar on a tty
    done = CliRunner().invoke(app, ["verify", *targets, "--format", "json", "--no-cache", "-j", "2"])
    assert done.exit_code == 0, done.output
    json.loads(done.output)  # stdout and stderr together are exactly the JSON document
    assert "\r" not in done.output and "\x1b" not in done.output
