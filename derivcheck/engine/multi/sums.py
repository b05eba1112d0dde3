"""Index calculus on finite sums over k = 1..n: fresh bound indices, Kronecker deltas summed out, sums as symbols.

This is what turns a claim about vectors of *every* length n into an identity of rational functions, which the
exp-rational normal form then decides.  Each step is an exact identity of finite sums, valid for every n >= 1
and every value of the free indices in 1..n:

- `freshen`: a sum's bound index renamed to a fresh one (alpha-renaming), so substituting an index or an
  intermediate never captures a bound index.
- `reduce_sums`: sum_k (f + g) = sum_k f + sum_k g; sum_k c*f = c*sum_k f for c free of k; sum_k c = n*c;
  sum_k f(k)*delta(k, x) = f(x) for x an index in 1..n (a free index, or a bound index of an enclosing sum,
  both of which run over 1..n).  That relies on an invariant of specs with vectors: every index, free or
  bound, runs over 1..n, the one length of all vectors (the parser builds no other sum); a sum over any other
  range absorbs no delta.
- `canonical`: bound indices renamed by depth, so two sums that differ only in the name of their index are
  one expression.
- `Abstraction`: after the reductions, each distinct sum (as a whole) becomes a fresh symbol, and each entry
  z[i] of a vector at a free index a fresh real symbol.  Sound: a rational function of independent symbols
  that is identically zero stays zero under every specialisation, in particular at the actual values of the
  sums and entries.  Assumptions on these symbols must hold for every n and index: a sum is real when its
  summand is real, and positive only when its summand is positive for every k (and n >= 1, so the sum is
  never empty).  A declared constraint `sum_k y[k] = c` replaces that sum's symbol by c: claims are asserted
  on the constraint set only, and every point derivcheck samples lies on it.
"""

from __future__ import annotations

import sympy

__all__ = ["Abstraction", "canonical", "freshen", "reduce_sums", "top_sums"]


def _index(name: str) -> sympy.Dummy:
    return sympy.Dummy(name, integer=True, positive=True)


def freshen(expr: sympy.Basic) -> sympy.Basic:
    """`expr` with the bound index of every sum renamed to a fresh dummy (inner sums first).

    sympy merges a sum whose body is itself a sum into one sum of several indices (innermost first): each
    index is renamed all the same.
    """
    if not expr.args:
        return expr
    if isinstance(expr, sympy.Sum):
        body = freshen(expr.function)
        limits = []
        for k, low, high in expr.limits:
            fresh = _index(str(k))
            body = body.xreplace({k: fresh})
            limits.append((fresh, low, high))
        return sympy.Sum(body, *limits)
    args = [freshen(arg) for arg in expr.args]
    return expr if all(a is b for a, b in zip(args, expr.args, strict=True)) else expr.func(*args)


def _delta_partner(factor: sympy.Basic, k: sympy.Symbol) -> sympy.Basic | None:
    """x when `factor` is delta(k, x) or delta(x, k) (or a positive power of one) with x another index."""
    base = factor
    if isinstance(factor, sympy.Pow) and factor.exp.is_Integer and factor.exp > 0:
        base = factor.base  # delta**p = delta
    if isinstance(base, sympy.KroneckerDelta):
        first, second = base.args
        if first == k and second != k and k not in second.free_symbols:
            return second
        if second == k and first != k and k not in first.free_symbols:
            return first
    return None


def _sum_term(term: sympy.Expr, k: sympy.Symbol, low: sympy.Expr, high: sympy.Expr, size: sympy.Symbol) -> sympy.Expr:
    """sum over k = low..high of one product `term`."""
    factors = sympy.Mul.make_args(term)
    outside = [f for f in factors if k not in f.free_symbols]
    inside = [f for f in factors if k in f.free_symbols]
    if not inside:
        return sympy.Mul(*outside) * (high - low + 1)
    for position, factor in enumerate(inside):
        partner = _delta_partner(factor, k)
        if partner is not None and low == 1 and high == size and partner.is_integer and partner.is_Symbol:
            # sum_{k=1..n} f(k) delta(k, x) = f(x): x is an index symbol, and every index runs over 1..n.
            rest = sympy.Mul(*(inside[:position] + inside[position + 1:]))
            return sympy.Mul(*outside) * reduce_sums(rest.xreplace({k: partner}), size)
    return sympy.Mul(*outside) * sympy.Sum(sympy.Mul(*inside), (k, low, high))


