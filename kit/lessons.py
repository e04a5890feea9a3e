"""Tools for instructors: student copies of the lessons and new lessons from a template.

- :func:`student_copy` writes the learners' version of every lesson: cells tagged
  ``solution`` or ``instructor`` removed, outputs and execution counts cleared. Student copies
  are derived, never hand-kept.
- :func:`new_lesson` starts ``lessons/NN-slug.ipynb`` with the standard cells (title, time,
  questions, objectives, a section, a challenge with its solution, an instructor note, a claim
  check, the quiz, key points, credits) and a starter bank ``data/quizzes/NN.yaml``.

Notebooks are read and written as plain JSON (nbformat 4), so these tools need no Jupyter
install. (Over CONTRIBUTING's ~500 lines on purpose: the template and the check are one
contract, a new lesson passes the check as written, and they change together.) Both are on
the command line: ``kit lessons student-copy OUT_DIR`` and ``kit lessons new NN-slug``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from kit.errors import KitError
from kit.files import write_atomic

#: Cells with these tags are removed from student copies.
REMOVED_TAGS = frozenset({"solution", "instructor"})
SLUG = re.compile(r"^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*$")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def read_notebook(path: Path) -> dict:
    """Read a notebook, with a clear error if it is not one."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise KitError(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise KitError(f"{path} is not a notebook: invalid JSON at line {exc.lineno}") from None
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        raise KitError(f"{path} is not an nbformat 4 notebook; open and save it in JupyterLab 4")
    return nb


