"""Verify specs: load them (no sympy), fan their tasks out to workers, assemble results in order."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from derivcheck.errors import SpecError
from derivcheck.results.checks import (
    Check,
    CheckKind,
    Definition,
    Kink,
    RunResult,
    SpecResult,
    Unfinished,
    Verdict,
    Written,
)
from derivcheck.run.budget import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, deadline_for
from derivcheck.spec.read import read_spec_file
from derivcheck.spec.sources import SpecSource, resolve

if TYPE_CHECKING:  # the planning and the spec model are not needed when every result comes from the cache
    from derivcheck.run.plan import Task
    from derivcheck.run.tasks import TaskResult
    from derivcheck.run.workers import Outcome
    from derivcheck.spec.multi import AnySpec


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
    recheck: bool = False  # re-check every certificate with the independent checker (after the cache)
    certificates: bool = True  # keep certificates of cached results (a report that shows no proof sets False)

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
    """Verify spec files; a broken spec becomes an ERROR result and the others still run.

    Each file is read once: its bytes key the cache, and only a file without a cached result is parsed
    (so a warm run reads no YAML and imports no sympy).
    """
    started = time.perf_counter()
    store = None
    if options.cache_dir is not None:
        from derivcheck.run.cache import ResultCache

        store = ResultCache(options.cache_dir)
    results: dict[int, SpecResult] = {}  # position in `sources` -> result
    unread: list[tuple[int, bytes, str | None]] = []  # not cached: position, bytes, cache key
    for i, source in enumerate(sources):
        try:
            content = read_spec_file(source.path, source.display)  # read once: key and spec agree
        except SpecError as exc:
            results[i] = _load_error(source, exc)
            continue
        key = None
        if store is not None:
            from derivcheck.run.cache import entry_key

            key = entry_key(content, source.display, options)
            hit = store.get(source.display, key, certificates=options.certificates or options.recheck)
            if hit is not None:
                results[i] = replace(hit, cached=True)
                continue
        unread.append((i, content, key))
    specs: dict[int, AnySpec] = {}
    keys: dict[int, str] = {}
    if unread:
        from derivcheck.spec.load import load_spec_text

        for i, content, key in unread:
            try:
                specs[i] = load_spec_text(content, sources[i].display)
            except SpecError as exc:
                results[i] = _load_error(sources[i], exc)
                continue
            if key is not None:
                keys[i] = key
    if specs:
        results.update(zip(specs, _run(list(specs.values()), options, progress), strict=True))
    for i, spec in specs.items():
        if store is not None and i in keys:
            store.put(spec.file, keys[i], results[i])
    ordered = tuple(results[i] for i in range(len(sources)))
    if options.recheck:
        from derivcheck.run.recheck import rechecked

        ordered = tuple(rechecked(result) for result in ordered)
    return RunResult(specs=ordered, options={"timeout": options.timeout, "jobs": options.workers},
                     seconds=time.perf_counter() - started, warnings=name_warnings(ordered))


def name_warnings(results: tuple[SpecResult, ...]) -> tuple[str, ...]:
    """A warning for each spec whose `name:` is not its file's name (`verify NAME` finds it by either)."""
    found = []
    for result in results:
        stem = Path(result.file).stem
        if result.name != stem and result.name_line is not None:
            found.append(f"{result.file}:{result.name_line}: the spec is named {result.name!r} but its file is "
                         f"{Path(result.file).name!r}; `derivcheck verify` finds it by either name, keep them the same")
    return tuple(found)


def _load_error(source: SpecSource, exc: SpecError) -> SpecResult:
    """A spec that does not load, as a result: one ERROR check at the place the loader names."""
    check = Check(kind=CheckKind.SPEC, label="spec", verdict=Verdict.ERROR, method=None, message=str(exc),
                  line=exc.location.line if exc.location else None,
                  column=exc.location.column if exc.location else None)
    return SpecResult(name=source.path.stem, file=source.display, checks=(check,))


def _run(specs: list[AnySpec], options: VerifyOptions, progress: ProgressSink | None = None) -> list[SpecResult]:
    """The results of `specs`, in their order: every task of every spec, spread over the workers."""
    from derivcheck.run.plan import plan
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
    from derivcheck.run.written import function_written, with_written

    def as_written(result: TaskResult) -> TaskResult:
        """The result with its claims as the spec writes them (typeset here, in the worker)."""
        return replace(result, checks=tuple(with_written(c, job.spec, job.task) for c in result.checks),
                       function_written=function_written(job.spec) if result.function is not None else None)

    found = run_task(job.spec, job.task, deadline_for(job.timeout), lambda partial: send(as_written(partial)),
                     precision=job.precision, convention=job.convention)
    return as_written(found)


def _unfinished(job: _Job, partial: TaskResult, outcome: Outcome[TaskResult], options: VerifyOptions) -> TaskResult:
    """A task that did not finish: UNDECIDED (budget) or ERROR (crash), keeping any partial evidence."""
    from derivcheck.run.plan import TaskKind, check_kind, link_step, task_label, task_line
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
        from derivcheck.run.written import with_written  # its text only: the parent typesets nothing

        check = Check(kind=check_kind(task), label=task_label(spec, task), verdict=verdict,
                      method=unfinished.value, message=message, seconds=seconds, line=line, step=link_step(task),
                      unfinished=unfinished)
        checks = (with_written(check, spec, task, typeset_it=False),)
    return replace(partial, checks=checks)


def _assemble(spec: AnySpec, parts: list[tuple[_Job, TaskResult]]) -> SpecResult:
    from derivcheck.run.plan import TaskKind
    from derivcheck.spec.multi import MultiSpec
    from derivcheck.spec.network import NetworkSpec

    checks: list[Check] = []
    seen_errors: set[str] = set()
    function = None
    written: Written | None = None
    definitions: tuple[Definition, ...] = ()
    kinks: tuple[Kink, ...] = ()
    for job, result in parts:
        function = function or result.function
        written = written or result.function_written
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
    shapes: tuple[str, ...] = ()
    if isinstance(spec, NetworkSpec):
        variables = tuple(m.name for m in spec.parameters)  # J(W1, b1, W2, b2): what the cost is differentiated by
        shapes = tuple(s.name for s in spec.shapes)
    return SpecResult(name=spec.name, file=spec.file, description=spec.description, function=function,
                      checks=tuple(checks), kinks=kinks, variable=spec.variable, output=spec.output or "f",
                      function_written=written or Written(spec.function.text, spec.function.location.line),
                      name_line=spec.lines.get("name"), variables=variables, definitions=definitions,
                      shapes=shapes)
