"""`run --minutes N` refuses a length at which the breathing parts would squeeze the rest,
as the length picker and `check` do (issue 11, "also fix")."""

from __future__ import annotations

from mbsr_tui.__main__ import main

ROUTINE = """\
title = "Breath and rest"
summary = "A breathing part and a resting part."
kind = "routine"
prepare_seconds = 0

[[steps]]
title = "Slow breaths"
prompt = "Follow the pacer."
seconds = 120
pattern = { inhale = 30.0, exhale = 30.0 }

[[steps]]
title = "Rest"
prompt = "Rest here."
seconds = 120
"""


def test_a_squeezing_length_is_refused_and_a_fair_one_runs(tmp_path, monkeypatch, capsys):
    path = tmp_path / "breath-and-rest.toml"
    path.write_text(ROUTINE)
    launched: list[dict] = []
    monkeypatch.setattr("mbsr_tui.__main__._run_app", lambda **o: launched.append(o) or 0)
    monkeypatch.setattr("mbsr_tui.plain.wants_plain", lambda *a, **k: False)
    assert main(["run", str(path), "--minutes", "1"]) == 2
    assert "too short at 1 minute for its breathing parts" in capsys.readouterr().err
    assert launched == []
    assert main(["run", str(path), "--minutes", "4"]) == 0
    assert launched and launched[0]["minutes"] == 4
