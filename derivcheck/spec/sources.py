"""Where specs come from: the built-in catalog, `./specs`, and NAME|FILE|DIR arguments.

Spec files may come from an untrusted pull request, and a symbolic link in one could make derivcheck read
(and quote in its report) a file from anywhere, such as a credentials file.  So a spec file or folder that
is a symbolic link must lead to a place inside the folder that holds the link; otherwise resolving stops
with a UsageError before any work, unless the caller passes `follow_symlinks=True`.  A link that dangles or
loops is always a UsageError: it is never skipped silently.
"""

from __future__ import annotations

import difflib
import errno
import os
from dataclasses import dataclass
from pathlib import Path

from derivcheck.errors import UsageError

SPEC_SUFFIXES = (".yaml", ".yml")
FOLLOW_HINT = "pass --follow-symlinks to read such files anyway"


@dataclass(frozen=True)
class SpecSource:
    """One spec file to check, and the name to show for it."""

    path: Path
    display: str


def catalog_dir() -> Path:
    """The folder of the built-in catalog: `specs/` installed inside the package, or beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent  # derivcheck/
    installed = package / "specs"
    return installed if installed.is_dir() else package.parent / "specs"


@dataclass(frozen=True)
class LinkProblem:
    """A symbolic link derivcheck will not read through; `leads_out` is the kind `--follow-symlinks` allows."""

    message: str
    leads_out: bool = False

    def __str__(self) -> str:
        return self.message


def link_problem(path: Path, *, follow_symlinks: bool = False) -> LinkProblem | None:
    """What is wrong with `path` as a symbolic link (dangling, looping, leading out of its folder), or None.

    Only where the link points is judged, never what it points to holds.  A path that is no link is fine.
    """
    if not path.is_symlink():
        return None
    shown = _shown(path)
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return LinkProblem(f"{shown!r} is a symbolic link that loops (it never reaches a file)")
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return LinkProblem(f"{shown!r} is a dangling symbolic link (its target "
                               f"{os.readlink(path)!r} does not exist)")
        return LinkProblem(f"{shown!r} is a symbolic link that cannot be followed: {error.strerror or error}")
    if follow_symlinks:
        return None
    folder = path.absolute().parent
    target = Path(os.path.realpath(path))
    if target.is_relative_to(folder.resolve()):
        return None
    return LinkProblem(f"{shown!r} is a symbolic link to {str(target)!r}, outside the folder "
                       f"{_shown(folder)!r}", leads_out=True)


def _shown(path: Path) -> str:
    """`path` relative to the working folder when it lies inside it (no link resolved), else as given."""
    try:
        return str(path.absolute().relative_to(Path.cwd())) or "."
    except ValueError:
        return str(path)


def check_links(paths: list[Path], *, follow_symlinks: bool = False) -> None:
    """Raise one UsageError naming every path in `paths` that `link_problem` finds fault with."""
    problems = [p for path in paths if (p := link_problem(path, follow_symlinks=follow_symlinks))]
    if problems:
        hint = f" ({FOLLOW_HINT})" if any(p.leads_out for p in problems) else ""
        raise UsageError("; ".join(p.message for p in problems) + hint)


def _entries(folder: Path) -> list[Path]:
    """The entries of `folder` with a spec suffix, links and special files included, sorted by name."""
    return sorted(p for p in folder.iterdir() if p.suffix in SPEC_SUFFIXES)


def spec_files(folder: Path, *, follow_symlinks: bool = False) -> list[Path]:
    """The spec files directly inside `folder`, sorted by name (sub-folders are not entered).

    Raises UsageError for a link among them that dangles, loops or leads out of `folder` (see `link_problem`).
    A special file (a FIFO, a device) is kept: loading it gives an ERROR row instead of a silent skip.
    """
    entries = _entries(folder)
    check_links(entries, follow_symlinks=follow_symlinks)
    return [p for p in entries if not p.is_dir()]


def catalog() -> dict[str, Path]:
    """Built-in activation name (the file stem) -> file: the specs of one variable at the catalog's top."""
    return {p.stem: p for p in spec_files(catalog_dir())}


def catalog_folders() -> list[Path]:
    """The catalog's folders: its top (activations), then its sub-folders (`losses`, `vector`), by name."""
    top = catalog_dir()
    subfolders = sorted(p for p in top.iterdir()
                        if p.is_dir() and not p.is_symlink() and not p.name.startswith(("_", ".")))
    return [top, *(p for p in subfolders if spec_files(p))]


def catalog_specs() -> dict[str, Path]:
    """Every built-in spec name -> file, the sub-folders' included."""
    return {p.stem: p for folder in catalog_folders() for p in spec_files(folder)}


def local_folder(cwd: Path | None = None, *, follow_symlinks: bool = False) -> Path | None:
    """`./specs` when it is a folder (checked like any symbolic link), else None."""
    local = (cwd or Path.cwd()) / "specs"
    check_links([local], follow_symlinks=follow_symlinks)
    return local if local.is_dir() else None


