"""The corpus of real derivative claims (tests/corpus): derivcheck's counts and time beside naive simplify's.

Run from the repository root:  python benchmarks/bench_corpus.py [--jobs 2] [--naive-timeout 10] [--mutants]
derivcheck runs as the command does (`derivcheck verify tests/corpus --format json --no-cache -j JOBS`).  The
naive check is `simplify(diff(g) - claim) == 0` (with a = g and the parameters' values put in), each claim
in a worker under the same per-claim budget machinery derivcheck uses.  `--mutants` also runs every wrong
version of the claims (tests/corpus_mutants.py) and counts how many are refuted.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from derivcheck.run.plan import Task

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
VERDICTS = ("proved", "refuted", "undecided", "error")


@dataclass(frozen=True)
class NaiveTask:
    path: Path
    task: Task


def naive(task: NaiveTask, send: Any) -> tuple[str, float]:
    """`simplify(diff(g) - claim) == 0`, timed inside the worker (parsing is derivcheck's safe parser)."""
    import sympy

    from derivcheck.engine.build import build
    from derivcheck.run.plan import TaskKind
    from derivcheck.spec.load import load_spec

    spec = load_spec(task.path)
    built = build(spec)
    problem = built.problem
    order = 2 if task.task.kind is TaskKind.SECOND_DERIVATIVE else 1
    text = spec.second_derivative if order == 2 else spec.derivative
    assert text is not None
    truth = problem.with_values(sympy.diff(problem.g, problem.z, order))
    claim = problem.with_values(built.expression(text))
    started = time.perf_counter()
    try:
        proved = sympy.simplify(truth - claim) == 0
    except Exception as error:  # sympy's simplify raises many kinds: the naive check then proves nothing
        return f"failed ({type(error).__name__})", time.perf_counter() - started
    return ("proved" if proved else "not proved"), time.perf_counter() - started


def run_command(folder: Path, jobs: int) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "derivcheck", "verify", str(folder), "--format", "json",
                           "--no-cache", "-j", str(jobs), "--timeout", "60"], capture_output=True, text=True,
                          cwd=ROOT, timeout=3600)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"derivcheck failed: {done.stderr[-2000:]}")
    document: dict[str, Any] = json.loads(done.stdout)
    return document, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--naive-timeout", type=float, default=10.0)
    parser.add_argument("--mutants", action="store_true", help="also run every mutant of the corpus")
    args = parser.parse_args()

    from derivcheck.run.plan import TaskKind, check_kind, plan, task_label
    from derivcheck.run.workers import run_all
    from derivcheck.spec.load import load_spec

    files = sorted(CORPUS.glob("*.yaml"))
    document, wall = run_command(CORPUS, args.jobs)
    specs = Counter(s["verdict"] for s in document["specs"])
    claims = {(s["name"], c["kind"], c["label"]): c for s in document["specs"] for c in s["checks"]
              if c["kind"] in ("derivative", "second_derivative")}
    checks = Counter(c["verdict"] for s in document["specs"] for c in s["checks"])
    engine = sum(c["seconds"] for s in document["specs"] for c in s["checks"])

    tasks = [NaiveTask(p, t) for p in files for t in plan(load_spec(p))
             if t.kind in (TaskKind.DERIVATIVE, TaskKind.SECOND_DERIVATIVE)]
    started = time.perf_counter()
    outcomes = run_all(tasks, naive, timeout=args.naive_timeout, jobs=args.jobs)
    naive_wall = time.perf_counter() - started
    naive_proved = naive_time = ours_on_both = naive_on_both = 0.0
    both = 0
    gave_up = 0
    for task, outcome in zip(tasks, outcomes, strict=True):
        spec = load_spec(task.path)
        ours = claims[(spec.name, check_kind(task.task).value, task_label(spec, task.task))]
        if outcome.finished and outcome.result is not None:
            verdict, seconds = outcome.result
        else:
            verdict, seconds = "gave up", outcome.seconds
            gave_up += 1
        naive_time += seconds
        naive_proved += verdict == "proved"
        if verdict == "proved" and ours["verdict"] == "proved":
            both += 1
            ours_on_both += ours["seconds"]
            naive_on_both += seconds

    print(f"Corpus: {len(files)} specs, {len(claims)} claims (derivatives and second derivatives), "
          f"{sum(checks.values())} checks with the at: values; {platform.python_version()}, "
          f"{args.jobs} jobs")
    print()
    print(f"{'':<28}{'proved':>8}{'not proved':>12}{'time':>12}")
    ours_proved = sum(c["verdict"] == "proved" for c in claims.values())
    print(f"{'derivcheck (claims)':<28}{ours_proved:>8}{len(claims) - ours_proved:>12}{engine:>11.1f}s"
          f"   (in checks; whole command {wall:.1f} s wall)")
    print(f"{'naive simplify (claims)':<28}{int(naive_proved):>8}{len(tasks) - int(naive_proved):>12}"
          f"{naive_time:>11.1f}s   ({gave_up} out of the {args.naive_timeout:g} s budget; "
          f"{naive_wall:.1f} s wall)")
    print()
    print(f"specs:  {', '.join(f'{specs[v]} {v}' for v in VERDICTS)}")
    print(f"checks: {', '.join(f'{checks[v]} {v}' for v in VERDICTS)}")
    if both:
        print(f"on the {both} claims both prove: derivcheck {ours_on_both:.2f} s, naive simplify "
              f"{naive_on_both:.2f} s: {naive_on_both / ours_on_both:.1f}x")
    print(f"all claims: derivcheck proves {ours_proved}, naive simplify {int(naive_proved)} "
          f"({ours_proved / max(1, naive_proved):.2f}x as many), in {engine / max(naive_time, 1e-9):.2f}x "
          "the time")

    if args.mutants:
        sys.path.insert(0, str(ROOT / "tests"))
        from corpus_mutants import all_mutants

        started = time.perf_counter()
        mutants = all_mutants()
        generated = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as folder:
            for mutant in mutants:
                (Path(folder) / f"{mutant.name}.yaml").write_text(mutant.text, encoding="utf-8")
            mutated, mutant_wall = run_command(Path(folder), args.jobs)
        refuted = Counter()
        for spec in mutated["specs"]:
            kind = spec["name"].rsplit("--", 1)[1]
            target = "at" if kind == "kink" else "derivative"
            refuted[kind, any(c["kind"] == target and c["verdict"] == "refuted" for c in spec["checks"])] += 1
        print()
        print(f"mutants: {len(mutants)} (numerically false; generated in {generated:.1f} s), "
              f"run in {mutant_wall:.1f} s wall")
        for kind in sorted({k for k, _ in refuted}):
            print(f"  {kind:<6} {refuted[kind, True]:>4} refuted, {refuted[kind, False]:>3} not")


if __name__ == "__main__":
    main()
