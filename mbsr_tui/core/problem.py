"""One problem with one file, as `PATH:LINE: message`: light enough for every start.

The session loader and the course reader raise it; `today` (run at every login) catches
it without importing either reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mbsr_tui.core.safe_text import visible


@dataclass(frozen=True)
class SessionError(Exception):
    """One problem with one session file: `PATH:LINE: message` (or `PATH: message`)."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        # Plain text, safe anywhere: a file name is shown with its control characters
        # (and undecodable bytes) as visible marks; the message is built that way already.
        name = visible(str(self.path))
        where = f"{name}:{self.line}" if self.line else name
        return f"{where}: {self.message}"
