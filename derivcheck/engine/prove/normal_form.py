"""The exp-rational normal form: an expression as a rational function of z, t = exp(m/L) and opaque symbols.

Each exponential is split over real monomials m (z, alpha*z, z**2, a constant): exp(k*m) = t**(k*L) with t a
positive symbol for exp(m/L).  Zero in this form proves the expression identically zero: every step is an
exact rewrite, except replacing a non-rational subexpression by a fresh symbol, and a rational function that
cancels to zero stays zero under any substitution for its symbols.  The converse fails (the form is
incomplete), which only costs proofs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import lcm

import sympy
from sympy.polys.polyerrors import PolynomialError

from derivcheck.engine.prove.rational_zero import common_form, rational_zero
from derivcheck.engine.prove.special_forms import rewrite_special

_HYPERBOLIC = (sympy.tanh, sympy.sinh, sympy.cosh, sympy.sech, sympy.csch, sympy.coth)


class _Units:
    """Positive symbols standing for exp(m), one per real monomial m: exp(k*m) = w**k for rational k."""

    def __init__(self) -> None:
        self.symbols: dict[sympy.Expr, sympy.Dummy] = {}

    def of(self, core: sympy.Expr) -> sympy.Dummy:
        if core not in self.symbols:
            self.symbols[core] = sympy.Dummy(f"w{len(self.symbols)}", positive=True)
        return self.symbols[core]


def _real_monomial(core: sympy.Expr) -> bool:
    """A product of integer powers of real symbols, or 1 (so exp(core) is positive); a negative power only of a
    symbol that is never zero (z/T for a temperature T > 0), so that core is real wherever it is defined."""
    if core == 1:
        return True
    for factor in sympy.Mul.make_args(core):
        base, power = factor.as_base_exp()
        if not (isinstance(base, sympy.Symbol) and base.is_extended_real and power.is_Integer and power != 0):
            return False
        if power < 0 and base.is_zero is not False:
            return False
    return True


def _log_times(core: sympy.Expr, z: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(w, s) when core is s*log(w) with s free of z (a parameter, a product of parameters)."""
    logs = [f for f in sympy.Mul.make_args(core) if isinstance(f, sympy.log)]
    if len(logs) != 1:
        return None
    others = sympy.Mul(*[f for f in sympy.Mul.make_args(core) if f is not logs[0]])
    if z in others.free_symbols:
        return None
    return logs[0].args[0], others


def _split_exp(arg: sympy.Expr, z: sympy.Symbol, units: _Units) -> sympy.Expr:
    """exp(arg) with multiples of log(w) pulled out as powers of w (exp(s*log(w)) is w**s by the definition of
    principal powers), integer multiples of loggamma(x) as powers of gamma(x) (loggamma is a logarithm of
    gamma), and exp(k*m) as w_m**k."""
    factors: list[sympy.Expr] = []
    constant = sympy.S.Zero
    rest = sympy.S.Zero
    for term in sympy.Add.make_args(sympy.expand_mul(arg)):
        coeff, core = term.as_coeff_Mul()
        logged = _log_times(core, z) if coeff.is_Rational else None
        if isinstance(core, sympy.log) and coeff.is_Rational:
            factors.append(core.args[0] ** coeff)
        elif isinstance(core, sympy.loggamma) and coeff.is_Integer:
            factors.append(sympy.gamma(core.args[0]) ** coeff)
        elif logged is not None:
            factors.append(logged[0] ** (coeff * logged[1]))
        elif coeff.is_Rational and _real_monomial(core):
            # w_m stands for exp(m), positive, so w**k * w**j == w**(k+j) and (w**k)**j == w**(k*j) as for exp.
            factors.append(units.of(core) ** coeff)
        elif z not in term.free_symbols:
            constant += term
        else:
            rest += term
    return sympy.Mul(*factors, sympy.exp(constant), sympy.exp(rest))


