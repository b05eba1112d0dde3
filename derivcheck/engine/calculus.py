"""The derivative the engine means by g': sympy's, with steps held fixed between their jumps and no value kept."""

from __future__ import annotations

from functools import lru_cache

import sympy

__all__ = ["derivative"]


@lru_cache(maxsize=128)  # g' is the truth of one task and the finite-difference witness of the next
def derivative(expr: sympy.Expr, z: sympy.Symbol, order: int) -> sympy.Expr:
    """The `order`-th derivative of `expr` in z (order 0: `expr` itself).

    floor(u) and ceiling(u) are constant between their jumps, so they are held fixed: the derivative holds
    wherever u(z) is not an integer, and the jumps themselves belong to the kink analysis, as every other
    breakpoint does.  A branch written to have no value (nan) keeps no value in the derivative (sympy would
    make it 0, as the derivative of a constant).
    """
    if order == 0:
        return expr
    steps = {node: sympy.Dummy("step") for node in expr.atoms(sympy.floor, sympy.ceiling) if z in node.free_symbols}
    absent = sympy.Function("no_value")(z)
    prepared = expr.xreplace({**steps, sympy.nan: absent}) if steps or expr.has(sympy.nan) else expr
    result: sympy.Expr = sympy.diff(prepared, z, order)
    if prepared is not expr:
        gone = {d: sympy.nan for d in result.atoms(sympy.Derivative) if d.expr == absent}
        result = result.xreplace(gone).xreplace({absent: sympy.nan, **{d: s for s, d in steps.items()}})
    return result
