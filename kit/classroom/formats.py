"""The gain and the item analysis as text: a table for people, CSV or JSON (what ``kit
progress report --gain`` and ``--items`` print). Pure functions of the dicts
:func:`kit.classroom.gain.class_gain` and :func:`kit.classroom.analysis.item_report` return.

Examples
--------
>>> print(format_items({"learners": 0, "flagged": 0, "items": []}, "csv").strip())
bank,question,n,difficulty,discrimination,upper_lower,flags,option,correct,misconception,picked
"""

from __future__ import annotations

import csv
import io
import json

from kit.errors import KitError

__all__ = ["format_items", "format_gain"]


def format_items(report: dict, fmt: str = "table", *, title: str = "") -> str:
    """Render :func:`item_report` as ``table`` (for people), ``csv`` (one row per option, or
    per question for other kinds) or ``json``."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        cols = (
            "bank",
            "question",
            "n",
            "difficulty",
            "discrimination",
            "upper_lower",
            "flags",
            "option",
            "correct",
            "misconception",
            "picked",
        )
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for i in report["items"]:
            head = [
                i["bank"],
                i["question"],
                i["n"],
                _num(i["difficulty"]),
                _num(i["discrimination"]),
                _num(i["upper_lower"]),
                " ".join(f["flag"] for f in i["flags"]),
            ]
            if not i["options"]:
                writer.writerow([*head, "", "", "", ""])
            for o in i["options"]:
                writer.writerow([*head, o["label"], o["correct"], o["misconception"], o["picked"]])
        return buf.getvalue()
    if fmt != "table":
        raise KitError(f"unknown report format {fmt!r}; use table, csv or json")
    lines = [title] if title else []
    lines.append(
        f"{report['learners']} learners; {report['flagged']} of {len(report['items'])} "
        "questions flagged. Difficulty: share right at the first try; discrimination: "
        "point-biserial with the rest of the bank (upper-lower 27% in brackets)."
    )
    for i in report["items"]:
        diff = f"{i['difficulty']:.0%}" if i["difficulty"] is not None else "-"
        disc = f"{i['discrimination']:+.2f}" if i["discrimination"] is not None else "-"
        ul = f" ({i['upper_lower']:+.2f})" if i["upper_lower"] is not None else ""
        lines.append("")
        lines.append(
            f"{i['bank']}/{i['question']}: {i['n']} answered, difficulty {diff}, "
            f"discrimination {disc}{ul}"
        )
        for o in i["options"]:
            mark = "right" if o["correct"] else (o["misconception"] or "wrong")
            lines.append(f"    {o['picked']:>4}  {o['label'][:60]}  [{mark}]")
        for a in i["answers"]:
            mark = "right" if a["correct"] else "wrong"
            lines.append(f"    {a['learners']:>4}  {a['answer'][:60]}  [{mark}]")
        for f in i["flags"]:
            lines.append(f"    ⚑ {f['flag']}: {f['words']}")
    return "\n".join(lines) + "\n"


def _num(value) -> str:
    return "" if value is None else f"{value:.3f}"


def format_gain(g: dict, fmt: str = "table", *, title: str = "") -> str:
    """Render :func:`class_gain` as ``table`` (for people), ``csv`` (one row per item) or
    ``json``."""
    if fmt == "json":
        return json.dumps(g, indent=2, ensure_ascii=False) + "\n"

    def share(x):
        return "" if x is None else f"{x:.3f}"

    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["question", "pre", "post", "delayed", "n_matched", "gain"])
        for item in g["items"]:
            writer.writerow(
                [
                    item["question"],
                    share(item["pre"]),
                    share(item["post"]),
                    share(item["delayed"]),
                    g["n_matched"],
                    "" if g["gain"] is None else g["gain"],
                ]
            )
        return buf.getvalue()
    if fmt != "table":
        raise KitError(f"unknown report format {fmt!r}; use table, csv or json")
    lines = [title] if title else []
    lines.append(g["words"])
    if g["n_matched"]:
        lines.append("")
        lines.append(f"Right at the first try, of the {g['n_matched']} matched learners:")
        delayed = any(item["delayed"] is not None for item in g["items"])
        head = ["question", "before", "after"] + (["a week later"] if delayed else [])
        table = [head]
        for item in g["items"]:
            row = [item["question"], f"{item['pre']:.0%}", f"{item['post']:.0%}"]
            if delayed:
                row.append("" if item["delayed"] is None else f"{item['delayed']:.0%}")
            table.append(row)
        widths = [max(len(r[i]) for r in table) for i in range(len(head))]
        for row in table:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"
