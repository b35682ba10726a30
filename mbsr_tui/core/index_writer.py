"""Writes builtin_index.py, the built-ins as the menu's first frame lists them.

    python -m mbsr_tui.core.index_writer

Apart from menu_index.py because it reads the whole catalogue, which itself builds on
the menu index: the menu imports menu_index, only this tool imports both.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from mbsr_tui.core.catalogue import load_catalogue
from mbsr_tui.core.menu_index import MenuEntry, entries_of

INDEX_PATH = Path(__file__).with_name("builtin_index.py")


def render_index(entries: Iterable[MenuEntry]) -> str:
    lines = [
        '"""The built-in practices as the menu lists them: generated, do not edit.',
        "",
        "Made by `python -m mbsr_tui.core.index_writer` from sessions/*.toml; the menu's first",
        "frame is drawn from it (see menu_index.py), and a test checks it matches the files.",
        '"""',
        "",
        "# ruff: noqa: E501",
        "# fmt: off",
        "ENTRIES = (",
    ]
    lines += [f"    {entry.row()!r}," for entry in entries]
    lines += [")", "# fmt: on", ""]
    return "\n".join(lines)


def _builtin_catalogue_entries() -> list[MenuEntry]:
    with tempfile.TemporaryDirectory() as nothing:  # the built-ins alone, no user folder
        catalogue = load_catalogue(user_dir=Path(nothing))
    if catalogue.problems:
        raise SystemExit("\n".join(str(p) for p in catalogue.problems))
    return entries_of(catalogue.sessions.values())


def main() -> None:
    INDEX_PATH.write_text(render_index(_builtin_catalogue_entries()), encoding="utf-8")
    print(f"wrote {INDEX_PATH}")


if __name__ == "__main__":
    main()
