"""Fixtures the unit tests share."""

from __future__ import annotations

import pytest


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> dict:
    """`main()` reaches the app's door and stops there: the options it would open with."""
    seen: dict = {}

    def fake_app(**options):
        seen.update(options)
        return 0

    monkeypatch.setattr("mbsr_tui.__main__._run_app", fake_app)
    monkeypatch.setattr("mbsr_tui.plain.wants_plain", lambda *a, **k: False)
    monkeypatch.setattr("mbsr_tui.plain.run.wants_plain", lambda *a, **k: False)
    return seen