def dump_notebook(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def cell_tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def to_student(nb: dict) -> dict:
    """Return the student version of a notebook (a new dict; the input is not changed)."""
    out = json.loads(json.dumps(nb))
    cells = []
    for cell in out["cells"]:
        if cell_tags(cell) & REMOVED_TAGS:
            continue
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    out["cells"] = cells
    out.setdefault("metadata", {}).pop("widgets", None)  # saved widget state holds no keys, but
    return out  # it is output all the same


def student_copy(out_dir: Path, lessons_dir: Path | None = None) -> list[Path]:
    """Write student versions of every lesson notebook in ``lessons_dir`` to ``out_dir``.

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder to write to (created if missing). Must not be the lessons folder itself.
    lessons_dir : pathlib.Path, optional
        Where the lessons are; ``lessons/`` beside the kit by default.

    Returns
    -------
    list of pathlib.Path
        The notebooks written. Other files (the instructor guide) are not copied.

    Raises
    ------
    kit.errors.KitError
        If a lesson cannot be read or ``out_dir`` is the lessons folder. Nothing is written
        unless every lesson reads cleanly.
    """
    lessons_dir = Path(lessons_dir) if lessons_dir else default_lessons_dir()
    sources = sorted(lessons_dir.glob("*.ipynb"))
    if not sources:
        raise KitError(f"no notebooks in {lessons_dir}; give the lessons folder with --lessons")
    out_dir = Path(out_dir)
    if out_dir.resolve() == lessons_dir.resolve():
        raise KitError(
            f"{out_dir} is the lessons folder itself; choose another folder for the student copies"
        )
    students = [(src.name, to_student(read_notebook(src))) for src in sources]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, nb in students:
        target = out_dir / name
        write_atomic(target, dump_notebook(nb))
        written.append(target)
    return written


def lint_lesson(nb: dict, name: str = "", folder: Path | None = None) -> list[str]:
    """Check a lesson against the kit's conventions; return the problems (empty if none).

    The conventions (see ``lessons/instructor-guide.md``): a first cell with the title, time,
    questions and objectives; at least two challenges, each a faded example ending with a
    ``solution("NN", N)`` button whose solution is in ``data/solutions/NN.yaml``; instructor
    notes tagged ``instructor``; claim checks (``assert`` cells tagged ``claim-check``,
    collapsed, inside ``claim_check()``); a live explorer and a predict-then-reveal; the
    lesson's quiz; what comes next, key points and credits at the end; no outputs; every
    section opens, within five lines of text, with something to predict, move or answer; and
    plain words where learners read (:mod:`kit.plainwords`: jargon linked to the glossary at
    first use, no code names in prose, no code idioms in learner code). ``folder`` is where
    the lesson and ``glossary.md`` are (``lessons/`` by default).
    """
    cells = nb["cells"]
    problems = []
    code = [c for c in cells if c.get("cell_type") == "code"]
    text = lambda c: "".join(c.get("source", ""))  # noqa: E731 - source may be a list
    first = text(cells[0]) if cells else ""
    for part in ("**Teaching:**", "**Exercises:**", "## Questions", "## Objectives"):
        if part not in first:
            problems.append(f"the first cell lacks {part!r}")
    if not re.match(r"#\s*\d\d\.\s+\S", first):
        problems.append("the first cell must start with the title '# NN. Title'")
    challenges = [c for c in cells if re.search(r"^### Challenge \d+", text(c), re.M)]
    if len(challenges) < 2:
        problems.append(f"{len(challenges)} challenge(s); write at least two '### Challenge N'")
    if not any("instructor" in cell_tags(c) for c in cells):
        problems.append("no instructor note (a markdown cell tagged 'instructor')")
    checks = [c for c in code if "claim-check" in cell_tags(c)]
    if not checks:
        problems.append("no claim check (a code cell tagged 'claim-check' with an assert)")
    for c in checks:
        if "assert" not in text(c):
            problems.append("a claim-check cell has no assert")
        if "claim_check(" not in text(c):
            problems.append(
                "a claim-check cell does not use claim_check() (a learner must never see it fail)"
            )
        if not c.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
            problems.append("a claim-check cell is not collapsed (jupyter.source_hidden)")
    sources = "\n".join(text(c) for c in code)
    for call in ("explore(", "predict_then_reveal(", "quiz.ask_all("):
        if call not in sources:
            problems.append(f"no {call}...) call")
    problems += _sections_start_by_doing(cells)
    tail = "\n".join(text(c) for c in cells[-3:])
    if "## Key points" not in tail:
        problems.append("the last cells must hold '## Key points' (and the credits)")
    if "## What comes next" not in "\n".join(text(c) for c in cells[-4:]):
        problems.append(
            "no '## What comes next' near the end (the next lesson, how long it takes, and "
            "the self-study guide)"
        )
    problems += _plain_problems(nb, first, folder)
    if any(c.get("outputs") or c.get("execution_count") for c in code):
        problems.append("has outputs; clear them before committing")
    return [f"{name}: {p}" if name else p for p in problems]


def _plain_problems(nb: dict, first: str, folder: Path | None) -> list[str]:
    """The checks of :mod:`kit.plainwords`, with the lesson's number, glossary and data."""
    from kit import plainwords
    from kit.data import data_dir

    match = re.match(r"#\s*(\d\d)\.", first)
    number = match.group(1) if match else ""
    folder = Path(folder) if folder is not None else default_lessons_dir()
    data = data_dir()
    try:
        from kit.learn import solutions

        known = solutions(number) if number else None
    except KitError:
        known = {}
    field_names = _scenario_fields()
    return (
        plainwords.challenge_problems(nb, number, known)
        + plainwords.idiom_problems(nb)
        + plainwords.code_word_problems(nb, field_names)
        + plainwords.jargon_problems(
            nb,
            plainwords.load_jargon(data),
            plainwords.glossary_anchors(folder / "glossary.md"),
        )
    )


def _scenario_fields() -> set[str]:
    """The simulator's parameter names (read from its source: no numpy import here)."""
    path = Path(__file__).resolve().parent / "sim" / "scenario.py"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        return set()
    return set(re.findall(r"^    ([a-z][a-z0-9_]*): [^=\n]+=", source, re.M))


#: Sections that are not lessons' content and need not open with an action.
_FRAME_SECTIONS = {
    "Questions",
    "Objectives",
    "Key points",
    "Check your understanding",
    "Where to go next",
    "What comes next",
}
#: The most lines of text a section may show before something to predict, move or answer.
MAX_LINES_BEFORE_ACTION = 5
_PROMPT = re.compile(
    r"\*\*(Guess first|Predict|Answer first|Pick first|Try it|Sort|Match|Work out)[^*]*\*\*"
)


def _sections_start_by_doing(cells: list[dict]) -> list[str]:
    """Each ``## `` section opens, within its first screen, with something to do.

    Something to do is a code cell (a prediction, an explorer, a question, a figure to run)
    or a bold prompt such as ``**Guess first:**`` or ``**Predict first:**`` in the text;
    at most :data:`MAX_LINES_BEFORE_ACTION` non-empty lines of text may come before it
    (instructor notes do not count: students never see them).
    """
    problems = []
    heading, lines, done = None, 0, True
    for cell in cells:
        src = "".join(cell.get("source", ""))
        tags = cell_tags(cell)
        if "instructor" in tags or "solution" in tags or "claim-check" in tags:
            continue
        if cell.get("cell_type") == "markdown":
            for line in src.splitlines():
                if line.startswith("## "):
                    if heading and not done:
                        problems.append(f"section {heading!r} has nothing to do before the next")
                    heading = line[3:].strip()
                    lines, done = 0, heading in _FRAME_SECTIONS
                    continue
                if done or not line.strip():
                    continue
                if _PROMPT.search(line) or line.startswith("### Challenge"):
                    done = True
                    continue
                lines += 1
                if lines > MAX_LINES_BEFORE_ACTION:
                    problems.append(
                        f"section {heading!r} opens with more than {MAX_LINES_BEFORE_ACTION} lines"
                        " of text before anything to do; start with a question to predict or"
                        " answer (**Guess first:** ...) or a cell to run, then explain"
                    )
                    done = True
        elif cell.get("cell_type") == "code" and heading:
            done = True
    return problems


def default_lessons_dir() -> Path:
    here = Path(__file__).resolve().parent.parent / "lessons"
    if here.is_dir():
        return here
    return Path.cwd() / "lessons"


def _md(text: str, tags: list[str] | None = None) -> dict:
    meta = {"tags": tags} if tags else {}
    return {"cell_type": "markdown", "metadata": meta, "source": text.strip("\n")}


def _code(text: str, tags: list[str] | None = None, hidden: bool = False) -> dict:
    meta: dict = {"tags": tags} if tags else {}
    if hidden:
        meta["jupyter"] = {"source_hidden": True}
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": meta,
        "outputs": [],
        "source": text.strip("\n"),
    }