def reduce_sums(expr: sympy.Basic, size: sympy.Symbol) -> sympy.Basic:
    """Sums split into terms, factors free of the index taken out, Kronecker deltas summed out (inner first).

    `size` is n: only a sum over exactly 1..n may absorb a delta, since only there does every index lie.
    """
    if not expr.args or not expr.has(sympy.Sum):
        return expr
    if isinstance(expr, sympy.Sum):
        body = reduce_sums(expr.function, size)
        for k, low, high in expr.limits:  # innermost first: a sum of several indices is iterated sums
            terms = sympy.Add.make_args(sympy.expand_mul(body))
            body = sympy.Add(*[_sum_term(term, k, low, high, size) for term in terms])
        return body
    args = [reduce_sums(arg, size) for arg in expr.args]
    return expr if all(a is b for a, b in zip(args, expr.args, strict=True)) else expr.func(*args)


def canonical(expr: sympy.Basic, depth: int = 0) -> sympy.Basic:
    """`expr` with each sum's bound index renamed after its nesting depth (alpha-equivalent sums become equal).

    Of a sum of several indices (innermost first) the outermost index is the shallowest.
    """
    if not expr.args or not expr.has(sympy.Sum):
        return expr
    if isinstance(expr, sympy.Sum):
        count = len(expr.limits)
        body = canonical(expr.function, depth + count)
        limits = []
        for position, (k, low, high) in enumerate(expr.limits):
            named = sympy.Symbol(f"__k{depth + count - 1 - position}", integer=True, positive=True)  # no spec
            body = body.xreplace({k: named})  # can declare a `__` name
            limits.append((named, low, high))
        return sympy.Sum(body, *limits)
    return expr.func(*[canonical(arg, depth) for arg in expr.args])


def top_sums(expr: sympy.Basic) -> list[sympy.Sum]:
    """The sums of `expr` that lie inside no other sum, in a deterministic order."""
    found: list[sympy.Sum] = []

    def walk(node: sympy.Basic) -> None:
        if isinstance(node, sympy.Sum):
            found.append(node)
            return
        for arg in node.args:
            walk(arg)

    walk(expr)
    return list(dict.fromkeys(found))


class Abstraction:
    """Replaces each whole sum by a symbol and each vector entry at a free index by a real symbol.

    `constraints` maps a canonical sum to its declared value.  A symbol's assumptions are only those that hold
    for every n >= 1: real for a real summand, positive for a summand positive for every index.
    """

    def __init__(self, constraints: dict[sympy.Basic, sympy.Expr] | None = None) -> None:
        self.constraints = constraints or {}
        self.sums: dict[sympy.Basic, sympy.Expr] = {}
        self.entries: dict[sympy.Basic, sympy.Dummy] = {}
        self.used: list[sympy.Basic] = []  # the constraints a proof relied on

    def __call__(self, expr: sympy.Basic) -> sympy.Basic:
        replacements: dict[sympy.Basic, sympy.Expr] = {}
        for found in top_sums(expr):
            replacements[found] = self._sum(found)
        result = expr.xreplace(replacements)
        entries = {e: self._entry(e) for e in result.atoms(sympy.Indexed)}
        return result.xreplace(entries)

    def _sum(self, found: sympy.Sum) -> sympy.Expr:
        key = canonical(found)
        if key in self.constraints:
            if key not in self.used:
                self.used.append(key)
            return self.constraints[key]
        if key not in self.sums:
            summand = key.function
            # Positive only if every summand is, and no range is empty (each runs from 1 to n >= 1).
            positive = summand.is_positive is True and all(low == 1 for _, low, _ in key.limits)
            real = summand.is_extended_real is True
            name = f"S{len(self.sums)}"
            self.sums[key] = (sympy.Dummy(name, positive=True) if positive
                              else sympy.Dummy(name, real=True) if real else sympy.Dummy(name))
        return self.sums[key]

    def _entry(self, entry: sympy.Indexed) -> sympy.Dummy:
        if entry not in self.entries:
            real = entry.is_extended_real is True
            positive = entry.is_positive is True
            name = f"{entry.base}_{'_'.join(str(i) for i in entry.indices)}"
            self.entries[entry] = (sympy.Dummy(name, positive=True) if positive
                                   else sympy.Dummy(name, real=True) if real else sympy.Dummy(name))
        return self.entries[entry]
