"""A variable's domain that mentions a parameter is known at the parameter's value only: a proof of a spec of
several variables then covers that value, never "every alpha > 0"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_files

from derivcheck.results.checks import Verdict
from derivcheck.results.scope import Coverage, Span

# Each claim is true at the spec's alpha and false for another alpha of the same sign.
CASES = {
    # abs(z - 1/2) has no kink on z > 1, but one on z > 1/4 (alpha = 1/4): its derivative 1 fails at z = 0.3.
    "kink_outside_at_the_value": ("""\
name: kink_outside_at_the_value
parameters: {alpha: 1}
variables:
  z: z > alpha
  y: null
output: L
function: abs(z - 1/2) + y
gradient:
  z: 1
""", "1"),
    # y > alpha - 2 is y > 1 at alpha = 3 (a positive y, so sqrt(y**2) = y) but y > -1 at alpha = 1.
    "sign_only_at_the_value": ("""\
name: sign_only_at_the_value
parameters: {alpha: 3}
variables:
  z: null
  y: y > alpha - 2
output: L
function: sqrt(y**2)*z
gradient:
  z: y
""", "3"),
    # The same for a vector, proved for every n by the sums as symbols: the sum is positive at alpha = 3 only.
    "positive_sum_only_at_the_value": ("""\
name: positive_sum_only_at_the_value
parameters: {alpha: 3}
variables:
  y: {size: n, domain: y > alpha - 2}
output: L
function: abs(sum(y[k], k))
gradient:
  y[i]: 1
""", "3"),
    # ... and at each n = 1..6, the argument for every n failing.
    "fixed_sizes_only_at_the_value": ("""\
name: fixed_sizes_only_at_the_value
parameters: {alpha: 3}
variables:
  y: {size: n, domain: y > alpha - 2}
output: L
function: abs(sum(y[k], k))
gradient:
  y[i]: Piecewise((1, n < 7), (0, True))
""", "3"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_parameter_in_a_domain_limits_the_proof_to_its_value(name: str,
                                                                write_spec: Callable[[str, str], Path]) -> None:
    text, value = CASES[name]
    (spec,) = run_files(write_spec(text, f"{name}.yaml")).specs
    (check,) = [c for c in spec.checks if c.kind == "derivative"]
    assert check.verdict is Verdict.PROVED, check.message
    assert check.scope is not None
    assert check.scope.parameters == (Span("alpha", Coverage.VALUE, value),)
    assert "for all alpha" not in (check.method or "") and f"alpha = {value} only" in (check.method or "")


def test_a_domain_free_of_parameters_still_proves_for_every_value(write_spec: Callable[[str, str], Path]) -> None:
    (spec,) = run_files(write_spec("""\
name: domain_free_of_parameters
parameters: {alpha: 3}
variables:
  z: null
  y: y > 1
output: L
function: alpha*sqrt(y**2)*z
gradient:
  z: alpha*y
""", "free.yaml")).specs
    (check,) = spec.checks
    assert check.verdict is Verdict.PROVED and check.scope is not None
    assert check.scope.parameters == (Span("alpha", Coverage.EVERY, "> 0"),)
