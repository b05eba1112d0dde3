"""The spec JSON Schema: generated from the loader's model, committed, and in step with the loader."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml  # noqa: TID251 -- editors read specs with a plain YAML parser; so does this test
from conftest import EXAMPLES, ROOT, SPECS
from typer.testing import CliRunner

from derivcheck.cli.app import app
from derivcheck.errors import SpecError
from derivcheck.spec.json_schema import KEY_SCHEMAS, schema, schema_text
from derivcheck.spec.load import load_spec
from derivcheck.spec.model import SPEC_KEYS

jsonschema = pytest.importorskip("jsonschema")

COMMITTED = ROOT / "schema" / "derivcheck-spec.schema.json"
VALIDATOR = jsonschema.Draft7Validator(schema())

# Every spec the loader accepts: the catalog, the good examples, and the bad ones whose mistakes are in the
# mathematics (a wrong claim is still a well-formed spec).
ACCEPTED = sorted(SPECS.glob("*.yaml")) + sorted((EXAMPLES / "good").glob("*.yaml")) + sorted(
    (EXAMPLES / "bad").glob("*.yaml"))
LOADER_BAD = sorted((EXAMPLES / "bad" / "loader").glob("*.yaml"))

# Loader messages for mistakes of shape (keys, types, names, sizes): a schema can and must catch these.
# The rest are YAML features (anchors, tags, duplicate keys, encodings, syntax) or rules between keys
# (output differing from variable), which only the loader checks.
SCHEMA_LEVEL = re.compile(
    r": expected (?:a|an|at) |missing required key|unknown key|is not a valid name|is reserved|a text of \d+ characters"
    r"|more than \d+ entries|nested more than|top level must be a mapping|the spec file is empty")


def _expected_message(path: Path) -> str:
    match = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
    assert match, path
    return match.group(1)


def _instance(path: Path) -> Any:
    """The document as an editor's YAML parser types it (numbers as numbers)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "regenerate it: derivcheck schema > schema/derivcheck-spec.schema.json")


def test_the_command_prints_the_schema() -> None:
    done = CliRunner().invoke(app, ["schema"])
    assert done.exit_code == 0
    assert json.loads(done.output) == schema()


def test_the_schema_is_valid_and_covers_exactly_the_loaders_keys() -> None:
    jsonschema.Draft7Validator.check_schema(schema())
    assert tuple(KEY_SCHEMAS) == SPEC_KEYS
    assert tuple(schema()["properties"]) == SPEC_KEYS


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_spec_the_loader_accepts_is_valid(path: Path) -> None:
    load_spec(path)  # the loader accepts it ...
    errors = [e.message for e in VALIDATOR.iter_errors(_instance(path))]
    assert errors == []  # ... and so does the schema


SHAPE_BAD = [p for p in LOADER_BAD if SCHEMA_LEVEL.search(_expected_message(p))]


@pytest.mark.parametrize("path", SHAPE_BAD, ids=lambda p: p.stem)
def test_mistakes_of_shape_are_rejected(path: Path) -> None:
    message = _expected_message(path)
    with pytest.raises(SpecError, match=re.escape(message)):
        load_spec(path)
    assert not VALIDATOR.is_valid(_instance(path)), message


def test_most_loader_mistakes_are_schema_level() -> None:
    # Guards the regular expression above against silently leaving everything to the loader.
    assert len(SHAPE_BAD) >= 30 and len(SHAPE_BAD) < len(LOADER_BAD)


@pytest.mark.parametrize(("text", "valid"), [
    ("name: x\nfunction: z\nderivative: 1\n", True),
    ("name: x\nfunction: z\nderivative: 1\nparameters: {alpha: 0.01}\nat: {0: 1}\npoints: [0, 1/2]\n", True),
    ("name: x\nfunction: z\nderivative: 1\nderivitive: 1\n", False),  # unknown key
    ("name: x\nfunction: z\n", False),  # missing derivative
    ("name: x\nfunction: z\nderivative: '   '\n", False),  # blank expression
    ("name: x\nfunction: z\nderivative: 1\nvariable: class\n", False),  # a Python keyword
    ("name: x\nfunction: z\nderivative: 1\noutput: __a\n", False),  # dunder
    ("name: x\nfunction: z\nderivative: 1\nparameters: {1a: 2}\n", False),  # not an identifier
    ("name: x\nfunction: z\nderivative: 1\nidentities: [{lhs: 1, rhs: 1, note: x}]\n", False),
    ("name: x\nfunction: z\nderivative: 1\npoints: []\n", False),
    ("name: x\nfunction: z\nderivative: 1\npoints: [" + ", ".join(["0"] * 201) + "]\n", False),
    ("name: x\nfunction: " + "z+" * 2000 + "z\nderivative: 1\n", False),  # longer than a scalar may be
])
def test_the_schema_agrees_with_the_loader(text: str, valid: bool, tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_spec(path)
        loaded = True
    except SpecError:
        loaded = False
    assert loaded is valid
    assert VALIDATOR.is_valid(yaml.safe_load(text)) is valid
