"""The pacer's picture: sizes follow the breath, and equal keys mean no repaint."""

from mbsr_tui.ui.widgets.pacer_geometry import (
    Glyphs,
    draw,
    shape_key,
    terminal_glyphs,
)
from tests.support.oracles import lit_cells


def picture(fullness: float, glyphs: Glyphs = Glyphs.BRAILLE, size=(20, 9)):
    return draw(shape_key(*size, fullness, glyphs))


def test_empty_and_full_breath_give_smallest_and_largest_shape():
    sizes = [lit_cells(picture(f / 20)) for f in range(21)]
    assert sizes[0] == min(sizes) > 0  # an empty breath is still visible
    assert sizes[-1] == max(sizes)
    assert sizes[-1] > 4 * sizes[0]


def test_shape_grows_monotonically_with_fullness():
    for glyphs in Glyphs:
        sizes = [lit_cells(picture(f / 50, glyphs)) for f in range(51)]
        assert sizes == sorted(sizes), glyphs


def test_every_row_fills_the_region_exactly():
    for glyphs in Glyphs:
        rows = picture(0.7, glyphs, size=(23, 7))
        assert len(rows) == 7
        assert all(len(row) == 23 for row in rows)


def test_nearby_fullness_shares_a_key_so_nothing_is_repainted():
    assert shape_key(20, 9, 0.500, Glyphs.BRAILLE) == shape_key(20, 9, 0.501, Glyphs.BRAILLE)
    assert shape_key(20, 9, 0.5, Glyphs.BRAILLE) != shape_key(20, 9, 0.6, Glyphs.BRAILLE)


def test_a_four_second_in_breath_has_enough_distinct_pictures():
    # The issue asks for at least 12 distinct frames in a 4 s in-breath at 80x24.
    from mbsr_tui.core.breathing import ease

    keys = {shape_key(20, 9, ease(i / 60), Glyphs.BRAILLE) for i in range(61)}
    assert len(keys) >= 12


def test_ascii_fallback_uses_only_ascii():
    rows = picture(1.0, Glyphs.ASCII)
    assert all(ch.isascii() for row in rows for ch in row)
    assert lit_cells(rows) > 0


def test_locale_decides_the_glyphs():
    assert terminal_glyphs({"LANG": "en_GB.UTF-8"}) is Glyphs.BRAILLE
    assert terminal_glyphs({"LC_ALL": "C", "LANG": "en_GB.UTF-8"}) is Glyphs.ASCII
    assert terminal_glyphs({"LANG": "C"}) is Glyphs.ASCII
    assert terminal_glyphs({"LC_CTYPE": "C.utf8"}) is Glyphs.BRAILLE
    assert terminal_glyphs({"LANG": "POSIX"}) is Glyphs.ASCII
    assert terminal_glyphs({}) is Glyphs.BRAILLE
