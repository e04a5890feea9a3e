"""Hub benchmark: 40 simulated learners submitting quiz attempts through a real workshop hub.

A real JupyterHub 5 with configurable-http-proxy and the committed workshop config
(``deploy/jupyterhub_config.py``) runs ``kit-progress``; 40 hub users each get their own
token; 40 threads, one per learner, then submit attempts through the proxy for ``--seconds``
(default 120) exactly as a learner's kernel does (``kit.store.http.HubBackend.add``, one
attempt per request, back to back, no think time: the load a room can at most produce).

Printed, per store (SQLite, and PostgreSQL when Debian's server is installed), side by side:
attempts/s held over the run, median and p95 latency of one submission, and the lost count:
acknowledged attempts missing from the store afterwards (counted in the store itself), which
must be 0, plus duplicates (must be 0).

Usage: ``python benchmarks/hub_load.py [--seconds 120] [--learners 40] [--store sqlite|pg|both]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hub"))
sys.path.insert(0, str(ROOT / "tests"))
import hubdriver  # noqa: E402


def _row(learner: str, n: int) -> dict:
    return {
        "uid": uuid.uuid4().hex,
        "class_id": hubdriver.CLASS,
        "learner": learner,
        "bank": "00",
        "question": f"q{n % 10}",
        "response": f'"answer {n}"',
        "correct": n % 3 == 0,
        "score": 1.0 if n % 3 == 0 else 0.0,
        "points": 1.0,
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run_class(store_url: str | None, learners: int, seconds: float, label: str) -> dict:
    """Start a hub on ``store_url``, run the learners, count what was stored."""
    from kit.store import ProgressStore, StoreError
    from kit.store.http import HubBackend

    names = [f"bench{i:02d}" for i in range(learners)]
    with tempfile.TemporaryDirectory(prefix="kit-hub-bench-") as folder:
        home = Path(folder) / "hub"
        with hubdriver.start_hub(home, store_url=store_url) as hub:
            hub.add_users(names)
            tokens = {name: hub.token(name) for name in names}
            if not hubdriver_wait_service(hub):
                raise RuntimeError(f"kit-progress did not come up; see {hub.log}")
            acked: dict[str, list[str]] = {name: [] for name in names}
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            start = threading.Barrier(learners + 1)
            stop_at = [0.0]

            def learner(name: str) -> None:
                backend = HubBackend(hub.service_url, token=tokens[name], timeout=30)
                mine, times = [], []
                start.wait()
                n = 0
                while time.perf_counter() < stop_at[0]:
                    row = _row(name, n)
                    t0 = time.perf_counter()
                    try:
                        backend.add([row])
                    except StoreError as exc:
                        with lock:
                            errors.append(str(exc))
                        continue
                    times.append(time.perf_counter() - t0)
                    mine.append(row["uid"])
                    n += 1
                with lock:
                    acked[name] = mine
                    latencies.extend(times)

            threads = [threading.Thread(target=learner, args=(n,)) for n in names]
            for t in threads:
                t.start()
            stop_at[0] = time.perf_counter() + seconds
            began = time.perf_counter()
            start.wait()
            for t in threads:
                t.join()
            took = time.perf_counter() - began
            store_url = store_url or f"sqlite:///{home / 'state' / 'progress.sqlite'}"
            stored = [a.uid for a in ProgressStore(store_url).attempts(class_id=hubdriver.CLASS)]
    sent = [uid for uids in acked.values() for uid in uids]
    stored_set = set(stored)
    return {
        "store": label,
        "learners": learners,
        "seconds": took,
        "acked": len(sent),
        "rate": len(sent) / took,
        "median_ms": 1000 * _percentile(latencies, 0.5),
        "p95_ms": 1000 * _percentile(latencies, 0.95),
        "lost": sum(uid not in stored_set for uid in sent),
        "duplicates": len(stored) - len(stored_set),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
    }


def hubdriver_wait_service(hub) -> bool:
    from kit.store.http import wait_until_up

    return wait_until_up(hub.service_url, timeout=60)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--store", choices=("sqlite", "pg", "both"), default="both")
    args = parser.parse_args(argv)
    reason = hubdriver.missing()
    if reason:
        print(f"hub benchmark cannot run: {reason}", file=sys.stderr)
        return 1
    results = []
    if args.store in ("sqlite", "both"):
        results.append(run_class(None, args.learners, args.seconds, "SQLite (workshop default)"))
    if args.store in ("pg", "both"):
        import pgserver

        why = pgserver.missing()
        if why:
            print(f"(PostgreSQL row skipped: {why})", file=sys.stderr)
        else:
            folder = Path(tempfile.mkdtemp(prefix="kit-hub-bench-pg-"))
            with pgserver.PgServer.started(folder) as pg:
                url = pg.create_database("hub_bench")
                results.append(run_class(url, args.learners, args.seconds, "PostgreSQL"))
    print(
        f"\n{args.learners} simulated learners through the proxy, {args.seconds:g} s each "
        "store, one attempt per request, no think time\n"
    )
    print("| store | attempts acknowledged | attempts/s | median ms | p95 ms | lost | duplicates "
          "| errors |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['store']} | {r['acked']:,} | {r['rate']:,.0f} | {r['median_ms']:.0f} | "
            f"{r['p95_ms']:.0f} | {r['lost']} | {r['duplicates']} | {r['errors']} |"
        )
    if len(results) == 2 and results[0]["rate"]:
        print(f"\nPostgreSQL / SQLite attempts/s: {results[1]['rate'] / results[0]['rate']:.2f}x")
    for r in results:
        if r["first_error"]:
            print(f"first error ({r['store']}): {r['first_error']}")
    return 1 if any(r["lost"] or r["duplicates"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
