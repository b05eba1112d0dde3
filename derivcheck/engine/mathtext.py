"""Render sympy expressions into the three strings results carry (text, pretty, LaTeX)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.pretty_symbology import pretty_use_unicode
from sympy.printing.str import StrPrinter

from derivcheck.results.checks import Math


class _SharedTerms:
    """Orders the terms of each sum once for all three printers (sympy's ordering is most of their work)."""

    def __init__(self, terms: dict[tuple[Any, Any], list[Any]], settings: dict[str, Any]) -> None:
        super().__init__(settings)  # type: ignore[call-arg]
        self._terms = terms

    def _as_ordered_terms(self, expr: sympy.Expr, order: Any = None) -> list[Any]:
        key = (expr, order or self.order)  # type: ignore[attr-defined]
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = super()._as_ordered_terms(expr, order)  # type: ignore[misc]
        return list(found)


class _TextPrinter(_SharedTerms, StrPrinter):  # type: ignore[misc]
    """sympy's plain text, with derivatives written as the spec language writes them: diff(expr, z)."""

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        variables = ", ".join(self._print(v) for v in expr.variables)
        return f"diff({self._print(expr.expr)}, {variables})"

    # Index notation as specs write it: sum(expr, k) over 1..n and delta(i, j).
    def _print_Sum(self, expr: sympy.Sum) -> str:
        text: str = self._print(expr.function)
        for k, _, _ in expr.limits:
            text = f"sum({text}, {self._print(k)})"
        return text

    def _print_KroneckerDelta(self, expr: sympy.KroneckerDelta) -> str:
        return f"delta({self._print(expr.args[0])}, {self._print(expr.args[1])})"


class _PrettyPrinter(_SharedTerms, PrettyPrinter):  # type: ignore[misc]
    pass


class _LatexPrinter(_SharedTerms, LatexPrinter):  # type: ignore[misc]
    pass


@lru_cache(maxsize=256)  # g is shown by every task of its spec; a claim often equals the truth as written
def math(expr: sympy.Basic) -> Math:
    """One expression as plain text, unicode pretty-print and LaTeX."""
    terms: dict[tuple[Any, Any], list[Any]] = {}
    text = _TextPrinter(terms, {}).doprint(expr)
    # What sympy.pretty(expr, use_unicode=True, wrap_line=False) does, with the shared term order.
    pretty = _PrettyPrinter(terms, {"use_unicode": True, "wrap_line": False})
    flag = pretty_use_unicode(True)
    try:
        shown = pretty.doprint(expr)
    finally:
        pretty_use_unicode(flag)
    return Math(text=text, pretty=shown, latex=_LatexPrinter(terms, {}).doprint(expr))


def number(expr: sympy.Basic) -> str:
    """A short exact text for a number (`0`, `1/100`, `-3`, `sqrt(2)`)."""
    return str(sympy.sstr(expr))


def text_and_latex(expr: sympy.Basic) -> tuple[str, str]:
    """Plain text and LaTeX of `expr` (what `math` gives, without the unicode pretty-print, which takes longest)."""
    terms: dict[tuple[Any, Any], list[Any]] = {}
    return _TextPrinter(terms, {}).doprint(expr), _LatexPrinter(terms, {}).doprint(expr)
