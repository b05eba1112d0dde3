"""Seeded generator of specs: true derivative claims, checked numerically, and mutants that are certainly false.

The truth is `sympy.diff` of an expression built by claim_grammar (never text read by derivcheck's parser),
checked against a high-precision finite difference of g; one-sided derivatives at a kink come from the smooth
formula g follows on each side, checked the same way.  A mutant is kept only if it misses the truth by a wide
margin at a point of the domain.  So a PROVED mutant or a REFUTED true claim is derivcheck's bug, not ours.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import sympy
from claim_grammar import A, Activation, Grammar, Kink, Z, r

DIGITS = 40  # evaluation precision, far above every tolerance below
MUTATIONS = ("sign", "plus", "scale", "swap", "chain", "kink", "abs_z")
_SPEC_WORDS = frozenset((  # every name the printed specs may use (after the comment line and the name)
    "parameters", "domain", "function", "derivative", "at", "z", "a", "alpha", "beta", "pi", "E", "True",
    "exp", "log", "ln", "sqrt", "tanh", "cosh", "sin", "cos", "atan", "erf", "asin", "atanh", "abs", "Abs",
    "max", "Max", "min", "Min", "Piecewise", "Heaviside", "sign", "sigmoid", "logistic", "softplus", "relu",
    "softsign", "elu", "silu", "swish", "gelu", "mish",
))
_NOT_SWAPPED = (sympy.Piecewise, sympy.Heaviside, sympy.sign, sympy.Abs, sympy.Max, sympy.Min)


class GeneratorBug(AssertionError):
    """A claim this module calls true is not, or a number it needs is not real (the generator is wrong)."""


class NotReal(GeneratorBug):
    """An expression that should be real at a point of the domain is not."""


@dataclass(frozen=True)
class Claim:
    expr: sympy.Expr  # may use A
    text: str


@dataclass(frozen=True)
class Case:
    """One generated spec, and which of its claims are true."""

    name: str
    mutation: str  # "none" for a spec whose claims are all true
    spec: str  # the YAML text
    derivative_true: bool
    at_true: bool  # a kink mutant has exactly one `at:` value, and it is false
    at_count: int  # how many values the spec declares under `at:`
    pinned: bool = False  # the derivative claim holds for the parameters' values only


def _heaviside(x: mpmath.mpf, at_zero: object = None) -> mpmath.mpf:
    """Only ever evaluated away from 0 (sample points keep clear of kinks)."""
    if x == 0:
        raise GeneratorBug("Heaviside evaluated at 0")
    return mpmath.mpf(1) if x > 0 else mpmath.mpf(0)


def as_mpf(x: sympy.Expr) -> mpmath.mpf:
    """A rational number at the working precision."""
    return mpmath.mpf(x.p) / x.q


class Numbers:
    """An activation's expressions as mpmath functions of z (a = g(z), parameters at their values)."""

    def __init__(self, act: Activation, seed: int) -> None:
        self.act, self.seed = act, seed
        self.values = dict(act.values)
        self._compiled: dict[sympy.Expr, Callable[[mpmath.mpf], object]] = {}

    def __call__(self, expr: sympy.Expr, x: sympy.Expr | mpmath.mpf) -> mpmath.mpf:
        f = self._compiled.get(expr)
        if f is None:
            plain = expr.xreplace({A: self.act.g}).xreplace(self.values)
            f = self._compiled[expr] = sympy.lambdify(Z, plain, modules=[{"Heaviside": _heaviside}, "mpmath"])
        result = +mpmath.mpmathify(f(as_mpf(x) if isinstance(x, sympy.Rational) else x))  # + : a constant to mpf
        if not (isinstance(result, mpmath.mpf) and mpmath.isfinite(result)):
            raise NotReal(f"seed {self.seed}: {expr} at z = {x} is {result!r}, not a real number")
        return result

    def points(self, rng: random.Random, n: int) -> list[sympy.Expr]:
        """n rational points of the domain, at least 1/20 away from every kink."""
        low, high = self.act.domain.low, self.act.domain.high
        kinks = [k.point for k, _, _ in self.act.sides()]
        found: list[sympy.Expr] = []
        while len(found) < n:
            x = sympy.Rational(rng.randint(int(low * 1000) + 1, int(high * 1000) - 1), 1000)
            if all(abs(x - k) >= r(1, 20) for k in kinks):
                found.append(x)
        return found

    def slopes(self, kink: Kink, left: sympy.Expr, right: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
        """The exact left and right derivatives of g at the kink, parameters at their values."""
        lo, hi = (sympy.diff(side, Z).xreplace({Z: kink.point}).xreplace(self.values) for side in (left, right))
        return lo, hi

    def check_truth(self, rng: random.Random) -> None:
        """g' against a central difference of g; each kink's sides against g and one-sided differences."""
        act, g, h = self.act, self.act.g, mpmath.mpf(10) ** -12
        for x in self.points(rng, 3):
            t, mid = self(act.truth, x), as_mpf(x)
            fd = (self(g, mid + h) - self(g, mid - h)) / (2 * h)
            if abs(t - fd) > mpmath.mpf(10) ** -12 * max(1, abs(t)):
                raise GeneratorBug(f"seed {self.seed}: g = {act.text}: g'({x}) = {t}, finite difference {fd}")
        h = mpmath.mpf(10) ** -15
        for kink, left, right in act.sides():
            k = as_mpf(kink.point)
            at_k = [self(e, k) for e in (g, left, right)]
            lo, hi = (self(s, k) for s in self.slopes(kink, left, right))
            lfd, rfd = (at_k[0] - self(g, k - h)) / h, (self(g, k + h) - at_k[0]) / h
            if (max(abs(at_k[0] - at_k[1]), abs(at_k[0] - at_k[2])) > mpmath.mpf(10) ** -30
                    or abs(lo - lfd) > 1e-9 * max(1, abs(lo)) or abs(hi - rfd) > 1e-9 * max(1, abs(hi))):
                raise GeneratorBug(f"seed {self.seed}: g = {act.text} at its kink {kink.point}: values {at_k}, "
                                   f"left slope {lo} vs {lfd}, right slope {hi} vs {rfd}")

    def check_true(self, claim: Claim, rng: random.Random) -> Claim:
        for x in self.points(rng, 3):
            t, c = self(self.act.truth, x), self(claim.expr, x)
            if abs(t - c) > mpmath.mpf(10) ** -25 * max(1, abs(t)):
                raise GeneratorBug(f"seed {self.seed}: claim {claim.text} is {c} at z = {x}, g' is {t}")
        return claim

    def far_from_truth(self, claim: Claim, rng: random.Random) -> bool:
        """Whether the claim misses g' by a relative 1e-6 or more at some point of the domain."""
        for x in self.points(rng, 12):
            try:
                t, c = self(self.act.truth, x), self(claim.expr, x)
            except NotReal:  # e.g. a swapped claim that leaves its function's domain: not a clean mutant
                return False
            if abs(t - c) > mpmath.mpf(10) ** -6 * max(1, abs(t), abs(c)):
                return True
        return False


class Generator:
    """Draws activations, claims and cases from one seeded random stream."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.grammar = Grammar(self.rng)

    def true_claim(self, act: Activation, numbers: Numbers) -> Claim:
        """g' written one of several exact ways, checked against the truth before use."""
        sides, in_a = act.sides(), act.terms[0].in_a
        forms = ["diff", "expand"] + ["split"] * (len(sides) == 1)
        forms += ["a", "a"] * (len(act.terms) == 1 and in_a is not None)
        form, expr = self.rng.choice(forms), act.truth
        if form == "expand":
            expanded = sympy.expand(act.truth)
            expr = expanded if sympy.count_ops(expanded) < 60 else expr
        elif form == "split":  # one Piecewise, split where g's formula changes
            kink, left, right = sides[0]
            expr = sympy.Piecewise((sympy.diff(left, Z), sympy.Lt(Z, kink.point)), (sympy.diff(right, Z), True))
        elif form == "a":
            assert in_a is not None
            expr = in_a
        return numbers.check_true(Claim(expr, sympy.sstr(expr)), self.rng)

    def mutant(self, act: Activation, numbers: Numbers, mutation: str) -> Claim | None:
        """A claim with the given kind of mistake, or None when this activation has no such mutant."""
        rng = self.rng
        claim = self.true_claim(act, numbers)
        if mutation == "sign":
            wrong = Claim(-claim.expr, f"-({claim.text})")
        elif mutation == "plus":
            wrong = Claim(claim.expr + r(1, 1000), f"{claim.text} + 1/1000")
        elif mutation == "scale":
            wrong = Claim(r(101, 100) * claim.expr, f"101/100*({claim.text})")
        elif mutation == "swap":  # z where a is meant, and the other way round
            if claim.expr.has(*_NOT_SWAPPED):
                return None
            swapped = claim.expr.xreplace({A: Z, Z: A})
            wrong = Claim(swapped, sympy.sstr(swapped))
        elif mutation == "chain":  # d/dz F(u) written F'(u), without u'
            term = rng.choice(act.terms)
            if term.dropped is None or term.inner_slope == 1:
                return None
            if claim.expr.has(A) and term.in_a is not None:  # the classic: a*(1 - a) for sigmoid(2*z)
                dropped = term.in_a / term.inner_slope
            else:
                dropped = act.truth - sympy.diff(term.expr, Z) + term.dropped
            wrong = Claim(dropped, sympy.sstr(dropped))
        elif mutation == "abs_z":  # |z| for z, as posify or sqrt(z**2) = z would have it
            if claim.expr.has(*_NOT_SWAPPED) or act.domain.low > 0:
                return None
            folded = claim.expr.xreplace({Z: sympy.Abs(Z)})
            wrong = Claim(folded, sympy.sstr(folded))
        else:
            raise ValueError(mutation)
        return wrong if numbers.far_from_truth(wrong, rng) else None

    @staticmethod
    def declarable(numbers: Numbers, kink: Kink, left: sympy.Expr, right: sympy.Expr) -> bool:
        """Whether g's one-sided derivatives at the kink are constants that derivcheck can read and compare.

        Not so near mish: its slope at c holds tanh(log(1 + exp(c)))**2, which the parser's deliberately
        conservative size estimate refuses ("about 6420 digits" at c = 2), and written through exp instead the
        comparison with derivcheck's own form of the slope runs out of time.
        """
        return all(t.args[0].is_Rational for side in numbers.slopes(kink, left, right) for t in side.atoms(sympy.tanh))

    def true_at(self, numbers: Numbers, kink: Kink, left: sympy.Expr, right: sympy.Expr) -> sympy.Expr:
        """A value between the left and right derivatives (g' itself where the two agree)."""
        lo, hi = numbers.slopes(kink, left, right)
        if abs(numbers(lo - hi, kink.point)) < mpmath.mpf(10) ** -30:
            return lo
        return self.rng.choice((lo, hi, (lo + hi) / 2, (lo + 3 * hi) / 4))

    def false_at(self, numbers: Numbers, kink: Kink, left: sympy.Expr, right: sympy.Expr) -> sympy.Expr:
        """A value at least 1/10 outside [left derivative, right derivative]."""
        lo, hi = sorted(numbers.slopes(kink, left, right), key=lambda e: numbers(e, kink.point))
        d = self.rng.choice((r(1, 10), r(1, 2), r(1), r(3)))
        return hi + d if self.rng.random() < 0.5 else lo - d

    def true_case(self, name: str) -> Case:
        act = self.grammar.activation()
        numbers = Numbers(act, self.seed)
        numbers.check_truth(self.rng)
        pinned = self.pinned(act, numbers)
        claim = pinned or self.true_claim(act, numbers)
        at = [(k, self.true_at(numbers, k, left, right)) for k, left, right in act.sides()
              if self.rng.random() < 0.6 and self.declarable(numbers, k, left, right)]
        kind = "none, parameters pinned" if pinned else "none"
        return Case(name, "none", self.spec(name, kind, act, claim, at), True, True, len(at), pinned=bool(pinned))

    def pinned(self, act: Activation, numbers: Numbers) -> Claim | None:
        """g' with the parameters' values written in: true for this spec, false for other values of the
        same sign, so a proof "for all alpha > 0" of it would claim too much."""
        values = dict(act.values)
        if not act.truth.free_symbols & set(values) or self.rng.random() < 0.3:
            return None
        fixed = act.truth.xreplace(values)
        claim = numbers.check_true(Claim(fixed, sympy.sstr(fixed)), self.rng)
        other = Activation(act.terms, act.domain, tuple((s, v * r(3, 2)) for s, v in act.values))
        return claim if Numbers(other, self.seed).far_from_truth(claim, self.rng) else None

    def mutant_case(self, name: str, mutation: str) -> Case:
        for _ in range(200):
            act = self.grammar.activation()
            numbers = Numbers(act, self.seed)
            if mutation == "kink":
                sides = [side for side in act.sides() if self.declarable(numbers, *side)]
                if not sides:
                    continue
                numbers.check_truth(self.rng)
                kink, left, right = self.rng.choice(sides)
                at = [(kink, self.false_at(numbers, kink, left, right))]
                return Case(name, mutation, self.spec(name, mutation, act, self.true_claim(act, numbers), at),
                            True, False, 1)
            wrong = self.mutant(act, numbers, mutation)
            if wrong is not None:
                numbers.check_truth(self.rng)  # the truth the mutant was measured against
                return Case(name, mutation, self.spec(name, mutation, act, wrong, []), False, True, 0)
        raise GeneratorBug(f"seed {self.seed}: no {mutation} mutant in 200 draws")

    def spec(self, name: str, mutation: str, act: Activation, claim: Claim,
             at: list[tuple[Kink, sympy.Expr]]) -> str:
        lines = [f"# generated by tests/claim_generator.py, seed {self.seed}: {mutation}", f"name: {name}"]
        if act.values:
            lines += ["parameters:"] + [f"  {s}: {sympy.sstr(v)}" for s, v in act.values]
        if act.domain.text:
            lines.append(f'domain: "{act.domain.text}"')
        lines += [f'function: "{act.text}"', f'derivative: "{claim.text}"']
        if at:
            lines += ["at:"] + [f'  "{sympy.sstr(k.point)}": "{sympy.sstr(v)}"' for k, v in at]
        text = "\n".join(lines) + "\n"
        unknown = set(re.findall(r"[A-Za-z_]\w*", text.split("\n", 2)[2])) - _SPEC_WORDS
        if unknown:  # sstr printed something that is not the spec language
            raise GeneratorBug(f"seed {self.seed}: {sorted(unknown)} in\n{text}")
        return text


def generate(seed: int, true_count: int, mutant_count: int) -> list[Case]:
    """true_count specs whose claims all hold, then mutant_count specs with one false claim each."""
    gen = Generator(seed)
    with mpmath.workdps(DIGITS):
        cases = [gen.true_case(f"t{i:03d}") for i in range(true_count)]
        for i in range(mutant_count):
            mutation = MUTATIONS[i % len(MUTATIONS)]
            cases.append(gen.mutant_case(f"m{i:03d}_{mutation}", mutation))
    return cases
