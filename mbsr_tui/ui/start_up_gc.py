"""No garbage collection while the app starts (issue 22).

Starting the app makes some hundred thousand objects (modules, classes, styles) that
live as long as the process. Python's collector looked through them about ninety times
before the first frame: 15-20 ms of the ~230 ms a person waits (measured on this
machine, `gc.callbacks`). So `run_app` pauses collection before its imports, and the app
resumes it right after its first frame, with everything made so far set aside for good
(`gc.freeze`): later collections, during a practice too, no longer look through it.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collection() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collection() -> None:
    """After the first frame. Only undoes `pause_collection` (tests never pause)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
