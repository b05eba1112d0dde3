"""Proofs that use the spec's domain, and only what it states: sqrt(z**2) = z on z > 0, never on the reals."""

from __future__ import annotations

import pytest
import sympy
from conftest import run_files

from derivcheck.engine.prove.on_domain import on_interval
from derivcheck.engine.prove.symbolic import ON_DOMAIN
from derivcheck.results.checks import Check, RunResult, Verdict

z = sympy.Symbol("z", real=True)


def identity(name: str, lhs: str, rhs: str, domain: str | None = None, parameters: str = "") -> str:
    where = f"domain: {domain}\n" if domain else ""
    return (f"name: {name}\n{parameters}{where}function: z\nderivative: 1\n"
            f"identities:\n  - lhs: {lhs}\n    rhs: {rhs}\n")


# name -> (spec text, the verdict its one claim must get)
CASES: dict[str, tuple[str, Verdict]] = {
    "sqrt_square_reals": (identity("sqrt_square_reals", "sqrt(z**2)", "z"), Verdict.REFUTED),
    "sqrt_square_positive": (identity("sqrt_square_positive", "sqrt(z**2)", "z", "z > 0"), Verdict.PROVED),
    "sqrt_square_above_one": (identity("sqrt_square_above_one", "sqrt(z**2)", "z", "z > 1"), Verdict.PROVED),
    "sqrt_square_negative": (identity("sqrt_square_negative", "sqrt(z**2)", "z", "z < -1"), Verdict.REFUTED),
    "shifted_square_root": (identity("shifted_square_root", "sqrt((z - 2)**2)", "z - 2", "z > 1"), Verdict.REFUTED),
    "acosh_product": (identity("acosh_product", "sqrt(z - 1)*sqrt(z + 1)", "sqrt(z**2 - 1)", "z > 1"),
                      Verdict.PROVED),
    "logit_split": (identity("logit_split", "log(z/(1 - z))", "log(z) - log(1 - z)", "0 < z < 1"), Verdict.PROVED),
    "log_product": (identity("log_product", "log((z - 1)*(z - 2))", "log(z - 1) + log(z - 2)", "z > 3"),
                    Verdict.PROVED),
    "log_product_wide": (identity("log_product_wide", "log((z - 1)*(z - 2))", "log(z - 1) + log(z - 2)", "z > 1"),
                         Verdict.UNDECIDED),
    "symmetric_roots": (identity("symmetric_roots", "sqrt(z - alpha)*sqrt(z + alpha)", "sqrt(z**2 - alpha**2)",
                                 "z > alpha", "parameters: {alpha: 1.5}\n"), Verdict.PROVED),
    "acosh": ("name: acosh\ndomain: z > 1\nfunction: acosh(z)\nderivative: 1/sqrt(z**2 - 1)\n", Verdict.PROVED),
    "asin": ("name: asin\ndomain: -1 < z < 1\nfunction: asin(z)\nderivative: 1/sqrt((1 - z)*(1 + z))\n",
             Verdict.PROVED),
    "atanh_log": ("name: atanh_log\ndomain: -1 < z < 1\nfunction: atanh(z)\nderivative: 1/(1 - z**2)\n"
                  "identities:\n  - lhs: log(sqrt((1 + z)/(1 - z)))\n    rhs: (log(1 + z) - log(1 - z))/2\n",
                  Verdict.PROVED),
    "cbrt": ("name: cbrt\ndomain: z > 0\nfunction: z**Rational(1, 3)\n"
             "derivative: Rational(1, 3)/z**Rational(2, 3)\nidentities:\n  - lhs: (z**2)**Rational(1, 3)\n"
             "    rhs: z**Rational(2, 3)\n", Verdict.PROVED),
    "real_power": ("name: real_power\ndomain: z > 2\nfunction: (z - 2)**2.5\nderivative: 2.5*(z - 2)**1.5\n"
                   "identities:\n  - lhs: ((z - 2)*(z + 3))**1.5\n    rhs: (z - 2)**1.5*(z + 3)**1.5\n",
                   Verdict.PROVED),
}


@pytest.fixture(scope="module")
def domain_run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    folder = tmp_path_factory.mktemp("domains")
    paths = []
    for name, (text, _) in CASES.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return run_files(*paths)


def claims(run: RunResult, name: str) -> list[Check]:
    (spec,) = [s for s in run.specs if s.name == name]
    return [c for c in spec.checks if c.kind.value in ("derivative", "identity")]


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_domain_proves_what_holds_on_it_and_nothing_else(name: str, domain_run: RunResult) -> None:
    expected = CASES[name][1]
    found = claims(domain_run, name)
    verdicts = {c.label: c.verdict for c in found}
    if expected is Verdict.PROVED:
        assert set(verdicts.values()) == {Verdict.PROVED}, [(c.label, c.message) for c in found]
    else:
        last = found[-1]  # the identity
        assert last.verdict is expected, (last.verdict, last.message)


def test_the_report_names_the_domain_method(domain_run: RunResult) -> None:
    (check,) = claims(domain_run, "acosh")
    assert check.method == ON_DOMAIN
    assert "On z > 1, written with z = phi(t) for t > 0" in check.message


def test_a_negative_factor_is_never_split() -> None:
    # sqrt((z - 2)**2) on z > 1: z - 2 changes sign there, so no substitution may make it z - 2.
    for written, t, _ in on_interval(sympy.sqrt((z - 2) ** 2) - (z - 2), z, sympy.Interval.open(1, sympy.oo)):
        assert written.subs(t, sympy.Rational(1, 2)) != 0
    # The whole line has no positive parameterisation.
    assert on_interval(sympy.sqrt(z**2) - z, z, sympy.S.Reals) == []


@pytest.mark.parametrize("interval", [sympy.Interval.open(0, 1), sympy.Interval.open(2, sympy.oo),
                                      sympy.Interval.open(-sympy.oo, -3), sympy.Interval.open(sympy.sqrt(2), 5)])
def test_domain_rewrites_are_true_where_they_are_made(interval: sympy.Interval) -> None:
    # Each rewritten form equals the original at z = phi(t) for every t > 0 (a split is made only over factors
    # positive for every t > 0), not only where phi(t) lies in the interval.
    expr = (sympy.log(z**2 * (z + 10) / (z - 6) ** 2) + sympy.sqrt(z**4 + 3 * z**2) - sympy.Abs(z - 1) * sympy.sign(z)
            + (z**2 + 1) ** sympy.Rational(3, 2) / sympy.sqrt(z**2 + 1))
    forms = on_interval(expr, z, interval)
    assert forms
    for written, t, phi in forms:
        for value in (sympy.Rational(1, 7), sympy.Rational(1, 2), sympy.Rational(9, 10)):
            x = phi.subs(t, value)
            if x == 6:
                continue
            assert abs(sympy.N(written.subs(t, value) - expr.subs(z, x), 30)) < 1e-25, (phi, value)
