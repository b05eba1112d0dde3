"""The corpus of real derivative claims (tests/corpus): every one PROVED, and wrong versions of them REFUTED.

Both run the real command, once over a folder, as a CI job would.  The mutants (tests/corpus_mutants.py) are
each shown false with sympy's numbers before they are held to REFUTED; the suite runs a rotation of them in
which every claim has one and every kind is well represented (`python benchmarks/bench_corpus.py` runs all).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from corpus_mutants import CORPUS, DERIVATIVE_KINDS, KINDS, Mutant, all_mutants, corpus_files, rotation


def verify_folder(folder: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "derivcheck", "verify", str(folder), "--format", "json", "--no-cache", "-j", "2",
         "--timeout", "60"], capture_output=True, text=True, timeout=1200)
    assert done.returncode in (0, 1), done.stderr[-3000:]
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def test_every_corpus_claim_is_proved() -> None:
    document = verify_folder(CORPUS)
    names = {s["name"] for s in document["specs"]}
    assert names == {path.stem for path in corpus_files()}
    assert len(names) >= 230
    problems = [f"{s['file']}: {c['kind']} {c['label']} {c['verdict'].upper()}: {c['message']}"
                for s in document["specs"] for c in s["checks"] if c["verdict"] != "proved"]
    assert problems == [], "\n".join(problems)
    assert document["summary"]["refuted"] == document["summary"]["undecided"] == document["summary"]["error"] == 0


def test_corpus_mutants_are_refuted(tmp_path: Path) -> None:
    # All 949 mutants take about a minute on 2 idle cores, twice that beside the rest of the suite: the suite
    # runs the rotation; DERIVCHECK_ALL_MUTANTS=1 runs every one (so does benchmarks/bench_corpus.py --mutants).
    everything = os.environ.get("DERIVCHECK_ALL_MUTANTS") == "1"
    chosen = all_mutants() if everything else rotation()
    assert {m.claim for m in chosen} == {path.stem for path in corpus_files()}  # every claim has one
    kinds = Counter(m.kind for m in chosen)
    assert set(kinds) == set(KINDS) and all(kinds[kind] >= 40 for kind in DERIVATIVE_KINDS), kinds
    assert kinds["kink"] == sum(1 for path in corpus_files() if "\nat:" in path.read_text(encoding="utf-8"))
    for mutant in chosen:
        (tmp_path / f"{mutant.name}.yaml").write_text(mutant.text, encoding="utf-8")
    document = verify_folder(tmp_path)
    problems = judge(chosen, document)
    assert problems == [], "\n".join(problems)


def judge(chosen: list[Mutant], document: dict[str, Any]) -> list[str]:
    """Every mutant REFUTED where it is wrong, and nothing else REFUTED (nor anything of it PROVED wrongly)."""
    by_name = {m.name: m for m in chosen}
    problems = []
    assert {s["name"] for s in document["specs"]} == set(by_name)
    for spec in document["specs"]:
        mutant = by_name[spec["name"]]
        wrong = "at" if mutant.kind == "kink" else "derivative"
        verdicts = {(c["kind"], c["label"]): c["verdict"] for c in spec["checks"]}
        target = [v for (kind, label), v in verdicts.items() if kind == wrong and not label.endswith("[claim]")]
        if "refuted" not in target or (wrong == "derivative" and "proved" in target):
            problems.append(f"{spec['name']}: {mutant.kind} mutant not refuted: {spec['checks']}")
        if mutant.kind == "kink" and [v for (kind, _), v in verdicts.items() if kind == "derivative"] != ["proved"]:
            problems.append(f"{spec['name']}: the true derivative of a kink mutant is not proved: {spec['checks']}")
    return problems
