"""The package installs from a wheel, finds its data there, and has a working CLI."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import kit
from kit import data

ROOT = Path(__file__).resolve().parents[1]


def test_version_and_data_from_checkout():
    assert kit.__version__.count(".") == 2
    assert data.data_dir() == ROOT / "data"
    assert "quizzes" in data.data_path("README.md").read_text()
    with pytest.raises(kit.errors.KitError, match="no data file 'nope.csv'.*README.md"):
        data.data_path("nope.csv")


@pytest.mark.slow
def test_wheel_ships_the_data_and_reads_it(tmp_path):
    """Build the wheel, install it into a fresh venv, and read a data file through kit."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("kit-*.whl"))
    # The widgets' JS and CSS (quiz controls, explorers) are files in the package, read at import.
    shipped = set(zipfile.ZipFile(wheel).namelist())
    static = sorted(
        p.relative_to(ROOT).as_posix()
        for folder in ("kit/quiz/static", "kit/classroom/static", "kit/explore/static")
        for p in (ROOT / folder).iterdir()
    )
    assert {
        "kit/quiz/static/quiz.css",
        "kit/explore/static/replay.js",
        "kit/explore/static/controls.css",
    } <= set(static)
    missing = [name for name in static if name not in shipped]
    assert not missing, f"the wheel lacks {missing}"
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import kit, kit.data as d; p = d.data_path('README.md'); "
        "print(kit.__version__); print(p); print(p.read_text().splitlines()[0])"
    )
    out = subprocess.run(
        [str(python), "-c", code], check=True, capture_output=True, text=True, cwd=tmp_path
    ).stdout.splitlines()
    assert out[0] == kit.__version__
    assert "site-packages/kit/_data/README.md" in out[1]
    assert out[2] == "# Data"


def test_console_script_help():
    out = subprocess.run(
        [sys.executable, "-m", "kit", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "simulate" in out
