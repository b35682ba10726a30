"""Moved to `mbsr_tui.core.journal.calendar_entry`; this name still imports (the same module)."""

import sys

from mbsr_tui.core.journal import calendar_entry as _moved

sys.modules[__name__] = _moved
