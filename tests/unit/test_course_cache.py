"""No cache that can run code (issue 21, item 5): the course is read afresh from its file
every time, nothing of it is kept in the cache folder, and nothing there is ever read,
whoever put it there. No module of the package imports pickle, marshal or shelve."""

from __future__ import annotations

import ast
import os
import pickle
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

import mbsr_tui
from mbsr_tui.core import paths
from mbsr_tui.core.course_calendar import CourseState
from mbsr_tui.core.course_file import load_course
from mbsr_tui.core.course_state import save_state
from tests.support.oracles import cache_dir

COURSE = (paths.builtin_sessions_dir() / "course.toml").read_text()
UNSAFE_MODULES = {"pickle", "_pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle",
                  "joblib"}  # fmt: skip
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="another owner needs root (chown)")


class _Plant:
    """Unpickled, it leaves a mark: what a planted cache file would run as the person."""

    def __init__(self, mark: Path) -> None:
        self.mark = mark

    def __reduce__(self):
        return (os.system, (f"touch {self.mark}",))


def _plant_everywhere(cache: Path, mark: Path) -> None:
    """The old cache file (with the old key shape: anything at all) and a few likely names."""
    cache.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps((_Plant(mark), _Plant(mark)))
    for name in ("course.pickle", "course.cache", "course.json", "course"):
        (cache / name).write_bytes(payload)


def test_no_module_of_the_package_imports_pickle_marshal_or_shelve():
    package = Path(mbsr_tui.__file__).parent
    found = []
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
                names = [a.value for a in node.args[:1] if isinstance(a, ast.Constant)]
            found += [f"{source.relative_to(package)}: {n}" for n in names
                      if n.split(".")[0] in UNSAFE_MODULES]  # fmt: skip
    assert found == []


def test_a_planted_cache_file_is_never_unpickled_in_process(isolated_home, tmp_path):
    mark = tmp_path / "ran"
    load_course()  # the old code wrote its cache here, and read it back next time
    _plant_everywhere(cache_dir(), mark)
    assert load_course().weeks
    assert not mark.exists()


@needs_root
def test_a_foreign_cache_file_is_never_read_by_today(isolated_home, tmp_path):
    """Another user's file in a cache folder they can write: `today` and `course` never
    run it, whether the folder or only the file is theirs."""
    mark = tmp_path / "ran"
    cache = cache_dir()
    _plant_everywhere(cache, mark)
    os.chmod(cache, 0o777)
    for planted in [cache, *cache.iterdir()]:
        os.chown(planted, 65534, 65534)
    save_state(CourseState(started_on=date.today() - timedelta(days=1)))
    for command in (["today"], ["course"]):
        shown = subprocess.run([sys.executable, "-m", "mbsr_tui", *command], capture_output=True,
                               text=True, env=os.environ.copy(), timeout=60)  # fmt: skip
        assert shown.returncode == 0, shown.stderr
        assert "Week 1" in shown.stdout or "week 1" in shown.stdout
    assert not mark.exists()


def test_a_symlinked_temporary_path_is_never_followed(isolated_home, tmp_path):
    """The old cache wrote `.course-PID.tmp` by following whatever was at that name."""
    victim = tmp_path / "victim.txt"
    victim.write_text("the person's own file\n")
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f".course-{os.getpid()}.tmp").symlink_to(victim)
    (cache / "course.pickle").symlink_to(victim)
    load_course()
    load_course()
    assert victim.read_text() == "the person's own file\n"
    assert sorted(p.name for p in cache.iterdir()) == [f".course-{os.getpid()}.tmp",
                                                       "course.pickle"]  # fmt: skip


def test_nothing_is_written_to_the_cache_folder(isolated_home):
    load_course()
    save_state(CourseState(started_on=date.today() - timedelta(days=1)))
    for command in (["today"], ["course"]):
        subprocess.run([sys.executable, "-m", "mbsr_tui", *command], capture_output=True,
                       env=os.environ.copy(), timeout=60, check=True)  # fmt: skip
    assert not cache_dir().exists()


def test_a_changed_course_file_is_read_at_once(user_sessions):
    own = user_sessions / "course.toml"
    own.write_text(COURSE.replace('title = "', "title = \"My teacher's ", 1))
    assert load_course().title.startswith("My teacher's")
    own.write_text(own.read_text().replace("My teacher's", "Our", 1))
    assert load_course().title.startswith("Our")  # same size, same second: still seen


def test_even_a_valid_cache_file_of_the_old_kind_is_never_trusted(isolated_home):
    """A cache exactly as the old code wrote it, keyed right, holding another course."""
    from dataclasses import replace

    from mbsr_tui import __version__

    real = load_course()
    path = paths.builtin_sessions_dir() / "course.toml"
    info = path.stat()
    key = (__version__, ((str(path), info.st_size, info.st_mtime_ns),))
    planted = replace(real, title="A course someone else wrote")
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "course.pickle").write_bytes(pickle.dumps((key, planted)))
    assert load_course().title == real.title
