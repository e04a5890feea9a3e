"""``kit quiz`` and ``kit progress`` sub-commands.

- ``kit quiz check PATH...``: validate bank files (folders: every .yaml/.yml/.json in
  them); prints every problem, exits 1 if there are any, 2 if a file cannot be read. Under
  each valid bank: its Bloom levels, answer lengths and warnings (a right answer that gives
  itself away by its length, questions with no level); ``--strict`` makes warnings fail.
- ``kit progress show | export | reset | merge``: the learner's stored attempts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.errors import KitError

_BANK_SUFFIXES = (".yaml", ".yml", ".json")


def register(subparsers) -> None:
    """Add the ``quiz`` command to the ``kit`` parser."""
    quiz = subparsers.add_parser("quiz", help="check quiz bank files", description=__doc__)
    quiz_sub = quiz.add_subparsers(dest="quiz_command", metavar="SUBCOMMAND")
    quiz.set_defaults(func=lambda args: _usage(quiz))
    check = quiz_sub.add_parser(
        "check",
        help="validate bank files and print every problem",
        description="Validate quiz bank files (our YAML or jupyterquiz JSON). Under each valid "
        "bank, its Bloom levels and answer lengths, and warnings: a single-choice right answer "
        "at least 20%% and 5 characters longer than every other option, questions with no "
        "Bloom level. Exit 0 when all are fine, 1 when problems were found (or warnings, with "
        "--strict), 2 when a file cannot be read.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="bank files or folders of them")
    check.add_argument("--strict", action="store_true", help="count warnings as problems")
    check.set_defaults(func=cmd_check)


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
    from kit.quiz.bank import check_bank, load_bank
    from kit.quiz.profile import profile

    files, missing = _bank_files(args.paths)
    unreadable = False
    problems = warnings = 0
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
            notes = profile(load_bank(path)).lines()
            warnings += sum(line.startswith("warning:") for line in notes)
            for line in notes:
                print(f"  {line}")
    if unreadable:
        return 2
    if args.strict:
        problems += warnings
    if problems:
        print(f"{problems} problem{'s' if problems != 1 else ''} found", file=sys.stderr)
        return 1
    return 0
