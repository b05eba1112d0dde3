"""pytest plugin: once switched on, spec files become test files and each of their claims a test item.

The entry point loads this module in every pytest run of an environment where derivcheck is installed, so
it stays inert until `--derivcheck` (or `derivcheck = true` in the ini file) switches it on: no collection,
no YAML, no sympy.  Switched on, it collects `*.yaml`/`*.yml` files that carry a top-level `derivative:`
key (the mark of a spec), plus any YAML file named on the command line, so unrelated YAML stays untouched.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from derivcheck.run.budget import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from derivcheck.results.checks import Check, SpecResult
    from derivcheck.run.plan import Task
    from derivcheck.spec.multi import AnySpec

# A spec claims a `derivative:` (one variable) or a `gradient:` or `jacobian:` (several variables).
_SPEC_MARK = re.compile(rb"^[\"']?(?:derivative|gradient|jacobian)[\"']?[ \t]*:", re.MULTILINE)


@dataclass(frozen=True)
class Settings:
    """The plugin's switches, read once per run."""

    timeout: float = DEFAULT_TIMEOUT
    allow_undecided: bool = False  # UNDECIDED claims fail unless this is set: a proof checker fails closed
    follow_symlinks: bool = False  # read spec files through symbolic links that lead out of their folder


SETTINGS = pytest.StashKey[Settings]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("derivcheck", "derivcheck: prove the derivatives claimed in spec files")
    group.addoption("--derivcheck", action="store_true", default=None,
                    help="collect derivcheck spec files (*.yaml, *.yml with a top-level 'derivative:' key) "
                         "and check each claim as a test")
    group.addoption("--derivcheck-timeout", type=float, default=None, metavar="SECONDS",
                    help=f"time budget per claim in seconds (default: {DEFAULT_TIMEOUT:g})")
    group.addoption("--derivcheck-allow-undecided", action="store_true", default=None,
                    help="skip UNDECIDED claims instead of failing them")
    group.addoption("--derivcheck-strict", action="store_true", default=None,
                    help="fail UNDECIDED claims: the default, kept so that existing command lines keep working")
    group.addoption("--derivcheck-follow-symlinks", action="store_true", default=None,
                    help="read spec files through symbolic links that lead outside their folder")
    parser.addini("derivcheck", "collect derivcheck spec files, as --derivcheck does", type="bool", default=False)
    parser.addini("derivcheck_timeout", "time budget per claim in seconds, as --derivcheck-timeout",
                  default=str(DEFAULT_TIMEOUT))
    parser.addini("derivcheck_allow_undecided", "skip UNDECIDED claims, as --derivcheck-allow-undecided",
                  type="bool", default=False)
    parser.addini("derivcheck_strict", "fail UNDECIDED claims (the default), as --derivcheck-strict", type="bool",
                  default=False)
    parser.addini("derivcheck_follow_symlinks", "follow symbolic links, as --derivcheck-follow-symlinks",
                  type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("derivcheck") or config.getini("derivcheck"):
        settings = _settings(config)
        config.stash[SETTINGS] = settings
        # the collecting hooks exist only in runs that asked for them: other runs pay nothing
        config.pluginmanager.register(SpecCollection(settings), "derivcheck-specs")


def _switch(config: pytest.Config, name: str) -> bool:
    return bool(config.getoption(name) or config.getini(name))


def _settings(config: pytest.Config) -> Settings:
    from derivcheck.run.budget import timeout_problem

    allow_undecided = _switch(config, "derivcheck_allow_undecided")
    if allow_undecided and _switch(config, "derivcheck_strict"):
        raise pytest.UsageError("derivcheck: --derivcheck-strict (derivcheck_strict) and "
                                "--derivcheck-allow-undecided (derivcheck_allow_undecided) contradict each other: "
                                "UNDECIDED claims fail by default; give only the one you mean")
    timeout: Any = config.getoption("derivcheck_timeout")
    if timeout is None:
        try:
            timeout = float(config.getini("derivcheck_timeout"))
        except ValueError:
            raise pytest.UsageError(
                f"derivcheck_timeout must be a number of seconds, not {config.getini('derivcheck_timeout')!r}"
            ) from None
    problem = timeout_problem(float(timeout))
    if problem is not None:
        raise pytest.UsageError(f"derivcheck time budget (--derivcheck-timeout, derivcheck_timeout): {problem}")
    return Settings(timeout=float(timeout), allow_undecided=allow_undecided,
                    follow_symlinks=_switch(config, "derivcheck_follow_symlinks"))


class SpecCollection:
    """The hooks of a run with derivcheck switched on."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.found: dict[str, SpecFound] = {}  # spec file -> what its items found, for the summary

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Keep what each claim found (reports reach the main process under pytest-xdist too)."""
        props = dict(report.user_properties)
        if report.when != "call" or "derivcheck_spec" not in props:
            return
        file = str(props["derivcheck_spec"])
        found = self.found.setdefault(file, SpecFound(file=file, name=str(props["derivcheck_name"])))
        found.checks.extend(tuple(c) for c in props.get("derivcheck_checks", ()))  # type: ignore[attr-defined]

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        """One line per spec file (verdict, name, file:line, counts, time), as `derivcheck verify` prints them;
        only the specs that are not proved with -q.  The details of a failing claim are its failure report."""
        from derivcheck.report.terminal import summary_lines

        if not self.found:
            return
        results = [found.result() for found in sorted(self.found.values(), key=lambda f: f.file)]
        verbosity = 1 if config.option.verbose > 0 else -1 if config.option.verbose < 0 else 0
        terminalreporter.section("derivcheck")
        for line in summary_lines(results, config.get_terminal_writer().fullwidth, verbosity):
            terminalreporter.write_line(line)

    def pytest_report_header(self) -> str:
        undecided = "are skipped" if self.settings.allow_undecided else "fail"
        return f"derivcheck: {self.settings.timeout:g} s per claim, undecided claims {undecided}"

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> SpecFile | None:
        from derivcheck.spec.sources import SPEC_SUFFIXES

        if file_path.suffix not in SPEC_SUFFIXES:
            return None
        if not (parent.session.isinitpath(file_path) or looks_like_spec(file_path)):
            return None
        spec_file: SpecFile = SpecFile.from_parent(parent, path=file_path)
        return spec_file

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if isinstance(item, _Item) and report.skipped and isinstance(report.longrepr, tuple):
            # point the skip at the claim in the spec, not at the line of this module that skipped it
            report.longrepr = (str(item.path), item.line or 1, report.longrepr[2])
        return report


def looks_like_spec(path: Path) -> bool:
    """A top-level `derivative:` key: every spec has one, other YAML files almost never do."""
    from derivcheck.spec.read import MAX_BYTES  # the loader's own size cap: a longer file is not a spec

    try:
        # non-blocking, and regular files only: a FIFO named like a spec must not hang the collection
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with open(fd, "rb") as stream:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            head = stream.read(MAX_BYTES)
    except OSError:
        return False
    return _SPEC_MARK.search(head) is not None


class SpecFile(pytest.File):
    """One spec file; its items are the tasks `plan(spec)` lists (a broken file gives one failing item)."""

    def collect(self) -> Iterator[pytest.Item]:
        from derivcheck.errors import SpecError
        from derivcheck.spec.load import load_spec
        from derivcheck.spec.sources import link_problem

        shown = self._display()
        problem = link_problem(self.path, follow_symlinks=self.config.stash[SETTINGS].follow_symlinks)
        if problem is not None:  # never read through it: the target could be any file, such as a secret
            hint = " (--derivcheck-follow-symlinks reads it anyway)" if problem.leads_out else ""
            yield SpecErrorItem.from_parent(self, name="spec", message=f"{problem}{hint}", line=None)
            return
        try:
            spec = replace(load_spec(self.path, display_name=shown), file=shown)
        except SpecError as exc:
            yield SpecErrorItem.from_parent(self, name="spec", message=str(exc),
                                            line=exc.location.line if exc.location else None)
            return
        from derivcheck.run.plan import TaskKind, plan, task_label

        for task in plan(spec):
            label = task_label(spec, task)
            name = f"derivation {label}" if task.kind is TaskKind.DERIVATION else label  # "derivation step 2"
            yield ClaimItem.from_parent(self, name=name, spec=spec, task=task)

    def display(self) -> str:
        """The spec file as reports name it: relative to the root folder of the run."""
        return self._display()

    def _display(self) -> str:
        try:
            return self.path.relative_to(self.config.rootpath).as_posix()
        except ValueError:
            return str(self.path)


class ClaimFailed(Exception):
    """A claim refuted, in error, or undecided (unless allowed); the text is the whole failure report."""


class _Item(pytest.Item):
    """What derivcheck's items share: a failure shown as its report text, not as a traceback."""

    line: int | None = None

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, ClaimFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        # the third part must be a suffix of the node id: pytest turns dots in anything else into "::"
        return self.path, None if self.line is None else self.line - 1, self.name


class SpecErrorItem(_Item):
    """A spec file that does not load: fails with the loader's file:line:col message."""

    def __init__(self, *, message: str, line: int | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = message
        self.line = line

    def runtest(self) -> None:
        from derivcheck.report.plain import one_line

        self.user_properties += [("derivcheck_spec", self._spec_file()), ("derivcheck_name", self.path.stem),
                                 ("derivcheck_checks", [("spec", "spec", "error", self.line, 0.0)])]
        raise ClaimFailed(f"spec ERROR: {one_line(self.message)}")

    def _spec_file(self) -> str:
        parent = self.parent
        return parent.display() if isinstance(parent, SpecFile) else str(self.path)


class ClaimItem(_Item):
    """One task of a spec (a claim, or the kink analysis with its `at:` values), run under the time budget."""

    def __init__(self, *, spec: AnySpec, task: Task, **kwargs: Any) -> None:
        from derivcheck.run.plan import task_line

        super().__init__(**kwargs)
        self.spec = spec
        self.task = task
        self.line = task_line(spec, task)

    def runtest(self) -> None:
        from derivcheck.report.plain import headline
        from derivcheck.results.checks import Verdict, fails
        from derivcheck.run.verify import VerifyOptions, verify_task

        settings = self.config.stash[SETTINGS]
        with warnings.catch_warnings():
            # pytest-xdist workers run helper threads; the forked child only computes and exits, so it is safe
            warnings.filterwarnings("ignore", r".*use of fork\(\) may lead to deadlocks", DeprecationWarning)
            result = verify_task(self.spec, self.task, VerifyOptions(timeout=settings.timeout, jobs=1))
        self.user_properties.append(("derivcheck_verdict", result.verdict.value))
        self.user_properties += [("derivcheck_spec", self.spec.file), ("derivcheck_name", self.spec.name),
                                 ("derivcheck_checks", [check_record(c) for c in result.checks])]
        failing = [c for c in result.checks if fails(c.verdict, allow_undecided=settings.allow_undecided)]
        if failing:
            raise ClaimFailed("\n".join(failure_text(c, self.spec) for c in failing))
        undecided = [c for c in result.checks if c.verdict is Verdict.UNDECIDED]
        if undecided:
            pytest.skip("; ".join(headline(c) for c in undecided))


#: What the summary keeps of a check: kind, label, verdict, line, seconds (plain values, for pytest-xdist).
CheckRecord = tuple[str, str, str, "int | None", float]


def check_record(check: Check) -> CheckRecord:
    return (check.kind.value, check.label, check.verdict.value, check.line, check.seconds)


@dataclass
class SpecFound:
    """The checks of one spec file's items, gathered for the terminal summary."""

    file: str
    name: str
    checks: list[CheckRecord] = field(default_factory=list)

    def result(self) -> SpecResult:
        from derivcheck.results.checks import Check, CheckKind, SpecResult, Verdict

        checks = tuple(Check(kind=CheckKind(kind), label=label, verdict=Verdict(verdict), method=None, message="",
                             line=line, seconds=seconds) for kind, label, verdict, line, seconds in self.checks)
        return SpecResult(name=self.name, file=self.file, checks=checks)


def failure_text(check: Check, spec: AnySpec) -> str:
    """`specs/x.yaml:4: g'(z) REFUTED: ...` and the evidence lines (counterexample, hint) under it."""
    from derivcheck.report.plain import details, headline, where

    body = "".join(f"\n    {line}" for line in details(check, spec.variable))
    return f"{where(spec.file, check)}: {headline(check)}{body}"

