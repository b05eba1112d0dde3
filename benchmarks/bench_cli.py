"""Time the `derivcheck` command as users run it: `--help` and the cached catalog in the default format, against
the floor `python -c "import typer"`; the cold catalog; per claim; and against naive simplify.

Run from the repository root:  python benchmarks/bench_cli.py [--rounds 15] [--runs 3] [--jobs 2] [--skip-naive]
Every command runs for real, its output to a pipe, in a scratch folder holding a copy of specs/ (so the cache
starts empty and the repository is left alone) with a scratch state folder for the cache's per-user secret.
The floor, `--help` and the warm runs are timed in turn, round after round, so that they meet the same load;
the table shows medians, each one's difference from the floor and its ratio to it.
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
#: Budgets over the floor (`python -c "import typer"`, timed in the same rounds), and the cold run's target.
OVER_FLOOR = {"help": 0.05, "warm": 0.15}
COLD_TARGET = 3.0


def environment(state: Path) -> dict[str, str]:
    """The benchmark's environment: this user's, with a scratch state folder for the cache's signing secret
    (a cached verdict is trusted only under it, see SECURITY.md) and no forced width or colour."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR", "DERIVCHECK_NO_CACHE")}
    return {**env, "XDG_STATE_HOME": str(state), "NO_COLOR": "1"}


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds, CPU seconds (the command and its children) and the finished process; output to a pipe."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return wall, cpu, done


def rounds(commands: dict[str, list[str]], count: int, cwd: Path, env: dict[str, str]) -> dict[str, list[float]]:
    """Wall times of each command, run in turn `count` times, so that all of them meet the same load."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(count):
        for name, command in commands.items():
            walls[name].append(timed(command, cwd, env)[0])
    return walls


def without_seconds(value: Any) -> Any:
    """The JSON report without what may differ between a fresh and a cached run: timings, and `cached`."""
    if isinstance(value, dict):
        return {k: without_seconds(v) for k, v in value.items() if k not in ("seconds", "cached")}
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
    parser.add_argument("--runs", type=int, default=3, help="runs of the cold catalog")
    parser.add_argument("--rounds", type=int, default=15, help="rounds of the floor, --help and the warm run")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--naive-timeout", type=float, default=20.0)
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()

    exe = [sys.executable, "-m", "derivcheck"]
    with tempfile.TemporaryDirectory() as scratch:
        work, state = Path(scratch) / "project", Path(scratch) / "state"
        work.mkdir()
        shutil.copytree(ROOT / "specs", work / "specs")
        env = environment(state)
        specs = sorted((work / "specs").glob("*.yaml"))
        verify = [*exe, "verify", "specs", "-j", str(args.jobs)]

        colds = [timed([*verify, "--no-cache"], work, env) for _ in range(args.runs)]
        cold_wall, cold_cpu = statistics.median(c[0] for c in colds), statistics.median(c[1] for c in colds)
        _, _, fresh = timed([*verify, "--no-cache", "--format", "json"], work, env)
        shutil.rmtree(work / ".derivcheck_cache", ignore_errors=True)
        timed(verify, work, env)  # fills the cache
        _, _, warm_json = timed([*verify, "--format", "json"], work, env)
        _, _, warm_default = timed(verify, work, env)
        if "cached" not in warm_default.stdout or "41 cached" not in warm_default.stdout.splitlines()[-1]:
            print("warning: the warm run did not read every spec from the cache")
        cold, warm = json.loads(fresh.stdout), json.loads(warm_json.stdout)
        if without_seconds(cold) != without_seconds(warm):
            print("warning: the cached report differs from the fresh one (beyond timings)")

        walls = rounds({"floor": [sys.executable, "-c", "import typer"], "help": [*exe, "--help"],
                        "warm": verify, "warm json": [*verify, "--format", "json"]}, args.rounds, work, env)
        floor = statistics.median(walls["floor"])
        print(f"machine: {machine()}")
        print(f"catalog: {len(specs)} specs, {sum(len(s['checks']) for s in cold['specs'])} checks; "
              f"summary {cold['summary']}; output to a pipe; medians of {args.rounds} rounds (cold: {args.runs})")
        print()
        print(f"{'measurement':<44} {'wall':>8} {'- floor':>8} {'/ floor':>8} {'budget':>8}")
        floor_label = 'python -c "import typer" (the floor)'
        print(f"{floor_label:<44} {floor:>7.3f}s")
        for name, label in (("help", "derivcheck --help"), ("warm", "warm catalog, default format (cached)"),
                            ("warm json", "warm catalog, --format json (cached)")):
            wall = statistics.median(walls[name])
            budget = OVER_FLOOR.get(name)
            verdict = "" if budget is None else f"+{budget:.2f}s  " + ("ok" if wall - floor <= budget else "MISSED")
            print(f"{label:<44} {wall:>7.3f}s {wall - floor:>+7.3f}s {wall / floor:>7.2f}x {verdict:>12}")
        cold_label = f"cold catalog, default format, -j {args.jobs} --no-cache"
        print(f"{cold_label:<44} {cold_wall:>7.3f}s {'':>8} {'':>8} {COLD_TARGET:>7.2f}s  "
              f"{'ok' if cold_wall <= COLD_TARGET else 'MISSED'} (cpu {cold_cpu:.2f} s)")
        print()
        claims = [c["seconds"] for s in cold["specs"] for c in s["checks"]
                  if c["kind"] in ("derivative", "second_derivative", "identity")]
        print(f"per-claim engine time ({len(claims)} claims): median {statistics.median(claims):.3f} s, "
              f"p90 {percentile(claims, 0.9):.3f} s, max {max(claims):.3f} s")
        if not args.skip_naive:
            for line in naive_ratio(cold, specs, args.jobs, args.naive_timeout):
                print(line)


if __name__ == "__main__":
    main()
