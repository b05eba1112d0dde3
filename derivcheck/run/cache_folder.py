"""The cache folder: made and tagged as derivcheck's, and cleared of nothing but derivcheck's own files.

A folder is derivcheck's cache only if it is a real folder (never a symlink to one) holding a CACHEDIR.TAG
that is a regular file with exactly derivcheck's content.  Entries are written only into such a folder, and
`clear` removes only regular files it can tell it wrote: entries and temporary files by their names, the
two markers by their exact content.  Anything else in the folder is kept and named.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from derivcheck.run import cache_files

_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by derivcheck.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
_GITIGNORE = "# Created by derivcheck.\n*\n"
_MARKERS = {".gitignore": _GITIGNORE.encode(), "CACHEDIR.TAG": _TAG.encode()}  # written first, removed last
_ENTRY_NAME = re.compile(r"[0-9a-f]{32}\.json")
_TEMP_NAME = re.compile(re.escape(cache_files.TEMP_PREFIX) + r"[0-9A-Za-z_]{8,32}(\.json)?")  # interrupted writes


class ClearRefused(Exception):
    """The cache path is not a folder derivcheck can tell is its cache; nothing was removed."""


@dataclass(frozen=True)
class Cleared:
    """What `clear` did."""

    removed: int  # cached results deleted
    kept: tuple[str, ...] = ()  # names in the folder that derivcheck cannot tell are its own, left in place


def entry_name(display: str) -> str:
    """The file name of the entry for the spec shown as `display`."""
    return f"{hashlib.sha256(display.encode()).hexdigest()[:32]}.json"


def prepare(directory: Path) -> int:
    """The cache folder opened for writing, made and tagged if need be; OSError unless it is derivcheck's.

    A marker is written only where nothing has its name: an existing `.gitignore` or any symlink is left
    alone, and a folder whose CACHEDIR.TAG is not derivcheck's own regular file gets no entries.
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    dir_fd = cache_files.open_dir(directory, create=True)
    try:
        for name, content in _MARKERS.items():
            if cache_files.lstat(dir_fd, name) is None:
                with contextlib.suppress(FileExistsError):  # a parallel run made it first
                    cache_files.publish(dir_fd, name, content, replace=False)
        if not _tagged(dir_fd):
            raise OSError(f"{directory} is not tagged as derivcheck's cache")
    except BaseException:
        os.close(dir_fd)
        raise
    return dir_fd


def clear(directory: Path) -> Cleared:
    """Delete derivcheck's own files from `directory`, and the folder itself once nothing else is left.

    Raises ClearRefused, removing nothing, unless `directory` is a real folder holding derivcheck's
    CACHEDIR.TAG; a missing folder is an empty cache.
    """
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        return Cleared(removed=0)
    if stat.S_ISLNK(info.st_mode):
        raise ClearRefused(f"{directory} is a symbolic link; only a real folder is cleared, and nothing was "
                           "removed")
    if not stat.S_ISDIR(info.st_mode):
        raise ClearRefused(f"{directory} is not a folder; nothing was removed")
    dir_fd = cache_files.open_dir(directory)  # refuses a symlink swapped in since the lstat
    try:
        if not _tagged(dir_fd):
            raise ClearRefused(f"{directory} has no CACHEDIR.TAG written by derivcheck; not removing anything "
                               "from a folder derivcheck did not make")
        removed, kept = 0, []
        for name in sorted(os.listdir(dir_fd)):
            kind = _kind(dir_fd, name)
            if kind is None:
                kept.append(name)
            elif kind != "marker":
                os.unlink(name, dir_fd=dir_fd)  # unlink never follows a symlink: only this name goes
                removed += kind == "entry"
        if kept:
            return Cleared(removed, tuple(kept))  # the markers stay: the folder is still tagged as a cache
        for name in _MARKERS:  # the tag last: an interrupted clear leaves a folder it may clear again
            with contextlib.suppress(FileNotFoundError):  # a .gitignore someone deleted
                os.unlink(name, dir_fd=dir_fd)
    finally:
        os.close(dir_fd)
    os.rmdir(directory)  # fails, rather than following it, if a symlink was swapped in
    return Cleared(removed)


def _tagged(dir_fd: int) -> bool:
    return cache_files.read_regular(dir_fd, "CACHEDIR.TAG", len(_TAG)) == _MARKERS["CACHEDIR.TAG"]


def _kind(dir_fd: int, name: str) -> str | None:
    """"entry", "temp" or "marker" for a regular file derivcheck can tell it wrote; None for anything else."""
    info = cache_files.lstat(dir_fd, name)
    if info is None or not stat.S_ISREG(info.st_mode):
        return None
    if _ENTRY_NAME.fullmatch(name):
        return "entry"
    if _TEMP_NAME.fullmatch(name):
        return "temp"
    marker = _MARKERS.get(name)
    if marker is not None and cache_files.read_regular(dir_fd, name, len(marker)) == marker:
        return "marker"
    return None
