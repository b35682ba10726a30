"""Keep C libraries (ALSA, SDL) from writing onto the screen: Textual draws on fd 2."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator

# dup2 changes fd 2 for the whole process: two guards must never interleave.
_FD2_LOCK = threading.Lock()


@contextlib.contextmanager
def fd2_silenced() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the duration, then restore it.

    Redirecting `sys.stderr` is not enough: ALSA writes from C straight to fd 2. Keep the
    block short: Textual writes its frames to the same descriptor, and whatever it writes
    meanwhile is lost too (a later repaint restores it).
    """
    with _FD2_LOCK:
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
