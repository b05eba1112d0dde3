"""Wrong versions of the corpus claims (tests/corpus), each checked to be false with numbers before it is used.

Five kinds of mutant, all deterministic: the derivative with its sign flipped, plus 1/1000, times 101/100, with
the variable and the output name swapped, and the first `at:` value raised above both one-sided derivatives.
A mutant is kept only where sympy's own evaluation (not derivcheck's engine) shows it false: at some point
of the domain it differs from the true corpus claim, or its `at:` value lies outside every one-sided
derivative there.  `rotation` makes a
subset for the test suite in which every claim has a mutant and every kind is well represented (only the
kinds it needs are checked, which keeps it quick); the benchmark runs them all (`all_mutants`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import sympy

from derivcheck.engine.build import Built, build
from derivcheck.errors import SpecError
from derivcheck.spec.load import load_spec
from derivcheck.spec.model import Spec

CORPUS = Path(__file__).resolve().parent / "corpus"
KINDS = ("sign", "plus", "scale", "swap", "kink")
DERIVATIVE_KINDS = KINDS[:4]

# Points tried for a difference, in this order (those inside the domain and off the claims' breakpoints).
_POINTS = tuple(sympy.Rational(p) for p in ("3/8", "-7/5", "5/7", "-1/3", "12/5", "-3/100", "17/4", "1/7",
                                           "-37/10", "13/17", "-1/7", "9/10", "7/2", "-5/2", "1/50", "59/6"))
_H = sympy.Rational(1, 10**20)  # one-sided derivatives are read from the true claim this close to a point
_KINK_MARK = "<wrong kink value>"  # replaced by a value beyond both one-sided derivatives
_DIGITS = 40


@dataclass(frozen=True)
class Mutant:
    """One wrong spec: `text` is its YAML, `kind` one of KINDS, `claim` the corpus file it comes from."""

    claim: str
    kind: str
    text: str

    @property
    def name(self) -> str:
        return f"{self.claim}--{self.kind}"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.yaml"))


def mutants(path: Path, kinds: tuple[str, ...] = KINDS) -> list[Mutant]:
    """Every mutant of one corpus claim, of the given kinds, that is numerically false (in KINDS order)."""
    spec = load_spec(path)
    built = build(spec)
    found = (_mutant(spec, built, path, kind) for kind in kinds)
    return [m for m in found if m is not None]


def all_mutants() -> list[Mutant]:
    return [m for path in corpus_files() for m in mutants(path)]


def rotation() -> list[Mutant]:
    """A deterministic subset: claim number i (in file order) gets its derivative mutant of kind i mod 4 when
    that one is false (else the next kind that is), and every claim with `at:` its kink mutant."""
    chosen = []
    for index, path in enumerate(corpus_files()):
        spec = load_spec(path)
        built = build(spec)
        for step in range(len(DERIVATIVE_KINDS)):
            found = _mutant(spec, built, path, DERIVATIVE_KINDS[(index + step) % len(DERIVATIVE_KINDS)])
            if found is not None:
                chosen.append(found)
                break
        kink = _mutant(spec, built, path, "kink")
        if kink is not None:
            chosen.append(kink)
    return chosen


def _mutant(spec: Spec, built: Built, path: Path, kind: str) -> Mutant | None:
    text = _mutated(spec, kind)
    if text is None:
        return None
    derivative, at = text
    if kind == "kink":
        wrong = _wrong_kink_value(spec, built)
        if wrong is None:
            return None
        at = [(p, wrong if v == _KINK_MARK else v) for p, v in at]
    elif not _differs(spec, built, derivative):
        return None
    return Mutant(path.stem, kind, _yaml(spec, f"{path.stem}--{kind}", derivative, at))


def _mutated(spec: Spec, kind: str) -> tuple[str, list[tuple[str, str]]] | None:
    derivative = spec.derivative.text.strip()
    at = [(a.point.text, a.value.text) for a in spec.at]
    if kind == "sign":
        return f"-({derivative})", at
    if kind == "plus":
        return f"({derivative}) + 1/1000", at
    if kind == "scale":
        return f"({derivative})*101/100", at
    if kind == "swap":
        z, a = re.escape(spec.variable), re.escape(spec.output)
        swapped = re.sub(rf"\b({z}|{a})\b", lambda m: spec.output if m[1] == spec.variable else spec.variable,
                         derivative)
        return (swapped, at) if swapped != derivative else None
    if not at:
        return None
    return derivative, [(p, _KINK_MARK if i == 0 else v) for i, (p, v) in enumerate(at)]


def _yaml(spec: Spec, name: str, derivative: str, at: list[tuple[str, str]]) -> str:
    """The mutant as YAML (every text double-quoted: JSON strings are YAML strings)."""
    lines = [f"name: {name}", f"variable: {spec.variable}", f"output: {spec.output}"]
    if spec.parameters:
        lines.append("parameters:")
        lines += [f"  {key}: {json.dumps(value.text)}" for key, value in spec.parameters]
    if spec.domain is not None:
        lines.append(f"domain: {json.dumps(spec.domain.text)}")
    lines.append(f"function: {json.dumps(spec.function.text)}")
    lines.append(f"derivative: {json.dumps(derivative)}")
    if at:
        lines.append("at:")
        lines += [f"  {json.dumps(p)}: {json.dumps(v)}" for p, v in at]
    if spec.points is not None:
        lines.append(f"points: [{', '.join(json.dumps(p.text) for p in spec.points)}]")
    return "\n".join(lines) + "\n"


def _value(built: Built, expr: sympy.Expr, x: sympy.Expr) -> sympy.Float | None:
    exact = built.problem.with_values(expr).xreplace({built.problem.z: x})
    exact = exact.replace(sympy.erfcinv, lambda y: sympy.erfinv(1 - y))  # sympy's evalf lacks erfcinv
    value = sympy.N(exact, _DIGITS)
    if not (value.is_number and value.is_extended_real and value.is_finite):
        return None
    return sympy.Float(value, _DIGITS)


def _differs(spec: Spec, built: Built, mutated: str) -> bool:
    """The mutated derivative differs from the (true) corpus claim at some point of the domain."""
    try:
        original = built.expression(spec.derivative)
        changed = built.expression(spec.derivative.__class__(mutated, spec.derivative.location))
    except SpecError:
        return False
    for x in _POINTS:
        if built.problem.interval.contains(x) is not sympy.true:
            continue
        # False whatever Heaviside(0) is taken to be: a claim that is wrong only by sympy's choice of 1/2 is
        # not wrong (derivcheck never lets that choice decide).
        if all(_apart(built, _step_at_zero(original, h0), _step_at_zero(changed, h0), x)
               for h0 in (sympy.S.Zero, sympy.S.Half, sympy.S.One)):
            return True
    return False


def _step_at_zero(expr: sympy.Expr, h0: sympy.Expr) -> sympy.Expr:
    return expr.replace(sympy.Heaviside, lambda x, *_: sympy.Heaviside(x, h0))


def _apart(built: Built, original: sympy.Expr, changed: sympy.Expr, x: sympy.Expr) -> bool:
    c, m = _value(built, original, x), _value(built, changed, x)
    return c is not None and m is not None and bool(abs(m - c) > sympy.Float(10) ** -10 * max(1, abs(c)))


def _wrong_kink_value(spec: Spec, built: Built) -> str | None:
    """The first `at:` value raised by the least whole number that puts it above both one-sided derivatives
    there (read from the true claim just beside the point); `undefined` becomes a number above them."""
    first = spec.at[0]
    claim = built.expression(spec.derivative)
    p = built.point(first.point)
    sides = [s for s in (_value(built, claim, p - _H), _value(built, claim, p + _H)) if s is not None]
    if not sides:
        return None
    if first.value.text.strip() == "undefined":
        return str(int(sympy.floor(max(sides))) + 1)
    v = _value(built, built.expression(first.value), p)
    if v is None:
        return None
    step = max(1, int(sympy.floor(max(sides) - v)) + 1)
    while not v + step > max(sides) + sympy.Float(10) ** -6:
        step += 1
    return f"({first.value.text}) + {step}"
