"""The static website's JavaScript graders agree with the Python graders (issue 26).

Every question of every shipped bank (``data/quizzes/*.yaml``) gets sampled right, wrong and
malformed answers; each goes through ``Question.grade`` and through ``grader.js`` under
node, and the two feedbacks (right or not, score, message, readable or not) must be equal.
The feedback box's words (``kit.quiz.state.present`` against the JS ``present``) are
compared along the way for a sequence of attempts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kit.data import data_dir
from kit.quiz.bank import load_bank
from kit.quiz.state import AttemptState, present
from kit.site.emit import question_spec

try:  # Python 3.11+: the regular-expression parser
    import re._parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

GRADER = Path(__file__).resolve().parents[2] / "kit" / "site" / "static" / "grader.js"
NODE = shutil.which("node")

MALFORMED = [
    None,
    "",
    "   ",
    "abc",
    7,
    True,
    [],
    {},
    ["no such option"],
    {"no such item": "x"},
    "1/0",
    "1,5",
    "1_000",
    "inf",
    "nan",
    "12%",
    "1 500",
    "−3",
    "0x10",
    "22/7",
    "1e3",
    ".5",
    "5.",
    "it's",
    'say "hi"',
    "tab\there",
    "４２",
    "٤٢",
    "１,５００",
    "\U0001d7d2\U0001d7d0",
    "٤٢/٢",
]


def _regex_samples(pattern: str) -> list[str]:
    """A few strings the pattern matches (every top-level alternative, shortest repeats)."""

    def gen(items, alt=0) -> list[str]:
        outs = [""]
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                outs = [o + chr(av) for o in outs]
            elif name == "NOT_LITERAL":
                outs = [o + ("a" if av != ord("a") else "b") for o in outs]
            elif name == "ANY":
                outs = [o + "x" for o in outs]
            elif name == "IN":
                first = av[0]
                ch = "a"
                if str(first[0]) == "LITERAL":
                    ch = chr(first[1])
                elif str(first[0]) == "RANGE":
                    ch = chr(first[1][0])
                outs = [o + ch for o in outs]
            elif name == "SUBPATTERN":
                subs = gen(av[-1])
                outs = [o + s for o in outs for s in subs][:8]
            elif name == "BRANCH":
                subs = [s for branch in av[1] for s in gen(branch)]
                outs = [o + s for o in outs for s in subs][:8]
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                lo, _hi, sub = av
                subs = gen(sub)
                reps = [lo, lo + 1] if lo + 1 <= (_hi if isinstance(_hi, int) else 99) else [lo]
                outs = [o + s * r for o in outs for s in subs[:2] for r in reps][:8]
        return outs

    try:
        return gen(sre_parse.parse(pattern))[:8]
    except Exception:  # noqa: BLE001 - a pattern this sampler cannot walk: no samples
        return []


def _samples(q) -> list:
    out: list = []
    if q.type in ("single", "multi"):
        labels = q.labels()
        right = [o.label for o in q.options if o.correct]
        if q.type == "single":
            out += labels + [f"  {labels[0]}  ", [labels[0]], labels[:2]]
        else:
            out += [right, list(reversed(right)), right[:1], labels, labels[:1], right + right]
            out += [[x] for x in labels] + [right + [x] for x in labels if x not in right]
            out += [labels[0]]
    elif q.type == "numeric":
        for a in q.answers:
            if a.kind == "value":
                v = a.value
                allowed = max(a.tolerance, a.rel_tolerance * abs(v))
                for x in (v, v + allowed, v - allowed, v + allowed * 1.01 + 0.01, v * 2, -v):
                    out += [x, f"{x:g}", f"{x:,.2f}", f" {x} "]
                out += [f"{v * 3:g}/3", f"{v:.6e}", f"{v:g}%"]
            elif a.kind == "range":
                lo, hi = a.range
                out += [lo, hi, (lo + hi) / 2, f"{lo:g}", f"{hi:g}", lo - 1]
    elif q.type == "text":
        for a in q.answers:
            if a.kind == "text":
                t = a.text
                out += [t, t.upper(), f"  {t}  ", t.replace(" ", "   "), t[:-1], t + "x", t[1:]]
                if len(t) > 3:
                    out.append(t[0] + t[2] + t[1] + t[3:])
            elif a.kind == "regex":
                for s in _regex_samples(a.text):
                    out += [s, s.upper(), f" {s} ", s + "zz"]
        out += ["something else entirely", 42]
    elif q.type == "ordering":
        items = list(q.items)
        out += [items, items[::-1], items[1:] + items[:1], items[:-1], items + items[:1]]
        if len(items) > 2:
            out.append([items[1], items[0], *items[2:]])
            out.append([*items[:-2], items[-1], items[-2]])
    elif q.type == "matching":
        pairs = dict(q.pairs)
        lefts = list(pairs)
        rights = q.labels()
        out += [pairs, {k: pairs[k] for k in lefts[:1]}]
        out += [{k: rights[(rights.index(pairs[k]) + 1) % len(rights)] for k in lefts}]
        out += [{k: rights[0] for k in lefts}, {**pairs, "stranger": rights[0]}]
        out += [{lefts[0]: 3}]
    return out + MALFORMED


def _banks():
    folder = Path(data_dir()) / "quizzes"
    return sorted(p for p in folder.glob("*.yaml"))


def _cases():
    cases = []
    for path in _banks():
        bank = load_bank(path)
        for q in bank.questions:
            spec = question_spec(q)
            for response in _samples(q):
                try:
                    json.dumps(response, allow_nan=False)
                except ValueError:
                    continue
                cases.append((path.stem, q, spec, response))
    return cases


@pytest.mark.slow
@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_js_grader_agrees_with_python_on_every_shipped_question(tmp_path):
    cases = _cases()
    assert len({(b, q.id) for b, q, _s, _r in cases}) >= 90  # every shipped question
    payload = [{"spec": spec, "response": r} for _b, _q, spec, r in cases]
    (tmp_path / "cases.json").write_text(json.dumps(payload), encoding="utf-8")
    script = (
        f"const g = require({json.dumps(str(GRADER))});"
        "const cases = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));"
        "const out = cases.map(c => g.grade(c.spec, c.response));"
        "require('fs').writeFileSync(process.argv[2], JSON.stringify(out));"
    )
    subprocess.run(
        [NODE, "-e", script, str(tmp_path / "cases.json"), str(tmp_path / "out.json")],
        check=True,
        timeout=120,
    )
    js = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    mismatches = []
    kinds = {"right": 0, "wrong": 0, "invalid": 0}
    for (bank, q, _spec, response), got in zip(cases, js, strict=True):
        fb = q.grade(response)
        want = {"correct": fb.correct, "score": fb.score, "message": fb.message, "valid": fb.valid}
        kinds["invalid" if not fb.valid else "right" if fb.correct else "wrong"] += 1
        same = (
            want["correct"] == got["correct"]
            and want["valid"] == got["valid"]
            and abs(want["score"] - got["score"]) < 1e-12
            and want["message"] == got["message"]
        )
        if not same:
            mismatches.append((bank, q.id, response, want, got))
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ, e.g. {mismatches[:3]}"
    # the samples reach every outcome, many times
    assert min(kinds.values()) > 100, kinds
    # every question is answered right by some sample
    right = {(b, q.id) for b, q, _s, r in cases if q.grade(r).correct}
    every = {(b, q.id) for b, q, _s, _r in cases}
    assert right == every, sorted(every - right)


@pytest.mark.slow
@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_js_feedback_box_agrees_with_python(tmp_path):
    """Attempts, statuses, hints, 'no attempts left' and the answer after the last try."""
    runs = []
    for path in _banks():
        bank = load_bank(path)
        for q in bank.questions:
            samples = [r for r in _samples(q) if r is not None][:6]
            state = AttemptState()
            steps = []
            for i, response in enumerate(samples):
                fb = q.grade(response)
                counted = fb.valid and not state.done
                if counted:
                    state = state.after(q, fb)
                if i == 1:
                    state = state.with_hint(q)
                shown = present(q, state, fb, counted=counted, answer="the answer")
                steps.append(
                    {
                        "response": response,
                        "counted": counted,
                        "hint": i == 1,
                        "want": [
                            shown.kind,
                            shown.title,
                            shown.message,
                            shown.explanation,
                            shown.note,
                        ],
                    }
                )
            limited = dict(question_spec(q), max_attempts=2)
            runs.append({"spec": question_spec(q), "limited": limited, "steps": steps})
    (tmp_path / "runs.json").write_text(json.dumps(runs), encoding="utf-8")
    script = (
        f"const g = require({json.dumps(str(GRADER))});"
        "const runs = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));"
        "const out = runs.map(run => { let s = g.newState(); return run.steps.map((st, i) => {"
        "  const fb = g.grade(run.spec, st.response);"
        "  const counted = fb.valid && !g.isDone(s);"
        "  if (counted) s = g.after(run.spec, s, fb);"
        "  if (st.hint) s = g.withHint(run.spec, s);"
        "  const p = g.present(run.spec, s, fb, {counted, answer: 'the answer'});"
        "  return [p.kind, p.title, p.message, p.explanation, p.note]; }); });"
        "require('fs').writeFileSync(process.argv[2], JSON.stringify(out));"
    )
    subprocess.run(
        [NODE, "-e", script, str(tmp_path / "runs.json"), str(tmp_path / "out.json")],
        check=True,
        timeout=120,
    )
    got = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    bad = [
        (run["spec"]["id"], step["response"], step["want"], mine)
        for run, out in zip(runs, got, strict=True)
        for step, mine in zip(run["steps"], out, strict=True)
        if step["want"] != mine
    ]
    assert not bad, f"{len(bad)} differ, e.g. {bad[:3]}"


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_js_percent_and_numbers_read_as_python(tmp_path):
    from kit.explore.answers import say_number

    scores = [i / 8 for i in range(9)] + [1 / 3, 2 / 3, 0.005, 0.015, 0.125, 0.375]
    numbers = [0, 0.5, 1, 2.5, 12.0, 12.34, 99.99, 100, 1234.5, 2345.5, 0.01234, 0.000012345, -3.5]
    script = (
        f"const g = require({json.dumps(str(GRADER))});"
        f"console.log(JSON.stringify([{json.dumps(scores)}.map(g.percent),"
        f" {json.dumps(numbers)}.map(g.sayNumber)]));"
    )
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True)
    pct, said = json.loads(out.stdout)
    assert pct == [f"{s:.0%}" for s in scores]
    assert said == [say_number(x) for x in numbers]


def test_regex_sampler_finds_matches():
    assert set(_regex_samples("^help(ing|fulness)?$")) >= {"help", "helping", "helpfulness"}
    assert all(re.fullmatch("^(a|bc?)$", s) for s in _regex_samples("^(a|bc?)$"))
