"""Verify specs: load them (no sympy), fan their tasks out to workers, assemble results in order."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from derivcheck.errors import SpecError
from derivcheck.results import Check, Kink, RunResult, SpecResult, Verdict
from derivcheck.run.budget import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, deadline_for
from derivcheck.spec.load import load_spec_text, read_spec_file
from derivcheck.spec.model import Spec
from derivcheck.spec.sources import SpecSource, resolve

if TYPE_CHECKING:
    from derivcheck.run.tasks import TaskResult
    from derivcheck.run.workers import Outcome


class ProgressSink(Protocol):
    """What a run reports while it goes: the number of tasks once, then one call per finished task."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...


@dataclass(frozen=True)
class VerifyOptions:
    """How a run is done (not what it checks)."""

    timeout: float = DEFAULT_TIMEOUT  # seconds per claim
    jobs: int = 0  # worker processes at once; 0 = number of cores
    memory_mb: int = DEFAULT_MEMORY_MB  # extra memory a task may take
    cache_dir: Path | None = None  # where results are cached (see cache.py); None: no cache
    precision: bool = False  # add the float32/float64 precision report to each derivative claim
    convention: str | None = None  # pytorch | jax | tensorflow: hold `at:` values to that framework's gradients

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


@dataclass(frozen=True)
class _Task:
    spec: Spec
    key: str
    timeout: float
    precision: bool = False
    convention: str | None = None


def verify_targets(targets: list[str], options: VerifyOptions, cwd: Path | None = None,
                   progress: ProgressSink | None = None) -> RunResult:
    """Resolve NAME|FILE|DIR targets, then verify them (raises UsageError for unknown targets)."""
    return verify_sources(resolve(targets, cwd), options, progress)


def verify_sources(sources: list[SpecSource], options: VerifyOptions,
                   progress: ProgressSink | None = None) -> RunResult:
    """Verify spec files; a broken spec becomes an ERROR result and the others still run."""
    from derivcheck.run.cache import ResultCache, entry_key

    store = ResultCache(options.cache_dir) if options.cache_dir is not None else None
    loaded: list[Spec | SpecResult] = []
    keys: dict[int, str] = {}  # id(spec) -> cache key, for specs read as bytes once (key and spec agree)
    for source in sources:
        try:
            content = read_spec_file(source.path, source.display)  # read once: key and spec agree
            loaded.append(load_spec_text(content, source.display))
            if store:
                keys[id(loaded[-1])] = entry_key(content, source.display, options)
        except SpecError as exc:
            check = Check(kind="spec", label="spec", verdict=Verdict.ERROR, method=None, message=str(exc),
                          line=exc.location.line if exc.location else None)
            loaded.append(SpecResult(name=source.path.stem, file=source.display, checks=(check,)))
    specs = [s for s in loaded if isinstance(s, Spec)]
    results = {id(s): hit for s in specs if store and id(s) in keys and (hit := store.get(s.file, keys[id(s)]))}
    fresh = [s for s in specs if id(s) not in results]
    results.update(_run(fresh, options, progress) if fresh else {})
    for spec in fresh:
        if store and id(spec) in keys:
            store.put(spec.file, keys[id(spec)], results[id(spec)])
    ordered = tuple(item if isinstance(item, SpecResult) else results[id(item)] for item in loaded)
    return RunResult(specs=ordered, options={"timeout": options.timeout, "jobs": options.workers})


def _run(specs: list[Spec], options: VerifyOptions, progress: ProgressSink | None = None) -> dict[int, SpecResult]:
    from derivcheck.run.preload import ready_to_fork
    from derivcheck.run.tasks import plan
    from derivcheck.run.workers import run_all

    tasks = [_Task(spec, key, options.timeout, options.precision, options.convention)
             for spec in specs for key in plan(spec)]
    if progress is not None:
        progress.start(len(tasks))
    with ready_to_fork():  # workers inherit the imports and do not copy the parent's heap
        outcomes = run_all(tasks, _work, timeout=options.timeout, jobs=options.workers, memory_mb=options.memory_mb,
                           on_done=None if progress is None else lambda _: progress.advance(),
                           group=lambda task: id(task.spec))  # a spec's claims share its parsed problem
    by_spec: dict[int, list[tuple[_Task, TaskResult]]] = {}
    for task, outcome in zip(tasks, outcomes, strict=True):
        by_spec.setdefault(id(task.spec), []).append((task, _result(task, outcome, options)))
    return {id(spec): _assemble(spec, by_spec.get(id(spec), [])) for spec in specs}


