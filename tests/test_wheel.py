"""The wheel carries the sessions and sounds, and an installed wheel finds them at run time."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The fourteen built-in practices, in menu order; sessions/ also holds the course.
PRACTICES = (
    "sitting", "body-scan", "daily-routine", "breathing-space", "mountain", "loving-kindness",
    "working-with-pain", "day-of-practice", "counted-breathing", "diaphragmatic-breathing",
    "alternate-nostril", "kapalabhati", "walking", "mindful-movement",
)  # fmt: skip

# Part of the default run; a few seconds: no build isolation, no downloads, no pip in
# the new venv (the running pip installs into it).
pytestmark = pytest.mark.wheel


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None):
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, REPO, cwd=REPO)
    (built,) = out.glob("mbsr_tui-*.whl")
    return built


def test_the_wheel_holds_the_sessions_and_the_sounds(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    sessions = {
        n for n in names if n.startswith("mbsr_tui/_data/sessions/") and n.endswith(".toml")
    }
    sounds = {n for n in names if n.startswith("mbsr_tui/_data/sounds/") and n.endswith(".wav")}
    assert {Path(n).stem for n in sessions} == {*PRACTICES, "course"}
    assert {Path(n).stem for n in sounds} >= {"bowl", "bell", "cue"}
    assert "mbsr_tui/__main__.py" in names
    assert any(n.endswith(".dist-info/entry_points.txt") for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "mbsr-tui = mbsr_tui.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_wheel_lists_the_practices_from_elsewhere(wheel, tmp_path):
    target = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(target)
    python = target / "bin" / "python"
    # This venv's own dependencies (textual, platformdirs, ...) are not in the base
    # Python's site-packages: let the new venv see them, after its own site-packages.
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path)
    here = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    Path(site.stdout.strip(), "test-env.pth").write_text("\n".join(sorted(here)) + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--quiet", "--disable-pip-version-check", wheel, cwd=tmp_path)  # fmt: skip

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    # The package really comes from the wheel, not from the checkout.
    where = run(python, "-c", "import mbsr_tui, sys; print(mbsr_tui.__file__)", cwd=elsewhere,
                env=env)  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(target)

    listed = run(target / "bin" / "mbsr-tui", "list", cwd=elsewhere, env=env)
    ids = [line.split()[0] for line in listed.stdout.strip().splitlines()]
    assert ids == list(PRACTICES)
    assert listed.stderr == ""

    checked = run(target / "bin" / "mbsr-tui", "check", *sorted(REPO.glob("sessions/*.toml")),
                  cwd=elsewhere, env=env)  # fmt: skip
    assert checked.stdout == ""
