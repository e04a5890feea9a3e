"""``kit lessons site OUT_DIR``: build the lessons' static website (see :mod:`kit.site`).

Registered as an action of ``kit lessons`` (the command for lesson tooling), from here, so
that :mod:`kit.lessons` stays free of the kernels and pages this needs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.errors import KitError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``site`` to ``kit lessons`` (registered before this module, see kit/cli.py)."""
    lessons = subparsers.choices.get("lessons")
    if lessons is None:  # pragma: no cover - kit.lessons always registers first
        return
    actions = [a for a in lessons._actions if isinstance(a, argparse._SubParsersAction)]
    site = actions[0].add_parser(
        "site",
        help="build the lessons as an offline static website (index, pages, quizzes)",
        description=(
            "Run every lesson in a fresh kernel and write OUT_DIR: index.html (the self-study "
            "route and each lesson's progress in the reader's browser), one page per lesson, "
            "the glossary, the images, one plotly.min.js and the kit's JS and CSS. Opens from "
            "disk and from any static host; nothing is loaded from elsewhere. Quizzes grade in "
            "the browser (self-checks: the answers are in the page source); explorers step "
            "through runs precomputed over a few values of each slider."
        ),
    )
    site.add_argument("out_dir", metavar="OUT_DIR", help="folder to write (created if missing)")
    site.add_argument("--lessons", metavar="DIR", help="the lessons folder (default: lessons/)")
    site.add_argument(
        "--only",
        metavar="NN",
        nargs="+",
        help="build only these lessons, e.g. --only 00 02 (week: the week-later check)",
    )
    site.add_argument(
        "--jobs",
        metavar="N",
        type=_jobs,
        help="lessons run side by side (default: one per processor, at most 4)",
    )
    site.add_argument(
        "--fresh",
        action="store_true",
        help="run every lesson again, even those unchanged since the last build",
    )
    site.set_defaults(func=_site_command)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number of 1 or more, not {text!r}")
    return value


def _site_command(args: argparse.Namespace) -> int:
    from kit.site.build import build

    lessons = Path(args.lessons) if args.lessons else None
    if lessons is not None and not lessons.is_dir():
        raise KitError(f"--lessons {lessons}: no such folder")
    report = build(
        Path(args.out_dir),
        lessons,
        only=args.only,
        log=lambda s: print(s, file=sys.stderr),
        jobs=args.jobs,
        fresh=args.fresh,
    )
    print(report.summary(), file=sys.stderr)
    return 0
