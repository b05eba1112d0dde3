"""The checks of a network spec, one entry per task: a backward equation, or the kinks of its activations; and
what reports show of the spec (the cost and the forward pass as written)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy

from derivcheck.engine.kinks.analysis import analyse_kinks
from derivcheck.engine.kinks.declared import DeclaredValue
from derivcheck.engine.kinks.frameworks import framework_values
from derivcheck.engine.network.decide import decide_equation
from derivcheck.engine.network.model import NetworkModel, network_model
from derivcheck.engine.problem import Problem
from derivcheck.lang.matrix import MatrixSyntax
from derivcheck.lang.matrix_written import layer_symbol, typeset_matrix
from derivcheck.lang.parse import Scope, parse_number
from derivcheck.lang.shapes import Shape
from derivcheck.lang.vocabulary import FUNCTIONS
from derivcheck.results.checks import Check, Definition, Kink, Math
from derivcheck.spec.model import Text
from derivcheck.spec.network import NetworkSpec

__all__ = ["check_equation", "check_kinks", "claim_shapes", "cost_math", "forward_definitions", "written_math"]


def written_math(model: NetworkModel, syntax: MatrixSyntax, text: Text) -> Math:
    """A matrix text as written, typeset in source order (matrices in the notes' style, W^{[1]})."""
    shown = " ".join(text.text.split())
    return Math(text=shown, pretty=shown, latex=typeset_matrix(syntax, claim_shapes(model), frozenset(model.kinds)))


def claim_shapes(model: NetworkModel) -> dict[str, Shape]:
    """The shape of every name a text may use, backward names included (each its target's)."""
    return {**model.shapes, **{b.name: model.shapes[b.target] for b in model.spec.backward}}


def cost_math(spec: NetworkSpec) -> Math:
    """The cost J as written."""
    model = network_model(spec)
    return written_math(model, model.cost, spec.cost)


def forward_definitions(spec: NetworkSpec) -> tuple[Definition, ...]:
    """The forward pass, one equation per value, as written (the spec's shapes checked on the way)."""
    model = network_model(spec)
    return tuple(Definition(step.name, written_math(model, step.syntax, step.text), latex_name=layer_symbol(step.name))
                 for step in model.forward)


def check_equation(spec: NetworkSpec, position: int, *, deadline: float,
                   partial: Callable[[Check], None] | None = None) -> Check:
    """The verdict on backward equation `position`."""
    return decide_equation(spec, spec.backward[position].name, deadline=deadline, partial=partial)


def check_kinks(spec: NetworkSpec) -> tuple[tuple[Kink, ...], tuple[Check, ...]]:
    """Each declared activation's kinks, analysed as for the activation itself (its `at:` values its convention)."""
    network_model(spec)
    rows: list[Kink] = []
    checks: list[Check] = []
    for activation in spec.activations:
        if activation.is_any:
            continue
        z, a = sympy.Symbol("z", real=True), sympy.Symbol("a", real=True)
        build = FUNCTIONS[activation.function].build
        problem = Problem(z=z, a=a, g=build(z))
        declared = [DeclaredValue(parse_number(p.text, p.location), parse_number(v.text, v.location), p.location.line)
                    for p, v in activation.at]
        frameworks = framework_values(problem, Scope(symbols={"z": z, "a": a}), activation.function)
        # No claimed derivative here: the backward lines use g1' (sympy's, whose Heaviside(0) decides nothing), and
        # the value at a kink is the `at:` value, checked as for the activation itself.
        found_rows, found_checks = analyse_kinks(problem, declared, frameworks=frameworks)
        where = f"{activation.name} = {activation.function}"
        rows += [replace(row, fixed=where) for row in found_rows]
        checks += [replace(check, label=f"{activation.name}'({check.point})" if check.point else check.label)
                   for check in found_checks]
    return tuple(rows), tuple(checks)
