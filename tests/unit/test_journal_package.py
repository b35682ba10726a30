"""The journal is a package whose modules import one way; the old module names still
import, as the very same modules (so a patch on one is a patch on the other)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

ORDER = ["entry", "calendar_entry", "rows", "calendar_rows", "storage", "damaged", "io",
         "safekeeping"]  # fmt: skip
OLD_NAMES = {
    "journal_entry": "entry", "calendar_entry": "calendar_entry", "journal_rows": "rows",
    "journal_calendar": "calendar_rows", "journal_salvage": "damaged", "journal_io": "io",
    "safekeeping": "safekeeping", "journal_format": "format",
}  # fmt: skip


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


@pytest.mark.parametrize(("old", "new"), OLD_NAMES.items())
def test_the_old_names_are_the_same_modules(old, new):
    assert importlib.import_module(f"mbsr_tui.core.{old}") is importlib.import_module(
        f"mbsr_tui.core.journal.{new}"
    )


def test_the_package_offers_what_the_journal_module_offered():
    from mbsr_tui.core import journal

    assert journal.Journal.__module__ == "mbsr_tui.core.journal.storage"
    assert journal.SCHEMA_VERSION == len(journal.MIGRATIONS) == 4
    assert callable(journal.salvage) and callable(journal.open_journal)


def test_old_names_imported_by_many_threads_at_once_all_work():
    """A thread that waited while another ran an old name's file is handed that file's
    module: it must hold the names too (the app's journal and course workers race so)."""
    script = """
import threading
errors = []
def take(name):
    try:
        exec(f"from mbsr_tui.core.safekeeping import {name}")
        exec("from mbsr_tui.log_command import run_log")
    except Exception as err:
        errors.append(repr(err))
threads = [threading.Thread(target=take, args=(n,)) for n in ["open_journal", "with_waiting"] * 4]
for t in threads: t.start()
for t in threads: t.join()
print(errors)
"""
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True)  # fmt: skip
        assert out.stdout.strip() == "[]"
