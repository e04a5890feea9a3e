"""A valid bank described as a test: what ``kit quiz check`` prints under each file.

:func:`profile` counts a bank's Bloom levels and the earlier banks it revisits, and measures
whether the length of a single-choice question's options gives the right one away
(:func:`length_cue`): in many hand-written banks the right answer is the longest, most
careful option, and a learner who always picks the longest one scores well without reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kit.quiz.checking import Bank
from kit.quiz.schema import BLOOM_LEVELS

__all__ = ["BankProfile", "LENGTH_CUE_MIN_CHARS", "LENGTH_CUE_RATIO", "length_cue", "profile"]

#: A single-choice item's right answer gives itself away by its length when it is at least
#: this many times as long as the longest wrong option ...
LENGTH_CUE_RATIO = 1.2
#: ... and longer by at least this many characters (so "12" against "9" is no cue).
LENGTH_CUE_MIN_CHARS = 5

_HIGHER = BLOOM_LEVELS[2:]  # apply and above


@dataclass(frozen=True)
class BankProfile:
    """A bank described as a test: :func:`profile` makes one, ``lines()`` prints it.

    Attributes
    ----------
    bank_id : str
    n_questions : int
    bloom : dict
        Level -> number of questions, in taxonomy order (untagged ones are not counted).
    untagged : tuple of str
        Ids of questions with no Bloom level.
    revisits : dict
        Earlier bank id -> number of questions that ask its ideas again.
    n_single : int
        Single-choice questions.
    right_longest : int
        Single-choice questions whose right answer is strictly the longest option.
    right_shortest : int
        ... strictly the shortest option.
    mean_right, mean_wrong : float
        Mean length in characters of right and of wrong options (single choice).
    cues : tuple of (str, int, int)
        ``(question id, right length, longest wrong length)`` for each item whose right
        answer gives itself away by length (:func:`length_cue`).
    n_distractors : int
        Wrong options of choice questions.
    untagged_distractors : int
        ... of which name no misconception.
    """

    bank_id: str
    n_questions: int
    bloom: Mapping[str, int]
    untagged: tuple[str, ...]
    revisits: Mapping[str, int]
    n_single: int
    right_longest: int
    right_shortest: int
    mean_right: float
    mean_wrong: float
    cues: tuple[tuple[str, int, int], ...]
    n_distractors: int
    untagged_distractors: int

    @property
    def higher_order(self) -> int:
        """Questions at Apply or above."""
        return sum(self.bloom.get(level, 0) for level in _HIGHER)

    def lines(self) -> list[str]:
        """The summary ``kit quiz check`` prints under a valid bank: notes, then warnings."""
        n = self.n_questions
        out = []
        if self.bloom:
            levels = ", ".join(f"{level} {count}" for level, count in self.bloom.items())
            out.append(
                f"Bloom: {levels}; {self.higher_order} of {n} "
                f"({self.higher_order / n:.0%}) at apply or above"
            )
        if self.revisits:
            banks = ", ".join(f"{b} ({k})" for b, k in sorted(self.revisits.items()))
            out.append(f"revisits earlier banks: {banks}")
        if self.n_single:
            out.append(
                f"answer length, {self.n_single} single-choice: the right answer is the longest "
                f"option in {self.right_longest}, the shortest in {self.right_shortest}; "
                f"right answers average {self.mean_right:.0f} characters, wrong ones "
                f"{self.mean_wrong:.0f}"
            )
        if self.n_distractors and self.untagged_distractors < self.n_distractors:
            named = self.n_distractors - self.untagged_distractors
            out.append(
                f"misconceptions: {named} of {self.n_distractors} wrong options of choice "
                "questions name the misconception they stand for"
            )
        if self.untagged:
            out.append(
                f"warning: {len(self.untagged)} of {n} questions have no Bloom level "
                f"(add 'bloom:'): {', '.join(self.untagged)}"
            )
        for qid, right, wrong in self.cues:
            out.append(
                f"warning: question '{qid}': the right answer ({right} characters) is "
                f"{right / wrong - 1:.0%} longer than any other option ({wrong}); learners "
                "can pick it by its length"
            )
        return out


def length_cue(labels: list[str], right: int) -> tuple[int, int] | None:
    """``(right length, longest wrong length)`` if the right option gives itself away.

    It does when it is at least :data:`LENGTH_CUE_RATIO` times as long as every other option
    and longer by at least :data:`LENGTH_CUE_MIN_CHARS` characters (lengths after folding
    runs of spaces).

    Examples
    --------
    >>> length_cue(["Because ties compound through referrals over many weeks", "Luck"], 0)
    (55, 4)
    >>> length_cue(["Fewer customers", "More customers"], 0) is None
    True
    """
    sizes = [len(" ".join(label.split())) for label in labels]
    others = max((n for i, n in enumerate(sizes) if i != right), default=0)
    ok = others and sizes[right] >= LENGTH_CUE_RATIO * others
    if ok and sizes[right] - others >= LENGTH_CUE_MIN_CHARS:
        return sizes[right], others
    return None


def profile(bank: Bank) -> BankProfile:
    """Describe a bank as a test: Bloom levels, revisits, answer-length cues.

    Examples
    --------
    >>> from kit.quiz import load_bank
    >>> p = profile(load_bank("example"))
    >>> p.n_questions == sum(p.bloom.values()), p.cues
    (True, ())
    """
    bloom = dict.fromkeys(BLOOM_LEVELS, 0)
    untagged, revisits = [], {}
    n_single = longest = shortest = 0
    right_sizes, wrong_sizes, cues = [], [], []
    n_distractors = untagged_distractors = 0
    for q in bank:
        info = bank.info(q.id)
        if info.bloom in bloom:
            bloom[info.bloom] += 1
        else:
            untagged.append(q.id)
        for earlier in info.revisits:
            revisits[earlier] = revisits.get(earlier, 0) + 1
        if q.type in ("single", "multi"):
            n_distractors += sum(not o.correct for o in q.options)
            untagged_distractors += sum(
                not o.correct and o.label not in info.misconceptions for o in q.options
            )
        if q.type != "single":
            continue
        labels = q.labels()
        right = next(i for i, o in enumerate(q.options) if o.correct)
        sizes = [len(" ".join(label.split())) for label in labels]
        others = [n for i, n in enumerate(sizes) if i != right]
        n_single += 1
        longest += sizes[right] > max(others)
        shortest += sizes[right] < min(others)
        right_sizes.append(sizes[right])
        wrong_sizes += others
        cue = length_cue(labels, right)
        if cue:
            cues.append((q.id, *cue))
    return BankProfile(
        bank_id=bank.id,
        n_questions=len(bank),
        bloom=bloom if len(untagged) < len(bank) else {},
        untagged=tuple(untagged),
        revisits=revisits,
        n_single=n_single,
        right_longest=longest,
        right_shortest=shortest,
        mean_right=sum(right_sizes) / len(right_sizes) if right_sizes else 0.0,
        mean_wrong=sum(wrong_sizes) / len(wrong_sizes) if wrong_sizes else 0.0,
        cues=tuple(cues),
        n_distractors=n_distractors,
        untagged_distractors=untagged_distractors,
    )
