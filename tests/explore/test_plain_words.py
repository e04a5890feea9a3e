"""No code words where learners read (issue 25, outcome 4).

Every string the kit's widgets and figures show a learner, and every learner-visible text of
the question banks, is scanned for the simulator's parameter names (``p_ad``,
``unfollow_fatigue``...) and for formula code (``p = p_ad × ...``). Exempt, on purpose: the
small print under a slider and its tooltip, which name the parameter for those who code.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from kit import plots, sim
from kit.explore import explore
from kit.sim.labels import FIELD_LABELS

ROOT = Path(__file__).resolve().parents[2]
BANKS = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))

#: Parameter code names: every Scenario field whose name is not also an English word.
CODE_NAMES = sorted(
    (f.name for f in dataclasses.fields(sim.Scenario) if "_" in f.name), key=len, reverse=True
)
CODE_WORD = re.compile(r"(?<![\w.])(" + "|".join(CODE_NAMES) + r")(?![\w(])")
JARGON = re.compile(r"\bpropensity\b|\bhazard\b|\bcustom \d|->|\bp = p_ad")

#: Bank fields a learner never reads.
HIDDEN = {"id", "type", "bloom", "scoring", "schema", "tags", "misconception", "source"}


def code_words(text: str) -> list[str]:
    """The code names and formula jargon in ``text``."""
    return CODE_WORD.findall(text) + JARGON.findall(text)


def test_the_scan_finds_what_it_must():
    assert code_words("pin #1: p_ad 0.01 -> 0.025") == ["p_ad", "->"]
    assert code_words("legend custom 1/0/0, propensity 0.05") == ["custom 1", "propensity"]
    assert code_words("Ad response 1.0% → 2.5%; word-of-mouth pull") == []


def _strings(node, key=None):
    if isinstance(node, str):
        if key not in HIDDEN:
            yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in HIDDEN:
                yield from _strings(k)
                yield from _strings(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, key)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_question_banks_speak_plainly(path):
    import yaml

    bank = yaml.safe_load(path.read_text())
    found = {s[:90]: code_words(s) for s in _strings(bank) if code_words(s)}
    assert not found, f"{path.name}: code words a learner would read: {found}"


def _figure_strings(fig) -> list[str]:
    """Every text a figure shows: trace names, titles, annotations, tick and bar texts."""
    data = json.loads(fig.to_json())
    out = []
    for trace in data["data"]:
        out.append(str(trace.get("name", "")))
        for key in ("text", "y"):  # bar labels are categories on y
            values = trace.get(key)
            if isinstance(values, list):
                out += [v for v in values if isinstance(v, str)]
    layout = data["layout"]
    out.append(str((layout.get("title") or {}).get("text", "")))
    for axis in ("xaxis", "yaxis"):
        out.append(str(((layout.get(axis) or {}).get("title") or {}).get("text", "")))
    out += [str(a.get("text", "")) for a in layout.get("annotations", [])]
    return out


SLIDERS = [name for name in sim.Scenario.numeric_fields() if name in FIELD_LABELS]


def test_an_explorer_with_every_slider_speaks_plainly():
    """Every parameter on a slider; runs changed, pinned, the yardstick on, a replay."""
    ex = explore(
        {"robot": (1, 0, 0), "blend": (0.3, 0, 0.7)},
        sliders=[n for n in SLIDERS if n not in ("population", "weeks")],
        population=2_000,
        weeks=30,
        seed=1,
    )
    ex.set(p_ad=0.025, unfollow_fatigue=0.2, promo_share=0.5)
    ex.set(hours=15)
    ex.pin(1)
    ex.pin(2)
    ex.yardstick(True)
    ex.replay((1, "robot"), (3, "blend"))
    shown = _figure_strings(ex.figure)
    shown += [slider.description for slider in ex.controls.values()]
    table = ex.bench.table
    shown += [label for _, label in table.columns] + [table.caption]
    shown += [str(v) for row in table.rows for v in row.values()]
    shown += [label for label, _ in ex.bench.side_a.options]
    shown += [ex.bench.yardstick_text.value, ex.status.value, ex.bench.use_yardstick.description]
    found = {s[:90]: code_words(s) for s in shown if code_words(s)}
    assert not found, f"code words in the explorer: {found}"
    # the lesson's names, not "custom 1/0/0", in the legend and the history
    names = [t.name for t in ex.figure.data]
    assert "robot" in names and "blend" in names
    assert any(n.startswith("#1 robot: Time budget 10 → 15, ") for n in names), names
    assert ["customers[robot]", "customers (robot)"] in table.columns


def test_yardstick_text_without_ads_speaks_plainly():
    ex = explore(("relationship", "balanced"), sliders=("hours",), population=2_000, weeks=20)
    ex.yardstick(True)
    text = ex.bench.yardstick_text.value
    assert "no Bass yardstick" in text and not code_words(text)


def test_the_flip_figure_names_parameters_plainly():
    flips = sim.flip_analysis(
        "relationship",
        "broadcast",
        params=["tolerance", "p_ad", "unfollow_fatigue"],
        reps=2,
        population=2_000,
        weeks=52,
        seed=1,
    )
    shown = _figure_strings(plots.flip_ranking(flips))
    found = [s for s in shown if code_words(s)]
    assert not found, f"code words in the flip figure: {found}"
    bars = [s for s in shown if s.endswith(("↑", "↓"))]
    assert bars and all(s.split(" ")[0][0].isupper() for s in bars), bars


def test_number_errors_say_how_people_write_numbers():
    from kit.quiz.questions import Numeric

    feedback = Numeric("How many?", answer=1500).grade("lots")
    assert not feedback.valid and "1,500" in feedback.message and "22/7" not in feedback.message
