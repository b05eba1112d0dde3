"""Where specs come from: the built-in catalog, `./specs`, and NAME|FILE|DIR arguments."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from derivcheck.errors import UsageError

SPEC_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SpecSource:
    """One spec file to check, and the name to show for it."""

    path: Path
    display: str


def catalog_dir() -> Path:
    """The folder of the built-in catalog: `specs/` installed inside the package, or beside it in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "specs"
    return installed if installed.is_dir() else here.parent / "specs"


def spec_files(folder: Path) -> list[Path]:
    """The spec files directly inside `folder`, sorted by name."""
    return sorted(p for p in folder.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())


def catalog() -> dict[str, Path]:
    """Built-in spec name (the file stem) -> file."""
    return {p.stem: p for p in spec_files(catalog_dir())}


def default_folder(cwd: Path | None = None) -> Path:
    """`./specs` when it exists, else the built-in catalog."""
    local = (cwd or Path.cwd()) / "specs"
    return local if local.is_dir() and spec_files(local) else catalog_dir()


def resolve(targets: list[str], cwd: Path | None = None) -> list[SpecSource]:
    """Turn command-line targets into spec files, in order, without duplicates.

    A target is a spec file, a folder (its spec files), or a name looked up in `./specs`, then the catalog.
    """
    if not targets:
        folder = default_folder(cwd)
        return [SpecSource(p, _display(p, cwd)) for p in spec_files(folder)]
    sources: list[SpecSource] = []
    seen: set[Path] = set()
    for target in targets:
        for path in _resolve_one(target, cwd):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                sources.append(SpecSource(path, _display(path, cwd)))
    return sources


def _resolve_one(target: str, cwd: Path | None) -> list[Path]:
    path = Path(target)
    if not path.is_absolute() and cwd is not None:
        path = cwd / path
    if path.is_dir():
        files = spec_files(path)
        if not files:
            raise UsageError(f"no spec files (*.yaml, *.yml) in folder {target!r}")
        return files
    if path.is_file():
        return [path]
    if path.suffix in SPEC_SUFFIXES or "/" in target:
        raise UsageError(f"no such spec file: {target!r}")
    names = _names(cwd)
    if target in names:
        return [names[target]]
    close = difflib.get_close_matches(target, list(names), n=3)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UsageError(f"no spec named {target!r} in ./specs or the built-in catalog{hint} (see `derivcheck list`)")


def _names(cwd: Path | None) -> dict[str, Path]:
    names = catalog()
    local = (cwd or Path.cwd()) / "specs"
    if local.is_dir():
        names.update({p.stem: p for p in spec_files(local)})
    return names


def _display(path: Path, cwd: Path | None) -> str:
    """A path relative to the working folder, or `catalog/NAME.yaml` for a built-in spec."""
    base = (cwd or Path.cwd()).resolve()
    builtin = catalog_dir().resolve()
    if path.resolve().parent == builtin and not builtin.is_relative_to(base):
        return f"catalog/{path.name}"
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)
