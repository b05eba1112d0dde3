"""The README's examples are real: its spec is a catalog file, its commands are the CI's."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


# The README's YAML blocks, in order: the spec of one variable, the loss and the softmax of several variables,
# the network, the CI workflow.
BLOCKS = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)


def test_the_readme_spec_is_the_catalog_file() -> None:
    spec, _loss, _softmax, _network, _workflow = BLOCKS
    assert spec == (ROOT / "specs" / "leaky_relu.yaml").read_text(encoding="utf-8")


def test_the_readme_loss_and_jacobian_are_catalog_files() -> None:
    _spec, loss, softmax, _network, _workflow = BLOCKS
    assert loss == (ROOT / "specs" / "losses" / "bce_sigmoid.yaml").read_text(encoding="utf-8")
    assert softmax == (ROOT / "specs" / "vector" / "softmax.yaml").read_text(encoding="utf-8")


def test_the_ci_workflow_uses_existing_formats() -> None:
    from derivcheck.report import REPORTER_BY_NAME

    *_specs, workflow = BLOCKS
    formats = re.findall(r"derivcheck verify specs --format (\w+)", workflow)
    assert formats == ["github", "markdown"]
    assert set(formats) <= set(REPORTER_BY_NAME)


def test_quick_start_has_the_two_commands_and_ci_runs_the_test_command() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    assert commands[0] == "python3 -m pip install . && derivcheck verify sigmoid"
    test_command = commands[1]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
