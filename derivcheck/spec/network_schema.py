"""Check the document tree of a network spec (keys, types, names, shapes as written) and build its `NetworkSpec`."""

from __future__ import annotations

import re

from derivcheck.spec.model import KeyLines, Text
from derivcheck.spec.network import (
    ACTIVATION_KEYS,
    DEFAULT_SIZES,
    INPUT_KEYS,
    MAX_SIZE,
    NETWORK_KEYS,
    NETWORK_ONLY,
    NETWORK_REQUIRED,
    Activation,
    Backward,
    Matrix,
    NetworkSpec,
    ShapeName,
    Sizes,
    Step,
)
from derivcheck.spec.schema import (
    NAME_PATTERN,
    NAME_RULE,
    check_keys,
    expression,
    fail,
    identifier,
    mapping,
    scalar,
    sequence,
)
from derivcheck.spec.tree import Map, Node, Scalar, show

__all__ = ["build_network_spec", "equals_at_top", "is_network"]

_RANGE = re.compile(r"\s*(\d{1,2})\s*(?:\.\.\s*(\d{1,2})\s*)?")
# What a backward line claims: `dJ/dZ2`, or a shape name times it (`m * dJ/dZ2`, the notes' per-example dZ).
_MEANING = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)\s*\*\s*)?dJ\s*/\s*d([A-Za-z_][A-Za-z0-9_]*)\s*")


def is_network(root: Map) -> bool:
    """Whether a spec's top level declares a network (a forward pass, shapes, backward equations)."""
    return any(key.text in NETWORK_ONLY for key, _ in root.entries)


class _Names:
    """Every name a network spec declares, each once: shapes, matrices, activations, forward and backward."""

    def __init__(self) -> None:
        self.taken: dict[str, str] = {}

    def take(self, node: Node, path: str, what: str) -> str:
        name = identifier(node, path)
        if "__" in name:
            raise fail(path, f"{show(name)}: a name in a network spec may not hold '__' (derivcheck writes g1' "
                        "as g1__prime)", node.location)
        if name in self.taken:
            raise fail(path, f"{show(name)} is already the name of a {self.taken[name]}; each name may be "
                        "declared once", node.location)
        self.taken[name] = what
        return name


def build_network_spec(root: Map, file: str) -> NetworkSpec:
    """The NetworkSpec of a document tree whose top level holds network keys."""
    values = check_keys(root, "", NETWORK_KEYS, NETWORK_REQUIRED)
    name = identifier(values["name"], "name", pattern=NAME_PATTERN, rule=NAME_RULE)
    names = _Names()
    shapes = _shapes(values["shapes"], names)
    known = {s.name for s in shapes}
    sizes = _sizes(values.get("sizes"), shapes)
    examples = None
    if "examples" in values:
        examples = scalar(values["examples"], "examples", "a shape name").text
        if examples not in known:
            raise fail("examples", f"{show(examples)} is not a shape (shapes: {', '.join(sorted(known))})",
                        values["examples"].location)
    elif "m" in known:
        examples = "m"
    inputs = _matrices(values["inputs"], "inputs", names, known, inputs=True) if "inputs" in values else ()
    parameters = _matrices(values["parameters"], "parameters", names, known, inputs=False)
    if not parameters:
        raise fail("parameters", "declare at least one parameter (what the cost is differentiated by)",
                    values["parameters"].location)
    activations = _activations(values["activations"], names) if "activations" in values else ()
    forward = _forward(values["forward"], names)
    backward = _backward(values["backward"], names, known, examples,
                         {m.name for m in parameters + inputs}, {s.name for s in forward})
    description = scalar(values["description"], "description", "a text").text if "description" in values else None
    return NetworkSpec(
        name=name,
        file=file,
        shapes=shapes,
        sizes=sizes,
        parameters=parameters,
        forward=forward,
        cost=expression(values["cost"], "cost"),
        backward=backward,
        inputs=inputs,
        activations=activations,
        constraints=_constraints(values["constraints"]) if "constraints" in values else (),
        examples=examples,
        description=description,
        lines=KeyLines(tuple((key.text, key.location.line) for key, _ in root.entries)),
    )


