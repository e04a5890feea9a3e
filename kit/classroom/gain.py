"""Did the workshop work? The concept inventory's learning gain, for a class and a learner.

The inventory (``data/quizzes/inventory.yaml``) is asked before lesson 01 (``pre``), after
the capstone (``post``) and, for its ``delayed_check`` items, a week later (``delayed``);
each phase is stored as its own bank (``inventory-pre``, ...; :mod:`kit.quiz.phases`). A
learner's score in a phase is the share of its items they got right at the *first* try, in
percent. A learner counts for a phase once they have answered every item of it.

The class's normalised gain is Hake's (1998), from class averages over the *matched*
learners (those with both a pre-test and a post-test)::

    <g> = (post - pre) / (100 - pre)

the share of what the class did not know before that it learned. Hake's bands: below 0.3
low, 0.3 to 0.7 medium, 0.7 and above high (in his 62 physics courses, traditional
lectures averaged 0.23 and interactive-engagement courses 0.48). Learners with one test and
not the other are counted apart, never mixed into the averages.

Examples
--------
>>> def rows(learner, phase, marks):
...     return [{"learner": learner, "bank": f"inv-{phase}", "question": f"q{i}",
...              "response": '"x"', "correct": bool(m), "time": "2026-01-01T10:00:00+00:00"}
...             for i, m in enumerate(marks)]
>>> data = rows("ada", "pre", [0, 0]) + rows("ada", "post", [1, 0]) + rows("bo", "pre", [1, 0])
>>> g = class_gain(data, items=["q0", "q1"], bank_id="inv")
>>> g["n_matched"], g["pre"], g["post"], g["gain"], g["pre_only"]
(1, 0.0, 50.0, 0.5, 1)
"""

from __future__ import annotations

from collections.abc import Iterable

from kit.classroom.analysis import first_tries
from kit.classroom.formats import format_gain  # noqa: F401 - the report's text, here too

__all__ = ["class_gain", "learner_gain", "band", "HAKE_BANDS", "gain_words", "format_gain"]

#: Hake (1998): the lower bounds of the medium and high bands of <g>.
HAKE_BANDS = (("low", 0.0), ("medium", 0.3), ("high", 0.7))
#: Fewer matched learners than this: the gain is read as a rough sign only.
FEW = 10


def band(g: float | None) -> str | None:
    """Hake's band of a gain: ``low`` (< 0.3), ``medium`` (< 0.7) or ``high``.

    >>> band(0.23), band(0.48), band(0.7), band(None)
    ('low', 'medium', 'high', None)
    """
    if g is None:
        return None
    name = "low"
    for label, lower in HAKE_BANDS:
        if g >= lower:
            name = label
    return name


def _items(bank, phase: str) -> list[str]:
    from kit.quiz.phases import phase_items

    return phase_items(bank, phase)


def _load(bank):
    from kit.quiz.bank import load_bank

    return load_bank(bank)


def _phase_marks(firsts: dict, stored: str, items: list[str]) -> dict[str, dict[str, bool]]:
    """learner -> {item: right at first try} for one phase's stored bank."""
    out: dict[str, dict[str, bool]] = {}
    for item in items:
        for learner, (right, _) in firsts.get((stored, item), {}).items():
            out.setdefault(learner, {})[item] = right
    return out


def _pct(marks: list[dict[str, bool]], items: list[str]) -> float:
    """The class average, in percent, of learners' shares right on ``items``."""
    if not marks or not items:
        return 0.0
    return 100.0 * sum(sum(m[i] for i in items) for m in marks) / (len(marks) * len(items))


def _gain(pre: float, post: float) -> float | None:
    return None if pre >= 100.0 else (post - pre) / (100.0 - pre)


