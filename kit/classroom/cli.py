"""``kit progress``: the stored attempts (:mod:`kit.store.cli`) and a class's numbers.

``kit progress report`` prints per question what the dashboard shows (:func:`class_stats`),
from the progress store or from merged export files.
"""

from __future__ import annotations

import argparse
import sys

from kit.classroom.stats import bank_questions, class_stats, format_report
from kit.store import ProgressStore, default_class, read_export
from kit.store.base import ENV_URL
from kit.store.cli import PROGRESS_HELP, add_commands, add_merge

__all__ = ["register"]


def register(subparsers) -> None:
    """Add the ``progress`` command to the ``kit`` parser."""
    progress = subparsers.add_parser(
        "progress",
        help="show, export, reset or merge stored quiz progress",
        description=PROGRESS_HELP,
    )
    progress.set_defaults(func=lambda args: _usage(progress))
    sub = progress.add_subparsers(dest="progress_command", metavar="SUBCOMMAND")
    add_commands(sub)

    report = sub.add_parser(
        "report",
        help="a class's numbers per question (what the dashboard shows)",
        description="Per question: learners who tried it, share right at the first try and in "
        "the end, the most common wrong answer and the learners stuck on it; on top, learners "
        "active in the last 10 minutes and questions finished. Reads the progress store "
        f"(${ENV_URL}), or merged export files with --from.",
    )
    report.add_argument(
        "--class",
        dest="class_id",
        metavar="ID",
        help="the class (default $KIT_CLASS; without either: every attempt)",
    )
    report.add_argument("--format", choices=("table", "csv", "json"), default="table")
    report.add_argument(
        "--bank",
        action="append",
        metavar="BANK",
        help="only this bank (an id such as 01, or a file), its questions in order, untried "
        "ones too; repeat for more",
    )
    report.add_argument(
        "--from",
        dest="files",
        nargs="+",
        metavar="FILE",
        help="read these 'kit progress export' / 'merge' files instead of the store",
    )
    report.add_argument("--url", help=f"the progress store (default ${ENV_URL})")
    report.set_defaults(func=cmd_report)

    add_merge(sub)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def cmd_report(args) -> int:
    class_id = args.class_id or default_class()
    if args.files:
        rows = [r for path in args.files for r in read_export(path)]
        if class_id:
            rows = [r for r in rows if (r.get("class_id") or "") == class_id]
        where = ", ".join(args.files)
    else:
        store = ProgressStore(args.url)
        rows = store.rows(class_id=class_id)
        where = store.where()
    questions = bank_questions(args.bank) if args.bank else None
    stats = class_stats(rows, questions=questions)
    title = f"Class {class_id or '(all attempts)'} in {where}"
    sys.stdout.write(format_report(stats, args.format, title=title))
    return 0
