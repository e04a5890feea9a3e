"""Plain words where learners read: the checks ``kit lessons check`` adds for non-programmers.

A lesson's learner cells are the cells a learner sees: every cell not tagged ``instructor``,
``solution`` or ``claim-check`` (those are for instructors and authors), nor ``coders`` (an
aside for those who code, which may name code). In them:

- **jargon** (:func:`jargon_problems`): the first use in a lesson of each term of
  ``data/jargon.yaml`` must be a link to the glossary (``[hazard](glossary.md#hazard)``),
  and the glossary must have that anchor;
- **code words in prose** (:func:`code_word_problems`): no backticked parameter names or
  calls (``p_ad``, ``sim.compare(...)``) in markdown; say the plain name the lesson gives;
- **code idioms** (:func:`idiom_problems`): no helper ``def``, ``lambda``, comprehension or
  ``**`` unpacking in learner code cells (they belong in ``kit``);
- **challenges** (:func:`challenge_problems`): no blank ``# Your code here`` cell; each
  ``### Challenge N`` has a cell calling ``solution("NN", N)``, and
  ``data/solutions/NN.yaml`` has that solution.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

#: Tags of cells a learner does not read as lesson text.
NOT_LEARNER = frozenset({"instructor", "solution", "claim-check", "coders"})
_LINK = re.compile(r"\[([^\]]+)\]\(glossary\.md#([A-Za-z0-9_-]+)\)")
_BACKTICK = re.compile(r"`([^`\n]+)`")
_CODE_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\(.*\))?$")
_CHALLENGE = re.compile(r"^### Challenge (\d+)", re.M)
_SOLUTION_CALL = re.compile(r"solution\(\s*[\"'](\d\d)[\"']\s*,\s*(\d+)\s*[,)]")


def _text(cell: dict) -> str:
    return "".join(cell.get("source", ""))


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def learner_cells(nb: dict) -> list[tuple[int, dict]]:
    """(index, cell) of every cell a learner reads as the lesson."""
    return [(i, c) for i, c in enumerate(nb["cells"]) if not _tags(c) & NOT_LEARNER]


def load_jargon(data: Path) -> list[dict]:
    """The terms of ``data/jargon.yaml``: ``anchor`` and the ``words`` that count as it."""
    import yaml

    path = Path(data) / "jargon.yaml"
    if not path.exists():
        return []
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [t for t in loaded.get("terms", []) if isinstance(t, dict) and t.get("words")]


def glossary_anchors(path: Path) -> set[str]:
    """The anchors (``<a id="...">``) of the glossary."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return set()
    return set(re.findall(r"<a id=\"([A-Za-z0-9_-]+)\"", text))


def _strip_code(text: str) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    return _BACKTICK.sub(" ", text)


def jargon_problems(nb: dict, terms: list[dict], anchors: set[str]) -> list[str]:
    """First uses of jargon that are not glossary links, and links to missing anchors."""
    problems = []
    seen: set[str] = set()
    for i, cell in learner_cells(nb):
        if cell.get("cell_type") != "markdown":
            continue
        text = _text(cell)
        for _label, anchor in _LINK.findall(text):
            if anchor not in anchors:
                problems.append(f"cell {i}: links to glossary.md#{anchor}, which has no entry")
        linked = {anchor for _, anchor in _LINK.findall(text)}
        plain = _strip_code(_LINK.sub(" ", text))
        for term in terms:
            anchor = term["anchor"]
            if anchor in seen:
                continue
            if anchor in linked:
                seen.add(anchor)
                continue
            for word in term["words"]:
                if re.search(rf"(?<![\w-]){re.escape(str(word))}(?![\w-])", plain, re.I):
                    problems.append(
                        f"cell {i}: {word!r} is used before it is explained; link its first use "
                        f"to the glossary: [{word}](glossary.md#{anchor})"
                    )
                    seen.add(anchor)
                    break
    return problems


def code_word_problems(nb: dict, code_names: set[str]) -> list[str]:
    """Backticked code names (parameters, calls, dotted names) in learner markdown."""
    problems = []
    for i, cell in learner_cells(nb):
        if cell.get("cell_type") != "markdown":
            continue
        text = re.sub(r"```.*?```", " ", _text(cell), flags=re.S)
        found = []
        for word in _BACKTICK.findall(text):
            word = word.strip()
            if not _CODE_WORD.match(word):
                continue
            if word in code_names or "." in word or "(" in word or "_" in word:
                found.append(word)
        if found:
            names = ", ".join(dict.fromkeys(found))
            problems.append(
                f"cell {i}: code names in the text ({names}); say the plain name the lesson "
                "gives, or tag the cell 'coders' if it is an aside for those who code"
            )
    return problems


class _Idioms(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[str] = []

    def visit_FunctionDef(self, node):  # noqa: N802 - ast's names
        self.found.append(f"a helper function (def {node.name})")
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815

    def visit_Lambda(self, node):  # noqa: N802
        self.found.append("a lambda")
        self.generic_visit(node)

    def _comp(self, node):
        self.found.append("a comprehension")
        self.generic_visit(node)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comp  # noqa: N815

    def visit_Call(self, node):  # noqa: N802
        if any(k.arg is None for k in node.keywords):
            self.found.append("** unpacking")
        self.generic_visit(node)

    def visit_Dict(self, node):  # noqa: N802
        if any(k is None for k in node.keys):
            self.found.append("** unpacking")
        self.generic_visit(node)


def idiom_problems(nb: dict) -> list[str]:
    """Python idioms a non-programmer should not have to read, in learner code cells."""
    problems = []
    for i, cell in learner_cells(nb):
        if cell.get("cell_type") != "code":
            continue
        source = "\n".join(
            line for line in _text(cell).splitlines() if not line.lstrip().startswith(("%", "!"))
        )
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        visitor = _Idioms()
        visitor.visit(tree)
        if visitor.found:
            what = ", ".join(dict.fromkeys(visitor.found))
            problems.append(
                f"cell {i}: learner code uses {what}; move it into kit (a function the "
                "lesson calls) so a non-programmer only changes values"
            )
    return problems


def challenge_problems(nb: dict, number: str, solutions: dict[int, dict] | None) -> list[str]:
    """Blank code cells, and challenges without a solution shown after trying."""
    problems = []
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        if cell.get("cell_type") == "code" and _text(cell).strip().lower() in (
            "# your code here",
            "",
        ):
            problems.append(
                f"cell {i}: a blank code cell; write a faded example (the code, with the values "
                "to change marked) or a control"
            )
    for i, cell in enumerate(cells):
        match = _CHALLENGE.search(_text(cell))
        if cell.get("cell_type") != "markdown" or not match:
            continue
        n = int(match.group(1))
        called = False
        for later in cells[i + 1 :]:
            if later.get("cell_type") == "markdown" and re.search(r"^#{2,3} ", _text(later), re.M):
                break
            for lesson, challenge in _SOLUTION_CALL.findall(_text(later)):
                called = called or (lesson == number and int(challenge) == n)
        if not called:
            problems.append(
                f"challenge {n}: no 'solution(\"{number}\", {n})' after it; end the challenge's "
                "cell with it so a solution opens after trying"
            )
        elif solutions is not None and n not in solutions:
            problems.append(f"challenge {n}: data/solutions/{number}.yaml has no solution {n}")
    return problems