def class_gain(
    rows: Iterable,
    bank="inventory",
    *,
    items: list[str] | None = None,
    delayed_items: list[str] | None = None,
    bank_id: str | None = None,
    firsts: dict | None = None,
) -> dict:
    """The class's pre/post (and delayed) results on the concept inventory.

    Parameters
    ----------
    rows
        Attempt rows of one class (any backend or merged exports).
    bank
        The inventory: a bank id, path or :class:`kit.quiz.bank.Bank` (default the kit's).
    items, delayed_items, bank_id
        Instead of a bank: the item ids, the delayed check's ids and the bank id.
    firsts
        :func:`kit.classroom.analysis.first_tries` of the rows, if the caller has it.

    Returns
    -------
    dict
        ``bank``; ``n_matched`` (learners with a complete pre- and post-test), ``pre_only``
        and ``post_only`` (learners with one of them: counted apart), ``started`` (learners
        who began a phase without finishing it, per phase); ``pre``, ``post`` (class
        averages of the matched learners, percent; None without any), ``gain`` (<g>; None
        without matched learners or when the pre-test average is 100), ``band`` (Hake's);
        ``items``: per item ``question``, ``label``, ``pre`` and ``post`` (share of matched
        learners right at the first try) and ``delayed`` (share of the delayed group, or
        None); ``delayed``: None, or for learners with all three tests, on the delayed
        items, ``n``, ``pre``, ``post``, ``delayed`` (percent) and ``gain`` (<g> a week
        later); ``words``: the result in plain sentences.
    """
    labels: dict[str, str] = {}
    if items is None:
        bank = _load(bank) if not hasattr(bank, "questions") else bank
        items = _items(bank, "pre")
        delayed_items = list(bank.delayed_check)
        bank_id = bank.id
        from kit.classroom.analysis import _label

        labels = {q: _label(bank, q) for q in items}
    delayed_items = list(delayed_items or [])
    bank_id = bank_id or str(bank)
    if firsts is None:
        firsts = first_tries(rows)
    pre = _phase_marks(firsts, f"{bank_id}-pre", items)
    post = _phase_marks(firsts, f"{bank_id}-post", items)
    later = _phase_marks(firsts, f"{bank_id}-delayed", delayed_items)

    def complete(marks: dict, wanted: list[str]) -> dict:
        return {k: v for k, v in marks.items() if len(v) == len(wanted) and wanted}

    pre_done, post_done = complete(pre, items), complete(post, items)
    later_done = complete(later, delayed_items)
    matched = sorted(set(pre_done) & set(post_done))
    result: dict = {
        "bank": bank_id,
        "items_asked": len(items),
        "n_matched": len(matched),
        "pre_only": len(set(pre_done) - set(post_done)),
        "post_only": len(set(post_done) - set(pre_done)),
        "started": {
            "pre": len(set(pre) - set(pre_done)),
            "post": len(set(post) - set(post_done)),
            "delayed": len(set(later) - set(later_done)),
        },
        "n_delayed": len(later_done),
        "pre": None,
        "post": None,
        "gain": None,
        "band": None,
        "items": [],
        "delayed": None,
    }
    if matched:
        m_pre = [pre_done[name] for name in matched]
        m_post = [post_done[name] for name in matched]
        result["pre"] = round(_pct(m_pre, items), 2)
        result["post"] = round(_pct(m_post, items), 2)
        g = _gain(_pct(m_pre, items), _pct(m_post, items))
        result["gain"] = round(g, 3) if g is not None else None
        result["band"] = band(g)
    three = sorted(set(matched) & set(later_done))
    if three and delayed_items:
        d_pre = _pct([pre_done[n] for n in three], delayed_items)
        d_post = _pct([post_done[n] for n in three], delayed_items)
        d_later = _pct([later_done[n] for n in three], delayed_items)
        g = _gain(d_pre, d_later)
        result["delayed"] = {
            "n": len(three),
            "items": len(delayed_items),
            "pre": round(d_pre, 2),
            "post": round(d_post, 2),
            "delayed": round(d_later, 2),
            "gain": round(g, 3) if g is not None else None,
        }
    n = len(matched)
    for item in items:
        in_later = item in delayed_items and three
        result["items"].append(
            {
                "question": item,
                "label": labels.get(item, item),
                "pre": sum(pre_done[m][item] for m in matched) / n if n else None,
                "post": sum(post_done[m][item] for m in matched) / n if n else None,
                "delayed": (
                    sum(later_done[m][item] for m in three) / len(three) if in_later else None
                ),
            }
        )
    result["words"] = gain_words(result)
    return result


