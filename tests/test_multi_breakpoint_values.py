"""A claim of several variables proved per branch along z is held to its breakpoints: equal on the open pieces
is not enough where a side branches at a point (Eq(z, 0), z = y) at which g is differentiable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SPECS, run_files

from derivcheck.results.checks import Verdict

# Each claim equals the derivative off one point of z (which may move with y) and is wrong at that point,
# where g is differentiable: it must not be PROVED.
FALSE = {
    # d(z*y + z)/dz = y + 1 everywhere, 5 at z = 0 only for y = 4.
    "value_at_zero": """\
name: value_at_zero
variables:
  z: null
  y: null
output: L
function: z*y + z
gradient:
  z: Piecewise((5, Eq(z, 0)), (y + 1, True))
""",
    # The point moves with y: d(z*y)/dz = y, claimed y + 1 on the line z = y.
    "value_on_a_moving_line": """\
name: value_on_a_moving_line
variables:
  z: null
  y: null
output: L
function: z*y
gradient:
  z: Piecewise((y + 1, Eq(z, y)), (y, True))
""",
    # Written with Ne and the true value second.
    "value_through_ne": """\
name: value_through_ne
variables:
  z: null
  y: null
output: L
function: z**2 + y
gradient:
  z: Piecewise((2*z, Ne(z, 1)), (y, True))
""",
    # The truth branches at z = 0 (Max), but g is differentiable there (derivative y): 3 is no convention.
    "value_where_the_truth_branches_smoothly": """\
name: value_where_the_truth_branches_smoothly
variables:
  z: null
  y: null
output: L
function: Max(z, 0)**2 + y*z
gradient:
  z: Piecewise((3, Eq(z, 0)), (2*Max(z, 0) + y, True))
""",
    # g has a removable branch at z = 1 and is z**2 + y there: its derivative at 1 is 2, not 5.
    "value_at_a_removable_branch": """\
name: value_at_a_removable_branch
variables:
  z: null
  y: null
output: L
function: Piecewise((z**2 + y, Ne(z, 1)), (1 + y, True))
gradient:
  z: Piecewise((5, Eq(z, 1)), (2*z, True))
""",
    # y*|z - y| has a kink at z = y except at y = 0, where g = 0 has derivative 0, not 1.
    "value_where_a_kink_vanishes": """\
name: value_where_a_kink_vanishes
variables:
  z: null
  y: null
output: L
function: y*abs(z - y)
gradient:
  z: Piecewise((1, Eq(z, y)), (y*sign(z - y), True))
""",
    # An entry of a vector: d(sum y[k]**2)/dy[i] = 2*y[i], also at y[i] = 1.
    "vector_value_at_a_point": """\
name: vector_value_at_a_point
variables:
  y: {size: n}
output: L
function: sum(y[k]**2, k)
gradient:
  y[i]: Piecewise((5, Eq(y[i], 1)), (2*y[i], True))
""",
    # A label in {0, 1}: y*Max(z, 0) is 0 at y = 0, with derivative 0 at z = 0, not 1.
    "value_where_a_label_removes_the_kink": """\
name: value_where_a_label_removes_the_kink
variables:
  z: null
  y: {values: [0, 1]}
output: L
function: y*Max(z, 0)
gradient:
  z: Piecewise((1, Eq(z, 0)), (y*Heaviside(z), True))
""",
    # The branch is on the other variable: wrong on the whole line y = 0.
    "value_on_a_line_of_the_other_variable": """\
name: value_on_a_line_of_the_other_variable
variables:
  z: null
  y: null
output: L
function: z*y + z
gradient:
  z: Piecewise((5, Eq(y, 0)), (y + 1, True))
""",
    # A Jacobian entry: d(z[i]**2)/dz[j] is 2 at z[i] = 1 (i = j), not 5.
    "jacobian_value_at_a_point": """\
name: jacobian_value_at_a_point
variables:
  z: {size: n}
output: a
function: z[i]**2
jacobian:
  z[j]: delta(i, j)*Piecewise((5, Eq(z[i], 1)), (2*z[i], True))
""",
    # Along y the truth jumps at y = 0, but that says nothing of the derivative in z: g = 0 on y = 0, so its
    # derivative in z there is 0, not 7.
    "value_on_a_line_where_the_truth_jumps_across": """\
name: value_on_a_line_where_the_truth_jumps_across
variables:
  z: null
  y: null
output: L
function: z*Piecewise((1, y > 0), (0, True))
gradient:
  z: Piecewise((7, Eq(y, 0)), (Piecewise((1, y > 0), (0, True)), True))
