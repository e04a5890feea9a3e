"""Question types and their grading, in plain Python (no widgets).

Every question has ``grade(response) -> Feedback``. A *response* is what a learner gives:

- :class:`SingleChoice`: the chosen option's displayed text;
- :class:`MultiSelect`: a list of the chosen options' displayed texts;
- :class:`Numeric`: a number, or the string typed (``"22/7"``, ``"3.1e0"``, ``" 42 "``);
- :class:`FreeText`: the string typed;
- :class:`Ordering`: the list of items in the learner's order;
- :class:`Matching`: a dict ``left -> right``.

Grading never raises: a response that cannot be read (an unknown option, ``"abc"`` for a
number) gets a :class:`Feedback` with ``valid=False`` that says what to enter, and the
widgets do not count it as an attempt.

Partial credit (``Feedback.score``; ``correct`` is only true for a full answer):

- multi-select: ``max(0, (right picks - wrong picks) / number of correct options)``;
  ``partial_credit=False`` gives 0 or 1.
- ordering: ``scoring="pairwise"`` (default) is the share of item pairs in the right
  relative order; ``"position"`` is the share of items in the right place;
  ``"all_or_nothing"`` gives 0 or 1.
- matching: the share of left-hand items matched to the right partner
  (``partial_credit=False`` gives 0 or 1).
- single choice, numeric and text: 0 or 1.

Examples
--------
>>> q = SingleChoice("Which activity builds trust fastest?",
...                  options=["Posting daily", "Replying to each comment"],
...                  answer="Replying to each comment")
>>> q.grade("Replying to each comment").correct
True
>>> Numeric("Half of 7?", answer=3.5).grade("7/2").score
1.0
"""

from __future__ import annotations

from kit.quiz.arrange import Matching, Ordering
from kit.quiz.base import Question
from kit.quiz.choice import MultiSelect, Option, SingleChoice
from kit.quiz.grading import (  # noqa: F401 - CORRECT, INCORRECT, levenshtein: re-exported
    CORRECT,
    INCORRECT,
    Feedback,
    levenshtein,
    parse_number,
    permutation,
    similarity,
    to_precision,
)
from kit.quiz.numeric import Numeric, NumericAnswer
from kit.quiz.text import FreeText, TextAnswer

__all__ = [
    "Feedback",
    "Option",
    "NumericAnswer",
    "TextAnswer",
    "Question",
    "SingleChoice",
    "MultiSelect",
    "Numeric",
    "FreeText",
    "Ordering",
    "Matching",
    "parse_number",
    "to_precision",
    "similarity",
    "permutation",
]


#: YAML ``type`` -> class: every question type, in the order the docs list them. A new type
#: is registered here (see CONTRIBUTING.md, "Adding a question type").
TYPES: dict[str, type[Question]] = {
    cls.type: cls for cls in (SingleChoice, MultiSelect, Numeric, FreeText, Ordering, Matching)
}
