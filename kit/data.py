"""Find the kit's data files, from a checkout or from an installed wheel, and the user's.

In a checkout (including an editable install) the data live in the top-level ``data/``
folder beside ``kit/``. A wheel ships the same folder as ``kit/_data``. Instructors can point
the kit at a data folder of their own (remixed banks, say) with ``$KIT_DATA_DIR``.

What the kit keeps for a user (the progress database, the outbox) goes in
:func:`user_data_dir`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kit.errors import KitError

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Return the folder holding the kit's data files.

    Returns
    -------
    pathlib.Path
        ``$KIT_DATA_DIR`` when set; else ``<checkout>/data`` when running from a checkout,
        else ``kit/_data`` inside the installed package.

    Examples
    --------
    >>> (data_dir() / "quizzes").is_dir()
    True
    """
    chosen = os.environ.get("KIT_DATA_DIR")
    if chosen:
        if not Path(chosen).is_dir():
            raise KitError(f"KIT_DATA_DIR={chosen} is not a folder; fix or unset it")
        return Path(chosen)
    checkout = _HERE.parent / "data"
    if (_HERE.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    shipped = _HERE / "_data"
    if shipped.is_dir():
        return shipped
    raise KitError(
        f"cannot find the kit's data folder (looked in {checkout} and {shipped}); "
        "reinstall the kit with 'pip install -e .' from a checkout"
    )


def data_path(*parts: str) -> Path:
    """Return the path of a data file, checking that it exists.

    Parameters
    ----------
    *parts : str
        Path components below the data folder, e.g. ``("quizzes", "01.yaml")``.

    Raises
    ------
    kit.errors.KitError
        If the file does not exist; the message lists what is there.
    """
    path = data_dir().joinpath(*parts)
    if not path.exists():
        parent = path.parent
        there = sorted(p.name for p in parent.iterdir()) if parent.is_dir() else []
        raise KitError(
            f"no data file {'/'.join(parts)!r} in {data_dir()}; available here: "
            f"{', '.join(there) or 'nothing'}"
        )
    return path


def user_data_dir() -> Path:
    """The kit's folder in the user's data folder (created by whoever writes there).

    ``~/.local/share/kit`` on Linux (or ``$XDG_DATA_HOME/kit``), ``~/Library/Application
    Support/kit`` on macOS, ``%LOCALAPPDATA%\\kit`` on Windows.

    Examples
    --------
    >>> user_data_dir().name
    'kit'
    """
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "kit"
