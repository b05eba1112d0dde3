"""Choose exact rational points inside a problem's domain: seeded samples and the spot-check defaults."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache

import sympy

from derivcheck.engine.problem import Problem

__all__ = ["default_points", "sample_points"]

#: The seed notes' spot-check points, kept where they lie inside the domain.
DEFAULT_POINTS = (0, 10, -10, 100)

# Prime denominators make sampled points irregular (37/29, -411/43): a wrong claim rarely agrees by chance.
_PRIMES = (17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97)
# Offsets from a finite end (or magnitudes on the whole line): small, medium and large, in turn.
_SCALES = ((0.05, 1.0), (1.0, 10.0), (10.0, 100.0))
# Fractions of a bounded interval's width, in turn: anywhere, and close to either end.
_FRACTIONS = ((0.05, 0.95), (0.005, 0.1), (0.9, 0.995))


def sample_points(
    problem: Problem, count: int = 16, *, seed: int = 0, avoid: Sequence[sympy.Expr] = ()
) -> list[sympy.Rational]:
    """`count` distinct rationals strictly inside the domain, never in `avoid`; the same for the same seed."""
    return list(_samples(problem.interval, count, seed, tuple(avoid)))


@lru_cache(maxsize=256)  # every claim of a spec samples the same domain
def _samples(interval: sympy.Set, count: int, seed: int, avoid: tuple[sympy.Expr, ...]) -> tuple[sympy.Rational, ...]:
    pieces = _pieces(interval)
    if not pieces or count <= 0:
        return ()
    rng = random.Random(seed)
    found: list[sympy.Rational] = []
    for attempt in range(50 * count):
        if len(found) >= count:
            break
        piece = pieces[attempt % len(pieces)]
        x = _draw(piece, len(found) % 3, rng)
        if x.q == 1 or x in found or not _inside(piece, x) or _avoided(x, avoid):
            continue
        found.append(x)
    return tuple(found)


def default_points(problem: Problem) -> list[sympy.Rational]:
    """0, 10, -10, 100 where inside the domain; completed to four with points inside it when some fall out."""
    kept = [sympy.Integer(p) for p in DEFAULT_POINTS if _contains(problem.interval, sympy.Integer(p))]
    if len(kept) == len(DEFAULT_POINTS):
        return kept
    chosen = list(kept)
    for piece in _pieces(problem.interval):
        for x in _fill(piece):
            if len(chosen) < len(DEFAULT_POINTS) and x not in chosen and _inside(piece, x):
                chosen.append(x)
    return sorted(chosen)


def _pieces(domain: sympy.Set) -> list[sympy.Interval]:
    """The non-degenerate intervals a domain is made of (points and non-interval parts cannot be sampled)."""
    parts = domain.args if isinstance(domain, sympy.Union) else (domain,)
    return [p for p in parts if isinstance(p, sympy.Interval) and (p.sup - p.inf).is_extended_positive]


def _draw(piece: sympy.Interval, kind: int, rng: random.Random) -> sympy.Rational:
    q = rng.choice(_PRIMES)
    lo, hi = piece.inf, piece.sup
    if lo.is_finite and hi.is_finite:
        start, stop = _FRACTIONS[kind]
        x = float(lo) + float(hi - lo) * rng.uniform(start, stop)
    else:
        start, stop = _SCALES[kind]
        offset = rng.uniform(start, stop)
        if lo.is_finite:
            x = float(lo) + offset
        elif hi.is_finite:
            x = float(hi) - offset
        else:
            x = offset if rng.random() < 0.5 else -offset
    return sympy.Rational(round(x * q), q)


def _fill(piece: sympy.Interval) -> list[sympy.Rational]:
    lo, hi = piece.inf, piece.sup
    if lo.is_finite and hi.is_finite:
        return [_rational(lo + (hi - lo) * sympy.Rational(k, 20)) for k in (10, 15, 5, 19)]
    steps = [sympy.Rational(1, 2), sympy.Integer(1), sympy.Integer(10), sympy.Integer(100)]
    if lo.is_finite:
        return [_rational(lo + s) for s in steps]
    if hi.is_finite:
        return [_rational(hi - s) for s in steps]
    return [sympy.Integer(p) for p in DEFAULT_POINTS]


def _rational(x: sympy.Expr) -> sympy.Rational:
    """`x` itself when rational, else a nearby rational (an irrational end such as log(2) plus an offset)."""
    if x.is_Rational:
        return x
    return sympy.Rational(round(float(x) * 1000), 1000)


def _inside(piece: sympy.Interval, x: sympy.Rational) -> bool:
    return bool((x - piece.inf).is_extended_positive is True and (piece.sup - x).is_extended_positive is True)


def _contains(domain: sympy.Set, x: sympy.Rational) -> bool:
    return domain.contains(x) is sympy.true


def _avoided(x: sympy.Rational, avoid: Sequence[sympy.Expr]) -> bool:
    """Equal to some point to avoid; a comparison sympy cannot decide counts as equal."""
    return any((x - p).is_zero is not False for p in avoid)
