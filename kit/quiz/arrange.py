"""Arranging questions: put items in order (:class:`Ordering`), match pairs (:class:`Matching`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kit.quiz.base import Question, _ensure_unique, _text_list
from kit.quiz.grading import CORRECT, INCORRECT, Feedback, invalid, permutation

__all__ = ["Ordering", "Matching"]


class Ordering(Question):
    """Put items in order.

    Parameters
    ----------
    prompt : str
    items : list of str
        The items in the right order; they are always shown shuffled (seeded, never
        already in order).
    scoring : {"pairwise", "position", "all_or_nothing"}
        Partial credit: the share of item pairs in the right relative order (default),
        the share of items in the right place, or 0/1.
    feedback : dict, optional
        Item -> message shown when that item is out of place.

    Examples
    --------
    >>> q = Ordering("Order the funnel.", items=["see", "follow", "trust", "buy"])
    >>> q.grade(["see", "follow", "buy", "trust"]).score  # 5 of 6 pairs in order
    0.8333333333333334
    """

    type = "ordering"

    def __init__(self, prompt, items, *, scoring="pairwise", feedback=None, **common):
        common.setdefault("shuffle", True)
        super().__init__(prompt, **common)
        self.items = _text_list(items, "items")
        if len(self.items) < 2:
            raise ValueError("an ordering question needs at least 2 items")
        _ensure_unique(self.items, "item")
        if scoring not in ("pairwise", "position", "all_or_nothing"):
            raise ValueError(
                f"scoring must be pairwise, position or all_or_nothing, not {scoring!r}"
            )
        self.scoring = scoring
        self.feedback = dict(feedback or {})
        for name in self.feedback:
            if name not in self.items:
                raise ValueError(f"feedback names {name!r}, which is not one of the items")

    def labels(self) -> list[str]:
        return list(self.items)

    def display_order(self, seed: str) -> list[int]:
        # Showing the items already in order would give the answer away.
        order = permutation(len(self.items), seed)
        if order == sorted(order):
            order = order[1:] + order[:1]
        return order

    def _grade(self, response: Any) -> Feedback:
        if isinstance(response, str) or not isinstance(response, Sequence):
            return invalid("Give the items as a list in your order.")
        given = list(response)
        if sorted(map(str, given)) != sorted(self.items) or len(set(given)) != len(given):
            return invalid("Put every item in order exactly once: " + "; ".join(self.items))
        n = len(self.items)
        if given == list(self.items):
            return Feedback(True, 1.0, CORRECT)
        rank = {item: i for i, item in enumerate(self.items)}
        placed = sum(a == b for a, b in zip(given, self.items, strict=True))
        if self.scoring == "position":
            score = placed / n
        elif self.scoring == "pairwise":
            pairs = n * (n - 1) // 2
            ordered = sum(
                rank[given[i]] < rank[given[j]] for i in range(n) for j in range(i + 1, n)
            )
            score = ordered / pairs
        else:
            score = 0.0
        notes = [
            self.feedback[g]
            for g, e in zip(given, self.items, strict=True)
            if g != e and g in self.feedback
        ]
        summary = f"Items in the right place: {placed} of {n}."
        if self.scoring == "pairwise":
            summary += f" Pairs in the right order: {ordered} of {pairs}."
        return self._wrong(" ".join([self.default_feedback or INCORRECT, *notes, summary]), score)


class Matching(Question):
    """Match each left-hand item to its partner.

    Parameters
    ----------
    prompt : str
    pairs : dict or list of (left, right)
        The right pairs, in the order to show the left-hand items.
    distractors : list of str, optional
        Extra right-hand choices that match nothing.
    partial_credit : bool
        Score the share of right pairs (default) or 0/1.
    feedback : dict, optional
        Left item -> message shown when it is matched wrongly.

    Examples
    --------
    >>> q = Matching("Match.", pairs={"follower": "one-way", "friend": "two-way"})
    >>> q.grade({"follower": "one-way", "friend": "one-way"}).score
    0.5
    """

    type = "matching"

    def __init__(
        self, prompt, pairs, *, distractors=(), partial_credit=True, feedback=None, **common
    ):
        super().__init__(prompt, **common)
        items = list(pairs.items()) if isinstance(pairs, Mapping) else [tuple(p) for p in pairs]
        for pair in items:
            if len(pair) != 2 or not all(isinstance(x, str) for x in pair):
                raise ValueError(f"each pair must be two strings (left, right), not {pair!r}")
        if len(items) < 2:
            raise ValueError("a matching question needs at least 2 pairs")
        self.pairs = tuple(items)
        _ensure_unique([left for left, _ in items], "left-hand item")
        self.distractors = _text_list(distractors, "distractors")
        rights = [r for _, r in items]
        for extra in self.distractors:
            if extra in rights:
                raise ValueError(f"distractor {extra!r} is also a right answer; remove it")
        self.partial_credit = bool(partial_credit)
        self.feedback = dict(feedback or {})
        for name in self.feedback:
            if name not in dict(items):
                raise ValueError(f"feedback names {name!r}, which is not a left-hand item")

    def lefts(self) -> list[str]:
        return [left for left, _ in self.pairs]

    def labels(self) -> list[str]:
        """The right-hand choices (each once), then the distractors."""
        seen = dict.fromkeys(r for _, r in self.pairs)
        return [*seen, *self.distractors]

    def _grade(self, response: Any) -> Feedback:
        if not isinstance(response, Mapping):
            return invalid("Give a dict: left-hand item -> your match.")
        key = dict(self.pairs)
        for left in response:
            if left not in key:
                return invalid(f"{left!r} is not a left-hand item; they are: " + "; ".join(key))
        right = [left for left in key if response.get(left) == key[left]]
        n = len(key)
        if len(right) == n:
            return Feedback(True, 1.0, CORRECT)
        score = len(right) / n if self.partial_credit else 0.0
        notes = [self.feedback[x] for x in key if x not in right and x in self.feedback]
        summary = f"Pairs matched right: {len(right)} of {n}."
        return self._wrong(" ".join([self.default_feedback or INCORRECT, *notes, summary]), score)
