"""Read option values with plain Python: no pydantic import on every start.

Recent typer releases turn each command-line value into its declared type through a pydantic `TypeAdapter`,
and importing pydantic for that costs about 0.1 s at every start: most of what a cached `derivcheck verify`
takes.  derivcheck's parameters are all plain types (str, int with a minimum, float, bool, Path, list of str),
so `Commands`, the class of the command tree, gives each such parameter a coercer that does what pydantic
does for those types, with click's wording for a bad value.  A parameter of any other type keeps typer's
coercion, and a typer without this machinery (older releases use click's types) is left as it is: this only
changes how fast a value is read, never which values are accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

__all__ = ["Command", "Commands", "plain_coercion"]

_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError(f"{value!r} is not a valid boolean (use true or false)")


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a valid integer")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a valid integer") from None


def _float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a valid number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a valid number") from None


_PLAIN: dict[Any, Callable[[Any], Any]] = {str: str, int: _int, float: _float, bool: _bool, Path: Path}


def _coercer(annotation: Any, minimum: float | None, maximum: float | None) -> Callable[[Any], Any] | None:
    """What reads a value of `annotation`, or None for a type left to typer."""
    if annotation == list[str]:
        return lambda values: [str(v) for v in values]
    plain = _PLAIN.get(annotation)
    if plain is None or ((minimum is not None or maximum is not None) and annotation not in (int, float)):
        return None

    def coerce(value: Any) -> Any:
        result = plain(value)
        if minimum is not None and result < minimum:
            raise ValueError(f"{result} is not in the range x>={minimum}")
        if maximum is not None and result > maximum:
            raise ValueError(f"{result} is not in the range x<={maximum}")
        return result

    return coerce


def _parameters(command: Any) -> Iterator[Any]:
    yield from getattr(command, "params", ())
    for sub in getattr(command, "commands", {}).values():
        yield from _parameters(sub)


def plain_coercion(command: Any) -> None:
    """Give each plain-typed parameter of `command` and its sub-commands a coercer that needs no pydantic."""
    for param in _parameters(command):
        _plain(param)


def _plain(param: Any) -> None:
    """Give `param` a coercer that needs no pydantic, if it has a plain type and typer would use pydantic."""
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # a typer that coerces with click's types: nothing to do
        return
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", True) is not None:
        return
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or _coercer(descriptor.annotation, info.min, info.max) is None:
        return

    class PlainRuntimeParam(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            coerce = _coercer(self.annotation, self.parameter_info.min, self.parameter_info.max)
            assert coerce is not None  # only installed where there is one
            try:
                return coerce(value)
            except ValueError as exc:
                raise typer.BadParameter(f"{exc}.", ctx=ctx, param=param) from None

    param._runtime_param = PlainRuntimeParam(parameter_info=info, annotation=descriptor.annotation)


class _PlainHelp:
    """The help option, made when a command line is parsed, read the same way."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            _plain(option)
        return option


class Commands(_PlainHelp, TyperGroup):
    """A group of commands whose parameters `plain_coercion` reads."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        plain_coercion(self)


class Command(_PlainHelp, TyperCommand):
    """A command whose parameters `plain_coercion` reads."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        plain_coercion(self)
