"""Safe file writing: a file is written whole or not at all (the kit's one atomic writer).

Every file the kit writes for a user (``kit simulate --out``, progress exports and merges,
jupyterquiz exports, student copies of lessons, the lessons a hub copies into a learner's
home, its secrets) goes through :func:`write_atomic` or :func:`copy_atomic`: the content
goes to a temporary file beside the target, is flushed to disk, and replaces the target in
one rename. Readers see the old file or the whole new one, never half of it, and a failed
write leaves no temporary file behind.

The one reader of the files shipped beside the code is here too: :func:`static_text`, the
browser side (JS and CSS) of every anywidget control in the kit.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

from kit.errors import KitError

__all__ = ["write_atomic", "copy_atomic", "static_text"]


@cache
def static_text(package: str, name: str) -> str:
    """The text of ``static/NAME`` in ``package`` (a widget's JS or CSS shipped in the wheel).

    The anywidget controls of ``kit.quiz`` (``kit/quiz/static/``) and of the explorers
    (``kit/explore/static/``) read their browser side with this, once, at import;
    ``tests/test_packaging.py`` checks the wheel holds every such file.
    """
    return resources.files(package).joinpath("static", name).read_text(encoding="utf-8")


def _replace(path: Path, fill: Callable[[int, str], None], mode: int | None) -> None:
    """Make ``path`` from a temporary file that ``fill(fd, tmp_path)`` writes and closes."""
    folder = path.parent
    if not folder.is_dir():
        raise KitError(f"cannot write {path}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        fill(fd, tmp)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path | str, text: str, *, mode: int | None = None) -> None:
    """Write ``text`` to ``path`` whole or not at all.

    ``mode`` sets the file's permissions (e.g. ``0o600`` for a secret) before it appears
    under its name; by default the new file is readable by its owner only, as
    :func:`tempfile.mkstemp` makes it.

    Raises
    ------
    kit.errors.KitError
        If the folder does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomic(target, "hello\\n"); target.read_text()
    'hello\\n'
    """

    def fill(fd: int, _tmp: str) -> None:
        with open(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())

    _replace(Path(path), fill, mode)


def copy_atomic(source: Path | str, path: Path | str) -> None:
    """Copy the file ``source`` to ``path`` whole or not at all (with its times and mode).

    Raises
    ------
    kit.errors.KitError
        If the target's folder does not exist.
    """

    def fill(fd: int, tmp: str) -> None:
        os.close(fd)
        shutil.copy2(source, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())

    _replace(Path(path), fill, None)
