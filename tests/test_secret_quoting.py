"""A file that is no spec (a credentials file behind a symbolic link) never has its content printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

# Loaded here so that pytester's in-process runs find them loaded: it unloads what a run imported, and numpy
# cannot be imported twice in one process.
import derivcheck.run.tasks  # noqa: F401
from derivcheck.cli.app import app
from derivcheck.errors import SpecError
from derivcheck.report import REPORTER_BY_NAME
from derivcheck.spec.load import load_spec_text

TOKEN = "ghp_" + "Xq7" * 12  # shaped like a GitHub token, 40 characters
SECRETS = {
    "token": f"{TOKEN}\n",
    "env": f"TOKEN={TOKEN}\n",
    "env_lines": f"USER=me\nTOKEN={TOKEN}\nHOST=example.org\n",
    "pem": f"-----BEGIN PRIVATE KEY-----\n{TOKEN}\n-----END PRIVATE KEY-----\n",
    "short": "hunter2\n",
}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def leaked(out: str, content: str) -> list[str]:
    """The secret-looking parts of `content` that appear in `out`."""
    parts = [TOKEN, TOKEN[:12], "hunter2", "TOKEN=", "BEGIN PRIVATE"]
    return [p for p in parts if p in content and p in out]


@pytest.fixture
def linked_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> str:
    """`specs/creds.yaml` in a checkout, a link to a credentials file outside it; returns the file's content."""
    content = SECRETS[request.param]
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "credentials").write_text(content, encoding="utf-8")
    (tmp_path / "project" / "specs").mkdir(parents=True)
    (tmp_path / "project" / "specs" / "creds.yaml").symlink_to(tmp_path / "home" / "credentials")
    monkeypatch.chdir(tmp_path / "project")
    return content


@pytest.mark.parametrize("linked_secret", list(SECRETS), indirect=True)
def test_a_linked_secret_is_refused_and_never_printed(linked_secret: str) -> None:
    for args in (("verify",), ("verify", "--format", "github"), ("verify", "specs/creds.yaml"), ("list",),
                 ("show", "creds"), ("latex",)):
        code, out = invoke(*args)
        assert code == 2, (args, out)
        assert "specs/creds.yaml" in out and "credentials" in out  # the link and its target are named
        assert leaked(out, linked_secret) == [], (args, out)


@pytest.mark.parametrize("linked_secret", list(SECRETS), indirect=True)
def test_a_followed_secret_is_an_error_row_that_quotes_none_of_it(linked_secret: str) -> None:
    for output_format in REPORTER_BY_NAME:
        code, out = invoke("verify", "--follow-symlinks", "--no-cache", "--format", output_format)
        assert code == 1, (output_format, out)
        assert leaked(out, linked_secret) == [], (output_format, out)
    for args in (("list", "--follow-symlinks"), ("show", "creds", "--follow-symlinks"),
                 ("latex", "--follow-symlinks", "--no-cache")):
        code, out = invoke(*args)
        assert code == 1, (args, out)
        assert leaked(out, linked_secret) == [], (args, out)


def _message(text: str) -> str:
    with pytest.raises(SpecError) as info:
        load_spec_text(text, "f.yaml")
    return str(info.value)


def test_a_top_level_text_is_described_never_quoted() -> None:
    for text in (f"{TOKEN}\n", f"TOKEN={TOKEN}\n", "hunter2\n", '"hunter2"\n'):
        message = _message(text)
        assert "hunter2" not in message and "TOKEN" not in message and TOKEN[:6] not in message, message
        assert "the top level must be a mapping of spec keys, got a text of" in message


def test_errors_quote_at_most_a_short_token() -> None:
    unknown_key = _message(f"{TOKEN}: 1\n")
    assert "unknown key 'ghp_Xq7Xq7Xq7Xq7X'..." in unknown_key and TOKEN[:18] not in unknown_key
    tag_handle = _message(f"!{TOKEN}!x value\n")
    assert "undefined tag handle" in tag_handle and TOKEN[:18] not in tag_handle, tag_handle
    wrong_type = _message(f"name: x\nfunction: z\nderivative: 1\npoints: {TOKEN}\n")
    assert "points: expected a list of expressions, got the text 'ghp_Xq7Xq7Xq7Xq7X'..." in wrong_type


pytest_plugins = ["pytester"]
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark")


def test_the_plugin_does_not_print_a_named_non_spec_file(pytester: pytest.Pytester) -> None:
    (pytester.path / "creds.yaml").write_text(f"TOKEN={TOKEN}\n", encoding="utf-8")
    result = pytester.runpytest("--derivcheck", "creds.yaml", *QUIET)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*spec ERROR: creds.yaml:1:1: the top level must be a mapping*"])
    assert TOKEN[:6] not in result.stdout.str() + result.stderr.str()