def gain_words(g: dict) -> str:
    """A class's gain in plain sentences (what the dashboard and the report print)."""
    n = g["n_matched"]
    apart = []
    if g["pre_only"]:
        apart.append(f"{g['pre_only']} took only the pre-test")
    if g["post_only"]:
        apart.append(f"{g['post_only']} took only the post-test")
    started = sum(g["started"].values())
    if started:
        apart.append(f"{started} started a test without finishing it")
    tail = f" Not counted: {'; '.join(apart)}." if apart else ""
    if not n:
        return "No learner has finished both the pre-test and the post-test yet." + tail
    who = f"{n} learner{'s' if n != 1 else ''} who took both"
    if g["gain"] is None:
        text = (
            f"Before the course, {who} already answered every item right ({g['pre']:.0f}%); "
            "there was nothing left to gain on this inventory."
        )
    else:
        text = (
            f"Normalised gain <g> = {g['gain']:.2f} ({g['band']}, on Hake's bands: low below "
            f"0.3, high from 0.7) from {who}: on average {g['pre']:.0f}% right before, "
            f"{g['post']:.0f}% after, so they learned {max(g['gain'], 0):.0%} of what they "
            "did not know."
        )
        if g["gain"] < 0:
            text += " Fewer items were right after than before: reread the items and lessons."
    if n < FEW:
        text += f" With {n} learner{'s' if n != 1 else ''}, read this as a rough sign only."
    d = g.get("delayed")
    if d:
        text += (
            f" A week later, on the {d['items']} delayed items, {d['n']} learner"
            f"{'s' if d['n'] != 1 else ''} scored {d['delayed']:.0f}% (before {d['pre']:.0f}%, "
            f"after {d['post']:.0f}%)."
        )
    return text + tail


def learner_gain(rows: Iterable, learner: str, bank="inventory") -> dict:
    """One learner's own before, after and a week later, per item and in total.

    Returns
    -------
    dict
        ``learner``, ``items`` (per item ``question``, ``label``, and ``pre``, ``post``,
        ``delayed``: True, False, or None when not answered (or not asked) in that phase),
        ``totals`` (per phase: ``right``, ``answered``, ``asked``) and ``words``.
    """
    bank = _load(bank) if not hasattr(bank, "questions") else bank
    from kit.classroom.analysis import _label
    from kit.quiz.phases import PHASES

    mine = [
        r
        for r in rows
        if (r["learner"] if isinstance(r, dict) else r.learner) == learner
        and str(r["bank"] if isinstance(r, dict) else r.bank).startswith(f"{bank.id}-")
    ]
    firsts = first_tries(mine)
    asked = {
        phase: _items(bank, phase) if bank.delayed_check or phase != "delayed" else []
        for phase in PHASES
    }
    items, totals = [], {}
    for phase in PHASES:
        marks = [firsts.get((f"{bank.id}-{phase}", q), {}).get(learner) for q in asked[phase]]
        totals[phase] = {
            "right": sum(1 for m in marks if m and m[0]),
            "answered": sum(m is not None for m in marks),
            "asked": len(asked[phase]),
        }
    for q in bank.ids:
        row = {"question": q, "label": _label(bank, q)}
        for phase in PHASES:
            m = firsts.get((f"{bank.id}-{phase}", q), {}).get(learner)
            row[phase] = None if m is None or q not in asked[phase] else m[0]
        items.append(row)
    pre, post, later = totals["pre"], totals["post"], totals["delayed"]
    words = []
    if not pre["answered"]:
        words.append("You have not taken the pre-test yet (lesson 00).")
    else:
        words.append(f"Before the course you answered {pre['right']} of {pre['asked']} right.")
    if post["answered"]:
        words.append(f"After it, {post['right']} of {post['asked']}.")
        both = [i for i in items if i["pre"] is not None and i["post"] is not None]
        learned = sum(1 for i in both if not i["pre"] and i["post"])
        lost = sum(1 for i in both if i["pre"] and not i["post"])
        if both:
            words.append(
                f"You got {learned} item{'s' if learned != 1 else ''} right that you had "
                f"wrong before" + (f", and {lost} wrong that you had right." if lost else ".")
            )
    elif pre["answered"]:
        words.append("The post-test comes after the capstone (lesson 06).")
    if later["answered"]:
        words.append(f"A week later: {later['right']} of {later['asked']} right.")
    return {
        "learner": learner,
        "bank": bank.id,
        "items": items,
        "totals": totals,
        "words": " ".join(words),
    }
