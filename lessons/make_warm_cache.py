"""Build ``kit/sim/warm-runs.zip``: the simulator runs the shipped lessons make, precomputed.

Every lesson seeds its runs, so every learner's Run All asks for the same ones; the kit ships
them so that a lesson starts warm (kit/sim/cache.py). This script runs each lesson top to
bottom in a fresh kernel with ``KIT_CACHE_RECORD`` set, collects the scenarios the kernels
ran, and writes them, computed afresh, into the pack. Deterministic: the same lessons and
engine give the same bytes. Re-run it whenever a lesson's runs or the engine change
(``tests/sim/test_cache.py`` checks that the pack matches today's engine).

The lessons run as the static website's build runs them (``make site``, :mod:`kit.site.build`):
with its first cell and ``KIT_STATIC=1``, so each explorer also computes the runs over its
sliders' grid that the website's page steps through. Those runs go into the pack too, so the
website builds warm from a fresh clone (about 200 runs of its 8 explorers beyond the
lessons' own). Every cell runs, the solutions' and instructor's too (the website leaves those
out), so the pack holds every run a learner's Run All and the website make::

    .venv/bin/python lessons/make_warm_cache.py          # all lessons
    .venv/bin/python lessons/make_warm_cache.py --check  # say how many lesson runs it lacks
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from kit.sim import cache  # noqa: E402


def lesson_runs(notebooks: list[Path]) -> list[str]:
    """Run the notebooks with recording on; the scenarios they ran, as JSON lines, in order.

    Each notebook runs whole, with the website build's first cell (:data:`kit.site.build.SETUP`)
    and ``KIT_STATIC=1``: the lesson's own runs and its explorers' grids for the website.
    """
    from kit.site.build import SETUP

    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "runs.jsonl"
        env = {
            "KIT_CACHE_RECORD": str(record),
            "KIT_CACHE_DIR": str(Path(tmp) / "cache"),  # no hits from an old user cache
            "KIT_CACHE_PACK": "off",
            "KIT_LEARNER": "warm-cache-builder",
            "KIT_CAPSTONE_RESULTS": str(Path(tmp) / "capstone-results"),
            "KIT_PROGRESS_URL": f"sqlite:///{Path(tmp) / 'progress.db'}",
            "KIT_STATIC": "1",  # explorers compute the website's grids too (kit.site.emit)
        }
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            for path in notebooks:
                nb = nbformat.read(path, as_version=4)
                nb.cells.insert(0, nbformat.v4.new_code_cell(SETUP))
                print(f"running {path.name} ...", flush=True)
                NotebookClient(
                    nb, timeout=600, resources={"metadata": {"path": str(HERE)}}
                ).execute()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        return record.read_text().splitlines() if record.exists() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report missing runs, write nothing")
    parser.add_argument("--out", type=Path, default=cache.PACK, help="the pack to write")
    args = parser.parse_args(argv)
    notebooks = sorted(HERE.glob("[0-9][0-9]-*.ipynb"))
    lines = list(dict.fromkeys(lesson_runs(notebooks)))
    scenarios = [cache.scenario_from_text(line) for line in lines]
    if args.check:
        have = {cache.scenario_text(s) for s in cache.pack_scenarios(args.out)}
        missing = [s for s in lines if s not in have]
        print(f"{len(lines)} distinct seeded runs in the lessons; {len(missing)} not in the pack")
        return 1 if missing else 0
    index = cache.build_pack(args.out, scenarios)
    size = args.out.stat().st_size
    print(f"wrote {args.out}: {len(index['entries'])} runs, {size / 1024 / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
