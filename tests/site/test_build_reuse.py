"""The site build runs lessons side by side and does not run an unchanged lesson again.

Small made-up lessons in a temporary folder (a kernel each, a few seconds), with the kept
notebooks in a temporary ``KIT_SITE_CACHE``.
"""

from __future__ import annotations

import json

import nbformat
import pytest

from kit.errors import KitError
from kit.site.build import build

pytestmark = pytest.mark.slow


def _lesson(folder, name: str, code: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {name[:2]}. A lesson\n\nSome words."),
        nbformat.v4.new_code_cell(code),
    ]
    nbformat.write(nb, folder / name)


@pytest.fixture
def lessons(tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    folder.mkdir()
    _lesson(folder, "00-first.ipynb", "print(6 * 7)")
    _lesson(folder, "01-second.ipynb", "print('second')")
    monkeypatch.setenv("KIT_SITE_CACHE", str(tmp_path / "kept"))
    return folder


def test_side_by_side_then_unchanged_lessons_are_not_run_again(lessons, tmp_path):
    out = tmp_path / "site"
    first = build(out, lessons, jobs=2, log=lambda s: None)
    assert sorted(first.ran) == ["00-first.html", "01-second.html"] and first.reused == []
    assert first.pages[:2] == ["00-first.html", "01-second.html"]  # the route's order
    assert "42" in (out / "00-first.html").read_text(encoding="utf-8")
    page = (out / "01-second.html").read_text(encoding="utf-8")

    again = build(out, lessons, log=lambda s: None)
    assert again.ran == [] and sorted(again.reused) == ["00-first.html", "01-second.html"]
    assert (out / "01-second.html").read_text(encoding="utf-8") == page
    assert "not run again" in again.summary()

    # a changed lesson runs again, the other does not
    _lesson(lessons, "00-first.ipynb", "print(6 * 9)")
    third = build(out, lessons, log=lambda s: None)
    assert third.ran == ["00-first.html"] and third.reused == ["01-second.html"]
    assert "54" in (out / "00-first.html").read_text(encoding="utf-8")

    # --fresh runs everything
    fourth = build(out, lessons, fresh=True, log=lambda s: None)
    assert sorted(fourth.ran) == ["00-first.html", "01-second.html"] and fourth.reused == []


def test_a_damaged_kept_notebook_is_run_again(lessons, tmp_path):
    build(out := tmp_path / "site", lessons, only=["00"], log=lambda s: None)
    for kept in (tmp_path / "kept").glob("*.json.gz"):
        kept.write_bytes(b"not gzip")
    report = build(out, lessons, only=["00"], log=lambda s: None)
    assert report.ran == ["00-first.html"]


def test_a_lesson_that_stops_is_named_in_a_sentence(lessons, tmp_path):
    _lesson(lessons, "01-second.ipynb", "x = 1\nraise ValueError('the numbers do not add up')")
    with pytest.raises(KitError) as err:
        build(tmp_path / "site", lessons, jobs=2, log=lambda s: None)
    text = str(err.value)
    assert "01-second.ipynb did not run to the end" in text
    assert 'the cell starting "x = 1"' in text
    assert "ValueError: the numbers do not add up" in text
    assert "Traceback" not in text and "-----" not in text
    # the lesson that ran is kept: the next build does not run it again
    _lesson(lessons, "01-second.ipynb", "print('fixed')")
    report = build(tmp_path / "site", lessons, log=lambda s: None)
    assert report.reused == ["00-first.html"] and report.ran == ["01-second.html"]


def test_only_names_what_exists(lessons, tmp_path):
    with pytest.raises(KitError, match=r"no lesson 07 in .* \(there are 00, 01\)"):
        build(tmp_path / "site", lessons, only=["07"], log=lambda s: None)


def test_the_week_later_check_comes_last_with_its_own_key(lessons, tmp_path):
    _lesson(lessons, "a-week-later.ipynb", "print('a week on')")
    out = tmp_path / "site"
    report = build(out, lessons, only=["week"], log=lambda s: None)
    assert report.pages[0] == "a-week-later.html"
    text = (out / "a-week-later.html").read_text(encoding="utf-8")
    assert 'data-lesson="week"' in text
    json.dumps(report.counts)  # plain data
