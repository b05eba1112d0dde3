"""Check the document tree of a spec of several variables (keys, types, names) and build its `MultiSpec`."""

from __future__ import annotations

import re

from derivcheck.errors import Location, SpecError
from derivcheck.spec.model import IDENTITY_KEYS, Identity, KeyLines, Text
from derivcheck.spec.multi import (
    DEFAULT_INDICES,
    MULTI_KEYS,
    MULTI_REQUIRED,
    VARIABLE_KEYS,
    Constraint,
    Intermediate,
    MultiSpec,
    PartialClaim,
    PointValues,
    Variable,
)
from derivcheck.spec.schema import (
    NAME_PATTERN,
    NAME_RULE,
    check_keys,
    expression,
    identifier,
    mapping,
    scalar,
    sequence,
)
from derivcheck.spec.tree import Map, Node, Scalar, show

__all__ = ["build_multi_spec", "is_multi"]

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*\])?")
# A lone `=` (not part of <=, >=, ==, !=) splits a constraint into its two sides; `==` is accepted too.
_EQUALS = re.compile(r"(?<![<>=!])==?(?![=])")
#: Top-level keys that only a spec of several variables has: their presence makes the spec one.
MULTI_ONLY = ("variables", "where", "gradient", "jacobian", "constraints", "indices")


def _fail(path: str, message: str, location: Location) -> SpecError:
    return SpecError(f"{path}: {message}" if path else message, location)


def is_multi(root: Map) -> bool:
    """Whether a spec's top level declares several variables (or uses a key only such specs have)."""
    return any(key.text in MULTI_ONLY for key, _ in root.entries)


def build_multi_spec(root: Map, file: str) -> MultiSpec:
    """The MultiSpec of a document tree whose top level holds `variables:`."""
    keys = {key.text: key for key, _ in root.entries}
    if "variables" not in keys:
        first = next(keys[k] for k in MULTI_ONLY if k in keys)
        raise _fail("", f"{show(first.text)} belongs to a spec of several variables: declare them under "
                    "`variables:` (or, for one variable, claim its derivative under `derivative:`)", first.location)
    if "derivative" in keys:
        raise _fail("", "a spec with `variables:` claims its derivatives under `gradient:` (or `jacobian:` for a "
                    "vector function), not `derivative:`", keys["derivative"].location)
    values = check_keys(root, "", MULTI_KEYS, MULTI_REQUIRED)
    name = identifier(values["name"], "name", pattern=NAME_PATTERN, rule=NAME_RULE)
    taken: dict[str, str] = {}
    variables = _variables(values["variables"], taken)
    size = _size(variables, taken)
    parameters = _parameters(values["parameters"], taken) if "parameters" in values else ()
    where = _where(values["where"], taken) if "where" in values else ()
    output = "f"
    if "output" in values:
        output = identifier(values["output"], "output")
        _take(taken, output, "output", values["output"].location, "output")
    elif output in taken:
        output = ""  # the default name is taken by a declared name: claims simply cannot name the function
    indices = _indices(values.get("indices"), size, taken)
    gradient = _claims(values, "gradient", variables, indices)
    jacobian = _claims(values, "jacobian", variables, indices)
    hessian = _claims(values, "hessian", variables, indices)
    if hessian and jacobian:
        raise _fail("hessian", "second derivatives are claimed of a function whose value is a number (with a "
                    "gradient), not of a vector function", keys["hessian"].location)
    if not gradient and not jacobian and not hessian:
        raise _fail("", "missing required key 'gradient' (or 'jacobian' for a vector function, or 'hessian'): "
                    "the claimed derivatives", root.location)
    if gradient and jacobian:
        raise _fail("jacobian", "a spec claims a gradient (scalar function) or a Jacobian (vector function), "
                    "not both", keys["jacobian"].location)
    description = scalar(values["description"], "description", "a text").text if "description" in values else None
    return MultiSpec(
        name=name,
        file=file,
        function=expression(values["function"], "function"),
        variables=variables,
        description=description,
        output=output,
        indices=indices,
        parameters=parameters,
        where=where,
        gradient=gradient,
        jacobian=jacobian,
        hessian=hessian,
        constraints=_constraints(values["constraints"], size) if "constraints" in values else (),
        points=_points(values["points"], variables) if "points" in values else None,
        identities=_identities(values["identities"]) if "identities" in values else (),
        lines=KeyLines(tuple((key.text, key.location.line) for key, _ in root.entries)),
    )


