"""The printable answer key is generated from the banks and solution cells, and up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location(
        "make_answer_key", ROOT / "lessons" / "make_answer_key.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_answer_key_is_what_the_script_writes():
    key = (ROOT / "lessons" / "answer-key.md").read_text(encoding="utf-8")
    assert key == _script().build(), "run: .venv/bin/python lessons/make_answer_key.py"


def test_every_question_and_challenge_has_an_answer():
    key = (ROOT / "lessons" / "answer-key.md").read_text(encoding="utf-8")
    for bank in sorted((ROOT / "data" / "quizzes").glob("[0-9][0-9].yaml")):
        for q in yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"]:
            assert f"id `{q['id']}`" in key, (bank.name, q["id"])
    assert "see the explanation" not in key
    challenges = sum(
        p.read_text(encoding="utf-8").count('"### Challenge')
        for p in (ROOT / "lessons").glob("[0-9][0-9]-*.ipynb")
    )
    assert key.count("\n#### Challenge") == challenges > 0
