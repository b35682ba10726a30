"""The built-ins' menu index: the menu's first frame, drawn without reading any TOML."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from mbsr_tui.core import index_writer
from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.menu_index import MenuEntry, builtin_entries, entries_of, group_practices


def test_the_index_matches_the_shipped_session_files(tmp_path):
    shipped = load_catalogue(user_dir=tmp_path / "none")
    assert shipped.problems == []
    assert builtin_entries() == entries_of(shipped.sessions.values()), (
        "mbsr_tui/core/builtin_index.py is out of date: run `python -m mbsr_tui.core.index_writer`"
    )


def test_the_index_file_is_what_the_generator_writes(tmp_path):
    shipped = load_catalogue(user_dir=tmp_path / "none")
    written = index_writer.INDEX_PATH.read_text(encoding="utf-8")
    assert written == index_writer.render_index(entries_of(shipped.sessions.values()))


def test_entries_group_like_sessions(tmp_path):
    catalogue = load_catalogue(user_dir=tmp_path / "none")
    by_entries = [(g, [e.id for e in es]) for g, es in group_practices(builtin_entries())]
    by_sessions = [(g, [s.id for s in ss]) for g, ss in catalogue.grouped()]
    assert by_entries == by_sessions
    assert [g for g, _ in by_entries] == ["Meditation", "Breathing", "Movement"]


def test_an_entry_equals_only_the_same_listing():
    entry = MenuEntry("a", "A", "", "sitting", "sitting", 10, "", False)
    assert entry == MenuEntry(*entry.row())
    assert entry != MenuEntry("a", "A", "", "sitting", "sitting", 11, "", False)
    assert len({entry, MenuEntry(*entry.row())}) == 1


def test_the_menu_path_imports_no_loader_journal_or_sound():
    """What the first frame needs is imported; the session loader, SQLite, pygame are not."""
    probe = textwrap.dedent(
        """
        import sys
        import mbsr_tui.__main__ as cli, mbsr_tui.ui.launch as launch
        from mbsr_tui.ui.app import MbsrApp
        from mbsr_tui.ui.screens.menu import MenuScreen

        def run_app(**options):  # where the app would start: see what is loaded by then
            MbsrApp()
            MenuScreen(show_care_note=False)
            return 0

        launch.run_app = run_app
        sys.stdout.isatty = lambda: True  # as in a terminal: the full-screen menu
        assert cli.main([]) == 0
        print(" ".join(sorted(sys.modules)))
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "mbsr_tui.ui.screens.menu" in loaded
    for name in (
        "mbsr_tui.core.catalogue",
        "mbsr_tui.core.loader",
        "mbsr_tui.core.timeline",
        "mbsr_tui.core.breathing",
        "mbsr_tui.core.session",
        "mbsr_tui.core.events",
        "mbsr_tui.audio.players",
        "mbsr_tui.core.journal",
        "mbsr_tui.plain.run",
        "mbsr_tui.plain.player",
        "argparse",
        "mbsr_tui.cli.course",
        "importlib.resources",
        "sqlite3",
        "pygame",
    ):
        assert name not in loaded, f"{name} is imported before the menu's first frame"
