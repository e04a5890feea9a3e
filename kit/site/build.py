"""Build the static website: run the lessons, write the folder (``kit lessons site OUT_DIR``).

Each lesson runs in a fresh kernel (nbclient) with ``KIT_STATIC=1`` and a first, unseen cell
that installs :func:`kit.site.emit.install` and sends plotly figures as data (no plotly.js in
the outputs). Claim checks hold strictly (``KIT_CLAIMS=strict``), so a page never shows text
its numbers contradict; progress goes to a throwaway database. The pages are written by
:mod:`kit.site.render`; ``plotly.min.js`` is copied once from the installed plotly package.
The route's notebooks are the seven lessons and, last, the week-later check
(``a-week-later.ipynb``, :data:`EXTRAS`).

Budget (``benchmarks/README.md``): under 5 minutes and 30 MB on the reference machine;
:func:`build` returns the time and size it took. Three things keep it well inside:

- the explorers' grids come from the shipped run pack (``kit/sim/warm-runs.zip``:
  ``lessons/make_warm_cache.py`` runs the lessons as this build does, grids included);
- the lessons run side by side, one kernel per processor (``jobs``, ``--jobs``);
- a lesson whose inputs have not changed is not run again: its executed notebook is kept
  (:func:`pages_cache`) under a fingerprint of everything its run reads (the notebook, the
  kit's code and data, the installed packages' versions); ``fresh=True`` (``--fresh``) runs
  every lesson regardless.

Examples
--------
>>> lesson_files()[0].name
'00-welcome.ipynb'
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import KitError
from kit.files import write_atomic
from kit.lessons import REMOVED_TAGS, cell_tags, default_lessons_dir, read_notebook
from kit.site import render

#: Pages and stylesheets are readable by everyone, as the copied scripts and images are: a
#: web server running as another user must read them (write_atomic alone makes 0600).
PAGE_MODE = 0o644

__all__ = ["SETUP", "EXTRAS", "Report", "lesson_files", "route_files", "execute", "build"]

#: The unseen first cell of every lesson in the build (removed from the page).
SETUP = (
    "import plotly.io as _kit_pio\n"
    "_kit_pio.renderers.default = 'plotly_mimetype'\n"
    "import kit.site.emit as _kit_site_emit\n"
    "assert _kit_site_emit.install(), 'KIT_STATIC=1 is not set in the kernel'\n"
)

STATIC = Path(__file__).resolve().parent / "static"
ASSETS = ("grader.js", "site.js", "site.css")
#: Seconds a lesson's cell may take in the build.
CELL_TIMEOUT = 600
#: Notebooks of the self-study route after the numbered lessons: file -> the page's key
#: (``data-lesson``, under which the reader's progress is kept).
EXTRAS = {"a-week-later.ipynb": "week"}
#: Bumped when what the build stores of an executed notebook changes (old ones are not reused).
PAGES_FORMAT = 1
#: Files of the kit that only draw pages from an executed notebook (with ``static/``): a
#: change to them does not make a lesson run again.
RENDER_ONLY = frozenset({"site/render.py", "site/cli.py"})


@dataclass
class Report:
    """What a build wrote: pages, the kit's parts counted, seconds and bytes."""

    out_dir: Path
    pages: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)
    #: Lesson pages whose notebook ran in this build, and those reused unchanged.
    ran: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = ", ".join(f"{v} {k}{'s' if v != 1 else ''}" for k, v in self.counts.items() if v)
        kept = f"; {len(self.reused)} unchanged lesson(s) not run again" if self.reused else ""
        return (
            f"{len(self.pages)} pages in {self.out_dir} ({self.bytes / 1e6:.1f} MB, "
            f"{self.seconds:.0f} s{kept}): {parts}"
        )


def lesson_files(lessons_dir: Path | None = None) -> list[Path]:
    """The lessons, in order (``0N-*.ipynb``)."""
    folder = Path(lessons_dir or default_lessons_dir())
    return sorted(folder.glob("0[0-9]-*.ipynb"))


def route_files(lessons_dir: Path | None = None) -> list[Path]:
    """Every notebook the site carries, in the self-study route's order: the lessons, then
    :data:`EXTRAS` (the week-later check) where they exist."""
    folder = Path(lessons_dir or default_lessons_dir())
    return lesson_files(folder) + [folder / n for n in EXTRAS if (folder / n).is_file()]


