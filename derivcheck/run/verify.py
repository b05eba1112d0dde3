"""Verify specs: load them (no sympy), fan their tasks out to workers, assemble results in order."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from derivcheck.errors import SpecError
from derivcheck.results.checks import Check, CheckKind, Definition, Kink, RunResult, SpecResult, Unfinished, Verdict
from derivcheck.run.budget import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, deadline_for
from derivcheck.run.plan import Task, TaskKind, check_kind, link_step, plan, task_label, task_line
from derivcheck.spec.load import load_spec_text, read_spec_file
from derivcheck.spec.model import Spec
from derivcheck.spec.multi import AnySpec, MultiSpec
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
class _Job:
    """One task of one spec as a worker receives it: the spec's position in the run, the spec, the task."""

    spec_index: int
    spec: AnySpec
    task: Task
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
    loaded: list[AnySpec | SpecResult] = []
    keys: dict[int, str] = {}  # position in `loaded` -> cache key, for specs read as bytes once (key and spec agree)
    for source in sources:
        try:
            content = read_spec_file(source.path, source.display)  # read once: key and spec agree
            loaded.append(load_spec_text(content, source.display))
            if store:
                keys[len(loaded) - 1] = entry_key(content, source.display, options)
        except SpecError as exc:
            check = Check(kind=CheckKind.SPEC, label="spec", verdict=Verdict.ERROR, method=None, message=str(exc),
                          line=exc.location.line if exc.location else None,
                          column=exc.location.column if exc.location else None)
            loaded.append(SpecResult(name=source.path.stem, file=source.display, checks=(check,)))
    specs = {i: item for i, item in enumerate(loaded) if isinstance(item, Spec | MultiSpec)}
    results: dict[int, SpecResult] = {}  # position in `loaded` -> result
    for i, spec in specs.items():
        hit = store.get(spec.file, keys[i]) if store and i in keys else None
        if hit is not None:
            results[i] = hit
    fresh = [i for i in specs if i not in results]
    if fresh:
        results.update(zip(fresh, _run([specs[i] for i in fresh], options, progress), strict=True))
    for i in fresh:
        if store and i in keys:
            store.put(specs[i].file, keys[i], results[i])
    ordered = tuple(item if isinstance(item, SpecResult) else results[i] for i, item in enumerate(loaded))
    return RunResult(specs=ordered, options={"timeout": options.timeout, "jobs": options.workers})


def _run(specs: list[AnySpec], options: VerifyOptions, progress: ProgressSink | None = None) -> list[SpecResult]:
    """The results of `specs`, in their order: every task of every spec, spread over the workers."""
    from derivcheck.run.preload import ready_to_fork
    from derivcheck.run.workers import run_all

    jobs = [_Job(i, spec, task, options.timeout, options.precision, options.convention)
            for i, spec in enumerate(specs) for task in plan(spec)]
    if progress is not None:
        progress.start(len(jobs))
    with ready_to_fork():  # workers inherit the imports and do not copy the parent's heap
        outcomes = run_all(jobs, _work, timeout=options.timeout, jobs=options.workers, memory_mb=options.memory_mb,
                           on_done=None if progress is None else lambda _: progress.advance(),
                           group=lambda job: job.spec_index)  # a spec's claims share its parsed problem
    by_spec: list[list[tuple[_Job, TaskResult]]] = [[] for _ in specs]
    for job, outcome in zip(jobs, outcomes, strict=True):
        by_spec[job.spec_index].append((job, _result(job, outcome, options)))
    return [_assemble(spec, parts) for spec, parts in zip(specs, by_spec, strict=True)]


def verify_task(spec: AnySpec, task: Task, options: VerifyOptions) -> SpecResult:
    """Run one task of a loaded spec (one of `plan(spec)`) in a worker under the budget, for test runners."""
    from derivcheck.run.preload import ready_to_fork
    from derivcheck.run.workers import run_all

    job = _Job(0, spec, task, options.timeout, options.precision, options.convention)
    with ready_to_fork():  # as in verify_sources: the worker inherits the imports, not a copy of the heap
        (outcome,) = run_all([job], _work, timeout=options.timeout, jobs=1, memory_mb=options.memory_mb)
    return _assemble(spec, [(job, _result(job, outcome, options))])


def _result(job: _Job, outcome: Outcome[TaskResult], options: VerifyOptions) -> TaskResult:
    """What a task found: its result, or for an unfinished task the verdict its budget or crash gives."""
    from derivcheck.run.tasks import TaskResult

    result = outcome.result if isinstance(outcome.result, TaskResult) else TaskResult()
    return result if outcome.finished else _unfinished(job, result, outcome, options)


def _work(job: _Job, send: Any) -> TaskResult:
    from derivcheck.run.tasks import run_task

    return run_task(job.spec, job.task, deadline_for(job.timeout), send, precision=job.precision,
                    convention=job.convention)


def _unfinished(job: _Job, partial: TaskResult, outcome: Outcome[TaskResult], options: VerifyOptions) -> TaskResult:
    """A task that did not finish: UNDECIDED (budget) or ERROR (crash), keeping any partial evidence."""
    from derivcheck.run.workers import Ending

    if outcome.ending is Ending.TIMEOUT:
        unfinished, verdict = Unfinished.TIME, Verdict.UNDECIDED
        message = f"no proof or counterexample within the time budget of {options.timeout:g} s"
    elif outcome.ending is Ending.MEMORY:
        unfinished, verdict = Unfinished.MEMORY, Verdict.UNDECIDED
        message = f"no proof or counterexample within the memory limit of {options.memory_mb} MiB"
    else:
        first = outcome.reason.splitlines()[0] if outcome.reason else "the worker ended without a result"
        unfinished, verdict, message = Unfinished.CRASH, Verdict.ERROR, f"internal error in derivcheck: {first}"
    seconds = outcome.seconds
    if partial.checks:
        checks = tuple(replace(c, verdict=verdict, method=unfinished.value, unfinished=unfinished, seconds=seconds,
                               message=f"{message}; {c.message}") for c in partial.checks)
    else:
        spec, task = job.spec, job.task
        # Without a partial result only a derivative claim is placed on its line (identities, links and the kink
        # analysis are not).
        line = task_line(spec, task) if task.kind in (TaskKind.DERIVATIVE, TaskKind.SECOND_DERIVATIVE) else None
        checks = (Check(kind=check_kind(task, spec), label=task_label(spec, task), verdict=verdict,
                        method=unfinished.value, message=message, seconds=seconds, line=line, step=link_step(task),
                        unfinished=unfinished),)
    return replace(partial, checks=checks)


def _assemble(spec: AnySpec, parts: list[tuple[_Job, TaskResult]]) -> SpecResult:
    checks: list[Check] = []
    seen_errors: set[str] = set()
    function = None
    definitions: tuple[Definition, ...] = ()
    kinks: tuple[Kink, ...] = ()
    for job, result in parts:
        function = function or result.function
        definitions = definitions or result.definitions
        if job.task.kind is TaskKind.KINKS:
            kinks = result.kinks
        for check in result.checks:
            if check.verdict is Verdict.ERROR and check.unfinished is None:  # one copy of each spec error
                if check.message in seen_errors:
                    continue
                seen_errors.add(check.message)
            checks.append(check)
    variables = tuple(v.name for v in spec.variables) if isinstance(spec, MultiSpec) else ()
    return SpecResult(name=spec.name, file=spec.file, description=spec.description, function=function,
                      checks=tuple(checks), kinks=kinks, variable=spec.variable, output=spec.output or "f",
                      variables=variables, definitions=definitions)