def _prepare(expr: sympy.Basic, z: sympy.Symbol, units: _Units) -> sympy.Basic:
    """Bottom-up: hyperbolics as exp, erfc as 1 - erf, exp(log(w)) -> w, log(exp(v)) -> v for real v,
    exp(k*m) -> w_m**k."""
    if not expr.args:
        return expr
    inner = expr.args[0]
    if isinstance(expr, sympy.log) and isinstance(inner, sympy.exp) and inner.args[0].is_extended_real:
        return _prepare(inner.args[0], z, units)
    args = [_prepare(arg, z, units) for arg in expr.args]
    # Rebuilding an unchanged node would only run sympy's constructor again.
    node = expr if all(new is old for new, old in zip(args, expr.args, strict=True)) else expr.func(*args)
    related = rewrite_special(node)
    if related is not node:
        return _prepare(related, z, units)
    if isinstance(node, _HYPERBOLIC):
        return _prepare(node.rewrite(sympy.exp), z, units)
    if isinstance(node, sympy.erfc):
        return 1 - sympy.erf(node.args[0])  # exact everywhere; erf(x) then stands for both
    if isinstance(node, sympy.exp):
        return _split_exp(node.args[0], z, units)
    return node


class _Abstraction:
    """Replaces every non-rational subexpression by a fresh symbol, the same one for equal subexpressions.

    With `reduce_roots`, a power p of a q-th root becomes base**(p // q) * root**(p % q) (so -1 -> -1, 1 for
    q = 2), which is exact: (base**(1/q))**q == base for every nonzero base (principal roots).  It proves
    (z**2 + 1)**(3/2) equal to (z**2 + 1)*sqrt(z**2 + 1), and may lose other cancellations (sqrt(x)/sqrt(x)
    is then u*u/x): both forms are tried.
    """

    def __init__(self, reduce_roots: bool = False) -> None:
        self.symbols: dict[sympy.Basic, sympy.Dummy] = {}
        self.reduce_roots = reduce_roots
        self.reducible = False  # some root was raised to a power outside 1 .. q-1

    def opaque(self, node: sympy.Basic) -> sympy.Dummy:
        if node not in self.symbols:
            self.symbols[node] = sympy.Dummy(f"u{len(self.symbols)}")
        return self.symbols[node]

    def __call__(self, expr: sympy.Basic) -> sympy.Basic:
        if expr.is_Symbol or expr.is_Rational or isinstance(expr, sympy.NumberSymbol) or expr is sympy.I:
            return expr
        if isinstance(expr, (sympy.Add, sympy.Mul)):
            return expr.func(*[self(arg) for arg in expr.args])
        if isinstance(expr, sympy.Pow) and not expr.exp.is_Rational and not expr.exp.is_number:
            return self._symbolic_power(expr)
        if isinstance(expr, sympy.Pow) and expr.exp.is_Rational:
            base = self(expr.base)
            numerator, denominator = expr.exp.p, expr.exp.q
            if denominator == 1:
                return base**numerator
            root = base ** sympy.Rational(1, denominator)
            if not (isinstance(root, sympy.Pow) and root.exp == sympy.Rational(1, denominator)):
                return self(root) ** numerator  # the root simplified, e.g. (t**2)**(1/2) = t for positive t
            # base**(p/q) = (base**(1/q))**p: one symbol per root keeps x*sqrt(x) and sqrt(x)**3 alike.
            if 0 < numerator < denominator:
                return self.opaque(root) ** numerator
            self.reducible = True
            if not self.reduce_roots:
                return self.opaque(root) ** numerator
            whole, remainder = divmod(numerator, denominator)
            return base**whole * self.opaque(root) ** remainder
        return self.opaque(expr)

    def _symbolic_power(self, expr: sympy.Pow) -> sympy.Basic:
        """w**(r + k*s + ...) as w**r * (w**s)**k * ...: for principal powers w**x = exp(x*log(w)), so exponents
        add, and an integer multiple k of an exponent is the k-th power (exact for every w != 0)."""
        base = expr.base
        rational = sympy.S.Zero
        result: sympy.Basic = sympy.S.One
        for term in sympy.Add.make_args(expr.exp):
            if term.is_Rational:
                rational += term
                continue
            coeff, core = term.as_coeff_Mul()
            if coeff.is_Integer:
                result *= self.opaque(base**core) ** coeff
            else:
                result *= self.opaque(base**term)
        return result * self(base**rational) if rational != 0 else result


def _prepared(expr: sympy.Expr, z: sympy.Symbol) -> sympy.Expr:
    """`expr` in t_m = exp(m/L_m) (every power of t_m whole), before the abstraction."""
    units = _Units()
    prepared = _prepare(expr, z, units)
    replacements = _periods(units, prepared)
    result: sympy.Expr = prepared.xreplace(replacements) if replacements else prepared
    return result


