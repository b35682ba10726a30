"""Messages built from the person's files reach the screen literally (issue 13.6, 13.7, 13.9).

A key named `[/x]` once stopped the app at launch (MarkupError) and `[bells]` vanished from
messages; a deeply nested file or a file name that is not UTF-8 must be told and skipped
while the app goes on; and the first run must leave a settings file with problems exactly
as the person wrote it.
"""

from __future__ import annotations

import os

from textual.widgets._toast import Toast

from mbsr_tui.core import paths
from mbsr_tui.ui.app import MbsrApp
from tests.ui.conftest import FakeBells, FakeJournal

SETTINGS = b'# mine\n"[/x]" = 1\nvolume = 20\n'


def toast_text(app: MbsrApp) -> str:
    return "\n".join(str(toast.render()) for toast in app.screen.query(Toast))


async def test_markup_like_keys_deep_files_and_odd_names_are_told_literally(
    clock, user_sessions, config_dir
):
    (user_sessions / "markup.toml").write_text(
        'title = "M"\nminutes = 5\n"[/x]" = 1\n[bells]\nstrat = true\n'
    )
    (user_sessions / "deep.toml").write_text('title = "D"\nminutes = 5\nx = ' + "[" * 2000 + "\n")
    with open(os.fsencode(user_sessions) + b"/caf\xe9.toml", "wb") as out:
        out.write(b'title = "C"\nminutes = 5\n')
    (user_sessions / "fine.toml").write_text('title = "Fine one"\nminutes = 5\n')
    settings_file = paths.settings_path()
    settings_file.write_bytes(SETTINGS)

    # Settings are read from the file (not passed in): this is the first run.
    app = MbsrApp(None, now=clock, bells=FakeBells(), journal=FakeJournal())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        messages = "\n".join(n.message for n in app._notifications)
        assert "unknown key '[/x]'" in messages  # from settings.toml
        assert app.settings.volume == 20
        assert "markup.toml:3: unknown key '[/x]'" in messages
        assert "markup.toml:5: unknown key 'strat' in [bells] (did you mean 'start'?)" in messages
        assert "deep.toml:3: brackets are nested more than 32 deep" in messages
        assert "caf<U+DCE9>.toml: the file name is not valid UTF-8" in messages
        # What is drawn is what was said: nothing was read as markup.
        # (Depends on app.py passing markup=False to notify, as it does.)
        drawn = toast_text(app)
        assert "unknown key '[/x]'" in drawn and "in [bells] (did you mean" in drawn
        assert "fine" in app.catalogue.sessions
        assert {"markup", "deep"}.isdisjoint(app.catalogue.sessions)
        assert all(sid.encode("utf-8") for sid in app.catalogue.sessions)
        await app.workers.wait_for_complete()
    # The care note was seen, but the person's file with problems is kept as written.
    assert settings_file.read_bytes() == SETTINGS
