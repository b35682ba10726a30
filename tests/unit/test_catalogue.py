"""The catalogue (built-in + the person's own sessions) and the built-in practices themselves."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mbsr_tui.core import paths
from mbsr_tui.core.catalogue import BUILTIN_ORDER, load_catalogue
from mbsr_tui.core.events import EventKind, Phase, Side
from mbsr_tui.core.loader import validate
from mbsr_tui.core.timeline import Timeline
from tests.support.oracles import phase_sides

BUILTIN_SESSIONS = Path(__file__).resolve().parents[2] / "sessions"
BUILTIN_IDS = (
    "sitting", "body-scan", "walking", "mindful-movement", "counted-breathing",
    "diaphragmatic-breathing", "alternate-nostril", "kapalabhati", "daily-routine",
    "breathing-space", "loving-kindness", "mountain", "working-with-pain", "day-of-practice",
)  # fmt: skip

SIMPLE = 'title = "{title}"\nminutes = {minutes}\n'


@pytest.fixture
def builtin(tmp_path: Path, stub_sounds) -> Path:
    """A small stand-in for the built-in folder."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    (folder / "sitting.toml").write_text(SIMPLE.format(title="Built-in sitting", minutes=20))
    (folder / "body-scan.toml").write_text(SIMPLE.format(title="Built-in scan", minutes=20))
    return folder


def test_the_catalogue_reads_user_sessions_from_xdg_config_home(builtin, user_sessions):
    assert user_sessions == paths.user_sessions_dir()
    (user_sessions / "evening.toml").write_text(SIMPLE.format(title="Evening", minutes=7))
    catalogue = load_catalogue(builtin)
    assert set(catalogue.sessions) == {"sitting", "body-scan", "evening"}
    assert catalogue.get("evening").title == "Evening"
    assert catalogue.problems == []


def test_a_user_file_with_a_builtin_id_replaces_it(builtin, user_sessions):
    mine = user_sessions / "sitting.toml"
    mine.write_text(SIMPLE.format(title="My sitting", minutes=33))
    catalogue = load_catalogue(builtin)
    assert catalogue.get("sitting").title == "My sitting"
    assert catalogue.get("sitting").source == mine
    assert catalogue.get("sitting").minutes == 33
    assert len(catalogue.sessions) == 2


def test_a_broken_user_file_is_reported_and_skipped_while_the_rest_load(builtin, user_sessions):
    (user_sessions / "broken.toml").write_text('title = "x"\nminutes = \n')
    (user_sessions / "typo.toml").write_text('title = "x"\nminuts = 5\n')
    (user_sessions / "fine.toml").write_text(SIMPLE.format(title="Fine", minutes=5))
    catalogue = load_catalogue(builtin)
    assert set(catalogue.sessions) == {"sitting", "body-scan", "fine"}
    reported = {p.path.name for p in catalogue.problems}
    assert reported == {"broken.toml", "typo.toml"}
    assert all(p.line == 2 for p in catalogue.problems if p.path.name == "broken.toml")


def test_a_broken_user_override_leaves_the_builtin_in_place(builtin, user_sessions):
    (user_sessions / "sitting.toml").write_text("title = 3\n")
    catalogue = load_catalogue(builtin)
    assert catalogue.get("sitting").title == "Built-in sitting"
    assert {p.path.name for p in catalogue.problems} == {"sitting.toml"}


def test_no_user_folder_is_fine(builtin):
    assert not paths.user_sessions_dir().exists()
    catalogue = load_catalogue(builtin)
    assert set(catalogue.sessions) == {"sitting", "body-scan"}


def test_only_toml_files_are_read(builtin, user_sessions):
    (user_sessions / "notes.txt").write_text("not a session")
    (user_sessions / "draft.toml.orig").write_text("not a session either")
    assert set(load_catalogue(builtin).sessions) == {"sitting", "body-scan"}


def test_builtins_come_first_in_their_order_then_user_sessions_by_id(builtin, user_sessions):
    for name in ("zen", "apple"):
        (user_sessions / f"{name}.toml").write_text(SIMPLE.format(title=name, minutes=5))
    assert list(load_catalogue(builtin).sessions) == ["sitting", "body-scan", "apple", "zen"]


def test_practices_named_after_a_builtin_are_listed_right_after_it(builtin, user_sessions):
    """The editor saves a copy of `sitting` as `sitting-my-copy`, then `sitting-my-copy-2`...:
    each is listed beside its original (in `list` and the menu), numbers in number order,
    as is a `sitting-short` of the person's own; other practices come after, by id."""
    names = ("sitting-my-copy-10", "apple-3", "sitting-my-copy-2", "sitting-short",
             "body-scan-my-copy", "apple-10", "sitting-my-copy", "sittingish")  # fmt: skip
    for name in names:
        (user_sessions / f"{name}.toml").write_text(SIMPLE.format(title=name, minutes=5))
    assert list(load_catalogue(builtin).sessions) == [
        "sitting", "sitting-my-copy", "sitting-my-copy-2", "sitting-my-copy-10",
        "sitting-short", "body-scan", "body-scan-my-copy", "apple-3", "apple-10", "sittingish",
    ]  # fmt: skip


