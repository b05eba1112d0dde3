"""A network spec's matrix text: `.T` the only attribute, `axis` and `keepdims` the only keywords (each a literal),
and a shape mismatch an ERROR at its file, line and column that names both shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_files

from derivcheck.results.checks import Verdict

_SPEC = """\
name: syntax
shapes: {n_x: input features, n_h: hidden units, m: examples}
sizes: 1
inputs: {X: [n_x, m], Y: {shape: [1, m], values: [0, 1]}}
parameters: {W1: [n_h, n_x], b1: [n_h, 1], W2: [1, n_h], b2: [1, 1]}
forward:
  Z1: W1 @ X + b1
  A1: tanh(Z1)
  Z2: W2 @ A1 + b2
  A2: sigmoid(Z2)
cost: -(1/m) * sum(Y*log(A2) + (1 - Y)*log(1 - A2))
backward:
  dW1: {claim}
"""

# The claimed dW1 (line 13, from column 8), where in it the error is, and what its message says.
CASES = [
    ("(1/m) * W1 @ X.shape", ".shape", "only .T (the transpose) may follow a value; .shape is not allowed"),
    ("(1/m) * np.sum(W1, axis=1, keepdims=True)", ".sum", ".sum is not allowed"),
    ("(1/m) * sum(W1, axis=2, keepdims=True)", "2,", "axis is 0"),
    ("(1/m) * sum(W1, axis=1, out=True)", "True", "takes the keywords axis and keepdims only, not out="),
    ("(1/m) * sum(W1, axis=1, keepdims=k)", "k)", "keepdims is True or False"),
    ("(1/m) * W1 @ X", "(", "has the shape of W1, [n_h, n_x]; the claim has the shape [n_h, m]"),
    ("(1/m) * W1 @ W1", "@", "the shapes [n_h, n_x] and [n_h, n_x] do not fit a matrix product"),
    ("(1/m) * W1 * X.T", "* X", "the shapes [n_h, n_x] and [m, n_x] do not broadcast"),
    ("sum(W1, axis=0, keepdims=True)", "sum", "[n_h, n_x]; the claim has the shape [1, n_x]"),
]


@pytest.mark.parametrize(("claim", "at", "message"), CASES, ids=[c[0] for c in CASES])
def test_an_error_names_its_column_and_what_was_allowed(tmp_path: Path, claim: str, at: str, message: str) -> None:
    column = 8 + claim.index(at)
    path = tmp_path / "syntax.yaml"
    path.write_text(_SPEC.replace("{claim}", claim), encoding="utf-8")
    (spec,) = run_files(path).specs
    (check,) = spec.checks
    assert check.verdict is Verdict.ERROR
    assert (check.line, check.column) == (13, column), check.message
    assert message in check.message
    assert f"syntax.yaml:13:{column}:" in check.message
