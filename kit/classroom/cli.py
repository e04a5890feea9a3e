"""``kit progress``: the stored attempts (:mod:`kit.store.cli`) and a class's numbers.

``kit progress report`` prints per question what the dashboard shows (:func:`class_stats`),
from the progress store or from merged export files; ``--gain`` the concept inventory's
learning gain (:mod:`kit.classroom.gain`), ``--items`` the item analysis
(:mod:`kit.classroom.analysis`). ``kit progress gradebook`` writes a CSV an LMS imports
(:mod:`kit.classroom.gradebook`); ``kit progress rubric`` writes and reads back the capstone
rubric's scoring sheet (:mod:`kit.classroom.rubric`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kit.classroom.stats import bank_questions, class_stats, format_report
from kit.errors import KitError
from kit.files import write_atomic
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
    view = report.add_mutually_exclusive_group()
    view.add_argument(
        "--gain",
        action="store_true",
        help="the concept inventory's learning gain: <g> from matched learners' pre- and "
        "post-test, per item before -> after, the delayed check",
    )
    view.add_argument(
        "--items",
        action="store_true",
        help="item analysis: difficulty, discrimination, every option's picks with its "
        "misconception, and flags for questions worth rereading",
    )
    report.set_defaults(func=cmd_report)

    book = sub.add_parser(
        "gradebook",
        help="a class's gradebook as a CSV Moodle or Canvas imports",
        description="One row per learner; one column per lesson bank (points earned), per "
        "phase of the concept inventory (right at the first try) and per rubric criterion "
        "(with the total). --format moodle: Username, Class, items (map Username to "
        "username on import). --format canvas: Student, ID, SIS User ID, SIS Login ID, "
        "Section, items, with a Points Possible row.",
    )
    _source_args(book)
    book.add_argument("--format", choices=("moodle", "canvas"), default="moodle")
    book.add_argument("--out", metavar="FILE", help="write here (default: print)")
    book.add_argument("--no-inventory", action="store_true", help="leave the inventory out")
    book.add_argument("--rubric-file", metavar="FILE", help="the rubric (default the kit's)")
    book.set_defaults(func=cmd_gradebook)

    rubric = sub.add_parser(
        "rubric",
        help="the capstone rubric: write a scoring sheet, or read a filled-in one back",
        description="--sheet FILE writes a CSV with one row per learner of the class and "
        "one column per criterion (current levels filled in); score in any spreadsheet, "
        "then --load FILE stores the levels that changed, with the class, in the progress "
        "store. Without either: print the rubric and the class's scores.",
    )
    _source_args(rubric, files=False)
    what = rubric.add_mutually_exclusive_group()
    what.add_argument("--sheet", metavar="FILE", help="write the scoring sheet here")
    what.add_argument("--load", metavar="FILE", help="store the scores of a filled-in sheet")
    rubric.add_argument("--rubric-file", metavar="FILE", help="the rubric (default the kit's)")
    rubric.set_defaults(func=cmd_rubric)

    add_merge(sub)


def _source_args(parser, *, files: bool = True) -> None:
    parser.add_argument(
        "--class",
        dest="class_id",
        metavar="ID",
        help="the class (default $KIT_CLASS; without either: every attempt)",
    )
    if files:
        parser.add_argument(
            "--from",
            dest="files",
            nargs="+",
            metavar="FILE",
            help="read these 'kit progress export' / 'merge' files instead of the store",
        )
    parser.add_argument("--url", help=f"the progress store (default ${ENV_URL})")


def _read(args) -> tuple[list, str, str | None]:
    """The class's rows, where they came from, and the class."""
    class_id = args.class_id or default_class()
    if getattr(args, "files", None):
        rows = [r for path in args.files for r in read_export(path)]
        if class_id:
            rows = [r for r in rows if (r.get("class_id") or "") == class_id]
        return rows, ", ".join(args.files), class_id
    store = ProgressStore(args.url, class_id=class_id)
    return store.rows(class_id=class_id), store.where(), class_id


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def cmd_report(args) -> int:
    if args.gain or args.items:
        return _analysis(args)
    rows, where, class_id = _read(args)
    questions = bank_questions(args.bank) if args.bank else None
    title = f"Class {class_id or '(all attempts)'} in {where}"
    stats = class_stats(rows, questions=questions)
    sys.stdout.write(format_report(stats, args.format, title=title))
    return 0


def _analysis(args) -> int:
    """--gain and --items read only each learner's first try at each question (the store
    picks them when it can: a third of the rows of a class at three tries each)."""
    from kit.classroom.analysis import first_tries, format_items, item_report
    from kit.classroom.gain import class_gain, format_gain

    class_id = args.class_id or default_class()
    if args.files:
        _, where, class_id = rows_where = _read(args)
        rows = rows_where[0]
        firsts = first_tries(rows)
    else:
        store = ProgressStore(args.url, class_id=class_id)
        rows = store.first_attempts(class_id=class_id)
        firsts = first_tries(rows, unique=True)
        where = store.where()
    title = f"Class {class_id or '(all attempts)'} in {where}"
    if args.gain:
        sys.stdout.write(format_gain(class_gain(rows, firsts=firsts), args.format, title=title))
        return 0
    questions = bank_questions(args.bank) if args.bank else None
    report = item_report(rows, questions=questions, banks=args.bank, firsts=firsts)
    sys.stdout.write(format_items(report, args.format, title=title))
    return 0


def _rubric(args, *, needed: bool = True):
    from kit.classroom.rubric import load_rubric

    try:
        return load_rubric(args.rubric_file)
    except KitError:
        if needed or args.rubric_file:
            raise
        return None  # the gradebook without rubric columns


def cmd_gradebook(args) -> int:
    from kit.classroom.gradebook import gradebook

    rows, _, class_id = _read(args)
    text = gradebook(
        rows,
        fmt=args.format,
        class_id=class_id,
        rubric=_rubric(args, needed=False),
        inventory=None if args.no_inventory else "inventory",
    )
    if args.out:
        write_atomic(Path(args.out), text)
        print(f"wrote {args.out} ({text.count(chr(10)) - 1} rows, {args.format} layout)")
    else:
        sys.stdout.write(text)
    return 0


def cmd_rubric(args) -> int:
    from kit.classroom.rubric import RUBRIC_BANK, apply_sheet, scores, sheet

    rubric = _rubric(args)
    class_id = args.class_id or default_class()
    store = ProgressStore(args.url, class_id=class_id)
    if args.load:
        try:
            text = Path(args.load).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KitError(f"cannot read the sheet {args.load}: {exc}") from None
        n = apply_sheet(store, rubric, text)
        print(f"stored {n} score{'s' if n != 1 else ''} for class {class_id or '(none)'}")
        return 0
    rows = store.rows(class_id=class_id)
    if args.sheet:
        learners = {r["learner"] for r in rows if r["bank"] != RUBRIC_BANK}
        text = sheet(rows, rubric, learners)
        write_atomic(Path(args.sheet), text)
        print(
            f"wrote {args.sheet}: {text.count(chr(10)) - 1} learners x "
            f"{len(rubric.criteria)} criteria; fill in levels 0-{rubric.top}, then "
            f"kit progress rubric --load {args.sheet}"
        )
        return 0
    print(f"{rubric.title or rubric.id}: {len(rubric.criteria)} criteria, levels 0-{rubric.top}")
    for c in rubric.criteria:
        print(f"  {c.id}: {c.name}")
        for level, words in c.levels.items():
            print(f"    {level}: {words}")
    print(json.dumps(scores(rows, rubric), indent=2, ensure_ascii=False))
    return 0
