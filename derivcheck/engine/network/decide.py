"""Decide one backward equation of a network with decide's rules, entry by entry, at every size in the spec's range.

Sizes are taken smallest first.  At each: every entry is compared at one point of a line through the inputs and
parameters (a difference certified at two precisions refutes the claim, at the smallest size, naming the entry
and the point); then every entry is proved exactly (`prove.prove_entry`) and confirmed at a fresh point of the
line.  PROVED needs every entry of every size in the range proved, and `CONFIRMING_POINTS` agreeing points at
least (a certified difference after a proof is an ERROR, an internal inconsistency).  It is proved for those
sizes only, and the scope says so: a proof at fixed sizes says nothing about others.  An entry without proof or
counterexample leaves the claim UNDECIDED, after the other sizes were still searched for a counterexample.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import sympy

from derivcheck.engine.network.functions import formula
from derivcheck.engine.network.instance import Instance, instance, size_items
from derivcheck.engine.network.model import NetworkModel, network_model
from derivcheck.engine.network.numbers import Place, confirm_entry, place, search_entry
from derivcheck.engine.network.prove import STEPS, normal_form_proof, quick_proof
from derivcheck.engine.network.steps import kink_arguments
from derivcheck.engine.prove.decide import CONFIRMING_POINTS
from derivcheck.results.checks import Check, CheckKind, Counterexample, Math, Partial, Verdict
from derivcheck.results.scope import Coverage, Scope, Size, Span, scope_note
from derivcheck.spec.network import NetworkSpec

__all__ = ["decide_equation", "ordered_sizes"]

#: Stop this long before the deadline, so that the verdict (with what was proved) is the task's own.
_MARGIN = 1.0
#: Results with at most this many entries are confirmed entry by entry; larger ones at a spread of four.
_CONFIRMED = 4

#: Further label draws searched for a counterexample where no quick proof came.
_LABEL_DRAWS = 3

Progress = Callable[[Check], None]


def ordered_sizes(spec: NetworkSpec) -> list[dict[str, int]]:
    """Every choice of sizes in the spec's ranges, smallest first (by total, then in the order of `shapes:`)."""
    ranges = [range(s.low, s.high + 1) for s in spec.sizes]
    combos = sorted(itertools.product(*ranges), key=lambda c: (sum(c), c))
    return [dict(zip((s.name for s in spec.sizes), combo, strict=True)) for combo in combos]


def _entry_name(name: str, shape: tuple[int, int], position: int) -> str:
    row, column = divmod(position, shape[1])
    return f"{name}[{row + 1},{column + 1}]"


@dataclass
class _Tally:
    """What one equation's checks found so far."""

    proved: list[str] = field(default_factory=list)  # the sizes proved, in words
    methods: set[str] = field(default_factory=set)
    entries: int = 0
    agreeing: int = 0
    kinks: set[str] = field(default_factory=set)
    open: str | None = None  # the first entry no proof closed, and why


