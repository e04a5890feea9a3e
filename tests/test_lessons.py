"""The lessons: conventions, banks, the coverage map, student copies and the template.

The notebooks themselves are executed by nbval as part of the same test run (``lessons`` is
in pytest's testpaths with ``--nbval-lax``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from kit import lessons
from kit.cli import main

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
BANKS = ROOT / "data" / "quizzes"
EXPECTED = [
    "00-welcome",
    "01-tokens-and-tickets",
    "02-working-the-room",
    "03-acquainting-is-not-networking",
    "04-remember-the-social",
    "05-relationships-are-the-asset",
    "06-capstone-workshop",
]
ARTICLES = {
    "Social ME-dia vs Social Networking",
    "Social Media vs Social Networking",
    "Social Networking vs. Social Acquainting",
    "Remember the 'social' in social media",
    "Social Media and Social Networking in a Nut Shell",
}


def notebook(name: str) -> dict:
    return lessons.read_notebook(LESSONS / f"{name}.ipynb")


def test_every_lesson_is_there():
    present = sorted(p.stem for p in LESSONS.glob("[0-9][0-9]-*.ipynb"))
    assert present == EXPECTED
    assert (LESSONS / "instructor-guide.md").is_file()


@pytest.mark.parametrize("name", EXPECTED)
def test_lesson_follows_the_conventions(name):
    assert lessons.lint_lesson(notebook(name), name) == []


def test_no_committed_notebook_has_outputs():
    for path in LESSONS.rglob("*.ipynb"):
        for cell in lessons.read_notebook(path)["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, path


def _answers_need_feedback(question: dict) -> list[str]:
    kind = question["type"]
    missing = []
    if kind in {"single", "multi", "numeric", "text"}:
        for i, answer in enumerate(question.get("answers", [])):
            if not answer.get("feedback"):
                missing.append(f"answers[{i}]")
    elif kind == "ordering":
        if not question.get("feedback") and not question.get("default_feedback"):
            missing.append("feedback")
    elif kind == "matching":
        if not question.get("feedback") and not question.get("default_feedback"):
            missing.append("feedback")
    return missing


@pytest.mark.parametrize("number", [name[:2] for name in EXPECTED])
def test_bank_has_eight_questions_of_four_types_with_feedback(number):
    from kit import quiz

    path = BANKS / f"{number}.yaml"
    bank = quiz.load_bank(path)  # validates: raises with every problem listed
    raw = yaml.safe_load(path.read_text())
    questions = raw["questions"]
    assert len(questions) >= 8
    assert len({q["type"] for q in questions}) >= 4
    for q in questions:
        assert _answers_need_feedback(q) == [], (number, q["id"])
    # every question the notebook asks exists in its bank
    nb = notebook(next(n for n in EXPECTED if n.startswith(number)))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    ids = {q.id for q in bank.questions}
    for asked_bank, qid in re.findall(r'quiz\.ask\(\s*"(\d\d)",\s*"([^"]+)"', code):
        assert asked_bank == number and qid in ids, (asked_bank, qid)


def test_content_map_covers_every_idea():
    content = yaml.safe_load((ROOT / "data" / "content_map.yaml").read_text())
    seen_articles = set()
    idea_ids = []
    for entry in content["lessons"]:
        name = entry["lesson"]
        assert name in EXPECTED, name
        if entry.get("article"):
            seen_articles.add(entry["article"])
        nb = notebook(name)
        headings = {
            line[3:].strip()
            for c in nb["cells"]
            if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines()
            if line.startswith("## ")
        }
        from kit import quiz

        ids = {q.id for q in quiz.load_bank(BANKS / f"{name[:2]}.yaml").questions}
        assert entry["ideas"], name
        for idea in entry["ideas"]:
            idea_ids.append(idea["id"])
            assert idea["idea"].strip()
            assert idea["section"] in headings, (name, idea["section"])
            assert len(idea["questions"]) >= 2, (name, idea["id"])
            for qid in idea["questions"]:
                assert qid in ids, (name, idea["id"], qid)
    assert seen_articles == ARTICLES
    assert len(idea_ids) == len(set(idea_ids)), "idea ids must be unique"


# --- instructor tools ----------------------------------------------------------------------


def _fake_lessons(folder: Path) -> None:
    folder.mkdir()
    nb = lessons.template("01", "demo", "Demo")
    nb["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
    nb["cells"][1]["execution_count"] = 3
    (folder / "01-demo.ipynb").write_text(json.dumps(nb))
    (folder / "instructor-guide.md").write_text("# guide")


def test_student_copy_removes_solutions_and_instructor_notes(tmp_path, capsys):
    src, out = tmp_path / "lessons", tmp_path / "students"
    _fake_lessons(src)
    assert main(["lessons", "student-copy", str(out), "--lessons", str(src)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["01-demo.ipynb"]
    original = lessons.read_notebook(src / "01-demo.ipynb")
    student = lessons.read_notebook(out / "01-demo.ipynb")
    kept = [c for c in original["cells"] if not lessons.cell_tags(c) & {"solution", "instructor"}]
    assert len(student["cells"]) == len(kept) < len(original["cells"])
    assert not any(lessons.cell_tags(c) & {"solution", "instructor"} for c in student["cells"])
    assert any("claim-check" in lessons.cell_tags(c) for c in student["cells"])
    assert all(
        c["outputs"] == [] and c["execution_count"] is None
        for c in student["cells"]
        if c["cell_type"] == "code"
    )
    assert "wrote 1 student notebooks" in capsys.readouterr().err


def test_student_copy_refuses_bad_input_without_writing(tmp_path, capsys):
    src = tmp_path / "lessons"
    _fake_lessons(src)
    assert main(["lessons", "student-copy", str(src), "--lessons", str(src)]) == 2
    assert "lessons folder itself" in capsys.readouterr().err
    (src / "02-broken.ipynb").write_text("{not json")
    out = tmp_path / "students"
    assert main(["lessons", "student-copy", str(out), "--lessons", str(src)]) == 2
    err = capsys.readouterr().err
    assert "02-broken.ipynb is not a notebook" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()  # nothing half-written


def test_student_copy_of_the_real_lessons(tmp_path):
    written = lessons.student_copy(tmp_path)
    assert sorted(p.stem for p in written) == [*EXPECTED, "a-week-later"]
    for path in written:
        nb = lessons.read_notebook(path)
        assert not any(lessons.cell_tags(c) & {"solution", "instructor"} for c in nb["cells"])


def test_new_lesson_from_the_template(tmp_path, capsys):
    argv = ["lessons", "new", "07-local-events", "--lessons", str(tmp_path / "lessons")]
    argv += ["--banks", str(tmp_path / "data" / "quizzes"), "--title", "Local events"]
    assert main(argv) == 0
    nb = lessons.read_notebook(tmp_path / "lessons" / "07-local-events.ipynb")
    assert (tmp_path / "data" / "solutions" / "07.yaml").exists()
    os.environ["KIT_DATA_DIR"] = str(tmp_path / "data")
    try:
        assert lessons.lint_lesson(nb) == []
    finally:
        os.environ.pop("KIT_DATA_DIR")
    assert "".join(nb["cells"][0]["source"]).startswith("# 07. Local events")
    assert main(["quiz", "check", str(tmp_path / "data" / "quizzes" / "07.yaml")]) == 0
    assert main(argv) == 2  # the number is taken now
    assert "07 is taken" in capsys.readouterr().err
    assert main(["lessons", "new", "seven", "--lessons", str(tmp_path)]) == 2
    assert "not a lesson name" in capsys.readouterr().err


@pytest.mark.slow
def test_new_lesson_runs_end_to_end(tmp_path):
    """The template's cells run as they are, against its starter bank."""
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    lessons.new_lesson("08-demo", tmp_path / "lessons", tmp_path / "data" / "quizzes")
    nb = nbformat.read(tmp_path / "lessons" / "08-demo.ipynb", as_version=4)
    env_before = os.environ.get("KIT_DATA_DIR")
    os.environ["KIT_DATA_DIR"] = str(tmp_path / "data")
    try:
        nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    finally:
        if env_before is None:
            os.environ.pop("KIT_DATA_DIR")
        else:
            os.environ["KIT_DATA_DIR"] = env_before
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []


def test_every_section_starts_by_doing(tmp_path, monkeypatch):
    lessons.new_lesson("07-my-topic", tmp_path / "lessons", tmp_path / "data" / "quizzes")
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path / "data"))
    nb = lessons.template("07", "my-topic", "My topic")
    assert lessons.lint_lesson(nb) == []
    long = "\n".join(f"Line {i} of a long introduction." for i in range(8))
    nb["cells"].insert(2, {"cell_type": "markdown", "metadata": {}, "source": f"## Long\n\n{long}"})
    assert any("'Long' opens with more than 5 lines" in p for p in lessons.lint_lesson(nb))
    nb["cells"][2]["source"] = f"## Long\n\n**Guess first:** what happens?\n\n{long}"
    assert lessons.lint_lesson(nb) == []
