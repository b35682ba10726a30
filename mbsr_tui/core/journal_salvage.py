"""Moved to `mbsr_tui.core.journal.damaged`; this name still imports (the same module)."""

import sys

from mbsr_tui.core.journal import damaged as _moved

sys.modules[__name__] = _moved
