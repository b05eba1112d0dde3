"""Lines through the inputs' domain: how the one-variable numbers (samples, certified counterexamples, the
confirmation of a proof) are reused for several variables.

A line x(t) = base + t * direction with exact rational base and direction turns a claim in many variables into
one in t, and a `Problem` in t whose interval keeps every coordinate inside its domain (and on every declared
constraint: a direction inside a group of entries adds up to 0).  Every point of the line is a point of the
domain, so a difference certified at some t is a counterexample in all variables, and points where the sides
agree are agreeing points of the domain.  A generic line (every coordinate moving) crosses every branch
boundary transversally, so `on_boundary` in t sees each one; a line along one axis (spot checks) is evidence
only.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import sympy

from derivcheck.engine.multi.cases import Case
from derivcheck.engine.numbers.points import sample_points
from derivcheck.engine.problem import Problem
from derivcheck.results.checks import Coordinate

__all__ = ["Line", "axis_line", "on_constraint", "point_coordinates", "point_text", "random_lines", "sample_value"]

_DENOMINATORS = (3, 5, 7, 11, 13)
_TRIES = 20


@dataclass(frozen=True)
class Line:
    """x(t) = base + t * direction through the case's domain, t in `interval` (an open interval around 0)."""

    case: Case
    base: tuple[tuple[sympy.Symbol, sympy.Rational], ...]
    direction: tuple[tuple[sympy.Symbol, sympy.Rational], ...]
    t: sympy.Symbol
    interval: sympy.Interval

    @cached_property
    def _substitution(self) -> dict[sympy.Symbol, sympy.Expr]:
        step = dict(self.direction)
        return {symbol: value + step.get(symbol, sympy.S.Zero) * self.t for symbol, value in self.base}

    def restrict(self, expr: sympy.Expr) -> sympy.Expr:
        """`expr` on the line: a function of t alone."""
        result: sympy.Expr = expr.xreplace(self._substitution)
        return result

    @cached_property
    def problem(self) -> Problem:
        """The one-variable problem in t: g is the function on the line (0 for an identity)."""
        g = self.restrict(self.case.f) if self.case.f is not None else sympy.S.Zero
        return Problem(z=self.t, a=sympy.Dummy("a", real=True), g=g, interval=self.interval)

    @cached_property
    def truth(self) -> sympy.Expr:
        return self.restrict(self.case.truth)

    @cached_property
    def claimed(self) -> sympy.Expr:
        return self.restrict(self.case.claimed)

    def at(self, t: sympy.Expr) -> dict[sympy.Symbol, sympy.Expr]:
        """The point of the line at parameter t, as exact values of the case's coordinates."""
        step = dict(self.direction)
        return {symbol: value + step.get(symbol, sympy.S.Zero) * t for symbol, value in self.base}

    def coordinates(self, t: sympy.Expr) -> tuple[Coordinate, ...]:
        """The point at t with every name's value: the case's fixed names (n, i, j, labels), then the inputs."""
        return point_coordinates(self.case, self.at(t))


def point_coordinates(case: Case, values: Mapping[sympy.Symbol, sympy.Expr]) -> tuple[Coordinate, ...]:
    """Every name's value at a point of `case`: n and the indices first, then the variables in the spec's order
    (a label at its value, a vector as the tuple of its entries)."""
    labels = {c.name: c for c in case.fixed if c.name in case.names}
    found = [c for c in case.fixed if c.name not in case.names]
    vectors = dict(case.vectors)
    scalars = {str(symbol): symbol for symbol, _ in case.coordinates}
    for name in case.names:
        if name in labels:
            found.append(labels[name])
        elif name in vectors:
            found.append(Coordinate(name, "(" + ", ".join(sympy.sstr(values[e]) for e in vectors[name]) + ")"))
        elif name in scalars and scalars[name] in values:
            found.append(Coordinate(name, sympy.sstr(values[scalars[name]])))
    return tuple(found)


def point_text(coordinates: tuple[Coordinate, ...]) -> str:
    """`n = 2, i = 1, z = (1/3, -2)`."""
    return ", ".join(f"{c.name} = {c.value}" for c in coordinates)


def sample_value(interval: sympy.Set, seed: int) -> sympy.Rational | None:
    """One seeded rational strictly inside `interval` (None if it has no room)."""
    found = sample_points(Problem(z=sympy.Dummy("x", real=True), a=sympy.Dummy("a"), g=sympy.S.Zero,
                                  interval=interval), 1, seed=seed)
    return found[0] if found else None


