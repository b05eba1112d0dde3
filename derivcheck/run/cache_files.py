"""File operations inside one folder opened by descriptor: never through a symlink, never blocking.

The result cache lives in the working directory, which may hold files from an untrusted pull request. So
each folder is opened once with `O_NOFOLLOW | O_DIRECTORY` (a symlinked folder is refused, not followed)
and every name is then resolved relative to that descriptor: a file is read only if it is a regular file
(checked with `lstat` before opening, so no device or FIFO is ever opened, and again with `fstat` after,
so a swap in between is caught; `O_NONBLOCK` means even that open cannot wait), and written only as a new
file created with `O_CREAT | O_EXCL | O_NOFOLLOW`, then renamed or linked into place.  A rename replaces a
symlink itself and a link never follows one, so nothing outside the folder is ever written.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

# Without these guarantees (e.g. on Windows) the cache is simply off: a slower run, never an unsafe one.
# (os.replace takes dir_fd= wherever os.rename does; only the latter is listed.)
SUPPORTED = bool(_NOFOLLOW and _DIRECTORY and _NONBLOCK) and {os.open, os.stat, os.rename, os.link,
                                                               os.unlink} <= os.supports_dir_fd
TEMP_PREFIX = ".tmp-"


def open_dir(path: Path | str, *, create: bool = False, mode: int = 0o777) -> int:
    """A descriptor of the real folder `path`, made first if `create`; OSError if it is a symlink or no folder."""
    if create:
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, mode)
    return os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)


def lstat(dir_fd: int, name: str) -> os.stat_result | None:
    """What `name` in the folder is, without following a symlink; None when there is nothing by that name."""
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None


def open_regular(dir_fd: int, name: str, limit: int) -> tuple[int, os.stat_result]:
    """A read descriptor of the regular file `name` of at most `limit` bytes, and its status.

    OSError (FileNotFoundError when absent) for anything else: a symlink, a FIFO, a device, a folder, a
    file that is too large.
    """
    info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        raise OSError(f"{name} is not a regular file of at most {limit} bytes")
    fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=dir_fd)
    try:
        info = os.fstat(fd)  # the file opened, which may not be the one looked at a moment ago
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise OSError(f"{name} is not a regular file of at most {limit} bytes")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_all(fd: int, limit: int) -> bytes | None:
    """Everything left in `fd`, or None if it holds more than `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while chunk := os.read(fd, min(limit + 1 - size, 1 << 20)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None
    return b"".join(chunks)


def read_regular(dir_fd: int, name: str, limit: int) -> bytes | None:
    """The bytes of the regular file `name` (at most `limit`), or None for anything else or any error."""
    try:
        fd, _ = open_regular(dir_fd, name, limit)
    except OSError:
        return None
    try:
        return read_all(fd, limit)
    except OSError:
        return None
    finally:
        os.close(fd)


def publish(dir_fd: int, name: str, data: bytes, *, replace: bool, mode: int | None = None) -> None:
    """Write `data` as `name` atomically: readers see the old file or the complete new one, never a part.

    The data goes to a new temporary file first; `replace` renames it over `name` (over a symlink too: the
    link is replaced, its target untouched), otherwise it is linked to `name` only if nothing has that name
    yet (FileExistsError if anything, even a dangling symlink, does).  `mode` sets exact permissions
    regardless of the umask; without it the umask applies as to any new file.
    """
    temp = f"{TEMP_PREFIX}{os.urandom(8).hex()}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC,
                 0o666 if mode is None else mode, dir_fd=dir_fd)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        if replace:
            os.replace(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        else:
            os.link(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    finally:
        with contextlib.suppress(OSError):  # gone already after a rename
            os.unlink(temp, dir_fd=dir_fd)