def test_grouped_puts_each_kind_in_its_menu_group(builtin, user_sessions):
    (user_sessions / "walk.toml").write_text('title = "W"\nkind = "walking"\nminutes = 5\n')
    groups = dict(load_catalogue(builtin).grouped())
    assert [s.id for s in groups["Meditation"]] == ["sitting", "body-scan"]
    assert [s.id for s in groups["Movement"]] == ["walk"]
    assert "Breathing" not in groups


# -- the built-in practices -----------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    """The real built-in sessions, loaded against the real sounds/ folder."""
    sessions = {}
    for path in sorted(BUILTIN_SESSIONS.glob("*.toml")):
        if path.stem == "course":  # the 8-week course, not a practice (test_course.py)
            continue
        session, problems = validate(path)
        assert problems == [], "\n".join(map(str, problems))
        sessions[path.stem] = session
    return sessions


def test_the_builtin_practices_are_there_and_valid(shipped):
    assert sorted(shipped) == sorted(BUILTIN_IDS)
    assert sorted(BUILTIN_ORDER) == sorted(BUILTIN_IDS)
    for session in shipped.values():
        assert session.summary, session.id
        assert session.title, session.id
        assert 0 < Timeline(session).length <= 6 * 3600


def test_the_real_catalogue_lists_the_builtins_in_order(shipped):
    catalogue = load_catalogue()
    assert list(catalogue.sessions) == list(BUILTIN_ORDER)
    assert catalogue.problems == []


def test_sitting_is_twenty_minutes_with_start_interval_and_end_bells(shipped):
    sitting = shipped["sitting"]
    assert sitting.default_seconds == 20 * 60
    assert (sitting.min_minutes, sitting.max_minutes) == (10, 60)
    assert sitting.bells.start and sitting.bells.end and sitting.bells.interval_seconds > 0
    for minutes in (10, 20, 60):
        timeline = Timeline(sitting, minutes * 60)
        kinds = [e.kind for e in timeline.events if e.sound]
        assert kinds[0] is EventKind.START and kinds[-1] is EventKind.END
        assert EventKind.INTERVAL in kinds


@pytest.mark.parametrize("minutes", [10, 20, 45])
def test_the_body_scan_scales_to_10_and_45_minutes_in_order(shipped, minutes):
    scan = shipped["body-scan"]
    assert scan.default_seconds == 20 * 60
    assert (scan.min_minutes, scan.max_minutes) == (10, 45)
    assert len(scan.steps) >= 8
    assert all(step.prompt.strip() for step in scan.steps)
    timeline = Timeline(scan, minutes * 60)
    assert [s.title for s in timeline.steps] == [s.title for s in scan.steps]
    assert math.isclose(sum(s.seconds for s in timeline.steps), minutes * 60)


def test_kapalabhati_asks_for_confirmation_after_a_caution(shipped):
    kapalabhati = shipped["kapalabhati"]
    assert kapalabhati.confirm is True
    assert kapalabhati.caution.strip()
    pattern = kapalabhati.guided_steps()[0].pattern
    assert pattern.style == "pulse" and pattern.rounds >= 1 and pattern.rest_seconds > 0
    timeline = Timeline(kapalabhati)
    assert Phase.REST in {p for p, _ in phase_sides(timeline)}


@pytest.mark.parametrize("minutes", [3, 5, 10, 15])
def test_alternate_nostril_is_one_to_two_alternating_and_ends_on_the_left(shipped, minutes):
    session = shipped["alternate-nostril"]
    pattern = session.guided_steps()[0].pattern
    assert pattern.nostrils == "alternate"
    assert pattern.exhale == 2 * pattern.inhale
    assert session.caution.strip()
    sides = phase_sides(Timeline(session, minutes * 60))
    assert sides[0] == (Phase.IN, Side.LEFT)
    assert sides[-1] == (Phase.OUT, Side.LEFT)


def test_counted_and_diaphragmatic_breathing(shipped):
    counted = shipped["counted-breathing"].guided_steps()
    assert any(step.pattern and step.pattern.count_to == 10 for step in counted)
    diaphragm = [s.pattern for s in shipped["diaphragmatic-breathing"].guided_steps() if s.pattern]
    assert diaphragm
    for pattern in diaphragm:
        assert pattern.exhale > pattern.inhale
    assert any(5 <= 60 / p.breath_seconds <= 7 for p in diaphragm)  # breaths a minute


def test_guided_practices_have_steps_with_prompts(shipped):
    for sid in ("walking", "mindful-movement", "daily-routine", "body-scan"):
        steps = shipped[sid].steps
        assert len(steps) >= 3, sid
        assert all(step.title and step.prompt.strip() for step in steps), sid
    routine = shipped["daily-routine"]
    assert (routine.min_minutes, routine.max_minutes) == (10, 20)
    assert any(step.pattern for step in routine.guided_steps())
