"""The one way to read a person's own files (settings, practices, the course's state, the
journal's fallback file, caches): never waiting on a FIFO or a device, never past a limit.

A FIFO named `pending.toml` once made `today` (run at every login) block for good. Here a
file is opened with O_NONBLOCK (opening a FIFO returns at once), checked with fstat on
that very descriptor to be a regular file (no race between a check and the open), and
read up to a limit. Links are not followed unless the caller says so: the settings and
the person's practices may be links a dotfiles manager made; the data, state and cache
folders' files never are.

Errors are OSError, so every caller's `except OSError` (and `except FileNotFoundError`
for a file that is not there yet) goes on working.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# What every message says about a FIFO, a socket, a device or a folder in a file's place.
NOT_A_FILE = "not a regular file"


class NotARegularFile(OSError):
    """Something other than a plain file (a FIFO, a device, a folder) has the file's name."""

    def __init__(self, path: Path | str, what: str = NOT_A_FILE) -> None:
        super().__init__(errno.EINVAL, what, str(path))


def something_else_is_there(path: Path | str, *, follow_links: bool = False) -> bool:
    """True when a FIFO, a device, a socket or a folder (or, not following links, a link)
    has `path`'s name. For files another library opens itself (SQLite's journal and its
    -wal and -shm): False when nothing is there or it cannot be looked at, so that library
    says what is wrong in its own words (a folder that cannot be entered, say)."""
    try:
        info = os.stat(path) if follow_links else os.lstat(path)
    except OSError:
        return False
    return not stat.S_ISREG(info.st_mode)


def read_bytes(path: Path | str, limit: int, *, follow_links: bool = False) -> bytes:
    """At most `limit + 1` bytes of `path` (so a caller can tell "too large" in its own
    words); OSError (FileNotFoundError, NotARegularFile, PermissionError...) otherwise."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)
    if not follow_links:
        flags |= os.O_NOFOLLOW
    try:
        handle = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP and not follow_links:  # the name is a symbolic link
            raise NotARegularFile(path, f"a symbolic link, {NOT_A_FILE}") from None
        if err.errno == errno.ENXIO:  # a socket, or a FIFO with no one writing
            raise NotARegularFile(path) from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise NotARegularFile(path)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:  # the file may grow while it is read: never past the limit
            chunk = os.read(handle, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)