def _take(taken: dict[str, str], name: str, what: str, location: Location, path: str) -> None:
    if name in taken:
        raise _fail(path, f"{show(name)} is already the name of a {taken[name]}; each name may be declared once",
                    location)
    taken[name] = what


def _variables(node: Node, taken: dict[str, str]) -> tuple[Variable, ...]:
    entries = mapping(node, "variables", "a mapping of variable names to domains").entries
    if not entries:
        raise _fail("variables", "declare at least one variable (name: domain, or name: null for all reals)",
                    node.location)
    found: list[Variable] = []
    for key, value in entries:
        name = identifier(key, "variables")
        _take(taken, name, "variable", key.location, "variables")
        found.append(_variable(name, key, value))
    return tuple(found)


def _variable(name: str, key: Scalar, value: Node) -> Variable:
    path = f"variables.{name}"
    if isinstance(value, Scalar):
        if value.is_null:
            return Variable(name, key.location)
        return Variable(name, key.location, domain=expression(value, path))
    values = check_keys(mapping(value, path, "a domain, null, or a mapping with keys domain, values, size"), path,
                        VARIABLE_KEYS, ())
    domain = None
    if "domain" in values and not (isinstance(values["domain"], Scalar) and values["domain"].is_null):
        domain = expression(values["domain"], f"{path}.domain")
    labels: tuple[Text, ...] = ()
    if "values" in values:
        items = sequence(values["values"], f"{path}.values", "a list of numbers").items
        if len(items) < 2:
            raise _fail(f"{path}.values", "a label takes at least two values (a single value is a constant)",
                        values["values"].location)
        labels = tuple(expression(item, f"{path}.values[{i}]") for i, item in enumerate(items))
    size = identifier(values["size"], f"{path}.size") if "size" in values else None
    if labels and (domain is not None or size is not None):
        other = "domain" if domain is not None else "size"
        raise _fail(path, f"a label (values:) takes no {other}: it is one of its values", values[other].location)
    return Variable(name, key.location, domain=domain, values=labels, size=size)


def _size(variables: tuple[Variable, ...], taken: dict[str, str]) -> str | None:
    """The one length of the vectors (`n`), now a taken name; None without vectors."""
    sizes = [v for v in variables if v.size is not None]
    for v in sizes[1:]:
        if v.size != sizes[0].size:
            raise _fail(f"variables.{v.name}.size", f"all vectors have one length here: {show(v.size or '')} "
                        f"differs from {show(sizes[0].size or '')} (of {sizes[0].name})", v.location)
    if not sizes:
        return None
    size = sizes[0].size
    assert size is not None
    _take(taken, size, "vector length", sizes[0].location, f"variables.{sizes[0].name}.size")
    return size


def _indices(node: Node | None, size: str | None, taken: dict[str, str]) -> tuple[str, ...]:
    if node is None:
        # Without vectors no index is needed; with them, the usual letters that no other name took.
        return () if size is None else tuple(i for i in DEFAULT_INDICES if i not in taken)
    items = sequence(node, "indices", "a list of index names").items
    if size is None:
        raise _fail("indices", "indices are for vector variables; declare one with `size:` (z: {size: n})",
                    node.location)
    found = []
    for i, item in enumerate(items):
        name = identifier(item, f"indices[{i}]")
        _take(taken, name, "index", item.location, f"indices[{i}]")
        found.append(name)
    return tuple(found)


def _parameters(node: Node, taken: dict[str, str]) -> tuple[tuple[str, Text], ...]:
    entries = mapping(node, "parameters", "a mapping of parameter names to values").entries
    result: list[tuple[str, Text]] = []
    for key, value in entries:
        name = identifier(key, "parameters")
        _take(taken, name, "parameter", key.location, "parameters")
        result.append((name, expression(value, f"parameters.{name}")))
    return tuple(result)


