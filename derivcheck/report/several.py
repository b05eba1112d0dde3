"""How every report writes a spec of several variables: L(z, y), ∂L/∂z and ∂a_i/∂z_j, points in every
variable, the definitions and constraints, and what each verdict covers (its scope, in words)."""

from __future__ import annotations

from derivcheck.report.latex_text import symbol
from derivcheck.results.checks import Check, Counterexample, Definition, Kink, Partial, SpecResult
from derivcheck.results.scope import scope_text

__all__ = ["definition_latex", "definition_lines", "derivative_latex", "equation_latex", "function_latex",
           "function_name", "is_network", "is_several", "kink_point", "point_words", "scope_line"]


def is_several(spec: SpecResult) -> bool:
    """Whether the result is of a spec of several variables (a network among them)."""
    return bool(spec.variables)


def is_network(spec: SpecResult) -> bool:
    """Whether the result is of a network spec: a cost of matrices, backward equations checked at fixed shapes."""
    return bool(spec.shapes)


def equation_latex(check: Check) -> str | None:
    """A network's backward line as math: its name, what it claims, and the claim as written
    (`dZ^{[2]} = m \\frac{\\partial J}{\\partial Z^{[2]}} = A^{[2]} - Y`); None without its texts."""
    lhs, rhs = check.written_lhs, check.written
    if lhs is None or rhs is None or lhs.latex is None or rhs.latex is None:
        return None
    return f"{lhs.latex} = {rhs.latex}"


def _output_index(spec: SpecResult) -> str | None:
    return next((c.partial.output_index for c in spec.checks if c.partial and c.partial.output_index), None)


def function_name(spec: SpecResult) -> str:
    """`L(z, y)` or, for a vector function, `a_i(z)`; `g(z)` for one variable."""
    if not is_several(spec):
        return f"g({spec.variable})"
    index = _output_index(spec)
    return f"{spec.output}{f'_{index}' if index else ''}({', '.join(spec.variables)})"


def function_latex(spec: SpecResult) -> str:
    """`L(z, y)`, `a_{i}(z)` as math (names as sympy sets symbols)."""
    if not is_several(spec):
        return f"g({symbol(spec.variable)})"
    if is_network(spec):
        return "J"  # the cost; its parameters are named by the forward pass written under it
    index = _output_index(spec)
    head = symbol(spec.output) + (f"_{{{symbol(index)}}}" if index else "")
    return f"{head}({', '.join(symbol(v) for v in spec.variables)})"


def _entry(name: str, index: str | None) -> str:
    return symbol(name) + (f"_{{{symbol(index)}}}" if index else "")


def derivative_latex(partial: Partial) -> str:
    """`\\frac{\\partial L}{\\partial z}`, `\\frac{\\partial a_{i}}{\\partial z_{j}}`, `\\frac{\\partial^2 L}{\\partial
    z^2}`, `\\frac{\\partial^2 L}{\\partial z \\partial y}`."""
    top = _entry(partial.output, partial.output_index)
    first = _entry(partial.variable, partial.variable_index)
    if partial.second_variable is None:
        return f"\\frac{{\\partial {top}}}{{\\partial {first}}}"
    second = _entry(partial.second_variable, partial.second_index)
    below = f"\\partial {first}^2" if second == first else f"\\partial {first} \\partial {second}"
    return f"\\frac{{\\partial^2 {top}}}{{{below}}}"


def point_words(counterexample: Counterexample, variable: str) -> str:
    """Where a counterexample lies: `z = 0, y = 1` (every name given) or, for one variable, `z = 0`."""
    return counterexample.point if counterexample.at else f"{variable} = {counterexample.point}"


def scope_line(check: Check) -> str | None:
    """What a verdict covers, in words, for a check that carries a scope."""
    if check.scope is None:
        return None
    text = scope_text(check.scope)
    return text or None


def definition_lines(spec: SpecResult) -> list[tuple[str, str]]:
    """(`where`, `a = sigmoid(z)`) for each named intermediate, (`with`, `sum(y[k], k) = 1`) for each constraint."""
    return [("where", f"{d.name}{f'[{d.index}]' if d.index else ''} = {d.math.text}") if d.name
            else ("with", d.math.text) for d in spec.definitions]


def definition_latex(definition: Definition) -> str:
    """`a_{i}`: a named intermediate's name (with its own index) as math; a network's value as the notes write it."""
    return definition.latex_name or _entry(definition.name, definition.index)


def kink_point(kink: Kink) -> str:
    """`z = y + 1 (y = -1)`: the variable a kink lies along and the label values it holds for, if any."""
    text = f"{kink.along} = {kink.point}" if kink.along else kink.point
    return f"{text} ({kink.fixed})" if kink.fixed else text
