"""Piecewise structure of an expression in z: its breakpoints and the plain expression on each open piece."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, pairwise

import sympy
from sympy.logic.boolalg import Boolean, BooleanAtom

from derivcheck.engine.zeros import change_points

# What _rewrite turns into Piecewise, and Piecewise itself: an expression without them has no breakpoints.
_BRANCHING = (sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign, sympy.DiracDelta)
_MAX_VARIANTS = 64
_DIGITS = 50

_NO_PARAMETERS: Mapping[sympy.Symbol, sympy.Expr] = {}


@dataclass(frozen=True)
class Piece:
    """On the open interval (lower, upper) the expression equals `expr`, which has no Piecewise in z."""

    lower: sympy.Expr
    upper: sympy.Expr
    expr: sympy.Expr


def _rewrite_node(node: sympy.Basic, z: sympy.Symbol) -> sympy.Basic:
    """One Max/Min/Abs/Heaviside/sign/DiracDelta node in z as a Piecewise (other nodes unchanged)."""
    if z not in node.free_symbols:
        return node
    if isinstance(node, (sympy.Abs, sympy.sign, sympy.Heaviside)) and isinstance(node.args[0], sympy.Piecewise):
        # f(Piecewise((e, c), ...)) is Piecewise((f(e), c), ...): a comparison with a whole Piecewise would
        # become an ITE condition whose every branch sympy evaluates, the non-real ones included.
        inner = node.args[0]
        return sympy.Piecewise(*((_rewrite_node(node.func(value, *node.args[1:]), z), cond)
                                 for value, cond in inner.args))
    if isinstance(node, (sympy.Max, sympy.Min)):
        # Pairwise, by hand: sympy's own rewrite merges conditions into ITE forms that are harder to solve.
        first, *rest = node.args
        other = node.func(*rest) if len(rest) > 1 else rest[0]
        other = _rewrite_node(other, z)
        keep = first >= other if isinstance(node, sympy.Max) else first <= other
        return sympy.Piecewise((first, keep), (other, True))
    if isinstance(node, sympy.Abs):
        x = node.args[0]
        return sympy.Piecewise((x, x >= 0), (-x, True))
    if isinstance(node, sympy.Heaviside):
        x = node.args[0]
        # The value at x = 0 is kept for fidelity; pieces never evaluate a condition at a breakpoint.
        return sympy.Piecewise((0, x < 0), (1, x > 0), (node.func(0, *node.args[1:]), True))
    if isinstance(node, sympy.sign):
        x = node.args[0]
        return sympy.Piecewise((-1, x < 0), (1, x > 0), (0, True))
    if isinstance(node, sympy.DiracDelta):
        # Zero wherever its argument is nonzero: on open pieces it vanishes.
        return sympy.Piecewise((0, sympy.Ne(node.args[0], 0)), (node, True))
    return node


@lru_cache(maxsize=4096)  # g, g', the claim and their difference share subtrees; Piecewise() is slow to build
def _rewrite(expr: sympy.Basic, z: sympy.Symbol) -> sympy.Basic:
    """Bottom-up rewrite of every kink-making function in z into Piecewise, without folding."""
    if not expr.args or z not in expr.free_symbols:
        return expr
    args = [_rewrite(arg, z) for arg in expr.args]
    new = expr if all(new is old for new, old in zip(args, expr.args, strict=True)) else expr.func(*args)
    return _rewrite_node(new, z)


def to_piecewise(expr: sympy.Expr, z: sympy.Symbol) -> sympy.Expr:
    """`expr` with Max/Min/Abs/Heaviside/sign (nested too) in z rewritten as Piecewise, then folded."""
    result: sympy.Expr = sympy.piecewise_fold(_rewrite(expr, z))
    return result


def _relationals(expr: sympy.Basic, z: sympy.Symbol) -> list[sympy.Rel] | None:
    """Every relational in z inside a Piecewise condition; None if some condition in z is not made of them."""
    found: list[sympy.Rel] = []
    for pw in expr.atoms(sympy.Piecewise):
        for _, cond in pw.args:
            if isinstance(cond, BooleanAtom) or z not in cond.free_symbols:
                continue
            if not _collect(cond, z, found):
                return None
    return found


def _collect(cond: sympy.Basic, z: sympy.Symbol, found: list[sympy.Rel]) -> bool:
    if isinstance(cond, sympy.Rel):
        found.append(cond)
        return True
    if isinstance(cond, (sympy.And, sympy.Or, sympy.Not, sympy.Xor, sympy.ITE)):
        return all(_collect(arg, z, found) for arg in cond.args if z in arg.free_symbols)
    return isinstance(cond, BooleanAtom)


def branch_choices(expr: sympy.Expr) -> Iterator[sympy.Expr]:
    """Every Piecewise-free expression obtained by choosing one branch at each Piecewise (a superset)."""
    pws = sorted(expr.atoms(sympy.Piecewise), key=sympy.count_ops)
    if not pws:
        yield expr
        return
    inner = pws[0]  # a Piecewise of minimal size contains no other Piecewise
    for branch, _ in inner.args:
        yield from branch_choices(expr.xreplace({inner: branch}))


def heaviside_conventions(expr: sympy.Expr, z: sympy.Symbol | None = None) -> list[sympy.Expr]:
    """expr under each convention for Heaviside(0) (0, 1/2, 1) of its steps (those in `z` when given): sympy's
    1/2 is a convention, so a value counts only if every convention gives it.  [expr] when it has no step."""
    steps = [h for h in expr.atoms(sympy.Heaviside) if z is None or z in h.free_symbols]
    if not steps:
        return [expr]
    return [expr.xreplace({h: sympy.Heaviside(h.args[0], h0) for h in steps})
            for h0 in (sympy.S.Zero, sympy.S.Half, sympy.S.One)]


def _numeric(p: sympy.Expr, parameters: Mapping[sympy.Symbol, sympy.Expr]) -> sympy.Float | None:
    value = sympy.N(p.xreplace(dict(parameters)), _DIGITS)
    return value if value.is_real and value.is_finite and value.is_Number else None


def _less(a: sympy.Expr, b: sympy.Expr, parameters: Mapping[sympy.Symbol, sympy.Expr], for_all: bool
          ) -> bool | None:
    """a < b at the parameter values, or (for_all) for every value the symbols' assumptions allow."""
    if for_all:
        verdict = (b - a).is_extended_positive
        return None if verdict is None else bool(verdict)
    if a is sympy.S.NegativeInfinity or b is sympy.S.Infinity:
        return bool(a != b)
    if a is sympy.S.Infinity or b is sympy.S.NegativeInfinity:
        return False
    x, y = _numeric(a, parameters), _numeric(b, parameters)
    return None if x is None or y is None else bool(x < y)


