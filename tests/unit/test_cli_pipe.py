"""A reader that leaves early (`mbsr-tui course | head -1`) gets no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).parent / "mbsr-tui"


@pytest.mark.parametrize("args", ["list", "course", "log", "check sessions/course.toml"])
def test_a_closed_pipe_ends_quietly(args):
    # `exec 1>&-` in a reader that exits at once: every write of ours meets a closed pipe.
    done = subprocess.run(f"{COMMAND} {args} | (exec 0<&-; true)", shell=True,
                          capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    assert "Traceback" not in done.stderr
    assert "BrokenPipeError" not in done.stderr
