"""An expression on one interval of the domain, as an expression in a positive t: what the domain lets a proof use.

Soundness.  The interval's interior is the image of t > 0 under a bijection z = phi(t): lo + t on (lo, oo),
hi - t on (-oo, hi), (lo + hi*t)/(1 + t) on (lo, hi).  So an expression vanishes at every z of the interval
exactly when its substitution vanishes at every t > 0, and t may be a positive symbol.  A bounded interval is
also tried as part of (lo, oo) (z = lo + t) and of (-oo, hi) (z = hi - t): a rewrite true for every t > 0 is
true on the part, and the simpler substitution keeps the ends out of nested radicals.  Then every root, power
and logarithm whose base (argument) is a product c * f1**m1 * ... / (g1**n1 * ...) of factors each *proved*
positive (or negative, taken with its sign) for every t > 0 is split: (x*y)**e = x**e * y**e and log(x*y) =
log(x) + log(y) for positive reals x, y and any real e.  A factor counts as positive only by a structural
argument: a positive number, a positive symbol, a polynomial in t whose coefficients are all >= 0 (not all 0),
exp of anything real, a positive power of a positive factor, products and sums of positive factors.  Nothing
is assumed that the domain does not state: on the whole real line there is no such t, and sqrt(z**2) stays
sqrt(z**2).  The interval's ends are single points: an identity of functions continuous where defined that
holds inside holds at an end wherever both sides are defined there (and a domain end is no claim of the
derivative's, whose breakpoints the kink analysis checks).
"""

from __future__ import annotations

import sympy
from sympy.polys.polyerrors import PolynomialError

from derivcheck.engine.numbers.exact_sign import sign

__all__ = ["Facts", "on_interval", "parameterisations", "split_positive"]

# Bases larger than this (in operations) are left as they are: factoring them would cost more than it helps.
_MAX_OPS = 120


def parameterisations(interval: sympy.Set, t: sympy.Symbol) -> list[sympy.Expr]:
    """The substitutions z = phi(t), t > 0, that cover the interval's interior (a superset for the one-sided
    ones of a bounded interval); none for the whole line or a non-interval."""
    if not isinstance(interval, sympy.Interval):
        return []
    lo, hi = interval.inf, interval.sup
    if lo.is_infinite and hi.is_infinite:
        return []
    if hi.is_infinite:
        return [lo + t]
    if lo.is_infinite:
        return [hi - t]
    return [lo + t, hi - t, (lo + hi * t) / (1 + t)]


def on_interval(expr: sympy.Expr, z: sympy.Symbol,
                interval: sympy.Set) -> list[tuple[sympy.Expr, sympy.Symbol, sympy.Expr]]:
    """Each (expr at z = phi(t) with roots and logs of positive products split, t, phi): when one is zero for
    every t > 0, `expr` is zero on the interval's interior.  None for the whole line (or a non-interval)."""
    t = sympy.Dummy("t", positive=True)
    found = []
    for phi in parameterisations(interval, t):
        try:
            found.append((_split(expr.xreplace({z: phi}), t), t, phi))
        except (PolynomialError, NotImplementedError, ValueError, TypeError, RecursionError):
            continue
    return found


#: The splits a rewrite used: each base with its factors and their powers (product = base, every factor > 0).
Facts = dict[sympy.Expr, tuple[tuple[sympy.Expr, sympy.Expr], ...]]


def split_positive(expr: sympy.Expr, t: sympy.Symbol, facts: Facts) -> sympy.Expr:
    """`expr` (in t > 0) with roots, powers and logarithms of positive products split, each split in `facts`."""
    result: sympy.Expr = _split(expr, t, facts)
    return result


def _split(expr: sympy.Basic, t: sympy.Symbol, facts: Facts | None = None) -> sympy.Basic:
    """Bottom-up: roots, powers and logs of products of signed factors split; Abs and sign of a signed factor
    replaced by their value."""
    if not expr.args or t not in expr.free_symbols:
        return expr
    args = [_split(arg, t, facts) for arg in expr.args]
    node = expr if all(new is old for new, old in zip(args, expr.args, strict=True)) else expr.func(*args)
    if isinstance(node, sympy.Pow) and not node.exp.is_Integer and t in node.base.free_symbols:
        factors = _signed_factors(node.base, t)
        if factors is not None:
            if facts is not None:
                facts[node.base] = tuple(factors)
            return sympy.Mul(*(f ** (m * node.exp) for f, m in factors))
    if isinstance(node, sympy.log) and t in node.args[0].free_symbols:
        factors = _signed_factors(node.args[0], t)
        if factors is not None:
            if facts is not None:
                facts[node.args[0]] = tuple(factors)
            return sympy.Add(*(m * sympy.log(f) for f, m in factors))
    if isinstance(node, (sympy.Abs, sympy.sign)):
        found = _sign_on(node.args[0], t)
        if found is not None:
            return found * node.args[0] if isinstance(node, sympy.Abs) else sympy.Integer(found)
    return node