def template(number: str, slug: str, title: str) -> dict:
    """The standard cells of a lesson, ready to fill in."""
    cells = [
        _md(f"""
# {number}. {title}

**Teaching:** 20 min · **Exercises:** 10 min

## Questions
- What question does this lesson answer?

## Objectives
- Compare ... with ...
- Explain why ...
"""),
        _code(
            "from kit import plots, quiz, sim\n"
            "from kit.explore import explore, predict_then_reveal\n"
            "from kit.learn import claim_check, solution"
        ),
        _md("""
## The idea

One framing sentence: what the learner is about to see, and why.
"""),
        _code(
            'runs = sim.compare(["broadcast", "relationship"], population=20_000, weeks=104, '
            'seed=1)\nplots.over_time(runs, "customers")'
        ),
        _md("One sentence that reads the result: what the picture shows."),
        _code(
            'with claim_check("the default run"):\n'
            '    final = runs[runs["week"] == 104].set_index("strategy")["customers"]\n'
            '    assert final["relationship"] > final["broadcast"], (\n'
            "        f\"broadcast ended with {final['broadcast']} customers, \"\n"
            "        f\"relationship with {final['relationship']}\"\n"
            "    )",
            tags=["claim-check"],
            hidden=True,
        ),
        _md(
            """
> **Instructor note:** timing, a discussion prompt, a common misconception.
""",
            tags=["instructor"],
        ),
        _md("""
## Try it yourself

Move the sliders and watch the curves.
"""),
        _code('explore(strategies=("broadcast", "relationship"), sliders=("hours", "p_ad"))'),
        _md("""
### Challenge 1: a first experiment

Describe the task here. Change the value marked below, then run the cell.
"""),
        _code(
            "seed = 2  # <- change this number, then run the cell\n"
            'run = sim.simulate(sim.Scenario.preset("relationship", population=20_000, '
            "weeks=52, seed=seed))\n"
            'plots.over_time(run, "customers")'
        ),
        _code(f'solution("{number}", 1)'),
        _md("""
## Predict, then look

Commit a guess before the simulation runs: it makes the answer stick.
"""),
        _code(
            "predict_then_reveal(\n"
            '    "In which week does relationship overtake broadcast on customers?",\n'
            "    sim.Scenario(population=5_000, weeks=104, seed=3),\n"
            '    strategies=("broadcast", "relationship"),\n'
            '    answer="crossover",\n'
            f'    question_id="{number}-crossover",\n'
            ")"
        ),
        _md("""
### Challenge 2: change one thing

Change one value and say what moved.
"""),
        _code(
            "ad_response = 0.03  # <- try 0.01, 0.03 or 0.05\n"
            'runs = sim.compare(["broadcast", "relationship"], population=20_000, weeks=104, '
            "seed=1, p_ad=ad_response)\n"
            'plots.over_time(runs, "customers")'
        ),
        _code(f'solution("{number}", 2)'),
        _md("""
## Check your understanding
"""),
        _code(f'quiz.ask_all("{number}")'),
        _md("""
## What comes next

Next: the next lesson (about 40 minutes). Studying alone? The self-study guide
(`self-study.md`) says the order, the time each lesson takes and how to check yourself.
"""),
        _md("""
## Key points
- One line per key point.
"""),
        _md(f"""
---
*{title}*: part of the social media vs social networking teaching kit. Sources: name the
articles (by title) and papers used. Text and data: CC BY 4.0; code: MIT (see
LICENSE-CONTENT.md and LICENSE). Lesson file `{number}-{slug}.ipynb`.
"""),
    ]
    for i, cell in enumerate(cells):
        cell["id"] = f"lesson-{number}-{i:02d}"  # nbformat 4.5 wants stable, unique ids
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": KERNELSPEC,
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


