"""How the app looks, with the session clock frozen at chosen moments.

Review `snapshot_report.html` before running with `--snapshot-update`.
"""

from __future__ import annotations

import pytest

from mbsr_tui.core.settings import Settings
from mbsr_tui.ui.screens.caution import CautionScreen

QUIET = Settings(seen_care_note=True, checkins=False)


def at_moment(session_id: str, minutes: float, seconds_in: float, clock):
    """A `run_before` that starts `session_id` and freezes it `seconds_in` after launch."""

    async def run_before(pilot) -> None:
        app = pilot.app
        app.begin(app.catalogue.get(session_id), minutes=minutes)
        await pilot.pause()
        if isinstance(app.screen, CautionScreen):
            await pilot.press("y")  # the gate itself has its own snapshot
        clock.advance(seconds_in)
        app.screen.tick()
        await pilot.pause()

    return run_before


def test_menu(snap_compare, make_app):
    assert snap_compare(make_app(settings=Settings()), terminal_size=(80, 24))


@pytest.mark.parametrize(
    ("session_id", "seconds_in"),
    [
        ("counted-breathing", 10 + 9 * 5 + 2),  # mid in-breath, count 6
        ("alternate-nostril", 15 + 2),  # in through the left
        ("alternate-nostril", 15 + 4 + 4),  # out through the right
        ("kapalabhati", 15 + 5.2),  # a pulse in the first round
        ("kapalabhati", 15 + 25),  # resting between rounds
        ("body-scan", 20 + 200),  # a body region
    ],
    ids=[
        "counted",
        "nostril-left",
        "nostril-right",
        "kapalabhati-pulse",
        "kapalabhati-rest",
        "body-scan",
    ],
)
def test_player(snap_compare, make_app, clock, session_id, seconds_in):
    minutes = 20 if session_id == "body-scan" else 3
    assert snap_compare(
        make_app(settings=QUIET),
        terminal_size=(80, 24),
        run_before=at_moment(session_id, minutes, seconds_in, clock),
    )


def test_caution_screen(snap_compare, make_app):
    async def run_before(pilot) -> None:
        pilot.app.begin(pilot.app.catalogue.get("kapalabhati"), minutes=3)
        await pilot.pause()

    assert snap_compare(make_app(settings=QUIET), terminal_size=(80, 24), run_before=run_before)


def test_small_terminal(snap_compare, make_app, clock):
    app = make_app(settings=QUIET)
    assert snap_compare(
        app, terminal_size=(40, 12), run_before=at_moment("alternate-nostril", 3, 15 + 2, clock)
    )


def test_reduced_motion(snap_compare, make_app, clock):
    app = make_app(settings=Settings(seen_care_note=True, checkins=False, animation="none"))
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=at_moment("counted-breathing", 3, 10 + 2.5, clock)
    )
