"""The exp-rational normal form: an expression as a rational function of z, t = exp(z/L) and opaque symbols.

Zero in this form proves the expression identically zero: every step is an exact rewrite, except replacing
a non-rational subexpression by a fresh symbol, and a rational function that cancels to zero stays zero under
any substitution for its symbols.  The converse fails (the form is incomplete), which only costs proofs.
"""

from __future__ import annotations

from math import lcm

import sympy
from sympy.polys.polyerrors import PolynomialError

_HYPERBOLIC = (sympy.tanh, sympy.sinh, sympy.cosh, sympy.sech, sympy.csch, sympy.coth)


def _split_exp(arg: sympy.Expr, z: sympy.Symbol, u: sympy.Dummy) -> sympy.Expr:
    """exp(arg) with rational multiples of log(w) pulled out as powers of w, and exp(k*z) as u**k."""
    factors: list[sympy.Expr] = []
    linear = sympy.S.Zero
    constant = sympy.S.Zero
    rest = sympy.S.Zero
    for term in sympy.Add.make_args(sympy.expand_mul(arg)):
        coeff, core = term.as_coeff_Mul()
        if isinstance(core, sympy.log) and coeff.is_Rational:
            factors.append(core.args[0] ** coeff)
        elif core == z and coeff.is_Rational:
            linear += coeff * z
        elif z not in term.free_symbols:
            constant += term
        else:
            rest += term
    # u stands for exp(z) (positive, so u**k * u**m == u**(k+m) and (u**k)**m == u**(k*m) as for exp).
    return sympy.Mul(*factors, u ** (linear / z), sympy.exp(constant), sympy.exp(rest))


def _prepare(expr: sympy.Basic, z: sympy.Symbol, u: sympy.Dummy) -> sympy.Basic:
    """Bottom-up: hyperbolics as exp, exp(log(w)) -> w, log(exp(v)) -> v for real v, exp(k*z) -> u**k."""
    if not expr.args:
        return expr
    inner = expr.args[0]
    if isinstance(expr, sympy.log) and isinstance(inner, sympy.exp) and inner.args[0].is_extended_real:
        return _prepare(inner.args[0], z, u)
    node = expr.func(*[_prepare(arg, z, u) for arg in expr.args])
    if isinstance(node, _HYPERBOLIC):
        return _prepare(node.rewrite(sympy.exp), z, u)
    if isinstance(node, sympy.exp):
        return _split_exp(node.args[0], z, u)
    return node


class _Abstraction:
    """Replaces every non-rational subexpression by a fresh symbol, the same one for equal subexpressions."""

    def __init__(self) -> None:
        self.symbols: dict[sympy.Basic, sympy.Dummy] = {}

    def opaque(self, node: sympy.Basic) -> sympy.Dummy:
        if node not in self.symbols:
            self.symbols[node] = sympy.Dummy(f"u{len(self.symbols)}")
        return self.symbols[node]

    def __call__(self, expr: sympy.Basic) -> sympy.Basic:
        if expr.is_Symbol or expr.is_Rational or isinstance(expr, sympy.NumberSymbol) or expr is sympy.I:
            return expr
        if isinstance(expr, (sympy.Add, sympy.Mul)):
            return expr.func(*[self(arg) for arg in expr.args])
        if isinstance(expr, sympy.Pow) and expr.exp.is_Rational:
            base = self(expr.base)
            numerator, denominator = expr.exp.p, expr.exp.q
            if denominator == 1:
                return base**numerator
            root = base ** sympy.Rational(1, denominator)
            if not (isinstance(root, sympy.Pow) and root.exp == sympy.Rational(1, denominator)):
                return self(root) ** numerator  # the root simplified, e.g. (t**2)**(1/2) = t for positive t
            # base**(p/q) = (base**(1/q))**p: one symbol per root keeps x*sqrt(x) and sqrt(x)**3 alike.
            return self.opaque(root) ** numerator
        return self.opaque(expr)


def exp_rational_normal_form(expr: sympy.Expr, z: sympy.Symbol) -> sympy.Expr | None:
    """The exp-rational normal form of `expr` in z: zero means `expr` is identically zero; None: it failed."""
    try:
        u = sympy.Dummy("u", positive=True)
        prepared = _prepare(expr, z, u)
        # t = exp(z/L) with L the lcm of the denominators of the exponents of u, so every power of t is whole.
        period = lcm(1, *[p.exp.q for p in prepared.atoms(sympy.Pow) if p.base == u and p.exp.is_Rational])
        t = sympy.Dummy("t", positive=True)
        in_t = prepared.xreplace({u: t**period})
        result: sympy.Expr = sympy.cancel(_Abstraction()(in_t))
    except (PolynomialError, NotImplementedError, ValueError, TypeError, RecursionError):
        return None
    return result
