"""What a verdict covers, as data: each variable's and parameter's range, the sizes, the constraints used.

A one-variable check leaves its scope to the spec's domain and its method (`Check.scope` is None).  A check of
a spec with several variables, vectors or (later) matrices carries a `Scope`, so that no report can shorten
"proved for n = 1..6" or "for delta = 1 only" to a plain PROVED: `scope_text` writes it in words, and every
format shows that text beside the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Coverage", "Scope", "Size", "Span", "limits_text", "scope_note", "scope_text"]


class Coverage(StrEnum):
    """How a proof covers one name's values."""

    EVERY = "every"  # symbolically, for every value of its domain (`all real z`, `every alpha > 0`)
    EACH = "each"  # each of finitely many values, one exact proof per value (a label y in {0, 1})
    VALUE = "value"  # only at the spec's value (a parameter proved at alpha = 1/100 only)


@dataclass(frozen=True)
class Span:
    """One variable or parameter: its domain as written and how the proof covers it."""

    name: str
    coverage: Coverage
    domain: str  # "all real", "0 <= y <= 1", "{0, 1}", "> 0" (EVERY/EACH) or the value, "1/100" (VALUE)


@dataclass(frozen=True)
class Size:
    """One dimension (a vector's length n; a matrix's rows and columns): every size, or the sizes checked."""

    name: str
    every: bool  # proved for every size >= 1 by an argument that does not depend on it
    low: int = 1  # otherwise: each size low..high was checked exactly, and no other
    high: int = 1


@dataclass(frozen=True)
class Scope:
    """Everything a verdict covers; empty parts cover nothing to say (a claim without vectors has no sizes)."""

    variables: tuple[Span, ...] = ()
    parameters: tuple[Span, ...] = ()
    sizes: tuple[Size, ...] = ()
    constraints: tuple[str, ...] = ()  # the declared constraints the proof used, as written ("sum(y[k], k) = 1")
    cases: tuple[str, ...] = ()  # an exhaustive case split the proof went through ("i = j", "i != j")
    excluding: tuple[str, ...] = ()  # where the proof says nothing: kinks ("an entry of Z1 is 0")

    @property
    def limited(self) -> bool:
        """Whether the verdict covers less than the spec states: some sizes only, or a parameter's value only."""
        return any(not s.every for s in self.sizes) or any(p.coverage is Coverage.VALUE for p in self.parameters)


def scope_text(scope: Scope) -> str:
    """The scope in words, e.g. `for all n; every real z; y in {0, 1} (each value); with sum(y[k], k) = 1`.

    Sizes come first, since they change what a PROVED means most: `for n = 1..6 only, not for all n`.
    """
    parts = _sizes(scope.sizes)
    parts += _spans(scope.variables)
    parts += [_span(p) for p in scope.parameters]
    if scope.constraints:
        parts.append("with " + " and ".join(scope.constraints))
    if scope.cases:
        parts.append("cases " + ", ".join(scope.cases))
    if scope.excluding:
        parts.append("except where " + " or ".join(scope.excluding))
    return "; ".join(parts)


def _spans(spans: tuple[Span, ...]) -> list[str]:
    """Each variable in words, those ranging over all reals together: `every real X, Y, W1`."""
    real = [v.name for v in spans if v.coverage is Coverage.EVERY and v.domain == "all real"]
    parts = [f"every real {', '.join(real)}"] if real else []
    return parts + [_span(v) for v in spans if not (v.coverage is Coverage.EVERY and v.domain == "all real")]


def _sizes(sizes: tuple[Size, ...]) -> list[str]:
    """Each size in words; several sizes checked at fixed values together (a network's shapes), those of one
    range in one group: `for the shapes n_x, n_h = 1..2 and m = 1..3 only, not for all shapes`."""
    fixed = [s for s in sizes if not s.every]
    if len(fixed) < 2:
        return [_size(s) for s in sizes]
    groups: dict[tuple[int, int], list[str]] = {}
    for s in fixed:
        groups.setdefault((s.low, s.high), []).append(s.name)
    shown = " and ".join(f"{', '.join(names)} = {low if low == high else f'{low}..{high}'}"
                         for (low, high), names in groups.items())
    return [_size(s) for s in sizes if s.every] + [f"for the shapes {shown} only, not for all shapes"]


def _size(size: Size) -> str:
    if size.every:
        return f"for all {size.name}"
    sizes = str(size.low) if size.low == size.high else f"{size.low}..{size.high}"
    return f"for {size.name} = {sizes} only, not for all {size.name}"


def _span(span: Span) -> str:
    if span.coverage is Coverage.VALUE:
        return f"{span.name} = {span.domain} only"
    if span.coverage is Coverage.EACH:
        return f"{span.name} in {span.domain} (each value)"
    if span.domain == "all real":
        return f"every real {span.name}"
    return f"every {span.domain}" if span.name in span.domain else f"every {span.name} {span.domain}"


def limits_text(scope: Scope) -> str:
    """Only what makes a PROVED cover less than the spec states (`for n = 1..6 only, not for all n`, `delta = 1
    only`): the words a one-line summary must not leave out.  Empty when the scope is not limited."""
    parts = _sizes(tuple(s for s in scope.sizes if not s.every))
    parts += [_span(p) for p in scope.parameters if p.coverage is Coverage.VALUE]
    return "; ".join(parts)


def scope_note(scope: Scope) -> str:
    """The part of a scope a method's name carries, as the one-variable report does for parameters: the sizes
    (`for all n`, `for n = 1..6 only, not for all n`), labels proved value by value, and the parameters
    (`for all delta > 0`, `for delta = 1 only`).  Empty when there is nothing of the kind."""
    parts = _sizes(scope.sizes)
    parts += [_span(v) for v in scope.variables if v.coverage is Coverage.EACH]
    for p in scope.parameters:
        parts.append(_span(p) if p.coverage is not Coverage.EVERY else f"for all {p.name} {p.domain}")
    return "; ".join(parts)
