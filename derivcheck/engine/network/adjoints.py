"""dJ/dV for every matrix V of a network at fixed sizes, by reverse accumulation over its forward equations.

Each equation (and the cost) is built once more with its direct inputs as fresh symbols, and sympy's `diff`
gives the derivative of each of its entries by each of theirs; the multivariate chain rule then adds up, from
the cost back to the inputs, dJ/dV[r, c] = sum over the equations s that use V, and over the entries e of s, of
dJ/ds[e] * ds[e]/dV[r, c].  An equation may use only names computed before it, so when s is reached every use of s
has been added to dJ/ds.  The result is the derivative of the written-out cost (where it exists: at a kink of
relu sympy's Heaviside(0) decides nothing a proof relies on), computed from the forward pass alone; it is checked
against `diff` of the whole cost at the smallest sizes (`full_gradient`), so that an error here shows there.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

import sympy

from derivcheck.lang.matrix import MatrixSyntax
from derivcheck.lang.matrix_build import Array, build_matrix, matrix

__all__ = ["ReverseGradients", "full_gradient"]

Terms = dict[str, list[list[list[sympy.Expr]]]]


def _direct_inputs(syntax: MatrixSyntax, values: Mapping[str, Array]) -> list[str]:
    """The matrices a text names directly (not the sizes, which are numbers), in order."""
    found = [n.id for n in ast.walk(syntax.tree) if isinstance(n, ast.Name) and n.id in values
             and values[n.id].ndim == 2]
    return list(dict.fromkeys(found))


class ReverseGradients:
    """dJ/dV for the matrices V among `values` (inputs, parameters, forward values), by reverse accumulation that
    goes back only as far as the gradients asked for need: dJ/dV is complete once the cost and every equation
    that uses V directly have been added, and equations are added from the last back."""

    def __init__(self, values: Mapping[str, Array], forward: list[tuple[str, MatrixSyntax]], cost: MatrixSyntax,
                 functions: Mapping[str, object]) -> None:
        self._values, self._forward, self._functions = values, forward, functions
        self._terms: Terms = {name: [[[] for _ in range(v.cols)] for _ in range(v.rows)]
                              for name, v in values.items() if v.ndim == 2}
        _accumulate(cost, ((sympy.S.One,),), values, functions, self._terms)
        self._next = len(forward) - 1  # the last equation not yet added
        self._uses = {name: [k for k, (_, syntax) in enumerate(forward) if name in _direct_inputs(syntax, values)]
                      for name in self._terms}

    def __getitem__(self, name: str) -> sympy.ImmutableMatrix:
        # Complete once every equation that uses `name` is added (only later ones can use a forward value).
        first = min(self._uses[name], default=len(self._forward))
        while self._next >= first:
            step, syntax = self._forward[self._next]
            seed = tuple(tuple(sympy.Add(*cell) for cell in row) for row in self._terms[step])
            _accumulate(syntax, seed, self._values, self._functions, self._terms)
            self._next -= 1
        return sympy.ImmutableMatrix([[sympy.Add(*cell) for cell in row] for row in self._terms[name]])


def _accumulate(syntax: MatrixSyntax, seed: tuple[tuple[sympy.Expr, ...], ...], values: Mapping[str, Array],
                functions: Mapping[str, object], terms: Terms) -> None:
    """Add seed[e] * d(out[e])/dV[r, c] to the terms of every direct input V of one equation (or the cost)."""
    inputs = _direct_inputs(syntax, values)
    cuts: dict[str, Array] = {}
    back: dict[sympy.Symbol, sympy.Expr] = {}
    where: dict[sympy.Symbol, tuple[str, int, int]] = {}
    for name in inputs:
        value = values[name]
        cut = sympy.ImmutableMatrix(value.rows, value.cols,
                                    lambda r, c, n=name: sympy.Dummy(f"{n}_{r + 1}_{c + 1}", real=True))
        cuts[name] = matrix(cut)
        for r in range(value.rows):
            for c in range(value.cols):
                back[cut[r, c]] = value.cells[r][c]
                where[cut[r, c]] = (name, r, c)
    local = build_matrix(syntax, {**values, **cuts}, functions)  # type: ignore[arg-type]
    for r_out, row in enumerate(local.cells):
        for c_out, out in enumerate(row):
            weight = seed[r_out if len(seed) > 1 else 0][c_out if len(seed[0]) > 1 else 0]
            if weight == 0:
                continue
            for symbol in sorted(out.free_symbols & where.keys(), key=sympy.default_sort_key):
                name, r, c = where[symbol]
                terms[name][r][c].append(weight * sympy.diff(out, symbol).xreplace(back))


def full_gradient(cost: sympy.Expr, entries: sympy.ImmutableMatrix) -> sympy.ImmutableMatrix:
    """dJ/dV by `diff` of the whole written-out cost, entry by entry (the check of `reverse_gradients`)."""
    return entries.applyfunc(lambda s: sympy.diff(cost, s))
