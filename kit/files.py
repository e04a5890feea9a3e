"""Safe file writing: a file is written whole or not at all (the kit's one atomic writer).

Every file the kit writes for a user (``kit simulate --out``, progress exports and merges,
jupyterquiz exports, student copies of lessons) goes through :func:`write_atomic`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kit.errors import KitError

__all__ = ["write_atomic"]


def write_atomic(path: Path | str, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all.

    The text goes to a temporary file beside ``path``, is flushed to disk, and then
    replaces ``path`` in one rename: readers see the old file or the whole new one, never
    half of it, and a failed write leaves no temporary file behind.

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
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise KitError(f"cannot write {path}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