def _base(case: Case, rng: random.Random, seed: int) -> dict[sympy.Symbol, sympy.Rational] | None:
    """A point strictly inside every coordinate's domain and on every group's constraint."""
    base: dict[sympy.Symbol, sympy.Rational] = {}
    grouped = {s for g in case.groups for s in g.symbols}
    for position, (symbol, interval) in enumerate(case.coordinates):
        if symbol in grouped:
            continue
        value = sample_value(interval, seed * 7919 + position)
        if value is None:
            return None
        base[symbol] = value
    for group in case.groups:
        values = on_constraint(group.symbols, group.value, dict(case.coordinates), rng)
        if values is None:
            return None
        base.update(values)
    return base


def on_constraint(symbols: tuple[sympy.Symbol, ...], total: sympy.Expr, domains: Mapping[sympy.Symbol, sympy.Set],
                   rng: random.Random) -> dict[sympy.Symbol, sympy.Rational] | None:
    """Entries inside their domains that add up to `total` exactly (positive weights scaled, when they fit)."""
    if not total.is_Rational:
        return None
    for _ in range(_TRIES):
        weights = [sympy.Rational(rng.randint(1, 97), rng.choice(_DENOMINATORS)) for _ in symbols]
        scale = total / sum(weights)
        values = dict(zip(symbols, (w * scale for w in weights), strict=True))
        if all(domains[s].contains(v) is sympy.true for s, v in values.items()):
            return values
        shifted = [sympy.Rational(rng.randint(-97, 97), rng.choice(_DENOMINATORS)) for _ in symbols[:-1]]
        values = dict(zip(symbols, [*shifted, total - sum(shifted)], strict=True))
        if all(domains[s].contains(v) is sympy.true for s, v in values.items()):
            return values
    return None


def _direction(case: Case, rng: random.Random) -> dict[sympy.Symbol, sympy.Rational]:
    """Every coordinate moves; inside a constrained group the steps add up to 0, so the line stays on it."""
    step = {}
    for symbol, _ in case.coordinates:
        numerator = rng.choice([-1, 1]) * rng.randint(1, 12)
        step[symbol] = sympy.Rational(numerator, rng.choice(_DENOMINATORS))
    for group in case.groups:
        mean = sum(step[s] for s in group.symbols) / len(group.symbols)
        for s in group.symbols:
            step[s] -= mean
    return step


def _t_interval(case: Case, base: Mapping[sympy.Symbol, sympy.Rational],
                step: Mapping[sympy.Symbol, sympy.Rational]) -> sympy.Interval | None:
    """The open interval of t around 0 on which base + t*step stays inside every coordinate's domain."""
    low: sympy.Expr = sympy.S.NegativeInfinity
    high: sympy.Expr = sympy.S.Infinity
    for symbol, domain in case.coordinates:
        part = _component(domain, base[symbol])
        if part is None:
            return None
        d = step[symbol]
        if d == 0:
            continue
        ends = [(end - base[symbol]) / d for end in (part.inf, part.sup) if end.is_finite]
        for end in ends:
            if end > 0:
                high = sympy.Min(high, end)
            elif end < 0:
                low = sympy.Max(low, end)
            else:
                return None  # the base sits on the domain's edge
    if not (low < 0 < high):
        return None
    return sympy.Interval.open(low, high)


def _component(domain: sympy.Set, value: sympy.Rational) -> sympy.Interval | None:
    parts = domain.args if isinstance(domain, sympy.Union) else (domain,)
    for part in parts:
        if isinstance(part, sympy.Interval) and part.contains(value) is sympy.true:
            return part
    return None


def random_lines(case: Case, count: int, *, seed: int = 0) -> list[Line]:
    """`count` seeded lines through the case's domain, every coordinate moving (fewer if the domain is thin)."""
    rng = random.Random(seed)
    found: list[Line] = []
    for attempt in range(count * _TRIES):
        if len(found) >= count:
            break
        base = _base(case, rng, seed * 1000 + attempt)
        if base is None:
            continue
        step = _direction(case, rng)
        interval = _t_interval(case, base, step)
        if interval is None:
            continue
        found.append(Line(case, tuple(base.items()), tuple(step.items()), sympy.Dummy("t", real=True), interval))
    return found


def axis_line(case: Case, point: Mapping[sympy.Symbol, sympy.Expr], symbol: sympy.Symbol) -> Line | None:
    """The line through `point` along one coordinate (t = that coordinate's change); None outside the domain."""
    base = {s: sympy.Rational(point[s]) for s, _ in case.coordinates}
    step = {s: sympy.Integer(1 if s == symbol else 0) for s, _ in case.coordinates}
    interval = _t_interval(case, base, step)
    if interval is None:
        return None
    return Line(case, tuple(base.items()), tuple(step.items()), sympy.Dummy("t", real=True), interval)
