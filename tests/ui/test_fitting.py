"""The pure rules behind every size (issue 20): keys that fit, columns that use the
room, text that wraps under its words and is never cut without a sign."""

from __future__ import annotations

from textual.app import App, ComposeResult

from mbsr_tui.ui.table_fit import CELL_PADDING, Column, fit_columns
from mbsr_tui.ui.widgets.fitted_text import FittedText, wrap_hanging
from mbsr_tui.ui.widgets.key_line import Key, fit_keys


def key(shown: str, words: str, *, way_out: bool = False, help: bool = False) -> Key:
    return Key(shown, words, words.lower(), None, way_out=way_out, help=help)


PLAYER_KEYS = [
    key("space", "Pause"),
    key("n", "Next step"),
    key("m", "Mute"),
    key("i", "Guidance"),
    key("q", "End", way_out=True),
    key("?", "Help", help=True),
]


def test_all_keys_in_full_words_when_they_fit():
    shown, short = fit_keys(PLAYER_KEYS, 80)
    assert shown == PLAYER_KEYS and not short


def test_words_shorten_before_any_key_steps_aside():
    shown, short = fit_keys(PLAYER_KEYS, 56)
    assert shown == PLAYER_KEYS and short
    assert shown[1].text(short) == "n Next"


def test_the_way_out_and_help_stay_while_others_step_aside_from_the_last():
    shown, _ = fit_keys(PLAYER_KEYS, 36)
    assert [k.shown for k in shown] == ["space", "n", "q", "?"]
    shown, _ = fit_keys(PLAYER_KEYS, 13)
    assert [k.shown for k in shown] == ["q", "?"]
    shown, _ = fit_keys(PLAYER_KEYS, 6)
    assert [k.shown for k in shown] == ["q"]  # the way out is the last to go


def test_the_flexible_column_takes_the_room_others_leave():
    columns = [Column("wk", 3, keep=9), Column("theme", 39, flexible=True, least=16, keep=5),
               Column("days", 4, keep=8), Column("pain", 4, keep=1)]  # fmt: skip
    assert fit_columns(columns, 76)["theme"] == 39  # whole, not cut at a fixed 30
    narrower = fit_columns(columns, 50)
    assert narrower["theme"] == 50 - (3 + 4 + 4) - 8 * CELL_PADDING
    narrowest = fit_columns(columns, 34)
    assert "pain" not in narrowest and narrowest["theme"] >= 16  # the least kept goes first


def test_two_flexible_columns_leave_each_other_their_least():
    columns = [Column("title", 30, True, 12, keep=4), Column("note", 60, True, 10, keep=1)]
    widths = fit_columns(columns, 40)
    assert widths["note"] >= 10 and widths["title"] >= 12
    assert sum(widths.values()) + 4 * CELL_PADDING <= 40


def test_wrapped_bullets_and_key_rows_hang_under_their_words():
    bullet = [
        line.plain for line in wrap_hanging("• Practise the body scan six days this week", 20)
    ]
    assert bullet[0].startswith("• ") and all(line.startswith("  ") for line in bullet[1:])
    row = [line.plain for line in wrap_hanging("  ctrl+s        save, checked first", 36)]
    assert row[0].startswith("  ctrl+s") and all(line.startswith(" " * 16) for line in row[1:])
    item = [line.plain for line in wrap_hanging("  Mindful movement 30 min, days 2, 4, 6", 20)]
    assert all(line.startswith("  ") for line in item)
    prose = [line.plain for line in wrap_hanging("Plain words wrap to the left edge", 12)]
    assert not any(line.startswith(" ") for line in prose)


class OneText(App[None]):
    def __init__(self, text: str, rows: int) -> None:
        super().__init__()
        self.text, self.rows = text, rows

    def compose(self) -> ComposeResult:
        fitted = FittedText(self.text, more="i: all the guidance", id="fitted")
        fitted.styles.max_height = self.rows
        yield fitted


async def test_cut_text_ends_with_the_sign_and_the_key():
    text = " ".join(["Let the breath come and go."] * 12)
    async with OneText(text, 3).run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        lines = pilot.app.query_one(FittedText).render().plain.splitlines()
        assert len(lines) == 3
        assert lines[-1].endswith("… i: all the guidance")


async def test_text_that_fits_shows_whole_without_a_sign():
    async with OneText("Short words.", 3).run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert pilot.app.query_one(FittedText).render().plain == "Short words."