SOLUTIONS_TEMPLATE = """\
# Solutions of lesson {number}'s challenges, shown by the "Show a solution" button
# (kit.learn.solution) once a learner has run the challenge, and printed in the answer key.
lesson: "{number}"
challenges:
  1:
    title: a first experiment
    explain: Another seed is another equally likely year; the shape stays, the numbers move.
    code: |
      run = sim.simulate(sim.Scenario.preset("relationship", population=20_000, weeks=52, seed=3))
      plots.over_time(run, "customers")
  2:
    title: change one thing
    explain: Say which curve moved, by how much, and why the model makes it move.
    code: |
      runs = sim.compare(["broadcast", "relationship"], population=20_000, weeks=104, seed=1,
                         p_ad=0.05)
      plots.over_time(runs, "customers")
"""

BANK_TEMPLATE = """\
# Question bank for lesson {number}. The format is described in data/quizzes/README.md.
schema: 1
id: "{number}"
title: "{title}"

questions:
  - id: first-question
    type: single
    prompt: Replace this with a question about the lesson's main idea.
    answers:
      - text: A wrong answer
        feedback: Say why this is wrong, kindly.
      - text: The right answer
        correct: true
        feedback: Say why this is right.
    explanation: The idea behind the answer, in one or two sentences.
"""


def new_lesson(
    name: str, lessons_dir: Path, banks_dir: Path, title: str | None = None
) -> list[Path]:
    """Start a new lesson ``NN-slug`` from the template, and its bank if there is none.

    Returns
    -------
    list of pathlib.Path
        The files written (the notebook, and the bank when it was created).
    """
    match = SLUG.match(name)
    if not match:
        raise KitError(
            f"{name!r} is not a lesson name; use two digits, a dash and a lower-case slug, "
            "e.g. 07-local-events"
        )
    number = match.group(1)
    slug = name[3:]
    title = title or slug.replace("-", " ").capitalize()
    lessons_dir, banks_dir = Path(lessons_dir), Path(banks_dir)
    taken = sorted(lessons_dir.glob(f"{number}-*.ipynb"))
    if taken:
        raise KitError(f"lesson number {number} is taken by {taken[0]}; choose another number")
    lessons_dir.mkdir(parents=True, exist_ok=True)
    notebook = lessons_dir / f"{name}.ipynb"
    write_atomic(notebook, dump_notebook(template(number, slug, title)))
    written = [notebook]
    solutions = banks_dir.parent / "solutions" / f"{number}.yaml"
    if not solutions.exists():
        solutions.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(solutions, SOLUTIONS_TEMPLATE.format(number=number))
        written.append(solutions)
    bank = banks_dir / f"{number}.yaml"
    if not bank.exists():
        banks_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(bank, BANK_TEMPLATE.format(number=number, title=title.replace('"', "'")))
        written.append(bank)
    return written


