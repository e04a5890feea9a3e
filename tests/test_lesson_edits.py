"""Every lesson runs to the end whatever a learner changes (issue 20): a seeded property test.

Each lesson is run as a learner would after doing what it invites, in a kernel where claim
checks are calm (``KIT_CLAIMS=calm``: a learner's kernel):

- every value a lesson marks for changing (a line ``NAME = VALUE  # <- try A, B or C``) takes
  one of the values the comment offers: all first, all last, then seeded random picks, so
  the ends of every list are covered;
- right after each explorer is built, every one of its sliders is moved to an end of its
  range (seeded: min or max each), as a learner dragging them would;

and no cell may raise; in the first variant every challenge's solution runs too, as its
"Run this solution" button would run it. At least 21 edited runs across the seven lessons
(three per lesson); in the slow tier (``make test``), as the lessons themselves are.
"""

from __future__ import annotations

import ast
import random
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
MARK = re.compile(
    r"^(?P<head>\s*(?P<name>\w+) = )(?P<value>.+?)(?P<tail>\s+# <- try (?P<opts>.+))$"
)
VARIANTS = ("first", "last", "random")
SEED = 2026


def offered(text: str) -> list:
    """The values a ``# <- try A, B or C`` comment offers, as Python values."""
    text = text.strip().rstrip(".")
    parts = re.split(r",\s*|\s+or\s+", text)
    values = []
    for part in parts:
        try:
            values.append(ast.literal_eval(part.strip()))
        except (ValueError, SyntaxError):
            return []  # prose, not a list of values: leave the line as it is
    return values


def edit_source(source: str, variant: str, rng: random.Random) -> tuple[str, int]:
    """The cell's source with each marked value replaced; and how many were replaced."""
    lines, changed = [], 0
    for line in source.splitlines():
        m = MARK.match(line)
        values = offered(m.group("opts")) if m else []
        if values:
            if variant == "first":
                pick = values[0]
            elif variant == "last":
                pick = values[-1]
            else:
                pick = rng.choice(values)
            line = f"{m.group('head')}{pick!r}{m.group('tail')}"
            changed += 1
        lines.append(line)
    return "\n".join(lines), changed


