"""Imports inside ``kit`` only go down: no module imports a layer above it, and none in a circle.

Imports are read from the source with :mod:`ast`, so lazy imports inside functions count too
(they still tie the modules together), and so do imports under ``if TYPE_CHECKING:``: they
never run, but a module that names another's types for its signatures depends on it as much
(they count as lazy). The rules are the two tables below; CONTRIBUTING.md draws them.

Adding a module: put it in :data:`QUIZ_LAYERS` (a module of ``kit.quiz``) or give its package
a row in :data:`KIT_RULES` (anything else in ``kit``). The test names any module it cannot
place.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "kit"

#: kit.quiz, bottom to top: a module may import its own layer and the layers below it.
#: ``kit.quiz`` itself (``__init__``) and ``kit.quiz.cli`` are the package's front doors,
#: above every layer. A name ending in ``.*`` stands for a sub-package's modules.
QUIZ_LAYERS: list[tuple[str, list[str]]] = [
    (
        "questions and grading",
        [
            "grading",
            "base",
            "jupyterquiz_grading",
            "choice",
            "numeric",
            "text",
            "arrange",
            "questions",
        ],
    ),
    ("formats", ["schema", "checking", "yaml_format", "jupyterquiz", "bank", "profile", "phases"]),
    ("attempt state", ["state"]),
    ("views", ["markup", "controls", "views", "widgets", "phase_widgets"]),
    # progress: the store's names re-exported until kit.explore.predict imports kit.store
    ("front doors", ["__init__", "cli"]),
]

#: Packages outside kit.quiz that a layer of it may import (besides kit's base modules and
#: kit.store, which every layer may use). The front door re-exports the teacher's view
#: (kit.quiz.dashboard, class_stats, item_analysis) for the lessons, lazily.
QUIZ_OUTSIDE: dict[str, set[str]] = {"front doors": {"kit.classroom"}}

BASE = {"kit", "kit.errors", "kit.files", "kit.data", "kit.palette", "kit.limits"}
SIM_AND_PLOTS = BASE | {"kit.sim", "kit.plots"}

#: The rest of kit: package (or module) -> the kit packages it may import besides itself.
#: The longest matching name wins. ``kit.quiz:storage`` means kit.quiz's layers up to and
#: including "storage" only.
KIT_RULES: dict[str, set[str]] = {
    "kit": set(),  # kit/__init__.py imports nothing of its own (sub-packages load on demand)
    "kit.errors": set(),
    "kit.files": {"kit.errors"},
    "kit.data": {"kit.errors"},
    "kit.palette": set(),
    "kit.limits": {"kit.errors"},  # bounds for input from someone else
    "kit.sim": BASE,
    # attempts anywhere: knows no questions, widgets, classes or hub (issue 19)
    "kit.store": BASE,
    "kit.quiz": BASE | {"kit.store"},
    # the teacher's view: class numbers, dashboard, item analysis; bank formats for labels
    "kit.classroom": BASE | {"kit.store", "kit.quiz:formats"},
    "kit.plots": BASE | {"kit.sim"},
    # the explorers (issue 19): one package around a Session, above sim and plots
    "kit.explore": SIM_AND_PLOTS | {"kit.quiz", "kit.store"},
    "kit.hub": BASE | {"kit.store", "kit.classroom"},  # server side only
    "kit.lessons": BASE | {"kit.plainwords", "kit.learn"},  # the check reads the solutions
    "kit.plainwords": BASE,  # plain-words checks of lessons (kit lessons check)
    "kit.learn": BASE,  # claim checks and solutions in a learner's kernel (no sim, no quiz)
    # the static website (issue 26): runs the lessons, emits the widgets' static form
    "kit.site": SIM_AND_PLOTS | {"kit.quiz", "kit.store", "kit.explore", "kit.lessons"},
    "kit.cli": BASE
    | {"kit.sim", "kit.quiz", "kit.store", "kit.classroom", "kit.lessons", "kit.hub"},
    "kit.__main__": {"kit.cli"},
}


#: Imports that break the rules on purpose, each with its reason. They must be lazy (inside a
#: function), so that importing the lower module never loads the higher one.
EXCEPTIONS: dict[tuple[str, str], str] = {}


# --------------------------------------------------------------------------- reading


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(
    path: Path, modules: set[str], name: str | None = None
) -> dict[str, tuple[int, bool]]:
    """The kit modules ``path`` (module ``name``) imports -> (first line, lazy).

    ``lazy`` is True when every import of that module is inside a function or an
    ``if TYPE_CHECKING:`` block.
    """
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, tuple[int, bool]] = {}

    def add(target: str, line: int, lazy: bool) -> None:
        if (target == "kit" or target.startswith("kit.")) and target != name:
            if target not in found or (found[target][1] and not lazy):
                found[target] = (line, lazy)

    def visit(node: ast.AST, lazy: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.body:  # never runs, but names the other module's types
                visit(child, True)
            for child in node.orelse:
                visit(child, lazy)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno, lazy)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                # "from kit.quiz import widgets" imports the module kit.quiz.widgets
                sub = f"{base}.{alias.name}"
                add(sub if sub in modules else base, node.lineno, lazy)
        inner = lazy or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    return found


def kit_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(KIT.rglob("*.py"))}


MODULES = kit_modules()
GRAPH = {name: imports_of(path, set(MODULES)) for name, path in MODULES.items()}


# --------------------------------------------------------------------------- rules


def quiz_layer(module: str) -> int | None:
    """The index in QUIZ_LAYERS of a kit.quiz module (None when it is not listed)."""
    short = "__init__" if module == "kit.quiz" else module.removeprefix("kit.quiz.")
    for index, (_, names) in enumerate(QUIZ_LAYERS):
        for listed in names:
            if short == listed or (listed.endswith(".*") and short.startswith(listed[:-1])):
                return index
    return None


def kit_rule(module: str) -> str | None:
    """The KIT_RULES row for a module: the longest package name that contains it."""
    best = None
    for package in KIT_RULES:
        if module == package or module.startswith(package + "."):
            if best is None or len(package) > len(best):
                best = package
    return best


def allowed(importer: str, target: str) -> bool:
    rule = kit_rule(importer)
    target_rule = kit_rule(target)
    if rule == "kit.quiz" and quiz_layer(importer) is None:
        return True  # test_every_module_has_a_place names it
    if rule == target_rule == "kit.quiz":
        if quiz_layer(target) is None:
            return True
        return quiz_layer(target) <= quiz_layer(importer)
    if rule == "kit.quiz" and target_rule in QUIZ_OUTSIDE.get(
        QUIZ_LAYERS[quiz_layer(importer)][0], set()
    ):
        return True
    if rule == target_rule:
        return True
    for entry in KIT_RULES[rule]:
        package, _, top_layer = entry.partition(":")
        if target_rule != package:
            continue
        if not top_layer:
            return True
        names = [name for name, _ in QUIZ_LAYERS]
        return (quiz_layer(target) or 0) <= names.index(top_layer)
    return False


# --------------------------------------------------------------------------- tests


def test_every_module_has_a_place():
    unplaced = [m for m in MODULES if kit_rule(m) is None]
    assert not unplaced, f"add these to KIT_RULES in {__file__}: {unplaced}"
    quiz = [m for m in MODULES if kit_rule(m) == "kit.quiz" and quiz_layer(m) is None]
    assert not quiz, f"add these kit.quiz modules to a layer in QUIZ_LAYERS ({__file__}): {quiz}"


def test_imports_go_down_only():
    wrong = [
        f"{MODULES[importer].relative_to(ROOT)}:{line}: {importer} imports {target}"
        for importer, targets in GRAPH.items()
        for target, (line, _) in targets.items()
        if kit_rule(target) is not None
        and (importer, target) not in EXCEPTIONS
        and not allowed(importer, target)
    ]
    assert not wrong, "imports against the layers (see CONTRIBUTING.md):\n" + "\n".join(wrong)


def test_exceptions_are_lazy_imports():
    eager = [
        f"{importer} imports {target} at the top (line {GRAPH[importer][target][0]})"
        for importer, target in EXCEPTIONS
        if importer in GRAPH and target in GRAPH[importer] and not GRAPH[importer][target][1]
    ]
    assert not eager, "an exception must be a lazy import, inside a function: " + "; ".join(eager)
    unused = [f"{a} -> {b}" for a, b in EXCEPTIONS if b not in GRAPH.get(a, {})]
    assert not unused, f"these imports are gone; remove them from EXCEPTIONS: {unused}"


def find_cycle(graph: dict[str, dict]) -> list[str] | None:
    """One import cycle in ``graph`` (a list of modules, the first repeated last) or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in graph.get(node, {}):
            if target not in graph:
                continue
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles():
    # A package's __init__ re-exporting its modules is not a cycle of the modules themselves.
    graph = {
        importer: {
            t: line
            for t, line in targets.items()
            if not importer.startswith(t + ".") and (importer, t) not in EXCEPTIONS
        }
        for importer, targets in GRAPH.items()
    }
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


