"""A seeded grammar of activation-like functions g(z): sympy expression and spec-language text side by side."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import sympy
from sympy import Rational

Z = sympy.Symbol("z", real=True)
A = sympy.Symbol("a", real=True)
ALPHA = sympy.Symbol("alpha", real=True)
BETA = sympy.Symbol("beta", real=True)
_W = sympy.Symbol("w", real=True)


def r(p: int, q: int = 1) -> sympy.Expr:
    return Rational(p, q)


@dataclass(frozen=True)
class Outer:
    """A smooth F(u), how the spec language writes it, and F' written with a = F(u) where that is exact."""

    build: Callable[[sympy.Expr], sympy.Expr]
    texts: tuple[str, ...]  # templates with {u}
    in_a: sympy.Expr | None = None
    wide: bool = True  # fine on an unbounded argument such as z**2 (exp(z**2) is not)


def sigmoid(u: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-u))


def softplus(u: sympy.Expr) -> sympy.Expr:
    return sympy.log(1 + sympy.exp(u))


EVERYWHERE = (
    Outer(sympy.exp, ("exp({u})",), A, wide=False),
    Outer(sympy.tanh, ("tanh({u})",), 1 - A**2),
    Outer(sigmoid, ("sigmoid({u})", "1/(1 + exp(-({u})))", "logistic({u})"), A * (1 - A)),
    Outer(softplus, ("softplus({u})", "log(1 + exp({u}))"), 1 - sympy.exp(-A)),
    Outer(sympy.erf, ("erf({u})",)),
    Outer(sympy.sin, ("sin({u})",)),
    Outer(sympy.cos, ("cos({u})",)),
    Outer(sympy.atan, ("atan({u})",)),
    Outer(lambda u: sympy.sqrt(u**2 + 1), ("sqrt(({u})**2 + 1)",)),
    Outer(lambda u: sympy.log(u**2 + 1), ("log(({u})**2 + 1)", "ln(({u})**2 + 1)")),
    Outer(lambda u: sympy.exp(-(u**2)), ("exp(-({u})**2)",)),
)
POSITIVE = (  # for u > 0 only
    Outer(sympy.log, ("log({u})", "ln({u})"), sympy.exp(-A)),
    Outer(sympy.sqrt, ("sqrt({u})",), 1 / (2 * A)),
    Outer(lambda u: u * sympy.log(u), ("({u})*log({u})",)),
    Outer(lambda u: u ** r(3, 2), ("({u})**(3/2)",)),
)
UNIT = (  # for -1 < u < 1 only
    Outer(sympy.atanh, ("atanh({u})",), sympy.cosh(A) ** 2),
    Outer(sympy.asin, ("asin({u})",), 1 / sympy.cos(A)),
    Outer(lambda u: sympy.sqrt(1 - u**2), ("sqrt(1 - ({u})**2)",)),
    Outer(lambda u: sympy.log(1 - u**2), ("log(1 - ({u})**2)",)),
)
NAMED = {  # the catalog's activations, usable as functions in specs
    "silu": Z * sigmoid(Z),
    "swish": Z * sigmoid(Z),
    "gelu": Z / 2 * (1 + sympy.erf(Z / sympy.sqrt(2))),
    "mish": Z * sympy.tanh(softplus(Z)),
}


@dataclass(frozen=True)
class Domain:
    text: str | None
    low: sympy.Expr  # sample points lie in [low, high]
    high: sympy.Expr
    outers: tuple[Outer, ...]
    kinks: tuple[sympy.Expr, ...]  # candidate kink points, at least 1/3 apart


DOMAINS = (
    Domain(None, r(-3), r(3), EVERYWHERE, (r(0), r(1, 2), r(-1), r(1), r(3, 2), r(-1, 3), r(2))),
    Domain("z > 0", r(1, 10), r(4), EVERYWHERE + POSITIVE * 3, (r(1, 2), r(1), r(2))),
    Domain("0 < z", r(1, 10), r(4), EVERYWHERE + POSITIVE * 3, (r(1), r(3, 2))),
    Domain("-1 < z < 1", r(-9, 10), r(9, 10), EVERYWHERE + UNIT * 3, (r(0), r(1, 2), r(-1, 3))),
)


@dataclass(frozen=True)
class Kink:
    """Where a term is not smooth, and the smooth formulas the term follows just left and right of it."""

    point: sympy.Expr
    left: sympy.Expr
    right: sympy.Expr


