"""The rows of `derivcheck list`, drawn from the spec text and the conventions table alone (no sympy)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from derivcheck.errors import SpecError
from derivcheck.results.numbers import DIGITS, significant
from derivcheck.spec.conventions import FRAMEWORKS, conventions_for
from derivcheck.spec.load import load_spec
from derivcheck.spec.model import Spec
from derivcheck.spec.multi import AnySpec, MultiSpec
from derivcheck.spec.network import NetworkSpec
from derivcheck.spec.sources import spec_files

NONE = "—"


@dataclass(frozen=True)
class ListRow:
    """One spec as `derivcheck list` shows it; `error` is set (and the rest blank) for a broken spec."""

    name: str
    function: str = ""
    derivative: str = ""
    output_form: str = ""
    kinks: str = ""
    convention: str = ""
    error: str | None = None


def list_rows(folder: Path, *, follow_symlinks: bool = False) -> list[ListRow]:
    """One row per spec file in `folder`, in file order; a spec that does not load becomes an error row.

    Raises UsageError for a symbolic link in `folder` that `spec_files` refuses.
    """
    rows = []
    for path in spec_files(folder, follow_symlinks=follow_symlinks):
        try:
            rows.append(row(load_spec(path)))
        except SpecError as exc:
            rows.append(ListRow(name=path.stem, error=str(exc)))
    return rows


def row(spec: AnySpec) -> ListRow:
    if isinstance(spec, NetworkSpec):
        return network_row(spec)
    if isinstance(spec, MultiSpec):
        return multi_row(spec)
    return ListRow(name=spec.name, function=spec.function.text, derivative=spec.derivative.text,
                   output_form=output_form(spec), kinks=kinks(spec), convention=convention(spec))


def multi_row(spec: MultiSpec) -> ListRow:
    """A spec of several variables: its function and its claimed partial derivatives, `∂L/∂z = a - y; ...`."""
    output = spec.output or "f"
    claims = "; ".join([*(f"∂{output}/∂{claim.key} = {claim.claim.text.strip()}" for claim in spec.claims),
                        *(f"∂²{output}/∂({claim.key}) = {claim.claim.text.strip()}" for claim in spec.hessian)])
    return ListRow(name=spec.name, function=spec.function.text, derivative=claims, output_form=NONE, kinks=NONE,
                   convention=NONE)


def network_row(spec: NetworkSpec) -> ListRow:
    """A network spec: its cost and its backward equations, `dZ2 = A2 - Y; ...`."""
    claims = "; ".join(f"{line.name} = {line.claim.text.strip()}" for line in spec.backward)
    return ListRow(name=spec.name, function=f"J = {spec.cost.text.strip()}", derivative=claims, output_form=NONE,
                   kinks=NONE, convention=NONE)


def uses_name(text: str, name: str) -> bool:
    """Whether `name` occurs in an expression text as a whole identifier (`a` in a*(1 - a), not in atan)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text) is not None


def output_form(spec: Spec) -> str:
    """The derivative text if it uses the output name, else an identity's right side in it, else a dash."""
    if uses_name(spec.derivative.text, spec.output):
        return spec.derivative.text
    for identity in spec.identities:
        if uses_name(identity.rhs.text, spec.output) and not uses_name(identity.lhs.text, spec.output):
            return identity.rhs.text
    return NONE


def kinks(spec: Spec) -> str:
    """The spec's `at:` points and the conventions table's kinks, in increasing order, or a dash."""
    values = _parameter_values(spec)
    found: dict[str, Fraction | None] = {}
    for at in spec.at:
        found.setdefault(at.point.text.strip(), exact(at.point.text, values))
    for kink in conventions_for(spec.name):
        value = exact(kink.point, values)
        if value is None or all(v != value for v in found.values()):
            found.setdefault(kink.point if value is None else _show(value), value)
    ordered = sorted(found, key=lambda text: (found[text] is None, found[text] or 0))
    return ", ".join(ordered) or NONE


def convention(spec: Spec) -> str:
    """The frameworks whose gradient equals the spec's `at:` value at every declared kink they are known at."""
    values = _parameter_values(spec)
    table = conventions_for(spec.name)
    agreeing = []
    for framework in FRAMEWORKS:
        compared = 0
        for at in spec.at:
            where = exact(at.point.text, values)
            kink = next((k for k in table if where is not None and exact(k.point, values) == where), None)
            theirs = kink.by_framework()[framework].value if kink is not None else None
            if theirs is None:
                continue
            compared += 1
            mine, other = exact(at.value.text, values), exact(theirs, values)
            if mine is None or other is None or mine != other:
                break
        else:
            if compared:
                agreeing.append(framework)
    return ", ".join(agreeing) or NONE


def _parameter_values(spec: Spec) -> dict[str, Fraction]:
    values: dict[str, Fraction] = {}
    for name, text in spec.parameters:
        value = exact(text.text, values)
        if value is not None:
            values[name] = value
    return values


def exact(text: str, values: dict[str, Fraction]) -> Fraction | None:
    """A product of numbers and parameters such as `-1/2`, `0.25`, `-lambd` or `scale*alpha`; else None."""
    text = text.strip().replace(" ", "")
    sign = Fraction(1)
    if text.startswith("-"):
        sign, text = Fraction(-1), text[1:]
    result = sign
    for factor in text.split("*") if text else ["?"]:
        if factor in values:
            result *= values[factor]
            continue
        try:
            result *= Fraction(factor)
        except (ValueError, ZeroDivisionError):
            return None
    return result


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    decimal = significant(float(value), DIGITS)
    return decimal if Fraction(decimal) == value else str(value)
