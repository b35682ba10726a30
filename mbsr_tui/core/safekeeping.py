"""Moved to `mbsr_tui.core.journal.safekeeping`; this name still imports (the same module)."""

import sys

from mbsr_tui.core.journal import safekeeping as _moved

sys.modules[__name__] = _moved
