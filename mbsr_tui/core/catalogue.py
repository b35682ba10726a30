"""All the sessions a person can choose: the built-in ones and their own."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mbsr_tui.core import paths
from mbsr_tui.core.course import COURSE_STEM
from mbsr_tui.core.loader import SessionError, validate
from mbsr_tui.core.menu_index import GROUPS, group_practices
from mbsr_tui.core.session import Session

__all__ = ["BUILTIN_ORDER", "GROUPS", "Catalogue", "load_catalogue"]


@dataclass
class Catalogue:
    """Sessions by id, in a stable order, and the problems of files that did not load."""

    sessions: dict[str, Session] = field(default_factory=dict)
    problems: list[SessionError] = field(default_factory=list)

    def get(self, session_id: str) -> Session | None:
        return self.sessions.get(session_id)

    def grouped(self) -> list[tuple[str, list[Session]]]:
        return group_practices(self.sessions.values())


# Reading a session file takes a few milliseconds (at most about half a second for the
# busiest a file may be): the menu waits for the folder, so only this many are read.
MAX_USER_FILES = 250


def _load_dir(directory: Path, catalogue: Catalogue, limit: int | None = None) -> None:
    try:
        found = _toml_files(directory)
    except OSError as err:
        # A folder that cannot be entered (chmod 000, or its parent): said once, plainly;
        # the other practices are listed and run as ever. (glob() would say nothing.)
        why = (err.strerror or str(err)).lower()
        told = f"the folder cannot be read ({why}), so the practices in it are left out"
        catalogue.problems.append(SessionError(directory, None, told))
        return
    if limit is not None and len(found) > limit:
        told = f"the folder holds {len(found)} session files; only the first {limit} are read"
        catalogue.problems.append(SessionError(directory, None, told))
        found = found[:limit]
    for path in found:
        if path.stem == COURSE_STEM:  # the 8-week course, read by core/course.py
            continue
        session, problems = validate(path)
        if session is None:
            catalogue.problems.extend(problems)
        else:
            # A user file with a built-in's id replaces it.
            catalogue.sessions[session.id] = session


def _toml_files(directory: Path) -> list[Path]:
    """The folder's `*.toml` files (hidden ones left out, as glob leaves them), sorted;
    [] when there is no folder; OSError when it is there but cannot be read."""
    try:
        entries = os.scandir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return []
    with entries:
        names = [e.name for e in entries if e.name.endswith(".toml") and e.name[0] != "."]
    return sorted(directory / name for name in names)


# The order of the built-in practices in the menu and in `mbsr-tui list`.
BUILTIN_ORDER = (
    "sitting", "body-scan", "daily-routine", "breathing-space", "mountain", "loving-kindness",
    "working-with-pain", "day-of-practice", "counted-breathing", "diaphragmatic-breathing",
    "alternate-nostril", "kapalabhati", "walking", "mindful-movement",
)  # fmt: skip


def load_catalogue(builtin_dir: Path | None = None, user_dir: Path | None = None) -> Catalogue:
    catalogue = Catalogue()
    _load_dir(builtin_dir or paths.builtin_sessions_dir(), catalogue)
    _load_dir(user_dir or paths.user_sessions_dir(), catalogue, MAX_USER_FILES)
    ordered = sorted(catalogue.sessions.values(), key=lambda s: listing_place(s.id))
    catalogue.sessions = {s.id: s for s in ordered}
    return catalogue


_RANK = {sid: i for i, sid in enumerate(BUILTIN_ORDER)}


def listing_place(session_id: str) -> tuple[int, int, str, int]:
    """Where a practice is listed: the built-ins in their order, each followed by the
    person's practices named after it (the editor's copies, `counted-breathing-my-copy`,
    `-my-copy-2`..., or a `sitting-short` of their own), then the person's others; those
    by id, a trailing number counted as a number."""
    stem, _, number = session_id.rpartition("-")
    if not (stem and number.isdecimal()):
        stem, number = session_id, "0"
    if session_id in _RANK:
        return (_RANK[session_id], 0, "", 0)
    original = max((b for b in _RANK if session_id.startswith(b + "-")), key=len, default=None)
    rank = _RANK[original] if original is not None else len(_RANK)
    return (rank, 1, stem, int(number))
