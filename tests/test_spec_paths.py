"""Spec paths: a symbolic link leading out of its folder is refused unless --follow-symlinks; bad links exit 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

# Loaded here so that pytester's in-process runs find them loaded: it unloads what a run imported, and numpy
# cannot be imported twice in one process.
import derivcheck.run.tasks  # noqa: F401
from derivcheck.cli.app import app
from derivcheck.errors import UsageError
from derivcheck.run import verify as verify_module
from derivcheck.spec.sources import link_problem, resolve, spec_files

runner = CliRunner()
SQUARE = "name: square\nfunction: z**2\nderivative: 2*z\n"


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Verification, replaced by a recorder: a usage error must come before it is ever called."""
    started: list[object] = []
    monkeypatch.setattr(verify_module, "verify_sources", lambda *args, **kwargs: started.append(args))
    return started


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout with `specs/` and, beside it, a spec file outside that folder."""
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "square.yaml").write_text(SQUARE, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_a_link_out_of_the_folder_is_a_usage_error_before_any_work(project: Path, no_work: list[object]) -> None:
    (project / "specs" / "outside.yaml").symlink_to(project / "elsewhere" / "square.yaml")
    for args in (("verify",), ("verify", "specs"), ("verify", "specs/outside.yaml"), ("verify", "outside"),
                 ("latex",), ("latex", "specs")):
        code, out = invoke(*args)
        assert code == 2, (args, out)
        assert "specs/outside.yaml" in out and "is a symbolic link to" in out, (args, out)
        assert str(project / "elsewhere" / "square.yaml") in out  # where it points: named, never read
        assert "--follow-symlinks" in out
    assert no_work == []


def test_follow_symlinks_reads_through_the_link(project: Path) -> None:
    (project / "specs" / "outside.yaml").symlink_to(project / "elsewhere" / "square.yaml")
    code, out = invoke("verify", "--follow-symlinks", "--format", "json")
    assert code == 0, out
    assert '"file": "specs/outside.yaml"' in out  # shown by the name it was found under
    assert invoke("verify", "specs/outside.yaml", "--follow-symlinks", "--format", "json")[0] == 0
    assert invoke("latex", "specs", "--follow-symlinks", "--fragment")[0] == 0


def test_a_link_inside_its_own_folder_is_fine(project: Path) -> None:
    (project / "specs" / "square.yaml").write_text(SQUARE, encoding="utf-8")
    (project / "specs" / "alias.yaml").symlink_to("square.yaml")
    (project / "specs" / "sub").mkdir()
    (project / "specs" / "sub" / "deep.yml").write_text(SQUARE, encoding="utf-8")
    (project / "specs" / "deep.yaml").symlink_to(project / "specs" / "sub" / "deep.yml")
    assert [p.name for p in spec_files(project / "specs")] == ["alias.yaml", "deep.yaml", "square.yaml"]
    code, out = invoke("verify", "--format", "json")
    assert code == 0, out


@pytest.mark.parametrize("kind", ["dangling", "looping"])
def test_a_broken_link_in_a_folder_is_a_usage_error_naming_it(
        project: Path, no_work: list[object], kind: str) -> None:
    (project / "specs" / "square.yaml").write_text(SQUARE, encoding="utf-8")
    broken = project / "specs" / "broken.yaml"
    if kind == "dangling":
        broken.symlink_to("gone.yaml")
    else:
        broken.symlink_to("broken.yaml")
    expected = "is a dangling symbolic link" if kind == "dangling" else "is a symbolic link that loops"
    for args in (("verify",), ("verify", "specs"), ("verify", "--follow-symlinks"), ("verify", "specs/broken.yaml"),
                 ("latex", "specs"), ("list", "specs"), ("list", "specs", "--follow-symlinks")):
        code, out = invoke(*args)
        assert code == 2, (args, out)
        assert "specs/broken.yaml" in out and expected in out, (args, out)
    assert no_work == []


@pytest.fixture
def linked_specs_folder(project: Path, tmp_path: Path) -> Path:
    """`./specs` as a symbolic link to a folder outside the checkout."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "square.yaml").write_text(SQUARE, encoding="utf-8")
    (project / "specs").rmdir()
    (project / "specs").symlink_to(other)
    return other


@pytest.mark.usefixtures("linked_specs_folder")
def test_the_specs_folder_itself_may_not_lead_out_of_the_working_folder(no_work: list[object]) -> None:
    for args in (("verify",), ("verify", "specs"), ("verify", "square"), ("list",)):
        code, out = invoke(*args)
        assert code == 2 and "'specs' is a symbolic link to" in out, (args, out)
    assert no_work == []


@pytest.mark.usefixtures("linked_specs_folder")
def test_follow_symlinks_reads_a_linked_specs_folder() -> None:
    code, out = invoke("verify", "--follow-symlinks", "--format", "json")
    assert code == 0 and '"name": "square"' in out, out


def test_list_and_show_refuse_a_link_out_unless_told(project: Path) -> None:
    (project / "specs" / "outside.yaml").symlink_to(project / "elsewhere" / "square.yaml")
    for args in (("list",), ("list", "specs"), ("show", "outside"), ("show", "specs/outside.yaml")):
        code, out = invoke(*args)
        assert code == 2 and "is a symbolic link to" in out, (args, out)
    code, out = invoke("list", "--follow-symlinks")
    assert code == 0 and "square" in out, out
    code, out = invoke("show", "outside", "--follow-symlinks", "--format", "json")
    assert code == 0 and '"square"' in out, out


def test_resolve_names_every_bad_link_at_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to("/etc/hostname")
    (tmp_path / "b.yaml").symlink_to("nowhere.yaml")
    with pytest.raises(UsageError) as info:
        resolve([str(tmp_path)])
    message = str(info.value)
    assert "a.yaml' is a symbolic link to '/etc/hostname'" in message
    assert "b.yaml' is a dangling symbolic link (its target 'nowhere.yaml' does not exist)" in message
    with pytest.raises(UsageError, match="dangling"):  # following links does not make a dangling one readable
        resolve([str(tmp_path)], follow_symlinks=True)


def test_a_link_problem_names_the_target_but_never_reads_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("TOKEN=hunter2hunter2\n", encoding="utf-8")
    os.chmod(secret, 0)  # unreadable: judging the link must not need its content
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "s.yaml").symlink_to(secret)
    problem = link_problem(folder / "s.yaml")
    assert problem is not None and problem.leads_out and str(secret) in str(problem)
    assert "hunter2" not in str(problem)
    assert link_problem(folder / "s.yaml", follow_symlinks=True) is None
    assert link_problem(secret) is None  # not a link


# --- the pytest plugin --------------------------------------------------------------------------------------

pytest_plugins = ["pytester"]
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark")


def test_the_plugin_refuses_a_spec_linked_from_outside_its_folder(pytester: pytest.Pytester) -> None:
    outside = pytester.mkdir("outside") / "square.yaml"
    outside.write_text(SQUARE, encoding="utf-8")
    pytester.mkdir("specs")
    (pytester.path / "specs" / "linked.yaml").symlink_to(outside)
    result = pytester.runpytest("--derivcheck", "specs/linked.yaml", *QUIET)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*linked.yaml' is a symbolic link to *outside the folder*"
                                 "--derivcheck-follow-symlinks reads it anyway*"])
    followed = pytester.runpytest("--derivcheck", "--derivcheck-follow-symlinks", "specs/linked.yaml", *QUIET)
    followed.assert_outcomes(passed=2)
