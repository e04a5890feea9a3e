"""Who may read and write which attempts through the ``kit-progress`` service.

The rules, on the user model the hub returns for a token (``name``, ``kind``, ``groups``):

- a learner writes only attempts in their own name, and reads only their own attempts;
- rubric scores (bank ``rubric``, :mod:`kit.classroom.rubric`) are written only by an
  instructor of the class, in the name of the learner scored; nobody scores themselves;
- a member of the hub group ``instructors`` also reads every attempt of a class ``C`` when
  they are a member of the hub group ``class-C`` (the classes they teach);
- anything else is refused (403), with one sentence saying why.

Pure functions: the service calls them, and the tests check them without a hub.

Examples
--------
>>> ada = {"kind": "user", "name": "ada", "groups": []}
>>> check_read(ada, learner="ada", class_id=None)
>>> check_read(ada, learner="bob", class_id=None)
Traceback (most recent call last):
...
kit.hub.access.Denied: ada may read only their own attempts, not bob's
>>> teacher = {"kind": "user", "name": "tess", "groups": ["instructors", "class-ws1"]}
>>> check_read(teacher, learner=None, class_id="ws1")
>>> sorted(classes_of(teacher))
['ws1']
"""

from __future__ import annotations

import re

from kit.classroom.rubric import RUBRIC_BANK
from kit.hub import CLASS_GROUP_PREFIX, INSTRUCTORS_GROUP

__all__ = ["Denied", "check_read", "check_write", "classes_of", "is_instructor", "check_class_id"]

_CLASS_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class Denied(Exception):
    """A request the rules refuse; ``str(exc)`` says why (the service answers 403)."""


def check_class_id(class_id: str | None) -> None:
    """Raise ``ValueError`` unless ``class_id`` is None or a short name (letters, digits, ._-)."""
    if class_id is not None and not _CLASS_ID.fullmatch(class_id):
        raise ValueError(
            f"class id {class_id!r} is not valid; use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )


def is_instructor(user: dict) -> bool:
    """Whether the user is in the hub group ``instructors``."""
    return user.get("kind", "user") == "user" and INSTRUCTORS_GROUP in (user.get("groups") or [])


def classes_of(user: dict) -> set[str]:
    """The classes an instructor teaches: ``C`` for each hub group ``class-C`` they are in."""
    if not is_instructor(user):
        return set()
    n = len(CLASS_GROUP_PREFIX)
    return {g[n:] for g in user.get("groups") or [] if g.startswith(CLASS_GROUP_PREFIX) and g[n:]}


def _name(user: dict) -> str:
    return str(user.get("name", ""))


def check_write(
    user: dict, learner: str, *, bank: str | None = None, class_id: str | None = None
) -> None:
    """Allow a write of ``learner``'s attempt (at ``bank``, in ``class_id``) by ``user`` or
    raise :class:`Denied`.

    >>> tess = {"kind": "user", "name": "tess", "groups": ["instructors", "class-ws1"]}
    >>> check_write(tess, "ada", bank="rubric", class_id="ws1")
    >>> check_write({"name": "ada", "groups": []}, "ada", bank="rubric", class_id="ws1")
    Traceback (most recent call last):
    ...
    kit.hub.access.Denied: only an instructor of class ws1 may store rubric scores
    """
    if user.get("kind", "user") != "user":
        raise Denied(f"{user.get('kind')} {_name(user)} cannot write attempts; only learners can")
    if bank == RUBRIC_BANK:
        if not class_id or class_id not in classes_of(user):
            raise Denied(
                f"only an instructor of class {class_id or '(none)'} may store rubric scores"
            )
        return
    if learner != _name(user):
        raise Denied(f"{_name(user)} may write only their own attempts, not {learner}'s")


def check_read(user: dict, *, learner: str | None, class_id: str | None) -> None:
    """Allow a read of attempts (of ``learner``, or of everyone) in ``class_id`` or raise.

    A learner reads their own attempts in any class; an instructor reads anyone's in the
    classes they teach.
    """
    name = _name(user)
    if user.get("kind", "user") == "user" and learner == name:
        return
    if class_id is not None and class_id in classes_of(user):
        return
    who = f"{learner}'s attempts" if learner is not None else "everyone's attempts"
    if not is_instructor(user):
        if "groups" not in user:
            raise Denied(
                f"{name} may read only their own attempts, not {who} (the hub did not show "
                "this token's groups: give it the scope read:users:groups!user)"
            )
        if learner is None:
            raise Denied(f"{name} may read only their own attempts; pass learner={name!r}")
        raise Denied(f"{name} may read only their own attempts, not {learner}'s")
    if class_id is None:
        raise Denied(
            f"instructor {name} must name a class to read {who} (class_id=...); "
            f"their classes: {', '.join(sorted(classes_of(user))) or 'none'}"
        )
    raise Denied(
        f"instructor {name} does not teach class {class_id}; add them to the hub group "
        f"{CLASS_GROUP_PREFIX}{class_id}"
    )
