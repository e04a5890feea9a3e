"""Lessons paraphrase the articles: no run of eight words is copied from them.

The articles live in ``../shared/seeds`` (not in users' clones): the test skips without them.
Article titles, which the lessons cite, are allowed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 8
TITLES = [
    "Social ME-dia vs Social Networking",
    "Social Media vs Social Networking",
    "Social Networking vs. Social Acquainting",
    "Remember the 'social' in social media",
    "Social Media and Social Networking in a Nut Shell",
]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def texts():
    for path in sorted(ROOT.glob("lessons/*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        yield path, " ".join("".join(c["source"]) for c in cells)
    for pattern in ("lessons/*.md", "data/quizzes/*.yaml", "data/*.yaml", "data/*.csv"):
        for path in sorted(ROOT.glob(pattern)):
            yield path, path.read_text()


def test_no_sentence_is_copied_from_the_articles():
    if not SEEDS.is_dir():
        pytest.skip("the articles (../shared/seeds) are not in this checkout")
    copied = set()
    for seed in SEEDS.glob("*.txt"):
        w = words(seed.read_text())
        copied |= {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}
    titles = [" ".join(words(t)) for t in TITLES]
    found = []
    for path, text in texts():
        w = words(text)
        for i in range(len(w) - RUN + 1):
            run = " ".join(w[i : i + RUN])
            if tuple(w[i : i + RUN]) in copied and not any(run in t or t in run for t in titles):
                found.append(f"{path.relative_to(ROOT)}: {run}")
    assert found == [], "\n".join(found)
