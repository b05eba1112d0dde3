"""A side written in a piece's symbols, and the identity of two rational expressions by polynomial expansion.

The rewriting uses identities only: hyperbolic functions in exponentials, erfc(x) = 1 - erf(x),
exp(k1*e1 + ... + kn*en) = u1**k1 * ... * un**kn for the units u = exp(e) of the piece (whole k only),
b**(p/q) = r**p or b**(p//q) * r**(p%q) for a named root r = b**(1/q) (both hold for the principal root of
any b), and any other subexpression named by an opaque symbol replaced by that symbol.  Whatever it cannot
rewrite stays as it is, so a wrong certificate fails the expansion rather than passing.
"""

from __future__ import annotations

import sympy

__all__ = ["Symbols", "identical", "in_symbols"]

_HYPERBOLIC = (sympy.tanh, sympy.sinh, sympy.cosh, sympy.sech, sympy.csch, sympy.coth)


class Symbols:
    """A piece's units (u = exp(e)) and opaque symbols (w = an expression), each written in the earlier ones."""

    def __init__(self, *, reduce_roots: bool = False) -> None:
        self.reduce_roots = reduce_roots  # b**(p/q) as b**(p//q) * r**(p%q) (else as r**p)
        self.units: list[tuple[sympy.Symbol, sympy.Expr]] = []  # (u, e) with u = exp(e)
        self.opaque: dict[sympy.Basic, sympy.Symbol] = {}  # the expression (rewritten) -> its symbol
        self.raw: dict[sympy.Basic, sympy.Symbol] = {}  # the expression as the certificate writes it -> its symbol
        self.roots: dict[tuple[sympy.Basic, int], sympy.Symbol] = {}  # (b, q) -> r = b**(1/q)

    def add_unit(self, symbol: sympy.Symbol, means: sympy.Expr) -> None:
        if not isinstance(means, sympy.exp):
            raise ValueError(f"a unit must stand for an exponential, not {means}")
        self.units.append((symbol, sympy.expand(in_symbols(means.args[0], self))))

    def add_opaque(self, symbol: sympy.Symbol, means: sympy.Expr) -> None:
        written = in_symbols(means, self)
        self.raw[means] = symbol
        self.opaque[written] = symbol
        if isinstance(written, sympy.Pow) and written.exp.is_Rational and written.exp.p == 1:
            self.roots[(written.base, int(written.exp.q))] = symbol


def in_symbols(expr: sympy.Expr, symbols: Symbols) -> sympy.Expr:
    """`expr` rewritten, bottom-up, into the units and opaque symbols (see the module docstring)."""
    if expr.has(*_HYPERBOLIC):
        expr = expr.replace(lambda node: isinstance(node, _HYPERBOLIC), lambda node: node.rewrite(sympy.exp))
    if expr.has(sympy.erfc):
        expr = expr.replace(lambda node: isinstance(node, sympy.erfc), lambda node: 1 - sympy.erf(node.args[0]))

    def walk(node: sympy.Basic) -> sympy.Basic:
        named = symbols.raw.get(node)  # as written first, then with its arguments rewritten
        if named is not None:
            return named
        if not node.args or isinstance(node, sympy.Symbol):
            return symbols.opaque.get(node, node)
        original = node
        args = [walk(arg) for arg in node.args]
        node = node.func(*args) if any(a is not b for a, b in zip(args, node.args, strict=True)) else node
        named = symbols.opaque.get(node)
        if named is not None:
            return named
        if isinstance(node, sympy.exp):
            return _exponential(original, node, symbols)
        if isinstance(node, sympy.Pow) and node.exp.is_Rational and not node.exp.is_Integer:
            root = symbols.roots.get((node.base, int(node.exp.q)))
            if root is not None:
                p, q = int(node.exp.p), int(node.exp.q)
                return node.base ** (p // q) * root ** (p % q) if symbols.reduce_roots else root**p
        return node

    result: sympy.Expr = walk(expr)
    return result


def _exponential(original: sympy.Basic, node: sympy.Basic, symbols: Symbols) -> sympy.Basic:
    """exp(a) as a product of whole powers of the units, or an opaque exponential (or its reciprocal)."""
    for power in (1, -1):  # a symbol of its own first (exp(x) and exp(-x) may each have one)
        for written, symbol in symbols.raw.items():
            if isinstance(written, sympy.exp) and sympy.expand(original.args[0] - power * written.args[0]) == 0:
                return symbol**power
    rest = sympy.expand(node.args[0])
    product: sympy.Expr = sympy.Integer(1)
    for unit, exponent in symbols.units:
        core, coefficient = _core(exponent)
        k = sympy.expand(rest).coeff(core) / coefficient if core != 1 else sympy.Integer(0)
        if k.is_Integer and k != 0:
            product *= unit**k
            rest = sympy.expand(rest - k * exponent)
    if rest != 0:
        for power in (1, -1):
            for written, symbol in symbols.opaque.items():
                if isinstance(written, sympy.exp) and sympy.expand(rest - power * written.args[0]) == 0:
                    return product * symbol**power
        return product * sympy.exp(rest)
    return product


def _core(exponent: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """A unit's exponent as (monomial, rational coefficient): z/2 -> (z, 1/2)."""
    coefficient, core = exponent.as_coeff_Mul()
    return core, coefficient


def identical(a: sympy.Expr, b: sympy.Expr) -> bool:
    """a == b as rational expressions in their atoms: the numerator of a - b expands to 0."""
    numerator, _ = sympy.fraction(sympy.together(a - b))
    return bool(sympy.expand(numerator) == 0)
