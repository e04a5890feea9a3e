"""The ``kit`` command line.

Each sub-command lives beside the code it drives and registers itself here through a
``register(subparsers)`` function (see :data:`COMMAND_MODULES`). A sub-command's handler
takes the parsed arguments and returns an exit code.

Exit codes: 0 success, 1 a check found problems, 2 bad input (one line on stderr, never a
traceback).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from kit import __version__
from kit.errors import KitError

#: Modules that add sub-commands; each defines ``register(subparsers)``.
COMMAND_MODULES = (
    "kit.sim.cli",
    "kit.sim.cache_cli",
    "kit.quiz.cli",
    "kit.classroom.cli",
    "kit.lessons",
    "kit.site.cli",  # adds `kit lessons site`, so after kit.lessons
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit code 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse's signature
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every registered sub-command."""
    parser = _Parser(
        prog="kit",
        description=(
            "The social media vs social networking teaching kit: run the strategy "
            "simulator, check quiz banks and manage quiz progress."
        ),
        epilog="Run 'kit COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"kit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and (name == exc.name or name.startswith(exc.name + ".")):
                # a sub-command whose package is not installed in this build
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except (KitError, ValueError, OSError) as exc:
        print(f"kit {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kit {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
