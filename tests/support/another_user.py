"""Python run as another account (tests run as root; `setpriv` plays the other user)."""

from __future__ import annotations

import os
import subprocess
import sys

NOBODY = 65534
# Their own home is not ours: nothing they run reads or writes the test's settings.
HOMELESS = {"HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent"}


def python_as(
    uid: int, code: str, *args: str, timeout: float = 60, homeless: bool = False
) -> subprocess.CompletedProcess:
    """Run `python -c code args…` as `uid` (its group too, no others); what it printed."""
    return subprocess.run(
        ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", sys.executable,
         "-c", code, *args],
        capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **HOMELESS} if homeless else None,
    )  # fmt: skip
