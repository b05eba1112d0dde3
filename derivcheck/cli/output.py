"""Where a command's report goes: standard output, or an `--output` file opened before any work.

The file is opened (created if need be) before a single claim is verified, so a missing folder, a folder
given as the file, or a read-only place is a usage error at once instead of a crash after the whole run. It is
opened without truncating: an existing report is replaced only when the new one is complete, and a file this
run created is removed again if the run ends without a report.  A symbolic link given as the output is the
user's own choice and is followed.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TextIO

from derivcheck.errors import UsageError

_WHY = {
    errno.EISDIR: "it is a folder; give a file name",
    errno.ENOTDIR: "a part of the path before the file name is not a folder",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENXIO: "it is a pipe that no program is reading",
    errno.ENOSPC: "no space left on the device",
}


class ReportOutput:
    """The destination of one report; use as a context manager and call `write` once with the renderer."""

    def __init__(self, path: Path | None, option: str = "--output") -> None:
        self.path = path
        self.option = option
        self._fd: int | None = None
        self._created = False
        self._written = False

    def __enter__(self) -> ReportOutput:
        if self.path is not None:
            self._fd, self._created = _open(self.path, self.option)
        return self

    def write(self, render: Callable[[TextIO], None]) -> None:
        """Render the report (in memory when it goes to a file) and put it in place."""
        if self._fd is None:
            render(sys.stdout)
            return
        buffer = io.StringIO()
        render(buffer)
        data = buffer.getvalue().encode("utf-8")
        if stat.S_ISREG(os.fstat(self._fd).st_mode):
            os.ftruncate(self._fd, 0)  # only now: until the report is ready, the old one stays intact
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view):]
        self._written = True

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._fd is None:
            return
        os.close(self._fd)
        self._fd = None
        if self._created and not self._written and self.path is not None:
            # No report was written: do not leave an empty file behind that looks like one.
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def _open(path: Path, option: str) -> tuple[int, bool]:
    """A descriptor open for writing on `path` (nothing truncated yet), and whether this call created it."""
    flags = os.O_WRONLY | os.O_CLOEXEC | os.O_NONBLOCK  # non-blocking: a FIFO without a reader must not hang
    try:
        try:
            fd, created = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o666), True
        except FileExistsError:  # an existing file, or a link to one (followed: -o is the user's choice)
            fd, created = os.open(path, flags | os.O_CREAT), False
    except OSError as error:
        raise UsageError(f"{option} {str(path)!r}: cannot write the report there: {_why(path, error)}") from None
    os.set_blocking(fd, True)
    return fd, created


def _why(path: Path, error: OSError) -> str:
    parent = path.parent
    if error.errno == errno.ENOENT:
        if not parent.is_dir():
            return f"the folder {str(parent)!r} does not exist"
        return f"no file can be created in {str(parent)!r}"
    return _WHY.get(error.errno or 0, error.strerror or str(error))
