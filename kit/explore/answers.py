"""The pure side of predict-then-reveal (:mod:`kit.explore.predict` draws it): no widgets.

What a question asks for (:func:`answer_of`: the last week's value, the crossover week,
the peak week or any function of the run), the guesses it accepts by default
(:func:`default_range`), how a number is said and read back (:func:`say_number`,
:func:`read_guess`), and the run a question is about (:func:`run_question`).

Examples
--------
>>> from kit import sim
>>> frame = run_question(sim.Scenario(population=2_000, weeks=60, seed=3),
...     ("broadcast", "relationship"))
>>> default_range(frame, "customers", "crossover", sim.Scenario(weeks=60))
(1.0, 60.0)
>>> say_number(1234.0), say_number(0.4567), read_guess("22/7") == 22 / 7, read_guess("x")
('1,234', '0.457', True, None)
>>> read_guess("1,500"), read_guess("20 000"), read_guess("12%")
(1500.0, 20000.0, 12.0)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kit import sim
from kit.sim.analysis import by_strategy
from kit.sim.cost import check_interactive
from kit.sim.labels import say_number
from kit.sim.outputs import OUTPUTS

__all__ = [
    "ANSWERS",
    "answer_of",
    "default_range",
    "fields_of",
    "read_guess",
    "run_question",
    "say_number",
]

ANSWERS = ("final", "crossover", "peak_week")

#: Outputs that count people (or sales to people): a guess lies between 0 and the population.
_COUNTS = frozenset(name for name, o in OUTPUTS.items() if o.unit == "people")


def answer_of(
    frame: pd.DataFrame, metric: str, answer: str | Callable[[pd.DataFrame], float]
) -> float:
    if callable(answer):
        return float(answer(frame))
    frames = by_strategy(frame, [metric])
    if answer == "final":
        if len(frames) != 1:
            raise ValueError(
                "answer: 'final' needs a single strategy; with several, pass a function "
                "such as lambda df: df[df.strategy == 'relationship'].customers.iloc[-1]"
            )
        return float(next(iter(frames.values()))[metric].iloc[-1])
    if answer == "peak_week":
        if len(frames) != 1:
            raise ValueError("answer: 'peak_week' needs a single strategy")
        f = next(iter(frames.values()))
        return float(f["week"].iloc[int(np.nanargmax(f[metric].to_numpy(dtype=float)))])
    if answer == "crossover":
        if len(frames) != 2:
            raise ValueError(
                f"answer: 'crossover' needs exactly two strategies, not {list(frames)}"
            )
        from kit.sim import crossover

        week = crossover(frame, metric)
        if week is None:
            raise ValueError(
                "answer: in this scenario neither strategy overtakes the other on "
                f"{metric!r}; change the settings (more weeks, another seed or metric)"
            )
        return float(week)
    raise ValueError(f"answer: {answer!r} is not known; choose one of {ANSWERS} or a function")


def default_range(
    frame: pd.DataFrame, metric: str, kind: str, scenario: sim.Scenario
) -> tuple[float | None, float | None]:
    if kind in ("crossover", "peak_week"):
        weeks = frame["week"]
        return float(weeks.min()), float(weeks.max())
    if kind == "custom":
        return None, None
    if metric in _COUNTS:
        return 0.0, float(scenario.population)
    if metric == "mean_trust":
        return 0.0, 1.0
    return 0.0, None


def read_guess(value: Any) -> float | None:
    """A response as a float, or None if it cannot be read."""
    from kit.quiz.questions import parse_number

    try:
        return parse_number(value)
    except (TypeError, ValueError):
        return None


def run_question(scenario: sim.Scenario, strategies: Sequence[Any] | None) -> pd.DataFrame:
    """The run a prediction reveals; a scenario too large to run while a learner waits is
    refused first, in a sentence (:func:`kit.sim.cost.check_interactive`)."""
    check_interactive(scenario)
    if strategies is not None:
        return sim.compare(list(strategies), **fields_of(scenario))
    return sim.simulate(scenario)


def fields_of(scenario: sim.Scenario) -> dict[str, Any]:
    """Every field of a scenario except its strategy (to apply to other strategies)."""
    return {
        f.name: getattr(scenario, f.name)
        for f in dataclasses.fields(scenario)
        if f.name != "strategy" and getattr(scenario, f.name) is not None
    }