# --------------------------------------------------------------------------- command line
def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``kit lessons student-copy`` and ``kit lessons new``."""
    p = subparsers.add_parser(
        "lessons",
        help="make student copies of the lessons, or start a new lesson",
        description="Tools for instructors working with the lesson notebooks.",
    )
    sub = p.add_subparsers(dest="lessons_command", metavar="ACTION", required=True)
    copy = sub.add_parser(
        "student-copy",
        help="write the lessons without solutions, instructor notes or outputs",
        description=(
            "Write a student version of every lesson notebook into OUT_DIR: cells tagged "
            "'solution' or 'instructor' are removed and all outputs are cleared."
        ),
    )
    copy.add_argument("out_dir", metavar="OUT_DIR", help="folder to write (created if missing)")
    copy.add_argument("--lessons", metavar="DIR", help="the lessons folder (default: lessons/)")
    copy.set_defaults(func=_student_copy_command)
    check = sub.add_parser(
        "check",
        help="check lessons against the kit's conventions",
        description=(
            "Check lesson notebooks for the standard parts: title, time, questions and "
            "objectives; two challenges with solutions opened after trying; instructor notes; "
            "collapsed claim checks; an explorer, a predict-then-reveal and the quiz; what "
            "comes next and key points; no outputs; and plain words where learners read: "
            "jargon (data/jargon.yaml, which you can extend) linked to lessons/glossary.md at "
            "first use, no code names in the text, no helper defs, lambdas, comprehensions or "
            "** unpacking in learner code. Exits 1 if any lesson has problems."
        ),
    )
    check.add_argument("paths", nargs="*", metavar="NOTEBOOK", help="default: lessons/NN-*.ipynb")
    check.set_defaults(func=_check_command)
    new = sub.add_parser(
        "new",
        help="start a new lesson NN-slug from the template",
        description=(
            "Create lessons/NN-slug.ipynb with the standard cells (title, time, questions, "
            "objectives, a section, a challenge and its solution, an instructor note, a claim "
            "check, the quiz, key points, credits) and a starter bank data/quizzes/NN.yaml."
        ),
    )
    new.add_argument("name", metavar="NN-slug", help="e.g. 07-local-events")
    new.add_argument("--title", help="the lesson's title (default: from the slug)")
    new.add_argument("--lessons", metavar="DIR", default="lessons", help="default: lessons/")
    new.add_argument(
        "--banks", metavar="DIR", default="data/quizzes", help="default: data/quizzes/"
    )
    new.set_defaults(func=_new_command)


def _student_copy_command(args: argparse.Namespace) -> int:
    lessons = Path(args.lessons) if args.lessons else None
    if lessons is not None and not lessons.is_dir():
        raise KitError(f"--lessons {lessons}: no such folder")
    written = student_copy(Path(args.out_dir), lessons)
    print(f"wrote {len(written)} student notebooks to {args.out_dir}", file=sys.stderr)
    return 0


def _new_command(args: argparse.Namespace) -> int:
    for path in new_lesson(args.name, Path(args.lessons), Path(args.banks), args.title):
        print(f"created {path}", file=sys.stderr)
    return 0


def _check_command(args: argparse.Namespace) -> int:
    paths = []
    for given in [Path(p) for p in args.paths] or [default_lessons_dir()]:
        # a folder means its lessons (NN-slug.ipynb); a file is checked as given
        paths += sorted(given.glob("[0-9][0-9]-*.ipynb")) if given.is_dir() else [given]
    if not paths:
        raise KitError("no lessons to check; give notebook paths")
    problems = []
    for path in paths:
        problems += lint_lesson(read_notebook(path), str(path), path.parent)
    for line in problems:
        print(line)
    print(f"{len(paths)} lesson(s) checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0
