"""The package imports one way: the import-linter contracts in pyproject.toml hold.

`[tool.importlinter]` says the layers (`__main__` > `cli` > `ui | plain` > `audio` > `core`),
the timing modules' order inside the core, that the core never imports Textual, Rich or
pygame, and that no sibling modules or packages import each other in a circle. Imports
inside functions and under TYPE_CHECKING count: a lazy import is still a dependency.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the package found first from `cwd` (its pyproject.toml)."""
    script = (
        "import sys\n"
        "from importlinter.cli import lint_imports\n"
        "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_import_contract_is_kept():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the package and its pyproject.toml, to break on purpose."""
    shutil.copytree(ROOT / "mbsr_tui", tmp_path / "mbsr_tui",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    return tmp_path


# What an import under TYPE_CHECKING looks like, and one in a function (a lazy import).
TYPE_ONLY = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    "
LAZY = "def _later():\n    "


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "code", "broken"),
    [
        # A circle through a lazy import, as session.py once had with the timeline.
        ("core/session.py", LAZY + "from mbsr_tui.core import timeline", "timing modules"),
        # A circle through a type-only import, deep inside a package.
        ("core/journal/entry.py",
         TYPE_ONLY + "from mbsr_tui.core.journal import storage", "No circles"),
        # A widget reaching back into the screen that shows it.
        ("ui/widgets/pacer.py", LAZY + "from mbsr_tui.ui.screens import player", "No circles"),
        # A subcommand reaching up into __main__, as cli/edit.py once did.
        ("cli/edit.py", LAZY + "from mbsr_tui.__main__ import main", "Layers"),
        # The core reaching up into the screens, the speakers or the plain player.
        ("core/paths.py", LAZY + "from mbsr_tui.ui import app", "Layers"),
        ("core/clock.py", LAZY + "import mbsr_tui.audio.voice", "Layers"),
        ("core/settings.py", TYPE_ONLY + "from mbsr_tui.plain import run", "Layers"),
        ("audio/modes.py", LAZY + "from mbsr_tui.cli import today", "Layers"),
        # The plain player and the screens are side by side: neither imports the other.
        ("plain/run.py", LAZY + "from mbsr_tui.ui import launch", "Layers"),
        # The core stays pure Python.
        ("core/timer.py", LAZY + "import textual", "pure Python"),
    ],
)  # fmt: skip
def test_a_wrong_way_import_breaks_a_contract(package_copy, module, code, broken):
    add_line(package_copy / "mbsr_tui" / module, code)
    done = lint_imports(package_copy)
    assert done.returncode != 0, done.stdout
    broken_part = done.stdout.split("Broken contracts", 1)[-1]
    assert broken in broken_part, done.stdout
