"""Moved to `mbsr_tui.cli.log`; this old name still imports, as the same module.

Importers get the moved module itself (so patching one patches the other). The names are
also copied here first: a thread that began importing this name while another was
running this file is handed this module, not the moved one.
"""

import sys

from mbsr_tui.cli import log as _moved

globals().update({k: v for k, v in vars(_moved).items() if not k.startswith("__")})
sys.modules[__name__] = _moved
