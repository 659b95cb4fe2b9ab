"""Reading untrusted files: only regular files, never more than a limit, never blocking.

A FIFO, a device (`/dev/zero`), a socket or a symlink to one of them is refused before a
byte is read; the file is opened non-blocking (so a FIFO cannot hang the open) and checked
on the open descriptor (so it cannot be swapped between the check and the read); reading
stops one byte past the limit whatever size the file claims.
"""

from __future__ import annotations

import os
import stat


class UnsafeFile(OSError):
    """The path is not something to read: its message says what it is instead."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file, at most `limit + 1` of them (more means too large).

    Raises `UnsafeFile` for anything but a regular file, and `OSError` (FileNotFoundError,
    PermissionError, ...) as `open` would."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    before = os.stat(path)  # follows symlinks: a link to a FIFO is a FIFO
    if not stat.S_ISREG(before.st_mode):
        raise UnsafeFile(f"is {_kind(before.st_mode)}, not a regular file")
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFile(f"is {_kind(st.st_mode)}, not a regular file")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
