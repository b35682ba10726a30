"""Moved to `mbsr_tui.core.journal.format`; this name still imports (the same module)."""

import sys

from mbsr_tui.core.journal import format as _moved

sys.modules[__name__] = _moved