def _where(node: Node, taken: dict[str, str]) -> tuple[Intermediate, ...]:
    entries = mapping(node, "where", "a mapping of names to expressions (named intermediates)").entries
    found = []
    for key, value in entries:
        name = identifier(key, "where")
        _take(taken, name, "named intermediate", key.location, "where")
        found.append(Intermediate(name, expression(value, f"where.{name}")))
    return tuple(found)


def _claims(values: dict[str, Node], key: str, variables: tuple[Variable, ...],
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
            raise _fail(key, f"{show(text)} names {len(parts)} variables; a second derivative takes one or two",
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
        raise _fail(key, f"{show(text)} is not a variable (write z, or z[j] for an entry of a vector)",
                    name_node.location)
    name, index = match.group(1), match.group(2)
    variable = by_name.get(name)
    if variable is None:
        raise _fail(key, f"{show(name)} is not a declared variable (variables: {', '.join(by_name)})",
                    name_node.location)
    if variable.is_label:
        raise _fail(key, f"{show(name)} is a label (it takes only the values listed): no derivative with "
                    "respect to it exists", name_node.location)
    if variable.size is not None and index is None:
        raise _fail(key, f"{show(name)} is a vector: name its entry, as in {name}[{(indices or ('i',))[0]}]",
                    name_node.location)
    if variable.size is None and index is not None:
        raise _fail(key, f"{show(name)} is a number, not a vector: write {name} without an index",
                    name_node.location)
    if index is not None and index not in indices:
        raise _fail(key, f"{show(index)} is not an index name (indices: {', '.join(indices) or 'none'})",
                    name_node.location)
    return name, index


def _constraints(node: Node, size: str | None) -> tuple[Constraint, ...]:
    items = sequence(node, "constraints", "a list of equations such as `sum(y[k], k) = 1`").items
    found = []
    for i, item in enumerate(items):
        path = f"constraints[{i}]"
        text = expression(item, path)
        matches = list(_EQUALS.finditer(text.text))
        if len(matches) != 1:
            raise _fail(path, f"a constraint is one equation `lhs = rhs`, found {len(matches)} '=' in "
                        f"{show(text.text)}", text.location)
        if size is None:
            raise _fail(path, "constraints are for vector variables (such as sum(y[k], k) = 1)", text.location)
        found.append(_equation(text, matches[0], item.location))
    return tuple(found)


def _equation(text: Text, match: re.Match[str], location: Location) -> Constraint:
    lhs, rhs = text.text[: match.start()], text.text[match.end():]
    if not lhs.strip() or not rhs.strip():
        raise _fail("constraints", f"both sides of {show(text.text)} must be expressions", text.location)
    return Constraint(Text(lhs, text.location), Text(rhs, _shifted(text, match.end())), location, text.text.strip())


def _shifted(text: Text, offset: int) -> Location:
    """The location of character `offset` of `text`."""
    before = text.text[:offset]
    lines = before.count("\n")
    base = text.location
    if lines == 0:
        return Location(base.file, base.line, base.column + offset)
    return Location(base.file, base.line + lines, offset - before.rfind("\n"))


def _points(node: Node, variables: tuple[Variable, ...]) -> tuple[PointValues, ...]:
    items = sequence(node, "points", "a list of points, each a mapping of every variable to a value").items
    if not items:
        raise _fail("points", "expected at least one point (leave `points` out for the default points)",
                    node.location)
    vectors = [v.name for v in variables if v.size is not None]
    if vectors:
        raise _fail("points", f"points cannot be given for vector variables ({', '.join(vectors)}); derivcheck "
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


def _identities(node: Node) -> tuple[Identity, ...]:
    items = sequence(node, "identities", "a list of mappings with keys lhs and rhs").items
    result: list[Identity] = []
    for i, item in enumerate(items):
        path = f"identities[{i}]"
        values = check_keys(mapping(item, path, "a mapping with keys lhs and rhs"), path, IDENTITY_KEYS,
                            IDENTITY_KEYS)
        result.append(Identity(expression(values["lhs"], f"{path}.lhs"), expression(values["rhs"], f"{path}.rhs"),
                               item.location))
    return tuple(result)