def verify_task(spec: Spec, key: str, options: VerifyOptions) -> SpecResult:
    """Run one task of a loaded spec (a key of `plan(spec)`) in a worker under the budget, for test runners."""
    from derivcheck.run.preload import ready_to_fork
    from derivcheck.run.workers import run_all

    task = _Task(spec, key, options.timeout, options.precision, options.convention)
    with ready_to_fork():  # as in verify_sources: the worker inherits the imports, not a copy of the heap
        (outcome,) = run_all([task], _work, timeout=options.timeout, jobs=1, memory_mb=options.memory_mb)
    return _assemble(spec, [(task, _result(task, outcome, options))])


def _result(task: _Task, outcome: Outcome[TaskResult], options: VerifyOptions) -> TaskResult:
    """What a task found: its result, or for an unfinished task the verdict its budget or crash gives."""
    from derivcheck.run.tasks import TaskResult

    result = outcome.result if isinstance(outcome.result, TaskResult) else TaskResult()
    return result if outcome.finished else _unfinished(task, result, outcome, options)


def _work(task: _Task, send: Any) -> TaskResult:
    from derivcheck.run.tasks import run_task

    deadline = deadline_for(task.timeout)
    return run_task(task.spec, task.key, deadline, send, precision=task.precision, convention=task.convention)


def _unfinished(task: _Task, partial: TaskResult, outcome: Outcome[TaskResult], options: VerifyOptions) -> TaskResult:
    """A task that did not finish: UNDECIDED (budget) or ERROR (crash), keeping any partial evidence."""
    from derivcheck.engine.explain.derivation import link_number
    from derivcheck.run.tasks import kind_label
    from derivcheck.run.workers import Ending

    kind, label = kind_label(task.spec, task.key)
    seconds = outcome.seconds
    if outcome.ending is Ending.TIMEOUT:
        verdict, method, message = Verdict.UNDECIDED, "time budget", (
            f"no proof or counterexample within the time budget of {options.timeout:g} s")
    elif outcome.ending is Ending.MEMORY:
        verdict, method, message = Verdict.UNDECIDED, "memory budget", (
            f"no proof or counterexample within the memory limit of {options.memory_mb} MiB")
    else:
        first = outcome.reason.splitlines()[0] if outcome.reason else "the worker ended without a result"
        verdict, method, message = Verdict.ERROR, "internal error", f"internal error in derivcheck: {first}"
    if partial.checks:
        checks = tuple(replace(c, verdict=verdict, method=method, seconds=seconds,
                               message=f"{message}; {c.message}") for c in partial.checks)
    else:
        checks = (Check(kind=kind, label=label, verdict=verdict, method=method, message=message,
                        seconds=seconds, line=task.spec.lines.get(task.key), step=link_number(task.key)),)
    return replace(partial, checks=checks)


def _assemble(spec: Spec, parts: list[tuple[_Task, TaskResult]]) -> SpecResult:
    checks: list[Check] = []
    seen_errors: set[str] = set()
    function = None
    kinks: tuple[Kink, ...] = ()
    for task, result in parts:
        function = function or result.function
        if task.key == "kinks":
            kinks = result.kinks
        for check in result.checks:
            if check.verdict is Verdict.ERROR and check.method != "internal error":
                if check.message in seen_errors:
                    continue
                seen_errors.add(check.message)
            checks.append(check)
    return SpecResult(name=spec.name, file=spec.file, description=spec.description, function=function,
                      checks=tuple(checks), kinks=kinks, variable=spec.variable, output=spec.output)
