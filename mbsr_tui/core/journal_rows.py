"""Moved to `mbsr_tui.core.journal.rows`; this name still imports (the same module)."""

import sys

from mbsr_tui.core.journal import rows as _moved

sys.modules[__name__] = _moved
