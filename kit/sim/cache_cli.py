"""The ``kit cache`` command: where the run cache is, how full, clear it, fill a shared one."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.errors import KitError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``cache`` sub-command (``info``, ``clear``, ``warm``)."""
    p = subparsers.add_parser(
        "cache",
        help="the simulator's run cache: info, clear, or fill a shared folder",
        description=(
            "Seeded simulator runs are kept so that the same run is computed once "
            "(kit/sim/cache.py). 'info' says where and how full; 'clear' empties your own "
            "folder; 'warm' fills a shared read-only folder for a hub from a list of runs "
            "(for the trusted deploy step, not for learners)."
        ),
    )
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    info = sub.add_parser("info", help="where the cache is, its entries and size")
    info.set_defaults(func=_info)
    clear = sub.add_parser("clear", help="delete every entry of your own cache folder")
    clear.set_defaults(func=_clear)
    warm = sub.add_parser(
        "warm",
        help="fill a shared folder with the shipped lessons' runs (or those listed in a file)",
    )
    warm.add_argument("folder", type=Path, help="the shared folder to fill (made if missing)")
    warm.add_argument(
        "--runs",
        type=Path,
        help="a file of runs, one scenario as JSON a line (default: the pack the kit ships)",
    )
    warm.set_defaults(func=_warm)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} kB"


def _info(args: argparse.Namespace) -> int:
    from kit.sim import cache

    got = cache.info()
    state = "on" if got["enabled"] else "off (KIT_CACHE=off)"
    print(f"run cache: {state}")
    print(
        f"your folder: {got['folder']}: {got['entries']:,} runs, {_size(got['bytes'])} "
        f"of {_size(got['limit_bytes'])} (least recently used runs go first)"
    )
    for shared in got["shared"]:
        where = "shipped pack" if Path(shared["folder"]) == cache.PACK else "shared folder"
        missing = "" if shared["exists"] else " (not there)"
        print(f"{where}: {shared['folder']}{missing}: {shared['entries']:,} runs, read only")
    return 0


def _clear(args: argparse.Namespace) -> int:
    from kit.sim import cache

    removed = cache.clear()
    print(f"removed {removed:,} runs from {cache.user_folder()}")
    return 0


def _warm(args: argparse.Namespace) -> int:
    from kit.sim import cache

    if args.runs is None:
        scenarios = cache.pack_scenarios()
        if not scenarios:
            raise KitError(
                f"the kit's pack {cache.PACK} lists no runs; give --runs FILE "
                "(one scenario as JSON a line)"
            )
    else:
        try:
            lines = args.runs.read_text().splitlines()
        except OSError as exc:
            raise KitError(f"--runs: cannot read {args.runs}: {exc.strerror}") from None
        scenarios = []
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    scenarios.append(cache.scenario_from_text(line))
                except (ValueError, TypeError) as exc:
                    raise KitError(f"--runs: line {number} is not a scenario: {exc}") from None
    index = cache.build_shared(args.folder, scenarios)
    print(f"{args.folder}: {len(index['entries']):,} runs, engine {index['fingerprint'][:12]}")
    return 0