# --------------------------------------------------------------------------- the checker works


def test_checker_sees_lazy_relative_and_circular_imports(tmp_path):
    fake = tmp_path / "questions.py"
    fake.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from kit.quiz.report import item_stats\n"
        "def f():\n    from kit.quiz.widgets import QuestionWidget\n"
        "    from . import views\n"
    )
    found = imports_of(fake, set(MODULES), name="kit.quiz.questions")
    assert found == {
        "kit.quiz.report": (3, True),
        "kit.quiz.widgets": (5, True),
        "kit.quiz.views": (6, True),
    }
    assert not allowed("kit.quiz.questions", "kit.quiz.widgets")
    assert allowed("kit.quiz.widgets", "kit.quiz.questions")
    assert not allowed("kit.sim.engine", "kit.plots.curves")
    assert allowed("kit.plots.curves", "kit.sim")
    assert allowed("kit.hub.service", "kit.store.progress")
    assert allowed("kit.hub.service", "kit.classroom.stats")
    assert not allowed("kit.hub.service", "kit.quiz.widgets")
    assert allowed("kit.quiz.widgets", "kit.store")
    assert not allowed("kit.store.progress", "kit.quiz.state")
    assert not allowed("kit.store.http", "kit.hub")
    assert allowed("kit.classroom.stats", "kit.quiz.bank")
    assert not allowed("kit.classroom.widget", "kit.quiz.widgets")
    assert not allowed("kit.classroom.widget", "kit.plots.style")
    assert allowed("kit.explore.bench", "kit.store")
    assert not allowed("kit.explore.bench", "kit.hub.service")
    assert not allowed("kit.sim.api", "kit.explore.session")
    assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": 1}, "b": {}}) is None
