"""Keep C libraries (ALSA, SDL) from writing onto the screen: Textual draws on fd 2.

While a guard is on, fd 2 points at /dev/null, and anything written there is lost,
Textual's frames and its terminal restore at exit included. So whoever draws on fd 2
writes inside `fd2_settled()`, which waits (briefly) until no guard is on: a quit during
`mixer.init` then restores the terminal right after the guard does (issue 14, item 5).
Both waits are bounded: a mixer that hangs in its init, or a terminal that takes no
bytes, must never freeze the app or its exit.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator

# dup2 changes fd 2 for the whole process: two guards must never interleave, and nothing
# that draws may write while one is on.
_FD2_LOCK = threading.Lock()

# A guard waits this long for a writer to finish its write; a writer waits this long for
# a guard to end (mixer.init takes ~0.1–0.4 s). Past it, each goes on without the lock.
GUARD_WAIT_SECONDS = 2.0
WRITE_WAIT_SECONDS = 2.0


@contextlib.contextmanager
def fd2_silenced(wait: float = GUARD_WAIT_SECONDS) -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the duration, then restore it.

    Redirecting `sys.stderr` is not enough: ALSA writes from C straight to fd 2. Keep the
    block short: writers in `fd2_settled()` wait for it. If fd 2 stays busy longer than
    `wait` (a terminal that takes no bytes), the block runs without silencing.
    """
    if not _FD2_LOCK.acquire(timeout=wait):
        yield
        return
    try:
        with contextlib.suppress(Exception):
            # Bytes already buffered for the terminal belong on the terminal.
            sys.__stderr__.flush()
        try:
            saved = os.dup(2)
        except OSError:  # no fd 2 at all: nothing to protect
            yield
            return
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
        except OSError:
            os.close(saved)
            yield
            return
        try:
            os.dup2(devnull, 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)
    finally:
        _FD2_LOCK.release()


@contextlib.contextmanager
def fd2_settled(wait: float = WRITE_WAIT_SECONDS) -> Iterator[None]:
    """Write to fd 2 inside this: it waits (at most `wait` s) until no guard is on."""
    acquired = _FD2_LOCK.acquire(timeout=wait)
    try:
        yield
    finally:
        if acquired:
            _FD2_LOCK.release()
