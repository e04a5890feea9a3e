"""A room presses Run All at once: lesson kernels with the run cache off and on, side by side.

For each lesson, one learner's Run All (a fresh kernel executing every cell, as nbclient
does; kernel start included) with the cache off (``KIT_CACHE=off``: every run computed, as
before the cache) and on (the shipped pack of the lessons' runs, an empty folder of the
learner's own). Then N learners running the same lesson at the same moment (N = 4 and 8 by
default), each in its own process and kernel: the time until all are ready, off and on.
The machine's load is printed beside the numbers; the sides run in turns.

``--before COMMIT`` adds a third side: the kit and lessons as they were at that commit (a
temporary git worktree, imported ahead of this checkout), the "today" the issue measured
(539bc61, the end of round 2). The cache-off side is not that: it keeps this round's other
savings (the run pack kept open, banks parsed by libyaml, a slow import deferred).

    .venv/bin/python benchmarks/runall_cache.py                 # every lesson, N = 4 and 8
    .venv/bin/python benchmarks/runall_cache.py --lessons 02 --rooms 4
    .venv/bin/python benchmarks/runall_cache.py --before 539bc61 --rooms 8
"""

from __future__ import annotations

import argparse
import contextlib
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


def _env(cache_on: bool, home: Path, before: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    if before is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(before), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
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


def room(
    notebook: Path, n: int, cache_on: bool, before: Path | None = None
) -> tuple[float, list[float]]:
    """N learners start Run All together: (seconds until all are ready, each one's seconds).

    With ``before`` (a worktree of an older commit), its lesson of the same number runs under
    its own kit instead.
    """
    if before is not None:
        (notebook,) = sorted((before / "lessons").glob(f"{notebook.name[:2]}-*.ipynb"))
    lessons = notebook.parent
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        start = time.perf_counter()
        for i in range(n):
            home = Path(tmp) / f"learner{i}"
            home.mkdir()
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-c", _CHILD, str(notebook), str(lessons)],
                    env=_env(cache_on, home, before),
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


@contextlib.contextmanager
def _worktree(commit: str | None):
    if not commit:
        yield None
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), commit],
            check=True,
        )
        try:
            yield path
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", nargs="*", help="lesson numbers, e.g. 02 04 (default all)")
    parser.add_argument("--rooms", nargs="*", type=int, default=[4, 8], help="room sizes")
    parser.add_argument("--room-lesson", default="02", help="the lesson the rooms run")
    parser.add_argument("--before", help="also time the kit at this commit (e.g. 539bc61)")
    args = parser.parse_args(argv)
    notebooks = sorted(LESSONS.glob("[0-9][0-9]-*.ipynb"))
    if args.lessons:
        notebooks = [nb for nb in notebooks if nb.name[:2] in args.lessons]
    with _worktree(args.before) as before:
        _measure(args, notebooks, before)
    return 0


def _measure(args, notebooks: list[Path], before: Path | None) -> None:
    tag = f"before ({args.before})" if before else ""
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("\none learner's Run All (kernel start included), cache off vs on:")
    head = f"{'lesson':<32} {'off':>8} {'on':>8} {'on/off':>7}"
    print(head + (f" {'before':>8} {'on/before':>9}   {tag}" if before else ""))
    for nb in notebooks:
        _, (off,) = room(nb, 1, cache_on=False)
        _, (on,) = room(nb, 1, cache_on=True)
        line = f"{nb.stem[:32]:<32} {off:>7.1f}s {on:>7.1f}s {off / on:>6.2f}x"
        if before:
            _, (old,) = room(nb, 1, cache_on=False, before=before)
            line += f" {old:>7.1f}s {old / on:>8.2f}x"
        print(line, flush=True)
    (room_nb,) = [nb for nb in sorted(LESSONS.glob(f"{args.room_lesson}-*.ipynb"))]
    print(f"\n{room_nb.stem}: N learners press Run All together, time until all are ready:")
    head = f"{'N':>3} {'off':>8} {'on':>8} {'on/off':>7}"
    print(head + (f" {'before':>8} {'on/before':>9}" if before else "") + "   slowest learner")
    for n in args.rooms:
        off_all, off_each = room(room_nb, n, cache_on=False)
        on_all, on_each = room(room_nb, n, cache_on=True)
        line = f"{n:>3} {off_all:>7.1f}s {on_all:>7.1f}s {off_all / on_all:>6.2f}x"
        slowest = f"off {max(off_each):.1f}s / on {max(on_each):.1f}s"
        if before:
            old_all, old_each = room(room_nb, n, cache_on=False, before=before)
            line += f" {old_all:>7.1f}s {old_all / on_all:>8.2f}x"
            slowest += f" / before {max(old_each):.1f}s"
        print(f"{line}   {slowest}", flush=True)
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
