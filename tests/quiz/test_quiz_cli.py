"""``kit quiz`` and ``kit progress``: exit codes and one-line errors, never a traceback."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.cli import main
from kit.data import data_path
from kit.quiz import Feedback, ProgressStore

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_check_good_bad_and_unreadable(capsys, tmp_path):
    code, out, _ = run(capsys, "quiz", "check", str(data_path("quizzes", "example.yaml")))
    assert code == 0 and out.startswith(f"{data_path('quizzes', 'example.yaml')}: ok\n")
    folder = tmp_path / "banks"
    folder.mkdir()
    for name in ("example.yaml", "schema-1.json", "README.md"):
        shutil.copy(data_path("quizzes", name), folder / name)
    code, out, _ = run(capsys, "quiz", "check", str(folder))
    assert code == 0 and out.count(": ok") == 1 and "schema-1.json" not in out
    bad = tmp_path / "02.yaml"
    bad.write_text(
        "schema: 1\nquestions:\n  - id: q-ratio\n    type: single\n    prompt: p\n"
        "    answers:\n      - text: a\n        correct: true\n      - text: b\n"
        "        correct: nope\n"
    )
    code, out, err = run(capsys, "quiz", "check", str(bad))
    assert code == 1
    assert f"{bad}:10 question 'q-ratio': answers[1].correct must be true or false" in out
    assert "1 problem found" in err
    code, _, err = run(capsys, "quiz", "check", str(bad), str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml: no such file" in err
    unreadable = tmp_path / "folder.yaml"
    unreadable.mkdir()
    code, _, err = run(capsys, "quiz", "check", str(unreadable / "x.yaml"))
    assert code == 2


def test_check_reads_jupyterquiz(capsys, interop):
    code, out, _ = run(capsys, "quiz", "check", str(interop / "questions.json"))
    assert code == 0 and "ok" in out


def test_progress_show_export_reset_merge(capsys, tmp_path, progress_db):
    code, out, _ = run(capsys, "progress", "show")
    assert code == 0 and "No attempts stored yet." in out
    store = ProgressStore()
    store.record("example", "reach-share", "60", Feedback(True, 1.0, "ok"), learner="ada")
    store.record("example", "reach-share", "6", Feedback(False, 0.0, "no"), learner="bo")
    code, out, _ = run(capsys, "progress", "show")
    assert code == 0 and "ada" in out and "bo" in out
    code, out, _ = run(capsys, "progress", "export", "--format", "json", "--learner", "ada")
    assert code == 0 and [r["learner"] for r in json.loads(out)] == ["ada"]
    target = tmp_path / "all.csv"
    code, _, err = run(capsys, "progress", "export", "--format", "csv", "--out", str(target))
    assert code == 0 and "wrote 2 attempts" in err
    assert len(list(csv.DictReader(target.open()))) == 2
    code, out, _ = run(
        capsys, "progress", "merge", str(target), str(target), "--out", str(tmp_path / "class.csv")
    )
    assert code == 0 and "wrote 2 attempts" in out
    code, _, err = run(
        capsys, "progress", "merge", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "c.csv")
    )
    assert code == 2 and err.count("\n") == 1
    code, _, err = run(capsys, "progress", "export", "--format", "xml")
    assert code == 2 and "invalid choice" in err
    code, out, _ = run(capsys, "progress", "reset", "--bank", "other", "--yes")
    assert code == 0 and "Deleted 0 attempts." in out
    code, out, _ = run(capsys, "progress", "reset", "--yes")
    assert code == 0 and "Deleted 2 attempts." in out


def test_reset_asks_first(monkeypatch, capsys):
    ProgressStore().record("b", "q", "r", Feedback(True, 1.0, "ok"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    code, out, _ = run(capsys, "progress", "reset")
    assert code == 0 and "Nothing deleted." in out and len(ProgressStore().attempts()) == 1


def test_bad_database_is_one_line_exit_2(tmp_path):
    env = {"KIT_PROGRESS_DB": str(tmp_path), "PATH": "/usr/bin:/bin", "KIT_LEARNER": "x"}
    result = subprocess.run(
        [sys.executable, "-m", "kit", "progress", "export", "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "is a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_reset_without_terminal_refuses(tmp_path):
    env = {"KIT_PROGRESS_DB": str(tmp_path / "p.db"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "kit", "progress", "reset"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2 and "add --yes" in result.stderr


@pytest.mark.parametrize(
    "argv", [["quiz"], ["progress"], ["quiz", "check"], ["progress", "merge", "x"]]
)
def test_usage_errors(capsys, argv):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert code in (0, 2) and "Traceback" not in out + err
