"""One dashboard refresh, SQLite vs PostgreSQL side by side.

A class of 40 learners x 60 questions x 3 attempts (7,200 attempts, seeded) is written into
a SQLite file and into a PostgreSQL database; then one refresh of the instructor dashboard
(``Dashboard.refresh``: ``store.attempts(class_id=...)`` plus ``class_stats``) is timed on
each, in turns, and the medians, the worst and their ratio are printed. The target is under
200 ms per refresh. A second class of the same size in the same database checks that the
class filter, not the table size, sets the cost.

PostgreSQL: a private server is started with ``tests/pgserver.py`` (Debian's postgresql);
or give ``--pg URL`` of an empty database.

    python benchmarks/dashboard_refresh.py [--reps 15] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LEARNERS, QUESTIONS, ATTEMPTS = 40, 60, 3  # --learners / --questions change the first two


def class_rows(class_id: str, seed: int) -> list[dict]:
    """40 x 60 x 3 attempts: 3 tries each, the last right two times in three."""
    import json

    rng = random.Random(seed)
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    rows = []
    for li in range(LEARNERS):
        for qi in range(QUESTIONS):
            for k in range(ATTEMPTS):
                right = k == ATTEMPTS - 1 and rng.random() < 2 / 3
                rows.append(
                    {
                        "uid": f"{class_id}-{li}-{qi}-{k}",
                        "class_id": class_id,
                        "learner": f"learner{li:02d}",
                        "bank": f"b{qi // 10}",
                        "question": f"q{qi:02d}",
                        "response": json.dumps(rng.choice(["a", "b", "c", ["x", "y"], 42])),
                        "correct": right,
                        "score": float(right),
                        "points": 1.0,
                        "time": (start + timedelta(seconds=rng.randrange(3600))).isoformat(
                            timespec="milliseconds"
                        ),
                    }
                )
    return rows


def fill(url: str) -> None:
    from kit.store import ProgressStore

    backend = ProgressStore(url).backend
    for class_id, seed in (("bench", 1), ("other", 2)):
        rows = class_rows(class_id, seed)
        for i in range(0, len(rows), 1000):
            backend.add(rows[i : i + 1000])
    backend.close()


def time_refresh(url: str, reps: int) -> dict:
    from kit.classroom.widget import Dashboard
    from kit.store import ProgressStore

    store = ProgressStore(url, class_id="bench")
    t0 = time.perf_counter()
    board = Dashboard(store=store)  # the first refresh opens the connection
    first = time.perf_counter() - t0
    assert board.stats["attempts"] == LEARNERS * QUESTIONS * ATTEMPTS, board.stats["attempts"]
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        board.refresh()
        times.append(time.perf_counter() - t0)
    board.close()
    store.close()
    return {"first": first, "median": statistics.median(times), "worst": max(times)}


@contextlib.contextmanager
def postgres(url: str | None):
    if url:
        yield url
        return
    sys.path.insert(0, str(ROOT / "tests"))
    import pgserver

    reason = pgserver.missing()
    if reason:
        raise SystemExit(f"cannot start PostgreSQL: {reason} (or give --pg URL)")
    with pgserver.PgServer.started(Path(tempfile.mkdtemp(prefix="kit-bench-pg-"))) as server:
        yield server.create_database("bench")


def _size(learners: int, questions: int) -> None:
    global LEARNERS, QUESTIONS
    LEARNERS, QUESTIONS = learners, questions


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15, help="refreshes timed per backend")
    parser.add_argument("--pg", help="URL of an empty PostgreSQL database (default: start one)")
    parser.add_argument("--learners", type=int, default=LEARNERS, help="learners per class")
    parser.add_argument("--questions", type=int, default=QUESTIONS, help="questions")
    args = parser.parse_args(argv)
    _size(args.learners, args.questions)
    with tempfile.TemporaryDirectory() as tmp, postgres(args.pg) as pg_url:
        sqlite_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        for url in (sqlite_url, pg_url):
            fill(url)
        results = {"SQLite": [], "PostgreSQL": []}
        # In turns, so a busy spell on the shared machine hits both sides alike.
        for _ in range(3):
            results["SQLite"].append(time_refresh(sqlite_url, args.reps))
            results["PostgreSQL"].append(time_refresh(pg_url, args.reps))
    n = LEARNERS * QUESTIONS * ATTEMPTS
    print(
        f"One dashboard refresh, class of {LEARNERS} learners x {QUESTIONS} questions x "
        f"{ATTEMPTS} attempts ({n:,} attempts; another class of {n:,} in the same table); "
        f"{3 * args.reps} refreshes per backend in 3 turns; target under 200 ms"
    )
    print()
    print("| backend | median refresh | worst refresh | first refresh (connects) |")
    print("|---|---|---|---|")
    summary = {}
    for name, runs in results.items():
        median = statistics.median(r["median"] for r in runs)
        worst = max(r["worst"] for r in runs)
        first = statistics.median(r["first"] for r in runs)
        summary[name] = median
        print(f"| {name} | {median * 1e3:.1f} ms | {worst * 1e3:.1f} ms | {first * 1e3:.1f} ms |")
    print()
    ratio = summary["PostgreSQL"] / summary["SQLite"]
    print(f"PostgreSQL / SQLite (median refresh): {ratio:.2f}x")
    ok = all(v < 0.2 for v in summary.values())
    print("target under 200 ms:", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