def _shapes(node: Node, names: _Names) -> tuple[ShapeName, ...]:
    entries = mapping(node, "shapes", "a mapping of shape names to what they count (n_x: input features)").entries
    if not entries:
        raise fail("shapes", "declare at least one shape name (m: examples)", node.location)
    found = []
    for key, value in entries:
        shape = names.take(key, "shapes", "shape")
        text = None if not isinstance(value, Scalar) or value.is_null else value.text
        if not isinstance(value, Scalar):
            raise fail(f"shapes.{shape}", "expected what the shape counts, as a text", value.location)
        found.append(ShapeName(shape, text, key.location))
    return tuple(found)


def _range(node: Node, path: str) -> tuple[int, int]:
    text = scalar(node, path, "a size (2) or a range of sizes (1..3)").text
    match = _RANGE.fullmatch(text)
    if match is None:
        raise fail(path, f"{show(text)} is not a size or a range of sizes; write 2 or 1..3", node.location)
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if not 1 <= low <= high <= MAX_SIZE:
        raise fail(path, f"sizes {low}..{high} are not allowed: sizes run from 1 to at most {MAX_SIZE}, low to high",
                    node.location)
    return low, high


def _sizes(node: Node | None, shapes: tuple[ShapeName, ...]) -> tuple[Sizes, ...]:
    """The sizes each shape is checked at: one range for all (`sizes: 1..3`), or one per shape name."""
    if node is None:
        return tuple(Sizes(s.name, *DEFAULT_SIZES) for s in shapes)
    if isinstance(node, Scalar):
        low, high = _range(node, "sizes")
        return tuple(Sizes(s.name, low, high) for s in shapes)
    given = {}
    for key, value in mapping(node, "sizes", "a range (1..3) or a mapping of shape names to ranges").entries:
        if key.text not in {s.name for s in shapes}:
            raise fail("sizes", f"{show(key.text)} is not a shape (shapes: {', '.join(s.name for s in shapes)})",
                        key.location)
        given[key.text] = _range(value, f"sizes.{key.text}")
    return tuple(Sizes(s.name, *given.get(s.name, DEFAULT_SIZES)) for s in shapes)


def _dims(node: Node, path: str, known: set[str]) -> tuple[str, ...]:
    items = sequence(node, path, "a shape [rows, columns], each a shape name or a whole number").items
    if len(items) != 2:
        raise fail(path, f"a shape has two dimensions [rows, columns], found {len(items)}", node.location)
    dims = []
    for position, item in enumerate(items):
        text = scalar(item, f"{path}[{position}]", "a shape name or a whole number").text.strip()
        if text.isdigit():
            if not 1 <= int(text) <= MAX_SIZE:
                raise fail(path, f"a fixed dimension is a whole number from 1 to {MAX_SIZE}, found {show(text)}",
                            item.location)
            text = str(int(text))
        elif text not in known:
            raise fail(path, f"{show(text)} is not a shape name (shapes: {', '.join(sorted(known))})",
                        item.location)
        dims.append(text)
    return tuple(dims)


def _matrices(node: Node, path: str, names: _Names, known: set[str], *, inputs: bool) -> tuple[Matrix, ...]:
    what = "inputs" if inputs else "parameters"
    entries = mapping(node, path, f"a mapping of {what} to shapes ([n_x, m])").entries
    found = []
    for key, value in entries:
        name = names.take(key, path, "input" if inputs else "parameter")
        here = f"{path}.{name}"
        if isinstance(value, Map):
            if not inputs:
                raise fail(here, "a parameter is any real matrix: give its shape, [rows, columns]", value.location)
            fields = check_keys(value, here, INPUT_KEYS, ("shape",))
            labels: tuple[Text, ...] = ()
            if "values" in fields:
                items = sequence(fields["values"], f"{here}.values", "a list of numbers").items
                if len(items) < 2:
                    raise fail(f"{here}.values", "a label takes at least two values", fields["values"].location)
                labels = tuple(expression(item, f"{here}.values[{i}]") for i, item in enumerate(items))
            domain = expression(fields["domain"], f"{here}.domain") if "domain" in fields else None
            if labels and domain is not None:
                raise fail(here, "a label (values:) takes no domain: each entry is one of its values",
                            fields["domain"].location)
            found.append(Matrix(name, _dims(fields["shape"], f"{here}.shape", known), key.location, labels, domain))
        else:
            found.append(Matrix(name, _dims(value, here, known), key.location))
    return tuple(found)


