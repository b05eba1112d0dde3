"""Tests of the spec loader: good specs, every bad example file, and hostile YAML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from derivcheck.errors import Location, SpecError
from derivcheck.spec.load import load_spec, load_spec_text
from derivcheck.spec.model import SPEC_KEYS, AtValue, Identity, Spec, Text
from derivcheck.spec.read import MAX_BYTES

BAD = Path(__file__).parent / "examples" / "bad" / "loader"
BAD_FILES = sorted(BAD.glob("*.yaml"))
MINIMAL = "name: sig\nfunction: 1/(1 + exp(-z))\nderivative: a*(1 - a)\n"

FULL = """\
name: leaky_relu-2
description: Leaky ReLU
variable: x
output: y
parameters:
  alpha: 0.01
  beta: "sqrt(2/pi)"
domain: -1 < x < 1
function: max(alpha*x, x)
derivative: 'Piecewise((alpha, x < 0), (1, x > 0))'
second_derivative: |
    0
at:
  0: 1
points: [0, 10, -10, 100]
identities:
  - lhs: 1 - tanh(x)**2
    rhs: 4/(exp(x) + exp(-x))**2
derivation:
  - diff(max(alpha*x, x), x)
  - >-
    Piecewise((alpha, x < 0),
    (1, x > 0))
