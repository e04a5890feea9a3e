"""nbgitpuller links: one URL that logs a learner into the hub and gives them the lessons.

A learner who opens the link logs in (if needed), their server starts, nbgitpuller clones
the repository into their home (or merges new commits into the copy they already have,
keeping their own edits) and JupyterLab opens the lesson. The format is nbgitpuller's::

    {hub}/hub/user-redirect/git-pull?repo={repo}&branch={branch}&targetpath={folder}
        &urlpath=lab/tree/{folder}/{lesson}

Examples
--------
>>> nbgitpuller_link("https://hub.example.org", "https://git.example.org/kit.git")
'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgit.example.org%2Fkit.git&branch=main&targetpath=kit&urlpath=lab%2Ftree%2Fkit%2Flessons%2F00-welcome.ipynb'
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse

from kit.errors import KitError

__all__ = ["nbgitpuller_link", "parse_nbgitpuller_link"]

_FOLDER = re.compile(r"[A-Za-z0-9._-]+")


def nbgitpuller_link(
    hub: str,
    repo: str,
    *,
    branch: str = "main",
    lesson: str = "lessons/00-welcome.ipynb",
    folder: str = "kit",
) -> str:
    """The nbgitpuller link that sends ``lesson`` of ``repo`` to every learner of ``hub``.

    Parameters
    ----------
    hub : str
        The hub's address, e.g. ``https://hub.example.org`` (with its base path, if any).
    repo : str
        The git repository with the lessons (``https://``, ``http://`` or ``git@`` URL).
    branch : str
        The branch learners get.
    lesson : str
        The file to open, relative to the repository's top folder.
    folder : str
        The folder in the learner's home to clone into.

    Raises
    ------
    kit.errors.KitError
        For a hub or repository that is not a URL, an absolute or ``..`` lesson path, or a
        folder name with a slash.
    """
    parts = urllib.parse.urlsplit(hub.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise KitError(f"hub {hub!r} is not a web address; give it as https://hub.example.org")
    repo = repo.strip()
    if not (repo.startswith(("https://", "http://", "git@")) and len(repo) > 10):
        raise KitError(
            f"repository {repo!r} is not a git URL; give it as https://host/owner/kit.git"
        )
    if not branch or any(c in branch for c in " ~^:?*[\\") or branch.startswith("-"):
        raise KitError(f"branch {branch!r} is not a valid git branch name")
    if not _FOLDER.fullmatch(folder) or folder in (".", ".."):
        raise KitError(f"folder {folder!r} must be one folder name (letters, digits, . _ -)")
    clean = posixpath.normpath(lesson.strip())
    if not lesson.strip() or clean.startswith(("/", "..")) or clean == ".":
        raise KitError(f"lesson {lesson!r} must be a path inside the repository, e.g. lessons/x")
    base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    query = urllib.parse.urlencode(
        {
            "repo": repo,
            "branch": branch,
            "targetpath": folder,
            "urlpath": f"lab/tree/{folder}/{clean}",
        }
    )
    return f"{base}/hub/user-redirect/git-pull?{query}"


def parse_nbgitpuller_link(link: str) -> dict:
    """The parts of an nbgitpuller link: ``hub``, ``repo``, ``branch``, ``targetpath``,
    ``urlpath`` (the inverse of :func:`nbgitpuller_link`)."""
    parts = urllib.parse.urlsplit(link)
    marker = "/hub/user-redirect/git-pull"
    if not parts.path.endswith(marker):
        raise KitError(f"{link!r} is not an nbgitpuller link (no {marker} in its path)")
    query = dict(urllib.parse.parse_qsl(parts.query, strict_parsing=True))
    hub = f"{parts.scheme}://{parts.netloc}{parts.path[: -len(marker)]}"
    return {"hub": hub, **query}
