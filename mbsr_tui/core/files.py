"""The one way the app writes a file whole and sets one aside (reading: `safe_read`).

- `write_temporary` / `write_atomically`: a new hidden file of ours (O_EXCL, never
  through a link, never named *.toml so no reader takes it for a practice), then renamed
  into place, so nobody ever reads half a file.
- `set_aside`: a file moved to a new name beside it, never over another file.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path

PRIVATE_MODE = 0o600
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK}


def write_temporary(folder: Path, name: str, data: bytes, *, mode: int = PRIVATE_MODE,
                    sync: bool = True) -> Path:  # fmt: skip
    """`data` in a new hidden file `.<name>.<random>.tmp` in `folder` (`name` cut to 40
    characters), created with O_EXCL and O_NOFOLLOW and given `mode` whatever the umask;
    flushed to disk if `sync`."""
    for _ in range(8):
        # The name's first 40 characters: a name as long as a folder allows still has
        # room for the dot, the random part and `.tmp`.
        temp = folder / f".{name[:40]}.{os.urandom(6).hex()}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            handle = os.open(temp, flags, mode)
        except FileExistsError:
            continue
        try:
            os.fchmod(handle, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            if sync:
                os.fsync(handle)
        except BaseException:
            os.close(handle)
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        os.close(handle)
        return temp
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def write_atomically(path: Path, data: bytes | str, *, mode: int = PRIVATE_MODE,
                     sync: bool = True,
                     check: Callable[[Path], None] | None = None) -> Path:  # fmt: skip
    """Write `data` to `path` whole: a temporary file beside it, then a rename.

    `check(temporary)` may refuse the written file (by raising) before it takes the
    place of the old one. With `sync`, the file and then the folder are flushed, so the
    rename survives a power cut.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    temp = write_temporary(path.parent, path.name, raw, mode=mode, sync=sync)
    try:
        if check is not None:
            check(temp)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if sync:
        sync_folder(path.parent)
    return path


def sync_folder(folder: Path) -> None:
    """Flush a folder, so a rename in it survives a crash (best effort)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def set_aside(path: Path, label: str, *, first: int = 1) -> Path:
    """Move `path` to `<name><label>` beside it, or `<name><label>-N` (N from `first`)
    when that is taken: never over another file, even one made a moment ago."""
    path = Path(path)
    number = None
    while True:
        target = path.with_name(f"{path.name}{label}" + ("" if number is None else f"-{number}"))
        if _move_if_free(path, target):
            return target
        number = first if number is None else number + 1


def _move_if_free(path: Path, target: Path) -> bool:
    # A hard link fails if the name is taken, at the moment of the move: no window in
    # which another file could appear and be overwritten. Where a folder cannot hold
    # hard links, the name is looked at first and then renamed to.
    try:
        os.link(path, target, follow_symlinks=False)
    except FileExistsError:
        return False
    except OSError as err:
        if err.errno not in _NO_LINKS:
            raise
        if os.path.lexists(target):
            return False
        os.rename(path, target)
        return True
    os.unlink(path)
    return True
