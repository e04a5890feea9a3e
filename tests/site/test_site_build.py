"""The static website's folder (issue 26): pages, the kit's parts, no CDN, the size budget."""

from __future__ import annotations

import filecmp
import json
import re
from pathlib import Path

import plotly
import pytest

from kit.site import MIME  # noqa: F401 - the MIME type the parts come from
from kit.site.build import lesson_files
from kit.site.emit import MAX_RUNS, VALUES_PER_SLIDER

pytestmark = pytest.mark.slow

#: The site's size budget (benchmarks/README.md).
BUDGET_MB = 30
PAGE_BUDGET_MB = 2


def _parts(page: Path) -> list[dict]:
    text = page.read_text(encoding="utf-8")
    ids = re.findall(r'data-kit="([^"]+)"', text)
    out = []
    for ident in ids:
        found = re.search(
            rf'<script type="application/json" id="{re.escape(ident)}">(.*?)</script>', text, re.S
        )
        assert found, f"{page.name}: part {ident} has no data"
        out.append(json.loads(found.group(1)))
    return out


def test_every_page_is_written(site_build):
    folder, report = site_build
    lessons = [p.stem + ".html" for p in lesson_files()]
    assert len(lessons) == 7
    others = ["index.html", "glossary.html", "instructor-guide.html", "answer-key.html"]
    others.append("a-week-later.html")  # the self-study route's last step
    for name in [*lessons, *others, "LICENSE.txt", "LICENSE-CONTENT.html"]:
        assert (folder / name).is_file(), name
    assert (folder / "images" / "dashboard.png").is_file()
    if report is not None:
        assert report.problems == []
        assert report.counts["bare widget"] == 0, "a widget with no static form"
        assert report.counts["error"] == 0


def test_every_file_is_readable_by_a_web_server_running_as_another_user(site_build):
    folder, report = site_build
    if report is None:
        pytest.skip("a site built elsewhere (KIT_SITE_DIR): its permissions are its builder's")
    private = [
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and not path.stat().st_mode & 0o004
    ]
    assert private == [], "files others cannot read (a host serving them as another user fails)"


def test_one_plotly_from_the_package_and_nothing_from_elsewhere(site_build):
    folder, _ = site_build
    package = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert filecmp.cmp(folder / "assets" / "plotly.min.js", package, shallow=False)
    assert len(list(folder.rglob("plotly*.js"))) == 1
    for page in folder.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for value in re.findall(rf"<{tag}\b[^>]*\b{attr}=\"([^\"]+)\"", text):
                assert not re.match(r"^(https?:)?//", value), f"{page.name}: {tag} {value}"
        assert "require.js" not in text and "mathjax" not in text.lower(), page.name
    css = (folder / "assets" / "site.css").read_text(encoding="utf-8")
    assert "prefers-color-scheme: dark" in css
    assert "url(http" not in css


def test_lessons_carry_every_kind_of_part(site_build):
    """Every lesson has its questions, an explorer and a prediction in static form."""
    folder, _ = site_build
    kinds_seen: set[str] = set()
    total_questions = 0
    for path in lesson_files():
        parts = _parts(folder / (path.stem + ".html"))
        kinds = {p["kind"] for p in parts}
        kinds_seen |= kinds
        assert "error" not in kinds, path.name
        assert {"explorer", "prediction", "solution", "section"} <= kinds, (path.name, kinds)
        for part in parts:
            if part["kind"] == "section":
                total_questions += len(part["questions"])
            elif part["kind"] == "question":
                total_questions += 1
            elif part["kind"] == "explorer":
                combos = 1
                for slider in part["sliders"]:
                    assert 2 <= len(slider["values"]) <= VALUES_PER_SLIDER
                    assert slider["start"] in slider["values"]
                    combos *= len(slider["values"])
                if part["mode"] == "grid":
                    assert len(part["runs"]) == combos <= MAX_RUNS
                good = [r for r in part["runs"].values() if "error" not in r]
                assert good, f"{path.name}: an explorer with no run"
                for run in good:
                    assert set(run) == {m for m, _label in part["metrics"]}
            elif part["kind"] == "prediction":
                assert part["range_text"] and set(part["meaning"]) == {"close", "low", "high"}
                assert part["question"]["answers"][0]["value"] == part["answer"]
            elif part["kind"] == "solution":
                assert part["explain"] or part["code"]
    assert total_questions >= 90
    # kernel-only parts are few and named: the replay (lesson 02)
    unsupported = {
        (path.name, part["what"])
        for path in lesson_files()
        for part in _parts(folder / (path.stem + ".html"))
        if part["kind"] == "unsupported"
    }
    assert {what for _name, what in unsupported} <= {"Replay"}, unsupported
    types = {
        q["question"]["type"]
        for path in lesson_files()
        for part in _parts(folder / (path.stem + ".html"))
        for q in ([part] if part["kind"] == "question" else part.get("questions", []))
    }
    assert types == {"single", "multi", "numeric", "text", "ordering", "matching"}


