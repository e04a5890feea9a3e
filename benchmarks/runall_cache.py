"""A room presses Run All at once: lesson kernels with the run cache off and on, side by side.

For each lesson, one learner's Run All (a fresh kernel executing every cell, as nbclient
does; kernel start included) with the cache off (``KIT_CACHE=off``: every run computed, as
before the cache) and on (the shipped pack of the lessons' runs, an empty folder of the
learner's own). Then N learners running the same lesson at the same moment (N = 4 and 8 by
default), each in its own process and kernel: the time until all are ready, off and on.
The machine's load is printed beside the numbers; the two sides run in turns.

    .venv/bin/python benchmarks/runall_cache.py                 # every lesson, N = 4 and 8
    .venv/bin/python benchmarks/runall_cache.py --lessons 02 --rooms 4
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"

_CHILD = r"""
import sys, time, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
start = time.perf_counter()
NotebookClient(nb, timeout=900, resources={"metadata": {"path": sys.argv[2]}}).execute()
print(time.perf_counter() - start)
"""


def _env(cache_on: bool, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KIT_CACHE="on" if cache_on else "off",
        KIT_CACHE_DIR=str(home / "run-cache"),
        KIT_PROGRESS_URL=f"sqlite:///{home / 'progress.db'}",
        KIT_OUTBOX=str(home / "outbox.db"),
        KIT_LEARNER="bench",
        KIT_CAPSTONE_RESULTS=str(home / "capstone-results"),
    )
    for name in ("KIT_SHARED_CACHE", "KIT_CACHE_RECORD", "KIT_CACHE_PACK"):
        env.pop(name, None)
    return env


def room(notebook: Path, n: int, cache_on: bool) -> tuple[float, list[float]]:
    """N learners start Run All together: (seconds until all are ready, each one's seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        start = time.perf_counter()
        for i in range(n):
            home = Path(tmp) / f"learner{i}"
            home.mkdir()
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-c", _CHILD, str(notebook), str(LESSONS)],
                    env=_env(cache_on, home),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
            )
        each = []
        for p in procs:
            out, _ = p.communicate()
            if p.returncode:
                raise SystemExit(f"{notebook.name}: a kernel failed (exit {p.returncode})")
            each.append(float(out.strip().splitlines()[-1]))
        return time.perf_counter() - start, each


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", nargs="*", help="lesson numbers, e.g. 02 04 (default all)")
    parser.add_argument("--rooms", nargs="*", type=int, default=[4, 8], help="room sizes")
    parser.add_argument("--room-lesson", default="02", help="the lesson the rooms run")
    args = parser.parse_args(argv)
    notebooks = sorted(LESSONS.glob("[0-9][0-9]-*.ipynb"))
    if args.lessons:
        notebooks = [nb for nb in notebooks if nb.name[:2] in args.lessons]
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("\none learner's Run All (kernel start included), cache off vs on:")
    print(f"{'lesson':<40} {'off':>8} {'on':>8} {'speed-up':>9}")
    for nb in notebooks:
        _, (off,) = room(nb, 1, cache_on=False)
        _, (on,) = room(nb, 1, cache_on=True)
        print(f"{nb.stem:<40} {off:>7.1f}s {on:>7.1f}s {off / on:>8.2f}x", flush=True)
    (room_nb,) = [nb for nb in sorted(LESSONS.glob(f"{args.room_lesson}-*.ipynb"))]
    print(f"\n{room_nb.stem}: N learners press Run All together, time until all are ready:")
    print(f"{'N':>3} {'off':>8} {'on':>8} {'speed-up':>9}   slowest learner off / on")
    for n in args.rooms:
        off_all, off_each = room(room_nb, n, cache_on=False)
        on_all, on_each = room(room_nb, n, cache_on=True)
        print(
            f"{n:>3} {off_all:>7.1f}s {on_all:>7.1f}s {off_all / on_all:>8.2f}x   "
            f"{max(off_each):.1f}s / {max(on_each):.1f}s",
            flush=True,
        )
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
