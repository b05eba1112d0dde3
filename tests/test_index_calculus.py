"""The index calculus behind proofs for every n: each rule of sums, and each soundness rule with a claim that
would come out PROVED without it."""

from __future__ import annotations

import sympy

from derivcheck.engine.multi.build import build_multi
from derivcheck.engine.multi.problem import MultiProblem
from derivcheck.engine.multi.sums import Abstraction, canonical, freshen, reduce_sums
from derivcheck.engine.multi.vector import case_names, partitions, prove_every_size
from derivcheck.spec.load import load_spec_text
from derivcheck.spec.multi import MultiSpec

n = sympy.Symbol("n", integer=True, positive=True)
i, j, k, m = (sympy.Symbol(c, integer=True, positive=True) for c in "ijkm")
z = sympy.IndexedBase("z", real=True)
y = sympy.IndexedBase("y", real=True)


def _built(text: str):  # type: ignore[no-untyped-def]
    spec = load_spec_text(text, "t.yaml")
    assert isinstance(spec, MultiSpec)
    return build_multi(spec)


def _proved(text: str, position: int = 0) -> bool:
    built = _built(text)
    claim = built.claim(position)
    attempt, _, _ = prove_every_size(built.problem, claim.truth, claim.claimed, claim.free, keep_parameters=True)
    return attempt.proved


def test_a_delta_is_summed_out_and_constants_come_out() -> None:
    assert reduce_sums(sympy.Sum(z[k] * sympy.KroneckerDelta(k, j), (k, 1, n)), n) == z[j]
    assert reduce_sums(sympy.Sum(z[k] * sympy.KroneckerDelta(j, k) ** 2, (k, 1, n)), n) == z[j]
    assert reduce_sums(sympy.Sum(3 * z[i], (k, 1, n)), n) == 3 * n * z[i]
    split = reduce_sums(sympy.Sum(z[i] * (z[k] + y[k]), (k, 1, n)), n)
    assert split == z[i] * sympy.Sum(z[k], (k, 1, n)) + z[i] * sympy.Sum(y[k], (k, 1, n))


def test_a_delta_is_summed_out_only_over_the_whole_range() -> None:
    # delta(k, j) over k = 2..n is not z[j] when j = 1: only a sum over every index may absorb it.
    partial_range = sympy.Sum(z[k] * sympy.KroneckerDelta(k, j), (k, 2, n))
    assert reduce_sums(partial_range, n) == partial_range
    other_size = sympy.Sum(z[k] * sympy.KroneckerDelta(k, j), (k, 1, m))
    assert reduce_sums(other_size, n) == other_size


def test_alpha_equivalent_sums_are_one_symbol() -> None:
    one, two = freshen(sympy.Sum(sympy.exp(z[k]), (k, 1, n))), freshen(sympy.Sum(sympy.exp(z[m]), (m, 1, n)))
    assert one != two and canonical(one) == canonical(two)
    abstraction = Abstraction()
    assert abstraction(one) == abstraction(two)
    assert abstraction(one).is_positive  # every summand exp(z_k) is positive and the range is never empty


def test_the_index_cases_are_every_pattern_of_equalities() -> None:
    assert [case_names(p) for p in partitions([i, j])] == ["i = j", "i != j"]
    assert len(list(partitions([i, j, k]))) == 5  # i = j = k, i = j != k, ..., all apart (Bell number 5)


SOFTMAX = """\
name: t
variables:
  z: {size: n}
output: a
function: exp(z[i])/sum(exp(z[k]), k)
jacobian:
  z[j]: CLAIM
"""


def test_the_softmax_jacobian_is_proved_for_every_n() -> None:
    assert _proved(SOFTMAX.replace("CLAIM", "a[i]*(delta(i, j) - a[j])"))


def test_a_claim_true_off_the_diagonal_only_is_not_proved() -> None:
    # Soundness: the case i = j must be checked too; -a_i a_j is the Jacobian only where i != j.
    assert not _proved(SOFTMAX.replace("CLAIM", "-a[i]*a[j]"))


def test_a_sum_is_positive_only_when_every_summand_is() -> None:
    # Soundness: S = sum_k z_k may be negative; a symbol assumed positive would "prove" sqrt(S**2) = S.
    text = """\
name: t
variables:
  z: {size: n}
function: sum(z[k], k)
gradient:
  z[j]: CLAIM
"""
    assert not _proved(text.replace("CLAIM", "sqrt(sum(z[k], k)**2)/sum(z[k], k)"))
    positive = text.replace("sum(z[k], k)\n", "sum(exp(z[k]), k)\n")
    assert _proved(positive.replace("CLAIM", "exp(z[j])*sqrt(sum(exp(z[k]), k)**2)/sum(exp(z[k]), k)"))


CROSS_ENTROPY = """\
name: t
variables:
  z: {size: n}
  y: {size: n, domain: 0 <= y <= 1}
CONSTRAINTS
where:
  a: exp(z[i])/sum(exp(z[k]), k)
output: L
function: -sum(y[k]*log(a[k]), k)
gradient:
  z[i]: a[i] - y[i]
"""


def test_a_constraint_is_used_only_when_declared() -> None:
    assert not _proved(CROSS_ENTROPY.replace("CONSTRAINTS\n", ""))
    built = _built(CROSS_ENTROPY.replace("CONSTRAINTS", "constraints:\n  - sum(y[k], k) = 1"))
    claim = built.claim(0)
    attempt, _, used = prove_every_size(built.problem, claim.truth, claim.claimed, claim.free, keep_parameters=True)
    assert attempt.proved and used == ("sum(y[k], k) = 1",)


def test_an_intermediate_never_captures_a_bound_index() -> None:
    # b_i = sum_k z_k z_i; written into sum_k b_k without renaming, b_k would read sum_k z_k z_k and the
    # function n*sum_k z_k**2, whose derivative 2*n*z_j is false for sum_k b_k = (sum_k z_k)**2.
    text = """\
name: t
variables:
  z: {size: n}
where:
  b: sum(z[k]*z[i], k)
function: sum(b[k], k)
gradient:
  z[j]: CLAIM
"""
    assert _proved(text.replace("CLAIM", "2*sum(z[k], k)"))
    assert not _proved(text.replace("CLAIM", "2*n*z[j]"))


def test_parameters_kept_symbolic_cover_every_value_of_their_sign() -> None:
    built = _built("""\
name: t
variables:
  z: {size: n}
parameters:
  T: 2
output: a
function: exp(z[i]/T)/sum(exp(z[k]/T), k)
jacobian:
  z[j]: a[i]*(delta(i, j) - a[j])/T
""")
    claim = built.claim(0)
    problem: MultiProblem = built.problem
    (temperature,) = problem.parameters
    assert temperature.is_positive
    attempt, cases, _ = prove_every_size(problem, claim.truth, claim.claimed, claim.free, keep_parameters=True)
    assert attempt.proved and cases == ("i = j", "i != j")
