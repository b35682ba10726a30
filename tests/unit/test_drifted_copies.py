"""Copies that had drifted apart now share one home and take the stricter behaviour:
a group sitting refuses a length too short for its breathing parts as `run` does, and
`group start --in 0` keeps the breath of lead time the start form's 0 keeps."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mbsr_tui.__main__ import main
from mbsr_tui.cli.group import _starts_at
from mbsr_tui.core.group.rooms import START_LEAD
from tests.unit.test_cli_squeeze import ROUTINE
from tests.unit.test_group_cli import rooms  # noqa: F401  (a fixture)


@pytest.fixture
def routine(request, tmp_path, monkeypatch):
    """A practice with a breathing part, beside a private rooms folder (`rooms`)."""
    request.getfixturevalue("rooms")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "breath-and-rest.toml"
    path.write_text(ROUTINE)
    return path


def test_group_start_refuses_a_squeezing_length_with_runs_message(routine, monkeypatch, capsys):
    hosted: list[object] = []
    monkeypatch.setattr("mbsr_tui.cli.group._run", lambda args, plan: hosted.append(plan) or 0)
    launched: list[dict] = []
    monkeypatch.setattr("mbsr_tui.__main__._run_app", lambda **o: launched.append(o) or 0)
    monkeypatch.setattr("mbsr_tui.plain.wants_plain", lambda *a, **k: False)

    assert main(["run", str(routine), "--minutes", "1"]) == 2
    run_says = capsys.readouterr().err
    assert main(["group", "start", str(routine), "--minutes", "1"]) == 2
    assert capsys.readouterr().err == run_says
    assert "too short at 1 minute for its breathing parts" in run_says
    assert hosted == [] and launched == []
    assert main(["group", "start", str(routine), "--minutes", "4"]) == 0
    assert len(hosted) == 1 and hosted[0].seconds == 240


@pytest.mark.parametrize("minutes", ["0", "-1", "361", "nan"])
def test_run_and_group_start_refuse_the_same_lengths_alike(routine, minutes, monkeypatch, capsys):
    monkeypatch.setattr("mbsr_tui.cli.group._run", lambda args, plan: 0)
    monkeypatch.setattr("mbsr_tui.__main__._run_app", lambda **o: 0)
    assert main(["run", str(routine), "--minutes", minutes]) == 2
    run_says = capsys.readouterr().err
    assert main(["group", "start", str(routine), "--minutes", minutes]) == 2
    assert capsys.readouterr().err == run_says


@pytest.mark.parametrize("wait", [0, 0.01])
def test_group_start_in_0_keeps_the_lead_time_as_the_form_does(wait):
    """`--in 0` used to start at this very moment; the form's 0 (and now the CLI's) opens
    the room START_LEAD seconds ahead, so the host's player and the others are ready."""
    now = 1_800_000_000.0
    assert _starts_at(SimpleNamespace(in_minutes=wait, at=None), now) is None
    assert START_LEAD > 0
    assert _starts_at(SimpleNamespace(in_minutes=1, at=None), now) == now + 60


class _BrokenStderr:
    def write(self, text):
        raise OSError(5, "Input/output error")

    def flush(self):
        raise OSError(5, "Input/output error")


class _EndedApp:
    """Stands in for MbsrApp: a practice the journal could not take, anywhere."""

    def __init__(self, *args, **kwargs):
        self.return_code = 0
        self.journal = SimpleNamespace(
            not_in_journal_messages=lambda: ["the journal could not be written"],
            unsaved_lines=lambda: ['[[sessions]] session_id = "body-scan"'],
        )

    def run(self):
        return 0


def _group_run():
    from mbsr_tui.cli.group import _run

    args = SimpleNamespace(bell=None, no_checkin=False, exit_at_end=True)
    return _run(args, SimpleNamespace())


def _solo_run():
    from mbsr_tui.ui.launch import run_app

    return run_app()


@pytest.mark.parametrize("way", [_group_run, _solo_run], ids=["group", "run"])
def test_an_unsaved_entry_is_printed_even_when_stderr_fails(way, monkeypatch, capsys):
    """After the app: the message goes to stderr, the entry itself to stdout. A stderr
    that fails (a hung-up terminal, a closed pipe) must not cost the entry: `run` kept
    them apart, a group sitting skipped the entry with the message."""
    monkeypatch.setattr("mbsr_tui.ui.app.MbsrApp", _EndedApp)
    monkeypatch.setattr("mbsr_tui.plain.wants_plain", lambda *a, **k: False)
    monkeypatch.setattr("sys.stderr", _BrokenStderr())
    assert way() == 0
    assert 'session_id = "body-scan"' in capsys.readouterr().out
