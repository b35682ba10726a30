"""Moved to `mbsr_tui.cli.log` (one module per subcommand); this name still imports
(the same module)."""

import sys

from mbsr_tui.cli import log as _moved

sys.modules[__name__] = _moved
