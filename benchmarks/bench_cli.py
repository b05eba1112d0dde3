"""Time the `derivcheck` command on the catalog: cold, warm (cached), `--help`, per claim, and against naive simplify.

Run from the repository root:  python benchmarks/bench_cli.py [--runs 3] [--jobs 2] [--naive-timeout 20]
Every command runs for real in a scratch folder holding a copy of specs/ (so the cache starts empty and the
repository is left alone).  Wall times are medians; CPU is user + system of the command and its workers,
which a busy machine inflates much less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"help": 0.15, "warm": 0.3, "cold": 3.0}


def timed(command: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds, CPU seconds (the command and its children) and the finished process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "NO_COLOR": "1"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def median_of(runs: int, command: list[str], cwd: Path, setup: Any = None) -> tuple[float, float, str]:
    walls, cpus, output = [], [], ""
    for _ in range(runs):
        if setup is not None:
            setup()
        wall, cpu, done = timed(command, cwd)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
        walls.append(wall)
        cpus.append(cpu)
        output = done.stdout
    return statistics.median(walls), statistics.median(cpus), output


def without_seconds(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_seconds(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [without_seconds(v) for v in value]
    return value


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs ({model}); Python {platform.python_version()}; sympy {metadata.version('sympy')}; "
            f"load average {load}")


def naive_ratio(document: dict[str, Any], specs: list[Path], jobs: int, timeout: float) -> list[str]:
    """Per-claim time of derivcheck vs `simplify(truth - claim) == 0`, on the claims both prove."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_verify import NaiveTask, naive  # the naive check, timed inside a worker

    from derivcheck.run.plan import TaskKind, plan, task_label
    from derivcheck.run.workers import run_all
    from derivcheck.spec.load import load_spec

    tasks, labels = [], []
    for path in specs:
        spec = load_spec(path)
        for task in plan(spec):
            if task.kind in (TaskKind.DERIVATIVE, TaskKind.SECOND_DERIVATIVE, TaskKind.IDENTITY):
                tasks.append(NaiveTask(path, task))
                labels.append((spec.name, task_label(spec, task)))
    # Scheduled like derivcheck's own tasks: a spec's claims one after the other in the same worker.
    outcomes = run_all(tasks, naive, timeout=timeout, jobs=jobs, group=lambda task: task.path)
    ours = {(s["name"], c["label"]): c for s in document["specs"] for c in s["checks"]}
    both_ours = both_naive = 0.0
    naive_proved = ours_proved = 0
    for label, outcome in zip(labels, outcomes, strict=True):
        check = ours.get(label)
        proved_here = check is not None and check["verdict"] == "proved"
        ours_proved += proved_here
        if outcome.finished and outcome.result is not None and outcome.result[0] == "proved":
            naive_proved += 1
            if proved_here:
                both_ours += check["seconds"] if check else 0.0
                both_naive += outcome.result[1]
    ratio = both_naive / both_ours if both_ours else float("inf")
    return [f"claims: {len(tasks)}; derivcheck proves {ours_proved}; naive simplify proves {naive_proved} "
            f"(budget {timeout:g} s each)",
            f"on the claims naive simplify proves: derivcheck {both_ours:.2f} s, naive {both_naive:.2f} s "
            f"-> derivcheck is {ratio:.1f}x faster (target >= 3x)"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the cold catalog (the others run more)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--naive-timeout", type=float, default=20.0)
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()

    exe = [sys.executable, "-m", "derivcheck"]
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copytree(ROOT / "specs", work / "specs")
        specs = sorted((work / "specs").glob("*.yaml"))
        verify = [*exe, "verify", "specs", "-j", str(args.jobs), "--format", "json"]

        help_wall, help_cpu, _ = median_of(10, [*exe, "--help"], work)
        cold_wall, cold_cpu, cold_out = median_of(args.runs, [*verify, "--no-cache"], work)
        shutil.rmtree(work / ".derivcheck_cache", ignore_errors=True)
        timed(verify, work)  # fills the cache
        warm_wall, warm_cpu, warm_out = median_of(max(5, args.runs), verify, work)

        cold, warm = json.loads(cold_out), json.loads(warm_out)
        if without_seconds(cold) != without_seconds(warm):
            print("warning: the cached report differs from the fresh one (beyond timings)")
        claims = [c["seconds"] for s in cold["specs"] for c in s["checks"]
                  if c["kind"] in ("derivative", "second_derivative", "identity")]
        rows = [("derivcheck --help", help_wall, help_cpu, TARGETS["help"]),
                (f"cold catalog, -j {args.jobs} --no-cache", cold_wall, cold_cpu, TARGETS["cold"]),
                ("warm catalog (cached)", warm_wall, warm_cpu, TARGETS["warm"])]
        print(f"machine: {machine()}")
        print(f"catalog: {len(specs)} specs, {sum(len(s['checks']) for s in cold['specs'])} checks; "
              f"summary {cold['summary']}")
        print()
        print(f"{'measurement':<34} {'wall (median)':>14} {'cpu':>8} {'target':>8}")
        for name, wall, cpu, target in rows:
            mark = "ok" if wall <= target else "MISSED"
            print(f"{name:<34} {wall:>13.3f}s {cpu:>7.2f}s {target:>7.2f}s  {mark}")
        print()
        print(f"per-claim engine time ({len(claims)} claims): median {statistics.median(claims):.3f} s, "
              f"p90 {percentile(claims, 0.9):.3f} s, max {max(claims):.3f} s")
        if not args.skip_naive:
            for line in naive_ratio(cold, specs, args.jobs, args.naive_timeout):
                print(line)


if __name__ == "__main__":
    main()
