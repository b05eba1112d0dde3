"""Result data to JSON-ready values and back, losslessly, refusing anything that is not exactly that shape.

The public `--format json` report is deliberately lossy (one text per expression); the result cache needs
the very dataclasses a fresh run produces, including every rendering of every expression.  The codec walks
the dataclasses' own type hints, so a field added to `results/checks.py` is stored and checked without a change
here, and a value of an unexpected type is an error, never a guess.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from enum import Enum
from typing import Any

from derivcheck.results.checks import SpecResult

__all__ = ["CodecError", "from_json", "to_json"]

_MAX_DEPTH = 12  # results nest four levels; anything deeper is not a result


class CodecError(ValueError):
    """The data is not a well-formed encoding of the expected result type."""


def to_json(result: SpecResult) -> dict[str, Any]:
    """`result` as JSON-ready data: dicts keyed by field name, tuples as lists, enums by value."""
    encoded = _encode(result, SpecResult, 0)
    assert isinstance(encoded, dict)
    return encoded


def from_json(data: object) -> SpecResult:
    """The SpecResult encoded in `data`; raises CodecError on any missing, extra or mistyped field."""
    decoded = _decode(data, SpecResult, "result", 0)
    assert isinstance(decoded, SpecResult)
    return decoded


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _is_dataclass_type(hint: Any) -> typing.TypeGuard[type]:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


def _encode(value: object, hint: Any, depth: int) -> object:
    if depth > _MAX_DEPTH:
        raise CodecError("nested too deeply")
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        for option in args:
            if _is_instance(value, option):
                return _encode(value, option, depth)
        raise CodecError(f"{type(value).__name__} is none of {hint}")
    if not _is_instance(value, hint):
        raise CodecError(f"expected {hint}, got {type(value).__name__}")
    if _is_dataclass_type(hint):
        hints = _hints(hint)
        return {f.name: _encode(getattr(value, f.name), hints[f.name], depth + 1) for f in dataclasses.fields(hint)}
    if isinstance(hint, type) and issubclass(hint, Enum):
        assert isinstance(value, Enum)
        return value.value
    if origin is tuple:
        assert isinstance(value, tuple)
        return [_encode(item, args[0], depth + 1) for item in value]
    if origin is dict:
        assert isinstance(value, dict)
        return {key: _encode(item, args[1], depth + 1) for key, item in value.items()}
    return value


def _is_instance(value: object, hint: Any) -> bool:
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, float | int) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint in (str, bool):
        return isinstance(value, hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return isinstance(value, tuple)
    if origin is dict and args and args[0] is str:
        return isinstance(value, dict) and all(isinstance(k, str) for k in value)
    if _is_dataclass_type(hint) or (isinstance(hint, type) and issubclass(hint, Enum)):
        return isinstance(value, hint)
    raise CodecError(f"cannot encode values of type {hint}")  # a new kind of field: not cacheable


def _decode(data: object, hint: Any, path: str, depth: int) -> object:
    if depth > _MAX_DEPTH:
        raise CodecError(f"{path}: nested too deeply")
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in args:
            try:
                return _decode(data, option, path, depth)
            except CodecError as exc:
                errors.append(str(exc))
        raise CodecError("; ".join(errors))
    if _is_dataclass_type(hint):
        if not isinstance(data, dict):
            raise CodecError(f"{path}: expected an object")
        fields = {f.name: f for f in dataclasses.fields(hint)}
        if set(data) != set(fields):
            raise CodecError(f"{path}: fields {sorted(map(str, data))} are not {sorted(fields)}")
        hints = _hints(hint)
        values = {name: _decode(data[name], hints[name], f"{path}.{name}", depth + 1) for name in fields}
        return hint(**values)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(data)
        except ValueError:
            raise CodecError(f"{path}: {data!r} is not a {hint.__name__}") from None
    if origin is tuple:
        if not isinstance(data, list):
            raise CodecError(f"{path}: expected a list")
        return tuple(_decode(item, args[0], f"{path}[{i}]", depth + 1) for i, item in enumerate(data))
    if origin is dict:
        if not isinstance(data, dict):
            raise CodecError(f"{path}: expected an object")
        return {key: _decode(item, args[1], f"{path}.{key}", depth + 1) for key, item in data.items()}
    if not _is_instance(data, hint):
        raise CodecError(f"{path}: expected {getattr(hint, '__name__', hint)}, got {type(data).__name__}")
    return float(data) if hint is float else data  # type: ignore[arg-type]
