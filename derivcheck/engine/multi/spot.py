"""Spot checks of a claim of several variables: the one-variable table, along the claim's variable, at points
given in every variable (evidence only, as in one variable)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import replace

import sympy

from derivcheck.engine.multi.cases import Case
from derivcheck.engine.multi.lines import axis_line, on_constraint, point_coordinates, point_text
from derivcheck.engine.numbers.points import DEFAULT_POINTS, default_points
from derivcheck.engine.numbers.spot import spot_checks
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import SpotCheck

__all__ = ["default_values", "spot_rows", "vector_point"]


def default_values(interval: sympy.Set) -> list[sympy.Expr]:
    """The one-variable default points (0, 10, -10, 100 where inside) of one variable's domain."""
    return list(default_points(Problem(z=sympy.Dummy("x", real=True), a=sympy.Dummy("a"), g=sympy.S.Zero,
                                       interval=interval)))


def spot_rows(case: Case, points: Sequence[Mapping[sympy.Symbol, sympy.Expr]], *,
              finite_difference: bool) -> tuple[SpotCheck, ...]:
    """One row per point: truth, claim, a finite difference along the claim's variable, float64.

    The row's point names every variable (and n, the indices and labels of the case)."""
    rows: list[SpotCheck] = []
    for point in points:
        axis = case.variable if case.variable is not None else (case.coordinates[0][0] if case.coordinates else None)
        if axis is None:
            continue
        line = axis_line(case, point, axis)
        if line is None:
            continue
        (row,) = spot_checks(line.problem, line.truth, line.claimed, [sympy.S.Zero],
                             finite_difference=finite_difference and case.f is not None)
        note = row.note.replace(f"{line.t} = 0", "this point")
        rows.append(replace(row, point=point_text(point_coordinates(case, point)), note=note))
    return tuple(rows)


def vector_point(case: Case, row: int) -> dict[sympy.Symbol, sympy.Expr]:
    """A spot point of a case with vectors: entries taken in turn from 0, 10, -10, 100 (their domain's defaults),
    constrained entries on their constraint."""
    grouped = {s for g in case.groups for s in g.symbols}
    point: dict[sympy.Symbol, sympy.Expr] = {}
    for position, (symbol, domain) in enumerate(case.coordinates):
        if symbol in grouped:
            continue
        choices = default_values(domain) or [sympy.Integer(p) for p in DEFAULT_POINTS]
        point[symbol] = choices[(position + row) % len(choices)]
    rng = random.Random(row)
    for group in case.groups:
        found = on_constraint(group.symbols, group.value, dict(case.coordinates), rng)
        if found is not None:
            point.update(found)
    return point
