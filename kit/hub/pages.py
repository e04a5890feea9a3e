"""The class page's sections on learning (issue 22): the concept inventory's gain and the item
analysis, as HTML tables (``table`` is the page's own table helper, so they look alike).

Examples
--------
>>> def table(rows, cols):
...     return f"<table>{len(rows)} rows</table>"
>>> gain_html(None, table)
''
"""

from __future__ import annotations

import html

__all__ = ["gain_html", "items_html"]


def _share(x) -> str:
    return "–" if x is None else f"{x:.0%}"


def gain_html(gain: dict | None, table) -> str:
    """The concept inventory's gain (kit.classroom.gain), when any learner took it."""
    if not gain or not (gain["n_matched"] or gain["pre_only"] or gain["post_only"]):
        return ""
    rows = [
        {
            "question": i["question"],
            "before": _share(i["pre"]),
            "after": _share(i["post"]),
            "later": _share(i["delayed"]),
        }
        for i in gain["items"]
    ]
    cols = [("question", "item"), ("before", "right before"), ("after", "right after")]
    if gain.get("delayed"):
        cols.append(("later", "a week later"))
    body = table(rows, cols) if gain["n_matched"] else ""
    return (
        f'<h2>Did the workshop work? (concept inventory)</h2><p id="gain">'
        f"{html.escape(gain['words'])}</p>{body}"
    )


def items_html(items: dict | None, table) -> str:
    """Item analysis (kit.classroom.analysis): one row per question, its options and flags."""
    if not items or not items["items"]:
        return ""

    def num(x) -> str:
        return "–" if x is None else f"{x:+.2f}"

    rows = []
    for i in items["items"]:
        picks = "; ".join(
            f"{o['label'][:40]}: {o['picked']}"
            + (
                " (right)"
                if o["correct"]
                else f" ({o['misconception']})"
                if o["misconception"]
                else ""
            )
            for o in i["options"]
        )
        rows.append(
            {
                "question": f"{i['bank']}/{i['question']}",
                "n": i["n"],
                "difficulty": _share(i["difficulty"]),
                "discrimination": num(i["discrimination"]),
                "upper_lower": num(i["upper_lower"]),
                "options": picks,
                "flags": "; ".join(f"⚑ {f['flag']}: {f['words']}" for f in i["flags"]),
            }
        )
    cols = [
        ("question", "question"),
        ("n", "answered"),
        ("difficulty", "right at first try"),
        ("discrimination", "discrimination (point-biserial)"),
        ("upper_lower", "upper - lower 27%"),
        ("options", "first picks per option (misconception)"),
        ("flags", "flags"),
    ]
    return (
        f'<h2>Item analysis</h2><p id="items">{items["flagged"]} of {len(items["items"])} '
        "questions flagged.</p>" + table(rows, cols)
    )
