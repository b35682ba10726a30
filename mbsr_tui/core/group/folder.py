"""The rooms folder: where it is, whether it can be trusted, and how files go in and out.

Everyone on the host shares one folder. It is safe when nobody can replace or delete
another person's files: a folder others may write to must carry the sticky bit (as /tmp
does), and it must belong to root or to the person themselves (a folder made by someone
else could be emptied or swapped by them). Each person writes only files they own:
created new with O_EXCL and O_NOFOLLOW, readable by all, replaced by an atomic rename
(which the sticky bit refuses on another person's file). Every file read from the folder
is someone else's input: opened without following links or blocking on a FIFO, and read
only up to a size limit.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mbsr_tui.core.files import write_temporary

ENVIRONMENT = "MBSR_TUI_ROOMS"
DEFAULT_FOLDER = Path("/var/tmp/mbsr-tui-rooms")
# The one line an administrator runs to make the shared folder (README, error messages).
ADMIN_COMMAND = f"sudo install -d -m 1777 -o root -g root {DEFAULT_FOLDER}"
MAX_FILE_BYTES = 256 * 1024  # a room with a long practice is a few KB
# A scan looks at every name (a cheap test of the name first), so junk never hides a
# room; only a folder so full that this takes longer than this is cut short, and said so.
SCAN_SECONDS = 2.0
FILE_MODE = 0o644  # everyone may read a room or a presence; only its owner may change it


class FolderProblem(Exception):
    """The rooms folder cannot be used, as a sentence a person can act on."""


def rooms_folder(option: str | os.PathLike | None = None) -> Path:
    """`--rooms DIR`, else `$MBSR_TUI_ROOMS`, else the default."""
    if option:
        return Path(option)
    value = os.environ.get(ENVIRONMENT, "")
    return Path(value) if value else DEFAULT_FOLDER


def _trusted_owner(uid: int) -> bool:
    return uid in (0, os.geteuid())


def check_folder(folder: Path, *, writing: bool) -> None:
    """Raise FolderProblem unless `folder` is a folder nobody else can tamper with."""
    shown = str(folder)
    try:
        link = os.lstat(folder)
    except FileNotFoundError:
        default = folder == DEFAULT_FOLDER
        how = (f"an administrator can create it with: {ADMIN_COMMAND}" if default
               else f"create it, or choose another with --rooms DIR or {ENVIRONMENT}")  # fmt: skip
        raise FolderProblem(f"the rooms folder {shown} does not exist; {how}") from None
    except OSError as err:
        raise FolderProblem(f"the rooms folder {shown} cannot be used: {err.strerror}") from None
    if stat.S_ISLNK(link.st_mode) and not _trusted_owner(link.st_uid):
        raise FolderProblem(f"the rooms folder {shown} is a link made by another user (uid "
                            f"{link.st_uid}); refusing it")  # fmt: skip
    try:
        info = os.stat(folder)
    except OSError as err:
        raise FolderProblem(f"the rooms folder {shown} cannot be used: {err.strerror}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise FolderProblem(f"the rooms folder {shown} is not a folder")
    if not _trusted_owner(info.st_uid):
        raise FolderProblem(
            f"the rooms folder {shown} belongs to another user (uid {info.st_uid}), who "
            f"could change or remove anyone's rooms; refusing it. An administrator can "
            f"make a safe one with: {ADMIN_COMMAND}"
        )
    shared_write = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if shared_write and not info.st_mode & stat.S_ISVTX:
        raise FolderProblem(
            f"others can write to the rooms folder {shown} and it lacks the sticky bit, so "
            f"they could replace or delete your files; refusing it. Fix it with: "
            f"chmod +t {shown}"
        )
    if writing and not os.access(folder, os.W_OK | os.X_OK):
        raise FolderProblem(f"you cannot write to the rooms folder {shown}")


Identity = tuple[int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns


def identity(info: os.stat_result) -> Identity:
    """What changes whenever a file in the folder is replaced or rewritten."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


@dataclass(frozen=True)
class Found:
    """A file read from the folder: its bytes, its owner and when it last changed."""

    name: str
    data: bytes
    uid: int
    mtime: float
    ident: Identity = (0, 0, 0, 0)


class Unreadable(Exception):
    """One file in the folder that cannot be read safely (a plain reason)."""