def decide_equation(spec: NetworkSpec, name: str, *, deadline: float, partial: Progress | None = None) -> Check:
    """The verdict on backward line `name` of `spec`."""
    started = time.monotonic()
    model = network_model(spec)
    claim = model.claim(name)
    base = Check(kind=CheckKind.DERIVATIVE, label=claim.label, verdict=Verdict.UNDECIDED,
                 method=None, message="", claim=_written(model, name), line=claim.location.line,
                 partial=Partial(output="J", variable=claim.target, scale=claim.scale))
    tally = _Tally()
    sizes = ordered_sizes(spec)
    stop = deadline - _MARGIN

    def finish(verdict: Verdict, message: str, *, method: str | None = None, scope: Scope | None = None,
               counterexample: Counterexample | None = None) -> Check:
        return replace(base, verdict=verdict, message=message, seconds=time.monotonic() - started, method=method,
                       scope=scope, counterexample=counterexample)

    for number, size in enumerate(sizes):
        if time.monotonic() > stop:
            return finish(Verdict.UNDECIDED, _out_of_time(tally, size), scope=_scope(model, tally, sizes))
        inst = instance(spec, size_items(model, size))
        where = place(inst, seed=number)
        truth, claimed = inst.truth(name), inst.claimed(name)
        if number in _held_to_diff(sizes) and not _same_truth(inst, name, truth, stop):
            return finish(Verdict.UNDECIDED, f"at {_sizes_text(size)} the derivative by reverse accumulation and "
                          "by diff of the whole cost could not be shown equal, so neither is trusted",
                          scope=_scope(model, tally, sizes))
        shape = (truth.rows, truth.cols)
        entries = [_entry_name(name, shape, k) for k in range(len(truth))]
        proof_truth, proof_claimed = _on_constraints(inst, truth), _on_constraints(inst, claimed)
        for k, entry in enumerate(entries):
            method = quick_proof(proof_truth[k], proof_claimed[k])
            if method is None:
                # No quick proof: a counterexample first (where a false claim ends), then the full normal form.
                found = _search(inst, where, number, truth[k], claimed[k], entry)
                if found is not None:
                    return replace(_refuted(finish, found, size), hint=_hint(inst, name, truth, claimed))
                if tally.open is None:
                    method = normal_form_proof(proof_truth[k], proof_claimed[k], deadline=stop)
                if method is None:
                    tally.open = tally.open or f"{entry} at {_sizes_text(size)}"
                    continue
            tally.methods.add(method)
            # Where the proof says nothing: the kinks of steps in either side (and, for a proof through steps,
            # those of every function it wrote as steps, relu and max among them).
            sides = (truth[k], claimed[k]) if method != STEPS else (formula(truth[k]), formula(claimed[k]))
            tally.kinks |= _kinks(inst, *sides)
            if time.monotonic() > stop:
                return finish(Verdict.UNDECIDED, _out_of_time(tally, size), scope=_scope(model, tally, sizes))
        if tally.open is not None:
            continue  # no proof here: the other sizes are only searched for a counterexample
        # Entries confirmed at fresh points (a spread of them at larger sizes); the last size tops the count
        # up to CONFIRMING_POINTS.
        chosen = _spread(len(entries))
        rounds = 0
        while rounds == 0 or (number == len(sizes) - 1 and tally.agreeing < CONFIRMING_POINTS and rounds < 3):
            need = 1 if rounds == 0 else -(-(CONFIRMING_POINTS - tally.agreeing) // len(chosen))
            for k in chosen:
                agreed = confirm_entry(where, truth[k], claimed[k], entries[k], need=need, seed=100 * rounds + number)
                if agreed.disagreeing:
                    bad = agreed.disagreeing[0]
                    return finish(Verdict.ERROR, f"internal inconsistency: an exact proof says the entries are "
                                  f"equal, but they differ at {bad.point} ({bad.expected} vs {bad.claimed})",
                                  counterexample=bad, method=_method(model, tally, sizes))
                tally.agreeing += len(agreed.agreeing)
            rounds += 1
        tally.entries += len(entries)
        tally.proved.append(_sizes_text(size))
        if partial is not None:
            partial(finish(Verdict.UNDECIDED, f"proved at {len(tally.proved)} of {len(sizes)} sizes so far; "
                           f"the last: {tally.proved[-1]}"))
    if tally.open is not None:
        return finish(Verdict.UNDECIDED, f"no proof found and no counterexample: entry {tally.open} is not closed "
                      "by the exact forms; no sampled point tells the two sides apart",
                      scope=_scope(model, tally, sizes))
    if tally.agreeing < CONFIRMING_POINTS:
        return finish(Verdict.UNDECIDED, f"every entry was proved exactly, but only {tally.agreeing} of "
                      f"{CONFIRMING_POINTS} points could confirm it numerically", scope=_scope(model, tally, sizes))
    return finish(Verdict.PROVED, f"Proved entry by entry at {len(sizes)} sizes ({tally.entries} entries). "
                  f"Confirmed at {tally.agreeing} points.", method=_method(model, tally, sizes),
                  scope=_scope(model, tally, sizes))


def _search(inst: Instance, where: Place, number: int, truth: sympy.Expr, claimed: sympy.Expr,
            entry: str) -> Counterexample | None:
    """A counterexample on the size's line, else on lines with other label values: with labels of 0 and 1, one
    draw can make both sides agree (Y all 0) where most others tell them apart."""
    found = search_entry(where, truth, claimed, entry)
    draws = _LABEL_DRAWS if inst.model.labels else 0
    for draw in range(1, draws + 1):
        if found is not None:
            break
        found = search_entry(place(inst, seed=number + 1000 * draw), truth, claimed, entry)
    return found


def _held_to_diff(sizes: list[dict[str, int]]) -> set[int]:
    """The sizes where the truth is computed twice: the smallest, and the first with every size 2 or more (the
    largest, when the range has none), where an indexing slip would show."""
    wide = next((k for k, size in enumerate(sizes) if min(size.values()) >= 2), len(sizes) - 1)
    return {0, wide}


def _same_truth(inst: Instance, name: str, truth: sympy.ImmutableMatrix, stop: float) -> bool:
    """Whether `diff` of the whole cost gives the same derivative, entry by entry, by an exact argument."""
    full = inst.full_truth(name)
    return all(quick_proof(full[k], truth[k]) or normal_form_proof(full[k], truth[k], deadline=stop)
               for k in range(len(truth)))


def _spread(count: int) -> list[int]:
    """The entries confirmed numerically: all of a small result, else the first, two inner ones and the last."""
    if count <= _CONFIRMED:
        return list(range(count))
    return sorted({0, count // 3, (2 * count) // 3, count - 1})


def _hint(inst: Instance, name: str, truth: sympy.ImmutableMatrix, claimed: sympy.ImmutableMatrix) -> str | None:
    """The likely mistake of a refuted line, when an exact argument shows it at every entry of the refuted size:
    a flipped sign, a factor 1/m missing, or an extra one (the two conventions of dZ mixed up)."""
    claim = inst.model.claim(name)
    examples = inst.model.spec.examples

    def everywhere(factor: sympy.Expr) -> bool:
        return all(quick_proof(factor * truth[k], claimed[k]) for k in range(len(truth)))

    if everywhere(sympy.S.NegativeOne):
        return "the sign is flipped: the claim is minus the true value in every entry"
    m = inst.sizes.get(examples or "", 1)
    if m > 1 and everywhere(sympy.Integer(m)):
        return f"a factor 1/{examples} missing: the claim is {examples} times the true value in every entry"
    if m > 1 and everywhere(sympy.Rational(1, m)):
        if claim.scale == examples:
            return (f"the claim is 1/{examples} times the true value in every entry: it is dJ/d{claim.target}, "
                    f"where the line claims {claim.meaning} (the per-example convention); say so with "
                    f"`of: dJ/d{claim.target}`, or drop the 1/{examples}")
        return f"an extra factor 1/{examples}: the claim is 1/{examples} times the true value in every entry"
    return None


def _refuted(finish: Callable[..., Check], found: Counterexample, size: Mapping[str, int]) -> Check:
    entry = next(c.value for c in found.at if c.name == "entry")
    return finish(Verdict.REFUTED, f"the claim differs from the true value at {_sizes_text(size)}, in entry {entry}",
                  method="certified counterexample", counterexample=found)


def _sizes_text(size: Mapping[str, int]) -> str:
    return ", ".join(f"{name} = {value}" for name, value in size.items())


def _out_of_time(tally: _Tally, size: Mapping[str, int]) -> str:
    done = f"proved at {len(tally.proved)} sizes ({tally.proved[0]} .. {tally.proved[-1]})" if tally.proved else (
        "no size proved yet")
    return f"out of time at {_sizes_text(size)}: {done}; the range the spec states is not covered"


def _on_constraints(inst: Instance, values: sympy.ImmutableMatrix) -> sympy.ImmutableMatrix:
    """`values` where each constrained input's last row (or column) is solved for: claims hold on the constraint."""
    solved: dict[sympy.Symbol, sympy.Expr] = {}
    for constraint in inst.model.constraints:
        m = inst.matrices[constraint.name]
        lines = [m[:, j] for j in range(m.cols)] if constraint.axis == 0 else [m[i, :] for i in range(m.rows)]
        for entries in lines:
            *rest, last = list(entries)
            solved[last] = constraint.value - sympy.Add(*rest)
    return values.xreplace(solved) if solved else values


def _kinks(inst: Instance, *exprs: sympy.Expr) -> set[str]:
    """Where a proof's steps leave kinks out, named by the forward value whose entries they are."""
    found: set[str] = set()
    for expr in exprs:
        for u in kink_arguments(expr):
            found.add(_kink_name(inst, u))
    return found


def _kink_name(inst: Instance, u: sympy.Expr) -> str:
    for step in inst.model.forward:
        entries = inst.values[step.name].entries
        if any(sympy.expand(u - e) == 0 or sympy.expand(u + e) == 0 for e in entries):
            return f"an entry of {step.name} is 0"
    return f"{sympy.sstr(u)} = 0"


def _method(model: NetworkModel, tally: _Tally, sizes: list[dict[str, int]]) -> str:
    note = scope_note(_scope(model, tally, sizes))
    method = "entry by entry, " + " / ".join(sorted(tally.methods))
    return f"{method} ({note})" if note else method


def _scope(model: NetworkModel, tally: _Tally, sizes: list[dict[str, int]]) -> Scope:
    spec = model.spec
    variables = [Span(m.name, Coverage.EVERY, m.domain.text.strip() if m.domain else "all real")
                 for m in spec.matrices]
    variables += [Span(name, Coverage.EVERY, f"differentiable {name}") for name, _, _ in model.functions.opaque]
    return Scope(variables=tuple(variables), sizes=tuple(Size(s.name, False, s.low, s.high) for s in spec.sizes),
                 constraints=tuple(c.text for c in model.constraints), excluding=tuple(sorted(tally.kinks)))


def _written(model: NetworkModel, name: str) -> Math:
    text = " ".join(model.claim(name).claim.text.split())
    return Math(text=text, pretty=text, latex=text)
