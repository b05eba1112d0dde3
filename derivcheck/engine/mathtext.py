"""Render sympy expressions into the three strings results carry (text, pretty, LaTeX)."""

from __future__ import annotations

import sympy
from sympy.printing.str import StrPrinter

from derivcheck.results import Math


class _TextPrinter(StrPrinter):  # type: ignore[misc]
    """sympy's plain text, with derivatives written as the spec language writes them: diff(expr, z)."""

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        variables = ", ".join(self._print(v) for v in expr.variables)
        return f"diff({self._print(expr.expr)}, {variables})"


def math(expr: sympy.Basic) -> Math:
    """One expression as plain text, unicode pretty-print and LaTeX."""
    return Math(
        text=_TextPrinter().doprint(expr),
        pretty=sympy.pretty(expr, use_unicode=True, wrap_line=False),
        latex=sympy.latex(expr),
    )


def number(expr: sympy.Basic) -> str:
    """A short exact text for a number (`0`, `1/100`, `-3`, `sqrt(2)`)."""
    return str(sympy.sstr(expr))
