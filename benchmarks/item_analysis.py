"""Item analysis and learning gain of a large class, SQLite vs PostgreSQL, beside today's
dashboard refresh.

A class of 1,000 learners x 80 questions x 3 attempts (240,000 attempts, seeded; another
class of the same size in the same table, so the class filter is what is measured) is
written into a SQLite file and a PostgreSQL database. Then, in turns, on each backend:

- **item analysis + gain**: what ``kit progress report --items`` and ``--gain`` do: read each
  learner's first try at each question (``ProgressStore.first_attempts``), then
  :func:`kit.classroom.analysis.item_report` (difficulty, point-biserial, upper-lower,
  distractor table, flags) and :func:`kit.classroom.gain.class_gain`; target under 1 s;
- **the same from every attempt** (``ProgressStore.rows`` and the first tries picked in
  Python), the path a store without ``first_attempts`` (the hub's HTTP backend) takes;
- **today's dashboard refresh** of a 40 x 60 x 3 class (``benchmarks/dashboard_refresh.py``'s
  class), printed beside it for scale, here with its analysis (which the dashboard redoes
  at most every 30 s; ``dashboard_refresh.py`` times the refreshes in between).

Medians and the worst of ``--reps`` timings per backend, in 3 turns; the machine's load
average is printed, since this 2-core machine is shared.

    python benchmarks/item_analysis.py [--reps 5] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import dashboard_refresh as dash  # noqa: E402

BIG = (1000, 80)
SMALL = (dash.LEARNERS, dash.QUESTIONS)


def big_rows(class_id: str, seed: int, learners: int, questions: int) -> list[dict]:
    """3 attempts per learner and question; the first right with a chance that rises with
    the learner's ability and falls with the question's difficulty (a Rasch model), so
    difficulty and discrimination vary as in a real class; wrong answers spread over three
    options."""
    import json
    import math
    import random
    from datetime import UTC, datetime, timedelta

    rng = random.Random(seed)
    ability = [rng.gauss(0, 1) for _ in range(learners)]
    hardness = [rng.gauss(0, 1) for _ in range(questions)]
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    rows = []
    for li in range(learners):
        for qi in range(questions):
            p = 1 / (1 + math.exp(hardness[qi] - ability[li]))
            right = rng.random() < p
            for k in range(3):
                ok = right or k == 2 and rng.random() < 0.7
                rows.append(
                    {
                        "uid": f"{class_id}-{li}-{qi}-{k}",
                        "class_id": class_id,
                        "learner": f"learner{li:04d}",
                        "bank": f"b{qi // 10}",
                        "question": f"q{qi:02d}",
                        "response": json.dumps("a" if ok else rng.choice("bcd")),
                        "correct": ok,
                        "score": float(ok),
                        "points": 1.0,
                        "time": (start + timedelta(minutes=qi, seconds=20 * k + li % 20)).isoformat(
                            timespec="milliseconds"
                        ),
                    }
                )
    return rows


def fill(url: str) -> None:
    from kit.store import ProgressStore

    backend = ProgressStore(url).backend
    for class_id, seed in (("big", 1), ("big-other", 2)):
        rows = big_rows(class_id, seed, *BIG)
        for i in range(0, len(rows), 5000):
            backend.add(rows[i : i + 5000])
    dash._size(*SMALL)
    for class_id, seed in (("small", 1), ("small-other", 2)):
        backend.add(dash.class_rows(class_id, seed))
    backend.close()


#: Seconds spent reading, per (backend, path): the rest of each timing is the analysis.
READ: dict = {}


def analyse(store, *, lean: bool, name: str = "") -> tuple[float, dict]:
    from kit.classroom.analysis import first_tries, item_report
    from kit.classroom.gain import class_gain

    t0 = time.perf_counter()
    rows = store.first_attempts(class_id="big") if lean else store.rows(class_id="big")
    READ.setdefault((name, lean), []).append(time.perf_counter() - t0)
    firsts = first_tries(rows, unique=lean)
    report = item_report(rows, firsts=firsts)
    class_gain(rows, firsts=firsts)
    return time.perf_counter() - t0, report


def refresh(url: str) -> float:
    from kit.classroom.widget import Dashboard
    from kit.store import ProgressStore

    store = ProgressStore(url, class_id="small")
    board = Dashboard(store=store)
    t0 = time.perf_counter()
    board.refresh(analyse=True)  # with the gain and item analysis (every 30 s by default)
    took = time.perf_counter() - t0
    board.close()
    return took


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="timings per backend and turn")
    parser.add_argument("--pg", help="URL of an empty PostgreSQL database (default: start one)")
    args = parser.parse_args(argv)
    from kit.store import ProgressStore

    with tempfile.TemporaryDirectory() as tmp, dash.postgres(args.pg) as pg_url:
        urls = {"SQLite": f"sqlite:///{Path(tmp) / 'bench.db'}", "PostgreSQL": pg_url}
        t0 = time.perf_counter()
        for url in urls.values():
            fill(url)
        print(f"(filled both stores in {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
        times = {(name, what): [] for name in urls for what in ("lean", "all", "dash")}
        checked = {}
        for _ in range(3):
            for name, url in urls.items():
                store = ProgressStore(url, class_id="big")
                store.first_attempts(class_id="big")  # connect once, outside the timing
                for _ in range(args.reps):
                    took, report = analyse(store, lean=True, name=name)
                    times[(name, "lean")].append(took)
                    checked[name] = report
                took, report = analyse(store, lean=False, name=name)
                times[(name, "all")].append(took)
                assert report == checked[name], "the two paths disagree"
                store.close()
                times[(name, "dash")] += [refresh(url) for _ in range(args.reps)]
    items = checked["SQLite"]
    assert items == checked["PostgreSQL"], "SQLite and PostgreSQL disagree"
    assert items["learners"] == 1000 and len(items["items"]) == 80
    load = os.getloadavg()[0]
    print(
        "Item analysis + gain of a class of 1,000 learners x 80 questions x 3 attempts "
        "(240,000 attempts; another class of 240,000 and two of 7,200 in the same table), "
        f"beside one dashboard refresh of 40 x 60 x 3; load average {load:.1f} on "
        f"{os.cpu_count()} cores; target under 1 s"
    )
    print()
    print("| backend | item analysis + gain (first tries in SQL) | the same from every row "
          "| dashboard refresh with its analysis, 40 x 60 x 3 |")  # fmt: skip
    print("|---|---|---|---|")
    ok = True
    for name in urls:
        lean, rows, board = (times[(name, w)] for w in ("lean", "all", "dash"))
        ok &= statistics.median(lean) < 1.0
        read = statistics.median(READ[(name, True)])
        print(
            f"| {name} | median {statistics.median(lean):.2f} s (reading {read:.2f} s), worst "
            f"{max(lean):.2f} s | median {statistics.median(rows):.2f} s | median "
            f"{statistics.median(board) * 1e3:.0f} ms |"
        )
    print()
    print("target under 1 s (median, first tries in SQL):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
