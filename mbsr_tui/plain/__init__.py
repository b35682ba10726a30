"""The plain mode for screen readers, slow links and TERM=dumb: a menu (menu.py) and a
player (player.py) in numbered and flushed lines, each fitted to the terminal (wrap.py).

The choice between this and the full-screen app (`wants_plain`) lives here, apart from
the player: the menu asks it on every start, and the player's modules (the timeline and
the rest) must not load before the menu's first frame.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping


def wants_plain(environ: Mapping[str, str] = os.environ, stdout=None) -> bool:
    """TERM=dumb, or output that is not a terminal, cannot show the full-screen app."""
    stdout = stdout or sys.stdout
    if environ.get("TERM", "") == "dumb":
        return True
    try:
        return not stdout.isatty()
    except (AttributeError, ValueError):
        return True