""",
    # The step's value does not change the function here (it multiplies y - 1/2): d/dz is y, not 9, at y = 1/2.
    "value_where_a_step_changes_nothing": """\
name: value_where_a_step_changes_nothing
variables:
  z: null
  y: null
output: L
function: z*y + Heaviside(y - 1/2)*(y - 1/2)
gradient:
  z: Piecewise((9, Eq(y, 1/2)), (y, True))
""",
    # With Heaviside(0) = c the function is (c + 1)*z at y = 0, so no convention gives 0 there.
    "value_no_step_convention_gives": """\
name: value_no_step_convention_gives
variables:
  z: null
  y: null
output: L
function: Heaviside(y)*z + z
gradient:
  z: Piecewise((0, Eq(y, 0)), (Heaviside(y) + 1, True))
""",
}

# True claims proved per branch: their value at a breakpoint is either the derivative or a convention where g
# is not differentiable there.
TRUE = {
    # |z - y| has no derivative in z at z = y: 0 there is a convention (a subgradient).
    "convention_at_a_kink": """\
name: convention_at_a_kink
variables:
  z: null
  y: null
output: L
function: abs(z - y)
gradient:
  z: Piecewise((0, Eq(z, y)), (sign(z - y), True))
""",
    # A branch at a point where the function is smooth, with the right value there.
    "right_value_at_a_point": """\
name: right_value_at_a_point
variables:
  z: null
  y: null
output: L
function: z*y + z
gradient:
  z: Piecewise((1, Eq(z, 0) & Eq(y, 0)), (y + 1, True))
""",
    # |y[i]| has no derivative at y[i] = 0: 0 there is a convention.
    "vector_convention_at_a_kink": """\
name: vector_convention_at_a_kink
variables:
  y: {size: n}
output: L
function: sum(abs(y[k]), k)
gradient:
  y[i]: Piecewise((0, Eq(y[i], 0)), (sign(y[i]), True))
""",
    # With a label in {0, 1}: at y = 0 the value 1 at z = 0 is the derivative, at y = 1 a convention.
    "label_convention_at_a_kink": """\
name: label_convention_at_a_kink
variables:
  z: null
  y: {values: [0, 1]}
output: L
function: Max(z, 0)*y + z
gradient:
  z: Piecewise((1, Eq(z, 0)), (y*Heaviside(z) + 1, True))
""",
    "jacobian_convention_at_a_kink": """\
name: jacobian_convention_at_a_kink
variables:
  z: {size: n}
output: a
function: abs(z[i])
jacobian:
  z[j]: delta(i, j)*Piecewise((0, Eq(z[i], 0)), (sign(z[i]), True))
""",
    # The truth, from Max, has Heaviside(z) and a value at z = 0 that depends on its convention; g is
    # differentiable there and the claim gives its derivative (the limit of the truth).
    "value_where_the_truth_has_a_step_convention": """\
name: value_where_the_truth_has_a_step_convention
variables:
  z: null
  y: null
output: L
function: Max(z, 0) - z*y + log(1 + exp(-abs(z)))
gradient:
  z: 1/(1 + exp(-z)) - y
""",
}


@pytest.mark.parametrize("name", sorted(FALSE))
def test_a_wrong_value_at_a_breakpoint_is_not_proved(name: str, write_spec: Callable[[str, str], Path]) -> None:
    (spec,) = run_files(write_spec(FALSE[name], f"{name}.yaml")).specs
    (check,) = [c for c in spec.checks if c.kind == "derivative"]
    assert check.verdict in (Verdict.REFUTED, Verdict.UNDECIDED), check.message


@pytest.mark.parametrize("name", sorted(TRUE))
def test_a_right_or_conventional_value_at_a_breakpoint_stays_proved(name: str,
                                                                    write_spec: Callable[[str, str], Path]) -> None:
    (spec,) = run_files(write_spec(TRUE[name], f"{name}.yaml")).specs
    (check,) = [c for c in spec.checks if c.kind == "derivative"]
    assert check.verdict is Verdict.PROVED, check.message


@pytest.mark.parametrize("name", ["hinge", "huber", "smooth_l1", "mae", "bce_logits"])
def test_losses_proved_per_branch_stay_proved(name: str) -> None:
    (spec,) = run_files(SPECS / "losses" / f"{name}.yaml").specs
    derivatives = [c for c in spec.checks if c.kind in ("derivative", "second_derivative")]
    assert derivatives
    assert all(c.verdict is Verdict.PROVED for c in derivatives), [(c.label, c.message) for c in derivatives]
