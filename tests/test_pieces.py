"""Breakpoints and per-piece expressions of piecewise activations."""

from __future__ import annotations

import sympy
from sympy import Abs, Heaviside, Interval, Max, Min, Piecewise, Rational, Symbol, oo, sqrt

from derivcheck.engine.pieces import Piece, breakpoints, pieces, to_piecewise

z = Symbol("z", real=True)
alpha = Symbol("alpha", positive=True)
lam = Symbol("lambda", positive=True)
SOFTSHRINK = Piecewise((z - lam, z > lam), (z + lam, z < -lam), (0, True))


def test_to_piecewise_removes_kink_functions_in_z() -> None:
    expr = to_piecewise(Max(0, z) + Abs(z - 1) + Heaviside(z) + sympy.sign(z) + Min(z, 2), z)
    assert not expr.atoms(Max, Min, Abs, Heaviside, sympy.sign)
    assert isinstance(expr, Piecewise)
    for point in (Rational(-3), Rational(1, 2), Rational(3, 2), Rational(5)):
        original = (Max(0, z) + Abs(z - 1) + Heaviside(z) + sympy.sign(z) + Min(z, 2)).subs(z, point)
        assert expr.subs(z, point) == original


def test_to_piecewise_keeps_functions_without_z() -> None:
    assert to_piecewise(Abs(alpha) * z, z) == alpha * z


def test_breakpoints_of_abs() -> None:
    assert breakpoints(Abs(z - 1), z) == [1]


def test_breakpoints_of_quadratic_condition() -> None:
    assert breakpoints(Piecewise((1, z**2 < 1), (0, True)), z) == [-1, 1]


def test_breakpoints_are_symbolic_and_ordered_by_value() -> None:
    assert breakpoints(SOFTSHRINK, z, {lam: Rational(1, 2)}) == [-lam, lam]


def test_breakpoints_include_poles_of_a_condition() -> None:
    assert breakpoints(Piecewise((1, 1 / z > 1), (0, True)), z) == [0, 1]


def test_breakpoints_of_nested_kinks() -> None:
    assert breakpoints(Max(Abs(z), 2), z) == [-2, 0, 2]


def test_breakpoints_none_when_infinitely_many() -> None:
    assert breakpoints(Piecewise((1, sympy.sin(z) > 0), (0, True)), z) is None


def test_breakpoints_none_for_non_relational_condition() -> None:
    assert breakpoints(Piecewise((1, sympy.Contains(z, Interval(0, 1))), (0, True)), z) is None


def test_breakpoints_none_without_domain_knowledge() -> None:
    # The domain of continuity of the condition is unknown, so a sign change could hide anywhere.
    assert breakpoints(Piecewise((1, sympy.gamma(z) > 1), (0, True)), z) is None


def test_pieces_of_relu_derivative() -> None:
    assert pieces(sympy.diff(Max(0, z), z), z, sympy.S.Reals) == [
        Piece(-oo, 0, sympy.S.Zero), Piece(0, oo, sympy.S.One)]


def test_pieces_on_half_line() -> None:
    assert pieces(Abs(z - 1) + Max(Abs(z), 2), z, Interval(0, oo)) == [
        Piece(0, 1, 3 - z), Piece(1, 2, z + 1), Piece(2, oo, 2 * z - 1)]


def test_pieces_on_bounded_interval_ignore_outside_points() -> None:
    assert pieces(Abs(z - 5) + Abs(z), z, Interval(-1, 1)) == [
        Piece(-1, 0, 5 - 2 * z), Piece(0, 1, sympy.Integer(5))]


def test_pieces_of_softshrink() -> None:
    assert pieces(SOFTSHRINK, z, sympy.S.Reals, {lam: Rational(1, 2)}) == [
        Piece(-oo, -lam, z + lam), Piece(-lam, lam, sympy.S.Zero), Piece(lam, oo, z - lam)]


def test_pieces_choose_branches_by_parameter_value() -> None:
    relu_leak = sympy.diff(Max(alpha * z, z), z)
    assert pieces(relu_leak, z, sympy.S.Reals, {alpha: Rational(1, 100)}) == [
        Piece(-oo, 0, alpha), Piece(0, oo, sympy.S.One)]
    # alpha > 1 swaps the branches: the choice really follows the value.
    assert pieces(relu_leak, z, sympy.S.Reals, {alpha: Rational(2)}) == [
        Piece(-oo, 0, sympy.S.One), Piece(0, oo, alpha)]


def test_pieces_for_all_parameter_values_refuse_sign_dependent_choice() -> None:
    relu_leak = sympy.diff(Max(alpha * z, z), z)
    assert pieces(relu_leak, z, sympy.S.Reals, {alpha: Rational(1, 100)}, for_all=True) is None
    assert pieces(SOFTSHRINK, z, sympy.S.Reals, {lam: Rational(1, 2)}, for_all=True) == [
        Piece(-oo, -lam, z + lam), Piece(-lam, lam, sympy.S.Zero), Piece(lam, oo, z - lam)]
    # Whether lambda < 1 depends on the value, so the split of (0, 1) is not valid for all lambda > 0.
    assert pieces(SOFTSHRINK, z, Interval(0, 1), {lam: Rational(1, 2)}, for_all=True) is None


def test_pieces_with_irrational_breakpoints() -> None:
    found = pieces(Piecewise((z, z**2 < 2), (0, True)), z, sympy.S.Reals)
    zero = sympy.S.Zero
    assert found == [Piece(-oo, -sqrt(2), zero), Piece(-sqrt(2), sqrt(2), z), Piece(sqrt(2), oo, zero)]


def test_pieces_none_when_breakpoints_unknown() -> None:
    assert pieces(Piecewise((1, sympy.sin(z) > 0), (0, True)), z, sympy.S.Reals) is None


def test_breakpoints_are_remembered_but_handed_out_fresh() -> None:
    assert breakpoints(sympy.exp(z) / (1 + sympy.exp(z)), z) == []  # nothing branches
    first = breakpoints(Abs(z - 1) + Max(0, z), z)
    assert first == [0, 1]
    assert first is not None
    first.clear()
    assert breakpoints(Abs(z - 1) + Max(0, z), z) == [0, 1]
