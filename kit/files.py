"""Safe file writing: a file is written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kit.errors import KitError


def write_atomic(path: Path | str, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temp file beside it, then a rename).

    Raises
    ------
    kit.errors.KitError
        If the folder does not exist.
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise KitError(f"cannot write {path}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
