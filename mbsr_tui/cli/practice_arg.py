"""The practice a command names: an id from the catalogue or the path of a file.

Shared by `run`, `edit` and `group start`. It lives here, below `__main__`, so that no
subcommand imports `__main__`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mbsr_tui.core.session import Session


def resolve_session(name: str) -> tuple[Session | None, str]:
    """A session by id, or from a file path; else None and a plain message."""
    from mbsr_tui.core.catalogue import load_catalogue
    from mbsr_tui.core.loader import validate
    from mbsr_tui.core.toml_reader import printable

    looks_like_path = name.endswith(".toml") or "/" in name
    if looks_like_path:
        session, problems = validate(Path(name))
        if session is None:
            return None, "\n".join(printable(p) for p in problems)
        return session, ""
    catalogue = load_catalogue()
    session = catalogue.get(name)
    if session is None:
        known = ", ".join(printable(sid) for sid in catalogue.sessions)
        # Why one's own practice may be missing: a folder that could not be read, say.
        why = "".join(f"\nskipped {printable(problem)}" for problem in catalogue.problems)
        return None, (
            f"mbsr-tui: no practice called '{printable(name)}'. Known practices: {known}{why}"
        )
    return session, ""