def _signed_factors(base: sympy.Expr, t: sympy.Symbol) -> list[tuple[sympy.Expr, sympy.Expr]] | None:
    """base = prod f**m with every f positive for t > 0 (negative factors taken with their sign); None if some
    factor has no proved sign or the base is not positive."""
    if sympy.count_ops(base) > _MAX_OPS:
        return None
    numerator, denominator = sympy.fraction(sympy.together(base))
    found: list[tuple[sympy.Expr, sympy.Expr]] = []
    overall = 1
    for part, power in ((numerator, 1), (denominator, -1)):
        coefficient, factors = _factor_list(part)
        pieces = [(coefficient, sympy.S.One), *factors]
        for factor, multiplicity in pieces:
            if factor == 1:
                continue
            direction = _sign_on(factor, t)
            if direction is None:
                return None
            if direction < 0 and multiplicity % 2 == 1:
                overall = -overall
            factor, exponent = direction * factor, power * multiplicity
            while isinstance(factor, sympy.Pow) and _sign_on(factor.base, t) == 1 and factor.exp.is_extended_real:
                factor, exponent = factor.base, exponent * factor.exp  # (w**e)**m = w**(e*m) for w > 0
            found.append((factor, exponent))
    if overall < 0:
        return None  # a negative base: its roots and logarithm are not real, nothing to split
    return found


def _factor_list(part: sympy.Expr) -> tuple[sympy.Expr, list[tuple[sympy.Expr, int]]]:
    """sympy's factor_list, over the field of the roots of numbers the part contains (an end of an interval such
    as 2 - 2*sqrt(3) makes (t/2 + 2 - sqrt(3))**2 irreducible over the rationals); the part itself, unsplit,
    when it cannot be factored."""
    roots = sorted({p for p in part.atoms(sympy.Pow) if p.is_number and p.exp.is_Rational and not p.exp.is_Integer},
                   key=sympy.default_sort_key)
    for options in ({"extension": roots}, {}) if roots else ({},):
        try:
            coefficient, factors = sympy.factor_list(part, **options)
        except (PolynomialError, NotImplementedError, ValueError, TypeError):
            continue
        return coefficient, list(factors)
    return sympy.S.One, [(part, 1)]


def _sign_on(f: sympy.Expr, t: sympy.Symbol) -> int | None:
    """+1 or -1 when f has that sign for every t > 0 (and every parameter value of the symbols' signs)."""
    if f.is_number:
        found = sign(f)
        return found if found in (1, -1) else None
    if isinstance(f, sympy.Symbol):
        return 1 if f.is_positive else -1 if f.is_negative else None
    if isinstance(f, sympy.exp) and f.args[0].is_extended_real:
        return 1
    if isinstance(f, sympy.Pow):
        base = _sign_on(f.base, t)
        if base == 1 and f.exp.is_extended_real:
            return 1
        if base is not None and f.exp.is_Integer:
            return 1 if base == 1 or int(f.exp) % 2 == 0 else -1
        return None
    if isinstance(f, sympy.Mul):
        product = 1
        for arg in f.args:
            found = _sign_on(arg, t)
            if found is None:
                return None
            product *= found
        return product
    if isinstance(f, sympy.Add):
        return _polynomial_sign(f, t) or _same_sign(f, t)
    return None


def _polynomial_sign(f: sympy.Expr, t: sympy.Symbol) -> int | None:
    """The sign of a polynomial in t whose coefficients (numbers or parameters) all have one sign."""
    try:
        poly = sympy.Poly(f, t)
    except PolynomialError:
        return None
    if any(t in c.free_symbols for c in poly.coeffs()):
        return None
    signs = {_coefficient_sign(c) for c in poly.coeffs()}
    if signs == {1}:
        return 1
    if signs == {-1}:
        return -1
    return None


def _coefficient_sign(c: sympy.Expr) -> int | None:
    if c.is_number:
        return sign(c)
    return 1 if c.is_positive else -1 if c.is_negative else None


def _same_sign(f: sympy.Expr, t: sympy.Symbol) -> int | None:
    signs = {_sign_on(arg, t) for arg in f.args}
    return signs.pop() if len(signs) == 1 and None not in signs else None