class Missing(Unreadable):
    """There is no file of that name (a room that has gone, a presence never made)."""


def read_file(folder: Path, name: str, limit: int = MAX_FILE_BYTES, *,
              head: bool = False) -> Found:  # fmt: skip
    """Read `name` without following a link or waiting on a FIFO, at most `limit` bytes.

    `head`: only the first `limit` bytes are wanted (a room's header); a longer file is
    not refused for its length. `Missing` when there is no such name.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)
    try:
        handle = os.open(folder / name, flags)
    except FileNotFoundError:
        raise Missing("no such file") from None
    except OSError as err:
        raise Unreadable(err.strerror or "cannot be opened") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("not a plain file")
        if info.st_size > limit and not head:
            raise Unreadable(f"larger than {limit // 1024} KB")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:  # the file may grow while it is read: never past the limit
            chunk = os.read(handle, min(left, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as err:
        raise Unreadable(err.strerror or "cannot be read") from None
    finally:
        os.close(handle)
    if len(data) > limit:
        if not head:
            raise Unreadable(f"larger than {limit // 1024} KB")
        data = data[:limit]
    return Found(name, data, info.st_uid, info.st_mtime, identity(info))


@dataclass(frozen=True)
class Entry:
    """A name in the folder, with what `lstat` says of it (its owner, its identity)."""

    name: str
    key: object  # what the name is about (a room's id), as the scan's `sort` said
    uid: int
    mtime_ns: int
    ident: Identity


@dataclass
class Scan:
    entries: list[Entry]
    complete: bool = True  # False: the folder was too full to look at every name in time


def scan(
    folder: Path,
    sort: Callable[[str], object],
    *,
    per_owner: int,
    seconds: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Scan:
    """The names `sort` gives a key to (None: not wanted), with their owners.

    Every name is looked at, so junk never hides a wanted name; the test of a name is all
    that junk costs. A wanted name costs one `lstat`, and for each key and owner only the
    `per_owner` newest are kept: one account's flood of wanted-looking names crowds out
    only its own. Hidden names (files being written) are never wanted. A folder too full
    to look through in `seconds` gives what was found, marked incomplete.
    """
    kept: dict[tuple[object, int], list[tuple[int, str, Entry]]] = {}
    deadline = clock() + (SCAN_SECONDS if seconds is None else seconds)
    complete = True
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count % 4096 == 4095 and clock() > deadline:
                    complete = False
                    break
                name = entry.name
                key = None if name.startswith(".") else sort(name)
                if key is None:
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                seen = Entry(name, key, info.st_uid, info.st_mtime_ns, identity(info))
                item = (info.st_mtime_ns, name, seen)
                group = kept.setdefault((key, info.st_uid), [])
                if len(group) < per_owner:
                    heapq.heappush(group, item)
                elif item[:2] > group[0][:2]:
                    heapq.heapreplace(group, item)  # the oldest of this owner's gives way
    except OSError:
        complete = False
    found = [item[2] for group in kept.values() for item in group]
    found.sort(key=lambda e: e.name)
    return Scan(found, complete)


def changed_at(folder: Path) -> int | None:
    """The folder's own st_mtime_ns: it changes whenever a name comes or goes."""
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return None


def _temporary(folder: Path, name: str, data: bytes) -> Path:
    """`data` in a new hidden file of ours (O_EXCL, O_NOFOLLOW), readable by everyone."""
    return write_temporary(folder, name, data, mode=FILE_MODE, sync=False)


def create_file(folder: Path, name: str, data: bytes) -> None:
    """A new file `name`, complete from its first moment; FileExistsError if taken.

    Written aside and linked into place: the link fails if the name exists, so a name is
    never taken from anyone, and nobody ever reads half of the file.
    """
    temp = _temporary(folder, name, data)
    try:
        os.link(temp, folder / name, follow_symlinks=False)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def replace_file(folder: Path, name: str, data: bytes) -> None:
    """Replace our own file `name` at once (rename; the sticky bit refuses others' files)."""
    temp = _temporary(folder, name, data)
    try:
        os.rename(temp, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def remove_own(folder: Path, name: str) -> None:
    """Remove `name` if it is ours; anyone else's file is left alone."""
    with contextlib.suppress(OSError):
        if os.lstat(folder / name).st_uid == os.geteuid():
            os.unlink(folder / name)