def explorer_name(source: str) -> str | None:
    """The name an explorer built in this cell can be reached by afterwards, if any."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for stmt in reversed(tree.body):
        call = stmt.value if isinstance(stmt, ast.Assign | ast.Expr) else None
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "explore":
            if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                return stmt.targets[0].id
            return "_"  # displayed as the cell's value: IPython keeps it in _
    return None


def wiggle_cell(name: str, seed: int) -> str:
    return (
        "import random as _kit_random\n"
        f"_kit_rng = _kit_random.Random({seed})\n"
        f"_kit_explorer = {name}\n"
        "_kit_explorer.set(**{n: (s.min if _kit_rng.random() < 0.5 else s.max)"
        " for n, s in _kit_explorer.controls.items()})\n"
    )


def edited(nb, variant: str, seed: int):
    """A copy of the notebook as a learner left it: values changed, sliders moved."""
    import nbformat

    rng = random.Random(seed)
    out = nbformat.from_dict(nbformat.v4.new_notebook())
    out.metadata = nb.metadata
    changed = 0
    for cell in nb.cells:
        cell = nbformat.from_dict(dict(cell))
        if cell.cell_type == "code":
            cell.source, n = edit_source(cell.source, variant, rng)
            changed += n
        out.cells.append(cell)
        name = explorer_name(cell.source) if cell.cell_type == "code" else None
        if name:
            out.cells.append(nbformat.v4.new_code_cell(wiggle_cell(name, rng.randrange(10**6))))
            changed += 1
    return out, changed


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_a_lesson_runs_to_the_end_whatever_the_learner_changes(path, variant, monkeypatch):
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    monkeypatch.setenv("KIT_CLAIMS", "calm")  # a learner's kernel
    nb = nbformat.read(path, as_version=4)
    seed = SEED + VARIANTS.index(variant) * 100 + LESSONS.index(path)
    nb, changed = edited(nb, variant, seed)
    number = path.name[:2]
    if variant == "first" and (ROOT / "data" / "solutions" / f"{number}.yaml").exists():
        # and every challenge's solution runs where its button would run it
        nb.cells.append(
            nbformat.v4.new_code_cell(
                "from kit.learn import _run, solutions\n"
                f"for _n, _s in solutions({number!r}).items():\n"
                "    if _s.get('code'):\n"
                "        _run(_s['code'], f'<solution {_n}>', globals())\n"
            )
        )
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=True,
    )
    client.execute()
    errors = [
        (i, "".join(c.source)[:120], *problem)
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        for o in c.outputs
        if (problem := raised(o))
    ]
    assert errors == [], f"{path.name} ({variant}, {changed} edits): a cell raised: {errors}"


def raised(output) -> tuple | None:
    """What an output says went wrong: a traceback, or a kit error's sentence (a KitError is
    shown as a box, not as an error output, but it stops Run All just the same)."""
    if output.get("output_type") == "error":
        return (output.get("ename"), output.get("evalue"))
    shown = output.get("data", {}).get("text/html", "")
    shown = "".join(shown) if isinstance(shown, list) else shown
    if "kit-error" in shown:
        return ("KitError", re.sub(r"<[^>]+>", "", shown))
    return None


def _run_until(nb, last: int, allow_errors: bool):
    import nbclient
    import nbformat

    head = nbformat.from_dict(dict(nb))
    head.cells = nb.cells[: last + 1]
    client = nbclient.NotebookClient(
        head,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(LESSONS[0].parent)}},
        allow_errors=allow_errors,
    )
    client.execute()
    return head


@pytest.mark.slow
def test_a_misspelt_business_stops_the_capstone_with_the_choices(monkeypatch, tmp_path):
    """Lesson 06: the business is typed; a typo stops Run All at that cell with a sentence
    naming the four businesses (nothing below runs on), and a name typed with other
    capitals or a space for the hyphen runs on as the business it names."""
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    monkeypatch.setenv("KIT_CLAIMS", "calm")
    monkeypatch.setenv("KIT_CAPSTONE_RESULTS", str(tmp_path))
    path = next(p for p in LESSONS if p.name.startswith("06-"))
    nb = nbformat.read(path, as_version=4)
    at = next(
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        and MARK.match(c.source.splitlines()[0] if c.source else "")
        and c.source.startswith("business = ")
    )
    said = next(i for i in range(at + 1, len(nb.cells)) if "say_presets" in nb.cells[i].source)
    first = nb.cells[at].source.splitlines()[0]

    typo = nbformat.from_dict(dict(nb))
    typo.cells = [nbformat.from_dict(dict(c)) for c in nb.cells]
    typo.cells[at].source = typo.cells[at].source.replace(first, 'business = "real estate agnt"')
    with pytest.raises(nbclient.exceptions.CellExecutionError):
        _run_until(typo, said, allow_errors=False)  # Run All stops at the typo
    (problem,) = [p for o in typo.cells[at].outputs if (p := raised(o))]
    sentence = problem[1]
    for name in ("real-estate agent", "B2B consultant", "online shop", "celebrity"):
        assert f"&quot;{name}&quot;" in sentence or f'"{name}"' in sentence, sentence
    assert "Did you mean" in sentence and "Traceback" not in sentence
    assert typo.cells[said].outputs == []  # the sentence below never ran

    loose = nbformat.from_dict(dict(nb))
    loose.cells = [nbformat.from_dict(dict(c)) for c in nb.cells]
    loose.cells[at].source = loose.cells[at].source.replace(first, 'business = "Online Shop"')
    ran = _run_until(loose, said, allow_errors=False)
    text = "".join(
        "".join(o.get("data", {}).get("text/markdown", "")) for o in ran.cells[said].outputs
    )
    assert "For the online shop" in text, text


def test_the_marks_are_read_as_values():
    assert offered("0.02, 0.025 or 0.03") == [0.02, 0.025, 0.03]
    assert offered('"balanced", "acquainting" or "celebrity"') == [
        "balanced",
        "acquainting",
        "celebrity",
    ]
    assert offered("a bigger number") == []
    text, n = edit_source("x = 1  # <- try 1, 2 or 3\ny = 2", "last", random.Random(0))
    assert (text, n) == ("x = 3  # <- try 1, 2 or 3\ny = 2", 1)
    assert explorer_name("room = explore(x)\nroom") == "room"
    assert explorer_name('explore(strategies=("a", "b"))') == "_"
    assert explorer_name("print(1)") is None


def test_every_lesson_offers_something_to_change():
    for path in LESSONS:
        text = path.read_text(encoding="utf-8")
        assert "# <- try" in text or "explore(" in text, path.name