def default_folder(cwd: Path | None = None, *, follow_symlinks: bool = False) -> Path:
    """`./specs` when that folder exists, else the built-in catalog.

    An existing `./specs` without a spec file is a UsageError, never a silent switch to the catalog: a CI job
    whose specs went missing must not verify something else and pass.
    """
    local = local_folder(cwd, follow_symlinks=follow_symlinks)
    if local is None:
        return catalog_dir()
    if not spec_files(local, follow_symlinks=follow_symlinks):
        raise UsageError(f"no spec files in {_shown(local)!r}: looked for *.yaml and *.yml directly inside it "
                         "(sub-folders are not searched); add specs there, name a folder or file, or remove the "
                         "empty folder to use the built-in catalog")
    return local


def resolve(targets: list[str], cwd: Path | None = None, *, follow_symlinks: bool = False) -> list[SpecSource]:
    """Turn command-line targets into spec files, in order, without duplicates.

    A target is a spec file, a folder (its spec files), or a name looked up in `./specs`, then the catalog.
    Raises UsageError for a target that does not exist and for a symbolic link `link_problem` refuses.
    """
    if not targets:
        folder = default_folder(cwd, follow_symlinks=follow_symlinks)
        # The built-in catalog is its top folder and its sub-folders; any other folder is read flat.
        folders = catalog_folders() if folder == catalog_dir() else [folder]
        return [SpecSource(p, _display(p, cwd)) for f in folders
                for p in spec_files(f, follow_symlinks=follow_symlinks)]
    sources: list[SpecSource] = []
    seen: set[Path] = set()
    for target in targets:
        for path in _resolve_one(target, cwd, follow_symlinks):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                sources.append(SpecSource(path, _display(path, cwd)))
    return sources


def _resolve_one(target: str, cwd: Path | None, follow_symlinks: bool) -> list[Path]:
    path = Path(target)
    if not path.is_absolute() and cwd is not None:
        path = cwd / path
    check_links([path], follow_symlinks=follow_symlinks)
    if path.is_dir():
        files = spec_files(path, follow_symlinks=follow_symlinks)
        if not files:
            raise UsageError(f"no spec files in folder {target!r}: looked for *.yaml and *.yml directly inside it "
                             "(sub-folders are not searched)")
        return files
    if path.exists():
        return [path]  # a file, or a special file whose load reports it as an ERROR row
    if path.suffix in SPEC_SUFFIXES or "/" in target:
        raise UsageError(f"no such spec file: {target!r}")
    names = _names(cwd, follow_symlinks)
    if target in names:
        check_links([names[target]], follow_symlinks=follow_symlinks)
        return [names[target]]
    declared = _declared_names(cwd, follow_symlinks)
    if target in declared:
        check_links([declared[target]], follow_symlinks=follow_symlinks)
        return [declared[target]]
    close = difflib.get_close_matches(target, list(names) + [n for n in declared if n not in names], n=3)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UsageError(f"no spec named {target!r} in ./specs or the built-in catalog{hint} (see `derivcheck list`)")


def _names(cwd: Path | None, follow_symlinks: bool) -> dict[str, Path]:
    """Spec name -> file, ./specs over the catalog; links are listed here and checked once one is chosen."""
    names = catalog_specs()
    local = local_folder(cwd, follow_symlinks=follow_symlinks)
    if local is not None:
        names.update({p.stem: p for p in _entries(local) if not p.is_dir()})
    return names


def _declared_names(cwd: Path | None, follow_symlinks: bool) -> dict[str, Path]:
    """Each `name:` the spec files declare -> its file, ./specs over the catalog (as in `_names`).

    Read only when a NAME is no file name, since most specs are named after their file.  A file that does not
    load, or a link `link_problem` refuses, declares nothing here.
    """
    from derivcheck.errors import SpecError
    from derivcheck.spec.load import load_spec

    local = local_folder(cwd, follow_symlinks=follow_symlinks)
    files = [*catalog_specs().values(), *([] if local is None else [p for p in _entries(local) if not p.is_dir()])]
    declared: dict[str, Path] = {}
    for path in files:  # the catalog first, then ./specs: a later file wins
        if link_problem(path, follow_symlinks=follow_symlinks) is not None:
            continue
        try:
            declared[load_spec(path).name] = path
        except (SpecError, OSError):
            continue
    return declared


def _display(path: Path, cwd: Path | None) -> str:
    """A path relative to the working folder, or `catalog/NAME.yaml` for a built-in spec.

    Only the folder is resolved, not the file: a followed link is shown by its own name, not its target's.
    """
    base = (cwd or Path.cwd()).resolve()
    builtin = catalog_dir().resolve()
    shown = path.absolute().parent.resolve() / path.name
    if shown.parent == builtin and not builtin.is_relative_to(base):
        return f"catalog/{path.name}"
    if shown.parent.parent == builtin and not builtin.is_relative_to(base):
        return f"catalog/{shown.parent.name}/{path.name}"
    try:
        return str(shown.relative_to(base))
    except ValueError:
        return str(path)
