"""The concept inventory's phases: one bank asked before, after and a week after the course.

A bank (``inventory.yaml``) is asked as a *phase*: ``pre`` before lesson 01, ``post`` after
the capstone (the same items) and ``delayed`` about a week later (only the items the bank
lists under ``delayed_check:``). Each phase's attempts are stored under their own bank id,
the bank's id and the phase joined by a dash (``inventory-pre``, ``inventory-post``,
``inventory-delayed``), so every store, export and report tells them apart.

Pure names and rules here; the widgets are in :mod:`kit.quiz.phase_widgets`, the class's gain
in :mod:`kit.classroom.gain`.

Examples
--------
>>> phase_bank_id("inventory", "pre")
'inventory-pre'
>>> split_phase("inventory-delayed")
('inventory', 'delayed')
>>> split_phase("03") is None
True
"""

from __future__ import annotations

from kit.errors import KitError
from kit.quiz.checking import Bank

__all__ = ["PHASES", "PHASE_WORDS", "PhaseError", "phase_bank_id", "split_phase", "phase_items"]

#: The phases, in the order a learner meets them.
PHASES = ("pre", "post", "delayed")
#: Each phase in plain words, for headings and tables.
PHASE_WORDS = {"pre": "before", "post": "after", "delayed": "a week later"}


class PhaseError(KitError):
    """A phase that is not one of :data:`PHASES`, or a bank that cannot be asked as one."""


def check_phase(phase: str) -> str:
    """``phase`` if it is one of :data:`PHASES`; a :class:`PhaseError` saying which are."""
    if phase not in PHASES:
        raise PhaseError(
            f"unknown phase {phase!r}; use 'pre' (before lesson 01), 'post' (after the "
            "capstone) or 'delayed' (about a week later)"
        )
    return phase


def phase_bank_id(bank_id: str, phase: str) -> str:
    """The bank id a phase's attempts are stored under: ``inventory-pre`` and so on."""
    return f"{bank_id}-{check_phase(phase)}"


def split_phase(stored_bank: str) -> tuple[str, str] | None:
    """``(bank id, phase)`` for a stored bank id that names a phase, else None."""
    base, _, phase = str(stored_bank).rpartition("-")
    return (base, phase) if base and phase in PHASES else None


def phase_items(bank: Bank, phase: str) -> list[str]:
    """The question ids a phase asks: every item for pre and post, the bank's
    ``delayed_check`` list for the delayed check (a :class:`PhaseError` if it has none).

    Examples
    --------
    >>> from kit.quiz.bank import load_bank
    >>> len(phase_items(load_bank("inventory"), "pre")), phase_items(load_bank("inventory"),
    ...     "delayed")[:2]
    (10, ['inv-followers', 'inv-reach'])
    """
    check_phase(phase)
    if phase != "delayed":
        return list(bank.ids)
    if not bank.delayed_check:
        raise PhaseError(
            f"bank {bank.id!r} lists no delayed_check items; add 'delayed_check: [ids]' at its "
            "top level to ask a delayed check"
        )
    return list(bank.delayed_check)