def _sorted_unique(points: list[sympy.Expr], parameters: Mapping[sympy.Symbol, sympy.Expr], for_all: bool
                   ) -> list[sympy.Expr] | None:
    keyed: list[tuple[sympy.Float, sympy.Expr]] = []
    for p in points:
        value = _numeric(p, parameters)
        if value is None:
            return None
        for known_value, known in keyed:
            if abs(known_value - value) < sympy.Float(10) ** (5 - _DIGITS):
                # Numerically equal: merging is only safe if they are provably the same point.
                difference = known - p if for_all else (known - p).xreplace(dict(parameters))
                if sympy.simplify(difference) != 0:
                    return None
                break
        else:
            keyed.append((value, p))
    keyed.sort(key=lambda pair: pair[0])
    ordered = [p for _, p in keyed]
    if for_all and not all(_less(a, b, parameters, True) for a, b in pairwise(ordered)):
        return None
    return ordered


def has_branches(expr: sympy.Basic) -> bool:
    """Whether `expr` has anything that could branch (Piecewise, Max, Abs, Heaviside, ...): else it has no
    breakpoints and is its own only piece."""
    return bool(expr.atoms(*_BRANCHING))


def breakpoints(expr: sympy.Expr, z: sympy.Symbol,
                parameters: Mapping[sympy.Symbol, sympy.Expr] = _NO_PARAMETERS, *,
                for_all: bool = False) -> list[sympy.Expr] | None:
    """Sorted real points where some condition in `expr` may change; None if they cannot be found exactly.

    `parameters` (symbol -> value) order symbolic points.  With `for_all`, the points and their order must
    hold for every parameter value the symbols' assumptions allow, not just for the given values.
    """
    found = _breakpoints(expr, z, tuple(parameters.items()), for_all)
    return None if found is None else list(found)


@lru_cache(maxsize=1024)  # a claim's proof and its sampling ask for the breakpoints of the same expressions
def _breakpoints(expr: sympy.Expr, z: sympy.Symbol, items: tuple[tuple[sympy.Symbol, sympy.Expr], ...],
                 for_all: bool) -> tuple[sympy.Expr, ...] | None:
    if not has_branches(expr):
        return ()
    parameters = dict(items)
    rels = _relationals(_rewrite(expr, z), z)
    if rels is None:
        return None
    points: list[sympy.Expr] = []
    for rel in rels:
        variants = list(islice(branch_choices(rel.lhs - rel.rhs), _MAX_VARIANTS + 1))
        if len(variants) > _MAX_VARIANTS:
            return None  # too many branch combinations to solve them all
        for f in variants:
            if z not in f.free_symbols:
                continue
            found = change_points(f, z)
            if not for_all and parameters and f.free_symbols & set(parameters):
                # solveset may miss solutions that exist only for special parameter values; add those too.
                by_value = change_points(f.xreplace(dict(parameters)), z)
                found = None if by_value is None else (*(found or ()), *by_value)
            if found is None:
                return None
            points.extend(found)
            if len(points) > 4 * _MAX_VARIANTS:
                return None
    ordered = _sorted_unique(points, parameters, for_all)
    return None if ordered is None else tuple(ordered)


