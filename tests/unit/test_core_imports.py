"""The core is pure Python: importing it must not pull in Textual, Rich or pygame."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import mbsr_tui.core

FORBIDDEN = ("textual", "rich", "pygame")


def core_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.iter_modules(mbsr_tui.core.__path__, "mbsr_tui.core.")
    )


def test_the_core_has_the_modules_the_design_names():
    names = set(core_modules())
    for module in ("session", "loader", "catalogue", "timeline", "clock", "settings", "paths"):
        assert f"mbsr_tui.core.{module}" in names


def test_importing_every_core_module_loads_neither_textual_nor_rich_nor_pygame():
    modules = core_modules()
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