def page_key(path: Path) -> str:
    """A notebook's key on the site: the lesson's number (``"02"``), or its :data:`EXTRAS` key."""
    return EXTRAS.get(path.name, path.name[:2])


def _kernel_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "KIT_STATIC": "1",
            "KIT_CLAIMS": "strict",
            "KIT_PROGRESS_DB": str(scratch / "progress.db"),
            "KIT_OUTBOX": str(scratch / "outbox.db"),
            "KIT_LEARNER": "static-site",
            "KIT_CAPSTONE_RESULTS": str(scratch / "capstone-results"),
        }
    )
    for name in ("KIT_PROGRESS_URL", "KIT_CLASS", "JUPYTERHUB_USER"):
        env.pop(name, None)
    return env


def execute(path: Path, scratch: Path) -> dict:
    """Run one lesson in a fresh kernel with the static form on; the executed notebook."""
    from jupyter_core.utils import run_sync  # also inside a running event loop (a notebook)

    return run_sync(execute_async)(path, scratch)


async def execute_async(path: Path, scratch: Path) -> dict:
    """:func:`execute` as a coroutine (the build runs several side by side)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.reads(json.dumps(read_notebook(path)), as_version=4)
    nb.cells = [c for c in nb.cells if not cell_tags(c) & REMOVED_TAGS]
    nb.cells.insert(0, nbformat.v4.new_code_cell(SETUP))
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        await client.async_execute(env=_kernel_env(scratch))
    except CellExecutionError as exc:
        raise KitError(
            f"{path.name} did not run to the end, so no page was written for it: "
            f"{_failed_cell(nb)}{exc.ename}: {exc.evalue}"
        ) from None
    nb.cells = nb.cells[1:]
    return nb


def _failed_cell(nb) -> str:
    """'the cell starting "x = ..." stopped with ' for the cell holding the error output."""
    for cell in nb.cells[1:]:
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = next((ln for ln in "".join(cell.source).splitlines() if ln.strip()), "")
            return f'the cell starting "{first.strip()[:60]}" stopped with '
    return ""


# ------------------------------------------------------------------ unchanged lessons
def pages_cache() -> Path:
    """Where executed notebooks are kept between builds: ``KIT_SITE_CACHE``, else a folder
    ``site-pages`` in the run cache's folder (:func:`kit.sim.cache.user_folder`)."""
    given = os.environ.get("KIT_SITE_CACHE", "").strip()
    if given:
        return Path(given).expanduser()
    from kit.sim import cache

    return cache.user_folder() / "site-pages"


