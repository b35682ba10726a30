"""The journal is a package whose modules import one way."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

ORDER = ["entry", "calendar_entry", "rows", "calendar_rows", "storage", "damaged", "io",
         "safekeeping"]  # fmt: skip


@pytest.mark.parametrize("position", range(len(ORDER)))
def test_each_module_imports_only_those_before_it(position):
    name = f"mbsr_tui.core.journal.{ORDER[position]}"
    script = (
        f"import sys, json; import {name}\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('mbsr_tui.core.journal.')]))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)  # fmt: skip
    loaded = {m.rsplit(".", 1)[1] for m in json.loads(out.stdout)}
    assert loaded <= set(ORDER[: position + 1]), f"{name} imports {loaded - set(ORDER)}"


def test_importing_the_package_loads_no_sqlite():
    script = "import sys, mbsr_tui.core.journal; print('sqlite3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)  # fmt: skip
    assert out.stdout.strip() == "False"
