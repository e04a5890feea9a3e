"""``python -m kit.hub link``: print the nbgitpuller link that sends the lessons to a class.

Examples
--------
.. code-block:: console

    $ python -m kit.hub link --hub https://hub.example.org --repo https://git.example.org/kit.git
    https://hub.example.org/hub/user-redirect/git-pull?repo=...
"""

from __future__ import annotations

import argparse
import sys

from kit.errors import KitError
from kit.hub.links import nbgitpuller_link


def main(argv=None) -> int:
    """Run the command; return its exit code (2 with one sentence for bad input)."""
    parser = argparse.ArgumentParser(
        prog="python -m kit.hub",
        description="Workshop helpers for the kit on JupyterHub.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    link = commands.add_parser(
        "link",
        help="print the nbgitpuller link for a class",
        description="Print the link that logs a learner into the hub, clones (or updates) "
        "the lessons into their home with nbgitpuller and opens a lesson.",
    )
    link.add_argument(
        "--hub", required=True, help="the hub's address, e.g. https://hub.example.org"
    )
    link.add_argument("--repo", required=True, help="the git repository with the lessons")
    link.add_argument("--branch", default="main", help="the branch learners get (default main)")
    link.add_argument(
        "--lesson",
        default="lessons/00-welcome.ipynb",
        help="the notebook to open, inside the repository (default lessons/00-welcome.ipynb)",
    )
    link.add_argument(
        "--folder", default="kit", help="the folder in each learner's home (default kit)"
    )
    args = parser.parse_args(argv)
    try:
        print(
            nbgitpuller_link(
                args.hub, args.repo, branch=args.branch, lesson=args.lesson, folder=args.folder
            )
        )
    except KitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