def test_the_week_later_check_is_on_the_route(site_build):
    """a-week-later.ipynb: its page has the delayed questions and the before/after/week-later
    comparison; the index lists it last, and the route's table links every step to its page."""
    folder, _ = site_build
    parts = _parts(folder / "a-week-later.html")
    sections = [p for p in parts if p["kind"] == "section"]
    assert [s.get("phase") for s in sections] == ["delayed"]
    assert len(sections[0]["questions"]) == 5
    assert [p["kind"] for p in parts].count("gain") == 1
    page = (folder / "a-week-later.html").read_text(encoding="utf-8")
    assert 'data-lesson="week"' in page and 'rel="prev"' in page and 'rel="next"' not in page
    index = (folder / "index.html").read_text(encoding="utf-8")
    route = re.search(r'<ol class="route-list">(.*?)</ol>', index, re.S).group(1)
    links = re.findall(r'href="([^"]+)"', route)
    assert links == [p.stem + ".html" for p in lesson_files()] + ["a-week-later.html"]
    table = re.search(r"<table>(.*?)</table>", index, re.S).group(1)
    assert re.findall(r'href="([^"]+)"', table) == links
    assert ".ipynb" not in index  # no notebook file names where the reader reads


def test_index_says_how_the_website_works_not_how_to_run_jupyterlab(site_build):
    folder, _ = site_build
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'id="how-head"' in index and 'id="run-live"' in index
    assert "Before you start" not in index  # the guide's JupyterLab set-up is left out here
    for page in folder.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'href="index.html#run-live"' in text, page.name  # the footer's pointer
    # the kernel-only part says what it is in plain words, not its class name
    for part in _parts(folder / "02-working-the-room.html"):
        if part["kind"] == "unsupported":
            assert part["words"] and part["what"] not in part["words"]


def test_size_budget(site_build):
    """30 MB in all; no page over 2 MB (the explorers' precomputed runs are the bulk)."""
    folder, _ = site_build
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size < BUDGET_MB * 1e6, f"{size / 1e6:.1f} MB"
    pages = {p.name: p.stat().st_size for p in folder.glob("*.html")}
    assert max(pages.values()) < PAGE_BUDGET_MB * 1e6, pages


def test_every_link_between_pages_resolves(site_build):
    """Relative links (lessons, glossary anchors, guides, licences, images) find their file,
    and links within a page (``#a-heading``) find their heading."""
    folder, _ = site_build
    broken = []
    for page in folder.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"]+)"', text):
            if target.startswith("#"):  # within the page: headings carry their ids
                if f'id="{target[1:]}"' not in text:
                    broken.append(f"{page.name} -> {target} (no such anchor on the page)")
                continue
            if re.match(r"^([a-z]+:|//)", target):
                continue
            path, _, anchor = target.partition("#")
            if not (folder / path).is_file():
                broken.append(f"{page.name} -> {target}")
            elif anchor and path.endswith(".html"):
                other = (folder / path).read_text(encoding="utf-8")
                if f'id="{anchor}"' not in other:
                    broken.append(f"{page.name} -> {target} (no such anchor)")
    assert not broken, broken[:10]
