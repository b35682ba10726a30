"""Moved to `mbsr_tui.core.journal.io`; this name still imports (the same module)."""

import sys

from mbsr_tui.core.journal import io as _moved

sys.modules[__name__] = _moved