def _interior_point(lower: sympy.Expr, upper: sympy.Expr) -> sympy.Expr:
    if lower is sympy.S.NegativeInfinity and upper is sympy.S.Infinity:
        return sympy.S.Zero
    if lower is sympy.S.NegativeInfinity:
        return upper - abs(upper) - 1
    if upper is sympy.S.Infinity:
        return lower + abs(lower) + 1
    return (lower + upper) / 2


def _select(expr: sympy.Basic, at: Mapping[sympy.Basic, sympy.Expr]) -> sympy.Basic | None:
    """`expr` with each Piecewise replaced by its branch that holds at the point `at` (None: undecidable).

    A Piecewise's conditions are decided in order, and only up to the first that holds: the later ones, and the
    values of branches that do not hold, may not even be real at the point (sqrt(1 - a) where a > 1).
    """
    if not expr.args:
        return expr
    if isinstance(expr, sympy.Piecewise):
        for branch, cond in expr.args:
            truth = _truth(cond, at)
            if truth is None:
                return None
            if truth:
                return _select(branch, at)
        return None
    args = []
    for arg in expr.args:
        chosen = _select(arg, at)
        if chosen is None:
            return None
        args.append(chosen)
    return expr.func(*args)


def _truth(cond: sympy.Basic, at: Mapping[sympy.Basic, sympy.Expr]) -> bool | None:
    """Whether a condition holds at the point, decided lazily (And and Or stop at their first deciding part, ITE
    looks only at the branch its test selects); None when undecidable, e.g. a comparison of a non-real number."""
    if cond is sympy.true or cond is sympy.false:
        return bool(cond)
    if isinstance(cond, sympy.ITE):
        test = _truth(cond.args[0], at)
        return None if test is None else _truth(cond.args[1] if test else cond.args[2], at)
    if isinstance(cond, (sympy.And, sympy.Or)):
        stop = isinstance(cond, sympy.Or)  # the value that decides the whole: True for Or, False for And
        unknown = False
        for part in cond.args:
            value = _truth(part, at)
            if value is None:
                unknown = True
            elif value is stop:
                return stop
        return None if unknown else not stop
    if isinstance(cond, sympy.Not):
        value = _truth(cond.args[0], at)
        return None if value is None else not value
    chosen = _select(cond, at)
    if chosen is None:
        return None
    try:
        truth = chosen.xreplace(dict(at)) if isinstance(chosen, Boolean) else chosen
    except (TypeError, ValueError):
        return None
    return True if truth is sympy.true else False if truth is sympy.false else None


def branch_at(expr: sympy.Expr, z: sympy.Symbol, point: sympy.Expr) -> sympy.Basic | None:
    """`expr` at the exact point with each Piecewise (and Max, Abs, sign, ...) replaced by the branch whose
    condition holds there, still in z; None when a condition cannot be decided.  Heaviside(0) and sign(0) come
    out as sympy's values: a caller that needs a convention-free value looks at those separately."""
    chosen = _select(_rewrite(expr, z), {z: point})
    return chosen


def pieces(expr: sympy.Expr, z: sympy.Symbol, interval: sympy.Set,
           parameters: Mapping[sympy.Symbol, sympy.Expr] = _NO_PARAMETERS, *,
           for_all: bool = False) -> list[Piece] | None:
    """The Piecewise-free form of `expr` on each open sub-interval of `interval` between breakpoints.

    Branches are chosen at an interior point with the parameters at their values, or, with `for_all`, kept
    symbolic so that the choice holds for every value their assumptions allow (None if undecidable).
    """
    if not isinstance(interval, sympy.Interval):
        return None
    points = breakpoints(expr, z, parameters, for_all=for_all)
    if points is None:
        return None
    lower, upper = interval.start, interval.end
    inner = []
    for p in points:
        above, below = _less(lower, p, parameters, for_all), _less(p, upper, parameters, for_all)
        if above is None or below is None:
            return None
        if above and below:
            inner.append(p)
    bounds = [lower, *inner, upper]
    rewritten = _rewrite(expr, z)
    result = []
    values = {} if for_all else dict(parameters)
    for lo, hi in pairwise(bounds):
        at = {z: _interior_point(lo.xreplace(values), hi.xreplace(values)), **values}
        chosen = _select(rewritten, at)
        if chosen is None:
            return None
        result.append(Piece(lo, hi, chosen))
    return result


def branch_on(expr: sympy.Expr, z: sympy.Symbol, lower: sympy.Expr, upper: sympy.Expr,
              parameters: Mapping[sympy.Symbol, sympy.Expr] = _NO_PARAMETERS, *,
              for_all: bool = False) -> sympy.Expr | None:
    """`expr` on the open piece (lower, upper) with every branch chosen as `pieces` chooses it (None: undecidable)."""
    values = {} if for_all else dict(parameters)
    at = {z: _interior_point(lower.xreplace(values), upper.xreplace(values)), **values}
    chosen = _select(_rewrite(expr, z), at)
    result: sympy.Expr | None = chosen
    return result
