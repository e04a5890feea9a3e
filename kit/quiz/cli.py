"""``kit quiz`` and ``kit progress`` sub-commands.

- ``kit quiz check PATH...``: validate bank files (folders: every .yaml/.yml/.json in
  them); prints every problem, exits 1 if there are any, 2 if a file cannot be read.
- ``kit progress show | export | reset | merge``: the learner's stored attempts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.errors import KitError

_BANK_SUFFIXES = (".yaml", ".yml", ".json")


def register(subparsers) -> None:
    """Add the ``quiz`` and ``progress`` commands to the ``kit`` parser."""
    quiz = subparsers.add_parser("quiz", help="check quiz bank files", description=__doc__)
    quiz_sub = quiz.add_subparsers(dest="quiz_command", metavar="SUBCOMMAND")
    quiz.set_defaults(func=lambda args: _usage(quiz))
    check = quiz_sub.add_parser(
        "check",
        help="validate bank files and print every problem",
        description="Validate quiz bank files (our YAML or jupyterquiz JSON). Exit 0 when all "
        "are fine, 1 when problems were found, 2 when a file cannot be read.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="bank files or folders of them")
    check.set_defaults(func=cmd_check)

    progress = subparsers.add_parser(
        "progress",
        help="show, export, reset or merge stored quiz progress",
        description="Quiz attempts are stored at $KIT_PROGRESS_URL (sqlite:///FILE, "
        "postgresql://user@host/db, hub) or in the file $KIT_PROGRESS_DB (default: the user's "
        "data folder); the learner is $JUPYTERHUB_USER, else $KIT_LEARNER, else the login name; "
        "the class is $KIT_CLASS.",
    )
    progress.set_defaults(func=lambda args: _usage(progress))
    sub = progress.add_subparsers(dest="progress_command", metavar="SUBCOMMAND")

    show = sub.add_parser("show", help="a summary per learner and bank")
    show.add_argument("--learner", help="only this learner")
    show.set_defaults(func=cmd_show)

    export = sub.add_parser("export", help="every attempt, one row each (all learners)")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    export.add_argument("--learner", help="only this learner's attempts")
    export.add_argument("--class", dest="class_id", metavar="ID", help="only this class's attempts")
    export.set_defaults(func=cmd_export)

    reset = sub.add_parser("reset", help="delete stored attempts (asks first)")
    reset.add_argument("--bank", help="only this bank's attempts")
    reset.add_argument("--class", dest="class_id", metavar="ID", help="only this class's attempts")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.set_defaults(func=cmd_reset)

    report = sub.add_parser(
        "report",
        help="a class's numbers per question (what the dashboard shows)",
        description="Per question: learners who tried it, share right at the first try and in "
        "the end, the most common wrong answer and the learners stuck on it; on top, learners "
        "active in the last 10 minutes and questions finished. Reads the progress store "
        "($KIT_PROGRESS_URL), or merged export files with --from.",
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
    report.add_argument("--url", help="the progress store (default $KIT_PROGRESS_URL)")
    report.set_defaults(func=cmd_report)

    merge = sub.add_parser("merge", help="merge learners' exports into one class file")
    merge.add_argument("files", nargs="+", metavar="FILE", help="files from 'kit progress export'")
    merge.add_argument("--out", required=True, metavar="FILE", help="the class CSV to write")
    merge.set_defaults(func=cmd_merge)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def _bank_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    files, missing = [], []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in _BANK_SUFFIXES and p.is_file())
            # A folder's JSON Schema documents the format; it is not a bank.
            files += [p for p in found if not p.name.startswith("schema")]
        elif path.is_file():
            files.append(path)
        else:
            missing.append(text)
    return files, missing


def cmd_check(args) -> int:
    from kit.quiz.bank import check_bank

    files, missing = _bank_files(args.paths)
    unreadable = False
    problems = 0
    for text in missing:
        print(f"{text}: no such file or folder", file=sys.stderr)
        unreadable = True
    for path in files:
        try:
            issues = check_bank(path)
        except (OSError, KitError) as exc:
            print(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})", file=sys.stderr)
            unreadable = True
            continue
        for issue in issues:
            print(issue)
        problems += len(issues)
        if not issues:
            print(f"{path}: ok")
    if unreadable:
        return 2
    if problems:
        print(f"{problems} problem{'s' if problems != 1 else ''} found", file=sys.stderr)
        return 1
    return 0


def cmd_show(args) -> int:
    from kit.quiz.progress import ProgressStore

    store = ProgressStore()
    rows = store.summary(learner=args.learner)
    print(f"Progress database: {store.where()}")
    if not rows:
        print("No attempts stored yet.")
        return 0
    header = ("learner", "bank", "attempts", "tried", "right", "points")
    table = [header] + [tuple(str(r[k]) for k in header) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def cmd_export(args) -> int:
    from kit.quiz.progress import ProgressStore

    text = ProgressStore().export(
        args.format, args.out, learner=args.learner, class_id=args.class_id
    )
    if args.out is None:
        sys.stdout.write(text)
    else:
        rows = max(0, text.count("\n") - 1) if args.format == "csv" else text.count('"learner"')
        print(f"wrote {rows} attempt{'s' if rows != 1 else ''} to {args.out}", file=sys.stderr)
    return 0


def cmd_reset(args) -> int:
    from kit.quiz.progress import ProgressStore

    store = ProgressStore()
    scope = [f"bank {args.bank!r}"] if args.bank else []
    scope += [f"class {args.class_id!r}"] if args.class_id else []
    what = f"{' and '.join(scope)}'s attempts" if scope else "ALL stored attempts"
    if not args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            raise KitError(f"refusing to delete {what} without confirmation; add --yes")
        answer = input(f"Delete {what} in {store.where()}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 0
    n = store.reset(bank=args.bank, class_id=args.class_id)
    print(f"Deleted {n} attempt{'s' if n != 1 else ''}.")
    return 0


def cmd_merge(args) -> int:
    from kit.quiz.progress import merge_exports

    n = merge_exports(args.files, args.out)
    print(f"wrote {n} attempt{'s' if n != 1 else ''} from {len(args.files)} file(s) to {args.out}")
    return 0


def cmd_report(args) -> int:
    from kit.quiz.classroom import bank_questions, class_stats, format_report
    from kit.quiz.progress import ProgressStore, default_class, read_export

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
