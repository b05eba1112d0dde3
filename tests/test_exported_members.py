"""derivcheck's public API is what `__all__` declares, and each name is the object its own module defines."""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType

import derivcheck


def test_all_declares_every_public_member() -> None:
    members = {name for name, value in vars(derivcheck).items()
               if not isinstance(value, ModuleType) and (not name.startswith("_") or name == "__version__")}
    assert set(derivcheck.__all__) == members
    assert len(derivcheck.__all__) == len(members)  # each name once


def test_each_exported_name_is_defined_where_its_module_says() -> None:
    for name in derivcheck.__all__:
        value = getattr(derivcheck, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert getattr(importlib.import_module(value.__module__), name) is value, name


def test_verify_is_the_function_not_a_module() -> None:
    """Importing the run layer never replaces `derivcheck.verify` (it lives in derivcheck.run, not beside it)."""
    importlib.import_module("derivcheck.run.verify")
    assert inspect.isfunction(derivcheck.verify)
