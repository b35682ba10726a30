"""Moved to `mbsr_tui.cli.log_args`; this name still imports (the same module)."""

import sys

from mbsr_tui.cli import log_args as _moved

sys.modules[__name__] = _moved
