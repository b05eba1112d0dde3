"""Render sympy expressions into the three strings results carry (text, pretty, LaTeX)."""

from __future__ import annotations

import sympy

from derivcheck.results import Math


def math(expr: sympy.Basic) -> Math:
    """One expression as plain text, unicode pretty-print and LaTeX."""
    return Math(
        text=sympy.sstr(expr),
        pretty=sympy.pretty(expr, use_unicode=True, wrap_line=False),
        latex=sympy.latex(expr),
    )


def number(expr: sympy.Basic) -> str:
    """A short exact text for a number (`0`, `1/100`, `-3`, `sqrt(2)`)."""
    return str(sympy.sstr(expr))
