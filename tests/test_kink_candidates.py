"""The kink analysis stays within its budget when a claim written in `a` has a root of a polynomial in a below
its fraction bar (its denominator, with g put in for a, is no equation sympy solves quickly)."""

from __future__ import annotations

import time
from pathlib import Path

import sympy

from derivcheck.engine.kinks.onesided import zeros_of_denominators
from derivcheck.results.checks import CheckKind, Verdict
from derivcheck.run.verify import VerifyOptions, verify_sources
from derivcheck.spec.sources import SpecSource

z = sympy.Symbol("z", real=True)


def test_a_root_of_a_polynomial_in_a_below_the_bar_does_not_stall_the_kinks(tmp_path: Path) -> None:
    spec = tmp_path / "root.yaml"
    spec.write_text('name: root\nfunction: "sqrt((z**2 - z)**2 + 1)"\nderivative: "1/sqrt((a**2 - a)**2 + 1)"\n',
                    encoding="utf-8")
    started = time.monotonic()
    run = verify_sources([SpecSource(spec, spec.name)], VerifyOptions(timeout=15, jobs=2))
    checks = run.specs[0].checks
    assert [c.verdict for c in checks if c.kind is CheckKind.DERIVATIVE] == [Verdict.REFUTED]
    # Once the whole budget went by and the kink analysis came back UNDECIDED ("time budget").
    assert not [c for c in checks if c.verdict is Verdict.UNDECIDED], [(c.label, c.message) for c in checks]
    assert time.monotonic() - started < 12


def test_denominators_that_are_cheap_to_solve_are_still_solved() -> None:
    assert zeros_of_denominators(1 / sympy.sqrt(1 - z**2) + 1 / (z - sympy.Rational(1, 3)), z, sympy.S.Reals) == [
        -1, 1, sympy.Rational(1, 3)]
    assert zeros_of_denominators(1 / sympy.log(z), z, sympy.Interval.open(0, sympy.oo)) == [1]
