"""Check a document tree against the spec schema (keys, types, names) and build a Spec."""

from __future__ import annotations

import difflib
import keyword
import re

from derivcheck.errors import Location, SpecError
from derivcheck.spec.model import IDENTITY_KEYS, REQUIRED_KEYS, SPEC_KEYS, AtValue, Identity, KeyLines, Spec, Text
from derivcheck.spec.tree import Map, Node, Scalar, Seq, describe, show

NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
IDENTIFIER_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
NAME_RULE = "a letter or '_' followed by letters, digits, '_' or '-'"
IDENTIFIER_RULE = "an ASCII identifier: a letter or '_' followed by letters, digits or '_'"
EXPRESSION = "an expression (one text value)"


def fail(path: str, message: str, location: Location) -> SpecError:
    """The error at `location`, its message prefixed with the key path (`claims.at`) when there is one."""
    return SpecError(f"{path}: {message}" if path else message, location)


def check_keys(node: Map, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Node]:
    """The mapping's values by key, after rejecting unknown keys and reporting missing ones."""
    values: dict[str, Node] = {}
    for key, value in node.entries:
        if key.text not in allowed:
            close = difflib.get_close_matches(key.text, allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            message = f"unknown key {show(key.text)}{hint} (allowed keys: {', '.join(allowed)})"
            raise fail(path, message, key.location)
        values[key.text] = value
    for key_name in required:
        if key_name not in values:
            raise fail(path, f"missing required key {key_name!r}", node.location)
    return values


def mapping(node: Node, path: str, what: str) -> Map:
    if not isinstance(node, Map):
        raise fail(path, f"expected {what}, got {describe(node)}", node.location)
    return node


def sequence(node: Node, path: str, what: str) -> Seq:
    if not isinstance(node, Seq):
        raise fail(path, f"expected {what}, got {describe(node)}", node.location)
    return node


def scalar(node: Node, path: str, what: str) -> Scalar:
    if not isinstance(node, Scalar) or node.is_null:
        raise fail(path, f"expected {what}, got {describe(node)}", node.location)
    return node


def expression(node: Node, path: str) -> Text:
    """An expression's source text; YAML typing never touches it (`017` stays '017')."""
    value = scalar(node, path, EXPRESSION)
    if not value.text.strip():
        raise fail(path, f"expected {EXPRESSION}, got blank text {show(value.text)}", value.location)
    return Text(value.text, value.location)


def identifier(
    node: Node, path: str, *, pattern: re.Pattern[str] = IDENTIFIER_PATTERN, rule: str = IDENTIFIER_RULE
) -> str:
    """A name checked against `pattern`; Python keywords and dunder names are refused as well."""
    value = scalar(node, path, rule)
    text = value.text
    if pattern.fullmatch(text) is None:
        raise fail(path, f"{show(text)} is not a valid name; allowed: {rule}", value.location)
    if keyword.iskeyword(text) or text.startswith("__"):
        raise fail(
            path,
            f"{show(text)} is reserved; allowed: {rule}, not a Python keyword and not starting with '__'",
            value.location,
        )
    return text


def _parameters(node: Node, taken: dict[str, str]) -> tuple[tuple[str, Text], ...]:
    entries = mapping(node, "parameters", "a mapping of parameter names to values").entries
    result: list[tuple[str, Text]] = []
    for key, value in entries:
        name = identifier(key, "parameters")
        if name in taken:
            # Sources name a parameter `a` (igamma(a, x), owens_t(h, a)) where `a` is the default output name.
            rename = (f" (to keep {show(name)} as the parameter, name the output otherwise, e.g. `output: y`)"
                      if taken[name] == "output" else "")
            raise fail(
                "parameters",
                f"{show(name)} is already the {taken[name]} name; a parameter needs a name of its own{rename}",
                key.location,
            )
        result.append((name, expression(value, f"parameters.{name}")))
    return tuple(result)


def _at(node: Node) -> tuple[AtValue, ...]:
    entries = mapping(node, "at", "a mapping of points to derivative values").entries
    return tuple(
        AtValue(expression(key, "at"), expression(value, f"at[{show(key.text)}]"), key.location)
        for key, value in entries
    )


def _points(node: Node) -> tuple[Text, ...]:
    items = sequence(node, "points", "a list of expressions").items
    if not items:
        raise fail(
            "points", "expected at least one point (leave `points` out for the default points)", node.location
        )
    return tuple(expression(item, f"points[{i}]") for i, item in enumerate(items))


def _identities(node: Node) -> tuple[Identity, ...]:
    items = sequence(node, "identities", "a list of mappings with keys lhs and rhs").items
    result: list[Identity] = []
    for i, item in enumerate(items):
        path = f"identities[{i}]"
        values = check_keys(
            mapping(item, path, "a mapping with keys lhs and rhs"), path, IDENTITY_KEYS, IDENTITY_KEYS
        )
        result.append(
            Identity(
                expression(values["lhs"], f"{path}.lhs"),
                expression(values["rhs"], f"{path}.rhs"),
                item.location,
            )
        )
    return tuple(result)


def _optional(values: dict[str, Node], key: str) -> Text | None:
    return expression(values[key], key) if key in values else None


def build_spec(root: Node, file: str) -> Spec:
    """The Spec for a document tree whose root should be a mapping of spec keys."""
    if not isinstance(root, Map):
        # Never quoted: a top-level text is the whole file, and the file may be no spec at all (a secret).
        found = "a list" if isinstance(root, Seq) else f"a text of {len(root.text)} characters (not quoted)"
        raise fail("", f"the top level must be a mapping of spec keys, got {found}", root.location)
    values = check_keys(root, "", SPEC_KEYS, REQUIRED_KEYS)
    name = identifier(values["name"], "name", pattern=NAME_PATTERN, rule=NAME_RULE)
    variable = identifier(values["variable"], "variable") if "variable" in values else "z"
    output = identifier(values["output"], "output") if "output" in values else "a"
    if output == variable:
        where = values.get("output", values.get("variable", root)).location
        raise fail(
            "output",
            f"{show(output)} is also the variable name; the output name must differ from the variable",
            where,
        )
    description = None
    if "description" in values:
        description = scalar(values["description"], "description", "a text").text
    taken = {variable: "variable", output: "output"}
    return Spec(
        name=name,
        file=file,
        function=expression(values["function"], "function"),
        derivative=expression(values["derivative"], "derivative"),
        description=description,
        variable=variable,
        output=output,
        parameters=_parameters(values["parameters"], taken) if "parameters" in values else (),
        domain=_optional(values, "domain"),
        second_derivative=_optional(values, "second_derivative"),
        at=_at(values["at"]) if "at" in values else (),
        points=_points(values["points"]) if "points" in values else None,
        identities=_identities(values["identities"]) if "identities" in values else (),
        derivation=tuple(
            expression(item, f"derivation[{i}]")
            for i, item in enumerate(
                sequence(values["derivation"], "derivation", "a list of expressions").items
            )
        )
        if "derivation" in values
        else (),
        lines=KeyLines(tuple((key.text, key.location.line) for key, _ in root.entries)),
    )
