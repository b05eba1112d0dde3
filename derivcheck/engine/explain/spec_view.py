"""Lay a spec out for `derivcheck show`: every field, its expressions parsed and pretty-printed (no proof)."""

from __future__ import annotations

from derivcheck.engine.build import Built, build
from derivcheck.engine.mathtext import math
from derivcheck.errors import SpecError
from derivcheck.results.explanation import Shown, SpecView
from derivcheck.spec.model import Spec, Text

__all__ = ["spec_view"]


def spec_view(spec: Spec) -> SpecView:
    """`spec` with its expressions parsed where possible; an expression that cannot be read shows why."""
    try:
        built: Built | None = build(spec)
        build_error = None
    except SpecError as exc:
        built, build_error = None, str(exc)
    z = spec.variable
    function = _shown(built, f"g({z})", spec.function, output=False, error=build_error)
    second = spec.second_derivative
    return SpecView(
        name=spec.name,
        file=spec.file,
        description=spec.description,
        variable=z,
        output=spec.output,
        parameters=tuple((name, text.text) for name, text in spec.parameters),
        domain=None if spec.domain is None else spec.domain.text,
        function=function,
        derivative=_shown(built, f"claimed g'({z})", spec.derivative),
        second_derivative=None if second is None else _shown(built, f"claimed g''({z})", second),
        at=tuple(_shown(built, f"g'({at.point.text})", at.value) for at in spec.at),
        points=None if spec.points is None else tuple(p.text for p in spec.points),
        identities=tuple((_shown(built, f"identity {i} (lhs)", ident.lhs),
                          _shown(built, f"identity {i} (rhs)", ident.rhs))
                         for i, ident in enumerate(spec.identities, 1)),
        derivation=tuple(Shown(f"step {i}", step.text, step.location.line)
                         for i, step in enumerate(spec.derivation, 1)),
    )


def _shown(built: Built | None, label: str, text: Text, *, output: bool = True,
           error: str | None = None) -> Shown:
    line = text.location.line
    if built is None:
        return Shown(label, text.text, line, error=error or "the spec's function or parameters cannot be read")
    try:
        return Shown(label, text.text, line, math=math(built.expression(text, output=output)))
    except SpecError as exc:
        return Shown(label, text.text, line, error=str(exc))