def _activations(node: Node, names: _Names) -> tuple[Activation, ...]:
    entries = mapping(node, "activations", "a mapping of names to `any` or an activation (g1: tanh)").entries
    found = []
    for key, value in entries:
        name = names.take(key, "activations", "activation")
        here = f"activations.{name}"
        at: tuple[tuple[Text, Text], ...] = ()
        if isinstance(value, Map):
            fields = check_keys(value, here, ACTIVATION_KEYS, ("function",))
            function = scalar(fields["function"], f"{here}.function", "`any` or an activation name").text.strip()
            if "at" in fields:
                points = mapping(fields["at"], f"{here}.at", "a mapping of points to derivative values").entries
                at = tuple((expression(p, f"{here}.at"), expression(v, f"{here}.at[{show(p.text)}]"))
                           for p, v in points)
        else:
            function = scalar(value, here, "`any` or an activation name (tanh, relu, ...)").text.strip()
        if function == "any" and at:
            raise fail(here, "`any` function has no kink to give a value at", value.location)
        found.append(Activation(name, function, key.location, at))
    return tuple(found)


def _forward(node: Node, names: _Names) -> tuple[Step, ...]:
    entries = mapping(node, "forward", "a mapping of names to matrix expressions (Z1: W1 @ X + b1)").entries
    if not entries:
        raise fail("forward", "the forward pass needs at least one equation", node.location)
    return tuple(Step(names.take(key, "forward", "forward value"), expression(value, f"forward.{key.text}"),
                      key.location) for key, value in entries)


def _backward(node: Node, names: _Names, shapes: set[str], examples: str | None, matrices: set[str],
              forward: set[str]) -> tuple[Backward, ...]:
    entries = mapping(node, "backward", "a mapping of names to claimed derivatives (dW1: (1/m) * dZ1 @ X.T)").entries
    if not entries:
        raise fail("backward", "claim at least one backward equation", node.location)
    targets = matrices | forward
    found = []
    for key, value in entries:
        name = names.take(key, "backward", "backward value")
        here = f"backward.{name}"
        if isinstance(value, Map):
            fields = check_keys(value, here, ("claim", "of"), ("claim",))
            claim = expression(fields["claim"], f"{here}.claim")
            meaning = fields.get("of")
        else:
            claim, meaning = expression(value, here), None
        if meaning is None:
            target = name[1:] if name.startswith("d") else ""
            if target not in targets:
                raise fail(here, f"{show(name)} does not name what it is the derivative of: call it d<name> for a "
                            f"parameter or forward value (dW1, dZ1), or say it with `of: dJ/dZ1`", key.location)
            scale = examples if target in forward else None
        else:
            text = scalar(meaning, f"{here}.of", "what the line claims, such as `m * dJ/dZ2` or `dJ/dW2`").text
            match = _MEANING.fullmatch(text)
            if match is None:
                raise fail(f"{here}.of", f"{show(text)} is not `dJ/d<name>` or `<shape> * dJ/d<name>`",
                            meaning.location)
            scale, target = match.group(1), match.group(2)
            if target not in targets:
                raise fail(f"{here}.of", f"{show(target)} is not a parameter, input or forward value",
                            meaning.location)
            if scale is not None and scale not in shapes:
                raise fail(f"{here}.of", f"{show(scale)} is not a shape name (shapes: {', '.join(sorted(shapes))})",
                            meaning.location)
        found.append(Backward(name, target, scale, claim, key.location))
    return tuple(found)


def equals_at_top(text: str) -> list[int]:
    """The positions of each `=` outside every parenthesis (not part of <=, >=, ==, !=; `axis=0` is inside one)."""
    found, depth = [], 0
    for match in re.finditer(r"[()]|(?<![<>=!])==?(?![=])", text):
        token = match.group()
        depth += (token == "(") - (token == ")")
        if token not in "()" and depth == 0:
            found.append(match.start())
    return found


def _constraints(node: Node) -> tuple[Text, ...]:
    items = sequence(node, "constraints", "a list of equations such as `sum(Y, axis=0) = 1`").items
    found = []
    for position, item in enumerate(items):
        text = expression(item, f"constraints[{position}]")
        if len(equals_at_top(text.text)) != 1:
            raise fail(f"constraints[{position}]", f"a constraint is one equation `lhs = rhs`, as in "
                        f"sum(Y, axis=0) = 1; found {show(text.text)}", text.location)
        found.append(text)
    return tuple(found)