"""


def _load_error(text: str | bytes) -> SpecError:
    with pytest.raises(SpecError) as info:
        load_spec_text(text, "t.yaml")
    return info.value


def _at(line: int, column: int, file: str = "s.yaml") -> Location:
    return Location(file, line, column)


def test_full_spec_fields_and_locations(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(FULL, encoding="utf-8")
    spec = load_spec(path, display_name="s.yaml")
    assert spec.name == "leaky_relu-2"
    assert spec.file == str(path)
    assert spec.description == "Leaky ReLU"
    assert (spec.variable, spec.output) == ("x", "y")
    assert spec.parameters == (
        ("alpha", Text("0.01", _at(6, 10))),
        ("beta", Text("sqrt(2/pi)", _at(7, 10))),  # after the opening quote
    )
    assert spec.domain == Text("-1 < x < 1", _at(8, 9))
    assert spec.function == Text("max(alpha*x, x)", _at(9, 11))
    assert spec.derivative == Text("Piecewise((alpha, x < 0), (1, x > 0))", _at(10, 14))
    assert spec.second_derivative == Text("0\n", _at(12, 5))  # block scalar: first content line
    assert spec.at == (AtValue(Text("0", _at(14, 3)), Text("1", _at(14, 6)), _at(14, 3)),)
    assert spec.points is not None
    assert [p.text for p in spec.points] == ["0", "10", "-10", "100"]
    assert spec.points[2].location == _at(15, 17)
    assert spec.identities == (
        Identity(
            Text("1 - tanh(x)**2", _at(17, 10)), Text("4/(exp(x) + exp(-x))**2", _at(18, 10)), _at(17, 5)
        ),
    )
    assert spec.derivation[0] == Text("diff(max(alpha*x, x), x)", _at(20, 5))
    assert spec.derivation[1] == Text("Piecewise((alpha, x < 0), (1, x > 0))", _at(22, 5))
    assert dict(spec.lines) == {
        "name": 1,
        "description": 2,
        "variable": 3,
        "output": 4,
        "parameters": 5,
        "domain": 8,
        "function": 9,
        "derivative": 10,
        "second_derivative": 11,
        "at": 13,
        "points": 15,
        "identities": 16,
        "derivation": 19,
    }
    assert set(spec.lines) <= set(SPEC_KEYS)
    hash(spec)  # frozen all the way down, so specs can be cached and compared


def test_minimal_spec_defaults() -> None:
    spec = load_spec_text(MINIMAL, "m.yaml")
    assert spec == Spec(
        name="sig",
        file="m.yaml",
        function=Text("1/(1 + exp(-z))", Location("m.yaml", 2, 11)),
        derivative=Text("a*(1 - a)", Location("m.yaml", 3, 13)),
        lines=spec.lines,
    )
    assert (spec.variable, spec.output, spec.points, spec.domain) == ("z", "a", None, None)
    assert spec.lines.get("function") == 2
    assert spec.lines.get("domain") is None


YAML_TYPED = ["1:30", "017", "0.01", "yes", "0x1F", "1e3", ".inf", "2001-01-01", "+1_000"]


@pytest.mark.parametrize("source", YAML_TYPED)
def test_yaml_typing_never_changes_expression_text(source: str) -> None:
    text = MINIMAL + f"second_derivative: {source}\npoints: [{source}]\nat:\n  {source}: {source}\n"
    spec = load_spec_text(text, "t.yaml")
    assert spec.second_derivative is not None
    assert spec.second_derivative.text == source
    assert spec.points is not None
    assert spec.points[0].text == source
    assert (spec.at[0].point.text, spec.at[0].value.text) == (source, source)


def test_parameters_keep_file_order_and_text() -> None:
    spec = load_spec_text(MINIMAL + "parameters:\n  zeta: 2\n  alpha: 1e-2\n  beta: 1:30\n", "t.yaml")
    assert [(name, value.text) for name, value in spec.parameters] == [
        ("zeta", "2"),
        ("alpha", "1e-2"),
        ("beta", "1:30"),
    ]


def test_crlf_bom_and_display_name(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode())
    spec = load_spec(path, display_name="catalog:sig")
    assert spec.file == str(path)
    assert spec.function == Text("1/(1 + exp(-z))", Location("catalog:sig", 2, 11))
    assert spec.name == "sig"  # the byte-order mark is not part of line 1


def _expectations(path: Path) -> tuple[str, int, int]:
    head = path.read_bytes().split(b"\n")[:2]
    expect = re.fullmatch(r"# expect: (.+)", head[0].decode())
    at = re.fullmatch(r"# at: (\d+):(\d+)", head[1].decode())
    assert expect and at, f"{path.name} must start with '# expect:' and '# at: LINE:COL' lines"
    return expect[1], int(at[1]), int(at[2])


def test_bad_examples_exist() -> None:
    assert len(BAD_FILES) >= 40


@pytest.mark.parametrize("path", BAD_FILES, ids=[p.name for p in BAD_FILES])
def test_bad_example(path: Path) -> None:
    expected, line, column = _expectations(path)
    with pytest.raises(SpecError) as info:
        load_spec(path, display_name=path.name)
    error = info.value
    assert expected in error.message
    assert error.location == Location(path.name, line, column)
    assert str(error).startswith(f"{path.name}:{line}:{column}: ")


def test_unknown_key_lists_the_allowed_keys() -> None:
    message = _load_error(MINIMAL + "derivativ: 1\n").message
    assert "did you mean 'derivative'" in message
    assert ", ".join(SPEC_KEYS) in message


def test_hostile_tag_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    hostile = [
        "name: x\nfunction: !!python/object/apply:os.system ['touch PWNED']\nderivative: 1\n",
        "!!python/object/apply:os.system ['touch PWNED']\n",
        "name: x\nfunction: z\nderivative: !!python/object/apply:subprocess.call [['touch', 'PWNED']]\n",
        "name: x\nfunction: z\nderivative: 1\nat: !!python/object/new:os.system [touch PWNED]\n",
    ]
    for text in hostile:
        assert "explicit tags" in _load_error(text).message
    assert not (tmp_path / "PWNED").exists()


def test_alias_bomb_is_refused_at_the_first_alias() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    error = _load_error(bomb)
    assert "anchors" in error.message
    assert error.location == Location("t.yaml", 1, 4)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as stream:
        stream.truncate(2**31)  # sparse: costs no disk, but reading it all would take 2 GiB
    with pytest.raises(SpecError) as info:
        load_spec(path)
    # The exact size can only come from stat: a bounded read never sees past MAX_BYTES + 1 bytes.
    assert f"is {2**31} bytes; the limit is {MAX_BYTES} bytes" in info.value.message


def test_size_limit_is_exact(tmp_path: Path) -> None:
    filler = "#" * (MAX_BYTES - len(MINIMAL) - 1) + "\n"
    assert load_spec_text(MINIMAL + filler, "t.yaml").name == "sig"
    assert "the limit is" in _load_error(MINIMAL + filler + "\n").message
    assert "the limit is" in _load_error((MINIMAL + filler + "\n").encode()).message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert "the spec file is empty" in info.value.message
    assert info.value.location == Location(str(path), 1, 1)
    assert "the spec file is empty" in _load_error("\n  \n# only a comment\n").message


def test_non_utf8_bytes() -> None:
    error = _load_error(b"name: x\nfunction: z\nderivative: \xff\xfe\n")
    assert "not valid UTF-8: byte 0xff at byte offset 32 (line 3)" in error.message
    assert error.location == Location("t.yaml", 3, 13)


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot read the spec file"):
        load_spec(tmp_path / "missing.yaml")
    with pytest.raises(SpecError, match="not a regular file"):
        load_spec(tmp_path)


def test_hostile_text_is_shown_escaped_and_short() -> None:
    message = _load_error(MINIMAL + "name2\u202e\u200b" + "x" * 200 + ": 1\n").message
    assert "\u202e" not in message
    assert "\u200b" not in message
    assert "'name2\\u202e\\u200bxxx" in message
    assert len(message) < 400


def test_duplicate_identity_key_inside_a_flow_mapping() -> None:
    error = _load_error(MINIMAL + "identities: [{lhs: 1, rhs: 2, lhs: 3}]\n")
    assert "identities[0]: duplicate key 'lhs' (first at line 4)" in error.message
    assert error.location == Location("t.yaml", 4, 31)


def test_item_limit_applies_to_every_mapping() -> None:
    at = "".join(f"  {i}: 0\n" for i in range(201))
    error = _load_error(MINIMAL + "at:\n" + at)
    assert "at: more than 200 entries" in error.message
    assert error.location == Location("t.yaml", 4 + 201, 3)
    assert len(load_spec_text(MINIMAL + "at:\n" + at[: at.index("  200:")], "t.yaml").at) == 200


def test_deep_nesting_stops_early() -> None:
    error = _load_error("name: x\npoints: " + "[" * 10000 + "]" * 10000 + "\n")
    assert "nested more than 6 levels deep" in error.message


def test_loader_never_constructs_yaml_objects_and_skips_sympy() -> None:
    source = Path(__file__).parents[1].joinpath("derivcheck", "spec", "load.py").read_text(encoding="utf-8")
    assert not re.search(r"yaml\.(load|unsafe_load|full_load|safe_load|load_all|compose|construct)", source)
    code = "import sys, derivcheck.spec.load; assert 'sympy' not in sys.modules, 'sympy imported'"
    root = str(Path(__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": root}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env=env)


def test_a_fifo_is_refused_on_the_open_descriptor_without_blocking(tmp_path: Path) -> None:
    """The file is checked after it is opened (non-blocking): a FIFO put where a spec was listed cannot hang."""
    import threading

    from derivcheck.spec.read import read_spec_file

    fifo = tmp_path / "swapped.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: _capture(outcome, lambda: read_spec_file(fifo, "swapped.yaml")),
                              daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO spec blocked"
    assert len(outcome) == 1 and isinstance(outcome[0], SpecError)
    assert "not a regular file" in str(outcome[0])


def _capture(outcome: list[BaseException], call: Callable[[], object]) -> None:
    try:
        call()
    except BaseException as exc:  # the test inspects what was raised
        outcome.append(exc)