@dataclass(frozen=True)
class Term:
    """One additive term of g."""

    expr: sympy.Expr
    text: str
    dropped: sympy.Expr | None = None  # the term's derivative without its inner chain-rule factor
    in_a: sympy.Expr | None = None  # g' written with a, were this term all of g
    inner_slope: sympy.Expr = sympy.S.One  # u' of a composite F(u)
    kink: Kink | None = None


@dataclass(frozen=True)
class Activation:
    """g as a sum of terms, with its domain and parameter values."""

    terms: tuple[Term, ...]
    domain: Domain
    values: tuple[tuple[sympy.Symbol, sympy.Expr], ...]

    @cached_property
    def g(self) -> sympy.Expr:
        return sympy.Add(*(t.expr for t in self.terms))

    @cached_property
    def truth(self) -> sympy.Expr:
        return sympy.diff(self.g, Z)

    @property
    def text(self) -> str:
        return " + ".join(t.text for t in self.terms)

    def sides(self) -> list[tuple[Kink, sympy.Expr, sympy.Expr]]:
        """Each kink with the formulas g follows just left and right of it."""
        return [(t.kink, self.g - t.expr + t.kink.left, self.g - t.expr + t.kink.right)
                for t in self.terms if t.kink]


def _coef_text(c: sympy.Expr) -> str:
    return "" if c == 1 else "-" if c == -1 else f"{sympy.sstr(c)}*"