def _periods(units: _Units, *prepared: sympy.Expr) -> dict[sympy.Dummy, sympy.Expr]:
    """w_m -> t_m**L_m where the exponents of w_m have denominators (L_m their lcm, so every power is whole)."""
    replacements: dict[sympy.Dummy, sympy.Expr] = {}
    powers = [p for expr in prepared for p in expr.atoms(sympy.Pow)
              if p.base in units.symbols.values() and p.exp.is_Rational]
    for w in units.symbols.values():
        period = lcm(1, *[p.exp.q for p in powers if p.base == w])
        if period > 1:  # else w_m itself serves as t_m
            replacements[w] = sympy.Dummy("t", positive=True) ** period
    return replacements


@dataclass(frozen=True)
class SideForms:
    """Each side's normal form, computed apart with one substitution: what a certificate shows.

    `units` are (u, exp(m/L)) with every exp(k*m) of the sides a whole power of u; `opaque` are (w, the
    subexpression it stands for); both written in the variable itself, in the order they were introduced (a
    later one may contain an earlier one's subexpression).
    """

    lhs: sympy.Expr
    rhs: sympy.Expr
    units: tuple[tuple[sympy.Dummy, sympy.Expr], ...]
    opaque: tuple[tuple[sympy.Dummy, sympy.Expr], ...]
    reduce_roots: bool


def side_forms(lhs: sympy.Expr, rhs: sympy.Expr, z: sympy.Symbol) -> SideForms | None:
    """Both sides' normal forms when they are equal as rational functions; None when they are not (the proof of
    their difference may still hold: sympy merges terms of the two sides before a difference is prepared)."""
    try:
        units = _Units()
        sides = _prepare(lhs, z, units), _prepare(rhs, z, units)
        periods = _periods(units, *sides)
        sides = tuple(side.xreplace(periods) if periods else side for side in sides)
        for reduce_roots in (False, True):
            abstraction = _Abstraction(reduce_roots=reduce_roots)
            forms = common_form(abstraction(sides[0]), abstraction(sides[1]))
            if forms is not None:
                break
        else:
            return None
    except _FAILURES:
        return None
    # Each unit in the variable itself: w_m = exp(m) with m in earlier units written out, t_m = exp(m/L_m).
    written: dict[sympy.Basic, sympy.Expr] = {}
    found_units: list[tuple[sympy.Dummy, sympy.Expr]] = []
    for core, w in units.symbols.items():
        value = sympy.exp(core.xreplace(written))
        written[w] = value
        power = periods.get(w)
        if power is None:
            found_units.append((w, value))
        else:
            t, period = power.base, power.exp
            found_units.append((t, sympy.exp(core.xreplace(written) / period)))
            written[t] = found_units[-1][1]
    opaque = []
    for node, symbol in abstraction.symbols.items():
        value = node.xreplace(written)
        written[symbol] = value
        opaque.append((symbol, value))
    return SideForms(forms[0], forms[1], tuple(found_units), tuple(opaque), reduce_roots)


_FAILURES = (PolynomialError, NotImplementedError, ValueError, TypeError, RecursionError)


@lru_cache(maxsize=512)
def exp_rational_normal_form(expr: sympy.Expr, z: sympy.Symbol) -> sympy.Expr | None:
    """The exp-rational normal form of `expr` in z: zero means `expr` is identically zero; None: it failed."""
    try:
        result: sympy.Expr = sympy.cancel(_Abstraction()(_prepared(expr, z)))
    except _FAILURES:
        return None
    return result


@lru_cache(maxsize=512)  # a claim's proof asks for the same forms again (exact stage, then with simplify)
def exp_rational_zero(expr: sympy.Expr, z: sympy.Symbol) -> bool | None:
    """Whether `expr` has exp-rational normal form 0, with or without reducing powers of roots (True proves
    `expr` identically zero); None when no form can be computed.  Polynomial arithmetic decides it
    without building the form."""
    try:
        prepared = _prepared(expr, z)
        plain = _Abstraction()
        zero = rational_zero(plain(prepared))
        if zero is None:  # floats, the imaginary unit: sympy's cancel knows them
            form = exp_rational_normal_form(expr, z)
            zero = None if form is None else form == 0
        if not zero and plain.reducible:
            zero = rational_zero(_Abstraction(reduce_roots=True)(prepared)) or zero
    except _FAILURES:
        return None
    return zero