def _inputs_digest() -> str:
    """A digest of what every lesson's run reads besides the notebook: the kit's code and
    files, its data, the build's first cell and the installed packages' versions. Left out:
    the run pack (it only makes runs faster, never different) and what only draws the pages
    from the executed notebook (:data:`RENDER_ONLY`: every build renders afresh)."""
    import importlib.metadata
    import platform

    import kit
    from kit.data import data_dir

    h = hashlib.sha256(f"{PAGES_FORMAT}\n{SETUP}\n{platform.python_version()}\n".encode())
    for dist in sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()
    ):
        h.update(dist.encode() + b"\n")
    for root in (Path(kit.__file__).parent, data_dir()):
        for path in sorted(root.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            if path.name == "warm-runs.zip" or path.relative_to(root).as_posix() in RENDER_ONLY:
                continue
            if root == Path(kit.__file__).parent and path.parent == STATIC:
                continue
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _kept_path(path: Path) -> Path:
    return pages_cache() / f"{path.stem}.json.gz"


def _kept(path: Path, digest: str) -> dict | None:
    """The notebook executed from these very inputs in an earlier build, or None."""
    import nbformat

    try:
        stored = json.loads(gzip.decompress(_kept_path(path).read_bytes()))
    except (OSError, ValueError, EOFError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != digest:
        return None
    try:
        return nbformat.from_dict(stored["notebook"])
    except (KeyError, TypeError, ValueError):
        return None


def _keep(path: Path, digest: str, nb: dict) -> None:
    """Keep an executed notebook for the next build (a failure only costs time next build)."""
    target = _kept_path(path)
    data = gzip.compress(json.dumps({"key": digest, "notebook": nb}).encode(), mtime=0)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _lesson_digest(shared: str, path: Path) -> str:
    return hashlib.sha256(shared.encode() + b"\0" + path.read_bytes()).hexdigest()


async def _run_all(files: list[Path], scratch: Path, jobs: int, done, fresh: bool) -> list[str]:
    """Run (or reuse) every notebook, ``jobs`` at a time; ``done(i, nb, seconds, reused)`` for
    each as it finishes. Returns the lessons that failed, one sentence each."""
    shared = _inputs_digest()
    gate = asyncio.Semaphore(max(1, jobs))
    failures: list[str] = []

    async def one(i: int, path: Path) -> None:
        digest = _lesson_digest(shared, path)
        nb = None if fresh else _kept(path, digest)
        if nb is not None:
            done(i, nb, 0.0, True)
            return
        async with gate:
            t0 = time.perf_counter()
            try:
                nb = await execute_async(path, scratch / path.stem)
            except KitError as exc:
                failures.append(str(exc))
                return
            _keep(path, digest, nb)
            done(i, nb, time.perf_counter() - t0, False)

    # the biggest notebooks (the slowest, as a rule) start first: the last to finish is then
    # a short one, and the kernels side by side stay busy
    order = sorted(range(len(files)), key=lambda i: -files[i].stat().st_size)
    await asyncio.gather(*(one(i, files[i]) for i in order))
    return failures


def default_jobs() -> int:
    """Lessons run side by side by default: one per processor, at most 4."""
    return max(1, min(os.cpu_count() or 1, 4))


def _title(nb: dict, fallback: str) -> str:
    for cell in nb["cells"]:
        if cell.get("cell_type") == "markdown":
            found = re.search(r"^#\s+(.+)$", "".join(cell["source"]), re.M)
            if found:
                return found.group(1).strip()
    return fallback


def _page(title: str, body: str, *, lesson: str = "", nav: str = "") -> str:
    attrs = f' data-lesson="{html.escape(lesson)}"' if lesson else ""
    body = render.heading_ids(body)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="assets/site.css">
</head>
<body{attrs}>
<a class="skip-link" href="#main">Skip to the content</a>
<header class="site-head"><nav aria-label="Site">{nav}</nav></header>
<main id="main">
{body}
</main>
<footer class="site-foot"><p>The lessons of the social media vs social networking teaching
kit, run and saved as a website: nothing to install. Quizzes here are self-checks (the
answers are in the page source); your answers stay in this browser. Your own code, run
history and replays need the lessons running live: see
<a href="index.html#run-live">what needs the lessons running live</a>.</p></footer>
<script src="assets/plotly.min.js"></script>
<script src="assets/grader.js"></script>
<script src="assets/site.js"></script>
</body>
</html>
"""


def _nav(lessons: list[tuple[str, str, str]], current: int | None) -> str:
    links = ['<a href="index.html">All lessons</a>']
    if current is not None:
        if current > 0:
            prev = lessons[current - 1]
            links.append(f'<a href="{prev[1]}" rel="prev">← {html.escape(prev[2])}</a>')
        if current + 1 < len(lessons):
            nxt = lessons[current + 1]
            links.append(f'<a href="{nxt[1]}" rel="next">{html.escape(nxt[2])} →</a>')
    links.append('<a href="glossary.html">Glossary</a>')
    return " ".join(links)


SELF_CHECK = (
    '<div class="kit-selfcheck" role="note"><p><strong>This page is the lesson, already run.'
    "</strong> Where the lesson says to run cells or press <em>Run All Cells</em>, there is "
    "nothing to do here: the results are already below. Questions are self-checks, not an "
    "exam: they are graded in your browser and the answers are in this page's source. Your "
    'answers are kept in this browser only. (<a href="index.html#how-head">How this website '
    "works</a>.)</p>"
    '<p><button type="button" class="kit-clear-page">Clear my answers on this page'
    "</button></p></div>"
)


def _lesson_page(nb: dict, number: str, title: str, nav: str, renderer) -> str:
    cells = [renderer.cell(c) for c in nb["cells"]]
    cells.insert(1 if cells else 0, SELF_CHECK)  # under the lesson's title
    return _page(title, "\n".join(cells), lesson=number, nav=nav)


#: The index's own start (the guide's "Before you start" is about JupyterLab): how the
#: website works, and where the parts that need a live kernel are (``#run-live``, which
#: every such part's note links to).
HOW = """
<section class="md-cell how" aria-labelledby="how-head">
<h2 id="how-head">How this website works</h2>
<ul>
<li><strong>Each lesson page is the lesson, already run.</strong> Read it from the top. Where
a lesson says to run cells (<em>Run All Cells</em>), there is nothing to do here: the results
are already on the page.</li>
<li><strong>Questions</strong>: choose or type an answer and press <strong>Submit</strong>.
You get the same feedback, hints and explanations as in the classroom. They are self-checks,
not an exam: the answers are hidden in the page, so nothing stops you peeking, but trying first
is what makes them work.</li>
<li><strong>Explorers</strong>: move a slider and the chart changes. The runs were made in
advance, for a few positions of each slider.</li>
<li><strong>Predictions</strong>: type your guess and press <strong>Reveal</strong>; the
simulation's answer and what the gap tells you appear under it.</li>
<li><strong>Your answers stay in this browser</strong>, on this computer: nothing is sent
anywhere, and another browser or computer starts empty. A question you answered on an
earlier visit has <strong>Start again</strong>, each lesson <strong>Clear my answers on this
page</strong>, and
this page <strong>Clear all my answers</strong> (below the list of lessons).</li>
</ul>
<h3 id="run-live">What needs the lessons running live</h3>
<p>A few parts need the lessons running in JupyterLab, the program they were written for:
writing and running your own code (and a challenge's solution), an explorer's run history,
pins and scenario codes, a prediction on a new run, and the replay in lesson 02. Each says so
where it appears. In a class, log in to your class's hub and open lesson 00 there. On your own
computer, the kit is installed once by typing <code>make lab</code> in its folder (its README
explains; someone used to a terminal can do it in about ten minutes), and the lessons then open
in JupyterLab.</p>
</section>
"""


def _index(lessons_dir: Path, lessons: list[tuple[str, str, str]]) -> str:
    rows = []
    for number, page, title in lessons:
        rows.append(
            f'<li class="route-item" data-lesson="{number}"><a href="{page}">'
            f"{html.escape(title)}</a> <span class='kit-progress' data-lesson='{number}'>"
            "not started</span></li>"
        )
    route = (
        '<section class="route" aria-labelledby="route-head"><h2 id="route-head">The lessons '
        "and your progress in this browser</h2>"
        f'<ol class="route-list">{"".join(rows)}</ol>'
        '<p><button type="button" class="kit-clear-all">Clear all my answers</button></p>'
        "</section>"
    )
    guide = (lessons_dir / "self-study.md").read_text(encoding="utf-8")
    # the guide from its route on: its start is about installing and running JupyterLab,
    # which HOW says for this website
    found = re.search(r"^## The route", guide, re.M)
    if found:
        guide = guide[found.start() :]
    head = (
        "<h1>Social media vs social networking: the lessons</h1>"
        "<p>Read and try every lesson in your browser, with nothing to install and no internet "
        "connection needed. Questions are graded as you answer; explorers and predictions show "
        "runs computed when this website was made. Nothing you type is sent anywhere. New "
        'here? Read <a href="#how-head">how this website works</a> first.</p>'
    )
    # the lessons and the reader's progress first (what a returning reader comes for)
    return head + route + HOW + f'<section class="md-cell">{render.markdown(guide)}</section>'


def _copy_assets(out: Path) -> None:
    import plotly

    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not source.exists():
        raise KitError(f"plotly.min.js is not in the installed plotly package ({source})")
    shutil.copyfile(source, assets / "plotly.min.js")
    for name in ASSETS:
        shutil.copyfile(STATIC / name, assets / name)
    from pygments.formatters import HtmlFormatter

    light = HtmlFormatter(style="default").get_style_defs(".highlight")
    dark = HtmlFormatter(style="monokai").get_style_defs(".highlight")
    # Pygments' default comments (#3D7B7B) fall short of 4.5:1 on the code background
    light += "\n.highlight .c, .highlight .c1, .highlight .cm, .highlight .ch, .highlight .cs"
    light += ", .highlight .cpf { color: #2c5a5a }"
    css = (
        "@media (prefers-color-scheme: light) {\n" + light + "\n}\n"
        "@media (prefers-color-scheme: dark) {\n" + dark + "\n}\n"
    )
    write_atomic(assets / "pygments.css", css, mode=PAGE_MODE)
    # site.css pulls the highlighting in: one <link> per page
    text = (assets / "site.css").read_text(encoding="utf-8")
    write_atomic(assets / "site.css", '@import url("pygments.css");\n' + text, mode=PAGE_MODE)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(
    out_dir: Path | str,
    lessons_dir: Path | str | None = None,
    *,
    only: list[str] | None = None,
    log=print,
    jobs: int | None = None,
    fresh: bool = False,
) -> Report:
    """Run the lessons and write the website to ``out_dir`` (created; its files replaced).

    Parameters
    ----------
    out_dir : path
        The folder to write (``index.html`` at its top).
    lessons_dir : path, optional
        Default: the kit's ``lessons/``.
    only : list of str, optional
        Lesson numbers to build (``["00", "02"]``, ``"week"`` for the week-later check);
        default all.
    log : callable
        Called with one line per lesson.
    jobs : int, optional
        Lessons run side by side (default :func:`default_jobs`: one per processor).
    fresh : bool
        Run every lesson, even one whose inputs have not changed since the last build.

    Raises
    ------
    KitError
        When a lesson does not run to the end or a part of the kit has no static form.
    """
    start = time.perf_counter()
    lessons_dir = Path(lessons_dir or default_lessons_dir())
    out = Path(out_dir)
    files = route_files(lessons_dir)
    if only:
        unknown = sorted(set(only) - {page_key(p) for p in files})
        if unknown:
            known = ", ".join(page_key(p) for p in files)
            raise KitError(f"no lesson {', '.join(unknown)} in {lessons_dir} (there are {known})")
        files = [p for p in files if page_key(p) in only]
    if not files:
        raise KitError(f"no lessons (0N-*.ipynb) in {lessons_dir}")
    out.mkdir(parents=True, exist_ok=True)
    report = Report(out)
    lessons = []
    for path in files:
        nb = read_notebook(path)
        lessons.append((page_key(path), path.stem + ".html", _title(nb, path.stem)))
    _copy_assets(out)
    totals: dict[str, int] = {}
    counted: list[dict[str, int] | None] = [None] * len(files)

    def done(i: int, nb: dict, seconds: float, reused: bool) -> None:
        renderer = render.Renderer(f"p{lessons[i][0]}")
        number, page, title = lessons[i]
        write_atomic(
            out / page, _lesson_page(nb, number, title, _nav(lessons, i), renderer), mode=PAGE_MODE
        )
        counted[i] = renderer.counts
        report.problems.extend(f"{files[i].name}: {p}" for p in renderer.problems)
        (report.reused if reused else report.ran).append(page)
        how = "unchanged, not run again" if reused else f"{seconds:.0f} s"
        log(f"{page}: {how}, " + ", ".join(f"{v} {k}" for k, v in renderer.counts.items() if v))

    with tempfile.TemporaryDirectory(prefix="kit-site-") as scratch:
        from jupyter_core.utils import run_sync  # also inside a running event loop

        failures = run_sync(_run_all)(files, Path(scratch), jobs or default_jobs(), done, fresh)
    if failures:
        more = f" (and {len(failures) - 1} more lesson(s))" if len(failures) > 1 else ""
        raise KitError(failures[0] + more)
    for i, page in enumerate(lessons):
        report.pages.append(page[1])
        for key, value in (counted[i] or {}).items():
            totals[key] = totals.get(key, 0) + value
    for name, page in render.PAGES.items():
        source = lessons_dir / name
        if not source.exists():
            continue
        if page == "index.html":
            body = _index(lessons_dir, lessons)
            title = "The lessons"
        else:
            text = render.markdown(source.read_text("utf-8"))
            body = f'<section class="md-cell">{text}</section>'
            title = name[:-3].replace("-", " ").capitalize()
        write_atomic(out / page, _page(title, body, nav=_nav(lessons, None)), mode=PAGE_MODE)
        report.pages.append(page)
    # the licences the lessons' credits link to travel with the pages
    beside = lessons_dir.parent
    if (beside / "LICENSE").is_file():
        shutil.copyfile(beside / "LICENSE", out / "LICENSE.txt")
        report.pages.append("LICENSE.txt")
    if (beside / "LICENSE-CONTENT.md").is_file():
        text = render.markdown((beside / "LICENSE-CONTENT.md").read_text("utf-8"))
        body = f'<section class="md-cell">{text}</section>'
        write_atomic(
            out / "LICENSE-CONTENT.html",
            _page("Licences", body, nav=_nav(lessons, None)),
            mode=PAGE_MODE,
        )
        report.pages.append("LICENSE-CONTENT.html")
    if (lessons_dir / "images").is_dir():
        shutil.copytree(lessons_dir / "images", out / "images", dirs_exist_ok=True)
    report.counts = totals
    report.seconds = time.perf_counter() - start
    report.bytes = _folder_bytes(out)
    if report.problems:
        raise KitError(
            f"the site in {out} has {len(report.problems)} problem(s): {report.problems[0]}"
        )
    return report
