"""Build the static website: run the lessons, write the folder (``kit lessons site OUT_DIR``).

Each lesson runs in a fresh kernel (nbclient) with ``KIT_STATIC=1`` and a first, unseen cell
that installs :func:`kit.site.emit.install` and sends plotly figures as data (no plotly.js in
the outputs). Claim checks hold strictly (``KIT_CLAIMS=strict``), so a page never shows text
its numbers contradict; progress goes to a throwaway database. The pages are written by
:mod:`kit.site.render`; ``plotly.min.js`` is copied once from the installed plotly package.

Budget (``benchmarks/README.md``): under 5 minutes and 30 MB for the seven lessons on the
reference machine; :func:`build` returns the time and size it took.

Examples
--------
>>> lesson_files()[0].name
'00-welcome.ipynb'
"""

from __future__ import annotations

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

__all__ = ["SETUP", "Report", "lesson_files", "execute", "build"]

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


@dataclass
class Report:
    """What a build wrote: pages, the kit's parts counted, seconds and bytes."""

    out_dir: Path
    pages: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = ", ".join(f"{v} {k}{'s' if v != 1 else ''}" for k, v in self.counts.items() if v)
        return (
            f"{len(self.pages)} pages in {self.out_dir} ({self.bytes / 1e6:.1f} MB, "
            f"{self.seconds:.0f} s): {parts}"
        )


def lesson_files(lessons_dir: Path | None = None) -> list[Path]:
    """The lessons, in order (``0N-*.ipynb``)."""
    folder = Path(lessons_dir or default_lessons_dir())
    return sorted(folder.glob("0[0-9]-*.ipynb"))


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
    try:
        client.execute(env=_kernel_env(scratch))
    except CellExecutionError as exc:
        first = str(exc).strip().splitlines()
        raise KitError(
            f"{path.name} did not run to the end, so no page was written for it: "
            f"{first[-1] if first else exc}"
        ) from None
    nb.cells = nb.cells[1:]
    return nb


def _title(nb: dict, fallback: str) -> str:
    for cell in nb["cells"]:
        if cell.get("cell_type") == "markdown":
            found = re.search(r"^#\s+(.+)$", "".join(cell["source"]), re.M)
            if found:
                return found.group(1).strip()
    return fallback


def _page(title: str, body: str, *, lesson: str = "", nav: str = "") -> str:
    attrs = f' data-lesson="{html.escape(lesson)}"' if lesson else ""
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
kit, run and saved as a website: no kernel, nothing to install. Quizzes here are self-checks
(the answers are in the page source); your answers stay in this browser. For live explorers,
your own code, run history and replays, open the lessons in JupyterLab (<code>make lab</code>)
or on your class's hub.</p></footer>
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
    "</strong> Where the lesson says to run cells, there is nothing to do here: the outputs "
    "are below. Questions are self-checks, not an exam: they are graded in your browser and "
    "the answers are in this page's source. Your answers are kept in this browser only.</p>"
    '<p><button type="button" class="kit-clear-page">Clear my answers on this page'
    "</button></p></div>"
)


def _lesson_page(nb: dict, number: str, title: str, nav: str, renderer) -> str:
    cells = [renderer.cell(c) for c in nb["cells"]]
    cells.insert(1 if cells else 0, SELF_CHECK)  # under the lesson's title
    return _page(title, "\n".join(cells), lesson=number, nav=nav)


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
    head = (
        "<h1>Social media vs social networking: the lessons</h1>"
        "<p>Read and try every lesson in your browser, offline. Questions are graded as you "
        "answer (self-checks: the answers are in the page source); explorers show runs "
        "computed when this site was built. Nothing is sent anywhere.</p>"
    )
    return head + route + f'<section class="md-cell">{render.markdown(guide)}</section>'


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
    write_atomic(assets / "pygments.css", css)
    # site.css pulls the highlighting in: one <link> per page
    text = (assets / "site.css").read_text(encoding="utf-8")
    write_atomic(assets / "site.css", '@import url("pygments.css");\n' + text)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(
    out_dir: Path | str,
    lessons_dir: Path | str | None = None,
    *,
    only: list[str] | None = None,
    log=print,
) -> Report:
    """Run the lessons and write the website to ``out_dir`` (created; its files replaced).

    Parameters
    ----------
    out_dir : path
        The folder to write (``index.html`` at its top).
    lessons_dir : path, optional
        Default: the kit's ``lessons/``.
    only : list of str, optional
        Lesson numbers to build (``["00", "02"]``); default all.
    log : callable
        Called with one line per lesson.

    Raises
    ------
    KitError
        When a lesson does not run to the end or a part of the kit has no static form.
    """
    start = time.perf_counter()
    lessons_dir = Path(lessons_dir or default_lessons_dir())
    out = Path(out_dir)
    files = lesson_files(lessons_dir)
    if only:
        files = [p for p in files if p.name[:2] in only]
    if not files:
        raise KitError(f"no lessons (0N-*.ipynb) in {lessons_dir}")
    out.mkdir(parents=True, exist_ok=True)
    report = Report(out)
    lessons = []
    for path in files:
        nb = read_notebook(path)
        lessons.append((path.name[:2], path.stem + ".html", _title(nb, path.stem)))
    _copy_assets(out)
    totals: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="kit-site-") as scratch:
        for i, path in enumerate(files):
            t0 = time.perf_counter()
            nb = execute(path, Path(scratch))
            renderer = render.Renderer(f"p{path.name[:2]}")
            number, page, title = lessons[i]
            text = _lesson_page(nb, number, title, _nav(lessons, i), renderer)
            write_atomic(out / page, text)
            report.pages.append(page)
            for key, value in renderer.counts.items():
                totals[key] = totals.get(key, 0) + value
            report.problems += [f"{path.name}: {p}" for p in renderer.problems]
            log(
                f"{page}: {time.perf_counter() - t0:.0f} s, "
                + ", ".join(f"{v} {k}" for k, v in renderer.counts.items() if v)
            )
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
        write_atomic(out / page, _page(title, body, nav=_nav(lessons, None)))
        report.pages.append(page)
    # the licences the lessons' credits link to travel with the pages
    beside = lessons_dir.parent
    if (beside / "LICENSE").is_file():
        shutil.copyfile(beside / "LICENSE", out / "LICENSE.txt")
        report.pages.append("LICENSE.txt")
    if (beside / "LICENSE-CONTENT.md").is_file():
        text = render.markdown((beside / "LICENSE-CONTENT.md").read_text("utf-8"))
        body = f'<section class="md-cell">{text}</section>'
        write_atomic(out / "LICENSE-CONTENT.html", _page("Licences", body, nav=_nav(lessons, None)))
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