class Grammar:
    """Draws activations from one seeded random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def activation(self) -> Activation:
        rng = self.rng
        domain = rng.choices(DOMAINS, weights=(14, 3, 2, 3))[0]
        values: dict[sympy.Symbol, sympy.Expr] = {}
        if rng.random() < 0.35:
            values[ALPHA] = rng.choice((r(1, 2), r(3, 10), r(2), r(5, 4), r(1, 100), r(3)))
        if rng.random() < 0.15:
            values[BETA] = rng.choice((r(1, 2), r(-1, 2), r(3, 2), r(-2)))
        terms = [self.smooth_term(domain, values) for _ in range(rng.choice((1, 1, 1, 2, 2)))]
        if rng.random() < 0.25:
            c = self.coefficient(values)
            terms.append(Term(c * Z, f"{_coef_text(c)}z"))
        points = list(domain.kinks)
        rng.shuffle(points)
        terms += [self.kink_term(domain, values, k) for k in points[: rng.choices((0, 1, 2), weights=(5, 4, 1))[0]]]
        return Activation(tuple(terms), domain, tuple(values.items()))

    def coefficient(self, values: dict[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
        options = [r(1), r(1), r(1), r(2), r(-1), r(1, 2), r(3, 4), r(-3, 2)]
        return self.rng.choice([*options, BETA] if BETA in values else options)

    def inner(self, outer: Outer, values: dict[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
        if outer in POSITIVE:  # u > 0 wherever z > 0
            options = [Z, 2 * Z, Z / 2, Z + 1, 3 * Z + r(1, 2)] + ([ALPHA * Z] if values.get(ALPHA, 0) > 0 else [])
        elif outer in UNIT:  # -1 < u < 1 wherever -1 < z < 1
            options = [Z, Z, Z / 2, -Z, 3 * Z / 4]
        else:
            options = [Z, Z, 2 * Z, -Z, 3 * Z / 2, Z / 2 - 1, 2 * Z + 1, -Z / 3 + r(1, 2)]
            options += [ALPHA * Z, ALPHA * Z - 1] if ALPHA in values else []
            options += [Z**2 / 2, -(Z**2), Z**2 - Z] if outer.wide else []
        return self.rng.choice(options)

    def smooth_term(self, domain: Domain, values: dict[sympy.Symbol, sympy.Expr]) -> Term:
        rng = self.rng
        roll = rng.random()
        if roll < 0.1 and domain.text is None:
            name = rng.choice(sorted(NAMED))
            return Term(NAMED[name], f"{name}(z)")
        outer = rng.choice(domain.outers)
        u = self.inner(outer, values)
        fu, du = outer.build(u), sympy.diff(u, Z)
        fprime = sympy.diff(outer.build(_W), _W).xreplace({_W: u})
        text = rng.choice(outer.texts).format(u=sympy.sstr(u))
        if roll < 0.22 and sympy.degree(u, Z) == 1:  # a swish-like product z*F(u)
            return Term(Z * fu, f"z*{text}", dropped=fu + Z * fprime, inner_slope=du)
        c = self.coefficient(values) if rng.random() < 0.4 else r(1)
        in_a = c * du * outer.in_a.xreplace({A: A / c}) if outer.in_a is not None and c.is_Number else None
        return Term(c * fu, f"{_coef_text(c)}{text}", dropped=c * fprime, in_a=in_a, inner_slope=du)

    def kink_term(self, domain: Domain, values: dict[sympy.Symbol, sympy.Expr], k: sympy.Expr) -> Term:
        """A term that is not smooth at k, or looks as if it might not be (softsign, elu)."""
        rng = self.rng
        s = rng.choice((r(1), r(1), r(2), r(1, 2), r(-1), r(-3, 2)))
        w, up = s * (Z - k), 1 if s > 0 else -1  # up: the sign of w right of k
        wt, c, x = sympy.sstr(w), self.coefficient(values), Z - k
        cf = _coef_text(c)
        kind = rng.choice(("abs", "abs", "max", "min", "relu", "piecewise", "piecewise", "outer", "softsign", "elu"))
        if kind == "abs":
            name = rng.choice(("abs", "Abs"))
            return Term(c * sympy.Abs(w), f"{cf}{name}({wt})", kink=Kink(k, -up * c * w, up * c * w))
        if kind in ("max", "min"):
            slopes = [r(0), r(1), r(2), r(1, 100), r(-1, 2)] + ([ALPHA] if ALPHA in values else [])
            p, q = rng.sample(slopes, 2)
            low, high = sorted((p, q), key=lambda e: e.xreplace(values))
            if kind == "max":  # left of k, x < 0: the smaller slope gives the larger value
                expr, left, right = sympy.Max(p * x, q * x), low * x, high * x
            else:
                expr, left, right = sympy.Min(p * x, q * x), high * x, low * x
            text = f"{cf}{rng.choice((kind, kind.capitalize()))}({sympy.sstr(p * x)}, {sympy.sstr(q * x)})"
            return Term(c * expr, text, kink=Kink(k, c * left, c * right))
        if kind == "relu":
            left, right = (r(0), w) if up > 0 else (w, r(0))
            return Term(c * sympy.Max(0, w), f"{cf}relu({wt})", kink=Kink(k, c * left, c * right))
        if kind == "softsign":  # differentiable at k: a candidate point that is no kink
            left, right = (w / (1 - w), w / (1 + w)) if up > 0 else (w / (1 + w), w / (1 - w))
            text = rng.choice((f"softsign({wt})", f"({wt})/(1 + abs({wt}))"))
            return Term(c * w / (1 + sympy.Abs(w)), f"{cf}{text}", kink=Kink(k, c * left, c * right))
        if kind == "elu":  # differentiable at k too (alpha = 1)
            expr = sympy.Piecewise((x, x > 0), (sympy.exp(x) - 1, True))
            return Term(c * expr, f"{cf}elu({sympy.sstr(x)})", kink=Kink(k, c * (sympy.exp(x) - 1), c * x))
        if kind == "outer":
            outer = rng.choice(EVERYWHERE)
            text = rng.choice(outer.texts).format(u=f"abs({wt})")
            return Term(c * outer.build(sympy.Abs(w)), f"{cf}{text}",
                        kink=Kink(k, c * outer.build(-up * w), c * outer.build(up * w)))
        # A Piecewise, continuous at k: f1 left of k, f1(k) + c2*(G(v) - G(v(k))) right of it.
        f1 = self.smooth_term(domain, values).expr
        gv = rng.choice(EVERYWHERE).build(rng.choice((Z, 2 * Z, Z / 2 + 1)))
        f2 = f1.xreplace({Z: k}) + rng.choice((r(1), r(-1), r(2), r(1, 3))) * (gv - gv.xreplace({Z: k}))
        closed_left = rng.random() < 0.3
        expr = sympy.Piecewise((f1, sympy.Le(Z, k) if closed_left else sympy.Lt(Z, k)), (f2, True))
        if rng.random() < 0.3:  # the right piece first
            text = sympy.sstr(sympy.Piecewise((f2, sympy.Gt(Z, k) if closed_left else sympy.Ge(Z, k)), (f1, True)))
        else:
            text = sympy.sstr(expr)
        return Term(expr, text, kink=Kink(k, f1, f2))
