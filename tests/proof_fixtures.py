"""Shared by the LaTeX and Markdown tests: one verify run, hostile result data, golden files, pdflatex."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

from conftest import SPECS

from derivcheck.results.checks import (
    Check,
    CheckKind,
    Counterexample,
    Kink,
    Math,
    RunResult,
    SpecResult,
    SpotCheck,
    Verdict,
)
from derivcheck.run.verify import VerifyOptions, verify_sources
from derivcheck.spec.sources import SpecSource

GOLDEN = Path(__file__).resolve().parent / "golden"
GOLDEN_SPECS = GOLDEN / "specs"
#: Set to 1 to rewrite the golden files from the current output instead of comparing with them.
REGENERATE = os.environ.get("DERIVCHECK_REGENERATE_GOLDEN") == "1"
CATALOG = ("sigmoid", "tanh", "relu", "leaky_relu")

#: A name that would read a file, end the document and break tables if it were not escaped.
HOSTILE_NAME = "x_1 & \\input{/etc/passwd} $ # % ^ ~ }{ \\end{document}"
HOSTILE_TEXT = ("50% <b>bold</b> *star* _under_ `tick` [link](http://x) | pipe #h @user \\\\ "
                "\x1b[31mred\x07 caf\u00e9 \u2192 \U0001f600 -- ''")


@functools.cache
def _verified() -> RunResult:
    files = sorted(GOLDEN_SPECS.glob("*.yaml")) + [SPECS / f"{name}.yaml" for name in CATALOG]
    sources = [SpecSource(p, p.relative_to(GOLDEN.parent.parent).as_posix()) for p in files]
    return verify_sources(sources, VerifyOptions(timeout=60.0, jobs=0))


def golden_run() -> RunResult:
    """The fixed specs under tests/golden/specs, verified (their output is deterministic)."""
    run = _verified()
    return RunResult(specs=tuple(s for s in run.specs if s.file.startswith("tests/golden/")))


def catalog_run() -> RunResult:
    """Catalog specs plus the refuted and broken golden examples: a multi-spec document to compile."""
    run = _verified()
    return RunResult(specs=tuple(s for s in run.specs if not s.file.startswith("tests/golden/"))
                     + tuple(s for s in run.specs if s.name in ("sigmoid_confused", "sigmoid_steps", "misspelt")))


def hostile_run() -> RunResult:
    """Hand-made results whose every text field is hostile."""
    math = Math(text="a*(1 - a)", pretty="a(1-a)", latex=r"a \left(1 - a\right)")
    bad_math = Math(text="x_1 & \\input{/etc/passwd}", pretty="", latex=r"\input{/etc/passwd}")
    spot = SpotCheck(point="0", truth="0.25", claimed=HOSTILE_TEXT, finite_difference="n/a", float64="nan",
                     agree=False, float64_ok=False, note=HOSTILE_TEXT)
    checks = (
        Check(kind=CheckKind.DERIVATIVE, label=HOSTILE_NAME, verdict=Verdict.REFUTED, method=HOSTILE_TEXT,
              message=HOSTILE_TEXT, claim=math, truth=math, hint=HOSTILE_TEXT, evidence=(spot,),
              counterexample=Counterexample(point=HOSTILE_TEXT, expected="1e-300", claimed=HOSTILE_TEXT)),
        Check(kind=CheckKind.IDENTITY, label="identity 1", verdict=Verdict.UNDECIDED, method=None, message=HOSTILE_TEXT,
              claim=bad_math, truth=math),
        Check(kind=CheckKind.DERIVATION, label="step 1", verdict=Verdict.PROVED, method=HOSTILE_TEXT, message="ok",
              claim=math, step=1),
        Check(kind=CheckKind.DERIVATION, label=HOSTILE_NAME, verdict=Verdict.ERROR, method=None, message=HOSTILE_TEXT,
              step=2),
        Check(kind=CheckKind.SPEC, label=HOSTILE_NAME, verdict=Verdict.ERROR, method=None, message=HOSTILE_TEXT),
    )
    kink = Kink(point=HOSTILE_TEXT, continuous=None, left=HOSTILE_TEXT, right=None, differentiable=None,
                declared="-3/2", message=HOSTILE_TEXT)
    spec = SpecResult(name=HOSTILE_NAME, file=HOSTILE_TEXT, description=HOSTILE_TEXT, function=bad_math,
                      checks=checks, kinks=(kink,), variable="alpha_1", output="out")
    return RunResult(specs=(spec,))


def compare_golden(name: str, text: str) -> None:
    """Compare `text` with tests/golden/`name`, or rewrite the file when regenerating."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (f"{name} differs from the golden file; if the change is intended, run with "
                              "DERIVCHECK_REGENERATE_GOLDEN=1 and review the diff")


def pdflatex(folder: Path, tex: str, name: str = "proofs") -> subprocess.CompletedProcess[str]:
    """Compile `tex` in `folder` once (the documents have no cross-references to settle)."""
    (folder / f"{name}.tex").write_text(tex, encoding="utf-8")
    exe = shutil.which("pdflatex")
    assert exe is not None
    return subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", f"{name}.tex"],
                          cwd=folder, capture_output=True, text=True, timeout=60)
