"""Time `derivcheck verify` against the naive `simplify(diff(f) - claim) == 0` on the same claims.

Run from the repository root:  python benchmarks/bench_verify.py [--naive-timeout 60] [SPEC ...]
Prints one row per claim (derivative, second derivative, identities) and the totals with their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from derivcheck.run.plan import Task

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPECS = [*sorted((ROOT / "specs").glob("*.yaml")), ROOT / "tests" / "examples" / "good" / "mish.yaml"]


@dataclass(frozen=True)
class NaiveTask:
    path: Path
    task: Task


def naive(task: NaiveTask, send: Any) -> tuple[str, float]:
    """The naive check: `simplify(diff(f) - claim) == 0` (with a -> g), timed inside the worker."""
    import sympy

    from derivcheck.engine.build import build
    from derivcheck.run.plan import TaskKind
    from derivcheck.spec.load import load_spec

    spec = load_spec(task.path)
    built = build(spec)
    problem = built.problem
    if task.task.kind is TaskKind.IDENTITY:
        assert task.task.index is not None
        identity = spec.identities[task.task.index]
        truth, claim = built.expression(identity.lhs), built.expression(identity.rhs)
    else:
        order = 2 if task.task.kind is TaskKind.SECOND_DERIVATIVE else 1
        text = spec.second_derivative if order == 2 else spec.derivative
        assert text is not None
        truth, claim = sympy.diff(problem.g, problem.z, order), built.expression(text)
    claim = problem.with_values(claim)
    truth = problem.with_values(truth)
    started = time.perf_counter()
    proved = sympy.simplify(truth - claim) == 0
    return ("proved" if proved else "not proved"), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", type=Path, default=DEFAULT_SPECS)
    parser.add_argument("--naive-timeout", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the whole derivcheck verification")
    args = parser.parse_args()

    from derivcheck.run.plan import TaskKind, check_kind, plan, task_label
    from derivcheck.run.verify import VerifyOptions, verify_sources
    from derivcheck.run.workers import run_all
    from derivcheck.spec.load import load_spec
    from derivcheck.spec.sources import SpecSource

    sources = [SpecSource(p, p.stem) for p in args.specs]
    walls = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        run = verify_sources(sources, VerifyOptions(jobs=1))
        walls.append(time.perf_counter() - started)
    checks = {(s.file, c.kind, c.label): c for s in run.specs for c in s.checks}

    tasks = [NaiveTask(p, task) for p in args.specs for task in plan(load_spec(p)) if task.kind is not TaskKind.KINKS]
    outcomes = run_all(tasks, naive, timeout=args.naive_timeout, jobs=1)

    print(f"{'spec':<16} {'claim':<20} {'derivcheck':<10} {'time':>8}   {'naive simplify':<16} {'time':>8}  ratio")
    ours_total = naive_total = 0.0
    both = 0
    for task, outcome in zip(tasks, outcomes, strict=True):
        spec = load_spec(task.path)
        label = task_label(spec, task.task)
        check = checks[(task.path.stem, check_kind(task.task), label)]
        if outcome.finished and outcome.result is not None:
            verdict, seconds = outcome.result
        else:
            verdict, seconds = f"gave up ({outcome.reason})", outcome.seconds
        ratio = seconds / check.seconds if check.seconds > 0 else float("inf")
        print(f"{spec.name:<16} {label:<20} {check.verdict.value:<10} {check.seconds:>7.3f}s   {verdict:<16} "
              f"{seconds:>7.3f}s  {ratio:6.1f}x")
        ours_total += check.seconds
        naive_total += seconds
        both += verdict == "proved" and check.verdict.value == "proved"
    print()
    print(f"claims: {len(tasks)}; proved by derivcheck: "
          f"{sum(c.verdict.value == 'proved' for c in checks.values())} of {len(checks)} checks; "
          f"proved by naive simplify: {sum(1 for o in outcomes if o.result and o.result[0] == 'proved')} "
          f"of {len(tasks)}")
    print(f"claim time, derivcheck engine: {ours_total:.2f} s; naive simplify: {naive_total:.2f} s "
          f"(ratio {naive_total / ours_total:.1f}x)")
    print(f"derivcheck verify, whole run incl. kinks, spot checks and workers, 1 job: median "
          f"{statistics.median(walls):.2f} s over {len(walls)} runs")
    helps = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "derivcheck", "--help"], capture_output=True, check=True)
        helps.append(time.perf_counter() - started)
    print(f"derivcheck --help: median {statistics.median(helps):.3f} s")


if __name__ == "__main__":
    main()
