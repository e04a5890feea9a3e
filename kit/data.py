"""Find the kit's data files, from a checkout or from an installed wheel.

In a checkout (including an editable install) the data live in the top-level ``data/``
folder beside ``kit/``. A wheel ships the same folder as ``kit/_data``.
"""

from __future__ import annotations

from pathlib import Path

from kit.errors import KitError

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Return the folder holding the kit's data files.

    Returns
    -------
    pathlib.Path
        ``<checkout>/data`` when running from a checkout, else ``kit/_data`` inside the
        installed package.

    Examples
    --------
    >>> (data_dir() / "quizzes").is_dir()
    True
    """
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
