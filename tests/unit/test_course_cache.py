"""A course read once is taken from the cache folder next time (`today` at every login),
and read again whenever its file or the person's own practices change."""

from __future__ import annotations

import os
import subprocess
import sys

from mbsr_tui.core import course as course_module
from mbsr_tui.core.course import load_course
from mbsr_tui.core.paths import builtin_sessions_dir

COURSE = (builtin_sessions_dir() / "course.toml").read_text()


def test_a_course_read_once_comes_from_the_cache_until_something_changes(
    user_sessions, monkeypatch
):
    own = user_sessions / "course.toml"
    own.write_text(COURSE.replace('title = "', "title = \"My teacher's ", 1))
    first = load_course()
    reads: list[str] = []
    real = __import__("mbsr_tui.core.course_file", fromlist=["validate_course"])
    original = real.validate_course

    def counting(path, known=None):
        reads.append(str(path))
        return original(path, known)

    monkeypatch.setattr(real, "validate_course", counting)
    assert load_course() == first and reads == []  # from the cache
    own.write_text(own.read_text().replace("My teacher's", "Our", 1))
    os.utime(own, ns=(own.stat().st_atime_ns, own.stat().st_mtime_ns + 10**9))
    assert load_course().title.startswith("Our") and len(reads) == 1  # read again
    (user_sessions / "mine.toml").write_text('title = "Mine"\nminutes = 5\n')
    load_course()
    assert len(reads) == 2  # the person's practices changed: read again


def test_a_damaged_cache_is_read_past(isolated_home):
    load_course()
    course_module._cache_file().write_bytes(b"not a pickle")
    assert load_course().weeks  # read from the file again, and cached anew


def test_today_loads_no_session_loader_once_the_course_is_cached(isolated_home):
    load_course()
    code = (
        "import sys; from mbsr_tui.core.course import load_course; load_course(); "
        "print('mbsr_tui.core.loader' in sys.modules, 'tomllib' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env=os.environ.copy()).stdout.split()  # fmt: skip
    assert shown == ["False", "False"]
