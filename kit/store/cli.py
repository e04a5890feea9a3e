"""``kit progress show | export | reset | merge``: the stored attempts, from the terminal.

:func:`add_commands` adds these to the ``kit progress`` command, which
:mod:`kit.classroom.cli` registers with the teacher's ``report`` beside them.
"""

from __future__ import annotations

import sys

from kit.errors import KitError
from kit.store.base import ENV_CLASS, ENV_DB, ENV_HUB_USER, ENV_LEARNER, ENV_URL
from kit.store.export import merge_exports
from kit.store.progress import ProgressStore

__all__ = ["add_commands", "PROGRESS_HELP"]

#: The ``kit progress`` command's description.
PROGRESS_HELP = (
    f"Quiz attempts are stored at ${ENV_URL} (sqlite:///FILE, "
    f"postgresql://user@host/db, hub) or in the file ${ENV_DB} (default: the user's "
    f"data folder); the learner is ${ENV_HUB_USER}, else ${ENV_LEARNER}, else the login name; "
    f"the class is ${ENV_CLASS}."
)


def add_commands(sub) -> None:
    """Add ``show``, ``export`` and ``reset`` to the ``kit progress`` sub-commands ``sub``
    (``merge`` comes from :func:`add_merge`, after the report, as ``--help`` lists them)."""
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
    reset.add_argument("--learner", help="only this learner's attempts (an instructor's class)")
    reset.add_argument("--question", metavar="ID", help="only this question's attempts")
    reset.add_argument("--id", type=int, metavar="N", help="only the attempt numbered N")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.set_defaults(func=cmd_reset)


def add_merge(sub) -> None:
    """Add ``merge`` to the ``kit progress`` sub-commands ``sub``."""
    merge = sub.add_parser("merge", help="merge learners' exports into one class file")
    merge.add_argument("files", nargs="+", metavar="FILE", help="files from 'kit progress export'")
    merge.add_argument("--out", required=True, metavar="FILE", help="the class CSV to write")
    merge.set_defaults(func=cmd_merge)


def cmd_show(args) -> int:
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
    store = ProgressStore()
    scope = [f"bank {args.bank!r}"] if args.bank else []
    scope += [f"class {args.class_id!r}"] if args.class_id else []
    scope += [f"learner {args.learner!r}"] if args.learner else []
    scope += [f"question {args.question!r}"] if args.question else []
    scope += [f"attempt {args.id}"] if args.id is not None else []
    what = f"{' and '.join(scope)}'s attempts" if scope else "ALL stored attempts"
    if not args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            raise KitError(f"refusing to delete {what} without confirmation; add --yes")
        answer = input(f"Delete {what} in {store.where()}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 0
    n = store.reset(
        bank=args.bank,
        class_id=args.class_id,
        learner=args.learner,
        question=args.question,
        id=args.id,
    )
    print(f"Deleted {n} attempt{'s' if n != 1 else ''}.")
    return 0


def cmd_merge(args) -> int:
    n = merge_exports(args.files, args.out)
    print(f"wrote {n} attempt{'s' if n != 1 else ''} from {len(args.files)} file(s) to {args.out}")
    return 0
