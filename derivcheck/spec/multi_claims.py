"""The claim keys of a spec of several variables: gradient, Jacobian and Hessian entries, constraints, points,
identities, each checked against the declared variables and indices."""

from __future__ import annotations

import re

from derivcheck.errors import Location
from derivcheck.spec.model import IDENTITY_KEYS, Identity, Text
from derivcheck.spec.multi import Constraint, PartialClaim, PointValues, Variable
from derivcheck.spec.schema import check_keys, expression, fail, mapping, sequence
from derivcheck.spec.tree import Node, Scalar, show

__all__ = ["claims", "constraints", "identities", "points"]

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*\])?")
# A lone `=` (not part of <=, >=, ==, !=) splits a constraint into its two sides; `==` is accepted too.
_EQUALS = re.compile(r"(?<![<>=!])==?(?![=])")


def claims(values: dict[str, Node], key: str, variables: tuple[Variable, ...],
            indices: tuple[str, ...]) -> tuple[PartialClaim, ...]:
    if key not in values:
        return ()
    what = ("variables: `z` for the second derivative in z, `z, y` for the mixed one (z[i], z[j] for vectors)"
            if key == "hessian" else "variables (z, or z[j] for a vector)")
    entries = mapping(values[key], key, f"a mapping of {what} to claimed derivatives").entries
    found = []
    for name_node, value in entries:
        text = name_node.text.strip()
        parts = [part.strip() for part in text.split(",")] if key == "hessian" else [text]
        if len(parts) > 2:
            raise fail(key, f"{show(text)} names {len(parts)} variables; a second derivative takes one or two",
                        name_node.location)
        first = _variable_key(parts[0], key, name_node, variables, indices)
        second = _variable_key(parts[-1], key, name_node, variables, indices)
        claim = expression(value, f"{key}[{show(text)}]")
        if key == "hessian":
            found.append(PartialClaim(first[0], first[1], claim, name_node.location, second[0], second[1]))
        else:
            found.append(PartialClaim(first[0], first[1], claim, name_node.location))
    return tuple(found)


def _variable_key(text: str, key: str, name_node: Scalar, variables: tuple[Variable, ...],
                  indices: tuple[str, ...]) -> tuple[str, str | None]:
    """`z` or `z[j]`, checked against the declared variables and indices: (name, index)."""
    by_name = {v.name: v for v in variables}
    match = _KEY.fullmatch(text)
    if match is None:
        raise fail(key, f"{show(text)} is not a variable (write z, or z[j] for an entry of a vector)",
                    name_node.location)
    name, index = match.group(1), match.group(2)
    variable = by_name.get(name)
    if variable is None:
        raise fail(key, f"{show(name)} is not a declared variable (variables: {', '.join(by_name)})",
                    name_node.location)
    if variable.is_label:
        raise fail(key, f"{show(name)} is a label (it takes only the values listed): no derivative with "
                    "respect to it exists", name_node.location)
    if variable.size is not None and index is None:
        raise fail(key, f"{show(name)} is a vector: name its entry, as in {name}[{(indices or ('i',))[0]}]",
                    name_node.location)
    if variable.size is None and index is not None:
        raise fail(key, f"{show(name)} is a number, not a vector: write {name} without an index",
                    name_node.location)
    if index is not None and index not in indices:
        raise fail(key, f"{show(index)} is not an index name (indices: {', '.join(indices) or 'none'})",
                    name_node.location)
    return name, index


def constraints(node: Node, size: str | None) -> tuple[Constraint, ...]:
    items = sequence(node, "constraints", "a list of equations such as `sum(y[k], k) = 1`").items
    found = []
    for i, item in enumerate(items):
        path = f"constraints[{i}]"
        text = expression(item, path)
        matches = list(_EQUALS.finditer(text.text))
        if len(matches) != 1:
            raise fail(path, f"a constraint is one equation `lhs = rhs`, found {len(matches)} '=' in "
                        f"{show(text.text)}", text.location)
        if size is None:
            raise fail(path, "constraints are for vector variables (such as sum(y[k], k) = 1)", text.location)
        found.append(_equation(text, matches[0], item.location))
    return tuple(found)


def _equation(text: Text, match: re.Match[str], location: Location) -> Constraint:
    lhs, rhs = text.text[: match.start()], text.text[match.end():]
    if not lhs.strip() or not rhs.strip():
        raise fail("constraints", f"both sides of {show(text.text)} must be expressions", text.location)
    return Constraint(Text(lhs, text.location), Text(rhs, _shifted(text, match.end())), location, text.text.strip())


def _shifted(text: Text, offset: int) -> Location:
    """The location of character `offset` of `text`."""
    before = text.text[:offset]
    lines = before.count("\n")
    base = text.location
    if lines == 0:
        return Location(base.file, base.line, base.column + offset)
    return Location(base.file, base.line + lines, offset - before.rfind("\n"))


def points(node: Node, variables: tuple[Variable, ...]) -> tuple[PointValues, ...]:
    items = sequence(node, "points", "a list of points, each a mapping of every variable to a value").items
    if not items:
        raise fail("points", "expected at least one point (leave `points` out for the default points)",
                    node.location)
    vectors = [v.name for v in variables if v.size is not None]
    if vectors:
        raise fail("points", f"points cannot be given for vector variables ({', '.join(vectors)}); derivcheck "
                    "chooses them", node.location)
    names = [v.name for v in variables]
    found = []
    for i, item in enumerate(items):
        path = f"points[{i}]"
        values = check_keys(mapping(item, path, "a mapping of every variable to a value"), path, tuple(names),
                            tuple(names))
        found.append(PointValues(tuple((name, expression(values[name], f"{path}.{name}")) for name in names),
                                 item.location))
    return tuple(found)


def identities(node: Node) -> tuple[Identity, ...]:
    items = sequence(node, "identities", "a list of mappings with keys lhs and rhs").items
    result: list[Identity] = []
    for i, item in enumerate(items):
        path = f"identities[{i}]"
        values = check_keys(mapping(item, path, "a mapping with keys lhs and rhs"), path, IDENTITY_KEYS,
                            IDENTITY_KEYS)
        result.append(Identity(expression(values["lhs"], f"{path}.lhs"), expression(values["rhs"], f"{path}.rhs"),
                               item.location))
    return tuple(result)
